#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "support/test_dir.hpp"

namespace tertulia::http {
namespace {

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.path() / "web/assets");
    Write("web/index.html", "<!doctype html><title>Tertulia</title>");
    Write("web/assets/app-1a2b3c.js", "console.log(1)");
    Write("secret.txt", "do not serve");
  }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_.path() / name) << text;
  }
  Response Get(std::string path, std::vector<Header> headers = {}) {
    Request request;
    request.path = std::move(path);
    request.headers = std::move(headers);
    return files_.Serve(request);
  }

  testing::TestDir dir_;
  StaticFiles files_{dir_.path() / "web"};
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndCaching) {
  Response index = Get("/");
  EXPECT_EQ(index.status, 200);
  ASSERT_TRUE(index.file.has_value());
  EXPECT_EQ(index.HeaderValue("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.HeaderValue("Cache-Control"), "no-cache");
  Response script = Get("/assets/app-1a2b3c.js");
  EXPECT_EQ(script.HeaderValue("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(script.HeaderValue("Cache-Control"), "public, max-age=31536000, immutable");
  Response again = Get("/", {{"If-None-Match", std::string(*index.HeaderValue("ETag"))}});
  EXPECT_EQ(again.status, 304);
}

TEST_F(StaticFilesTest, FallsBackToIndexForClientRoutesOnly) {
  Response route = Get("/contacts/01ABC");
  EXPECT_EQ(route.status, 200);
  EXPECT_TRUE(route.file->path.ends_with("index.html"));
  EXPECT_EQ(Get("/assets/missing.js").status, 404);
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  EXPECT_EQ(Get("/../secret.txt").status, 404);
  EXPECT_EQ(Get("/%2e%2e/secret.txt").status, 404);
  EXPECT_EQ(Get("/assets/..%2f..%2fsecret.txt").status, 404);
  std::filesystem::create_symlink(dir_.path() / "secret.txt", dir_.path() / "web/link.txt");
  EXPECT_EQ(Get("/link.txt").status, 404);
}

TEST_F(StaticFilesTest, ExplainsAMissingWebRoot) {
  StaticFiles none(dir_.path() / "nothing-here");
  Request request;
  request.path = "/";
  Response response = none.Serve(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_NE(response.body.find("no web application"), std::string::npos);
}

}  // namespace
}  // namespace tertulia::http
