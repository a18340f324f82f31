#include "core/config.hpp"

#include <gtest/gtest.h>

namespace tertulia {
namespace {

Result<Config> Build(std::vector<ConfigLayer> layers) { return BuildConfig(layers); }

TEST(ConfigTest, DefaultsAreUsable) {
  auto config = Build({});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->db, "var/tertulia.db");
  EXPECT_EQ(config->http.host, "127.0.0.1");
  EXPECT_EQ(config->http.port, 8080);
  EXPECT_EQ(config->log.format, LogFormat::kText);
}

TEST(ConfigTest, LaterLayersWin) {
  auto file = ParseConfigFile("tertulia.toml", R"(
db = "from-file.db"
listen = "0.0.0.0:9000"
[http]
threads = 3
max_body_bytes = "2MiB"
read_timeout = "10s"
[log]
format = "json"
)");
  ASSERT_TRUE(file.ok()) << file.error().message();
  std::vector<std::string> env = {"PATH=/bin", "TERTULIA_DB=from-env.db",
                                  "TERTULIA_HTTP_THREADS=5"};
  auto environment = ConfigFromEnvironment(env);
  ASSERT_TRUE(environment.ok());
  ConfigLayer flags = {{"http.threads", "7", "--threads"}};
  auto config = Build({*file, *environment, flags});
  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_EQ(config->db, "from-env.db");
  EXPECT_EQ(config->http.host, "0.0.0.0");
  EXPECT_EQ(config->http.port, 9000);
  EXPECT_EQ(config->http.threads, 7);
  EXPECT_EQ(config->http.max_body_bytes, 2u * 1024 * 1024);
  EXPECT_EQ(config->http.read_timeout.count(), 10'000);
  EXPECT_EQ(config->log.format, LogFormat::kJson);
}

TEST(ConfigTest, ReadsJsonFiles) {
  auto file =
      ParseConfigFile("tertulia.json", R"({"listen": "127.0.0.1:0", "http": {"threads": 2}})");
  ASSERT_TRUE(file.ok());
  auto config = Build({*file});
  ASSERT_TRUE(config.ok());
  EXPECT_EQ(config->http.port, 0);
  EXPECT_EQ(config->http.threads, 2);
}

TEST(ConfigTest, NamesTheBadKeyAndItsOrigin) {
  auto config = Build({{{"http.threads", "many", "TERTULIA_HTTP_THREADS"}}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().fields().at(0).field, "http.threads");
  EXPECT_NE(config.error().message().find("TERTULIA_HTTP_THREADS"), std::string::npos);
  EXPECT_NE(config.error().message().find("integer"), std::string::npos);

  auto unknown = Build({{{"htp.threads", "2", "tertulia.toml"}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("htp.threads"), std::string::npos);

  EXPECT_FALSE(Build({{{"listen", "8080", "--listen"}}}).ok());
  EXPECT_FALSE(Build({{{"listen", "localhost:99999", "--listen"}}}).ok());
  EXPECT_FALSE(Build({{{"log.format", "xml", "--log-format"}}}).ok());
  EXPECT_FALSE(Build({{{"http.read_timeout", "10", "x"}}}).ok());
}

TEST(ConfigTest, RefusesUnknownEnvironmentVariables) {
  std::vector<std::string> env = {"TERTULIA_LISTN=1.2.3.4:5"};
  auto layer = ConfigFromEnvironment(env);
  ASSERT_FALSE(layer.ok());
  EXPECT_NE(layer.error().message().find("TERTULIA_LISTN"), std::string::npos);
  std::vector<std::string> config_path = {"TERTULIA_CONFIG=/etc/tertulia.toml"};
  EXPECT_TRUE(ConfigFromEnvironment(config_path).ok());
}

TEST(ConfigTest, ReportsSyntaxErrorsWithPosition) {
  auto file = ParseConfigFile("tertulia.toml", "db = \n");
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.error().message().find("tertulia.toml:1"), std::string::npos);
  EXPECT_FALSE(ParseConfigFile("x.json", "{not json").ok());
  EXPECT_FALSE(ParseConfigFile("x.toml", "db = [1, 2]").ok());
}

TEST(ConfigTest, ParsesByteSizes) {
  EXPECT_EQ(*ParseByteSize("16KiB"), 16u * 1024);
  EXPECT_EQ(*ParseByteSize("1MB"), 1'000'000u);
  EXPECT_EQ(*ParseByteSize("4096"), 4096u);
  EXPECT_FALSE(ParseByteSize("lots").ok());
  EXPECT_FALSE(ParseByteSize("1XB").ok());
}

TEST(ConfigTest, DescribesEveryKey) {
  std::string help = DescribeConfigKeys();
  EXPECT_NE(help.find("TERTULIA_HTTP_MAX_BODY_BYTES"), std::string::npos);
  EXPECT_NE(help.find("sqlite.synchronous"), std::string::npos);
}

}  // namespace
}  // namespace tertulia
