#include "core/metrics.hpp"

#include <fmt/format.h>

#include <array>
#include <cassert>

namespace tertulia {
namespace {

std::string RenderLabels(const Labels& labels) {
  std::string out;
  for (const auto& [key, value] : labels) {
    out += out.empty() ? "" : ",";
    out += key + "=\"";
    for (char c : value) {
      if (c == '\\' || c == '"') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out;
}

std::string WithLabel(const std::string& labels, std::string_view extra) {
  return labels.empty() ? std::string(extra) : labels + "," + std::string(extra);
}

std::string FormatNumber(double value) { return fmt::format("{}", value); }

}  // namespace

Histogram::Histogram(std::span<const double> upper_bounds)
    : bounds_(upper_bounds.begin(), upper_bounds.end()),
      counts_(new std::atomic<uint64_t>[upper_bounds.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double value) {
  size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> cumulative(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    cumulative[i] = running;
  }
  return cumulative;
}

std::span<const double> LatencyBuckets() {
  static constexpr std::array kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                          0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};
  return kBuckets;
}

MetricsRegistry::MetricsRegistry() {
  static std::atomic<uint64_t> next{1};
  instance_ = next.fetch_add(1);
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(std::string_view name, std::string_view help,
                                                    Kind kind) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{kind, std::string(help), {}, {}, {}}).first;
  }
  assert(it->second.kind == kind && "a metric name is used with two kinds");
  return it->second;
}

Counter& MetricsRegistry::GetCounter(std::string_view name, std::string_view help,
                                     const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Kind::kCounter).counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Histogram& MetricsRegistry::GetHistogram(std::string_view name, std::string_view help,
                                         const Labels& labels,
                                         std::span<const double> upper_bounds) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, Kind::kHistogram).histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(upper_bounds);
  return *slot;
}

void MetricsRegistry::AddGauge(std::string_view name, std::string_view help,
                               std::function<double()> read, bool monotonic) {
  std::lock_guard lock(mu_);
  FamilyFor(name, help, monotonic ? Kind::kCounterFunction : Kind::kGauge).gauge = std::move(read);
}

std::string MetricsRegistry::RenderPrometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, family] : families_) {
    static constexpr std::array kTypeNames = {"counter", "histogram", "gauge", "counter"};
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, family.help, name,
                       kTypeNames[static_cast<size_t>(family.kind)]);
    for (const auto& [labels, counter] : family.counters) {
      out += labels.empty() ? name : name + "{" + labels + "}";
      out += fmt::format(" {}\n", counter->value());
    }
    for (const auto& [labels, histogram] : family.histograms) {
      auto counts = histogram->CumulativeCounts();
      auto bounds = histogram->upper_bounds();
      for (size_t i = 0; i < counts.size(); ++i) {
        std::string le = i < bounds.size() ? FormatNumber(bounds[i]) : "+Inf";
        out += fmt::format("{}_bucket{{{}}} {}\n", name, WithLabel(labels, "le=\"" + le + "\""),
                           counts[i]);
      }
      std::string braces = labels.empty() ? "" : "{" + labels + "}";
      out += fmt::format("{}_sum{} {}\n{}_count{} {}\n", name, braces,
                         FormatNumber(histogram->sum()), name, braces, counts.back());
    }
    if (family.gauge) out += fmt::format("{} {}\n", name, FormatNumber(family.gauge()));
  }
  return out;
}

}  // namespace tertulia
