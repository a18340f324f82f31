#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tertulia {

// RFC 4180 CSV: fields separated by commas, optionally in double quotes (a doubled quote inside
// is one quote), records by CRLF or LF. A trailing newline makes no empty record.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text);

}  // namespace tertulia
