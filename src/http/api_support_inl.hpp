#pragma once

// Template definitions of api_support.hpp.
#include "domain/enums.hpp"

namespace tertulia::http {

template <typename E>
std::optional<E> ReadEnum(FieldReader& in, std::string_view key) {
  auto text = in.String(key, 100);
  if (!text) return std::nullopt;
  auto value = domain::ParseEnum<E>(*text);
  if (!value) in.Fail(key, domain::EnumChoices<E>());
  return value;
}

}  // namespace tertulia::http
