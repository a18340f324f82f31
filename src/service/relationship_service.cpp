#include <fmt/format.h>

#include "service/crm_services.hpp"

namespace tertulia::service {
namespace {

Status PrepareRelationship(store::Tx& tx, const RequestContext& ctx, domain::Relationship& r) {
  domain::FieldErrors errors;
  TT_RETURN_IF_ERROR(CheckContactExists(tx, ctx, r.from_contact_id, "fromContactId", errors));
  TT_RETURN_IF_ERROR(CheckContactExists(tx, ctx, r.to_contact_id, "toContactId", errors));
  errors.Merge(domain::NormalizeAndValidate(r), "");
  TT_RETURN_IF_ERROR(errors.ToStatus("invalid relationship"));
  TT_ASSIGN_OR_RETURN(auto existing, store::RelationshipRepo(tx).FindBetween(
                                         ctx.workspace_id, r.from_contact_id, r.to_contact_id,
                                         domain::EnumName(r.kind)));
  if (existing && existing->meta.id != r.meta.id) {
    return Error::AlreadyExists(fmt::format("relationship {} already ties these contacts as {}",
                                            existing->meta.id, domain::EnumName(r.kind)));
  }
  return OkStatus();
}

Status NoDerivedRows(store::Tx&, const domain::Relationship*, const domain::Relationship&) {
  return OkStatus();
}
Status NothingToRemove(store::Tx&, const domain::Relationship&) { return OkStatus(); }

}  // namespace

RelationshipService::RelationshipService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids,
                    {"relationship", PrepareRelationship, NoDerivedRows, NothingToRemove}) {}

Result<store::Page<domain::Relationship>> RelationshipService::List(
    const RequestContext& ctx, const store::RelationshipFilter& filter,
    const store::PageRequest& page) {
  return ListVisible(ctx, filter, page);
}

}  // namespace tertulia::service
