#include <fmt/format.h>

#include "cli/allocator.hpp"
#include "cli/build_info.hpp"
#include "cli/commands.hpp"
#include "store/db.hpp"

namespace tertulia::cli {

CommandRun AddVersion(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand("version", "Print the version and build of this binary");
  AddCommonOptions(*command, options);
  return [](const Config&) {
    fmt::print("tertulia {} (commit {}, {} build, allocator {})\n", TERTULIA_VERSION, kGitCommit,
               kBuildType, DescribeAllocator());
    return kExitOk;
  };
}

CommandRun AddConfig(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand(
      "config", "Print the effective configuration and every key with its environment variable");
  AddCommonOptions(*command, options);
  return [](const Config& config) {
    fmt::print("Effective configuration:\n  db = {}\n  listen = {}:{}\n  web.root = {}\n\n",
               config.db, config.http.host, config.http.port, config.web_root);
    fmt::print("Keys (defaults < tertulia.toml < TERTULIA_* < flags):\n{}", DescribeConfigKeys());
    return kExitOk;
  };
}

}  // namespace tertulia::cli
