#include "store/event_repo.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <tuple>

namespace tertulia::store {
namespace {

// The columns EventFromRow reads, then the seq. `t` holds occurred_at and seq: the person index
// (p), which keeps them in order, or the event (e).
std::string Columns(char t = 'e') {
  return fmt::format(
      "e.workspace_id, e.message_id, e.type, e.anonymous_id, e.user_id, e.contact_id, e.name,"
      " {0}.occurred_at, e.received_at, e.body, e.source_key_id, {0}.seq",
      t);
}
constexpr std::string_view kAppend =
    "INSERT INTO event (workspace_id, message_id, type, anonymous_id, user_id,"
    " contact_id, name, occurred_at, received_at, body, source_key_id)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
// The person index entries of an event (the key, tt_person_key, its ranges and the kinds c, u and
// a: see migration 11), from the events with seq in ($1, $2]. Entries already there are kept.
constexpr std::string_view kIndexRows =
    "INSERT OR IGNORE INTO event_person (k, occurred_at, seq)"
    " SELECT tt_person_key(workspace_id, 'c', contact_id), occurred_at, seq FROM event"
    "  WHERE seq > $1 AND seq <= $2 AND contact_id IS NOT NULL"
    " UNION ALL"
    " SELECT tt_person_key(workspace_id, 'u', user_id), occurred_at, seq FROM event"
    "  WHERE seq > $1 AND seq <= $2 AND contact_id IS NULL AND user_id IS NOT NULL"
    " UNION ALL"
    " SELECT tt_person_key(workspace_id, 'a', anonymous_id), occurred_at, seq FROM event"
    "  WHERE seq > $1 AND seq <= $2 AND contact_id IS NULL AND anonymous_id IS NOT NULL"
    " ORDER BY 1, 2, 3";
constexpr std::string_view kIndexEntry =
    "INSERT OR IGNORE INTO event_person (k, occurred_at, seq) VALUES ($1, $2, $3)";
constexpr std::string_view kLastSeq = "SELECT coalesce(max(seq), 0) FROM event";
constexpr std::string_view kRecentMessageIds =
    "SELECT workspace_id, message_id, received_at FROM event WHERE received_at >= $1"
    " ORDER BY received_at";
constexpr std::string_view kEraseEntriesOfIds =
    "DELETE FROM event_person WHERE k IN ("
    " SELECT tt_person_key(workspace_id, iif(kind = 'user', 'u', 'a'), value) FROM identity"
    "  WHERE workspace_id = $1 AND record_id = $2 AND kind IN ('user', 'anonymous'))";
constexpr std::string_view kEraseIdentities =
    "DELETE FROM identity WHERE workspace_id = $1 AND record_id = $2";
constexpr std::string_view kFindIdentity =
    "SELECT record_id FROM identity WHERE workspace_id = $1 AND kind = $2 AND value = $3";
constexpr std::string_view kLinkIdentity =
    "INSERT OR REPLACE INTO identity (workspace_id, kind, value, record_id) VALUES ($1, $2, $3, "
    "$4)";

// The person index's kind and the event column of a person key.
struct PersonColumns {
  std::string_view kind;       // in event_person
  std::string_view condition;  // on the event row (e), with $2 the person
};

PersonColumns ColumnsOf(PersonKey::Kind kind) {
  switch (kind) {
    case PersonKey::Kind::kContact:
      return {"c", "e.contact_id = $2"};
    case PersonKey::Kind::kUser:
      return {"u", "e.contact_id IS NULL AND e.user_id = $2"};
    case PersonKey::Kind::kAnonymous:
      return {"a", "e.contact_id IS NULL AND e.anonymous_id = $2"};
  }
  return {"c", "e.contact_id = $2"};
}

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

// The conditions of a filter beyond the workspace and the contact, each starting " AND ", on the
// event `e` (occurred_at on `t`). Parameters are appended to `params` (from $3 on, or $2 when
// the filter has no contact).
std::string FilterSql(const EventFilter& filter, std::vector<Param>& params,
                      std::vector<std::string>& texts, char t = 'e') {
  std::string where;
  auto add = [&](std::string_view condition, Param param) {
    params.push_back(param);
    where += fmt::format(" AND {}${}", condition, params.size());
  };
  if (filter.type) {
    texts.emplace_back(domain::EnumName(*filter.type));
    add("e.type = ", std::string_view(texts.back()));
  }
  if (filter.from) add(fmt::format("{}.occurred_at >= ", t), ToUnixMillis(*filter.from));
  if (filter.to) add(fmt::format("{}.occurred_at < ", t), ToUnixMillis(*filter.to));
  if (filter.from_sources_only) where += " AND e.source_key_id IS NOT NULL";
  return where;
}

// A statement over one person's events, as the two selects a compound joins: `before` the FROM,
// then each part's source, then `after` (more conditions, each starting " AND ").
std::string BothParts(PersonKey::Kind kind, const std::function<std::string(char)>& before,
                      const std::function<std::string(char)>& after) {
  PersonParts source = EventsOfPerson(kind);
  std::string sql = fmt::format("{} FROM {}", before('p'), source.indexed);
  sql += after('p');  // in order: `after` may number parameters
  sql += fmt::format(" UNION ALL {} FROM {}", before('e'), source.tail);
  sql += after('e');
  return sql;
}

// The last event the range of the person's key ($1, $2) is complete through.
std::string UptoOf(std::string_view kind) {
  return fmt::format(
      "(SELECT upto FROM event_indexed WHERE range = (tt_person_key($1, '{}', $2) >> 60) & 15)",
      kind);
}

// `sql` with its "{events}" replaced by `condition`.
std::string WithEvents(std::string_view sql, std::string_view condition) {
  std::string statement(sql);
  statement.replace(statement.find("{events}"), 8, condition);
  return statement;
}

std::string SeqsJson(std::span<const int64_t> seqs) {
  return fmt::format("[{}]", fmt::join(seqs, ","));
}

}  // namespace

// The indexed part checks the event row too: keys are hashes.
PersonParts EventsOfPerson(PersonKey::Kind kind) {
  PersonColumns person = ColumnsOf(kind);
  std::string upto = UptoOf(person.kind);
  return {fmt::format("event_person p CROSS JOIN event e ON e.seq = p.seq"
                      " WHERE p.k = tt_person_key($1, '{}', $2) AND p.seq <= {}"
                      " AND +e.workspace_id = $1 AND {}",
                      person.kind, upto, person.condition),
          fmt::format("event e WHERE e.seq > {} AND +e.workspace_id = $1 AND {}", upto,
                      person.condition)};
}

PersonParts EventsOfPersonWhere(PersonKey::Kind kind) {
  PersonColumns person = ColumnsOf(kind);
  std::string upto = UptoOf(person.kind);
  return {fmt::format("e.seq IN (SELECT seq FROM event_person WHERE k = tt_person_key($1, '{}', $2)"
                      " AND seq <= {}) AND +e.workspace_id = $1 AND {}",
                      person.kind, upto, person.condition),
          fmt::format("e.seq > {} AND +e.workspace_id = $1 AND {}", upto, person.condition)};
}

Result<int64_t> ExecForPerson(Tx& tx, PersonKey::Kind kind, std::string_view sql,
                              std::span<const Param> params) {
  PersonParts condition = EventsOfPersonWhere(kind);
  int64_t changed = 0;
  for (const std::string& part : {condition.indexed, condition.tail}) {
    TT_ASSIGN_OR_RETURN(int64_t n, tx.Exec(WithEvents(sql, part), params));
    changed += n;
  }
  return changed;
}

int64_t PersonIndexKey(std::string_view workspace_id, std::string_view kind,
                       std::string_view person) {
  uint64_t hash = 14695981039346656037ULL;
  for (std::string_view part : {workspace_id, kind, person}) {
    for (char c : part) hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    hash = (hash ^ 0xffU) * 1099511628211ULL;  // ends each part: ("ab", "c") is not ("a", "bc")
  }
  return static_cast<int64_t>(hash);
}

void UnindexedTail::Add(const domain::Event& e, int64_t seq) {
  auto add = [&](std::string_view kind, const std::string& person) {
    int64_t key = PersonIndexKey(e.workspace_id, kind, person);
    Entries(PersonIndexRange(key)).push_back({key, ToUnixMillis(e.occurred_at), seq});
    ++size_;
    return key;
  };
  if (e.contact_id) {
    add("c", *e.contact_id);
    return;
  }
  if (e.user_id) add("u", *e.user_id);
  if (e.anonymous_id) visitors_[add("a", *e.anonymous_id)].push_back(seq);
}

int UnindexedTail::NextRange(int after) const {
  for (int i = 1; i <= kPersonIndexRanges; ++i) {
    int range = (after + i + kPersonIndexRanges) % kPersonIndexRanges;
    if (!entries_[static_cast<size_t>(range)].empty()) return range;
  }
  return -1;
}

UnindexedTail::Slice UnindexedTail::Take(int range) {
  Slice slice{range, std::move(Entries(range)), 0};
  Entries(range).clear();
  size_ -= slice.entries.size();
  std::sort(slice.entries.begin(), slice.entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.key, a.occurred_at, a.seq) < std::tie(b.key, b.occurred_at, b.seq);
  });
  for (const auto& entry : slice.entries) slice.through = std::max(slice.through, entry.seq);
  return slice;
}

