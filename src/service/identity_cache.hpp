#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "domain/custom_field.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// What the tracking writer's transactions read to tell who an event is about: identities
// (userId, anonymousId, groupId), refused consents, e-mail owners and contact custom fields. Most
// events come from people seen moments before, so the answers are kept from one transaction to
// the next for as long as nothing else writes to the database (store::Tx::follows): any other
// commit, in this process or another, empties the cache. Writes the writer itself makes go through
// the cache (Link) or tell it what they invalidate (Forget, ForgetEmails). For the writer's thread
// only; databases that do not number their transactions get no caching.
class IdentityCache {
 public:
  // Sized for kMaxEntries at once: growing would pause the writer while it rehashes.
  IdentityCache();

  // Before the first use in `tx`: keeps what is known when `tx` is the transaction of the last
  // use, or follows its commit; else forgets everything.
  void Enter(const store::Tx& tx);
  // `tx`, a transaction of the writer that writes none of what the cache holds (an index slice),
  // is about to commit: what the cache holds stays current after it.
  void Unaffected(const store::Tx& tx);

  // The record an identity points at (IdentityRepo::Find).
  Result<std::optional<std::string>> Find(store::Tx& tx, std::string_view workspace_id,
                                          std::string_view kind, std::string_view value);
  // Points the identity at `record_id` (IdentityRepo::Link).
  Status Link(store::Tx& tx, std::string_view workspace_id, std::string_view kind,
              std::string_view value, const std::string& record_id);
  // Whether the contact refused tracking.
  Result<bool> RefusedTracking(store::Tx& tx, const std::string& contact_id);
  // The live contact with the e-mail (folded for matching), if any.
  Result<std::optional<std::string>> EmailOwner(store::Tx& tx, std::string_view workspace_id,
                                                const std::string& folded_email);
  // The workspace's live custom fields of contacts.
  Result<std::vector<domain::CustomFieldDef>> ContactFields(store::Tx& tx,
                                                            const std::string& workspace_id);

  // After the writer created a contact or changed one's e-mails: e-mail owners may have changed.
  void ForgetEmails() { email_owners_.clear(); }
  // After writes the cache cannot follow (a merge moves identities, e-mails and consents).
  void Forget();

  // More entries than this in any map: it is emptied (memory stays bounded).
  static constexpr size_t kMaxEntries = 200'000;

 private:
  uint64_t tx_ = 0;  // the number of the transaction of the last use; 0: none
  std::string key_;  // the lookups' key, built in place
  std::unordered_map<std::string, std::optional<std::string>> identities_;
  std::unordered_map<std::string, bool> refused_;
  std::unordered_map<std::string, std::optional<std::string>> email_owners_;
  std::unordered_map<std::string, std::vector<domain::CustomFieldDef>> contact_fields_;
};

}  // namespace tertulia::service
