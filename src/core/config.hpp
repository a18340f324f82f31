#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tertulia {

enum class LogFormat { kText, kJson };

// The HTTP server. Keys "listen" and "http.*".
struct HttpConfig {
  std::string host = "127.0.0.1";  // address to listen on
  uint16_t port = 8080;            // 0 picks a free port (tests)
  int threads = 0;                 // I/O threads; 0 means one per CPU core
  // Threads for handlers that wait for a durable commit (the tracking API): while they wait, the
  // I/O threads serve other connections, and the waiting requests share the next commit.
  int waiting_threads = 64;
  size_t max_header_bytes = 16 * 1024;  // larger request headers get 413
  size_t max_body_bytes = 1024 * 1024;  // larger request bodies get 413 (routes may raise it)
  std::chrono::milliseconds read_timeout{30'000};    // to read one request body
  std::chrono::milliseconds idle_timeout{75'000};    // keep-alive: wait for the next request
  std::chrono::milliseconds shutdown_grace{30'000};  // on SIGTERM, time left to in-flight requests
  bool access_log = true;                            // one log line per request
  std::string tls_cert;  // PEM certificate chain; with tls_key, serve HTTPS (empty: plain HTTP)
  std::string tls_key;   // PEM private key
};

// Sign-in. Keys "auth.*".
struct AuthConfig {
  std::chrono::milliseconds session_idle{12 * 3'600'000};   // a session unused this long ends
  std::chrono::milliseconds session_max{7 * 86'400'000LL};  // and every session ends after this
  int max_failures_per_account = 5;                         // failed logins per window (then 429)
  int max_failures_per_ip = 50;
  std::chrono::milliseconds failure_window{15 * 60'000};
};

// The SQLite adapter. Keys "sqlite.*".
struct SqliteConfig {
  int readers = 4;                                // connections in the read pool
  std::chrono::milliseconds busy_timeout{5'000};  // wait this long on a locked database
  std::string synchronous = "full";               // off | normal | full | extra (PRAGMA)
  size_t cache_bytes = 64 * 1024 * 1024;          // page cache per connection
  size_t mmap_bytes = 256 * 1024 * 1024;          // memory-mapped reads (0: off)
};

// Logging. Keys "log.*".
struct LogConfig {
  std::string level = "info";  // trace | debug | info | warn | error | off
  LogFormat format = LogFormat::kText;
};

// Attached files. Keys "documents.*".
struct DocumentsConfig {
  std::string dir = "var/files";        // content-addressed store (sha256)
  size_t max_bytes = 25 * 1024 * 1024;  // larger uploads get 413
};

// The tracking API's writer. Keys "tracking.*".
struct TrackingConfig {
  // Tracked events are indexed by person in slices after they are stored (until then queries
  // scan them). Off: each event is indexed as it is stored, which the slices make cheaper; the
  // queries' scanning path then serves every read (for tests of that path).
  bool index_in_slices = true;
  // More unindexed entries than this (under sustained load, when no pause comes for slices):
  // each commit indexes about as many as it added.
  int max_unindexed_entries = 100'000;
  // A slice is written in parts of at most this many entries (what a submission may wait for).
  int slice_part_entries = 2'000;
};

// Everything `tertulia` reads at start. Built once by BuildConfig and passed down as const&.
struct Config {
  std::string db = "var/tertulia.db";  // an SQLite file path (or a postgres:// URL)
  std::string web_root = "web/dist";   // the browser application's files
  HttpConfig http;
  SqliteConfig sqlite;
  LogConfig log;
  AuthConfig auth;
  DocumentsConfig documents;
  TrackingConfig tracking;
};

// One setting as read from somewhere: the key ("http.threads"), its text, and where it came from
// ("tertulia.toml", "TERTULIA_HTTP_THREADS", "--threads") for error messages.
struct ConfigValue {
  std::string key;
  std::string value;
  std::string origin;
};

// One layer of settings. Layers are applied in order: defaults, file, environment, flags.
using ConfigLayer = std::vector<ConfigValue>;

// Reads a configuration file's text. `file_name` picks the syntax: *.json is JSON, anything else
// TOML. Tables nest keys ([http] threads = 4 is "http.threads").
Result<ConfigLayer> ParseConfigFile(std::string_view file_name, std::string_view text);

// Picks the TERTULIA_* variables out of `environment` ("NAME=value" strings). TERTULIA_HTTP_THREADS
// is "http.threads". An unknown TERTULIA_* variable is an error naming it; TERTULIA_CONFIG (the
// file path) and variables in `ignored` are skipped.
Result<ConfigLayer> ConfigFromEnvironment(std::span<const std::string> environment,
                                          std::span<const std::string_view> ignored = {});

// Applies the layers onto the defaults and validates the result. The first bad key is named, with
// its origin and the values it accepts.
Result<Config> BuildConfig(std::span<const ConfigLayer> layers);

// Every key with its environment variable, default and meaning: for `--help` and the README.
std::string DescribeConfigKeys();

// "16KiB", "1MiB", "500kB", "1048576": sizes in configuration.
Result<size_t> ParseByteSize(std::string_view text);

}  // namespace tertulia