void UnindexedTail::Complete(int64_t indexed_through) {
  if (indexed_through <= visitors_through_) return;
  visitors_through_ = indexed_through;
  for (auto it = visitors_.begin(); it != visitors_.end();) {
    std::erase_if(it->second, [&](int64_t seq) { return seq <= indexed_through; });
    it = it->second.empty() ? visitors_.erase(it) : std::next(it);
  }
}

std::span<const int64_t> UnindexedTail::VisitorSeqs(std::string_view workspace_id,
                                                    std::string_view anonymous_id) const {
  auto it = visitors_.find(PersonIndexKey(workspace_id, "a", anonymous_id));
  if (it == visitors_.end()) return {};
  return it->second;
}

Status EventRepo::Append(const domain::Event& e) {
  TT_ASSIGN_OR_RETURN(
      int64_t seq,
      tx_.Insert(kAppend, {e.workspace_id, e.message_id, domain::EnumName(e.type), e.anonymous_id,
                           e.user_id, e.contact_id, e.name, ToUnixMillis(e.occurred_at),
                           ToUnixMillis(e.received_at), e.body, e.source_key_id}));
  if (tail_ != nullptr) {
    tail_->Add(e, seq);
    return OkStatus();
  }
  TT_RETURN_IF_ERROR(tx_.Exec(kIndexRows, {seq - 1, seq}));  // read once its range catches up
  return OkStatus();
}

