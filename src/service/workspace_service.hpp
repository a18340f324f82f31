#pragma once

#include "core/id.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "domain/workspace.hpp"
#include "service/context.hpp"
#include "store/db.hpp"

namespace tertulia::service {

// Workspaces (tenants). Thread-safe.
class WorkspaceService {
 public:
  WorkspaceService(store::Db& db, const Clock& clock) : db_(db), clock_(clock), ids_(clock) {}

  // The workspace every request uses until multi-tenancy is exposed; created on first use.
  Result<domain::Workspace> EnsureDefault();

  // The workspace of the current request (the default one for now).
  Result<domain::Workspace> Current();

  // Applies `patch` to the current workspace. With `expected_version`, refuses with
  // kFailedPrecondition (412) when the stored version differs, and changes nothing.
  // Admins only; audited.
  Result<domain::Workspace> Update(const RequestContext& ctx, const domain::WorkspacePatch& patch,
                                   std::optional<int64_t> expected_version);

 private:
  store::Db& db_;
  const Clock& clock_;
  IdGenerator ids_;
};

}  // namespace tertulia::service
