#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tertulia::domain {

// Collects every bad field of a request so that one response lists them all.
class FieldErrors {
 public:
  // Records `message` for `field` unless `ok`.
  void Check(bool ok, std::string_view field, std::string_view message) {
    if (!ok) Add(field, message);
  }
  // Records `message` for `field`, unless that field has an error already.
  void Add(std::string_view field, std::string_view message);
  // Copies the field errors of `status` (if any) under `prefix` ("emails[0].").
  void Merge(const Status& status, std::string_view prefix);
  bool empty() const { return errors_.empty(); }

  // OK when nothing was recorded; otherwise kInvalidArgument with `summary` and every field.
  Status ToStatus(std::string_view summary) const;

 private:
  std::vector<FieldError> errors_;
};

// Records an error for `field` when `value` is set but empty or longer than `max` characters.
void CheckLength(const std::optional<std::string>& value, std::string_view field, size_t max,
                 FieldErrors& errors);

// Number of Unicode code points in valid UTF-8 text (bytes for invalid sequences).
size_t Utf8Length(std::string_view text);
bool IsValidUtf8(std::string_view text);

// [a-z0-9-]{1,63}, not starting or ending with a hyphen.
bool IsSlug(std::string_view text);

}  // namespace tertulia::domain
