#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/result.hpp"

namespace tertulia::cli {

// The flags every subcommand takes. They feed the last configuration layer.
struct CommonOptions {
  std::optional<std::string> config_file;
  std::optional<std::string> db;
  std::optional<std::string> log_level;
  std::optional<std::string> log_format;
  std::vector<std::string> set;  // KEY=VALUE, any configuration key
  ConfigLayer extra;             // flags a subcommand maps to keys itself (--listen, --threads)
};

// Adds --config, --db, --log-level, --log-format and --set to `command`.
void AddCommonOptions(CLI::App& command, CommonOptions& options);

// Defaults, then the configuration file (--config, TERTULIA_CONFIG, or ./tertulia.toml when it
// exists), then TERTULIA_* variables, then the flags. Errors name the bad key and its origin.
Result<Config> LoadConfig(const CommonOptions& options);

}  // namespace tertulia::cli