Status EventRepo::IndexEntries(std::span<const UnindexedTail::Entry> sorted) {
  for (const auto& entry : sorted) {
    TT_RETURN_IF_ERROR(tx_.Exec(kIndexEntry, {entry.key, entry.occurred_at, entry.seq}));
  }
  return OkStatus();
}

Status EventRepo::MarkIndexed(int range, int64_t through) {
  TT_RETURN_IF_ERROR(tx_.Exec("UPDATE event_indexed SET upto = $1 WHERE range = $2 AND upto < $1",
                              {through, range}));
  return OkStatus();
}

Status EventRepo::IndexPending() {
  TT_ASSIGN_OR_RETURN(int64_t from, IndexedThrough());
  TT_ASSIGN_OR_RETURN(int64_t last, tx_.QueryInt(kLastSeq));
  if (last <= from) return OkStatus();
  TT_RETURN_IF_ERROR(tx_.Exec(kIndexRows, {from, last}));
  TT_RETURN_IF_ERROR(tx_.Exec("UPDATE event_indexed SET upto = $1 WHERE upto < $1", {last}));
  return OkStatus();
}

Result<int64_t> EventRepo::IndexedThrough() {
  return tx_.QueryInt("SELECT min(upto) FROM event_indexed");
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
  constexpr std::string_view kClaim = "UPDATE event AS e SET contact_id = $3 WHERE {events}";
  constexpr auto kVisitor = PersonKey::Kind::kAnonymous;
  std::array<Param, 3> params{Param(workspace_id), Param(anonymous_id), Param(contact_id)};
  if (tail_ == nullptr) {
    TT_RETURN_IF_ERROR(ExecForPerson(tx_, kVisitor, kClaim, params));
    return OkStatus();
  }
  // The tail's part through the writer's list of the visitor's events instead of a scan.
  PersonParts condition = EventsOfPersonWhere(kVisitor);
  TT_RETURN_IF_ERROR(tx_.Exec(WithEvents(kClaim, condition.indexed), params));
  std::span<const int64_t> seqs = tail_->VisitorSeqs(workspace_id, anonymous_id);
  if (seqs.empty()) return OkStatus();
  std::string listed = SeqsJson(seqs);
  std::string listed_tail = "e.seq IN (SELECT value FROM json_each($4)) AND " + condition.tail;
  TT_RETURN_IF_ERROR(tx_.Exec(WithEvents(kClaim, listed_tail),
                              {workspace_id, anonymous_id, contact_id, std::string_view(listed)}));
  return OkStatus();
}

