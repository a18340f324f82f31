#include "store/migrate.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.hpp"
#include "cli/database.hpp"
#include "service/app.hpp"

namespace tertulia::cli {
namespace {

int Status(const Config& config) {
  auto db = OpenDatabase(config);
  if (!db.ok()) return Fail(db.error());
  auto version = store::SchemaVersion(**db);
  if (!version.ok()) return Fail(version.error());
  int latest = (*db)->migrations().back().version;
  fmt::print("{}: schema version {} of {}{}\n", (*db)->Describe(), *version, latest,
             *version < latest ? " (run `tertulia migrate` to upgrade)" : "");
  return *version > latest ? kExitFailure : kExitOk;
}

int Migrate(const Config& config) {
  auto db = OpenDatabase(config);
  if (!db.ok()) return Fail(db.error());
  auto say_start = [](const store::Migration& migration) {
    fmt::print("applying schema version {}: {}\n", migration.version, migration.name);
    std::fflush(stdout);
  };
  auto report = store::Migrate(**db, say_start);
  if (!report.ok()) return Fail(report.error());
  SystemClock clock;
  service::App app(**db, clock);
  auto workspace = app.workspaces().EnsureDefault();
  if (!workspace.ok()) return Fail(workspace.error());
  if (report->applied.empty()) {
    fmt::print("{}: already at schema version {}\n", (*db)->Describe(), report->to_version);
  } else {
    fmt::print("{}: migrated from schema version {} to {}\n", (*db)->Describe(),
               report->from_version, report->to_version);
  }
  return kExitOk;
}

}  // namespace

CommandRun AddMigrate(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand(
      "migrate", "Bring the database schema up to date (serve also does it at start)");
  AddCommonOptions(*command, options);
  auto status_only = std::make_shared<bool>(false);
  command->add_flag("--status", *status_only, "Only print the schema version; change nothing");
  return [status_only](const Config& config) {
    return *status_only ? Status(config) : Migrate(config);
  };
}

}  // namespace tertulia::cli
