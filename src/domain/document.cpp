#include "domain/document.hpp"

#include <string>

#include "domain/text.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

std::string SanitizeFileName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  std::string out;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) continue;
    if (std::string_view("<>:\"|?*").find(c) != std::string_view::npos) {
      out += '_';
      continue;
    }
    out += c;
  }
  std::string trimmed(Trim(out));
  while (!trimmed.empty() && (trimmed.front() == '.' || trimmed.front() == ' ')) {
    trimmed.erase(trimmed.begin());
  }
  // Cut at 200 characters without splitting a UTF-8 sequence.
  size_t chars = 0;
  size_t i = 0;
  for (; i < trimmed.size(); ++i) {
    if ((static_cast<unsigned char>(trimmed[i]) & 0xc0) != 0x80 && chars++ == 200) break;
  }
  trimmed.resize(i);
  if (!IsValidUtf8(trimmed) || trimmed.empty()) return "file";
  return trimmed;
}

Status Validate(const Document& d) {
  FieldErrors errors;
  bool attachable = d.record.type == RecordType::kContact ||
                    d.record.type == RecordType::kCompany ||
                    d.record.type == RecordType::kOpportunity;
  errors.Check(attachable, "recordType", "must be contact, company or opportunity");
  errors.Check(!d.record.id.empty(), "recordId", "is required");
  errors.Check(!d.file_name.empty(), "file", "needs a name");
  errors.Check(d.size > 0, "file", "is empty");
  return errors.ToStatus("invalid document");
}

}  // namespace tertulia::domain
