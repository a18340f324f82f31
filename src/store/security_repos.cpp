#include "store/security_repos.hpp"

#include <fmt/format.h>

#include "store/list_query.hpp"
#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

std::optional<std::string_view> View(const std::optional<std::string>& value) {
  return value ? std::optional<std::string_view>(*value) : std::nullopt;
}

// ---- sessions ----

constexpr std::string_view kSessionInsert =
    "INSERT INTO session (token_hash, workspace_id, user_id, csrf_token, created_at,"
    " last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kSessionFind =
    "SELECT token_hash, workspace_id, user_id, csrf_token, created_at, last_seen_at, expires_at,"
    " ip, user_agent FROM session WHERE token_hash = $1";
constexpr std::string_view kSessionTouch =
    "UPDATE session SET last_seen_at = $2, expires_at = $3 WHERE token_hash = $1";
constexpr std::string_view kSessionDelete = "DELETE FROM session WHERE token_hash = $1";
constexpr std::string_view kSessionDeleteUser = "DELETE FROM session WHERE user_id = $1";
constexpr std::string_view kSessionDeleteExpired = "DELETE FROM session WHERE expires_at < $1";

// ---- credentials ----

constexpr std::string_view kCredentialsGet =
    "SELECT password_hash, must_change_password FROM app_user WHERE id = $1";
constexpr std::string_view kCredentialsSet =
    "UPDATE app_user SET password_hash = $2, must_change_password = $3 WHERE id = $1";

// ---- keys ----

constexpr std::string_view kKeyInsert =
    "INSERT INTO api_key (id, workspace_id, kind, name, prefix, secret_hash, scope, user_id,"
    " source, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr std::string_view kKeyFind =
    "SELECT id, workspace_id, kind, name, prefix, scope, user_id, source, created_at, created_by,"
    " last_used_at, revoked_at FROM api_key WHERE secret_hash = $1 AND revoked_at IS NULL";
constexpr std::string_view kKeyGet =
    "SELECT id, workspace_id, kind, name, prefix, scope, user_id, source, created_at, created_by,"
    " last_used_at, revoked_at FROM api_key WHERE workspace_id = $1 AND id = $2";
constexpr std::string_view kKeyList =
    "SELECT id, workspace_id, kind, name, prefix, scope, user_id, source, created_at, created_by,"
    " last_used_at, revoked_at FROM api_key WHERE workspace_id = $1 ORDER BY seq DESC";
constexpr std::string_view kKeyRevoke =
    "UPDATE api_key SET revoked_at = $3 WHERE workspace_id = $1 AND id = $2 AND revoked_at IS NULL";
constexpr std::string_view kKeyUsed =
    "UPDATE api_key SET last_used_at = $2 WHERE id = $1"
    " AND (last_used_at IS NULL OR last_used_at < $2 - 60000)";

// ---- teams ----

constexpr std::string_view kTeamInsert =
    "INSERT INTO team (id, workspace_id, name, manager_id, created_at, updated_at, deleted_at,"
    " version, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kTeamUpdate =
    "UPDATE team SET name = $3, manager_id = $4, updated_at = $6, deleted_at = $7, version = $8"
    " WHERE id = $1 AND workspace_id = $2 AND version = $8 - 1";
constexpr std::string_view kTeamGet =
    "SELECT id, workspace_id, name, manager_id, created_at, updated_at, deleted_at, version,"
    " created_by, seq FROM team WHERE workspace_id = $1 AND id = $2";
constexpr std::string_view kTeamList =
    "SELECT id, workspace_id, name, manager_id, created_at, updated_at, deleted_at, version,"
    " created_by, seq FROM team WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY name";
constexpr std::string_view kMembers = "SELECT user_id FROM team_member WHERE team_id = $1";
constexpr std::string_view kDeleteMembers = "DELETE FROM team_member WHERE team_id = $1";
constexpr std::string_view kAddMember =
    "INSERT OR IGNORE INTO team_member (team_id, user_id) VALUES ($1, $2)";
constexpr std::string_view kTeammates =
    "SELECT DISTINCT other.user_id FROM team_member mine"
    " JOIN team t ON t.id = mine.team_id AND t.deleted_at IS NULL"
    " JOIN team_member other ON other.team_id = mine.team_id WHERE mine.user_id = $1";
constexpr std::string_view kLedMembers =
    "SELECT DISTINCT m.user_id FROM team t JOIN team_member m ON m.team_id = t.id"
    " WHERE t.manager_id = $1 AND t.deleted_at IS NULL";

// ---- audit ----

constexpr std::string_view kAuditColumns =
    "id, workspace_id, occurred_at, actor_type, actor_id, key_id, ip, request_id, action,"
    " record_type, record_id, changes";
