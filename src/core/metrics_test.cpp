#include "core/metrics.hpp"

#include <gtest/gtest.h>

namespace tertulia {
namespace {

TEST(MetricsTest, RendersCountersHistogramsAndGauges) {
  MetricsRegistry registry;
  registry.GetCounter("requests_total", "Requests.", {{"route", "/a"}, {"status", "200"}})
      .Increment(3);
  registry.GetCounter("requests_total", "Requests.", {{"route", "/a"}, {"status", "200"}})
      .Increment();
  static constexpr double kBounds[] = {0.1, 1.0};
  auto& latency = registry.GetHistogram("latency_seconds", "Latency.", {{"route", "/a"}}, kBounds);
  latency.Observe(0.05);
  latency.Observe(0.5);
  latency.Observe(5);
  registry.AddGauge("memory_bytes", "Memory.", [] { return 42.0; });

  std::string text = registry.RenderPrometheus();
  EXPECT_NE(text.find("# TYPE requests_total counter"), std::string::npos) << text;
  EXPECT_NE(text.find("requests_total{route=\"/a\",status=\"200\"} 4\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_count{route=\"/a\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("latency_seconds_sum{route=\"/a\"} 5.55\n"), std::string::npos);
  EXPECT_NE(text.find("memory_bytes 42\n"), std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  MetricsRegistry registry;
  registry.GetCounter("c", "C.", {{"path", "a\"b\\c"}}).Increment();
  EXPECT_NE(registry.RenderPrometheus().find("c{path=\"a\\\"b\\\\c\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace tertulia
