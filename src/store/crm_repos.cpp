#include "store/crm_repos.hpp"

#include <boost/json/serialize.hpp>

#include "store/json_codec.hpp"
#include "store/list_query.hpp"
#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

// ---- users ----

constexpr std::string_view kUserInsert =
    "INSERT INTO app_user (id, workspace_id, email, name, role, created_at, updated_at,"
    " deleted_at, version, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kUserUpdate =
    "UPDATE app_user SET email = $3, name = $4, role = $5, updated_at = $7, deleted_at = $8,"
    " version = $9 WHERE id = $1 AND workspace_id = $2 AND version = $9 - 1";
constexpr std::string_view kUserById =
    "SELECT id, workspace_id, email, name, role, created_at, updated_at, deleted_at, version,"
    " created_by, seq FROM app_user WHERE workspace_id = $1 AND id = $2";
constexpr std::string_view kUserByEmail =
    "SELECT id, workspace_id, email, name, role, created_at, updated_at, deleted_at, version,"
    " created_by, seq FROM app_user WHERE workspace_id = $1 AND email = $2";
constexpr std::string_view kUserAll =
    "SELECT id, workspace_id, email, name, role, created_at, updated_at, deleted_at, version,"
    " created_by, seq FROM app_user WHERE workspace_id = $1 AND deleted_at IS NULL ORDER BY name, "
    "id";

domain::User UserFromRow(const Row& row) {
  domain::User u;
  u.meta.id = row.String(0);
  u.meta.workspace_id = row.String(1);
  u.email = row.String(2);
  u.name = row.String(3);
  u.role = domain::ParseEnum<domain::Role>(row.Text(4)).value_or(domain::Role::kViewer);
  ReadMeta(row, 5, u.meta);
  return u;
}

Result<int64_t> WriteUser(Tx& tx, std::string_view sql, const domain::User& u) {
  std::initializer_list<Param> params = {u.meta.id,
                                         u.meta.workspace_id,
                                         u.email,
                                         u.name,
                                         domain::EnumName(u.role),
                                         ToUnixMillis(u.meta.created_at),
                                         ToUnixMillis(u.meta.updated_at),
                                         OptionalMillis(u.meta.deleted_at),
                                         u.meta.version,
                                         u.meta.created_by};
  return RunWrite(tx, sql, params);
}

// ---- custom fields ----

constexpr std::string_view kFieldInsert =
    "INSERT INTO custom_field (id, workspace_id, object, key, label, type, options, position,"
    " created_at, updated_at, deleted_at, version, created_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
constexpr std::string_view kFieldUpdate =
    "UPDATE custom_field SET label = $5, options = $7, position = $8, updated_at = $10,"
    " deleted_at = $11, version = $12 WHERE id = $1 AND workspace_id = $2 AND version = $12 - 1";
constexpr std::string_view kFieldById =
    "SELECT id, workspace_id, object, key, label, type, options, position, created_at,"
    " updated_at, deleted_at, version, created_by, seq FROM custom_field"
    " WHERE workspace_id = $1 AND id = $2";
constexpr std::string_view kFieldsActive =
    "SELECT id, workspace_id, object, key, label, type, options, position, created_at,"
    " updated_at, deleted_at, version, created_by, seq FROM custom_field"
    " WHERE workspace_id = $1 AND deleted_at IS NULL AND ($2 = '' OR object = $2)"
    " ORDER BY object, position, key";

domain::CustomFieldDef FieldFromRow(const Row& row) {
  domain::CustomFieldDef d;
  d.meta.id = row.String(0);
  d.meta.workspace_id = row.String(1);
  d.object = domain::ParseEnum<domain::CustomFieldObject>(row.Text(2))
                 .value_or(domain::CustomFieldObject::kContact);
  d.key = row.String(3);
  d.label = row.String(4);
  d.type = domain::ParseEnum<domain::CustomFieldType>(row.Text(5))
               .value_or(domain::CustomFieldType::kText);
  d.options = DecodeStrings(row.Text(6));
  d.position = static_cast<int>(row.Int(7));
  ReadMeta(row, 8, d.meta);
  return d;
}

