#pragma once

#include <string>
#include <string_view>

namespace tertulia::domain {

// Lower-cases and strips accents from Latin letters ("José Muñoz" -> "jose munoz", "Çağrı" ->
// "cagri", "Straße" -> "strasse"), so that keys sort and match the way people expect. Other
// scripts pass through unchanged. Whitespace runs become one space; the ends are trimmed.
std::string FoldForMatching(std::string_view text);

// Trims ASCII whitespace from both ends.
std::string_view Trim(std::string_view text);

}  // namespace tertulia::domain
