#include "http/multipart.hpp"

#include <fmt/format.h>

#include "http/message.hpp"

namespace tertulia::http {
namespace {

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of parameter `key` in a header value ("form-data; name=\"file\""), unquoted.
std::optional<std::string> Parameter(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while ((pos = header.find(';', pos)) != std::string_view::npos) {
    ++pos;
    std::string_view rest = TrimSpaces(header.substr(pos));
    size_t eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (!EqualsIgnoreCase(TrimSpaces(rest.substr(0, eq)), key)) continue;
    std::string_view value = rest.substr(eq + 1);
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (size_t i = 1; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        out += value[i];
      }
      return out;
    }
    return std::string(TrimSpaces(value.substr(0, value.find(';'))));
  }
  return std::nullopt;
}

// filename*=UTF-8''na%C3%AFve.pdf
std::optional<std::string> ExtendedValue(std::string_view value) {
  size_t quote = value.find("''");
  if (quote == std::string_view::npos) return std::nullopt;
  std::string_view encoded = value.substr(quote + 2);
  std::string out;
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%' && i + 2 < encoded.size()) {
      out += static_cast<char>(std::stoi(std::string(encoded.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += encoded[i];
    }
  }
  return out;
}

Error Malformed(std::string_view why) {
  return Error::InvalidField("body", fmt::format("malformed multipart/form-data: {}", why));
}

Result<FormPart> ParsePart(std::string_view part) {
  size_t end = part.find("\r\n\r\n");
  if (end == std::string_view::npos) return Malformed("a part has no header end");
  FormPart out;
  out.body = part.substr(end + 4);
  std::string_view headers = part.substr(0, end);
  while (!headers.empty()) {
    size_t eol = headers.find("\r\n");
    std::string_view line = headers.substr(0, eol);
    headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = TrimSpaces(line.substr(0, colon));
    std::string_view value = TrimSpaces(line.substr(colon + 1));
    if (EqualsIgnoreCase(name, "Content-Disposition")) {
      out.name = Parameter(value, "name").value_or("");
      out.file_name = Parameter(value, "filename");
      if (auto extended = Parameter(value, "filename*")) {
        if (auto decoded = ExtendedValue(*extended)) out.file_name = decoded;
      }
    } else if (EqualsIgnoreCase(name, "Content-Type")) {
      out.content_type = std::string(value);
    }
  }
  if (out.name.empty()) return Malformed("a part has no name");
  return out;
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  if (content_type.substr(0, 19) != "multipart/form-data") {
    return Error::InvalidField("Content-Type", "must be multipart/form-data");
  }
  auto boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    return Error::InvalidField("Content-Type", "needs a boundary");
  }
  const std::string delimiter = "--" + *boundary;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return Malformed("no boundary in the body");
  std::vector<FormPart> parts;
  for (;;) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(pos, 2) != "\r\n") return Malformed("a boundary is not followed by CRLF");
    pos += 2;
    size_t next = body.find("\r\n" + delimiter, pos);
    if (next == std::string_view::npos) return Malformed("the body ends without its last boundary");
    TT_ASSIGN_OR_RETURN(auto part, ParsePart(body.substr(pos, next - pos)));
    parts.push_back(std::move(part));
    pos = next + 2;
    if (parts.size() > 20) return Malformed("more than 20 parts");
  }
}

}  // namespace tertulia::http
