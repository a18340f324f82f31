#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/contact.hpp"
#include "store/db.hpp"
#include "store/page.hpp"

namespace tertulia::store {

struct ContactFilter {
  std::optional<std::string> email{};   // normalised address
  std::optional<std::string> social{};  // "network:handle", normalised
  std::optional<std::string> tag{};
  std::optional<std::string> owner_id{};
  std::optional<std::string> company_id{};
  std::optional<std::string> lifecycle_stage{};
  std::vector<std::pair<std::string, std::string>> custom_equals{};  // key -> CustomKeyText
  std::optional<Timestamp> updated_from{};                           // inclusive
  std::optional<Timestamp> updated_to{};                             // exclusive
  bool deleted = false;  // list soft-deleted contacts instead of live ones
  // Only records nobody owns or owned by one of these (the caller's visibility); all if unset.
  std::optional<std::vector<std::string>> visible_owners{};
};

// Contact rows and their lookup keys, inside the caller's transaction.
class ContactRepo {
 public:
  explicit ContactRepo(Tx& tx) : tx_(tx) {}

  // Also writes the e-mail, social, tag and custom-value keys. Sets contact.meta.seq.
  Status Insert(domain::Contact& contact);
  // Writes every column of `after` if the stored version is after.meta.version - 1
  // (kFailedPrecondition otherwise), and replaces the keys of `before` by those of `after`.
  Status Update(const domain::Contact& before, const domain::Contact& after);
  // Deletes the row and its keys for good (GDPR erasure).
  Status Erase(const domain::Contact& contact);
  // Soft-deleted contacts too; kNotFound for another workspace's.
  Result<domain::Contact> Get(std::string_view workspace_id, std::string_view id);
  // Only the ids that exist (deleted or not), in no particular order.
  Result<std::vector<domain::Contact>> GetMany(std::string_view workspace_id,
                                               const std::vector<std::string>& ids);
  // Sorts: createdAt, updatedAt, name; '-' for descending.
  Result<Page<domain::Contact>> List(std::string_view workspace_id, const ContactFilter& filter,
                                     const PageRequest& page);
  // Accent-folded "last first" used to sort by name.
  static std::string SortKey(const domain::Contact& contact);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