Result<int64_t> WriteField(Tx& tx, std::string_view sql, const domain::CustomFieldDef& d) {
  std::string options = EncodeStrings(d.options);
  std::initializer_list<Param> params = {d.meta.id,
                                         d.meta.workspace_id,
                                         domain::EnumName(d.object),
                                         d.key,
                                         d.label,
                                         domain::EnumName(d.type),
                                         options,
                                         d.position,
                                         ToUnixMillis(d.meta.created_at),
                                         ToUnixMillis(d.meta.updated_at),
                                         OptionalMillis(d.meta.deleted_at),
                                         d.meta.version,
                                         d.meta.created_by};
  return RunWrite(tx, sql, params);
}

// ---- relationships ----

constexpr std::string_view kRelColumns =
    "id, workspace_id, from_contact_id, to_contact_id, kind, directed, strength, since, source,"
    " note, created_at, updated_at, deleted_at, version, created_by, seq";
constexpr std::string_view kRelInsert =
    "INSERT INTO relationship (id, workspace_id, from_contact_id, to_contact_id, kind, directed,"
    " strength, since, source, note, created_at, updated_at, deleted_at, version, created_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
constexpr std::string_view kRelUpdate =
    "UPDATE relationship SET from_contact_id = $3, to_contact_id = $4, kind = $5, directed = $6,"
    " strength = $7, since = $8, source = $9, note = $10, updated_at = $12, deleted_at = $13,"
    " version = $14 WHERE id = $1 AND workspace_id = $2 AND version = $14 - 1";
constexpr std::string_view kRelById =
    "SELECT id, workspace_id, from_contact_id, to_contact_id, kind, directed, strength, since,"
    " source, note, created_at, updated_at, deleted_at, version, created_by, seq FROM relationship"
    " WHERE workspace_id = $1 AND id = $2";
constexpr std::string_view kRelBetween =
    "SELECT id, workspace_id, from_contact_id, to_contact_id, kind, directed, strength, since,"
    " source, note, created_at, updated_at, deleted_at, version, created_by, seq FROM relationship"
    " WHERE workspace_id = $1 AND kind = $4 AND deleted_at IS NULL"
    " AND ((from_contact_id = $2 AND to_contact_id = $3)"
    "   OR (directed = 0 AND from_contact_id = $3 AND to_contact_id = $2)) LIMIT 1";

domain::Relationship RelFromRow(const Row& row) {
  domain::Relationship r;
  r.meta.id = row.String(0);
  r.meta.workspace_id = row.String(1);
  r.from_contact_id = row.String(2);
  r.to_contact_id = row.String(3);
  r.kind = domain::ParseEnum<domain::RelationshipKind>(row.Text(4))
               .value_or(domain::RelationshipKind::kOther);
  r.directed = row.Int(5) != 0;
  r.strength = row.Real(6);
  if (!row.IsNull(7)) {
    auto since = ParseDate(row.Text(7));
    if (since.ok()) r.since = *since;
  }
  r.source = row.OptionalString(8);
  r.note = row.OptionalString(9);
  ReadMeta(row, 10, r.meta);
  return r;
}

Result<int64_t> WriteRel(Tx& tx, std::string_view sql, const domain::Relationship& r) {
  std::optional<std::string> since;
  if (r.since) since = FormatDate(*r.since);
  std::initializer_list<Param> params = {r.meta.id,
                                         r.meta.workspace_id,
                                         r.from_contact_id,
                                         r.to_contact_id,
                                         domain::EnumName(r.kind),
                                         r.directed,
                                         r.strength,
                                         since,
                                         r.source,
                                         r.note,
                                         ToUnixMillis(r.meta.created_at),
                                         ToUnixMillis(r.meta.updated_at),
                                         OptionalMillis(r.meta.deleted_at),
                                         r.meta.version,
                                         r.meta.created_by};
  return RunWrite(tx, sql, params);
}

// ---- interactions ----

constexpr std::string_view kIntColumns =
    "id, workspace_id, channel, direction, occurred_at, duration_sec, subject, body, outcome,"
    " participants, company_id, opportunity_id, created_at, updated_at, deleted_at, version,"
    " created_by, seq";
constexpr std::string_view kIntInsert =
    "INSERT INTO interaction (id, workspace_id, channel, direction, occurred_at, duration_sec,"
    " subject, body, outcome, participants, company_id, opportunity_id, created_at, updated_at,"
    " deleted_at, version, created_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)";
constexpr std::string_view kIntUpdate =
    "UPDATE interaction SET channel = $3, direction = $4, occurred_at = $5, duration_sec = $6,"
    " subject = $7, body = $8, outcome = $9, participants = $10, company_id = $11,"
    " opportunity_id = $12, updated_at = $14, deleted_at = $15, version = $16"
    " WHERE id = $1 AND workspace_id = $2 AND version = $16 - 1";
