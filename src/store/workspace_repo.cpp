#include "store/workspace_repo.hpp"

#include <fmt/format.h>

namespace tertulia::store {
namespace {

constexpr std::string_view kInsert =
    "INSERT INTO workspace (id, slug, name, currency, created_at, updated_at, version)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7)";
constexpr std::string_view kUpdate =
    "UPDATE workspace SET name = $2, currency = $3, updated_at = $4, version = $5, visibility = $7"
    " WHERE id = $1 AND version = $6";
constexpr std::string_view kSelectById =
    "SELECT id, slug, name, currency, created_at, updated_at, version, visibility FROM workspace"
    " WHERE id = $1";
constexpr std::string_view kSelectBySlug =
    "SELECT id, slug, name, currency, created_at, updated_at, version, visibility FROM workspace"
    " WHERE slug = $1";
constexpr std::string_view kSelectAll =
    "SELECT id, slug, name, currency, created_at, updated_at, version, visibility FROM workspace"
    " ORDER BY id";

domain::Workspace FromRow(const Row& row) {
  return domain::Workspace{
      .id = row.String(0),
      .slug = row.String(1),
      .name = row.String(2),
      .currency = row.String(3),
      .created_at = FromUnixMillis(row.Int(4)),
      .updated_at = FromUnixMillis(row.Int(5)),
      .version = row.Int(6),
      .visibility = row.String(7),
  };
}

}  // namespace

Status WorkspaceRepo::Insert(const domain::Workspace& w) {
  auto inserted = tx_.Exec(kInsert, {w.id, w.slug, w.name, w.currency, ToUnixMillis(w.created_at),
                                     ToUnixMillis(w.updated_at), w.version});
  if (!inserted.ok() && inserted.error().code() == ErrorCode::kAlreadyExists) {
    return Error::AlreadyExists(fmt::format("a workspace with slug '{}' exists", w.slug));
  }
  return inserted.ok() ? OkStatus() : Status(std::move(inserted).error());
}

Status WorkspaceRepo::Update(const domain::Workspace& w) {
  TT_ASSIGN_OR_RETURN(int64_t changed,
                      tx_.Exec(kUpdate, {w.id, w.name, w.currency, ToUnixMillis(w.updated_at),
                                         w.version, w.version - 1, w.visibility}));
  if (changed == 0) {
    return Error::FailedPrecondition(
        fmt::format("workspace {} changed since version {}", w.id, w.version - 1));
  }
  return OkStatus();
}

Result<domain::Workspace> WorkspaceRepo::Get(std::string_view id) {
  std::optional<domain::Workspace> found;
  TT_RETURN_IF_ERROR(tx_.Query(kSelectById, {id}, [&](const Row& row) { found = FromRow(row); }));
  if (!found) return Error::NotFound(fmt::format("workspace {} does not exist", id));
  return std::move(*found);
}

Result<std::optional<domain::Workspace>> WorkspaceRepo::FindBySlug(std::string_view slug) {
  std::optional<domain::Workspace> found;
  TT_RETURN_IF_ERROR(
      tx_.Query(kSelectBySlug, {slug}, [&](const Row& row) { found = FromRow(row); }));
  return found;
}

Result<std::vector<domain::Workspace>> WorkspaceRepo::List() {
  std::vector<domain::Workspace> all;
  TT_RETURN_IF_ERROR(
      tx_.Query(kSelectAll, {}, [&](const Row& row) { all.push_back(FromRow(row)); }));
  return all;
}

}  // namespace tertulia::store
