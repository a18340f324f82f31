#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tertulia {

// A point in time, UTC, with millisecond precision (what JSON clients and Segment send).
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;
// A calendar date without a time or zone (an expected close date, a birthday).
using Date = std::chrono::year_month_day;

// Milliseconds since the Unix epoch: how timestamps are stored.
inline int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromUnixMillis(int64_t ms) { return Timestamp{std::chrono::milliseconds{ms}}; }

// Parses ISO 8601 / RFC 3339 date-times that carry a zone: "2026-11-23T15:39:23Z",
// "2026-11-23T16:39:23.123+01:00", "2026-11-23 15:39:23.5-0300". Fractions beyond milliseconds
// are truncated. A date-time without a zone is refused: on the wire every time has one.
Result<Timestamp> ParseIso8601(std::string_view text);

// "2026-11-23T15:39:23.123Z": always UTC, always milliseconds.
std::string FormatIso8601(Timestamp t);

// "Mon, 23 Nov 2026 15:39:23 GMT" (RFC 9110 HTTP-date, for Last-Modified and Date headers).
std::string FormatHttpDate(Timestamp t);

// "2026-11-23" <-> Date. Refuses impossible dates such as 2026-02-30.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);

// Parses "250ms", "30s", "5m", "2h", "7d" (used by configuration).
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);
std::string FormatDuration(std::chrono::milliseconds d);

// The source of "now". Code that needs the time takes a Clock& so that tests can use FakeClock.
// Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override;
  void Set(Timestamp t);
  void Advance(std::chrono::milliseconds by);

 private:
  mutable std::mutex mu_;
  Timestamp now_;
};

}  // namespace tertulia