constexpr std::string_view kIntById =
    "SELECT id, workspace_id, channel, direction, occurred_at, duration_sec, subject, body,"
    " outcome, participants, company_id, opportunity_id, created_at, updated_at, deleted_at,"
    " version, created_by, seq FROM interaction WHERE workspace_id = $1 AND id = $2";
std::string EncodeParticipants(const std::vector<domain::Participant>& participants) {
  boost::json::array array;
  for (const auto& p : participants) {
    boost::json::object o{{"type", domain::EnumName(p.type)}, {"id", p.id}};
    if (p.role) o["role"] = *p.role;
    array.push_back(std::move(o));
  }
  return boost::json::serialize(array);
}

std::vector<domain::Participant> DecodeParticipants(std::string_view text) {
  std::vector<domain::Participant> out;
  auto value = ParseColumn(text);
  if (!value.is_array()) return out;
  for (const auto& item : value.get_array()) {
    if (!item.is_object()) continue;
    const auto& o = item.get_object();
    domain::Participant p;
    if (const auto* type = o.if_contains("type"); type != nullptr && type->is_string()) {
      p.type = domain::ParseEnum<domain::ParticipantType>(type->get_string())
                   .value_or(domain::ParticipantType::kContact);
    }
    if (const auto* id = o.if_contains("id"); id != nullptr && id->is_string()) {
      p.id = std::string(id->get_string());
    }
    if (const auto* role = o.if_contains("role"); role != nullptr && role->is_string()) {
      p.role = std::string(role->get_string());
    }
    out.push_back(std::move(p));
  }
  return out;
}

domain::Interaction IntFromRow(const Row& row) {
  domain::Interaction in;
  in.meta.id = row.String(0);
  in.meta.workspace_id = row.String(1);
  in.channel = domain::ParseEnum<domain::Channel>(row.Text(2)).value_or(domain::Channel::kOther);
  in.direction =
      domain::ParseEnum<domain::Direction>(row.Text(3)).value_or(domain::Direction::kInternal);
  in.occurred_at = FromUnixMillis(row.Int(4));
  in.duration_sec = row.OptionalInt(5);
  in.subject = row.OptionalString(6);
  in.body = row.OptionalString(7);
  in.outcome = row.OptionalString(8);
  in.participants = DecodeParticipants(row.Text(9));
  in.company_id = row.OptionalString(10);
  in.opportunity_id = row.OptionalString(11);
  ReadMeta(row, 12, in.meta);
  return in;
}

Result<int64_t> WriteInt(Tx& tx, std::string_view sql, const domain::Interaction& in) {
  std::string participants = EncodeParticipants(in.participants);
  std::initializer_list<Param> params = {in.meta.id,
                                         in.meta.workspace_id,
                                         domain::EnumName(in.channel),
                                         domain::EnumName(in.direction),
                                         ToUnixMillis(in.occurred_at),
                                         in.duration_sec,
                                         in.subject,
                                         in.body,
                                         in.outcome,
                                         participants,
                                         in.company_id,
                                         in.opportunity_id,
                                         ToUnixMillis(in.meta.created_at),
                                         ToUnixMillis(in.meta.updated_at),
                                         OptionalMillis(in.meta.deleted_at),
                                         in.meta.version,
                                         in.meta.created_by};
  return RunWrite(tx, sql, params);
}

// ---- tasks ----

constexpr std::string_view kTaskColumns =
    "id, workspace_id, title, description, due_at, assignee_id, status, priority, linked_type,"
    " linked_id, completed_at, created_at, updated_at, deleted_at, version, created_by, seq";
constexpr std::string_view kTaskInsert =
    "INSERT INTO task (id, workspace_id, title, description, due_at, assignee_id, status,"
    " priority, linked_type, linked_id, completed_at, created_at, updated_at, deleted_at,"
    " version, created_by)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)";
constexpr std::string_view kTaskUpdate =
    "UPDATE task SET title = $3, description = $4, due_at = $5, assignee_id = $6, status = $7,"
    " priority = $8, linked_type = $9, linked_id = $10, completed_at = $11, updated_at = $13,"
    " deleted_at = $14, version = $15 WHERE id = $1 AND workspace_id = $2 AND version = $15 - 1";
