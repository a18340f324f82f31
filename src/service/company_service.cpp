#include "service/crm_services.hpp"
#include "service/derived_rows.hpp"
#include "service/visibility.hpp"
#include "store/derived_repos.hpp"
#include "store/record_sql.hpp"

namespace tertulia::service {
namespace {

Status PrepareCompany(store::Tx& tx, const RequestContext& ctx, domain::Company& company) {
  TT_ASSIGN_OR_RETURN(auto defs, LoadCustomFields(tx, ctx, domain::CustomFieldObject::kCompany));
  domain::FieldErrors errors;
  if (company.owner_id) {
    TT_RETURN_IF_ERROR(CheckUserExists(tx, ctx, *company.owner_id, "ownerId", errors));
  }
  CheckOwnerAssignable(ctx, company.owner_id, errors);
  errors.Merge(domain::NormalizeAndValidate(company, defs), "");
  return errors.ToStatus("invalid company");
}

int64_t DocId(const domain::Company& c) {
  return store::SearchDocId(store::SearchKind::kCompany, c.meta.seq);
}

Status IndexCompany(store::Tx& tx, const domain::Company* before, const domain::Company& c) {
  return IndexForSearch(tx, c, before != nullptr, store::SearchKind::kCompany, "company");
}

Status UnindexCompany(store::Tx& tx, const domain::Company& c) {
  return store::SearchRepo(tx).Remove(DocId(c));
}

}  // namespace

CompanyService::CompanyService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids, {"company", PrepareCompany, IndexCompany, UnindexCompany}) {}

Result<store::Page<domain::Company>> CompanyService::List(const RequestContext& ctx,
                                                          const store::CompanyFilter& filter,
                                                          const store::PageRequest& page) {
  return Read<store::Page<domain::Company>>([&](store::Tx& tx) {
    return store::CompanyRepo(tx).List(ctx.workspace_id, WithVisibility(ctx, filter), page);
  });
}

}  // namespace tertulia::service
