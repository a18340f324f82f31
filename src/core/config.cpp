#include "core/config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cctype>
#include <charconv>
#include <functional>

#include "core/time.hpp"

namespace tertulia {
namespace {

using Setter = std::function<Status(Config&, std::string_view)>;
using Getter = std::function<std::string(const Config&)>;

struct KeySpec {
  std::string_view key;
  std::string_view help;
  Setter set;
  Getter get;
};

Result<int64_t> ParseInteger(std::string_view text, int64_t min, int64_t max) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
    return Error::InvalidArgument(fmt::format("expected an integer from {} to {}", min, max));
  }
  return value;
}

Result<bool> ParseBool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return Error::InvalidArgument("expected true or false");
}

Status OneOf(std::string_view text, std::initializer_list<std::string_view> allowed) {
  if (std::find(allowed.begin(), allowed.end(), text) != allowed.end()) return OkStatus();
  std::string list;
  for (auto option : allowed) list += (list.empty() ? "" : ", ") + std::string(option);
  return Error::InvalidArgument("expected one of " + list);
}

Status ParseListen(Config& config, std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return Error::InvalidArgument("expected HOST:PORT, e.g. 127.0.0.1:8080");
  }
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  TT_ASSIGN_OR_RETURN(int64_t port, ParseInteger(text.substr(colon + 1), 0, 65535));
  config.http.host = std::string(host);
  config.http.port = static_cast<uint16_t>(port);
  return OkStatus();
}

template <typename Field>
Setter Integer(Field field, int64_t min, int64_t max) {
  return [=](Config& c, std::string_view v) -> Status {
    TT_ASSIGN_OR_RETURN(int64_t n, ParseInteger(v, min, max));
    std::invoke(field, c) =
        static_cast<std::remove_reference_t<decltype(std::invoke(field, c))>>(n);
    return OkStatus();
  };
}

template <typename Field>
Setter Duration(Field field) {
  return [=](Config& c, std::string_view v) -> Status {
    TT_ASSIGN_OR_RETURN(auto d, ParseDuration(v));
    std::invoke(field, c) = d;
    return OkStatus();
  };
}

template <typename Field>
Setter ByteSize(Field field) {
  return [=](Config& c, std::string_view v) -> Status {
    TT_ASSIGN_OR_RETURN(size_t n, ParseByteSize(v));
    if (n < 1024) return Error::InvalidArgument("expected at least 1KiB");
    std::invoke(field, c) = n;
    return OkStatus();
  };
}

template <typename Field>
Setter Text(Field field) {
  return [=](Config& c, std::string_view v) -> Status {
    if (v.empty()) return Error::InvalidArgument("expected a non-empty value");
    std::invoke(field, c) = std::string(v);
    return OkStatus();
  };
}

