#include "core/id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace tertulia {
namespace {

TEST(IdTest, EncodesTimeAndSortsByIt) {
  FakeClock clock(FromUnixMillis(1'700'000'000'000));
  IdGenerator ids(clock);
  std::string first = ids.Next();
  clock.Advance(std::chrono::milliseconds(1));
  std::string second = ids.Next();
  EXPECT_TRUE(IsValidId(first));
  EXPECT_EQ(first.size(), 26u);
  EXPECT_LT(first, second);
  EXPECT_EQ(IdTime(first), FromUnixMillis(1'700'000'000'000));
  EXPECT_EQ(IdTime(second), FromUnixMillis(1'700'000'000'001));
}

TEST(IdTest, IsMonotonicWithinOneMillisecond) {
  FakeClock clock(FromUnixMillis(1'700'000'000'000));
  IdGenerator ids(clock);
  std::string previous = ids.Next();
  for (int i = 0; i < 10'000; ++i) {
    std::string next = ids.Next();
    ASSERT_LT(previous, next);
    previous = next;
  }
}

TEST(IdTest, NewIdIsUniqueAcrossThreads) {
  std::vector<std::vector<std::string>> made(4);
  std::vector<std::thread> threads;
  for (auto& out : made) {
    threads.emplace_back([&out] {
      for (int i = 0; i < 5'000; ++i) out.push_back(NewId());
    });
  }
  for (auto& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& out : made) all.insert(out.begin(), out.end());
  EXPECT_EQ(all.size(), 20'000u);
}

TEST(IdTest, RejectsMalformedIds) {
  EXPECT_FALSE(IsValidId(""));
  EXPECT_FALSE(IsValidId("01JD3Q5Z4XKQ8W2N6M9R0T7V5"));   // 25 characters
  EXPECT_FALSE(IsValidId("01JD3Q5Z4XKQ8W2N6M9R0T7V5I"));  // I is not Crockford
  EXPECT_FALSE(IsValidId("81JD3Q5Z4XKQ8W2N6M9R0T7V5B"));  // time overflows 48 bits
  EXPECT_FALSE(IsValidId("01jd3q5z4xkq8w2n6m9r0t7v5b"));  // lower case
  EXPECT_TRUE(IsValidId("01JD3Q5Z4XKQ8W2N6M9R0T7V5B"));
}

}  // namespace
}  // namespace tertulia
