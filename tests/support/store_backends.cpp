#include "support/store_backends.hpp"

#include <stdexcept>

#include "store/sqlite/sqlite_db.hpp"

namespace tertulia::testing {

std::vector<StoreBackend> StoreBackends() {
  return {{"sqlite", [](const TestDir& dir) {
             auto db = store::sqlite::Open({.path = dir.File("contract.db"), .readers = 3});
             if (!db.ok()) throw std::runtime_error(db.error().ToString());
             return std::move(db).value();
           }}};
}

}  // namespace tertulia::testing
