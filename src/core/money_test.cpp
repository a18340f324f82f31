#include "core/money.hpp"

#include <gtest/gtest.h>

namespace tertulia {
namespace {

Currency Cur(std::string_view code) { return *Currency::FromCode(code); }

TEST(MoneyTest, KnowsMinorUnitsPerCurrency) {
  EXPECT_EQ(Cur("EUR").minor_digits(), 2);
  EXPECT_EQ(Cur("JPY").minor_digits(), 0);
  EXPECT_EQ(Cur("KWD").minor_digits(), 3);
  EXPECT_EQ(Cur("CLF").minor_digits(), 4);
  EXPECT_FALSE(Currency::FromCode("eur").ok());
  EXPECT_FALSE(Currency::FromCode("XYZ").ok());
  EXPECT_FALSE(Currency::FromCode("EURO").ok());
}

TEST(MoneyTest, ParsesAndFormatsDecimals) {
  EXPECT_EQ(Money::FromDecimal("1234.5", Cur("EUR"))->minor, 123450);
  EXPECT_EQ(Money::FromDecimal("-0.07", Cur("EUR"))->minor, -7);
  EXPECT_EQ(Money::FromDecimal("1500", Cur("JPY"))->minor, 1500);
  EXPECT_EQ(Money::FromDecimal("1.234", Cur("KWD"))->minor, 1234);
  EXPECT_EQ((Money{123450, Cur("EUR")}.ToDecimal()), "1234.50");
  EXPECT_EQ((Money{-7, Cur("EUR")}.ToDecimal()), "-0.07");
  EXPECT_EQ((Money{1500, Cur("JPY")}.ToDecimal()), "1500");
  EXPECT_EQ((Money{1234, Cur("KWD")}.ToDecimal()), "1.234");
}

TEST(MoneyTest, RejectsBadDecimals) {
  EXPECT_FALSE(Money::FromDecimal("1.234", Cur("EUR")).ok());  // too many decimals
  EXPECT_FALSE(Money::FromDecimal("1.5", Cur("JPY")).ok());
  EXPECT_FALSE(Money::FromDecimal("", Cur("EUR")).ok());
  EXPECT_FALSE(Money::FromDecimal("12.", Cur("EUR")).ok());
  EXPECT_FALSE(Money::FromDecimal("1e5", Cur("EUR")).ok());
  EXPECT_FALSE(Money::FromDecimal("99999999999999999999", Cur("EUR")).ok());
}

TEST(MoneyTest, AddsOnlyTheSameCurrency) {
  Money a{150, Cur("EUR")};
  EXPECT_EQ(a.Plus(Money{250, Cur("EUR")})->minor, 400);
  EXPECT_FALSE(a.Plus(Money{250, Cur("USD")}).ok());
  Money huge{8'999'999'999'999'999, Cur("EUR")};
  EXPECT_FALSE(huge.Plus(huge).ok());
}

TEST(MoneyTest, ScalesWithHalfAwayFromZeroRounding) {
  EXPECT_EQ(ScaleRounded(100, 1, 3), 33);
  EXPECT_EQ(ScaleRounded(5, 1, 2), 3);
  EXPECT_EQ(ScaleRounded(-5, 1, 2), -3);
  EXPECT_EQ(ScaleRounded(1'000'000, 108'500, 100'000), 1'085'000);
}

}  // namespace
}  // namespace tertulia
