#include "store/derived_repos.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <tuple>

namespace tertulia::store {
namespace {

constexpr std::string_view kDeleteKey =
    "DELETE FROM record_key WHERE workspace_id = $1 AND kind = $2 AND value = $3 AND record_id = "
    "$4";
constexpr std::string_view kInsertKey =
    "INSERT OR IGNORE INTO record_key (workspace_id, kind, value, record_id)"
    " VALUES ($1, $2, $3, $4)";

constexpr std::string_view kDeleteTimeline =
    "DELETE FROM timeline_entry WHERE workspace_id = $1 AND subject_id = $2 AND occurred_at = $3"
    " AND record_id = $4";
constexpr std::string_view kInsertTimeline =
    "INSERT OR REPLACE INTO timeline_entry (workspace_id, subject_id, occurred_at, record_id,"
    " kind, channel, direction, actor_type, actor_id, summary, detail)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
constexpr std::string_view kTimelineFirst =
    "SELECT subject_id, occurred_at, record_id, kind, channel, direction, actor_type, actor_id,"
    " summary, detail FROM timeline_entry WHERE workspace_id = $1 AND subject_id = $2"
    " ORDER BY occurred_at DESC, record_id DESC LIMIT $3";
constexpr std::string_view kTimelineAfter =
    "SELECT subject_id, occurred_at, record_id, kind, channel, direction, actor_type, actor_id,"
    " summary, detail FROM timeline_entry WHERE workspace_id = $1 AND subject_id = $2"
    " AND (occurred_at, record_id) < ($4, $5)"
    " ORDER BY occurred_at DESC, record_id DESC LIMIT $3";

// A transaction's full-text writes are applied at commit in one statement each: in SQLite every
// statement that writes an FTS5 table in a transaction opens a savepoint, and FTS5 flushes its
// pending terms into a new segment at each savepoint. Row by row, that is a segment per document
// and endless merging; in one statement, a few large segments.
constexpr std::string_view kDeleteIndexed =
    "DELETE FROM search_index WHERE rowid IN (SELECT value FROM json_each($1))";
constexpr std::string_view kInsertIndexed =
    "INSERT INTO search_index (rowid, title, body, kind, record_id, workspace_id)"
    " SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5"
    " FROM json_each($1)";
constexpr std::string_view kCandidates =
    "SELECT rowid FROM search_index WHERE search_index MATCH $1 ORDER BY rowid DESC LIMIT $2";
constexpr std::string_view kCandidatesOfKind =
    "SELECT rowid FROM search_index WHERE search_index MATCH $1 AND kind = $3"
    " ORDER BY rowid DESC LIMIT $2";
// By rowid, without MATCH: with one, SQLite would scan every match to filter by rowid.
constexpr std::string_view kDocuments =
    "SELECT rowid, kind, record_id, title, body, workspace_id FROM search_index"
    " WHERE rowid IN (SELECT value FROM json_each($1))";

constexpr std::string_view kFindIdempotent =
    "SELECT fingerprint, status, body FROM idempotency_key WHERE workspace_id = $1 AND key = $2";
constexpr std::string_view kRememberIdempotent =
    "INSERT INTO idempotency_key (workspace_id, key, fingerprint, status, body, created_at)"
    " VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kExpireIdempotent = "DELETE FROM idempotency_key WHERE created_at < $1";

std::optional<std::string_view> Nullable(const std::optional<std::string>& value) {
  return value ? std::optional<std::string_view>(*value) : std::nullopt;
}

// The full-text writes of one transaction, applied when it commits.
struct PendingSearch {
  bool scheduled = false;
  boost::json::array removals;                      // doc ids that may be indexed
  std::map<int64_t, boost::json::array> documents;  // doc id -> [id, title, body, kind, record, ws]
};

// Runs a full-text statement where the transaction keeps its full-text index.
Status ExecSearch(Tx& tx, std::string_view sql, std::string param) {
  if (SearchAside* aside = tx.search_aside()) {
    aside->Exec(sql, std::move(param));
    return OkStatus();
  }
  TT_RETURN_IF_ERROR(tx.Exec(sql, {param}));
  return OkStatus();
}

Status FlushSearch(Tx& tx, PendingSearch& pending) {
  if (!pending.removals.empty()) {
    TT_RETURN_IF_ERROR(ExecSearch(tx, kDeleteIndexed, boost::json::serialize(pending.removals)));
  }
  if (!pending.documents.empty()) {
    boost::json::array rows;
    rows.reserve(pending.documents.size());
    for (auto& [id, row] : pending.documents) rows.push_back(std::move(row));
    TT_RETURN_IF_ERROR(ExecSearch(tx, kInsertIndexed, boost::json::serialize(rows)));
  }
  pending.removals.clear();
  pending.documents.clear();
  return OkStatus();
}

PendingSearch& Pending(Tx& tx) {
  auto& pending = tx.State<PendingSearch>();
  if (!pending.scheduled) {
    pending.scheduled = true;
    tx.Defer([&tx, &pending] { return FlushSearch(tx, pending); });
  }
  return pending;
}

}  // namespace

Status RecordKeyRepo::Add(std::string_view workspace_id, std::string_view record_id,
                          const RecordKeys& keys) {
  for (const auto& [kind, value] : keys) {
    TT_RETURN_IF_ERROR(tx_.Exec(kInsertKey, {workspace_id, kind, value, record_id}));
  }
  return OkStatus();
}

Status RecordKeyRepo::Remove(std::string_view workspace_id, std::string_view record_id,
                             const RecordKeys& keys) {
  for (const auto& [kind, value] : keys) {
    TT_RETURN_IF_ERROR(tx_.Exec(kDeleteKey, {workspace_id, kind, value, record_id}));
  }
  return OkStatus();
}

Status RecordKeyRepo::Replace(std::string_view workspace_id, std::string_view record_id,
                              const RecordKeys& before, const RecordKeys& after) {
  if (before == after) return OkStatus();
  TT_RETURN_IF_ERROR(Remove(workspace_id, record_id, before));
  return Add(workspace_id, record_id, after);
}

Status TimelineRepo::Add(std::string_view workspace_id,
                         std::vector<domain::TimelineEntry> entries) {
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::tie(a.subject_id, a.occurred_at, a.record_id) <
           std::tie(b.subject_id, b.occurred_at, b.record_id);
  });
  for (const auto& e : entries) {
    TT_RETURN_IF_ERROR(
        tx_.Exec(kInsertTimeline,
                 {workspace_id, e.subject_id, ToUnixMillis(e.occurred_at), e.record_id,
                  domain::EnumName(e.kind), Nullable(e.channel), Nullable(e.direction),
                  Nullable(e.actor_type), Nullable(e.actor_id), e.summary, Nullable(e.detail)}));
  }
  return OkStatus();
}