constexpr std::string_view kTaskById =
    "SELECT id, workspace_id, title, description, due_at, assignee_id, status, priority,"
    " linked_type, linked_id, completed_at, created_at, updated_at, deleted_at, version,"
    " created_by, seq FROM task WHERE workspace_id = $1 AND id = $2";

domain::Task TaskFromRow(const Row& row) {
  domain::Task t;
  t.meta.id = row.String(0);
  t.meta.workspace_id = row.String(1);
  t.title = row.String(2);
  t.description = row.OptionalString(3);
  t.due_at = OptionalTimestamp(row, 4);
  t.assignee_id = row.OptionalString(5);
  t.status = domain::ParseEnum<domain::TaskStatus>(row.Text(6)).value_or(domain::TaskStatus::kOpen);
  t.priority =
      domain::ParseEnum<domain::TaskPriority>(row.Text(7)).value_or(domain::TaskPriority::kNormal);
  if (!row.IsNull(8) && !row.IsNull(9)) {
    auto type = domain::ParseEnum<domain::RecordType>(row.Text(8));
    if (type) t.linked = domain::RecordLink{*type, row.String(9)};
  }
  t.completed_at = OptionalTimestamp(row, 10);
  ReadMeta(row, 11, t.meta);
  return t;
}

Result<int64_t> WriteTask(Tx& tx, std::string_view sql, const domain::Task& t) {
  std::optional<std::string_view> linked_type;
  std::optional<std::string_view> linked_id;
  if (t.linked) {
    linked_type = domain::EnumName(t.linked->type);
    linked_id = t.linked->id;
  }
  std::initializer_list<Param> params = {t.meta.id,
                                         t.meta.workspace_id,
                                         t.title,
                                         t.description,
                                         OptionalMillis(t.due_at),
                                         t.assignee_id,
                                         domain::EnumName(t.status),
                                         domain::EnumName(t.priority),
                                         linked_type,
                                         linked_id,
                                         OptionalMillis(t.completed_at),
                                         ToUnixMillis(t.meta.created_at),
                                         ToUnixMillis(t.meta.updated_at),
                                         OptionalMillis(t.meta.deleted_at),
                                         t.meta.version,
                                         t.meta.created_by};
  return RunWrite(tx, sql, params);
}

// ---- notes ----

constexpr std::string_view kNoteColumns =
    "id, workspace_id, body, record_type, record_id, created_at, updated_at, deleted_at, version,"
    " created_by, seq";
constexpr std::string_view kNoteInsert =
    "INSERT INTO note (id, workspace_id, body, record_type, record_id, created_at, updated_at,"
    " deleted_at, version, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";
constexpr std::string_view kNoteUpdate =
    "UPDATE note SET body = $3, record_type = $4, record_id = $5, updated_at = $7,"
    " deleted_at = $8, version = $9"
    " WHERE id = $1 AND workspace_id = $2 AND version = $9 - 1";
constexpr std::string_view kNoteById =
    "SELECT id, workspace_id, body, record_type, record_id, created_at, updated_at, deleted_at,"
    " version, created_by, seq FROM note WHERE workspace_id = $1 AND id = $2";

domain::Note NoteFromRow(const Row& row) {
  domain::Note n;
  n.meta.id = row.String(0);
  n.meta.workspace_id = row.String(1);
  n.body = row.String(2);
  n.record.type =
      domain::ParseEnum<domain::RecordType>(row.Text(3)).value_or(domain::RecordType::kContact);
  n.record.id = row.String(4);
  ReadMeta(row, 5, n.meta);
  return n;
}

Result<int64_t> WriteNote(Tx& tx, std::string_view sql, const domain::Note& n) {
  std::initializer_list<Param> params = {n.meta.id,
                                         n.meta.workspace_id,
                                         n.body,
                                         domain::EnumName(n.record.type),
                                         n.record.id,
                                         ToUnixMillis(n.meta.created_at),
                                         ToUnixMillis(n.meta.updated_at),
                                         OptionalMillis(n.meta.deleted_at),
                                         n.meta.version,
                                         n.meta.created_by};
  return RunWrite(tx, sql, params);
}

}  // namespace

// Insert and Update of every repository here: Insert sets meta.seq; Update writes the record if
// the stored version is one less.
template <typename T>
Status InsertWith(Tx& tx, std::string_view sql, T& record,
                  Result<int64_t> (*write)(Tx&, std::string_view, const T&)) {
  TT_ASSIGN_OR_RETURN(record.meta.seq, write(tx, sql, record));
  return OkStatus();
}

