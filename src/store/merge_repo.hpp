#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/merge.hpp"
#include "store/db.hpp"

namespace tertulia::store {

// A tracking id (kind "user", "anonymous") that pointed at a contact.
struct IdentityKey {
  std::string kind;
  std::string value;
};

// Contact merges, and the bulk moves a merge makes of rows that are not records of their own
// (tracked events with their timeline entries, tracking identities, consent).
class MergeRepo {
 public:
  explicit MergeRepo(Tx& tx) : tx_(tx) {}
  Status Insert(const domain::ContactMerge& merge);
  Result<domain::ContactMerge> Get(std::string_view workspace_id, std::string_view id);
  // The merges the contact took part in (either side), newest first.
  Result<std::vector<domain::ContactMerge>> ForContact(std::string_view workspace_id,
                                                       std::string_view contact_id);
  Status MarkUndone(const domain::ContactMerge& merge);

  // Opportunities and documents about the contact (live or not).
  Result<std::vector<std::string>> OpportunitiesWith(std::string_view workspace_id,
                                                     std::string_view contact_id);
  Result<std::vector<std::string>> DocumentsOn(std::string_view workspace_id,
                                               std::string_view contact_id);

  // Gives the events of `from` to `to`, remembering them under the
  // merge. Returns how many moved.
  Result<int64_t> MoveEvents(std::string_view workspace_id, std::string_view merge_id,
                             std::string_view from, std::string_view to);
  // Undoes MoveEvents: the remembered events, and those that came in since `since` through one
  // of `ids` (the merged contact's tracking ids), go back to `to`. Returns how many moved.
  Result<int64_t> MoveEventsBack(std::string_view workspace_id, std::string_view merge_id,
                                 std::string_view from, std::string_view to, Timestamp since,
                                 const std::vector<IdentityKey>& ids);
  // Points the tracking ids of `from` at `to`; returns them.
  Result<std::vector<IdentityKey>> MoveIdentities(std::string_view workspace_id,
                                                  std::string_view from, std::string_view to);
  Status PointIdentities(std::string_view workspace_id, const std::vector<IdentityKey>& ids,
                         std::string_view to);
  Status DeleteConsent(std::string_view contact_id, std::string_view purpose);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
