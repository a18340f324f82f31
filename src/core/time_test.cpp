#include "core/time.hpp"

#include <gtest/gtest.h>

namespace tertulia {
namespace {

int64_t Millis(std::string_view text) {
  auto parsed = ParseIso8601(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message());
  return parsed.ok() ? ToUnixMillis(*parsed) : -1;
}

TEST(TimeTest, ParsesZonesAndFractions) {
  EXPECT_EQ(Millis("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Millis("2026-11-23T15:39:23.123Z"), 1'795'448'363'123);
  EXPECT_EQ(Millis("2026-11-23T16:39:23.123+01:00"), 1'795'448'363'123);
  EXPECT_EQ(Millis("2026-11-23T12:39:23.123-0300"), 1'795'448'363'123);
  EXPECT_EQ(Millis("2026-11-23 15:39:23.123456z"), 1'795'448'363'123);
  EXPECT_EQ(Millis("2026-11-23T15:39Z"), 1'795'448'340'000);
  EXPECT_EQ(Millis("2026-11-23T15:39:23.1Z"), 1'795'448'363'100);
}

TEST(TimeTest, RefusesTimesWithoutZoneOrOutOfRange) {
  EXPECT_FALSE(ParseIso8601("2026-11-23T15:39:23").ok());
  EXPECT_FALSE(ParseIso8601("2026-02-30T00:00:00Z").ok());
  EXPECT_FALSE(ParseIso8601("2026-11-23T24:00:00Z").ok());
  EXPECT_FALSE(ParseIso8601("2026-11-23").ok());
  EXPECT_FALSE(ParseIso8601("yesterday").ok());
  EXPECT_FALSE(ParseIso8601("2026-11-23T15:39:23Z trailing").ok());
  EXPECT_NE(ParseIso8601("2026-11-23T15:39:23").error().message().find("zone"), std::string::npos);
}

TEST(TimeTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIso8601(FromUnixMillis(1'795'448'363'123)), "2026-11-23T15:39:23.123Z");
  EXPECT_EQ(FormatIso8601(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
  auto t = FromUnixMillis(951'782'400'007);  // 2000-02-29, a leap day
  EXPECT_EQ(*ParseIso8601(FormatIso8601(t)), t);
}

TEST(TimeTest, FormatsHttpDates) {
  EXPECT_EQ(FormatHttpDate(FromUnixMillis(1'795'448'363'999)), "Mon, 23 Nov 2026 15:39:23 GMT");
  EXPECT_EQ(FormatHttpDate(FromUnixMillis(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(TimeTest, Dates) {
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-29")), "2024-02-29");
  EXPECT_FALSE(ParseDate("2023-02-29").ok());
  EXPECT_FALSE(ParseDate("2023-2-1").ok());
}

TEST(TimeTest, Durations) {
  EXPECT_EQ(ParseDuration("250ms")->count(), 250);
  EXPECT_EQ(ParseDuration("30s")->count(), 30'000);
  EXPECT_EQ(ParseDuration("2h")->count(), 7'200'000);
  EXPECT_FALSE(ParseDuration("30").ok());
  EXPECT_FALSE(ParseDuration("-1s").ok());
  EXPECT_FALSE(ParseDuration("s").ok());
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(90'000)), "90s");
  EXPECT_EQ(FormatDuration(std::chrono::milliseconds(120'000)), "2m");
}

TEST(TimeTest, FakeClockMovesOnlyWhenTold) {
  FakeClock clock(FromUnixMillis(1000));
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1000);
  clock.Advance(std::chrono::milliseconds(5));
  EXPECT_EQ(ToUnixMillis(clock.Now()), 1005);
}

}  // namespace
}  // namespace tertulia
