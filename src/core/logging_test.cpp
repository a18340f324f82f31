#include "core/logging.hpp"

#include <gtest/gtest.h>

namespace tertulia::log {
namespace {

std::string Escaped(std::string_view text) {
  std::string out;
  AppendJsonEscaped(out, text);
  return out;
}

TEST(LoggingTest, EscapesJsonStrings) {
  EXPECT_EQ(Escaped("plain"), "plain");
  EXPECT_EQ(Escaped("a\"b\\c"), "a\\\"b\\\\c");
  EXPECT_EQ(Escaped("line\nbreak\t"), "line\\nbreak\\t");
  EXPECT_EQ(Escaped(std::string_view("\x01", 1)), "\\u0001");
  EXPECT_EQ(Escaped("Muñoz"), "Muñoz");
  EXPECT_EQ(Escaped("bad\xff"), "bad\\ufffd");
  EXPECT_EQ(Escaped("cut\xc3"), "cut\\ufffd");
}

TEST(LoggingTest, LevelsFilter) {
  Init(LogConfig{"warn", LogFormat::kJson});
  EXPECT_FALSE(Enabled(Level::kInfo));
  EXPECT_TRUE(Enabled(Level::kError));
  testing::internal::CaptureStderr();
  Write(Level::kError, "boom", {{"status", 500}, {"path", "/x y"}, {"ok", false}});
  Flush();
  std::string line = testing::internal::GetCapturedStderr();
  EXPECT_NE(line.find("\"level\":\"error\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"msg\":\"boom\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"status\":500"), std::string::npos) << line;
  EXPECT_NE(line.find("\"path\":\"/x y\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"ok\":false"), std::string::npos) << line;
  Init(LogConfig{"info", LogFormat::kText});
  testing::internal::CaptureStderr();
  Write(Level::kInfo, "hello", {{"path", "/a b"}});
  Flush();
  line = testing::internal::GetCapturedStderr();
  EXPECT_NE(line.find("info  hello path=\"/a b\""), std::string::npos) << line;
}

}  // namespace
}  // namespace tertulia::log
