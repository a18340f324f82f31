#include "store/json_codec.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tertulia::store {

boost::json::value ParseColumn(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  return ec ? boost::json::value() : value;
}

std::string EncodeStrings(const std::vector<std::string>& values) {
  boost::json::array array;
  for (const auto& value : values) array.emplace_back(value);
  return boost::json::serialize(array);
}

std::vector<std::string> DecodeStrings(std::string_view text) {
  std::vector<std::string> out;
  auto value = ParseColumn(text);
  if (!value.is_array()) return out;
  for (const auto& item : value.get_array()) {
    if (item.is_string()) out.emplace_back(item.get_string());
  }
  return out;
}

std::string EncodeCustom(const domain::CustomValues& values) {
  boost::json::object object;
  for (const auto& [key, value] : values) {
    std::visit([&](const auto& v) { object[key] = v; }, value);
  }
  return boost::json::serialize(object);
}

domain::CustomValues DecodeCustom(std::string_view text) {
  domain::CustomValues out;
  auto value = ParseColumn(text);
  if (!value.is_object()) return out;
  for (const auto& [key, item] : value.get_object()) {
    if (item.is_string())
      out.emplace(key, std::string(item.get_string()));
    else if (item.is_bool())
      out.emplace(key, item.get_bool());
    else if (item.is_number())
      out.emplace(key, item.to_number<double>());
  }
  return out;
}

std::string CustomKeyText(const domain::CustomValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  return fmt::format("{}", std::get<double>(value));
}

std::optional<std::string> OptionalText(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::optional<std::string>(v->get_string())
                                        : std::nullopt;
}

std::optional<int64_t> OptionalInteger(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_int64() ? std::optional<int64_t>(v->get_int64()) : std::nullopt;
}

bool Flag(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v != nullptr && v->is_bool() && v->get_bool();
}

}  // namespace tertulia::store
