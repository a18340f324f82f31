#pragma once

#include <boost/json/value.hpp>
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

}  // namespace tertulia::store
