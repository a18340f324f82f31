#include "store/db.hpp"

namespace tertulia::store {

Result<int64_t> Tx::QueryInt(std::string_view sql, std::initializer_list<Param> params) {
  std::optional<int64_t> value;
  TT_RETURN_IF_ERROR(Query(sql, params, [&](const Row& row) {
    if (!value) value = row.Int(0);
  }));
  if (!value) return Error::NotFound("no row");
  return *value;
}

Status Tx::RunDeferred() {
  auto work = std::move(deferred_);
  deferred_.clear();
  for (const auto& step : work) TT_RETURN_IF_ERROR(step());
  return OkStatus();
}

}  // namespace tertulia::store
