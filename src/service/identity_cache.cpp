#include "service/identity_cache.hpp"

#include "domain/security.hpp"
#include "service/context.hpp"
#include "service/records.hpp"
#include "store/contact_repo.hpp"
#include "store/event_repo.hpp"
#include "store/security_repos.hpp"

namespace tertulia::service {
namespace {

// Into `key`, whose buffer is reused: lookups then allocate nothing.
const std::string& IdentityKey(std::string& key, std::string_view workspace_id,
                               std::string_view kind, std::string_view value) {
  // Workspace ids and kinds never hold the separator.
  key.assign(workspace_id).append(1, '\x1f').append(kind).append(1, '\x1f').append(value);
  return key;
}

// Bounded: a map past kMaxEntries starts again (the next lookups go to the database).
template <typename Map, typename Value>
void Remember(Map& map, std::string key, Value value) {
  if (map.size() >= IdentityCache::kMaxEntries) map.clear();
  map.insert_or_assign(std::move(key), std::move(value));
}

}  // namespace

IdentityCache::IdentityCache() {
  identities_.reserve(kMaxEntries);
  refused_.reserve(kMaxEntries);
}

void IdentityCache::Enter(const store::Tx& tx) {
  uint64_t number = tx.number();
  if (number == tx_ && number != 0) return;
  if (number == 0 || tx.follows() != tx_ || tx_ == 0) Forget();
  tx_ = number;
}

void IdentityCache::Unaffected(const store::Tx& tx) {
  if (tx_ != 0 && tx.number() != 0 && tx.follows() == tx_) tx_ = tx.number();
}

void IdentityCache::Forget() {
  identities_.clear();
  refused_.clear();
  email_owners_.clear();
  contact_fields_.clear();
}

Result<std::optional<std::string>> IdentityCache::Find(store::Tx& tx, std::string_view workspace_id,
                                                       std::string_view kind,
                                                       std::string_view value) {
  const std::string& key = IdentityKey(key_, workspace_id, kind, value);
  if (auto found = identities_.find(key); found != identities_.end()) return found->second;
  TT_ASSIGN_OR_RETURN(auto record, store::IdentityRepo(tx).Find(workspace_id, kind, value));
  if (tx_ != 0) Remember(identities_, key, record);
  return record;
}

Status IdentityCache::Link(store::Tx& tx, std::string_view workspace_id, std::string_view kind,
                           std::string_view value, const std::string& record_id) {
  const std::string& key = IdentityKey(key_, workspace_id, kind, value);
  identities_.erase(key);  // unknown should the link fail
  TT_RETURN_IF_ERROR(store::IdentityRepo(tx).Link(workspace_id, kind, value, record_id));
  if (tx_ != 0) Remember(identities_, key, std::optional<std::string>(record_id));
  return OkStatus();
}

Result<bool> IdentityCache::RefusedTracking(store::Tx& tx, const std::string& contact_id) {
  if (auto found = refused_.find(contact_id); found != refused_.end()) return found->second;
  TT_ASSIGN_OR_RETURN(auto consents, store::ConsentRepo(tx).ForContact(contact_id));
  bool refused = false;
  for (const auto& consent : consents) {
    refused = refused || (consent.purpose == domain::ConsentPurpose::kTracking &&
                          consent.status == domain::ConsentStatus::kDenied);
  }
  if (tx_ != 0) Remember(refused_, contact_id, refused);
  return refused;
}

Result<std::optional<std::string>> IdentityCache::EmailOwner(store::Tx& tx,
                                                             std::string_view workspace_id,
                                                             const std::string& folded_email) {
  std::string key = IdentityKey(key_, workspace_id, "email", folded_email);
  if (auto found = email_owners_.find(key); found != email_owners_.end()) return found->second;
  store::ContactFilter by_email;
  by_email.email = folded_email;
  store::PageRequest one;
  one.limit = 1;
  TT_ASSIGN_OR_RETURN(auto found, store::ContactRepo(tx).List(workspace_id, by_email, one));
  std::optional<std::string> owner;
  if (!found.items.empty()) owner = found.items[0].meta.id;
  if (tx_ != 0) Remember(email_owners_, std::move(key), owner);
  return owner;
}

Result<std::vector<domain::CustomFieldDef>> IdentityCache::ContactFields(
    store::Tx& tx, const std::string& workspace_id) {
  if (auto found = contact_fields_.find(workspace_id); found != contact_fields_.end()) {
    return found->second;
  }
  RequestContext ctx;
  ctx.workspace_id = workspace_id;
  TT_ASSIGN_OR_RETURN(auto defs, LoadCustomFields(tx, ctx, domain::CustomFieldObject::kContact));
  if (tx_ != 0) Remember(contact_fields_, workspace_id, defs);
  return defs;
}

}  // namespace tertulia::service
