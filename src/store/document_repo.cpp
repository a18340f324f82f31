#include "store/document_repo.hpp"

#include <fmt/format.h>

#include "store/record_sql.hpp"

namespace tertulia::store {
namespace {

constexpr std::string_view kColumns =
    "id, workspace_id, record_type, record_id, file_name, content_type, size, sha256, created_at,"
    " updated_at, deleted_at, version, created_by, seq";

domain::Document FromRow(const Row& row) {
  domain::Document d;
  d.meta.id = row.String(0);
  d.meta.workspace_id = row.String(1);
  d.record.type =
      domain::ParseEnum<domain::RecordType>(row.Text(2)).value_or(domain::RecordType::kContact);
  d.record.id = row.String(3);
  d.file_name = row.String(4);
  d.content_type = row.String(5);
  d.size = row.Int(6);
  d.sha256 = row.String(7);
  ReadMeta(row, 8, d.meta);
  return d;
}

Result<int64_t> Write(Tx& tx, std::string_view sql, const domain::Document& d) {
  return RunWrite(tx, sql,
                  {d.meta.id, d.meta.workspace_id, domain::EnumName(d.record.type), d.record.id,
                   d.file_name, d.content_type, d.size, d.sha256, ToUnixMillis(d.meta.created_at),
                   ToUnixMillis(d.meta.updated_at), OptionalMillis(d.meta.deleted_at),
                   d.meta.version, d.meta.created_by});
}

}  // namespace

Status DocumentRepo::Insert(domain::Document& d) {
  static const std::string sql = fmt::format(
      "INSERT INTO document (id, workspace_id, record_type, record_id, file_name, content_type,"
      " size, sha256, created_at, updated_at, deleted_at, version, created_by)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)");
  TT_ASSIGN_OR_RETURN(d.meta.seq, Write(tx_, sql, d));
  return OkStatus();
}

Status DocumentRepo::Update(const domain::Document&, const domain::Document& d) {
  constexpr std::string_view sql =
      "UPDATE document SET record_type = $3, record_id = $4, file_name = $5, updated_at = $10,"
      " deleted_at = $11, version = $12 WHERE id = $1 AND workspace_id = $2 AND version = $12 - 1"
      " AND content_type = $6 AND size = $7"
      " AND sha256 = $8 AND created_at = $9 AND coalesce(created_by, '') = coalesce($13, '')";
  return CheckUpdated(Write(tx_, sql, d), "document", d.meta);
}

Result<domain::Document> DocumentRepo::Get(std::string_view workspace_id, std::string_view id) {
  static const std::string sql =
      fmt::format("SELECT {} FROM document WHERE workspace_id = $1 AND id = $2", kColumns);
  return GetOne<domain::Document>(tx_, sql, "document", workspace_id, id, FromRow);
}

Result<std::vector<domain::Document>> DocumentRepo::ForRecord(std::string_view workspace_id,
                                                              std::string_view record_id,
                                                              bool deleted) {
  static const std::string live = fmt::format(
      "SELECT {} FROM document WHERE workspace_id = $1 AND record_id = $2 AND deleted_at IS NULL"
      " ORDER BY created_at DESC, id DESC",
      kColumns);
  static const std::string gone = fmt::format(
      "SELECT {} FROM document WHERE workspace_id = $1 AND record_id = $2"
      " AND deleted_at IS NOT NULL ORDER BY created_at DESC, id DESC",
      kColumns);
  std::vector<domain::Document> out;
  TT_RETURN_IF_ERROR(tx_.Query(deleted ? gone : live, {workspace_id, record_id},
                               [&](const Row& row) { out.push_back(FromRow(row)); }));
  return out;
}

Result<int64_t> DocumentRepo::CountBySha256(std::string_view sha256) {
  return tx_.QueryInt("SELECT count(*) FROM document WHERE sha256 = $1", {sha256});
}

Status DocumentRepo::Erase(std::string_view workspace_id, std::string_view id) {
  TT_RETURN_IF_ERROR(
      tx_.Exec("DELETE FROM document WHERE workspace_id = $1 AND id = $2", {workspace_id, id}));
  return OkStatus();
}

}  // namespace tertulia::store