// ---- UserRepo ----

Status UserRepo::Insert(domain::User& u) {
  Status inserted = InsertWith(tx_, kUserInsert, u, WriteUser);
  if (!inserted.ok() && inserted.error().code() == ErrorCode::kAlreadyExists) {
    return Error::AlreadyExists("a user with e-mail " + u.email + " exists");
  }
  return inserted;
}
Status UserRepo::Update(const domain::User&, const domain::User& u) {
  return CheckUpdated(WriteUser(tx_, kUserUpdate, u), "user", u.meta);
}
Result<domain::User> UserRepo::Get(std::string_view workspace_id, std::string_view id) {
  return GetOne<domain::User>(tx_, kUserById, "user", workspace_id, id, UserFromRow);
}
Result<std::optional<domain::User>> UserRepo::FindByEmail(std::string_view workspace_id,
                                                          std::string_view email) {
  std::optional<domain::User> found;
  TT_RETURN_IF_ERROR(tx_.Query(kUserByEmail, {workspace_id, email},
                               [&](const Row& row) { found = UserFromRow(row); }));
  return found;
}
Result<std::vector<domain::User>> UserRepo::List(std::string_view workspace_id) {
  std::vector<domain::User> out;
  TT_RETURN_IF_ERROR(tx_.Query(kUserAll, {workspace_id},
                               [&](const Row& row) { out.push_back(UserFromRow(row)); }));
  return out;
}

// ---- CustomFieldRepo ----

Status CustomFieldRepo::Insert(domain::CustomFieldDef& d) {
  Status inserted = InsertWith(tx_, kFieldInsert, d, WriteField);
  if (!inserted.ok() && inserted.error().code() == ErrorCode::kAlreadyExists) {
    return Error(ErrorCode::kAlreadyExists,
                 "a custom field with key " + d.key + " exists for this kind of record",
                 {FieldError{"key", "is already used"}});
  }
  return inserted;
}
Status CustomFieldRepo::Update(const domain::CustomFieldDef&, const domain::CustomFieldDef& d) {
  return CheckUpdated(WriteField(tx_, kFieldUpdate, d), "custom field", d.meta);
}
Result<domain::CustomFieldDef> CustomFieldRepo::Get(std::string_view workspace_id,
                                                    std::string_view id) {
  return GetOne<domain::CustomFieldDef>(tx_, kFieldById, "custom field", workspace_id, id,
                                        FieldFromRow);
}
Result<std::vector<domain::CustomFieldDef>> CustomFieldRepo::ListActive(
    std::string_view workspace_id, std::string_view object) {
  std::vector<domain::CustomFieldDef> out;
  TT_RETURN_IF_ERROR(tx_.Query(kFieldsActive, {workspace_id, object},
                               [&](const Row& row) { out.push_back(FieldFromRow(row)); }));
  return out;
}

// ---- RelationshipRepo ----

Status RelationshipRepo::Insert(domain::Relationship& r) {
  return InsertWith(tx_, kRelInsert, r, WriteRel);
}
Status RelationshipRepo::Update(const domain::Relationship&, const domain::Relationship& r) {
  return CheckUpdated(WriteRel(tx_, kRelUpdate, r), "relationship", r.meta);
}
Result<domain::Relationship> RelationshipRepo::Get(std::string_view workspace_id,
                                                   std::string_view id) {
  return GetOne<domain::Relationship>(tx_, kRelById, "relationship", workspace_id, id, RelFromRow);
}
Result<std::optional<domain::Relationship>> RelationshipRepo::FindBetween(
    std::string_view workspace_id, std::string_view from, std::string_view to,
    std::string_view kind) {
  std::optional<domain::Relationship> found;
  TT_RETURN_IF_ERROR(tx_.Query(kRelBetween, {workspace_id, from, to, kind},
                               [&](const Row& row) { found = RelFromRow(row); }));
  return found;
}
Result<Page<domain::Relationship>> RelationshipRepo::List(std::string_view workspace_id,
                                                          const RelationshipFilter& filter,
                                                          const PageRequest& page) {
  ListQuery query("relationship", kRelColumns, workspace_id, filter.deleted, false);
  if (filter.contact_id) {
    query.Where("(from_contact_id = ? OR to_contact_id = ?)",
                {*filter.contact_id, *filter.contact_id});
  }
  if (filter.kind) query.Where("kind = ?", *filter.kind);
  return query.Run<domain::Relationship>(
      tx_, page, RelFromRow,
      [](const domain::Relationship& r, SortColumn sort) { return SortValue(sort, r.meta, ""); });
}

