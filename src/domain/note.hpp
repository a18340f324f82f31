#pragma once

#include <string>

#include "core/result.hpp"
#include "domain/record.hpp"
#include "domain/task.hpp"

namespace tertulia::domain {

// Free text (Markdown) on any record.
struct Note {
  RecordMeta meta;
  std::string body;   // 1..50,000 characters
  RecordLink record;  // what it is about
};

Status NormalizeAndValidate(Note& note);

}  // namespace tertulia::domain
