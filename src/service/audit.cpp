#include "service/audit.hpp"

#include <boost/json/serialize.hpp>

#include "store/security_repos.hpp"

namespace tertulia::service {

Status Audit(store::Tx& tx, const RequestContext& ctx, const Clock& clock, IdGenerator& ids,
             std::string_view action, std::string_view record_type, std::string_view record_id,
             const std::optional<boost::json::object>& changes) {
  const auto& p = ctx.principal;
  domain::AuditEntry entry;
  entry.id = ids.Next();
  entry.workspace_id = ctx.workspace_id;
  entry.occurred_at = clock.Now();
  entry.actor_type = p.kind == domain::Principal::Kind::kUser     ? "user"
                     : p.kind == domain::Principal::Kind::kApiKey ? "api_key"
                                                                  : "system";
  entry.actor_id = p.user_id;
  entry.key_id = p.key_id;
  if (!ctx.remote_address.empty()) entry.ip = ctx.remote_address;
  if (!ctx.request_id.empty()) entry.request_id = ctx.request_id;
  entry.action = std::string(action);
  if (!record_type.empty()) entry.record_type = std::string(record_type);
  if (!record_id.empty()) entry.record_id = std::string(record_id);
  if (changes) entry.changes = boost::json::serialize(*changes);
  return store::AuditRepo(tx).Append(entry);
}

}  // namespace tertulia::service
