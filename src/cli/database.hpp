#pragma once

#include <memory>

#include "core/config.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/workspace.hpp"
#include "service/app.hpp"
#include "store/db.hpp"

namespace tertulia::cli {

// Opens config.db and brings its schema up to date. An SQLite path gets its parent directory
// created. kFailedPrecondition for a database newer than this binary.
Result<std::unique_ptr<store::Db>> OpenAndMigrate(const Config& config);

// A database ready for work: migrated, with the App on it and its default workspace.
struct OpenedApp {
  std::unique_ptr<store::Db> db;
  SystemClock clock;
  std::unique_ptr<service::App> app;
  domain::Workspace workspace;
};
Result<std::unique_ptr<OpenedApp>> OpenApp(const Config& config);

// Opens config.db without migrating.
Result<std::unique_ptr<store::Db>> OpenDatabase(const Config& config);

}  // namespace tertulia::cli