constexpr std::string_view kAuditInsert =
    "INSERT INTO audit_log (id, workspace_id, occurred_at, actor_type, actor_id, key_id, ip,"
    " request_id, action, record_type, record_id, changes)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
constexpr std::string_view kAuditRedact =
    "UPDATE audit_log SET changes = '{\"redacted\":true}', ip = NULL"
    " WHERE workspace_id = $1 AND record_id = $2";

// ---- consent ----

constexpr std::string_view kConsentUpsert =
    "INSERT INTO consent (workspace_id, contact_id, purpose, status, source, legal_basis,"
    " recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (contact_id, purpose) DO UPDATE SET status = excluded.status,"
    " source = excluded.source, legal_basis = excluded.legal_basis,"
    " recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by";
constexpr std::string_view kConsentList =
    "SELECT contact_id, purpose, status, source, legal_basis, recorded_at, recorded_by"
    " FROM consent WHERE contact_id = $1 ORDER BY purpose";

domain::ApiKey KeyFromRow(const Row& row) {
  domain::ApiKey k;
  k.id = row.String(0);
  k.workspace_id = row.String(1);
  k.kind = domain::ParseEnum<domain::KeyKind>(row.Text(2)).value_or(domain::KeyKind::kApi);
  k.name = row.String(3);
  k.prefix = row.String(4);
  if (!row.IsNull(5)) k.scope = domain::ParseEnum<domain::Scope>(row.Text(5));
  k.user_id = row.OptionalString(6);
  k.source = row.OptionalString(7);
  k.created_at = FromUnixMillis(row.Int(8));
  k.created_by = row.OptionalString(9);
  k.last_used_at = OptionalTimestamp(row, 10);
  k.revoked_at = OptionalTimestamp(row, 11);
  return k;
}

domain::Team TeamFromRow(const Row& row) {
  domain::Team t;
  t.meta.id = row.String(0);
  t.meta.workspace_id = row.String(1);
  t.name = row.String(2);
  t.manager_id = row.OptionalString(3);
  ReadMeta(row, 4, t.meta);
  return t;
}

domain::AuditEntry AuditFromRow(const Row& row) {
  return {row.String(0),         row.String(1),          FromUnixMillis(row.Int(2)),
          row.String(3),         row.OptionalString(4),  row.OptionalString(5),
          row.OptionalString(6), row.OptionalString(7),  row.String(8),
          row.OptionalString(9), row.OptionalString(10), row.OptionalString(11)};
}

Result<std::vector<std::string>> Strings(Tx& tx, std::string_view sql, std::string_view param) {
  std::vector<std::string> out;
  TT_RETURN_IF_ERROR(tx.Query(sql, {param}, [&](const Row& row) { out.push_back(row.String(0)); }));
  return out;
}

Status WriteMembers(Tx& tx, const domain::Team& team) {
  TT_RETURN_IF_ERROR(tx.Exec(kDeleteMembers, {team.meta.id}));
  for (const auto& member : team.member_ids) {
    TT_RETURN_IF_ERROR(tx.Exec(kAddMember, {team.meta.id, member}));
  }
  return OkStatus();
}

}  // namespace

// ---- SessionRepo ----

Status SessionRepo::Insert(const SessionRow& s) {
  TT_RETURN_IF_ERROR(tx_.Exec(
      kSessionInsert,
      {s.token_hash, s.workspace_id, s.user_id, s.csrf_token, ToUnixMillis(s.created_at),
       ToUnixMillis(s.last_seen_at), ToUnixMillis(s.expires_at), View(s.ip), View(s.user_agent)}));
  return OkStatus();
}

Result<std::optional<SessionRow>> SessionRepo::Find(std::string_view token_hash) {
  std::optional<SessionRow> found;
  TT_RETURN_IF_ERROR(tx_.Query(kSessionFind, {token_hash}, [&](const Row& row) {
    found = SessionRow{row.String(0),
                       row.String(1),
                       row.String(2),
                       row.String(3),
                       FromUnixMillis(row.Int(4)),
                       FromUnixMillis(row.Int(5)),
                       FromUnixMillis(row.Int(6)),
                       row.OptionalString(7),
                       row.OptionalString(8)};
  }));
  return found;
}

Status SessionRepo::Touch(std::string_view token_hash, Timestamp last_seen, Timestamp expires_at) {
  TT_RETURN_IF_ERROR(
      tx_.Exec(kSessionTouch, {token_hash, ToUnixMillis(last_seen), ToUnixMillis(expires_at)}));
  return OkStatus();
}

Status SessionRepo::Delete(std::string_view token_hash) {
  TT_RETURN_IF_ERROR(tx_.Exec(kSessionDelete, {token_hash}));
  return OkStatus();
}

