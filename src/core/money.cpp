#include "core/money.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

namespace tertulia {
namespace {

struct CurrencyInfo {
  std::string_view code;
  int minor_digits;
};

// Active ISO 4217 codes (list of 2024) with their minor units. Sorted for binary search.
constexpr std::array kCurrencies = std::to_array<CurrencyInfo>({
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
    {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
    {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
    {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4},
    {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
    {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
    {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2},
    {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2},
    {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2},
    {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
    {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2},
    {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XOF", 0},
    {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2}, {"ZWL", 2},
});

__extension__ typedef __int128 Int128;  // -Wpedantic: a GCC extension, on purpose

constexpr int64_t kMaxMinor = 9'000'000'000'000'000;

}  // namespace

Currency::Currency(std::string_view code, int minor_digits) : minor_digits_(minor_digits) {
  std::copy_n(code.data(), 3, code_);
}

Result<Currency> Currency::FromCode(std::string_view code) {
  auto it =
      std::lower_bound(kCurrencies.begin(), kCurrencies.end(), code,
                       [](const CurrencyInfo& info, std::string_view c) { return info.code < c; });
  if (code.size() != 3 || it == kCurrencies.end() || it->code != code) {
    return Error::InvalidArgument(
        fmt::format("'{}' is not an ISO 4217 currency code such as EUR or USD", code));
  }
  return Currency(it->code, it->minor_digits);
}

int64_t Currency::minor_per_major() const {
  int64_t scale = 1;
  for (int i = 0; i < minor_digits_; ++i) scale *= 10;
  return scale;
}

Result<Money> Money::FromDecimal(std::string_view amount, Currency currency) {
  auto bad = [&](std::string_view why) {
    return Error::InvalidArgument(
        fmt::format("'{}' is not an amount of {}: {}", amount, currency.code(), why));
  };
  std::string_view text = amount;
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty()) return bad("empty");
  auto dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && fraction.empty())) {
    return bad("expected digits such as 12.50");
  }
  if (static_cast<int>(fraction.size()) > currency.minor_digits()) {
    return bad(fmt::format("at most {} decimals", currency.minor_digits()));
  }
  int64_t minor = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return bad("expected digits such as 12.50");
    if (minor > kMaxMinor / 10) return bad("too large");
    minor = minor * 10 + (c - '0');
  }
  int digits = currency.minor_digits();
  for (int i = 0; i < digits; ++i) {
    int digit = 0;
    if (static_cast<size_t>(i) < fraction.size()) {
      char c = fraction[static_cast<size_t>(i)];
      if (c < '0' || c > '9') return bad("expected digits such as 12.50");
      digit = c - '0';
    }
    if (minor > kMaxMinor / 10) return bad("too large");
    minor = minor * 10 + digit;
  }
  if (minor > kMaxMinor) return bad("too large");
  return Money{negative ? -minor : minor, currency};
}

std::string Money::ToDecimal() const {
  int digits = currency.minor_digits();
  uint64_t magnitude = minor < 0 ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  const char* sign = minor < 0 ? "-" : "";
  if (digits == 0) return fmt::format("{}{}", sign, magnitude);
  auto scale = static_cast<uint64_t>(currency.minor_per_major());
  return fmt::format("{}{}.{:0{}}", sign, magnitude / scale, magnitude % scale, digits);
}

Result<Money> Money::Plus(const Money& other) const {
  if (!(currency == other.currency)) {
    return Error::InvalidArgument(
        fmt::format("cannot add {} to {}", other.currency.code(), currency.code()));
  }
  int64_t sum = 0;
  if (__builtin_add_overflow(minor, other.minor, &sum) || sum > kMaxMinor || sum < -kMaxMinor) {
    return Error::InvalidArgument("amount too large");
  }
  return Money{sum, currency};
}

int64_t ScaleRounded(int64_t minor, int64_t numerator, int64_t denominator) {
  Int128 product = static_cast<Int128>(minor) * numerator;
  Int128 half = denominator / 2;
  Int128 rounded = product >= 0 ? (product + half) / denominator : (product - half) / denominator;
  if (rounded > std::numeric_limits<int64_t>::max()) return std::numeric_limits<int64_t>::max();
  if (rounded < std::numeric_limits<int64_t>::min()) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(rounded);
}

}  // namespace tertulia
