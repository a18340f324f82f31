#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace tertulia::domain {

// Enumerations travel as snake_case strings. Each enum E declares its names with
//   template <> inline constexpr auto kEnumNames<E> = std::to_array<std::string_view>({...});
// in the order of its values; these helpers convert both ways.
template <typename E>
inline constexpr std::array<std::string_view, 0> kEnumNames{};

template <typename E>
std::string_view EnumName(E value) {
  return kEnumNames<E>[static_cast<size_t>(value)];
}

template <typename E>
std::optional<E> ParseEnum(std::string_view name) {
  const auto& names = kEnumNames<E>;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

// "one of: a, b, c" for error messages.
template <typename E>
std::string EnumChoices() {
  std::string out = "must be one of: ";
  const auto& names = kEnumNames<E>;
  for (size_t i = 0; i < names.size(); ++i) {
    out += (i == 0 ? "" : ", ") + std::string(names[i]);
  }
  return out;
}

}  // namespace tertulia::domain
