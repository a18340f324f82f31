#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/custom_field.hpp"
#include "domain/document.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/sales.hpp"
#include "domain/security.hpp"
#include "domain/task.hpp"
#include "domain/user.hpp"
#include "domain/validation.hpp"
#include "service/context.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

// Whether the caller may see a record. Contacts and companies are seen through their owner;
// the rest through the contacts and companies they are about. A record not seen is answered as
// not found (404), so its existence is not disclosed.
namespace tertulia::service {

// Whether the caller sees every record (admins, and everyone in "all" mode).
bool SeesEverything(const RequestContext& ctx);
// The owners whose records the caller sees, as a list for SQL filters; nullopt when all.
std::optional<std::vector<std::string>> VisibleOwnerList(const RequestContext& ctx);

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Contact& contact);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Company& company);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Interaction& in);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Task& task);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Note& note);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Relationship& r);
// Workspace settings and people are visible to every member.
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::CustomFieldDef& def);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::User& user);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Team& team);
// Pipelines are workspace settings; opportunities are seen through their owner.
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Pipeline& pipeline);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Opportunity& o);
// Documents are seen through the record they are attached to.
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Document& d);

// Whether the contact or company `id` exists and is visible.
Result<bool> IsContactVisible(store::Tx& tx, const RequestContext& ctx, const std::string& id);
Result<bool> IsCompanyVisible(store::Tx& tx, const RequestContext& ctx, const std::string& id);
// Whether the record a link points at is visible.
Result<bool> IsLinkVisible(store::Tx& tx, const RequestContext& ctx,
                           const domain::RecordLink& link);

// An ownerId field error unless the caller may give a record to `owner_id` (in team mode, only
// to the people whose records the caller sees).
void CheckOwnerAssignable(const RequestContext& ctx, const std::optional<std::string>& owner_id,
                          domain::FieldErrors& errors);

// `filter` narrowed to the owners the caller sees (contact and company lists filter in SQL).
template <typename Filter>
Filter WithVisibility(const RequestContext& ctx, Filter filter) {
  filter.visible_owners = VisibleOwnerList(ctx);
  return filter;
}

// A page of the records `list` yields that the caller may see. Pages are fetched one after the
// other, each asking for just the items still missing so that the cursor of the last one fetched
// continues the list exactly; after a bounded number of rounds the page is returned short, with
// its cursor, rather than scanning a large list of invisible records in one request.
template <typename T>
Result<store::Page<T>> VisiblePage(
    store::Tx& tx, const RequestContext& ctx, store::PageRequest page,
    const std::function<Result<store::Page<T>>(const store::PageRequest&)>& list) {
  if (SeesEverything(ctx)) return list(page);
  constexpr int kRounds = 8;
  const size_t wanted = page.limit;
  store::Page<T> out;
  for (int round = 0; round < kRounds && out.items.size() < wanted; ++round) {
    page.limit = wanted - out.items.size();
    TT_ASSIGN_OR_RETURN(auto fetched, list(page));
    for (auto& item : fetched.items) {
      TT_ASSIGN_OR_RETURN(bool visible, IsVisible(tx, ctx, item));
      if (visible) out.items.push_back(std::move(item));
    }
    out.next_key = fetched.next_key;
    out.next_id = fetched.next_id;
    if (!fetched.next_id) break;
    page.after_key = fetched.next_key;
    page.after_id = fetched.next_id;
  }
  return out;
}

}  // namespace tertulia::service