const std::vector<KeySpec>& Keys() {
  static const std::vector<KeySpec> keys = {
      {"db", "database: an SQLite file path (or a postgres:// URL)", Text(&Config::db),
       [](const Config& c) { return c.db; }},
      {"listen", "HOST:PORT the server listens on (port 0 picks a free one)", ParseListen,
       [](const Config& c) { return fmt::format("{}:{}", c.http.host, c.http.port); }},
      {"web.root", "directory of the browser application's files", Text(&Config::web_root),
       [](const Config& c) { return c.web_root; }},
      {"http.threads", "I/O threads (0: one per CPU core)",
       Integer([](Config& c) -> int& { return c.http.threads; }, 0, 256),
       [](const Config& c) { return std::to_string(c.http.threads); }},
      {"http.waiting_threads",
       "threads for requests that wait for a durable commit (tracking API): how many such "
       "requests one commit can take",
       Integer([](Config& c) -> int& { return c.http.waiting_threads; }, 1, 1024),
       [](const Config& c) { return std::to_string(c.http.waiting_threads); }},
      {"http.max_header_bytes", "largest request header accepted (larger gets 413)",
       ByteSize([](Config& c) -> size_t& { return c.http.max_header_bytes; }),
       [](const Config& c) { return std::to_string(c.http.max_header_bytes); }},
      {"http.max_body_bytes", "largest request body accepted (larger gets 413)",
       ByteSize([](Config& c) -> size_t& { return c.http.max_body_bytes; }),
       [](const Config& c) { return std::to_string(c.http.max_body_bytes); }},
      {"http.read_timeout", "time allowed to read one request body",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.http.read_timeout; }),
       [](const Config& c) { return FormatDuration(c.http.read_timeout); }},
      {"http.idle_timeout", "keep-alive: how long an idle connection stays open",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.http.idle_timeout; }),
       [](const Config& c) { return FormatDuration(c.http.idle_timeout); }},
      {"http.shutdown_grace", "on SIGTERM, how long in-flight requests may take to finish",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.http.shutdown_grace; }),
       [](const Config& c) { return FormatDuration(c.http.shutdown_grace); }},
      {"http.access_log", "log one line per request (true/false)",
       [](Config& c, std::string_view v) -> Status {
         TT_ASSIGN_OR_RETURN(c.http.access_log, ParseBool(v));
         return OkStatus();
       },
       [](const Config& c) { return std::string(c.http.access_log ? "true" : "false"); }},
      {"http.tls_cert", "PEM certificate chain file; with http.tls_key the server speaks HTTPS",
       [](Config& c, std::string_view v) -> Status {
         c.http.tls_cert = std::string(v);
         return OkStatus();
       },
       [](const Config& c) { return c.http.tls_cert; }},
      {"http.tls_key", "PEM private key file of http.tls_cert",
       [](Config& c, std::string_view v) -> Status {
         c.http.tls_key = std::string(v);
         return OkStatus();
       },
       [](const Config& c) { return c.http.tls_key; }},
      {"auth.session_idle", "a browser session unused this long ends",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.auth.session_idle; }),
       [](const Config& c) { return FormatDuration(c.auth.session_idle); }},
      {"auth.session_max", "every browser session ends this long after sign-in",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.auth.session_max; }),
       [](const Config& c) { return FormatDuration(c.auth.session_max); }},
      {"auth.max_failures_per_account", "failed sign-ins per account and window before 429",
       Integer([](Config& c) -> int& { return c.auth.max_failures_per_account; }, 1, 1000),
       [](const Config& c) { return std::to_string(c.auth.max_failures_per_account); }},
      {"auth.max_failures_per_ip", "failed sign-ins per client address and window before 429",
       Integer([](Config& c) -> int& { return c.auth.max_failures_per_ip; }, 1, 100000),
       [](const Config& c) { return std::to_string(c.auth.max_failures_per_ip); }},
      {"auth.failure_window", "the window in which failed sign-ins are counted",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.auth.failure_window; }),
       [](const Config& c) { return FormatDuration(c.auth.failure_window); }},
      {"documents.dir", "where attached files are kept (content-addressed by sha256)",
       [](Config& c, std::string_view v) -> Status {
         if (v.empty()) return Error::InvalidArgument("expected a directory");
         c.documents.dir = std::string(v);
         return OkStatus();
       },
       [](const Config& c) { return c.documents.dir; }},
      {"documents.max_bytes", "largest file accepted as a document (larger gets 413)",
       ByteSize([](Config& c) -> size_t& { return c.documents.max_bytes; }),
       [](const Config& c) { return std::to_string(c.documents.max_bytes); }},
      {"tracking.index_in_slices",
       "index tracked events by person in slices after storing them (false: as they are stored)",
       [](Config& c, std::string_view v) -> Status {
         TT_ASSIGN_OR_RETURN(c.tracking.index_in_slices, ParseBool(v));
         return OkStatus();
       },
       [](const Config& c) { return std::string(c.tracking.index_in_slices ? "true" : "false"); }},
      {"tracking.max_unindexed_entries",
       "tracked events' index entries left for slices before each commit indexes as many as it "
       "adds",
       Integer([](Config& c) -> int& { return c.tracking.max_unindexed_entries; }, 1, 10'000'000),
       [](const Config& c) { return std::to_string(c.tracking.max_unindexed_entries); }},
      {"tracking.slice_part_entries",
       "index entries written per transaction of a slice (what a submission may wait behind)",
       Integer([](Config& c) -> int& { return c.tracking.slice_part_entries; }, 1, 1'000'000),
       [](const Config& c) { return std::to_string(c.tracking.slice_part_entries); }},
      {"sqlite.readers", "SQLite read connections in the pool",
       Integer([](Config& c) -> int& { return c.sqlite.readers; }, 1, 64),
       [](const Config& c) { return std::to_string(c.sqlite.readers); }},
      {"sqlite.busy_timeout", "how long SQLite waits on a locked database",
       Duration([](Config& c) -> std::chrono::milliseconds& { return c.sqlite.busy_timeout; }),
       [](const Config& c) { return FormatDuration(c.sqlite.busy_timeout); }},
      {"sqlite.synchronous", "SQLite durability: off, normal, full or extra",
       [](Config& c, std::string_view v) -> Status {
         TT_RETURN_IF_ERROR(OneOf(v, {"off", "normal", "full", "extra"}));
         c.sqlite.synchronous = std::string(v);
         return OkStatus();
       },
       [](const Config& c) { return c.sqlite.synchronous; }},
      {"sqlite.cache_size", "SQLite page cache per connection",
       ByteSize([](Config& c) -> size_t& { return c.sqlite.cache_bytes; }),
       [](const Config& c) { return std::to_string(c.sqlite.cache_bytes); }},
      {"sqlite.mmap_size", "SQLite memory-mapped I/O per connection (0 turns it off)",
       [](Config& c, std::string_view v) -> Status {
         TT_ASSIGN_OR_RETURN(c.sqlite.mmap_bytes, ParseByteSize(v));
         return OkStatus();
       },
       [](const Config& c) { return std::to_string(c.sqlite.mmap_bytes); }},
      {"log.level", "trace, debug, info, warn, error or off",
       [](Config& c, std::string_view v) -> Status {
         TT_RETURN_IF_ERROR(OneOf(v, {"trace", "debug", "info", "warn", "error", "off"}));
         c.log.level = std::string(v);
         return OkStatus();
       },
       [](const Config& c) { return c.log.level; }},
      {"log.format", "text, or json for one JSON object per line",
       [](Config& c, std::string_view v) -> Status {
         TT_RETURN_IF_ERROR(OneOf(v, {"text", "json"}));
         c.log.format = v == "json" ? LogFormat::kJson : LogFormat::kText;
         return OkStatus();
       },
       [](const Config& c) {
         return std::string(c.log.format == LogFormat::kJson ? "json" : "text");
       }},
  };
  return keys;
}

