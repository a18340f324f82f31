#include "store/list_query.hpp"

#include <fmt/format.h>

namespace tertulia::store {

Result<SortSpec> ParseSort(std::string_view sort, bool has_name) {
  SortSpec spec;
  spec.descending = sort.starts_with('-');
  std::string_view name = spec.descending ? sort.substr(1) : sort;
  if (name == "createdAt")
    spec.column = SortColumn::kCreated;
  else if (name == "updatedAt")
    spec.column = SortColumn::kUpdated;
  else if (name == "name" && has_name)
    spec.column = SortColumn::kName;
  else {
    return Error::InvalidField(
        "sort", has_name ? "must be createdAt, updatedAt or name, with '-' for descending"
                         : "must be createdAt or updatedAt, with '-' for descending");
  }
  return spec;
}

std::string SortValue(SortColumn column, const domain::RecordMeta& meta,
                      const std::string& name_key) {
  switch (column) {
    case SortColumn::kCreated:
      return meta.id;
    case SortColumn::kUpdated:
      return std::to_string(ToUnixMillis(meta.updated_at));
    case SortColumn::kName:
      return name_key;
  }
  return meta.id;
}

ListQuery::ListQuery(std::string_view table, std::string_view columns,
                     std::string_view workspace_id, bool deleted, bool has_name)
    : table_(table),
      columns_(columns),
      workspace_id_(workspace_id),
      deleted_(deleted),
      has_name_(has_name) {}

void ListQuery::WithKey(std::string kind, std::string value) {
  conditions_.push_back(
      {"id IN (SELECT record_id FROM record_key WHERE workspace_id = ? AND kind = ? AND value = ?)",
       {workspace_id_, std::move(kind), std::move(value)}});
}

void ListQuery::WithRareKey(std::string kind, std::string value) {
  WithKey(std::move(kind), std::move(value));
  rare_key_ = true;
}

void ListQuery::Where(std::string_view condition, SqlBuilder::Value value) {
  conditions_.push_back({std::string(condition), {std::move(value)}});
}

void ListQuery::Where(std::string_view condition, std::vector<SqlBuilder::Value> values) {
  conditions_.push_back({std::string(condition), std::move(values)});
}

Result<SqlBuilder> ListQuery::Build(const SortSpec& sort, const PageRequest& page) const {
  // With a rare key, a unary '+' keeps the planner off the (workspace, ...) indexes and the sort
  // order's index, which would read every record of the workspace.
  std::string_view plain = rare_key_ ? "+" : "";
  SqlBuilder sql(fmt::format("SELECT {} FROM {} WHERE {}workspace_id = ?", columns_, table_, plain),
                 {workspace_id_});
  sql.Append(deleted_ ? " AND deleted_at IS NOT NULL" : " AND deleted_at IS NULL");
  for (const auto& condition : conditions_) sql.Append(" AND " + condition.sql, condition.values);
  std::string_view op = sort.descending ? "<" : ">";
  std::string_view direction = sort.descending ? "DESC" : "ASC";
  if (page.after_key && page.after_id) {
    if (sort.column == SortColumn::kCreated) {
      sql.Append(fmt::format(" AND id {} ?", op), {*page.after_id});
    } else if (sort.column == SortColumn::kUpdated) {
      int64_t millis = 0;
      const std::string& key = *page.after_key;
      if (std::from_chars(key.data(), key.data() + key.size(), millis).ec != std::errc{}) {
        return Error::InvalidField("cursor", "does not belong to this sort order");
      }
      sql.Append(fmt::format(" AND (updated_at, id) {} (?, ?)", op), {millis, *page.after_id});
    } else {
      sql.Append(fmt::format(" AND (sort_key, id) {} (?, ?)", op),
                 {*page.after_key, *page.after_id});
    }
  }
  switch (sort.column) {
    case SortColumn::kCreated:
      sql.Append(fmt::format(" ORDER BY {1}id {0}", direction, plain));
      break;
    case SortColumn::kUpdated:
      sql.Append(fmt::format(" ORDER BY {1}updated_at {0}, {1}id {0}", direction, plain));
      break;
    case SortColumn::kName:
      sql.Append(fmt::format(" ORDER BY {1}sort_key {0}, {1}id {0}", direction, plain));
      break;
  }
  sql.Append(" LIMIT ?", {static_cast<int64_t>(page.limit + 1)});
  return sql;
}

}  // namespace tertulia::store
