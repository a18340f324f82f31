#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "store/db.hpp"

namespace tertulia::store {

// The ids of every record about one contact, live or soft-deleted: what a GDPR erasure removes
// with the contact and what an export lists.
struct RecordsAbout {
  std::vector<std::string> interactions;   // the contact takes part
  std::vector<std::string> notes;          // on the contact
  std::vector<std::string> tasks;          // linked to the contact
  std::vector<std::string> relationships;  // from or to the contact
};

// Hard deletion for GDPR erasure, inside the caller's transaction. Soft deletion stays the rule
// everywhere else.
class ErasureRepo {
 public:
  explicit ErasureRepo(Tx& tx) : tx_(tx) {}
  Result<RecordsAbout> Find(std::string_view workspace_id, std::string_view contact_id);
  // Deletes one row of a CRM record table for good.
  enum class Table { kContact, kInteraction, kNote, kTask, kRelationship };
  Status DeleteRow(Table table, std::string_view workspace_id, std::string_view id);
  Status DeleteConsent(std::string_view contact_id);
  // Forgets stored Idempotency-Key responses that mention `text` (a record id).
  Status ForgetResponsesMentioning(std::string_view workspace_id, std::string_view text);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
