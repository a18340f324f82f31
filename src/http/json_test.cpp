#include "http/json.hpp"

#include <gtest/gtest.h>

#include "http/problem.hpp"

namespace tertulia::http {
namespace {

TEST(JsonTest, SaysWhereTheSyntaxErrorIs) {
  auto parsed = ParseJson("{\n  \"a\": 1,\n  \"b\": ]\n}");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message().find("line 3"), std::string::npos) << parsed.error().message();
  EXPECT_EQ(parsed.error().fields().at(0).field, "body");
}

TEST(JsonTest, RefusesTrailingDataAndDeepNesting) {
  EXPECT_FALSE(ParseJson("{} {}").ok());
  EXPECT_FALSE(ParseJson(std::string(100, '[') + std::string(100, ']')).ok());
  EXPECT_TRUE(ParseJson(std::string(60, '[') + std::string(60, ']')).ok());
}

TEST(JsonTest, RequiresAnObjectWithAJsonContentType) {
  Request request;
  request.body = "[1]";
  EXPECT_FALSE(ParseJsonObject(request).ok());
  request.body = "{\"x\": 1}";
  EXPECT_TRUE(ParseJsonObject(request).ok());
  request.headers.push_back({"content-type", "application/json; charset=utf-8"});
  EXPECT_TRUE(ParseJsonObject(request).ok());
  request.headers[0].value = "text/plain";
  auto wrong = ParseJsonObject(request);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().fields().at(0).field, "Content-Type");
}

TEST(ProblemTest, MapsErrorsToStatusesAndHidesInternals) {
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kFailedPrecondition), 412);
  EXPECT_EQ(StatusFor(ErrorCode::kResourceExhausted), 429);
  Request request;
  request.request_id = "req-1";
  Response internal = ErrorResponse(Error::Internal("secret stack"), request);
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.body.find("secret"), std::string::npos);
  EXPECT_NE(internal.body.find("req-1"), std::string::npos);
  Response invalid = ErrorResponse(Error::InvalidField("email", "not an e-mail address"), request);
  EXPECT_EQ(invalid.HeaderValue("Content-Type"), "application/problem+json");
  auto body = ParseJson(invalid.body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->at("status").as_int64(), 400);
  EXPECT_EQ(body->at("errors").at(0).at("field").as_string(), "email");
  EXPECT_EQ(body->at("type").as_string(), "urn:tertulia:problem:invalid_argument");
}

}  // namespace
}  // namespace tertulia::http
