#include <fmt/format.h>

#include <set>

#include "service/crm_services.hpp"
#include "service/derived_rows.hpp"
#include "store/contact_repo.hpp"
#include "store/derived_repos.hpp"
#include "store/record_sql.hpp"

namespace tertulia::service {
namespace {

// Checks every participant; fills company_id from the contacts when they share one company.
Status CheckParticipants(store::Tx& tx, const RequestContext& ctx, domain::Interaction& in,
                         domain::FieldErrors& errors) {
  std::set<std::string> companies;
  bool every_contact_has_company = true;
  for (size_t i = 0; i < in.participants.size(); ++i) {
    const auto& p = in.participants[i];
    std::string field = fmt::format("participants[{}].id", i);
    if (p.type == domain::ParticipantType::kUser) {
      TT_RETURN_IF_ERROR(CheckUserExists(tx, ctx, p.id, field, errors));
      continue;
    }
    auto contact = store::ContactRepo(tx).Get(ctx.workspace_id, p.id);
    if (!contact.ok() || contact->meta.deleted()) {
      TT_RETURN_IF_ERROR(CheckContactExists(tx, ctx, p.id, field, errors));
      continue;
    }
    if (contact->company_id)
      companies.insert(*contact->company_id);
    else
      every_contact_has_company = false;
  }
  if (!in.company_id && companies.size() == 1 && every_contact_has_company) {
    in.company_id = *companies.begin();
  }
  return OkStatus();
}

Status PrepareInteraction(store::Tx& tx, const RequestContext& ctx, domain::Interaction& in) {
  domain::FieldErrors errors;
  if (in.company_id) {
    TT_RETURN_IF_ERROR(CheckCompanyExists(tx, ctx, *in.company_id, "companyId", errors));
  }
  TT_RETURN_IF_ERROR(CheckParticipants(tx, ctx, in, errors));
  // Logged without a time: it happened now.
  if (in.occurred_at == Timestamp{}) in.occurred_at = in.meta.updated_at;
  errors.Merge(domain::NormalizeAndValidate(in), "");
  return errors.ToStatus("invalid interaction");
}

int64_t DocId(const domain::Interaction& in) {
  return store::SearchDocId(store::SearchKind::kInteraction, in.meta.seq);
}

Status IndexInteraction(store::Tx& tx, const domain::Interaction* before,
                        const domain::Interaction& in) {
  const std::string& workspace = in.meta.workspace_id;
  std::vector<domain::TimelineEntry> old_entries;
  if (before != nullptr) old_entries = TimelineEntriesOf(*before);
  TT_RETURN_IF_ERROR(
      store::TimelineRepo(tx).Replace(workspace, old_entries, TimelineEntriesOf(in)));
  return IndexForSearch(tx, in, before != nullptr, store::SearchKind::kInteraction, "interaction");
}

Status UnindexInteraction(store::Tx& tx, const domain::Interaction& in) {
  TT_RETURN_IF_ERROR(store::TimelineRepo(tx).Remove(in.meta.workspace_id, TimelineEntriesOf(in)));
  return store::SearchRepo(tx).Remove(DocId(in));
}

}  // namespace

InteractionService::InteractionService(store::Db& db, const Clock& clock, IdGenerator& ids)
    : RecordService(db, clock, ids,
                    {"interaction", PrepareInteraction, IndexInteraction, UnindexInteraction}) {}

Result<store::Page<domain::Interaction>> InteractionService::List(
    const RequestContext& ctx, const store::InteractionFilter& filter,
    const store::PageRequest& page) {
  return ListVisible(ctx, filter, page);
}

}  // namespace tertulia::service
