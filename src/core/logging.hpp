#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

#include "core/config.hpp"

// Process-wide logging: the one singleton Tertulia allows. Text lines by default, or one JSON
// object per line (log.format = json) for log shippers. Thread-safe.
//
//   log::Info("listening on {}", url);
//   log::Write(log::Level::kInfo, "request", {{"status", 200}, {"path", path}});
namespace tertulia::log {

enum class Level { kTrace, kDebug, kInfo, kWarn, kError, kOff };

// A structured field. String values are borrowed: Write() finishes with them before returning.
struct Field {
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
  Field(std::string_view k, int64_t v) : key(k), value(v) {}
  Field(std::string_view k, int v) : key(k), value(int64_t{v}) {}
  Field(std::string_view k, unsigned v) : key(k), value(int64_t{v}) {}
  Field(std::string_view k, uint64_t v) : key(k), value(static_cast<int64_t>(v)) {}
  Field(std::string_view k, double v) : key(k), value(v) {}
  Field(std::string_view k, bool v) : key(k), value(v) {}

  std::string_view key;
  std::variant<std::string_view, int64_t, double, bool> value;
};

// Sets the level and format. Call once at start; later calls replace the settings.
void Init(const LogConfig& config);

// Parses "trace" ... "off". REQUIRES: a valid name (Config validated it).
Level ParseLevel(std::string_view name);

bool Enabled(Level level);
void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});
void Flush();

template <typename... Args>
void Debug(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kDebug))
    Write(Level::kDebug, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Info(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kInfo)) Write(Level::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Warn(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kWarn)) Write(Level::kWarn, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void Error(fmt::format_string<Args...> format, Args&&... args) {
  if (Enabled(Level::kError))
    Write(Level::kError, fmt::format(format, std::forward<Args>(args)...));
}

// Appends `text` to `out` as the inside of a JSON string (quotes, backslashes, control
// characters and invalid UTF-8 escaped or replaced). Shared with the HTTP layer's access log.
void AppendJsonEscaped(std::string& out, std::string_view text);

}  // namespace tertulia::log
