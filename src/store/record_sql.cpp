#include "store/record_sql.hpp"

#include <fmt/format.h>

namespace tertulia::store {

void ReadMeta(const Row& row, int first, domain::RecordMeta& meta) {
  meta.created_at = FromUnixMillis(row.Int(first));
  meta.updated_at = FromUnixMillis(row.Int(first + 1));
  meta.deleted_at = OptionalTimestamp(row, first + 2);
  meta.version = row.Int(first + 3);
  meta.created_by = row.OptionalString(first + 4);
  meta.seq = row.Int(first + 5);
}

Error StaleVersion(std::string_view what, std::string_view id, int64_t expected) {
  return Error::FailedPrecondition(
      fmt::format("{} {} is no longer at version {}: reload it and apply the change again", what,
                  id, expected));
}

Error RecordNotFound(std::string_view what, std::string_view id) {
  return Error::NotFound(fmt::format("{} {} does not exist", what, id));
}

Result<int64_t> RunWrite(Tx& tx, std::string_view sql, std::initializer_list<Param> params) {
  if (sql.starts_with("INSERT")) return tx.Insert(sql, params);
  return tx.Exec(sql, params);
}

Status CheckUpdated(Result<int64_t> changed, std::string_view what,
                    const domain::RecordMeta& meta) {
  if (!changed.ok()) return std::move(changed).error();
  if (*changed == 0) return StaleVersion(what, meta.id, meta.version - 1);
  return OkStatus();
}

Result<std::vector<std::string>> IdsReferring(Tx& tx, std::string_view sql,
                                              std::string_view workspace_id,
                                              std::string_view record_id) {
  std::vector<std::string> ids;
  TT_RETURN_IF_ERROR(tx.Query(sql, {workspace_id, record_id},
                              [&](const Row& row) { ids.push_back(row.String(0)); }));
  return ids;
}

}  // namespace tertulia::store
