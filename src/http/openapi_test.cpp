// The OpenAPI document and the router must describe the same API: every route is documented, and
// every documented operation exists.
#include <gtest/gtest.h>

#include <set>

#include "http/api_routes.hpp"
#include "http/json.hpp"
#include "store/migrate.hpp"
#include "store/sqlite/sqlite_db.hpp"
#include "support/test_dir.hpp"

namespace tertulia::http {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

TEST(OpenApiTest, DocumentsExactlyTheRoutesTheRouterKnows) {
  testing::TestDir dir;
  auto db = store::sqlite::Open({.path = dir.File("openapi.db")});
  ASSERT_TRUE(db.ok());
  SystemClock clock;
  service::App app(**db, clock);
  MetricsRegistry metrics;
  Router router;
  RegisterRoutes(router, app, metrics);

  std::set<std::string> routed;
  for (const Route& route : router.routes()) {
    routed.insert(Lower(MethodName(route.method)) + " " + route.pattern);
  }
  auto document = ParseJson(OpenApiDocument());
  ASSERT_TRUE(document.ok()) << document.error().message();
  std::set<std::string> documented;
  for (const auto& [path, operations] : document->at("paths").as_object()) {
    for (const auto& [method, operation] : operations.as_object()) {
      if (method == "parameters") continue;
      documented.insert(std::string(method) + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("responses")) << method << " " << path;
    }
  }
  for (const auto& route : routed) {
    EXPECT_TRUE(documented.contains(route)) << route << " is routed but not in openapi.json";
  }
  for (const auto& operation : documented) {
    EXPECT_TRUE(routed.contains(operation)) << operation << " is in openapi.json but not routed";
  }
}

}  // namespace
}  // namespace tertulia::http
