#include "service/security_services.hpp"

#include <fmt/format.h>

#include "service/records.hpp"

namespace tertulia::service {
namespace {

Status PrepareTeam(store::Tx& tx, const RequestContext& ctx, domain::Team& team) {
  domain::FieldErrors errors;
  errors.Merge(domain::NormalizeAndValidate(team), "");
  if (team.manager_id) {
    TT_RETURN_IF_ERROR(CheckUserExists(tx, ctx, *team.manager_id, "managerId", errors));
  }
  for (size_t i = 0; i < team.member_ids.size(); ++i) {
    TT_RETURN_IF_ERROR(
        CheckUserExists(tx, ctx, team.member_ids[i], fmt::format("memberIds[{}]", i), errors));
  }
  return errors.ToStatus("invalid team");
}

Status NoDerivedRows(store::Tx&, const domain::Team*, const domain::Team&) { return OkStatus(); }
Status NothingToRemove(store::Tx&, const domain::Team&) { return OkStatus(); }

}  // namespace

TeamService::TeamService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(
          db, clock, ids,
          {"team", PrepareTeam, NoDerivedRows, NothingToRemove, domain::Permission::kAdmin}) {}

Result<std::vector<domain::Team>> TeamService::List(const RequestContext& ctx) {
  return Read<std::vector<domain::Team>>(
      [&](store::Tx& tx) { return store::TeamRepo(tx).List(ctx.workspace_id); });
}

Status AuditLogService::CheckRecordVisible(store::Tx& tx, const RequestContext& ctx,
                                           std::string_view type, std::string_view id) {
  auto visible = [](const auto& loaded) -> Status {
    if (loaded.ok()) return OkStatus();
    return loaded.error();
  };
  if (type == "contact") return visible(records_.contacts.Load(tx, ctx, id));
  if (type == "company") return visible(records_.companies.Load(tx, ctx, id));
  if (type == "interaction") return visible(records_.interactions.Load(tx, ctx, id));
  if (type == "task") return visible(records_.tasks.Load(tx, ctx, id));
  if (type == "note") return visible(records_.notes.Load(tx, ctx, id));
  if (type == "relationship") return visible(records_.relationships.Load(tx, ctx, id));
  return Require(ctx, domain::Permission::kAdmin, fmt::format("read the history of a {}", type));
}

Result<store::Page<domain::AuditEntry>> AuditLogService::List(const RequestContext& ctx,
                                                              const store::AuditFilter& filter,
                                                              const store::PageRequest& page) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  if (!domain::Allows(ctx.principal, domain::Permission::kAdmin)) {
    if (!filter.record_id) {
      return Error::PermissionDenied(
          "only admins read the whole audit log; ask for one record's history with ?recordId=");
    }
    store::PageRequest first;
    first.limit = 1;
    TT_ASSIGN_OR_RETURN(auto probe,
                        store::AuditRepo(*tx).List(ctx.workspace_id, {filter.record_id}, first));
    if (probe.items.empty()) return store::Page<domain::AuditEntry>();
    const auto& type = probe.items.front().record_type;
    TT_RETURN_IF_ERROR(CheckRecordVisible(*tx, ctx, type.value_or(""), *filter.record_id));
  }
  return store::AuditRepo(*tx).List(ctx.workspace_id, filter, page);
}

}  // namespace tertulia::service
