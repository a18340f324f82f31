#include "service/context.hpp"

#include <fmt/format.h>

namespace tertulia::service {

Status Require(const RequestContext& ctx, domain::Permission permission, std::string_view what) {
  if (domain::Allows(ctx.principal, permission)) return OkStatus();
  const auto& p = ctx.principal;
  std::string who = p.scope ? fmt::format("a key with scope {}", domain::EnumName(*p.scope))
                            : fmt::format("the {} role", domain::EnumName(p.role));
  return Error::PermissionDenied(fmt::format("{} cannot {}", who, what));
}

}  // namespace tertulia::service
