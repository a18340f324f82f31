// `tertulia`: the server and its operator commands.
#include <fmt/format.h>

#include <map>

#include "cli/allocator.hpp"
#include "cli/commands.hpp"
#include "core/logging.hpp"

namespace tertulia::cli {
namespace {

int Main(int argc, char** argv) {
  CLI::App app{"Tertulia: the social CRM that keeps the whole conversation", "tertulia"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show the help of every subcommand");
  CommonOptions options;
  std::map<CLI::App*, CommandRun> commands;
  auto add = [&](auto adder) {
    size_t before = app.get_subcommands({}).size();
    CommandRun run = adder(app, options);
    commands[app.get_subcommands({})[before]] = std::move(run);
  };
  add(AddServe);
  add(AddMigrate);
  add(AddDemo);
  add(AddUserCommands);
  add(AddKeyCommands);
  add(AddImportCommands);
  add(AddConfig);
  add(AddVersion);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    fmt::print(stderr, "tertulia: {} (see `tertulia --help`)\n", e.what());
    return kExitUsage;
  }
  auto config = LoadConfig(options);
  if (!config.ok()) {
    fmt::print(stderr, "tertulia: configuration: {}\n", config.error().message());
    return kExitUsage;
  }
  log::Init(config->log);
  CLI::App* chosen = app.get_subcommands().front();
  return commands.at(chosen)(*config);
}

}  // namespace
}  // namespace tertulia::cli

int main(int argc, char** argv) {
  tertulia::cli::ConfigureAllocator();
  return tertulia::cli::Main(argc, argv);
}
