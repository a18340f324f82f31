#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/custom_field.hpp"

// JSON text columns: lists and maps stored inside a row. Decoding tolerates damaged text by
// returning what it can (an empty list), since the row itself is still worth showing.
namespace tertulia::store {

std::string EncodeStrings(const std::vector<std::string>& values);
std::vector<std::string> DecodeStrings(std::string_view text);

std::string EncodeCustom(const domain::CustomValues& values);
domain::CustomValues DecodeCustom(std::string_view text);

// A custom value as the text stored in record_key for equality filters ("12.5", "true", "Norte").
std::string CustomKeyText(const domain::CustomValue& value);

boost::json::value ParseColumn(std::string_view text);

// Fields of a stored JSON object, tolerant of damage: absent or of another type reads as none.
std::optional<std::string> OptionalText(const boost::json::object& o, std::string_view key);
std::optional<int64_t> OptionalInteger(const boost::json::object& o, std::string_view key);
bool Flag(const boost::json::object& o, std::string_view key);

// A stored JSON list of objects, each read by `read`; anything else is skipped.
template <typename T, typename Read>
std::vector<T> DecodeList(std::string_view text, Read read) {
  std::vector<T> out;
  auto value = ParseColumn(text);
  if (!value.is_array()) return out;
  for (const auto& item : value.get_array()) {
    if (item.is_object()) out.push_back(read(item.get_object()));
  }
  return out;
}

}  // namespace tertulia::store
