// Operational endpoints: liveness, readiness, metrics and the API description.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "http/api_routes.hpp"
#include "http/api_support.hpp"
#include "http/json.hpp"

namespace tertulia::http {

void RegisterSystemRoutes(Router& router, service::App& app, MetricsRegistry& metrics) {
  router.Add(Method::kGet, "/healthz", [](Request&) {
    return JsonResponse(200, boost::json::object{{"status", "ok"}});
  });

  router.Add(Method::kGet, "/readyz", [&app](Request&) {
    boost::json::array checks;
    bool ready = true;
    for (const auto& check : app.health().Readiness()) {
      ready = ready && check.ok;
      checks.push_back(
          boost::json::object{{"name", check.name}, {"ok", check.ok}, {"detail", check.detail}});
    }
    Response response = JsonResponse(
        ready ? 200 : 503,
        boost::json::object{{"status", ready ? "ready" : "unavailable"}, {"checks", checks}});
    response.SetHeader("Cache-Control", "no-store");
    return response;
  });

  router.Add(Method::kGet, "/metrics", [&metrics](Request&) {
    return Response::Text(200, metrics.RenderPrometheus(),
                          "text/plain; version=0.0.4; charset=utf-8");
  });

  router.Add(Method::kGet, "/api/openapi.json", [](Request&) {
    Response response = Response::Text(200, std::string(OpenApiDocument()), "application/json");
    response.SetHeader("Cache-Control", "no-cache");
    return response;
  });
}

void RegisterRoutes(Router& router, service::App& app, MetricsRegistry& metrics,
                    bool secure_cookies) {
  RegisterSystemRoutes(router, app, metrics);
  auto& api = router.Own(std::make_shared<ApiContext>(app, secure_cookies));
  RegisterWorkspaceRoutes(router, api);
  RegisterCrmRoutes(router, api);
  RegisterSecurityRoutes(router, api);
  RegisterSalesRoutes(router, api);
  RegisterDocumentRoutes(router, api);
  RegisterTrackingRoutes(router, api, metrics);
  RegisterMergeRoutes(router, api);
}

}  // namespace tertulia::http
