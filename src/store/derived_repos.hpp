#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "domain/timeline.hpp"
#include "store/db.hpp"

// Tables derived from the records and rewritten with them, in the same transaction: lookup keys,
// timeline entries and the search index.
namespace tertulia::store {

using RecordKeys = std::vector<std::pair<std::string, std::string>>;

// Exact-match keys of a record: ("email", "ana@acme.es"), ("tag", "vip"), ("custom.region",
// "Norte"), ("social", "linkedin:ana"). Keys are removed by value, recomputed from the record's
// previous state, so no index by record is needed.
class RecordKeyRepo {
 public:
  explicit RecordKeyRepo(Tx& tx) : tx_(tx) {}
  Status Add(std::string_view workspace_id, std::string_view record_id, const RecordKeys& keys);
  Status Remove(std::string_view workspace_id, std::string_view record_id, const RecordKeys& keys);
  Status Replace(std::string_view workspace_id, std::string_view record_id,
                 const RecordKeys& before, const RecordKeys& after);

 private:
  Tx& tx_;
};

// Timeline entries, removed by their full keys (recomputed from the record's previous state).
class TimelineRepo {
 public:
  explicit TimelineRepo(Tx& tx) : tx_(tx) {}
  // Adds `entries`, in key order (which makes big batches touch each page once).
  Status Add(std::string_view workspace_id, std::vector<domain::TimelineEntry> entries);
  Status Remove(std::string_view workspace_id, const std::vector<domain::TimelineEntry>& entries);
  Status Replace(std::string_view workspace_id, const std::vector<domain::TimelineEntry>& before,
                 const std::vector<domain::TimelineEntry>& after);
  // Newest first, starting after (occurred_at, record_id) when given.
  Result<std::vector<domain::TimelineEntry>> List(
      std::string_view workspace_id, std::string_view subject_id, size_t limit,
      std::optional<std::pair<int64_t, std::string>> after);

 private:
  Tx& tx_;
};

struct SearchHit {
  std::string kind;  // contact, company, interaction
  std::string record_id;
  std::string title;
  std::string body;
};

// The full-text index. Documents are keyed by SearchDocId (record_sql.hpp). Writes are deferred
// to the end of the transaction (see Tx::Defer) and so are seen after it commits.
class SearchRepo {
 public:
  explicit SearchRepo(Tx& tx) : tx_(tx) {}
  // Indexes a document that is not indexed yet.
  Status Insert(std::string_view workspace_id, int64_t doc_id, std::string_view record_id,
                std::string_view kind, std::string_view title, std::string_view body);
  // Replaces a document (or indexes it if it is not).
  Status Upsert(std::string_view workspace_id, int64_t doc_id, std::string_view record_id,
                std::string_view kind, std::string_view title, std::string_view body);
  Status Remove(int64_t doc_id);
  // Applies this transaction's full-text writes now instead of at commit: a long bulk
  // transaction keeps its memory bounded this way.
  Status Flush();
  // The `candidates` most recently indexed documents matching `match` (an FTS5 query built by
  // the caller from user words), newest first, with their text, for the caller to rank. FTS5
  // walks its doclists backwards and stops early, so this costs the same for a rare word and for
  // a prefix in every other document (bm25 would not: it counts every match). With several
  // workspaces in one database, other workspaces' matches take candidate places, so a search may
  // find fewer than it could; a workspace never sees another's.
  Result<std::vector<SearchHit>> Candidates(std::string_view workspace_id, std::string_view match,
                                            size_t candidates,
                                            std::optional<std::string_view> kind = std::nullopt);

 private:
  Tx& tx_;
};

struct StoredResponse {
  std::string fingerprint;
  int status = 0;
  std::string body;
};

class IdempotencyRepo {
 public:
  explicit IdempotencyRepo(Tx& tx) : tx_(tx) {}
  Result<std::optional<StoredResponse>> Find(std::string_view workspace_id, std::string_view key);
  Status Remember(std::string_view workspace_id, std::string_view key,
                  const StoredResponse& response, int64_t now_ms);
  // Forgets keys older than `before_ms`.
  Status Expire(int64_t before_ms);

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
