#include "store/migrate.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace tertulia::store {
namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " applied_at BIGINT NOT NULL)";
constexpr std::string_view kMaxVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
constexpr std::string_view kTableExists =
    "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'";
constexpr std::string_view kSqliteTableExists =
    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

int LatestVersion(const Db& db) {
  auto migrations = db.migrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Error TooNew(int found, int latest) {
  return Error::FailedPrecondition(
      fmt::format("the database is at schema version {}, newer than this binary knows ({}); "
                  "run a newer tertulia, or restore a backup made for this version",
                  found, latest));
}

Result<int> VersionIn(Tx& tx) {
  std::string_view exists = tx.dialect() == Dialect::kSqlite ? kSqliteTableExists : kTableExists;
  TT_ASSIGN_OR_RETURN(int64_t tables, tx.QueryInt(exists));
  if (tables == 0) return 0;
  TT_ASSIGN_OR_RETURN(int64_t version, tx.QueryInt(kMaxVersion));
  return static_cast<int>(version);
}

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

Result<int> SchemaVersion(Db& db) {
  TT_ASSIGN_OR_RETURN(auto tx, db.BeginRead());
  return VersionIn(*tx);
}

Result<MigrationReport> Migrate(Db& db, const MigrationStarted& started) {
  MigrationReport report;
  int latest = LatestVersion(db);
  TT_ASSIGN_OR_RETURN(report.from_version, SchemaVersion(db));
  if (report.from_version > latest) return TooNew(report.from_version, latest);
  for (const Migration& migration : db.migrations()) {
    if (migration.version <= report.from_version) continue;
    TT_ASSIGN_OR_RETURN(auto tx, db.BeginWrite());
    TT_RETURN_IF_ERROR(tx->ExecScript(kCreateMigrationsTable));
    // Another process may have migrated since we looked; the write lock makes this check exact.
    TT_ASSIGN_OR_RETURN(int current, VersionIn(*tx));
    if (current >= migration.version) continue;
    if (started) started(migration);
    Status applied = tx->ExecScript(migration.sql);
    if (!applied.ok()) {
      return Error::Internal(fmt::format("migration {} ({}) failed: {}", migration.version,
                                         migration.name, applied.error().ToString()));
    }
    TT_RETURN_IF_ERROR(
        tx->Exec(kRecordMigration, {migration.version, migration.name, NowMillis()}));
    TT_RETURN_IF_ERROR(tx->Commit());
    report.applied.push_back(migration.version);
  }
  report.to_version = std::max(report.from_version, latest);
  // A bulk load cut short left indexes to rebuild.
  TT_RETURN_IF_ERROR(db.FinishBulkLoad({}));
  return report;
}

Status CheckSchemaCurrent(Db& db) {
  TT_ASSIGN_OR_RETURN(int version, SchemaVersion(db));
  int latest = LatestVersion(db);
  if (version > latest) return TooNew(version, latest);
  if (version < latest) {
    return Error::FailedPrecondition(
        fmt::format("the database is at schema version {}; run `tertulia migrate` (latest is {})",
                    version, latest));
  }
  return OkStatus();
}

}  // namespace tertulia::store
