#pragma once

#include <memory>

#include "core/config.hpp"
#include "core/result.hpp"
#include "store/db.hpp"

namespace tertulia::cli {

// Opens config.db and brings its schema up to date. An SQLite path gets its parent directory
// created. kFailedPrecondition for a database newer than this binary.
Result<std::unique_ptr<store::Db>> OpenAndMigrate(const Config& config);

// Opens config.db without migrating.
Result<std::unique_ptr<store::Db>> OpenDatabase(const Config& config);

}  // namespace tertulia::cli