Result<Page<domain::Event>> EventRepo::List(std::string_view workspace_id,
                                            const EventFilter& filter, const PageRequest& page) {
  std::vector<Param> params{Param(workspace_id)};
  if (filter.contact_id) params.emplace_back(std::string_view(*filter.contact_id));
  std::optional<int64_t> after_time;
  if (page.after_key && page.after_id) {
    int64_t time = 0;
    const std::string& key = *page.after_key;
    auto [end, ec] = std::from_chars(key.data(), key.data() + key.size(), time);
    if (ec != std::errc{} || end != key.data() + key.size()) {
      return Error::InvalidField("cursor", "is not a cursor this server returned");
    }
    after_time = time;
  }
  std::vector<std::string> texts;
  texts.reserve(4);
  auto conditions = [&](char t) {
    std::string where = FilterSql(filter, params, texts, t);
    if (after_time) {
      params.push_back(*after_time);
      params.push_back(std::string_view(*page.after_id));
      where += fmt::format(" AND ({}.occurred_at, e.message_id) < (${}, ${})", t, params.size() - 1,
                           params.size());
    }
    return where;
  };
  std::string sql = filter.contact_id
                        ? BothParts(
                              PersonKey::Kind::kContact,
                              [](char t) { return "SELECT " + Columns(t); }, conditions)
                        : fmt::format("SELECT {} FROM event e WHERE e.workspace_id = $1{}",
                                      Columns(), conditions('e'));
  params.push_back(static_cast<int64_t>(page.limit + 1));
  sql += fmt::format(" ORDER BY 8 DESC, 2 DESC LIMIT ${}", params.size());
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
  std::string sql = BothParts(
      who.kind, [](char t) { return "SELECT " + Columns(t); },
      [](char t) { return fmt::format(" AND {0}.occurred_at >= $3 AND {0}.occurred_at < $4", t); });
  sql += " ORDER BY 8, 12 LIMIT $5";
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
  if (filter.contact_id) params.emplace_back(std::string_view(*filter.contact_id));
  std::vector<std::string> texts;
  texts.reserve(4);
  auto conditions = [&](char t) { return FilterSql(filter, params, texts, t); };
  std::string events =
      filter.contact_id
          ? BothParts(
                PersonKey::Kind::kContact,
                [](char t) {
                  return fmt::format("SELECT {}.occurred_at AS occurred_at, e.type", t);
                },
                conditions)
          : fmt::format("SELECT e.occurred_at, e.type FROM event e WHERE e.workspace_id = $1{}",
                        conditions('e'));
  std::string sql = fmt::format(
      "SELECT date(occurred_at / 1000, 'unixepoch'), type, count(*) FROM ({})"
      " GROUP BY 1, 2 ORDER BY 1, 2",
      events);
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
  std::array<Param, 2> params{Param(workspace_id), Param(contact_id)};
  TT_ASSIGN_OR_RETURN(int64_t erased,
                      ExecForPerson(tx_, PersonKey::Kind::kContact,
                                    "DELETE FROM event AS e WHERE {events}", params));
  // Entries under the person's ids may outlive their events (an event claimed before it was
  // indexed keeps its visitor's entry, which queries skip): they go too.
  TT_RETURN_IF_ERROR(tx_.Exec(kEraseEntriesOfIds, {workspace_id, contact_id}));
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
