#include <gtest/gtest.h>

#include "service/auth_service.hpp"

namespace tertulia::service {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

Timestamp At(int minute) { return Timestamp{} + minutes(minute) + std::chrono::hours(24 * 365); }

AuthConfig Limits() {
  AuthConfig config;
  config.max_failures_per_account = 3;
  config.max_failures_per_ip = 5;
  config.failure_window = minutes(15);
  return config;
}

TEST(LoginThrottleTest, BlocksAnAccountAfterItsLimitUntilTheOldestFailureLeavesTheWindow) {
  LoginThrottle throttle(Limits());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(throttle.RetryAfter("ana", "10.0.0.1", At(i)), seconds(0));
    throttle.RecordFailure("ana", "10.0.0.1", At(i));
  }
  EXPECT_EQ(throttle.RetryAfter("ana", "10.0.0.9", At(3)), minutes(12));
  EXPECT_EQ(throttle.RetryAfter("eva", "10.0.0.9", At(3)), seconds(0));
  EXPECT_EQ(throttle.RetryAfter("ana", "10.0.0.9", At(15)), seconds(0));
}

TEST(LoginThrottleTest, BlocksAnAddressSprayingManyAccounts) {
  LoginThrottle throttle(Limits());
  for (int i = 0; i < 5; ++i) throttle.RecordFailure("user" + std::to_string(i), "10.0.0.1", At(0));
  EXPECT_GT(throttle.RetryAfter("someone", "10.0.0.1", At(1)), seconds(0));
  EXPECT_EQ(throttle.RetryAfter("someone", "10.0.0.2", At(1)), seconds(0));
}

TEST(LoginThrottleTest, ASuccessClearsTheAccountButNotTheAddress) {
  LoginThrottle throttle(Limits());
  for (int i = 0; i < 2; ++i) throttle.RecordFailure("ana", "10.0.0.1", At(0));
  throttle.RecordSuccess("ana");
  throttle.RecordFailure("ana", "10.0.0.1", At(1));
  throttle.RecordFailure("ana", "10.0.0.1", At(1));
  EXPECT_EQ(throttle.RetryAfter("ana", "10.0.0.2", At(2)), seconds(0));
}

}  // namespace
}  // namespace tertulia::service
