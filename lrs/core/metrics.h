// Process-wide metrics for GET /metrics: counters, gauges and histograms, cheap enough to update
// on every request (one relaxed atomic add; a histogram adds a bucket search over a dozen bounds
// and a compare-and-swap for its sum), and rendered in the Prometheus text exposition format,
// version 0.0.4.
//
// A metric family has one name, a help text, a type and label names; its members (children) are
// told apart by their label values and made on first use. Families live as long as their
// registry, so code may keep references to them and to their children.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace lrs::metrics {

// A count that only grows. Thread-safe.
class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down (a queue's depth, requests in progress). Thread-safe.
class Gauge {
 public:
  void Add(int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  void Set(int64_t n) { value_.store(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Observations counted into buckets by upper bound (Prometheus `le`), with their sum.
// Thread-safe.
class Histogram {
 public:
  // `bounds`: strictly increasing upper bounds; the +Inf bucket is implicit.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  // The bucket counts as Prometheus exposes them: cumulative, one per bound and a last one for
  // +Inf, which is the number of observations.
  std::vector<uint64_t> CumulativeCounts() const;
  double sum() const { return sum_.load(std::memory_order_relaxed); }
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_.size() + 1, not cumulative
  std::atomic<double> sum_{0};
};

enum class Type { kCounter, kGauge, kHistogram };

// The members of one family, by label values. Thread-safe.
template <typename Metric>
class Family {
 public:
  // The member with `label_values` (as many as the family has label names, in their order),
  // made on first use. The reference stays valid as long as the family.
  Metric& With(const std::vector<std::string>& label_values);

 private:
  friend class Registry;
  using Make = std::function<std::unique_ptr<Metric>()>;
  explicit Family(Make make) : make_(std::move(make)) {}

  Make make_;
  mutable std::mutex mu_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>> members_;
};

// A set of metric families and gauges computed when rendered. Thread-safe.
class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The family `name` (a Prometheus metric name; a counter's ends with "_total"), made on first
  // call; a later call with the same name returns the same family (its help and labels are
  // those of the first call). The name must not be used by a family of another type.
  Family<Counter>& CounterFamily(const std::string& name, const std::string& help,
                                 std::vector<std::string> label_names = {});
  Family<Gauge>& GaugeFamily(const std::string& name, const std::string& help,
                             std::vector<std::string> label_names = {});
  // `bounds` as Histogram's.
  Family<Histogram>& HistogramFamily(const std::string& name, const std::string& help,
                                     std::vector<double> bounds,
                                     std::vector<std::string> label_names = {});

  // A gauge without labels whose value `read` computes at each rendering (a file's size); it
  // replaces an earlier one of the same name. `read` runs on the thread that renders and must
  // stay callable until RemoveComputedGauge(name) or the registry's end.
  void SetComputedGauge(const std::string& name, const std::string& help,
                        std::function<double()> read);
  void RemoveComputedGauge(const std::string& name);

  // Every family in the Prometheus text format 0.0.4, by name: "# HELP", "# TYPE", then one
  // line per sample ("name{label="value",...} number"); a histogram's samples are its
  // cumulative "_bucket" lines ending with le="+Inf", "_sum" and "_count". Families without
  // members are left out.
  std::string Render() const;

 private:
  struct Entry;
  Entry& EntryFor(const std::string& name, const std::string& help, Type type,
                  std::vector<std::string> label_names);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Entry>> families_;
};

// The registry of this process: what GET /metrics renders.
Registry& Global();

// `value` as a Prometheus sample value: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string FormatValue(double value);

// ---- template definitions ----

template <typename Metric>
Metric& Family<Metric>::With(const std::vector<std::string>& label_values) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& member = members_[label_values];
  if (!member) member = make_();
  return *member;
}

}  // namespace lrs::metrics
