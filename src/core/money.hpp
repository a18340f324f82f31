#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tertulia {

// An ISO 4217 currency: its three-letter code and how many minor-unit digits it has
// (EUR 2, JPY 0, KWD 3). Cheap to copy.
class Currency {
 public:
  // Accepts an active ISO 4217 code in upper case ("EUR"); anything else is kInvalidArgument.
  static Result<Currency> FromCode(std::string_view code);

  std::string_view code() const { return {code_, 3}; }
  int minor_digits() const { return minor_digits_; }
  // 10^minor_digits: minor units per major unit.
  int64_t minor_per_major() const;

  friend bool operator==(const Currency& a, const Currency& b) { return a.code() == b.code(); }

 private:
  Currency(std::string_view code, int minor_digits);
  char code_[3];
  int minor_digits_;
};

// An amount of money: an integer count of minor units (cents) of one currency. Never a float.
struct Money {
  int64_t minor = 0;
  Currency currency;

  // Parses a decimal amount in major units ("1234.5" EUR -> 123450). Refuses more decimals than
  // the currency has, and amounts beyond ±9e15 minor units.
  static Result<Money> FromDecimal(std::string_view amount, Currency currency);

  // "1234.50" (no grouping, no symbol: formatting for people happens in the client's locale).
  std::string ToDecimal() const;

  // Sum of two amounts of the same currency. kInvalidArgument on mixed currencies or overflow.
  Result<Money> Plus(const Money& other) const;

  friend bool operator==(const Money&, const Money&) = default;
};

// Scales `minor` units by rate numerator/denominator (for exchange rates held as integers),
// rounding half away from zero. REQUIRES: denominator > 0.
int64_t ScaleRounded(int64_t minor, int64_t numerator, int64_t denominator);

}  // namespace tertulia
