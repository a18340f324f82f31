#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/options.hpp"

namespace tertulia::cli {

// Exit codes of every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and failed (database unavailable, ...)
inline constexpr int kExitUsage = 2;    // bad flags or configuration

// A subcommand: after parsing, `run` is called with the loaded configuration.
using CommandRun = std::function<int(const Config&)>;

// Each Add* function registers a subcommand on `app` and returns what runs it.
CommandRun AddServe(CLI::App& app, CommonOptions& options);
CommandRun AddMigrate(CLI::App& app, CommonOptions& options);
CommandRun AddVersion(CLI::App& app, CommonOptions& options);
CommandRun AddConfig(CLI::App& app, CommonOptions& options);
CommandRun AddDemo(CLI::App& app, CommonOptions& options);
CommandRun AddUserCommands(CLI::App& app, CommonOptions& options);
CommandRun AddKeyCommands(CLI::App& app, CommonOptions& options);
CommandRun AddImportCommands(CLI::App& app, CommonOptions& options);

// Prints "tertulia: <message>" on stderr and returns kExitFailure.
int Fail(const Error& error);

}  // namespace tertulia::cli
