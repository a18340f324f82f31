#include "service/health_service.hpp"

#include "store/migrate.hpp"

namespace tertulia::service {
namespace {

Status PingDatabase(store::Db& db) {
  TT_ASSIGN_OR_RETURN(auto tx, db.BeginRead());
  TT_RETURN_IF_ERROR(tx->QueryInt("SELECT 1"));
  return OkStatus();
}

HealthService::Check ToCheck(std::string name, const Status& status) {
  return {std::move(name), status.ok(), status.ok() ? "ok" : status.error().message()};
}

}  // namespace

std::vector<HealthService::Check> HealthService::Readiness() {
  std::vector<Check> checks{ToCheck("database", PingDatabase(db_))};
  if (checks.back().ok) checks.push_back(ToCheck("schema", store::CheckSchemaCurrent(db_)));
  return checks;
}

}  // namespace tertulia::service
