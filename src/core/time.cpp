#include "core/time.hpp"

#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace tertulia {
namespace {

// A cursor over the text being parsed; every read fails softly.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  bool Consume(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  bool ConsumeAny(std::string_view chars) {
    if (AtEnd() || chars.find(Peek()) == std::string_view::npos) return false;
    ++pos_;
    return true;
  }
  // Reads exactly `digits` decimal digits.
  std::optional<int> Digits(int digits) {
    if (pos_ + static_cast<size_t>(digits) > text_.size()) return std::nullopt;
    int value = 0;
    for (int i = 0; i < digits; ++i) {
      char c = text_[pos_ + static_cast<size_t>(i)];
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    pos_ += static_cast<size_t>(digits);
    return value;
  }
  // Reads one or more digits as a fraction of a second, in milliseconds (truncated).
  std::optional<int> FractionMillis() {
    int millis = 0;
    int seen = 0;
    while (!AtEnd() && Peek() >= '0' && Peek() <= '9') {
      if (seen < 3) millis = millis * 10 + (Peek() - '0');
      ++seen;
      ++pos_;
    }
    if (seen == 0) return std::nullopt;
    for (int i = seen; i < 3; ++i) millis *= 10;
    return millis;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::optional<Date> ScanDate(Scanner& in) {
  auto year = in.Digits(4);
  if (!year || !in.Consume('-')) return std::nullopt;
  auto month = in.Digits(2);
  if (!month || !in.Consume('-')) return std::nullopt;
  auto day = in.Digits(2);
  if (!day) return std::nullopt;
  Date date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  return date;
}

// Reads "Z", "+hh:mm", "-hh:mm", "+hhmm" or "+hh"; returns the offset east of UTC.
std::optional<std::chrono::minutes> ScanZone(Scanner& in) {
  if (in.ConsumeAny("Zz")) return std::chrono::minutes{0};
  int sign = 0;
  if (in.Consume('+'))
    sign = 1;
  else if (in.Consume('-'))
    sign = -1;
  else
    return std::nullopt;
  auto hours = in.Digits(2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (!in.AtEnd()) {
    in.Consume(':');
    auto mm = in.Digits(2);
    if (!mm || *mm > 59) return std::nullopt;
    minutes = *mm;
  }
  return std::chrono::minutes{sign * (*hours * 60 + minutes)};
}

Error BadTimestamp(std::string_view text, std::string_view why) {
  return Error::InvalidArgument(
      fmt::format("'{}' is not an ISO 8601 date-time with a zone ({})", text, why));
}

}  // namespace

Result<Timestamp> ParseIso8601(std::string_view text) {
  using namespace std::chrono;
  Scanner in(text);
  auto date = ScanDate(in);
  if (!date) return BadTimestamp(text, "expected YYYY-MM-DD");
  if (!in.ConsumeAny("Tt ")) return BadTimestamp(text, "expected 'T' after the date");
  auto hour = in.Digits(2);
  if (!hour || !in.Consume(':')) return BadTimestamp(text, "expected hh:mm");
  auto minute = in.Digits(2);
  if (!minute) return BadTimestamp(text, "expected hh:mm");
  int second = 0;
  int millis = 0;
  if (in.Consume(':')) {
    auto s = in.Digits(2);
    if (!s) return BadTimestamp(text, "expected two-digit seconds");
    second = *s;
    if (in.ConsumeAny(".,")) {
      auto fraction = in.FractionMillis();
      if (!fraction) return BadTimestamp(text, "expected digits after the decimal point");
      millis = *fraction;
    }
  }
  if (*hour > 23 || *minute > 59 || second > 60) return BadTimestamp(text, "time out of range");
  if (in.AtEnd()) return BadTimestamp(text, "missing time zone, e.g. 'Z' or '+01:00'");
  auto zone = ScanZone(in);
  if (!zone || !in.AtEnd()) return BadTimestamp(text, "bad time zone");
  // A leap second (:60) is folded into the next second, as most systems do.
  auto local =
      sys_days{*date} + hours{*hour} + minutes{*minute} + seconds{second} + milliseconds{millis};
  return Timestamp{local - *zone};
}

std::string FormatIso8601(Timestamp t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<milliseconds> tod{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count(),
                     tod.subseconds().count());
}

std::string FormatHttpDate(Timestamp t) {
  using namespace std::chrono;
  static constexpr std::string_view kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss<seconds> tod{floor<seconds>(t - day)};
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT", kDays[weekday{day}.c_encoding()],
                     static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     tod.hours().count(), tod.minutes().count(), tod.seconds().count());
}

Result<Date> ParseDate(std::string_view text) {
  Scanner in(text);
  auto date = ScanDate(in);
  if (!date || !in.AtEnd()) {
    return Error::InvalidArgument(fmt::format("'{}' is not a date (YYYY-MM-DD)", text));
  }
  return *date;
}

std::string FormatDate(Date d) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                     static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  int64_t amount = 0;
  auto [rest, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  std::string_view unit(rest, static_cast<size_t>(text.data() + text.size() - rest));
  if (ec != std::errc{} || rest == text.data() || amount < 0) {
    return Error::InvalidArgument(fmt::format("'{}' is not a duration such as 30s or 500ms", text));
  }
  using std::chrono::milliseconds;
  if (unit == "ms") return milliseconds{amount};
  if (unit == "s") return milliseconds{amount * 1000};
  if (unit == "m") return milliseconds{amount * 60'000};
  if (unit == "h") return milliseconds{amount * 3'600'000};
  if (unit == "d") return milliseconds{amount * 86'400'000};
  return Error::InvalidArgument(
      fmt::format("'{}' has no unit; use ms, s, m, h or d (e.g. 30s)", text));
}

std::string FormatDuration(std::chrono::milliseconds d) {
  auto ms = d.count();
  if (ms % 86'400'000 == 0 && ms != 0) return fmt::format("{}d", ms / 86'400'000);
  if (ms % 3'600'000 == 0 && ms != 0) return fmt::format("{}h", ms / 3'600'000);
  if (ms % 60'000 == 0 && ms != 0) return fmt::format("{}m", ms / 60'000);
  if (ms % 1000 == 0) return fmt::format("{}s", ms / 1000);
  return fmt::format("{}ms", ms);
}

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

Timestamp FakeClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}
void FakeClock::Set(Timestamp t) {
  std::lock_guard lock(mu_);
  now_ = t;
}
void FakeClock::Advance(std::chrono::milliseconds by) {
  std::lock_guard lock(mu_);
  now_ += by;
}

}  // namespace tertulia
