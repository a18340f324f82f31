#include "service/contact_service.hpp"

#include <fmt/format.h>

#include "service/derived_rows.hpp"
#include "service/visibility.hpp"
#include "store/company_repo.hpp"
#include "store/derived_repos.hpp"
#include "store/record_sql.hpp"

namespace tertulia::service {
namespace {

Status PrepareContact(store::Tx& tx, const RequestContext& ctx, domain::Contact& contact) {
  TT_ASSIGN_OR_RETURN(auto defs, LoadCustomFields(tx, ctx, domain::CustomFieldObject::kContact));
  domain::FieldErrors errors;
  std::optional<std::string> company_country;
  if (contact.company_id) {
    TT_ASSIGN_OR_RETURN(auto company, FindLiveCompany(tx, ctx, *contact.company_id));
    if (company)
      company_country = company->country;
    else
      errors.Add("companyId", "is not a company of this workspace");
  }
  if (contact.owner_id) {
    TT_RETURN_IF_ERROR(CheckUserExists(tx, ctx, *contact.owner_id, "ownerId", errors));
  }
  CheckOwnerAssignable(ctx, contact.owner_id, errors);
  std::optional<std::string_view> fallback;
  if (company_country) fallback = *company_country;
  errors.Merge(domain::NormalizeAndValidate(contact, defs, fallback), "");
  return errors.ToStatus("invalid contact");
}

int64_t DocId(const domain::Contact& contact) {
  return store::SearchDocId(store::SearchKind::kContact, contact.meta.seq);
}

Status IndexContact(store::Tx& tx, const domain::Contact* before, const domain::Contact& contact) {
  return IndexForSearch(tx, contact, before != nullptr, store::SearchKind::kContact, "contact");
}

Status UnindexContact(store::Tx& tx, const domain::Contact& contact) {
  return store::SearchRepo(tx).Remove(DocId(contact));
}

}  // namespace

ContactService::ContactService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : db_(db),
      clock_(clock),
      lifecycle_(db, clock, ids, {"contact", PrepareContact, IndexContact, UnindexContact}) {}

Result<Created<std::vector<BatchItem>>> ContactService::CreateBatch(
    const RequestContext& ctx, const std::vector<Mutation<domain::Contact>>& fills,
    const ReplayRender<std::vector<BatchItem>>& render) {
  if (fills.empty() || fills.size() > kMaxBatch) {
    return Error::InvalidField("contacts", fmt::format("must hold 1 to {} contacts", kMaxBatch));
  }
  TT_RETURN_IF_ERROR(lifecycle_.RequireWrite(ctx, "create"));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  TT_ASSIGN_OR_RETURN(auto replay, FindReplay(*tx, ctx));
  if (replay) return Created<std::vector<BatchItem>>{std::nullopt, std::move(replay)};
  std::vector<BatchItem> results;
  results.reserve(fills.size());
  for (const auto& fill : fills) {
    domain::Contact draft;
    Status inserted = lifecycle_.InsertNew(*tx, ctx, draft, fill);
    if (inserted.ok()) {
      results.push_back({std::move(draft), std::nullopt});
    } else if (inserted.error().code() == ErrorCode::kInvalidArgument) {
      results.push_back({std::nullopt, std::move(inserted).error()});
    } else {
      return std::move(inserted).error();
    }
  }
  TT_RETURN_IF_ERROR(RememberResponse(
      *tx, ctx, 200, [&] { return render(results); }, clock_));
  TT_RETURN_IF_ERROR(tx->Commit());
  return Created<std::vector<BatchItem>>{std::move(results), std::nullopt};
}

Result<store::Page<domain::Contact>> ContactService::List(const RequestContext& ctx,
                                                          const store::ContactFilter& filter,
                                                          const store::PageRequest& page) {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  return store::ContactRepo(*tx).List(ctx.workspace_id, WithVisibility(ctx, filter), page);
}

}  // namespace tertulia::service