const KeySpec* FindKey(std::string_view key) {
  for (const auto& spec : Keys()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

std::string EnvironmentName(std::string_view key) {
  std::string name = "TERTULIA_";
  for (char c : key) {
    name += c == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

void FlattenToml(const toml::table& table, const std::string& prefix, std::string_view origin,
                 ConfigLayer& out, std::vector<std::string>& bad_keys) {
  for (const auto& [name, node] : table) {
    std::string key =
        prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
    if (const auto* sub = node.as_table()) {
      FlattenToml(*sub, key, origin, out, bad_keys);
    } else if (auto s = node.value<std::string>()) {
      out.push_back({key, *s, std::string(origin)});
    } else if (node.is_integer() || node.is_floating_point() || node.is_boolean()) {
      std::string text;
      if (node.is_boolean())
        text = *node.value<bool>() ? "true" : "false";
      else if (node.is_integer())
        text = std::to_string(*node.value<int64_t>());
      else
        text = fmt::format("{}", *node.value<double>());
      out.push_back({key, text, std::string(origin)});
    } else {
      bad_keys.push_back(key);
    }
  }
}

void FlattenJson(const boost::json::object& object, const std::string& prefix,
                 std::string_view origin, ConfigLayer& out, std::vector<std::string>& bad_keys) {
  for (const auto& [name, value] : object) {
    std::string key = prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
    if (value.is_object()) {
      FlattenJson(value.get_object(), key, origin, out, bad_keys);
    } else if (value.is_string()) {
      out.push_back({key, std::string(value.get_string()), std::string(origin)});
    } else if (value.is_int64() || value.is_uint64() || value.is_bool() || value.is_double()) {
      std::string text;
      if (value.is_bool())
        text = value.get_bool() ? "true" : "false";
      else if (value.is_int64())
        text = std::to_string(value.get_int64());
      else if (value.is_uint64())
        text = std::to_string(value.get_uint64());
      else
        text = fmt::format("{}", value.get_double());
      out.push_back({key, text, std::string(origin)});
    } else {
      bad_keys.push_back(key);
    }
  }
}

Result<ConfigLayer> ParseJsonConfig(std::string_view file_name, std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object()) {
    return Error::InvalidArgument(
        fmt::format("{}: not a JSON object ({})", file_name, ec ? ec.message() : "wrong type"));
  }
  ConfigLayer layer;
  std::vector<std::string> bad_keys;
  FlattenJson(value.get_object(), "", file_name, layer, bad_keys);
  if (!bad_keys.empty()) {
    return Error::InvalidArgument(
        fmt::format("{}: key '{}' must be a string, number or boolean", file_name, bad_keys[0]));
  }
  return layer;
}

}  // namespace

Result<ConfigLayer> ParseConfigFile(std::string_view file_name, std::string_view text) {
  if (file_name.ends_with(".json")) return ParseJsonConfig(file_name, text);
  toml::table table;
  try {  // toml++ reports syntax errors by exception; they stop here
    table = toml::parse(text, file_name);
  } catch (const toml::parse_error& err) {
    return Error::InvalidArgument(fmt::format("{}:{}:{}: {}", file_name, err.source().begin.line,
                                              err.source().begin.column, err.description()));
  }
  ConfigLayer layer;
  std::vector<std::string> bad_keys;
  FlattenToml(table, "", file_name, layer, bad_keys);
  if (!bad_keys.empty()) {
    return Error::InvalidArgument(
        fmt::format("{}: key '{}' must be a string, number or boolean", file_name, bad_keys[0]));
  }
  return layer;
}

Result<ConfigLayer> ConfigFromEnvironment(std::span<const std::string> environment,
                                          std::span<const std::string_view> ignored) {
  ConfigLayer layer;
  for (const std::string& entry : environment) {
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    std::string_view name(entry.data(), eq);
    if (!name.starts_with("TERTULIA_") || name == "TERTULIA_CONFIG") continue;
    if (std::find(ignored.begin(), ignored.end(), name) != ignored.end()) continue;
    const KeySpec* spec = nullptr;
    for (const auto& candidate : Keys()) {
      if (EnvironmentName(candidate.key) == name) spec = &candidate;
    }
    if (spec == nullptr) {
      return Error::InvalidArgument(fmt::format(
          "unknown environment variable {}; `tertulia config` lists the known ones", name));
    }
    layer.push_back({std::string(spec->key), entry.substr(eq + 1), std::string(name)});
  }
  return layer;
}

Result<Config> BuildConfig(std::span<const ConfigLayer> layers) {
  Config config;
  for (const ConfigLayer& layer : layers) {
    for (const ConfigValue& value : layer) {
      const KeySpec* spec = FindKey(value.key);
      if (spec == nullptr) {
        return Error::InvalidField(
            value.key, fmt::format("unknown configuration key (from {})", value.origin));
      }
      Status applied = spec->set(config, value.value);
      if (!applied.ok()) {
        return Error::InvalidField(
            value.key, fmt::format("bad value '{}' (from {}): {}", value.value, value.origin,
                                   applied.error().message()));
      }
    }
  }
  if (config.http.tls_cert.empty() != config.http.tls_key.empty()) {
    return Error::InvalidField(config.http.tls_cert.empty() ? "http.tls_cert" : "http.tls_key",
                               "HTTPS needs both http.tls_cert and http.tls_key");
  }
  return config;
}

std::string DescribeConfigKeys() {
  Config defaults;
  std::string out;
  for (const auto& spec : Keys()) {
    out += fmt::format("  {:<22} {:<30} default {}\n  {:<22} {}\n", spec.key,
                       EnvironmentName(spec.key), spec.get(defaults), "", spec.help);
  }
  return out;
}

Result<size_t> ParseByteSize(std::string_view text) {
  uint64_t amount = 0;
  auto [rest, ec] = std::from_chars(text.data(), text.data() + text.size(), amount);
  std::string_view unit(rest, static_cast<size_t>(text.data() + text.size() - rest));
  uint64_t scale = 0;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "kB" || unit == "KB")
    scale = 1000;
  else if (unit == "KiB")
    scale = 1024;
  else if (unit == "MB")
    scale = 1000 * 1000;
  else if (unit == "MiB")
    scale = 1024 * 1024;
  else if (unit == "GB")
    scale = 1000ull * 1000 * 1000;
  else if (unit == "GiB")
    scale = 1024ull * 1024 * 1024;
  if (ec != std::errc{} || rest == text.data() || scale == 0 ||
      amount > (uint64_t{1} << 40) / scale) {
    return Error::InvalidArgument(
        fmt::format("'{}' is not a size such as 16KiB, 1MiB or 1048576", text));
  }
  return static_cast<size_t>(amount * scale);
}

}  // namespace tertulia
