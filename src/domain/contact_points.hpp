#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tertulia::domain {

// Trims and lower-cases an e-mail address; kInvalidArgument unless it has the shape
// local@domain.tld (at most 254 characters, no spaces, a dot in the domain).
Result<std::string> NormalizeEmail(std::string_view text);

// Normalises a phone number to E.164 ("+34911234567"):
// - "+34 911 23 45 67" and "0034 911..." are international already;
// - "911 23 45 67" needs `country` (ISO 3166-1 alpha-2): its calling code is prefixed and its
//   national trunk prefix ("0" in most of Europe) dropped;
// - without a country, a national number is kept as its digits and `is_e164` is false.
// kInvalidArgument when there are letters, or too few (under 7 with the country code) or too
// many (over 15) digits.
struct PhoneNumber {
  std::string number;
  bool is_e164 = false;
};
Result<PhoneNumber> NormalizePhone(std::string_view text, std::optional<std::string_view> country);

// True for an absolute http(s) URL with a host and no spaces, at most 2,000 characters.
bool IsHttpUrl(std::string_view text);

// True for an assigned ISO 3166-1 alpha-2 code in upper case ("ES", "MX").
bool IsCountryCode(std::string_view code);

// The international calling code of a country ("ES" -> "34"), if known.
std::optional<std::string_view> CallingCode(std::string_view country);

}  // namespace tertulia::domain