Status TimelineRepo::Remove(std::string_view workspace_id,
                            const std::vector<domain::TimelineEntry>& entries) {
  for (const auto& e : entries) {
    TT_RETURN_IF_ERROR(tx_.Exec(
        kDeleteTimeline, {workspace_id, e.subject_id, ToUnixMillis(e.occurred_at), e.record_id}));
  }
  return OkStatus();
}

Status TimelineRepo::Replace(std::string_view workspace_id,
                             const std::vector<domain::TimelineEntry>& before,
                             const std::vector<domain::TimelineEntry>& after) {
  TT_RETURN_IF_ERROR(Remove(workspace_id, before));
  return Add(workspace_id, after);
}

Result<std::vector<domain::TimelineEntry>> TimelineRepo::List(
    std::string_view workspace_id, std::string_view subject_id, size_t limit,
    std::optional<std::pair<int64_t, std::string>> after) {
  std::vector<domain::TimelineEntry> out;
  auto read = [&](const Row& row) {
    domain::TimelineEntry e;
    e.subject_id = row.String(0);
    e.occurred_at = FromUnixMillis(row.Int(1));
    e.record_id = row.String(2);
    e.kind = domain::ParseEnum<domain::TimelineKind>(row.Text(3))
                 .value_or(domain::TimelineKind::kInteraction);
    e.channel = row.OptionalString(4);
    e.direction = row.OptionalString(5);
    e.actor_type = row.OptionalString(6);
    e.actor_id = row.OptionalString(7);
    e.summary = row.String(8);
    e.detail = row.OptionalString(9);
    out.push_back(std::move(e));
  };
  auto n = static_cast<int64_t>(limit);
  if (after) {
    TT_RETURN_IF_ERROR(tx_.Query(kTimelineAfter,
                                 {workspace_id, subject_id, n, after->first, after->second}, read));
  } else {
    TT_RETURN_IF_ERROR(tx_.Query(kTimelineFirst, {workspace_id, subject_id, n}, read));
  }
  return out;
}

