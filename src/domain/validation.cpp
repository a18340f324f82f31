#include "domain/validation.hpp"

namespace tertulia::domain {

void FieldErrors::Add(std::string_view field, std::string_view message) {
  // One error per field: the first says it best (reading an item fails before validating it).
  for (const auto& existing : errors_) {
    if (existing.field == field) return;
  }
  errors_.push_back({std::string(field), std::string(message)});
}

void FieldErrors::Merge(const Status& status, std::string_view prefix) {
  if (status.ok()) return;
  if (status.error().fields().empty()) {
    Add(std::string(prefix), status.error().message());
    return;
  }
  for (const auto& field : status.error().fields()) {
    Add(std::string(prefix) + field.field, field.message);
  }
}

Status FieldErrors::ToStatus(std::string_view summary) const {
  if (errors_.empty()) return OkStatus();
  std::string message(summary);
  message += ": ";
  for (size_t i = 0; i < errors_.size(); ++i) {
    message += (i == 0 ? "" : "; ") + errors_[i].field + " " + errors_[i].message;
  }
  return Error::InvalidArgument(std::move(message), errors_);
}

void CheckLength(const std::optional<std::string>& value, std::string_view field, size_t max,
                 FieldErrors& errors) {
  if (value) {
    errors.Check(!value->empty() && Utf8Length(*value) <= max, field,
                 "must be 1 to " + std::to_string(max) + " characters");
  }
}

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++count;
  }
  return count;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (length == 0 || i + length > text.size()) return false;
    uint32_t code = length == 1 ? c : c & (0x7f >> length);
    for (size_t k = 1; k < length; ++k) {
      auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0) != 0x80) return false;
      code = (code << 6) | (next & 0x3f);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are invalid.
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < kMinimum[length] || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      return false;
    }
    i += length;
  }
  return true;
}

bool IsSlug(std::string_view text) {
  if (text.empty() || text.size() > 63 || text.front() == '-' || text.back() == '-') return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace tertulia::domain
