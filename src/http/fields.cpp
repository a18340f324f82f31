#include "http/fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tertulia::http {

FieldReader::FieldReader(const boost::json::object& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

const boost::json::value* FieldReader::Find(std::string_view key) const {
  const auto* value = object_.if_contains(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

bool FieldReader::IsNull(std::string_view key) const {
  const auto* value = object_.if_contains(key);
  return value != nullptr && value->is_null();
}

void FieldReader::Fail(std::string_view key, std::string_view message) {
  errors_.Add(prefix_ + std::string(key), message);
}

std::optional<std::string> FieldReader::String(std::string_view key, size_t max_length) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_string()) {
    Fail(key, "must be a string");
    return std::nullopt;
  }
  std::string_view text = value->get_string();
  if (!domain::IsValidUtf8(text)) {
    Fail(key, "must be valid UTF-8");
    return std::nullopt;
  }
  if (domain::Utf8Length(text) > max_length) {
    Fail(key, fmt::format("must be at most {} characters", max_length));
    return std::nullopt;
  }
  return std::string(text);
}

std::optional<int64_t> FieldReader::Integer(std::string_view key, int64_t min, int64_t max) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  std::optional<int64_t> number;
  if (value->is_int64()) number = value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= INT64_MAX) {
    number = static_cast<int64_t>(value->get_uint64());
  }
  if (value->is_double() && std::trunc(value->get_double()) == value->get_double() &&
      std::abs(value->get_double()) < 9e15) {
    number = static_cast<int64_t>(value->get_double());
  }
  if (!number || *number < min || *number > max) {
    Fail(key, fmt::format("must be an integer from {} to {}", min, max));
    return std::nullopt;
  }
  return number;
}

std::optional<double> FieldReader::Number(std::string_view key, double min, double max) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_number() || value->to_number<double>() < min || value->to_number<double>() > max) {
    Fail(key, fmt::format("must be a number from {} to {}", min, max));
    return std::nullopt;
  }
  return value->to_number<double>();
}

std::optional<bool> FieldReader::Bool(std::string_view key) {
  const auto* value = Find(key);
  if (value == nullptr) return std::nullopt;
  if (!value->is_bool()) {
    Fail(key, "must be true or false");
    return std::nullopt;
  }
  return value->get_bool();
}

void FieldReader::RejectUnknown(std::span<const std::string_view> known,
                                std::span<const std::string_view> also_known) {
  for (const auto& [key, value] : object_) {
    std::string_view name(key);
    bool listed = std::find(known.begin(), known.end(), name) != known.end() ||
                  std::find(also_known.begin(), also_known.end(), name) != also_known.end();
    if (!listed) Fail(key, "unknown field");
  }
}

Result<std::optional<int64_t>> IfMatchVersion(const Request& request) {
  auto header = request.HeaderValue("If-Match");
  if (!header) return std::optional<int64_t>();
  std::string_view tag = *header;
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  int64_t version = 0;
  bool quoted = tag.size() >= 3 && tag.front() == '"' && tag.back() == '"';
  auto digits = quoted ? tag.substr(1, tag.size() - 2) : std::string_view();
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), version);
  if (!quoted || ec != std::errc{} || end != digits.data() + digits.size()) {
    return Error::InvalidField("If-Match", "must be an ETag this server sent, such as \"3\"");
  }
  return std::optional<int64_t>(version);
}

std::string VersionETag(int64_t version) { return fmt::format("\"{}\"", version); }

}  // namespace tertulia::http
