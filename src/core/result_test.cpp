#include "core/result.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tertulia {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return Error::InvalidArgument("odd");
  return n / 2;
}

Result<int> Quarter(int n) {
  TT_ASSIGN_OR_RETURN(int half, Half(n));
  TT_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

Status CheckEven(int n) {
  TT_RETURN_IF_ERROR(Half(n));
  return OkStatus();
}

TEST(ResultTest, HoldsValueOrError) {
  Result<int> good = Half(8);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 4);
  Result<int> bad = Half(3);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.value_or(-1), -1);
}

TEST(ResultTest, MacrosPropagateTheFirstError) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());  // 6/2 = 3 is odd
  EXPECT_TRUE(CheckEven(2).ok());
  EXPECT_EQ(CheckEven(1).error().message(), "odd");
}

TEST(ResultTest, MovesOnlyTypes) {
  Result<std::unique_ptr<std::string>> made = std::make_unique<std::string>("x");
  std::unique_ptr<std::string> taken = std::move(made).value();
  EXPECT_EQ(*taken, "x");
}

struct Base {
  virtual ~Base() = default;
};
struct Derived : Base {};

TEST(ResultTest, ConvertsBetweenCompatibleTypes) {
  Result<std::unique_ptr<Derived>> derived = std::make_unique<Derived>();
  Result<std::unique_ptr<Base>> base = std::move(derived);
  EXPECT_TRUE(base.ok());
  Result<std::unique_ptr<Derived>> failed = Error::NotFound("gone");
  Result<std::unique_ptr<Base>> failed_base = std::move(failed);
  EXPECT_EQ(failed_base.error().code(), ErrorCode::kNotFound);
}

TEST(ErrorTest, NamesAndFields) {
  Error e = Error::InvalidField("emails[0]", "not an e-mail address");
  EXPECT_EQ(ErrorCodeName(e.code()), "invalid_argument");
  ASSERT_EQ(e.fields().size(), 1u);
  EXPECT_EQ(e.fields()[0].field, "emails[0]");
  EXPECT_EQ(Error::Internal("disk on fire").message(), "internal error");
  EXPECT_NE(Error::Internal("disk on fire").ToString().find("disk on fire"), std::string::npos);
}

}  // namespace
}  // namespace tertulia
