#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "domain/record.hpp"
#include "domain/task.hpp"

namespace tertulia::domain {

// A file attached to a contact, company or opportunity. The bytes live in a content-addressed
// store under their sha256; the record holds what people see.
struct Document {
  RecordMeta meta;
  RecordLink record;         // contact, company or opportunity
  std::string file_name;     // sanitised: no directories, no control characters, <= 200
  std::string content_type;  // sniffed from the bytes, not taken from the client
  int64_t size = 0;
  std::string sha256;  // hex
};

// A name safe to show and to send in Content-Disposition: the last path component, without
// control characters or any of <>:"/\|?*, not starting with a dot, at most 200 characters;
// "file" when nothing is left.
std::string SanitizeFileName(std::string_view name);

Status Validate(const Document& document);

}  // namespace tertulia::domain
