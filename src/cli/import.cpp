// `tertulia import maven DIR`: the Maven Analytics sample CRM into the workspace.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/database.hpp"
#include "cli/progress.hpp"
#include "service/maven_import.hpp"

namespace tertulia::cli {
namespace {

int ImportMaven(const Config& config, const std::string& dir) {
  if (!std::filesystem::is_directory(dir)) {
    fmt::print(stderr, "tertulia: {} is not a directory\n", dir);
    return kExitUsage;
  }
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  service::RequestContext ctx;
  ctx.workspace_id = (*opened)->workspace.id;
  ctx.request_id = "cli";
  ProgressBar bar;
  auto report = service::ImportMaven(*(*opened)->app, ctx, dir,
                                     [&bar](std::string_view stage, size_t done, size_t total) {
                                       bar.Update(stage, done, total);
                                     });
  bar.Finish();
  if (!report.ok()) return Fail(report.error());
  for (const auto& warning : report->warnings) fmt::print(stderr, "warning: {}\n", warning);
  fmt::print(
      "Imported {} users in {} teams, {} companies and {} opportunities into pipeline {}"
      " ({} rows with warnings)\n",
      report->users, report->teams, report->companies, report->opportunities, report->pipeline_id,
      report->warnings.size());
  return kExitOk;
}

}  // namespace

CommandRun AddImportCommands(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand("import", "Import data sets into the workspace");
  command->require_subcommand(1);
  auto dir = std::make_shared<std::string>();
  auto* maven = command->add_subcommand(
      "maven", "The Maven Analytics sample CRM (sales_pipeline.csv, accounts.csv, ...)");
  AddCommonOptions(*maven, options);
  maven->add_option("dir", *dir, "Directory with the CSV files")->required();
  return [dir](const Config& config) { return ImportMaven(config, *dir); };
}

}  // namespace tertulia::cli
