#pragma once

#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace tertulia::store {

// One schema change. Versions start at 1 and have no gaps; a released migration never changes.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;  // statements separated by semicolons
};

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<int> applied;
};

// The version the database is at: 0 for an empty database.
Result<int> SchemaVersion(Db& db);

// Told as each pending migration starts, so that one rewriting a large table (a minute on a
// million contacts) is not silent.
using MigrationStarted = std::function<void(const Migration&)>;

// Applies the pending migrations of db.migrations(), each in its own transaction. A database newer
// than this binary (a version it does not know) is refused with kFailedPrecondition and changed in
// no way. Safe to run concurrently from several processes: the write lock serialises them.
Result<MigrationReport> Migrate(Db& db, const MigrationStarted& started = {});

// kFailedPrecondition unless the database is exactly at this binary's latest version.
Status CheckSchemaCurrent(Db& db);

}  // namespace tertulia::store
