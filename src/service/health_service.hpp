#pragma once

#include <string>
#include <vector>

#include "store/db.hpp"

namespace tertulia::service {

// Liveness and readiness of the server's dependencies. Thread-safe.
class HealthService {
 public:
  struct Check {
    std::string name;  // "database", "schema"
    bool ok = false;
    std::string detail;  // why not, for operators; no secrets
  };

  explicit HealthService(store::Db& db) : db_(db) {}

  // Ready to serve: the database answers a query and its schema is this binary's.
  std::vector<Check> Readiness();

 private:
  store::Db& db_;
};

}  // namespace tertulia::service
