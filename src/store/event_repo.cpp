#include "store/event_repo.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdint>

namespace tertulia::store {
namespace {

constexpr std::string_view kColumns =
    "workspace_id, message_id, type, anonymous_id, user_id, contact_id, name, occurred_at,"
    " received_at, body, source_key_id";
constexpr std::string_view kAppend =
    "INSERT INTO event (workspace_id, message_id, type, anonymous_id, user_id,"
    " contact_id, name, occurred_at, received_at, body, source_key_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr std::string_view kClaim =
    "UPDATE event SET contact_id = $3"
    " WHERE workspace_id = $1 AND anonymous_id = $2 AND contact_id IS NULL";
constexpr std::string_view kRecentMessageIds =
    "SELECT workspace_id, message_id, received_at FROM event WHERE received_at >= $1"
    " ORDER BY received_at";
constexpr std::string_view kEraseEvents =
    "DELETE FROM event WHERE workspace_id = $1 AND contact_id = $2";
constexpr std::string_view kEraseIdentities =
    "DELETE FROM identity WHERE workspace_id = $1 AND record_id = $2";
constexpr std::string_view kFindIdentity =
    "SELECT record_id FROM identity WHERE workspace_id = $1 AND kind = $2 AND value = $3";
constexpr std::string_view kLinkIdentity =
    "INSERT OR REPLACE INTO identity (workspace_id, kind, value, record_id) VALUES ($1, $2, $3, "
    "$4)";

domain::Event EventFromRow(const Row& row) {
  domain::Event e;
  e.workspace_id = row.Text(0);
  e.message_id = row.Text(1);
  e.type = domain::ParseEnum<domain::EventType>(row.Text(2)).value_or(domain::EventType::kTrack);
  e.anonymous_id = row.OptionalString(3);
  e.user_id = row.OptionalString(4);
  e.contact_id = row.OptionalString(5);
  e.name = row.OptionalString(6);
  e.occurred_at = FromUnixMillis(row.Int(7));
  e.received_at = FromUnixMillis(row.Int(8));
  e.body = row.Text(9);
  e.source_key_id = row.OptionalString(10);
  return e;
}

// The WHERE clause and parameters of a filter (parameters from $2 on; $1 is the workspace).
std::string FilterSql(const EventFilter& filter, std::vector<Param>& params,
                      std::vector<std::string>& texts) {
  std::string where = "workspace_id = $1";
  auto add = [&](std::string_view condition, Param param) {
    params.push_back(param);
    where += fmt::format(" AND {}${}", condition, params.size());
  };
  if (filter.contact_id) add("contact_id = ", std::string_view(*filter.contact_id));
  if (filter.type) {
    texts.emplace_back(domain::EnumName(*filter.type));
    add("type = ", std::string_view(texts.back()));
  }
  if (filter.from) add("occurred_at >= ", ToUnixMillis(*filter.from));
  if (filter.to) add("occurred_at < ", ToUnixMillis(*filter.to));
  if (filter.from_sources_only) where += " AND source_key_id IS NOT NULL";
  return where;
}

}  // namespace

Status EventRepo::Append(const domain::Event& e) {
  TT_RETURN_IF_ERROR(
      tx_.Exec(kAppend, {e.workspace_id, e.message_id, domain::EnumName(e.type), e.anonymous_id,
                         e.user_id, e.contact_id, e.name, ToUnixMillis(e.occurred_at),
                         ToUnixMillis(e.received_at), e.body, e.source_key_id}));
  return OkStatus();
}

Status EventRepo::RecentMessageIds(
    Timestamp since,
    const std::function<void(std::string_view, std::string_view, Timestamp)>& on_id) {
  return tx_.Query(kRecentMessageIds, {ToUnixMillis(since)}, [&](const Row& row) {
    on_id(row.Text(0), row.Text(1), FromUnixMillis(row.Int(2)));
  });
}

Status EventRepo::Claim(std::string_view workspace_id, std::string_view anonymous_id,
                        std::string_view contact_id) {
  TT_RETURN_IF_ERROR(tx_.Exec(kClaim, {workspace_id, anonymous_id, contact_id}));
  return OkStatus();
}

Result<Page<domain::Event>> EventRepo::List(std::string_view workspace_id,
                                            const EventFilter& filter, const PageRequest& page) {
  std::vector<Param> params{Param(workspace_id)};
  std::vector<std::string> texts;
  texts.reserve(4);
  std::string where = FilterSql(filter, params, texts);
  if (page.after_key && page.after_id) {
    int64_t after_time = 0;
    const std::string& key = *page.after_key;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), after_time);
    if (ec != std::errc{} || end != key.data() + key.size()) {
      return Error::InvalidField("cursor", "is not a cursor this server returned");
    }
    params.push_back(after_time);
    params.push_back(std::string_view(*page.after_id));
    where += fmt::format(" AND (occurred_at, message_id) < (${}, ${})", params.size() - 1,
                         params.size());
  }
  params.push_back(static_cast<int64_t>(page.limit + 1));
  std::string sql = fmt::format(
      "SELECT {} FROM event WHERE {} ORDER BY occurred_at DESC,"
      " message_id DESC LIMIT ${}",
      kColumns, where, params.size());
  Page<domain::Event> out;
  TT_RETURN_IF_ERROR(
      tx_.Query(sql, params, [&](const Row& row) { out.items.push_back(EventFromRow(row)); }));
  if (out.items.size() > page.limit) {
    out.items.pop_back();
    out.next_key = std::to_string(ToUnixMillis(out.items.back().occurred_at));
    out.next_id = out.items.back().message_id;
  }
  return out;
}

