#include "core/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <mutex>

#include "core/time.hpp"

namespace tertulia::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};
std::atomic<LogFormat> g_format{LogFormat::kText};

spdlog::logger& Logger() {
  // Stderr, so that stdout stays for what a command prints (a URL, a report, a secret).
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto made = spdlog::stderr_logger_mt("tertulia");
    made->set_pattern("%v");
    made->set_level(spdlog::level::trace);
    made->flush_on(spdlog::level::warn);
    return made;
  }();
  return *logger;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kTrace:
      return "trace";
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "info";
}

// Length of the valid UTF-8 sequence at text[i], or 0 if it is invalid.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  size_t length = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xe  ? 3
                  : (c >> 3) == 0x1e ? 4
                                     : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xc0) != 0x80) return 0;
  }
  return length;
}

void AppendFieldValue(std::string& out, const Field& field, bool json) {
  std::visit(
      [&](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          bool quote = json || v.empty() || v.find_first_of(" \"=") != std::string_view::npos;
          if (quote) out += '"';
          AppendJsonEscaped(out, v);
          if (quote) out += '"';
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else {
          out += fmt::format("{}", v);
        }
      },
      field.value);
}

std::string RenderText(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string line = FormatIso8601(SystemClock{}.Now());
  line += ' ';
  line += LevelName(level);
  line.append(6 - LevelName(level).size(), ' ');
  line += message;
  for (const Field& field : fields) {
    line += ' ';
    line += field.key;
    line += '=';
    AppendFieldValue(line, field, false);
  }
  return line;
}

std::string RenderJson(Level level, std::string_view message, std::initializer_list<Field> fields) {
  std::string line = "{\"ts\":\"" + FormatIso8601(SystemClock{}.Now()) + "\",\"level\":\"";
  line += LevelName(level);
  line += "\",\"msg\":\"";
  AppendJsonEscaped(line, message);
  line += '"';
  for (const Field& field : fields) {
    line += ",\"";
    AppendJsonEscaped(line, field.key);
    line += "\":";
    AppendFieldValue(line, field, true);
  }
  line += '}';
  return line;
}

}  // namespace

void Init(const LogConfig& config) {
  g_level = ParseLevel(config.level);
  g_format = config.format;
  Logger();
}

Level ParseLevel(std::string_view name) {
  for (Level level :
       {Level::kTrace, Level::kDebug, Level::kInfo, Level::kWarn, Level::kError, Level::kOff}) {
    if (LevelName(level) == name) return level;
  }
  return Level::kInfo;
}

bool Enabled(Level level) { return level != Level::kOff && level >= g_level.load(); }

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  std::string line = g_format.load() == LogFormat::kJson ? RenderJson(level, message, fields)
                                                         : RenderText(level, message, fields);
  Logger().log(level >= Level::kWarn ? spdlog::level::warn : spdlog::level::info, "{}", line);
}

void Flush() { Logger().flush(); }

void AppendJsonEscaped(std::string& out, std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t length = Utf8SequenceLength(text, i);
      if (length == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04x}", c);
        else
          out += static_cast<char>(c);
    }
    ++i;
  }
}

}  // namespace tertulia::log
