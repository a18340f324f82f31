#pragma once

#include <optional>
#include <string>
#include <string_view>

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
  return row.IsNull(column) ? std::nullopt : std::optional<Timestamp>(FromUnixMillis(row.Int(column)));
}

// The full-text document id of a record: seq * 8 + a code per kind of record.
enum class SearchKind { kContact = 1, kCompany = 2, kInteraction = 3 };
inline int64_t SearchDocId(SearchKind kind, int64_t seq) { return seq * 8 + static_cast<int64_t>(kind); }

// The error for an UPDATE ... WHERE version = previous that changed no row.
Error StaleVersion(std::string_view what, std::string_view id, int64_t expected);

// "not found" for a record of kind `what`.
Error RecordNotFound(std::string_view what, std::string_view id);

}  // namespace tertulia::store