Result<std::vector<domain::Event>> EventRepo::OfPerson(std::string_view workspace_id,
                                                       const PersonKey& who,
                                                       std::optional<Timestamp> from,
                                                       std::optional<Timestamp> to, size_t limit) {
  std::string_view condition = who.kind == PersonKey::Kind::kContact ? "contact_id = $2"
                               : who.kind == PersonKey::Kind::kUser
                                   ? "contact_id IS NULL AND user_id = $2"
                                   : "contact_id IS NULL AND anonymous_id = $2";
  std::string sql = fmt::format(
      "SELECT {} FROM event WHERE workspace_id = $1 AND {} AND occurred_at >= $3"
      " AND occurred_at < $4 ORDER BY occurred_at, seq LIMIT $5",
      kColumns, condition);
  std::vector<domain::Event> out;
  TT_RETURN_IF_ERROR(
      tx_.Query(sql,
                {workspace_id, std::string_view(who.value), from ? ToUnixMillis(*from) : INT64_MIN,
                 to ? ToUnixMillis(*to) : INT64_MAX, static_cast<int64_t>(limit)},
                [&](const Row& row) { out.push_back(EventFromRow(row)); }));
  return out;
}

Result<std::vector<EventDayCount>> EventRepo::CountByDay(std::string_view workspace_id,
                                                         const EventFilter& filter) {
  std::vector<Param> params{Param(workspace_id)};
  std::vector<std::string> texts;
  texts.reserve(4);
  std::string sql = fmt::format(
      "SELECT date(occurred_at / 1000, 'unixepoch'), type, count(*) FROM event WHERE {}"
      " GROUP BY 1, 2 ORDER BY 1, 2",
      FilterSql(filter, params, texts));
  std::vector<EventDayCount> out;
  TT_RETURN_IF_ERROR(tx_.Query(sql, params, [&](const Row& row) {
    out.push_back(
        {std::string(row.Text(0)),
         domain::ParseEnum<domain::EventType>(row.Text(1)).value_or(domain::EventType::kTrack),
         row.Int(2)});
  }));
  return out;
}

Result<int64_t> EventRepo::EraseContact(std::string_view workspace_id,
                                        std::string_view contact_id) {
  TT_ASSIGN_OR_RETURN(int64_t erased, tx_.Exec(kEraseEvents, {workspace_id, contact_id}));
  TT_RETURN_IF_ERROR(tx_.Exec(kEraseIdentities, {workspace_id, contact_id}));
  return erased;
}

Result<std::optional<std::string>> IdentityRepo::Find(std::string_view workspace_id,
                                                      std::string_view kind,
                                                      std::string_view value) {
  std::optional<std::string> out;
  TT_RETURN_IF_ERROR(tx_.Query(kFindIdentity, {workspace_id, kind, value},
                               [&](const Row& row) { out = std::string(row.Text(0)); }));
  return out;
}

Status IdentityRepo::Link(std::string_view workspace_id, std::string_view kind,
                          std::string_view value, std::string_view record_id) {
  TT_RETURN_IF_ERROR(tx_.Exec(kLinkIdentity, {workspace_id, kind, value, record_id}));
  return OkStatus();
}

}  // namespace tertulia::store