Status SessionRepo::DeleteForUser(std::string_view user_id) {
  TT_RETURN_IF_ERROR(tx_.Exec(kSessionDeleteUser, {user_id}));
  return OkStatus();
}

Status SessionRepo::DeleteExpired(Timestamp now) {
  TT_RETURN_IF_ERROR(tx_.Exec(kSessionDeleteExpired, {ToUnixMillis(now)}));
  return OkStatus();
}

// ---- CredentialRepo ----

Result<CredentialRepo::Credentials> CredentialRepo::Get(std::string_view user_id) {
  std::optional<Credentials> found;
  TT_RETURN_IF_ERROR(tx_.Query(kCredentialsGet, {user_id}, [&](const Row& row) {
    found = Credentials{row.OptionalString(0), row.Int(1) != 0};
  }));
  if (!found) return RecordNotFound("user", user_id);
  return *found;
}

Status CredentialRepo::Set(std::string_view user_id, std::string_view password_hash,
                           bool must_change) {
  TT_RETURN_IF_ERROR(tx_.Exec(kCredentialsSet, {user_id, password_hash, must_change}));
  return OkStatus();
}

// ---- ApiKeyRepo ----

Status ApiKeyRepo::Insert(const domain::ApiKey& k, std::string_view secret_hash) {
  std::optional<std::string_view> scope;
  if (k.scope) scope = domain::EnumName(*k.scope);
  TT_RETURN_IF_ERROR(tx_.Exec(
      kKeyInsert,
      {k.id, k.workspace_id, domain::EnumName(k.kind), k.name, k.prefix, secret_hash, scope,
       View(k.user_id), View(k.source), ToUnixMillis(k.created_at), View(k.created_by)}));
  return OkStatus();
}

Result<std::optional<domain::ApiKey>> ApiKeyRepo::FindActive(std::string_view secret_hash) {
  std::optional<domain::ApiKey> found;
  TT_RETURN_IF_ERROR(
      tx_.Query(kKeyFind, {secret_hash}, [&](const Row& row) { found = KeyFromRow(row); }));
  return found;
}

Result<domain::ApiKey> ApiKeyRepo::Get(std::string_view workspace_id, std::string_view id) {
  return GetOne<domain::ApiKey>(tx_, kKeyGet, "key", workspace_id, id, KeyFromRow);
}

Result<std::vector<domain::ApiKey>> ApiKeyRepo::List(std::string_view workspace_id) {
  std::vector<domain::ApiKey> out;
  TT_RETURN_IF_ERROR(
      tx_.Query(kKeyList, {workspace_id}, [&](const Row& row) { out.push_back(KeyFromRow(row)); }));
  return out;
}

Status ApiKeyRepo::Revoke(std::string_view workspace_id, std::string_view id, Timestamp at) {
  TT_ASSIGN_OR_RETURN(int64_t changed, tx_.Exec(kKeyRevoke, {workspace_id, id, ToUnixMillis(at)}));
  if (changed == 0) return Error::NotFound(fmt::format("no live key {}", id));
  return OkStatus();
}

Status ApiKeyRepo::MarkUsed(std::string_view id, Timestamp at) {
  TT_RETURN_IF_ERROR(tx_.Exec(kKeyUsed, {id, ToUnixMillis(at)}));
  return OkStatus();
}

// ---- TeamRepo ----

Status TeamRepo::Insert(domain::Team& t) {
  TT_ASSIGN_OR_RETURN(
      t.meta.seq,
      RunWrite(tx_, kTeamInsert,
               {t.meta.id, t.meta.workspace_id, t.name, View(t.manager_id),
                ToUnixMillis(t.meta.created_at), ToUnixMillis(t.meta.updated_at),
                OptionalMillis(t.meta.deleted_at), t.meta.version, View(t.meta.created_by)}));
  return WriteMembers(tx_, t);
}

Status TeamRepo::Update(const domain::Team&, const domain::Team& t) {
  TT_RETURN_IF_ERROR(CheckUpdated(
      RunWrite(tx_, kTeamUpdate,
               {t.meta.id, t.meta.workspace_id, t.name, View(t.manager_id),
                ToUnixMillis(t.meta.created_at), ToUnixMillis(t.meta.updated_at),
                OptionalMillis(t.meta.deleted_at), t.meta.version, View(t.meta.created_by)}),
      "team", t.meta));
  return WriteMembers(tx_, t);
}

Result<domain::Team> TeamRepo::Get(std::string_view workspace_id, std::string_view id) {
  TT_ASSIGN_OR_RETURN(auto team,
                      GetOne<domain::Team>(tx_, kTeamGet, "team", workspace_id, id, TeamFromRow));
  TT_ASSIGN_OR_RETURN(team.member_ids, Strings(tx_, kMembers, team.meta.id));
  return team;
}

