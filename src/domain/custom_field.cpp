#include "domain/custom_field.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "domain/contact_points.hpp"

namespace tertulia::domain {
namespace {

bool IsFieldKey(std::string_view key) {
  if (key.empty() || key.size() > 40 || key.front() < 'a' || key.front() > 'z') return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string_view TypeName(const CustomValue& value) {
  if (std::holds_alternative<double>(value)) return "a number";
  if (std::holds_alternative<bool>(value)) return "a boolean";
  return "a string";
}

// Empty when `value` fits `def`; otherwise why not.
std::string Mismatch(const CustomValue& value, const CustomFieldDef& def) {
  const auto* text = std::get_if<std::string>(&value);
  switch (def.type) {
    case CustomFieldType::kText:
      if (text == nullptr) return fmt::format("must be text, not {}", TypeName(value));
      return Utf8Length(*text) <= 2000 ? "" : "must be at most 2000 characters";
    case CustomFieldType::kNumber:
      return std::holds_alternative<double>(value)
                 ? ""
                 : fmt::format("must be a number, not {}", TypeName(value));
    case CustomFieldType::kBoolean:
      return std::holds_alternative<bool>(value)
                 ? ""
                 : fmt::format("must be true or false, not {}", TypeName(value));
    case CustomFieldType::kDate:
      return text != nullptr && ParseDate(*text).ok() ? "" : "must be a date such as 2026-11-23";
    case CustomFieldType::kUrl:
      return text != nullptr && IsHttpUrl(*text) ? "" : "must be an http(s) URL";
    case CustomFieldType::kEnum: {
      bool listed = text != nullptr &&
                    std::find(def.options.begin(), def.options.end(), *text) != def.options.end();
      if (listed) return "";
      std::string choices;
      for (const auto& option : def.options) choices += (choices.empty() ? "" : ", ") + option;
      return "must be one of: " + choices;
    }
  }
  return "has an unknown type";
}

}  // namespace

Status Validate(const CustomFieldDef& def) {
  FieldErrors errors;
  errors.Check(IsFieldKey(def.key), "key",
               "must start with a lower-case letter and use only letters, digits and _ (at most "
               "40)");
  errors.Check(!def.label.empty() && Utf8Length(def.label) <= 100, "label",
               "must be 1 to 100 characters");
  if (def.type == CustomFieldType::kEnum) {
    errors.Check(!def.options.empty() && def.options.size() <= 200, "options",
                 "an enum field needs 1 to 200 options");
    for (size_t i = 0; i < def.options.size(); ++i) {
      const auto& option = def.options[i];
      bool unique = std::count(def.options.begin(), def.options.end(), option) == 1;
      errors.Check(!option.empty() && Utf8Length(option) <= 100 && unique,
                   fmt::format("options[{}]", i), "must be unique and 1 to 100 characters");
    }
  } else {
    errors.Check(def.options.empty(), "options", "only enum fields have options");
  }
  return errors.ToStatus("invalid custom field");
}

void ValidateCustomValues(const CustomValues& values, std::span<const CustomFieldDef> defs,
                          FieldErrors& errors) {
  for (const auto& [key, value] : values) {
    auto def = std::find_if(defs.begin(), defs.end(),
                            [&](const CustomFieldDef& d) { return d.key == key; });
    std::string field = "customFields." + key;
    if (def == defs.end()) {
      errors.Add(field, "unknown custom field; define it under /api/v1/custom-fields first");
      continue;
    }
    std::string why = Mismatch(value, *def);
    if (!why.empty()) errors.Add(field, why);
  }
}

}  // namespace tertulia::domain
