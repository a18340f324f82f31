#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"
#include "domain/company.hpp"
#include "domain/contact.hpp"
#include "domain/custom_field.hpp"
#include "domain/interaction.hpp"
#include "domain/note.hpp"
#include "domain/relationship.hpp"
#include "domain/task.hpp"
#include "domain/user.hpp"
#include "domain/validation.hpp"
#include "service/context.hpp"
#include "store/db.hpp"

// Whether the caller may see a record. Contacts and companies are seen through their owner;
// the rest through the contacts and companies they are about. A record not seen is answered as
// not found (404), so its existence is not disclosed.
namespace tertulia::service {

Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Contact& contact);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Company& company);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Interaction& in);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Task& task);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Note& note);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::Relationship& r);
// Workspace settings and people are visible to every member.
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::CustomFieldDef& def);
Result<bool> IsVisible(store::Tx& tx, const RequestContext& ctx, const domain::User& user);

// Whether the contact or company `id` exists and is visible.
Result<bool> IsContactVisible(store::Tx& tx, const RequestContext& ctx, const std::string& id);
Result<bool> IsCompanyVisible(store::Tx& tx, const RequestContext& ctx, const std::string& id);
// Whether the record a link points at is visible (opportunities: always, for now).
Result<bool> IsLinkVisible(store::Tx& tx, const RequestContext& ctx, const domain::RecordLink& link);

// An ownerId field error unless the caller may give a record to `owner_id` (in team mode, only
// to the people whose records the caller sees).
void CheckOwnerAssignable(const RequestContext& ctx, const std::optional<std::string>& owner_id,
                          domain::FieldErrors& errors);

}  // namespace tertulia::service