Result<std::vector<domain::Team>> TeamRepo::List(std::string_view workspace_id) {
  std::vector<domain::Team> teams;
  TT_RETURN_IF_ERROR(tx_.Query(kTeamList, {workspace_id},
                               [&](const Row& row) { teams.push_back(TeamFromRow(row)); }));
  for (auto& team : teams) {
    TT_ASSIGN_OR_RETURN(team.member_ids, Strings(tx_, kMembers, team.meta.id));
  }
  return teams;
}

Result<std::vector<std::string>> TeamRepo::Teammates(std::string_view user_id) {
  return Strings(tx_, kTeammates, user_id);
}

Result<std::vector<std::string>> TeamRepo::LedMembers(std::string_view user_id) {
  return Strings(tx_, kLedMembers, user_id);
}

// ---- AuditRepo ----

Status AuditRepo::Append(const domain::AuditEntry& e) {
  TT_RETURN_IF_ERROR(
      tx_.Exec(kAuditInsert, {e.id, e.workspace_id, ToUnixMillis(e.occurred_at), e.actor_type,
                              View(e.actor_id), View(e.key_id), View(e.ip), View(e.request_id),
                              e.action, View(e.record_type), View(e.record_id), View(e.changes)}));
  return OkStatus();
}

Result<Page<domain::AuditEntry>> AuditRepo::List(std::string_view workspace_id,
                                                 const AuditFilter& filter,
                                                 const PageRequest& page) {
  SqlBuilder sql(fmt::format("SELECT {} FROM audit_log WHERE workspace_id = ?", kAuditColumns),
                 {std::string(workspace_id)});
  if (filter.record_id) sql.Append(" AND record_id = ?", {*filter.record_id});
  if (filter.actor_id) sql.Append(" AND actor_id = ?", {*filter.actor_id});
  if (filter.action) sql.Append(" AND action = ?", {*filter.action});
  if (filter.from) sql.Append(" AND occurred_at >= ?", {ToUnixMillis(*filter.from)});
  if (filter.to) sql.Append(" AND occurred_at < ?", {ToUnixMillis(*filter.to)});
  if (page.after_id) sql.Append(" AND id < ?", {*page.after_id});
  sql.Append(" ORDER BY id DESC LIMIT ?", {static_cast<int64_t>(page.limit + 1)});
  Page<domain::AuditEntry> result;
  TT_RETURN_IF_ERROR(tx_.Query(sql.sql(), sql.params(),
                               [&](const Row& row) { result.items.push_back(AuditFromRow(row)); }));
  if (result.items.size() > page.limit) {
    result.items.resize(page.limit);
    result.next_key = result.items.back().id;
    result.next_id = result.items.back().id;
  }
  return result;
}

Status AuditRepo::Redact(std::string_view workspace_id, std::string_view record_id) {
  TT_RETURN_IF_ERROR(tx_.Exec(kAuditRedact, {workspace_id, record_id}));
  return OkStatus();
}

// ---- ConsentRepo ----

Status ConsentRepo::Upsert(std::string_view workspace_id, const domain::Consent& c) {
  std::optional<std::string_view> basis;
  if (c.legal_basis) basis = domain::EnumName(*c.legal_basis);
  TT_RETURN_IF_ERROR(
      tx_.Exec(kConsentUpsert,
               {workspace_id, c.contact_id, domain::EnumName(c.purpose), domain::EnumName(c.status),
                View(c.source), basis, ToUnixMillis(c.recorded_at), View(c.recorded_by)}));
  return OkStatus();
}

Result<std::vector<domain::Consent>> ConsentRepo::ForContact(std::string_view contact_id) {
  std::vector<domain::Consent> out;
  TT_RETURN_IF_ERROR(tx_.Query(kConsentList, {contact_id}, [&](const Row& row) {
    domain::Consent c;
    c.contact_id = row.String(0);
    c.purpose = domain::ParseEnum<domain::ConsentPurpose>(row.Text(1))
                    .value_or(domain::ConsentPurpose::kEmailMarketing);
    c.status = domain::ParseEnum<domain::ConsentStatus>(row.Text(2))
                   .value_or(domain::ConsentStatus::kUnknown);
    c.source = row.OptionalString(3);
    if (!row.IsNull(4)) c.legal_basis = domain::ParseEnum<domain::LegalBasis>(row.Text(4));
    c.recorded_at = FromUnixMillis(row.Int(5));
    c.recorded_by = row.OptionalString(6);
    out.push_back(std::move(c));
  }));
  return out;
}

}  // namespace tertulia::store
