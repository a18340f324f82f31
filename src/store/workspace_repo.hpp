#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/workspace.hpp"
#include "store/db.hpp"

namespace tertulia::store {

// Workspace rows, inside the caller's transaction.
class WorkspaceRepo {
 public:
  explicit WorkspaceRepo(Tx& tx) : tx_(tx) {}

  // kAlreadyExists when the slug or id is taken.
  Status Insert(const domain::Workspace& workspace);
  Result<domain::Workspace> Get(std::string_view id);
  // Writes name, currency and updated_at, and bumps the version, if the stored version is still
  // `workspace.version - 1`. kFailedPrecondition when it is not (someone else changed it).
  Status Update(const domain::Workspace& workspace);
  Result<std::optional<domain::Workspace>> FindBySlug(std::string_view slug);
  Result<std::vector<domain::Workspace>> List();

 private:
  Tx& tx_;
};

}  // namespace tertulia::store
