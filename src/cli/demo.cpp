#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/database.hpp"
#include "cli/progress.hpp"
#include "service/app.hpp"
#include "service/demo_generator.hpp"

namespace tertulia::cli {
namespace {

struct DemoFlags {
  size_t contacts = 1000;
  size_t opportunities = 0;
  uint64_t seed = 42;
  std::optional<std::string> anchor;
  bool force = false;
};

int Demo(const Config& base, const DemoFlags& flags) {
  service::DemoOptions options;
  options.contacts = flags.contacts;
  options.opportunities = flags.opportunities;
  options.seed = flags.seed;
  options.force = flags.force;
  auto today = std::chrono::floor<std::chrono::days>(SystemClock{}.Now());
  options.anchor = Date{today};
  if (flags.anchor) {
    auto anchor = ParseDate(*flags.anchor);
    if (!anchor.ok()) {
      fmt::print(stderr, "tertulia: --anchor: {}\n", anchor.error().message());
      return kExitUsage;
    }
    options.anchor = *anchor;
  }
  // A bulk load that can simply be run again: no need to wait for the disk on every commit.
  Config config = base;
  config.sqlite.synchronous = "off";
  // Indexes grow at random places: keep them in memory while loading.
  config.sqlite.cache_bytes = std::max<size_t>(config.sqlite.cache_bytes, size_t{2} << 30);
  // Index builds scan whole tables: read through a mapping, not a system call per page.
  config.sqlite.mmap_bytes = std::max<size_t>(config.sqlite.mmap_bytes, size_t{2} << 30);
  config.sqlite.readers = 1;
  auto opened = OpenApp(config);
  if (!opened.ok()) return Fail(opened.error());
  service::RequestContext ctx;
  ctx.workspace_id = (*opened)->workspace.id;
  ProgressBar bar;
  options.progress = [&bar](std::string_view stage, size_t done, size_t total) {
    bar.Update(stage, done, total);
  };
  auto started = std::chrono::steady_clock::now();
  auto report = service::GenerateDemo(*(*opened)->db, ctx, options);
  bar.Finish();
  if (!report.ok()) return Fail(report.error());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  fmt::print(
      "Demo workspace loaded in {:.1f} s: {} contacts, {} companies, {} users, {} "
      "relationships, {} interactions, {} tasks, {} notes, {} opportunities in 3 pipelines\n",
      seconds, Grouped(report->contacts), Grouped(report->companies), Grouped(report->users),
      Grouped(report->relationships), Grouped(report->interactions), Grouped(report->tasks),
      Grouped(report->notes), Grouped(report->opportunities));
  return kExitOk;
}

}  // namespace

CommandRun AddDemo(CLI::App& app, CommonOptions& options) {
  auto* command = app.add_subcommand(
      "demo", "Fill the workspace with a realistic, deterministic demo data set");
  AddCommonOptions(*command, options);
  auto flags = std::make_shared<DemoFlags>();
  command->add_option("--contacts", flags->contacts, "How many contacts (default 1000)")
      ->check(CLI::Range(size_t{10}, size_t{10'000'000}));
  command
      ->add_option("--opportunities", flags->opportunities,
                   "How many opportunities (default: a quarter of the contacts)")
      ->check(CLI::Range(size_t{1}, size_t{10'000'000}));
  command->add_option("--seed", flags->seed, "Random seed: the same seed gives the same data");
  command->add_option("--anchor", flags->anchor,
                      "The data set's today, YYYY-MM-DD (default: today); activity spans the 18 "
                      "months before it");
  command->add_flag("--force", flags->force, "Load even if the workspace already has contacts");
  return [flags](const Config& config) { return Demo(config, *flags); };
}

}  // namespace tertulia::cli
