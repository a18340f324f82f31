#include "store/merge_repo.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "store/event_repo.hpp"
#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

namespace json = boost::json;

constexpr std::string_view kColumns =
    "id, workspace_id, survivor_id, merged_id, source, reason, moves, merged_at, merged_by,"
    " undone_at, undone_by";
constexpr std::string_view kInsert =
    "INSERT INTO contact_merge (id, workspace_id, survivor_id, merged_id, source, reason, moves,"
    " merged_at, merged_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kMarkUndone =
    "UPDATE contact_merge SET undone_at = $3, undone_by = $4"
    " WHERE workspace_id = $1 AND id = $2 AND undone_at IS NULL";

constexpr std::string_view kOpportunitiesWith =
    "SELECT id FROM opportunity WHERE workspace_id = $1 AND EXISTS ("
    " SELECT 1 FROM json_each(contacts) WHERE json_extract(value, '$.contactId') = $2)";
constexpr std::string_view kDocumentsOn =
    "SELECT id FROM document WHERE workspace_id = $1 AND record_id = $2";

// The event statements run once per part of the contact's events ({events}: see ExecForPerson).
constexpr std::string_view kRememberEvents =
    "INSERT OR IGNORE INTO contact_merge_event (merge_id, message_id)"
    " SELECT $3, e.message_id FROM event AS e WHERE {events}";
constexpr std::string_view kMoveEvents = "UPDATE event AS e SET contact_id = $3 WHERE {events}";
// The remembered events, and those that arrived since the merge through the merged contact's ids
// ($5: a JSON array of [kind, value]).
constexpr std::string_view kMoveEventsBack =
    "UPDATE event AS e SET contact_id = $3 WHERE {events} AND ("
    " e.message_id IN (SELECT message_id FROM contact_merge_event WHERE merge_id = $4)"
    " OR (e.received_at >= $6 AND ("
    "  e.user_id IN (SELECT json_extract(value, '$[1]') FROM json_each($5)"
    "                WHERE json_extract(value, '$[0]') = 'user')"
    "  OR e.anonymous_id IN (SELECT json_extract(value, '$[1]') FROM json_each($5)"
    "                      WHERE json_extract(value, '$[0]') = 'anonymous'))))";
constexpr std::string_view kIdentitiesOf =
    "SELECT kind, value FROM identity WHERE workspace_id = $1 AND record_id = $2"
    " ORDER BY kind, value";
constexpr std::string_view kMoveIdentities =
    "UPDATE identity SET record_id = $3 WHERE workspace_id = $1 AND record_id = $2";
constexpr std::string_view kPointIdentity =
    "UPDATE identity SET record_id = $4 WHERE workspace_id = $1 AND kind = $2 AND value = $3";
constexpr std::string_view kDeleteConsent =
    "DELETE FROM consent WHERE contact_id = $1 AND purpose = $2";

domain::ContactMerge MergeFromRow(const Row& row) {
  domain::ContactMerge m;
  m.id = row.String(0);
  m.workspace_id = row.String(1);
  m.survivor_id = row.String(2);
  m.merged_id = row.String(3);
  m.source =
      domain::ParseEnum<domain::MergeSource>(row.Text(4)).value_or(domain::MergeSource::kApi);
  m.reason = row.OptionalString(5);
  m.moves = row.String(6);
  m.merged_at = FromUnixMillis(row.Int(7));
  m.merged_by = row.OptionalString(8);
  if (auto at = row.OptionalInt(9)) m.undone_at = FromUnixMillis(*at);
  m.undone_by = row.OptionalString(10);
  return m;
}

}  // namespace

Status MergeRepo::Insert(const domain::ContactMerge& m) {
  TT_RETURN_IF_ERROR(tx_.Exec(
      kInsert, {m.id, m.workspace_id, m.survivor_id, m.merged_id, domain::EnumName(m.source),
                m.reason, m.moves, ToUnixMillis(m.merged_at), m.merged_by}));
  return OkStatus();
}

Result<domain::ContactMerge> MergeRepo::Get(std::string_view workspace_id, std::string_view id) {
  std::optional<domain::ContactMerge> out;
  std::string sql =
      fmt::format("SELECT {} FROM contact_merge WHERE workspace_id = $1 AND id = $2", kColumns);
  TT_RETURN_IF_ERROR(
      tx_.Query(sql, {workspace_id, id}, [&](const Row& row) { out = MergeFromRow(row); }));
  if (!out) return Error::NotFound(fmt::format("merge {} not found", id));
  return *std::move(out);
}

