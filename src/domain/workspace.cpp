#include "domain/workspace.hpp"

#include <vector>

#include "core/money.hpp"
#include "domain/validation.hpp"

namespace tertulia::domain {

Status Validate(const Workspace& workspace) {
  FieldErrors errors;
  errors.Check(IsSlug(workspace.slug), "slug",
               "use 1 to 63 lower-case letters, digits and hyphens");
  errors.Check(!workspace.name.empty() && Utf8Length(workspace.name) <= 200, "name",
               "must be 1 to 200 characters");
  errors.Check(Currency::FromCode(workspace.currency).ok(), "currency",
               "must be an ISO 4217 code such as EUR");
  errors.Check(workspace.visibility == "all" || workspace.visibility == "team", "visibility",
               "must be all or team");
  return errors.ToStatus("invalid workspace");
}

}  // namespace tertulia::domain