// ---- InteractionRepo ----

Status InteractionRepo::Insert(domain::Interaction& in) {
  return InsertWith(tx_, kIntInsert, in, WriteInt);
}
Status InteractionRepo::Update(const domain::Interaction&, const domain::Interaction& in) {
  return CheckUpdated(WriteInt(tx_, kIntUpdate, in), "interaction", in.meta);
}
Result<domain::Interaction> InteractionRepo::Get(std::string_view workspace_id,
                                                 std::string_view id) {
  return GetOne<domain::Interaction>(tx_, kIntById, "interaction", workspace_id, id, IntFromRow);
}
Result<Page<domain::Interaction>> InteractionRepo::List(std::string_view workspace_id,
                                                        const InteractionFilter& filter,
                                                        const PageRequest& page) {
  ListQuery query("interaction", kIntColumns, workspace_id, filter.deleted, false);
  if (filter.contact_id) {
    // A contact's interactions are those on its timeline.
    query.Where(
        "id IN (SELECT record_id FROM timeline_entry WHERE workspace_id = ? AND"
        " subject_id = ? AND kind = 'interaction')",
        {std::string(workspace_id), *filter.contact_id});
  }
  if (filter.company_id) query.Where("company_id = ?", *filter.company_id);
  if (filter.opportunity_id) query.Where("opportunity_id = ?", *filter.opportunity_id);
  if (filter.channel) query.Where("channel = ?", *filter.channel);
  if (filter.occurred_from) query.Where("occurred_at >= ?", ToUnixMillis(*filter.occurred_from));
  if (filter.occurred_to) query.Where("occurred_at < ?", ToUnixMillis(*filter.occurred_to));
  return query.Run<domain::Interaction>(
      tx_, page, IntFromRow,
      [](const domain::Interaction& in, SortColumn sort) { return SortValue(sort, in.meta, ""); });
}

// ---- TaskRepo ----

Status TaskRepo::Insert(domain::Task& t) { return InsertWith(tx_, kTaskInsert, t, WriteTask); }
Status TaskRepo::Update(const domain::Task&, const domain::Task& t) {
  return CheckUpdated(WriteTask(tx_, kTaskUpdate, t), "task", t.meta);
}
Result<domain::Task> TaskRepo::Get(std::string_view workspace_id, std::string_view id) {
  return GetOne<domain::Task>(tx_, kTaskById, "task", workspace_id, id, TaskFromRow);
}
Result<Page<domain::Task>> TaskRepo::List(std::string_view workspace_id, const TaskFilter& filter,
                                          const PageRequest& page) {
  ListQuery query("task", kTaskColumns, workspace_id, filter.deleted, false);
  if (filter.assignee_id) query.Where("assignee_id = ?", *filter.assignee_id);
  if (filter.status) query.Where("status = ?", *filter.status);
  if (filter.linked_id) query.Where("linked_id = ?", *filter.linked_id);
  if (filter.due_before) query.Where("due_at < ?", ToUnixMillis(*filter.due_before));
  return query.Run<domain::Task>(
      tx_, page, TaskFromRow,
      [](const domain::Task& t, SortColumn sort) { return SortValue(sort, t.meta, ""); });
}

// ---- NoteRepo ----

Status NoteRepo::Insert(domain::Note& n) { return InsertWith(tx_, kNoteInsert, n, WriteNote); }
Status NoteRepo::Update(const domain::Note&, const domain::Note& n) {
  return CheckUpdated(WriteNote(tx_, kNoteUpdate, n), "note", n.meta);
}
Result<domain::Note> NoteRepo::Get(std::string_view workspace_id, std::string_view id) {
  return GetOne<domain::Note>(tx_, kNoteById, "note", workspace_id, id, NoteFromRow);
}
Result<Page<domain::Note>> NoteRepo::List(std::string_view workspace_id, const NoteFilter& filter,
                                          const PageRequest& page) {
  ListQuery query("note", kNoteColumns, workspace_id, filter.deleted, false);
  if (filter.record_id) query.Where("record_id = ?", *filter.record_id);
  return query.Run<domain::Note>(
      tx_, page, NoteFromRow,
      [](const domain::Note& n, SortColumn sort) { return SortValue(sort, n.meta, ""); });
}

}  // namespace tertulia::store