Result<std::vector<domain::ContactMerge>> MergeRepo::ForContact(std::string_view workspace_id,
                                                                std::string_view contact_id) {
  std::vector<domain::ContactMerge> out;
  std::string sql = fmt::format(
      "SELECT {} FROM contact_merge WHERE workspace_id = $1 AND (survivor_id = $2"
      " OR merged_id = $2) ORDER BY seq DESC",
      kColumns);
  TT_RETURN_IF_ERROR(tx_.Query(sql, {workspace_id, contact_id},
                               [&](const Row& row) { out.push_back(MergeFromRow(row)); }));
  return out;
}

Status MergeRepo::MarkUndone(const domain::ContactMerge& m) {
  TT_ASSIGN_OR_RETURN(
      int64_t changed,
      tx_.Exec(kMarkUndone, {m.workspace_id, m.id, ToUnixMillis(m.undone_at.value_or(Timestamp{})),
                             m.undone_by}));
  if (changed == 0) return Error::Aborted(fmt::format("merge {} was undone already", m.id));
  return OkStatus();
}

Result<std::vector<std::string>> MergeRepo::OpportunitiesWith(std::string_view workspace_id,
                                                              std::string_view contact_id) {
  return IdsReferring(tx_, kOpportunitiesWith, workspace_id, contact_id);
}

Result<std::vector<std::string>> MergeRepo::DocumentsOn(std::string_view workspace_id,
                                                        std::string_view contact_id) {
  return IdsReferring(tx_, kDocumentsOn, workspace_id, contact_id);
}

Result<int64_t> MergeRepo::MoveEvents(std::string_view workspace_id, std::string_view merge_id,
                                      std::string_view from, std::string_view to) {
  constexpr auto kContact = PersonKey::Kind::kContact;
  std::array<Param, 3> remember{Param(workspace_id), Param(from), Param(merge_id)};
  TT_RETURN_IF_ERROR(ExecForPerson(tx_, kContact, kRememberEvents, remember));
  std::array<Param, 3> move{Param(workspace_id), Param(from), Param(to)};
  return ExecForPerson(tx_, kContact, kMoveEvents, move);
}

Result<int64_t> MergeRepo::MoveEventsBack(std::string_view workspace_id, std::string_view merge_id,
                                          std::string_view from, std::string_view to,
                                          Timestamp since, const std::vector<IdentityKey>& ids) {
  json::array pairs;
  for (const auto& id : ids)
    pairs.push_back(json::array{json::string(id.kind), json::string(id.value)});
  std::string ids_json = json::serialize(pairs);
  std::array<Param, 6> params{Param(workspace_id),
                              Param(from),
                              Param(to),
                              Param(merge_id),
                              Param(std::string_view(ids_json)),
                              Param(ToUnixMillis(since))};
  return ExecForPerson(tx_, PersonKey::Kind::kContact, kMoveEventsBack, params);
}

Result<std::vector<IdentityKey>> MergeRepo::MoveIdentities(std::string_view workspace_id,
                                                           std::string_view from,
                                                           std::string_view to) {
  std::vector<IdentityKey> ids;
  TT_RETURN_IF_ERROR(tx_.Query(kIdentitiesOf, {workspace_id, from}, [&](const Row& row) {
    ids.push_back({row.String(0), row.String(1)});
  }));
  TT_RETURN_IF_ERROR(tx_.Exec(kMoveIdentities, {workspace_id, from, to}));
  return ids;
}

Status MergeRepo::PointIdentities(std::string_view workspace_id,
                                  const std::vector<IdentityKey>& ids, std::string_view to) {
  for (const auto& id : ids) {
    TT_RETURN_IF_ERROR(tx_.Exec(kPointIdentity, {workspace_id, id.kind, id.value, to}));
  }
  return OkStatus();
}

Status MergeRepo::DeleteConsent(std::string_view contact_id, std::string_view purpose) {
  TT_RETURN_IF_ERROR(tx_.Exec(kDeleteConsent, {contact_id, purpose}));
  return OkStatus();
}

}  // namespace tertulia::store
