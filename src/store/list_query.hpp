#pragma once

#include <charconv>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/record.hpp"
#include "store/db.hpp"
#include "store/page.hpp"
#include "store/sql_builder.hpp"

namespace tertulia::store {

enum class SortColumn { kCreated, kUpdated, kName };

struct SortSpec {
  SortColumn column = SortColumn::kCreated;
  bool descending = true;
};

// "createdAt", "-updatedAt", "name" ... kInvalidArgument (field "sort") for anything else.
Result<SortSpec> ParseSort(std::string_view sort, bool has_name);

// The cursor key of a record for `column`: its id, updated_at millis, or name key.
std::string SortValue(SortColumn column, const domain::RecordMeta& meta,
                      const std::string& name_key);

// A keyset-paginated list over one record table with the usual columns (id, workspace_id,
// updated_at, sort_key, deleted_at) and exact-match keys in record_key.
class ListQuery {
 public:
  // `table` and `columns` are constants of the calling repository. `has_name`: the table has a
  // sort_key column, so it can be sorted by name.
  ListQuery(std::string_view table, std::string_view columns, std::string_view workspace_id,
            bool deleted, bool has_name = true);

  // Only records with this record_key (kind, value).
  void WithKey(std::string kind, std::string value);
  // The same for a key that few records share (an e-mail, a social handle): the query starts
  // from the key instead of walking the sort order (which, for a rare key, reads every record).
  void WithRareKey(std::string kind, std::string value);
  // A condition with one '?' bound to `value`.
  void Where(std::string_view condition, SqlBuilder::Value value);
  // A condition with one '?' per value.
  void Where(std::string_view condition, std::vector<SqlBuilder::Value> values);

  template <typename T>
  Result<Page<T>> Run(Tx& tx, const PageRequest& page, const std::function<T(const Row&)>& from_row,
                      const std::function<std::string(const T&, SortColumn)>& sort_value) {
    TT_ASSIGN_OR_RETURN(SortSpec sort, ParseSort(page.sort, has_name_));
    TT_ASSIGN_OR_RETURN(SqlBuilder sql, Build(sort, page));
    Page<T> result;
    TT_RETURN_IF_ERROR(tx.Query(sql.sql(), sql.params(),
                                [&](const Row& row) { result.items.push_back(from_row(row)); }));
    if (result.items.size() > page.limit) {
      result.items.resize(page.limit);
      const T& last = result.items.back();
      result.next_key = sort_value(last, sort.column);
      result.next_id = IdOf(last);
    }
    return result;
  }

  // The statement Run executes (public for the query-plan tests).
  Result<SqlBuilder> Build(const SortSpec& sort, const PageRequest& page) const;

 private:
  template <typename T>
  static std::string IdOf(const T& record) {
    return record.meta.id;
  }

  std::string table_;
  std::string columns_;
  std::string workspace_id_;
  bool deleted_;
  bool has_name_;
  struct Condition {
    std::string sql;
    std::vector<SqlBuilder::Value> values;
  };
  std::vector<Condition> conditions_;
  bool rare_key_ = false;
};

}  // namespace tertulia::store
