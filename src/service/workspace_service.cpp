#include "service/workspace_service.hpp"

#include <fmt/format.h>

#include <boost/json/array.hpp>

#include "service/audit.hpp"
#include "store/workspace_repo.hpp"

namespace tertulia::service {

Result<domain::Workspace> WorkspaceService::EnsureDefault() {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  store::WorkspaceRepo repo(*tx);
  TT_ASSIGN_OR_RETURN(auto existing, repo.FindBySlug(domain::kDefaultWorkspaceSlug));
  if (existing) return std::move(*existing);
  auto now = clock_.Now();
  domain::Workspace workspace{.id = ids_.Next(),
                              .slug = std::string(domain::kDefaultWorkspaceSlug),
                              .name = "Default workspace",
                              .currency = "EUR",
                              .created_at = now,
                              .updated_at = now};
  TT_RETURN_IF_ERROR(domain::Validate(workspace));
  TT_RETURN_IF_ERROR(repo.Insert(workspace));
  TT_RETURN_IF_ERROR(tx->Commit());
  return workspace;
}

Result<domain::Workspace> WorkspaceService::Current() {
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginRead());
  TT_ASSIGN_OR_RETURN(auto found,
                      store::WorkspaceRepo(*tx).FindBySlug(domain::kDefaultWorkspaceSlug));
  if (!found) return Error::NotFound("the workspace does not exist; run `tertulia migrate`");
  return std::move(*found);
}

Result<domain::Workspace> WorkspaceService::Update(const RequestContext& ctx,
                                                   const domain::WorkspacePatch& patch,
                                                   std::optional<int64_t> expected_version) {
  TT_RETURN_IF_ERROR(Require(ctx, domain::Permission::kAdmin, "change the workspace settings"));
  TT_ASSIGN_OR_RETURN(auto tx, db_.BeginWrite());
  store::WorkspaceRepo repo(*tx);
  TT_ASSIGN_OR_RETURN(auto found, repo.FindBySlug(domain::kDefaultWorkspaceSlug));
  if (!found) return Error::NotFound("the workspace does not exist; run `tertulia migrate`");
  domain::Workspace workspace = std::move(*found);
  const domain::Workspace before = workspace;
  if (expected_version && *expected_version != workspace.version) {
    return Error::FailedPrecondition(
        fmt::format("the workspace is at version {}, not {}: reload it and apply the change again",
                    workspace.version, *expected_version));
  }
  if (patch.name) workspace.name = *patch.name;
  if (patch.currency) workspace.currency = *patch.currency;
  if (patch.visibility) workspace.visibility = *patch.visibility;
  TT_RETURN_IF_ERROR(domain::Validate(workspace));
  workspace.updated_at = clock_.Now();
  workspace.version += 1;
  TT_RETURN_IF_ERROR(repo.Update(workspace));
  boost::json::object changes;
  auto changed = [&](std::string_view key, const std::string& a, const std::string& b) {
    if (a != b) changes[key] = boost::json::array{boost::json::value(a), boost::json::value(b)};
  };
  changed("name", before.name, workspace.name);
  changed("currency", before.currency, workspace.currency);
  changed("visibility", before.visibility, workspace.visibility);
  TT_RETURN_IF_ERROR(Audit(*tx, ctx, clock_, ids_, "update", "workspace", workspace.id, changes));
  TT_RETURN_IF_ERROR(tx->Commit());
  return workspace;
}

}  // namespace tertulia::service
