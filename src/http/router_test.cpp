#include "http/router.hpp"

#include <gtest/gtest.h>

namespace tertulia::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name, "text/plain"); };
}

std::string Call(const Router& router, Method method, std::string_view path) {
  auto match = router.Find(method, path);
  if (match.route == nullptr) return match.allowed.empty() ? "404" : "405";
  Request request;
  return match.route->handler(request).body;
}

TEST(RouterTest, MatchesLiteralsBeforeParameters) {
  Router router;
  router.Add(Method::kGet, "/api/v1/contacts/{id}", Named("get"));
  router.Add(Method::kPost, "/api/v1/contacts/batch", Named("batch"));
  router.Add(Method::kGet, "/api/v1/contacts/{id}/timeline", Named("timeline"));
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/contacts/01ABC"), "get");
  EXPECT_EQ(Call(router, Method::kPost, "/api/v1/contacts/batch"), "batch");
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/contacts/01ABC/timeline"), "timeline");
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/contacts"), "404");
  EXPECT_EQ(Call(router, Method::kGet, "/api/v1/contacts/"), "404");
}

TEST(RouterTest, DecodesParameters) {
  Router router;
  router.Add(Method::kGet, "/files/{name}", Named("file"));
  auto match = router.Find(Method::kGet, "/files/Mu%C3%B1oz%20CV.pdf");
  ASSERT_NE(match.route, nullptr);
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0].first, "name");
  EXPECT_EQ(match.params[0].second, "Muñoz CV.pdf");
}

TEST(RouterTest, ReportsAllowedMethodsFor405) {
  Router router;
  router.Add(Method::kGet, "/healthz", Named("health"));
  router.Add(Method::kPost, "/items", Named("create"));
  router.Add(Method::kGet, "/items", Named("list"));
  auto match = router.Find(Method::kDelete, "/items");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_EQ(match.allowed, (std::vector<Method>{Method::kPost, Method::kGet, Method::kHead}));
  EXPECT_EQ(Call(router, Method::kHead, "/healthz"), "health");  // HEAD serves GET
  EXPECT_TRUE(router.Find(Method::kGet, "/nowhere").allowed.empty());
}

TEST(RouterTest, PercentDecoding) {
  std::string out;
  EXPECT_TRUE(PercentDecode("a%2Fb+c", out, true));
  EXPECT_EQ(out, "a/b c");
  EXPECT_TRUE(PercentDecode("a+b", out, false));
  EXPECT_EQ(out, "a+b");
  EXPECT_FALSE(PercentDecode("bad%zz", out, false));
  EXPECT_FALSE(PercentDecode("cut%4", out, false));
}

}  // namespace
}  // namespace tertulia::http
