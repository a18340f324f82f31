#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "domain/enums.hpp"
#include "domain/record.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

enum class CustomFieldType { kText, kNumber, kDate, kBoolean, kEnum, kUrl };
template <>
inline constexpr auto kEnumNames<CustomFieldType> =
    std::to_array<std::string_view>({"text", "number", "date", "boolean", "enum", "url"});

// The kinds of record that can have custom fields.
enum class CustomFieldObject { kContact, kCompany, kOpportunity };
template <>
inline constexpr auto kEnumNames<CustomFieldObject> =
    std::to_array<std::string_view>({"contact", "company", "opportunity"});

// A workspace's definition of one typed field on one kind of record.
struct CustomFieldDef {
  RecordMeta meta;
  CustomFieldObject object = CustomFieldObject::kContact;
  std::string key;    // [a-z][a-zA-Z0-9_]{0,39}: the JSON key under customFields
  std::string label;  // shown to people
  CustomFieldType type = CustomFieldType::kText;
  std::vector<std::string> options;  // the allowed values of an enum field
  int position = 0;                  // display order
};

// A value: text, date (YYYY-MM-DD), enum and url are strings; numbers are doubles.
using CustomValue = std::variant<std::string, double, bool>;
using CustomValues = std::map<std::string, CustomValue, std::less<>>;

Status Validate(const CustomFieldDef& def);

// Checks every value against the active definitions: an unknown key or a wrong type is recorded
// in `errors` as "customFields.<key>".
void ValidateCustomValues(const CustomValues& values, std::span<const CustomFieldDef> defs,
                          FieldErrors& errors);

}  // namespace tertulia::domain
