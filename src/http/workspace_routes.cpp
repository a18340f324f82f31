// /api/v1/workspace: the settings of the workspace (name, reporting currency).
#include <boost/json/object.hpp>

#include "core/time.hpp"
#include "http/api_routes.hpp"
#include "http/api_support.hpp"
#include "http/fields.hpp"
#include "http/json.hpp"
#include "http/problem.hpp"

namespace tertulia::http {
namespace {

Response WorkspaceResponse(int status, const domain::Workspace& w) {
  Response response = JsonResponse(status, boost::json::object{
                                               {"id", w.id},
                                               {"slug", w.slug},
                                               {"name", w.name},
                                               {"currency", w.currency},
                                               {"createdAt", FormatIso8601(w.created_at)},
                                               {"updatedAt", FormatIso8601(w.updated_at)},
                                               {"version", w.version},
                                               {"visibility", w.visibility},
                                           });
  response.SetHeader("ETag", VersionETag(w.version));
  return response;
}

Result<domain::WorkspacePatch> ReadPatch(const Request& request) {
  TT_ASSIGN_OR_RETURN(auto body, ParseJsonObject(request));
  FieldReader in(body);
  domain::WorkspacePatch patch{.name = in.String("name", 200),
                               .currency = in.String("currency", 3),
                               .visibility = in.String("visibility", 10)};
  in.RejectUnknown({"name", "currency", "visibility"});
  TT_RETURN_IF_ERROR(in.Finish("invalid workspace change"));
  return patch;
}

}  // namespace

void RegisterWorkspaceRoutes(Router& router, ApiContext& api) {
  router.Add(Method::kGet, "/api/v1/workspace", [&api](Request& request) {
    auto ctx = api.For(request);
    if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
    auto workspace = api.app().workspaces().Current();
    if (!workspace.ok()) return ErrorResponse(workspace.error(), request);
    return WorkspaceResponse(200, *workspace);
  });

  router.Add(Method::kPatch, "/api/v1/workspace", [&api](Request& request) {
    auto ctx = api.For(request);
    if (!ctx.ok()) return ErrorResponse(ctx.error(), request);
    Status allowed =
        service::Require(*ctx, domain::Permission::kAdmin, "change the workspace settings");
    if (!allowed.ok()) return ErrorResponse(allowed.error(), request);
    auto patch = ReadPatch(request);
    if (!patch.ok()) return ErrorResponse(patch.error(), request);
    auto expected = IfMatchVersion(request);
    if (!expected.ok()) return ErrorResponse(expected.error(), request);
    auto updated = api.app().workspaces().Update(*ctx, *patch, *expected);
    if (!updated.ok()) return ErrorResponse(updated.error(), request);
    return WorkspaceResponse(200, *updated);
  });
}

}  // namespace tertulia::http