Status SearchRepo::Insert(std::string_view workspace_id, int64_t doc_id, std::string_view record_id,
                          std::string_view kind, std::string_view title, std::string_view body) {
  Pending(tx_).documents[doc_id] =
      boost::json::array{doc_id, title, body, kind, record_id, workspace_id};
  return OkStatus();
}

Status SearchRepo::Upsert(std::string_view workspace_id, int64_t doc_id, std::string_view record_id,
                          std::string_view kind, std::string_view title, std::string_view body) {
  TT_RETURN_IF_ERROR(Remove(doc_id));
  return Insert(workspace_id, doc_id, record_id, kind, title, body);
}

Status SearchRepo::Flush() { return FlushSearch(tx_, Pending(tx_)); }

Status SearchRepo::Remove(int64_t doc_id) {
  auto& pending = Pending(tx_);
  pending.removals.emplace_back(doc_id);
  pending.documents.erase(doc_id);
  return OkStatus();
}

Result<std::vector<SearchHit>> SearchRepo::Candidates(std::string_view workspace_id,
                                                      std::string_view match, size_t candidates,
                                                      std::optional<std::string_view> kind) {
  boost::json::array rowids;
  auto add = [&](const Row& row) { rowids.emplace_back(row.Int(0)); };
  if (kind) {
    TT_RETURN_IF_ERROR(
        tx_.Query(kCandidatesOfKind, {match, static_cast<int64_t>(candidates), *kind}, add));
  } else {
    TT_RETURN_IF_ERROR(tx_.Query(kCandidates, {match, static_cast<int64_t>(candidates)}, add));
  }
  std::vector<SearchHit> hits;
  if (rowids.empty()) return hits;
  std::map<int64_t, SearchHit, std::greater<>> newest_first;
  TT_RETURN_IF_ERROR(tx_.Query(kDocuments, {boost::json::serialize(rowids)}, [&](const Row& row) {
    if (row.Text(5) != workspace_id) return;
    newest_first[row.Int(0)] = {row.String(1), row.String(2), row.String(3), row.String(4)};
  }));
  hits.reserve(newest_first.size());
  for (auto& [rowid, hit] : newest_first) hits.push_back(std::move(hit));
  return hits;
}

Result<std::optional<StoredResponse>> IdempotencyRepo::Find(std::string_view workspace_id,
                                                            std::string_view key) {
  std::optional<StoredResponse> found;
  TT_RETURN_IF_ERROR(tx_.Query(kFindIdempotent, {workspace_id, key}, [&](const Row& row) {
    found = StoredResponse{row.String(0), static_cast<int>(row.Int(1)), row.String(2)};
  }));
  return found;
}

Status IdempotencyRepo::Remember(std::string_view workspace_id, std::string_view key,
                                 const StoredResponse& response, int64_t now_ms) {
  TT_RETURN_IF_ERROR(tx_.Exec(kRememberIdempotent, {workspace_id, key, response.fingerprint,
                                                    response.status, response.body, now_ms}));
  return OkStatus();
}

Status IdempotencyRepo::Expire(int64_t before_ms) {
  TT_RETURN_IF_ERROR(tx_.Exec(kExpireIdempotent, {before_ms}));
  return OkStatus();
}

}  // namespace tertulia::store
