#include "cli/database.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "core/logging.hpp"
#include "store/migrate.hpp"
#include "store/sqlite/sqlite_db.hpp"

namespace tertulia::cli {

Result<std::unique_ptr<store::Db>> OpenDatabase(const Config& config) {
  if (config.db.starts_with("postgres://") || config.db.starts_with("postgresql://")) {
    return Error::InvalidField(
        "db", "this build of tertulia stores data in SQLite only; give a file path");
  }
  std::filesystem::path path(config.db);
  if (path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
      return Error::Unavailable(fmt::format("cannot create the directory {}: {}",
                                            path.parent_path().string(), ec.message()));
    }
  }
  return store::sqlite::Open({.path = config.db,
                              .readers = config.sqlite.readers,
                              .busy_timeout = config.sqlite.busy_timeout,
                              .synchronous = config.sqlite.synchronous,
                              .cache_bytes = config.sqlite.cache_bytes,
                              .mmap_bytes = config.sqlite.mmap_bytes});
}

Result<std::unique_ptr<store::Db>> OpenAndMigrate(const Config& config) {
  TT_ASSIGN_OR_RETURN(auto db, OpenDatabase(config));
  auto log_start = [](const store::Migration& migration) {
    log::Info("applying schema version {}: {}", migration.version, migration.name);
  };
  TT_ASSIGN_OR_RETURN(auto report, store::Migrate(*db, log_start));
  if (!report.applied.empty()) {
    log::Info("migrated {} from schema version {} to {}", db->Describe(), report.from_version,
              report.to_version);
  }
  return db;
}

Result<std::unique_ptr<OpenedApp>> OpenApp(const Config& config) {
  auto opened = std::make_unique<OpenedApp>();
  TT_ASSIGN_OR_RETURN(opened->db, OpenAndMigrate(config));
  opened->app = std::make_unique<service::App>(*opened->db, opened->clock, config.auth,
                                               config.documents, config.tracking);
  TT_ASSIGN_OR_RETURN(opened->workspace, opened->app->workspaces().EnsureDefault());
  return opened;
}

}  // namespace tertulia::cli
