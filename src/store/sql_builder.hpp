#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.hpp"

namespace tertulia::store {

// Assembles a query from constant SQL fragments for lists whose filters vary. Each '?' in a
// fragment becomes the next $N placeholder and its value is bound, never spliced into the text:
//
//   SqlBuilder q("SELECT ... FROM contact WHERE workspace_id = ?", {workspace_id});
//   if (owner) q.Append(" AND owner_id = ?", {*owner});
//   tx.Query(q.sql(), q.params(), on_row);
class SqlBuilder {
 public:
  using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

  explicit SqlBuilder(std::string_view fragment, std::vector<Value> values = {});
  SqlBuilder& Append(std::string_view fragment, std::vector<Value> values = {});

  const std::string& sql() const { return sql_; }
  // Borrow the builder's values: valid while the builder lives.
  std::span<const Param> params() const { return params_; }

 private:
  std::string sql_;
  std::deque<Value> values_;  // stable addresses for the borrowed Params
  std::vector<Param> params_;
};

}  // namespace tertulia::store
