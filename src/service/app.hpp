#pragma once

#include "core/time.hpp"
#include "service/health_service.hpp"
#include "service/workspace_service.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// Every use case of Tertulia, wired to one database and clock. The HTTP and CLI layers hold one
// App and call into it. Thread-safe.
class App {
 public:
  App(store::Db& db, const Clock& clock) : db_(db), health_(db), workspaces_(db, clock) {}

  store::Db& db() { return db_; }
  HealthService& health() { return health_; }
  WorkspaceService& workspaces() { return workspaces_; }

 private:
  store::Db& db_;
  HealthService health_;
  WorkspaceService workspaces_;
};

}  // namespace tertulia::service
