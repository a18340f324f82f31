#include "store/erasure_repo.hpp"

#include <array>

#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

// The interactions scan their participants (JSON): erasure is rare, and a full scan of one
// workspace's interactions is cheaper than an index every write would pay for.
constexpr std::string_view kInteractionsOf =
    "SELECT id FROM interaction WHERE workspace_id = $1 AND EXISTS ("
    " SELECT 1 FROM json_each(participants) WHERE json_extract(value, '$.id') = $2)";
constexpr std::string_view kNotesOn =
    "SELECT id FROM note WHERE workspace_id = $1 AND record_id = $2";
constexpr std::string_view kTasksOn =
    "SELECT id FROM task WHERE workspace_id = $1 AND linked_id = $2";
constexpr std::string_view kRelationshipsOf =
    "SELECT id FROM relationship WHERE workspace_id = $1 AND (from_contact_id = $2"
    " OR to_contact_id = $2)";

constexpr auto kDeletes = std::to_array<std::string_view>({
    "DELETE FROM contact WHERE workspace_id = $1 AND id = $2",
    "DELETE FROM interaction WHERE workspace_id = $1 AND id = $2",
    "DELETE FROM note WHERE workspace_id = $1 AND id = $2",
    "DELETE FROM task WHERE workspace_id = $1 AND id = $2",
    "DELETE FROM relationship WHERE workspace_id = $1 AND id = $2",
});

constexpr std::string_view kDeleteConsent = "DELETE FROM consent WHERE contact_id = $1";
constexpr std::string_view kForgetResponses =
    "DELETE FROM idempotency_key WHERE workspace_id = $1 AND instr(body, $2) > 0";

}  // namespace

Result<RecordsAbout> ErasureRepo::Find(std::string_view workspace_id, std::string_view contact_id) {
  RecordsAbout about;
  TT_ASSIGN_OR_RETURN(about.interactions,
                      IdsReferring(tx_, kInteractionsOf, workspace_id, contact_id));
  TT_ASSIGN_OR_RETURN(about.notes, IdsReferring(tx_, kNotesOn, workspace_id, contact_id));
  TT_ASSIGN_OR_RETURN(about.tasks, IdsReferring(tx_, kTasksOn, workspace_id, contact_id));
  TT_ASSIGN_OR_RETURN(about.relationships,
                      IdsReferring(tx_, kRelationshipsOf, workspace_id, contact_id));
  return about;
}

Status ErasureRepo::DeleteRow(Table table, std::string_view workspace_id, std::string_view id) {
  TT_RETURN_IF_ERROR(tx_.Exec(kDeletes[static_cast<size_t>(table)], {workspace_id, id}));
  return OkStatus();
}

Status ErasureRepo::DeleteConsent(std::string_view contact_id) {
  TT_RETURN_IF_ERROR(tx_.Exec(kDeleteConsent, {contact_id}));
  return OkStatus();
}

Status ErasureRepo::ForgetResponsesMentioning(std::string_view workspace_id,
                                              std::string_view text) {
  TT_RETURN_IF_ERROR(tx_.Exec(kForgetResponses, {workspace_id, text}));
  return OkStatus();
}

}  // namespace tertulia::store
