#include "cli/options.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

extern char** environ;  // NOLINT: POSIX

namespace tertulia::cli {
namespace {

Result<ConfigLayer> FileLayer(const CommonOptions& options) {
  std::string path;
  if (options.config_file) {
    path = *options.config_file;
  } else if (const char* from_env = std::getenv("TERTULIA_CONFIG")) {
    path = from_env;
  } else if (std::filesystem::exists("tertulia.toml")) {
    path = "tertulia.toml";
  } else {
    return ConfigLayer{};
  }
  std::ifstream file(path);
  if (!file) return Error::InvalidArgument(fmt::format("cannot read configuration file {}", path));
  std::stringstream text;
  text << file.rdbuf();
  return ParseConfigFile(path, text.str());
}

ConfigLayer FlagLayer(const CommonOptions& options) {
  ConfigLayer layer;
  if (options.db) layer.push_back({"db", *options.db, "--db"});
  if (options.log_level) layer.push_back({"log.level", *options.log_level, "--log-level"});
  if (options.log_format) layer.push_back({"log.format", *options.log_format, "--log-format"});
  layer.insert(layer.end(), options.extra.begin(), options.extra.end());
  return layer;
}

Result<ConfigLayer> SetLayer(const CommonOptions& options) {
  ConfigLayer layer;
  for (const auto& assignment : options.set) {
    auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Error::InvalidArgument(fmt::format("--set expects KEY=VALUE, got '{}'", assignment));
    }
    layer.push_back({assignment.substr(0, eq), assignment.substr(eq + 1), "--set"});
  }
  return layer;
}

}  // namespace

void AddCommonOptions(CLI::App& command, CommonOptions& options) {
  command.add_option("--config", options.config_file,
                     "Configuration file, TOML or JSON (also TERTULIA_CONFIG; default "
                     "./tertulia.toml when present)");
  command.add_option("--db", options.db,
                     "Database: an SQLite file path (also TERTULIA_DB; default var/tertulia.db)");
  command.add_option("--log-level", options.log_level, "trace, debug, info, warn, error or off");
  command.add_option("--log-format", options.log_format, "text, or json for JSON lines");
  command.add_option("--set", options.set,
                     "KEY=VALUE for any configuration key (see `tertulia config`)");
}

Result<Config> LoadConfig(const CommonOptions& options) {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) environment.emplace_back(*entry);
  TT_ASSIGN_OR_RETURN(auto file, FileLayer(options));
  TT_ASSIGN_OR_RETURN(auto env, ConfigFromEnvironment(environment));
  TT_ASSIGN_OR_RETURN(auto set, SetLayer(options));
  std::vector<ConfigLayer> layers = {std::move(file), std::move(env), std::move(set),
                                     FlagLayer(options)};
  return BuildConfig(layers);
}

}  // namespace tertulia::cli
