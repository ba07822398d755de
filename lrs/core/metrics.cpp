#include "lrs/core/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace lrs::metrics {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), buckets_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i)
    buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  const size_t i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), value) -
                                       bounds_.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  double sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
  }
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> counts(bounds_.size() + 1);
  uint64_t total = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    total += buckets_[i].load(std::memory_order_relaxed);
    counts[i] = total;
  }
  return counts;
}

struct Registry::Entry {
  std::string help;
  Type type = Type::kCounter;
  std::vector<std::string> label_names;
  std::unique_ptr<Family<Counter>> counters;
  std::unique_ptr<Family<Gauge>> gauges;
  std::unique_ptr<Family<Histogram>> histograms;
  std::function<double()> computed;  // a computed gauge
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Entry& Registry::EntryFor(const std::string& name, const std::string& help, Type type,
                                    std::vector<std::string> label_names) {
  auto& entry = families_[name];
  if (!entry) {
    entry = std::make_unique<Entry>();
    entry->help = help;
    entry->type = type;
    entry->label_names = std::move(label_names);
  } else if (entry->type != type) {
    // A programming error, found by the first request of the build that has it.
    throw std::logic_error("metric " + name + " registered with two types");
  }
  return *entry;
}

Family<Counter>& Registry::CounterFamily(const std::string& name, const std::string& help,
                                         std::vector<std::string> label_names) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = EntryFor(name, help, Type::kCounter, std::move(label_names));
  if (!entry.counters) {
    entry.counters.reset(new Family<Counter>([] { return std::make_unique<Counter>(); }));
  }
  return *entry.counters;
}

Family<Gauge>& Registry::GaugeFamily(const std::string& name, const std::string& help,
                                     std::vector<std::string> label_names) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = EntryFor(name, help, Type::kGauge, std::move(label_names));
  if (!entry.gauges)
    entry.gauges.reset(new Family<Gauge>([] { return std::make_unique<Gauge>(); }));
  return *entry.gauges;
}

Family<Histogram>& Registry::HistogramFamily(const std::string& name, const std::string& help,
                                             std::vector<double> bounds,
                                             std::vector<std::string> label_names) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = EntryFor(name, help, Type::kHistogram, std::move(label_names));
  if (!entry.histograms) {
    entry.histograms.reset(new Family<Histogram>(
        [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); }));
  }
  return *entry.histograms;
}

void Registry::SetComputedGauge(const std::string& name, const std::string& help,
                                std::function<double()> read) {
  std::lock_guard<std::mutex> lock(mu_);
  Entry& entry = EntryFor(name, help, Type::kGauge, {});
  entry.computed = std::move(read);
}

void Registry::RemoveComputedGauge(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = families_.find(name);
  if (it != families_.end() && it->second->computed) families_.erase(it);
}

namespace {

// A label value in its quoted form: backslash, double quote and line feed escaped.
void AppendEscaped(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
}

// "{a="x",b="y"}" (with `extra` = le="..." last), or "" when there are no labels at all.
std::string Labels(const std::vector<std::string>& names, const std::vector<std::string>& values,
                   std::string_view extra = {}) {
  if (names.empty() && extra.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < names.size() && i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += names[i];
    out += "=\"";
    AppendEscaped(out, values[i]);
    out.push_back('"');
  }
  if (!extra.empty()) {
    if (out.size() > 1) out.push_back(',');
    out += extra;
  }
  out.push_back('}');
  return out;
}

// Help text with backslash and line feed escaped.
std::string EscapedHelp(std::string_view help) {
  std::string out;
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void Sample(std::string& out, const std::string& name, const std::string& labels, double value) {
  out += name;
  out += labels;
  out.push_back(' ');
  out += FormatValue(value);
  out.push_back('\n');
}

}  // namespace

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[40];
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    std::snprintf(buffer, sizeof(buffer), "%.0f", value);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%.10g", value);
  }
  return buffer;
}

std::string Registry::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  for (const auto& [name, entry] : families_) {
    std::string samples;
    if (entry->computed) {
      Sample(samples, name, "", entry->computed());
    } else if (entry->counters) {
      std::lock_guard<std::mutex> members(entry->counters->mu_);
      for (const auto& [values, counter] : entry->counters->members_) {
        Sample(samples, name, Labels(entry->label_names, values),
               static_cast<double>(counter->value()));
      }
    } else if (entry->gauges) {
      std::lock_guard<std::mutex> members(entry->gauges->mu_);
      for (const auto& [values, gauge] : entry->gauges->members_) {
        Sample(samples, name, Labels(entry->label_names, values),
               static_cast<double>(gauge->value()));
      }
    } else if (entry->histograms) {
      std::lock_guard<std::mutex> members(entry->histograms->mu_);
      for (const auto& [values, histogram] : entry->histograms->members_) {
        // The sum is read after the counts: an observation between the two shows in the sum
        // and not yet in the counts, never the other way round.
        const std::vector<uint64_t> counts = histogram->CumulativeCounts();
        const double sum = histogram->sum();
        const auto& bounds = histogram->bounds();
        for (size_t i = 0; i < counts.size(); ++i) {
          const std::string le =
              "le=\"" + (i < bounds.size() ? FormatValue(bounds[i]) : std::string("+Inf")) + "\"";
          Sample(samples, name + "_bucket", Labels(entry->label_names, values, le),
                 static_cast<double>(counts[i]));
        }
        const std::string labels = Labels(entry->label_names, values);
        Sample(samples, name + "_sum", labels, sum);
        Sample(samples, name + "_count", labels, static_cast<double>(counts.back()));
      }
    }
    if (samples.empty()) continue;
    out += "# HELP " + name + " " + EscapedHelp(entry->help) + "\n";
    out += "# TYPE " + name + " ";
    out += entry->type == Type::kCounter ? "counter"
           : entry->type == Type::kGauge ? "gauge"
                                         : "histogram";
    out += "\n";
    out += samples;
  }
  return out;
}

Registry& Global() {
  static Registry* registry = new Registry();  // never destroyed: used until the process ends
  return *registry;
}

}  // namespace lrs::metrics
