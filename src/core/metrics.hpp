#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tertulia {

// Label pairs of one series, e.g. {{"route", "/healthz"}, {"status", "200"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing count. Thread-safe, lock-free.
class Counter {
 public:
  void Increment(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A distribution over fixed bucket upper bounds (Prometheus "le" buckets). Thread-safe, lock-free.
class Histogram {
 public:
  explicit Histogram(std::span<const double> upper_bounds);
  void Observe(double value);

  std::span<const double> upper_bounds() const { return bounds_; }
  // Cumulative count of observations <= upper_bounds()[i]; the last entry is +Inf (all).
  std::vector<uint64_t> CumulativeCounts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 buckets
  std::atomic<double> sum_{0};
};

// Latency buckets in seconds, from 0.5 ms to 10 s.
std::span<const double> LatencyBuckets();

// The named metrics of one process, rendered in the Prometheus text format. Metrics live as long
// as the registry; the references returned stay valid. Thread-safe.
class MetricsRegistry {
 public:
  MetricsRegistry();
  // Unique per registry in this process, even when one is destroyed and another takes its
  // address: lets callers cache series per registry.
  uint64_t instance() const { return instance_; }

  Counter& GetCounter(std::string_view name, std::string_view help, const Labels& labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, const Labels& labels,
                          std::span<const double> upper_bounds);
  // A gauge whose value is read when rendering (memory, queue depth). `monotonic` renders it as a
  // counter (CPU seconds). Adding the same name again replaces the function.
  void AddGauge(std::string_view name, std::string_view help, std::function<double()> read,
                bool monotonic = false);

  // The text exposition format, version 0.0.4.
  std::string RenderPrometheus() const;

 private:
  enum class Kind { kCounter, kHistogram, kGauge, kCounterFunction };
  struct Family {
    Kind kind;
    std::string help;
    std::map<std::string, std::unique_ptr<Counter>> counters;      // by rendered labels
    std::map<std::string, std::unique_ptr<Histogram>> histograms;  // by rendered labels
    std::function<double()> gauge;
  };
  Family& FamilyFor(std::string_view name, std::string_view help, Kind kind);

  uint64_t instance_;
  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
};

}  // namespace tertulia
