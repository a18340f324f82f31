// The SQLite schema, one numbered migration at a time. A released migration never changes: a
// change to the schema is a new migration at the end.
#include <array>
#include <span>

#include "store/migrate.hpp"

namespace tertulia::store::sqlite {
namespace {

constexpr std::string_view kInitial = R"sql(
CREATE TABLE workspace (
  id          TEXT PRIMARY KEY,
  slug        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  currency    TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
) STRICT;
)sql";

constexpr auto kMigrations = std::to_array<Migration>({
    {1, "workspace", kInitial},
});

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace tertulia::store::sqlite
