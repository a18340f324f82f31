#include "service/visibility.hpp"

#include "service/records.hpp"
#include "store/sales_repos.hpp"

namespace tertulia::service {
namespace {

// Records about contacts and companies are also visible to whoever sees their author, so that a
// rep keeps seeing what they logged.
bool SeesAuthor(const RequestContext& ctx, const domain::RecordMeta& meta) {
  return meta.created_by && domain::CanSee(ctx.principal, meta.created_by);
}

}  // namespace

bool SeesEverything(const RequestContext& ctx) { return !ctx.principal.visible_owners.has_value(); }

std::optional<std::vector<std::string>> VisibleOwnerList(const RequestContext& ctx) {
  if (!ctx.principal.visible_owners) return std::nullopt;
  return std::vector<std::string>(ctx.principal.visible_owners->begin(),
                                  ctx.principal.visible_owners->end());
}

Result<bool> IsVisible(store::Tx&, const RequestContext& ctx, const domain::Contact& contact) {
  return domain::CanSee(ctx.principal, contact.owner_id);
}

Result<bool> IsVisible(store::Tx&, const RequestContext& ctx, const domain::Company& company) {
  return domain::CanSee(ctx.principal, company.owner_id);
}

Result<bool> IsContactVisible(store::Tx& tx, const RequestContext& ctx, const std::string& id) {
  if (SeesEverything(ctx)) return true;
  TT_ASSIGN_OR_RETURN(auto contact, FindLiveContact(tx, ctx, id));
  return contact && domain::CanSee(ctx.principal, contact->owner_id);
}

Result<bool> IsCompanyVisible(store::Tx& tx, const RequestContext& ctx, const std::string& id) {
  if (SeesEverything(ctx)) return true;
  TT_ASSIGN_OR_RETURN(auto company, FindLiveCompany(tx, ctx, id));
  return company && domain::CanSee(ctx.principal, company->owner_id);
}

Result<bool> IsLinkVisible(store::Tx& tx, const RequestContext& ctx,
                           const domain::RecordLink& link) {
  switch (link.type) {
    case domain::RecordType::kContact:
      return IsContactVisible(tx, ctx, link.id);
    case domain::RecordType::kCompany:
      return IsCompanyVisible(tx, ctx, link.id);
    default:
      return true;
  }
}

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Interaction& in) {
  if (SeesEverything(ctx) || SeesAuthor(ctx, in.meta)) return true;
  for (const auto& p : in.participants) {
    if (p.type != domain::ParticipantType::kContact) continue;
    TT_ASSIGN_OR_RETURN(bool visible, IsContactVisible(tx, ctx, p.id));
    if (visible) return true;
  }
  if (in.company_id) return IsCompanyVisible(tx, ctx, *in.company_id);
  return false;
}

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Task& task) {
  if (SeesEverything(ctx) || SeesAuthor(ctx, task.meta)) return true;
  if (task.assignee_id && domain::CanSee(ctx.principal, task.assignee_id)) return true;
  if (task.linked) return IsLinkVisible(tx, ctx, *task.linked);
  return !task.assignee_id;
}

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Note& note) {
  if (SeesEverything(ctx) || SeesAuthor(ctx, note.meta)) return true;
  return IsLinkVisible(tx, ctx, note.record);
}

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Relationship& r) {
  if (SeesEverything(ctx) || SeesAuthor(ctx, r.meta)) return true;
  TT_ASSIGN_OR_RETURN(bool from, IsContactVisible(tx, ctx, r.from_contact_id));
  if (from) return true;
  return IsContactVisible(tx, ctx, r.to_contact_id);
}

Result<bool> IsVisible(store::Tx&, const RequestContext&, const domain::CustomFieldDef&) {
  return true;
}

Result<bool> IsVisible(store::Tx&, const RequestContext&, const domain::User&) { return true; }

Result<bool> IsVisible(store::Tx&, const RequestContext&, const domain::Team&) { return true; }

Result<bool> IsVisible(store::Tx&, const RequestContext&, const domain::Pipeline&) { return true; }

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Document& d) {
  return IsLinkVisible(tx, ctx, d.record);
}

Result<bool> IsVisible(store::Tx&, const RequestContext& ctx, const domain::Opportunity& o) {
  return domain::CanSee(ctx.principal, o.owner_id) || SeesAuthor(ctx, o.meta);
}

void CheckOwnerAssignable(const RequestContext& ctx, const std::optional<std::string>& owner_id,
                          domain::FieldErrors& errors) {
  if (domain::CanSee(ctx.principal, owner_id)) return;
  errors.Add("ownerId", "you can give records only to yourself and the people of your teams");
}

}  // namespace tertulia::service
