#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "domain/record.hpp"
#include "store/db.hpp"

// Helpers shared by the record repositories: the RecordMeta columns and version checks.
namespace tertulia::store {

// created_at, updated_at, deleted_at, version, created_by, seq read from `row` starting at
// `first`.
void ReadMeta(const Row& row, int first, domain::RecordMeta& meta);

inline std::optional<int64_t> OptionalMillis(const std::optional<Timestamp>& t) {
  return t ? std::optional<int64_t>(ToUnixMillis(*t)) : std::nullopt;
}
inline std::optional<Timestamp> OptionalTimestamp(const Row& row, int column) {
  return row.IsNull(column) ? std::nullopt
                            : std::optional<Timestamp>(FromUnixMillis(row.Int(column)));
}

// The full-text document id of a record: seq * 8 + a code per kind of record.
enum class SearchKind { kContact = 1, kCompany = 2, kInteraction = 3 };
inline int64_t SearchDocId(SearchKind kind, int64_t seq) {
  return seq * 8 + static_cast<int64_t>(kind);
}

// "not found" for a record of kind `what`.
Error RecordNotFound(std::string_view what, std::string_view id);

// Runs an INSERT (returns the new seq) or an UPDATE (returns the number of rows changed).
Result<int64_t> RunWrite(Tx& tx, std::string_view sql, std::initializer_list<Param> params);

// The first column of every row of `sql`, whose parameters are ($1) the workspace and ($2) a
// record id: the ids of the records that refer to that record.
Result<std::vector<std::string>> IdsReferring(Tx& tx, std::string_view sql,
                                              std::string_view workspace_id,
                                              std::string_view record_id);

// Reads one record by workspace and id with `sql` ($1 workspace, $2 id); kNotFound when absent.
template <typename T>
Result<T> GetOne(Tx& tx, std::string_view sql, std::string_view what, std::string_view workspace_id,
                 std::string_view id, T (*from_row)(const Row&)) {
  std::optional<T> found;
  TT_RETURN_IF_ERROR(
      tx.Query(sql, {workspace_id, id}, [&](const Row& row) { found = from_row(row); }));
  if (!found) return RecordNotFound(what, id);
  return std::move(*found);
}

// The outcome of an UPDATE ... WHERE version = previous: kFailedPrecondition when it changed no
// row (someone else changed the record first).
Status CheckUpdated(Result<int64_t> changed, std::string_view what, const domain::RecordMeta& meta);

// The error for an UPDATE ... WHERE version = previous that changed no row.
Error StaleVersion(std::string_view what, std::string_view id, int64_t expected);

}  // namespace tertulia::store
