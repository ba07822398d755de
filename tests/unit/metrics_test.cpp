#include "lrs/core/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace lrs::metrics {
namespace {

TEST(MetricsTest, RendersFamiliesInTheTextFormatByName) {
  Registry registry;
  auto& requests =
      registry.CounterFamily("app_requests_total", "Requests answered", {"resource", "status"});
  requests.With({"statements", "200"}).Add(3);
  requests.With({"about", "200"}).Add();
  registry.GaugeFamily("app_queue", "Jobs queued").With({}).Set(-2);
  registry.CounterFamily("app_unused_total", "Never counted", {"x"});  // no members: left out
  EXPECT_EQ(registry.Render(),
            "# HELP app_queue Jobs queued\n"
            "# TYPE app_queue gauge\n"
            "app_queue -2\n"
            "# HELP app_requests_total Requests answered\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{resource=\"about\",status=\"200\"} 1\n"
            "app_requests_total{resource=\"statements\",status=\"200\"} 3\n");
}

TEST(MetricsTest, HistogramBucketsAreCumulativeAndEndWithInf) {
  Registry registry;
  auto& h = registry.HistogramFamily("app_seconds", "Latency", {0.1, 1}, {"r"}).With({"a"});
  for (double v : {0.05, 0.1, 0.5, 3.0})
    h.Observe(v);
  EXPECT_EQ(registry.Render(),
            "# HELP app_seconds Latency\n"
            "# TYPE app_seconds histogram\n"
            "app_seconds_bucket{r=\"a\",le=\"0.1\"} 2\n"
            "app_seconds_bucket{r=\"a\",le=\"1\"} 3\n"
            "app_seconds_bucket{r=\"a\",le=\"+Inf\"} 4\n"
            "app_seconds_sum{r=\"a\"} 3.65\n"
            "app_seconds_count{r=\"a\"} 4\n");
}

TEST(MetricsTest, EscapesLabelValuesAndHelp) {
  Registry registry;
  registry.CounterFamily("x_total", "a \\ b\nc", {"l"}).With({"q\"\\\n"}).Add();
  EXPECT_EQ(registry.Render(),
            "# HELP x_total a \\\\ b\\nc\n"
            "# TYPE x_total counter\n"
            "x_total{l=\"q\\\"\\\\\\n\"} 1\n");
}

TEST(MetricsTest, TheSameNameIsTheSameFamilyAndComputedGaugesAreReadWhenRendered) {
  Registry registry;
  auto& a = registry.CounterFamily("c_total", "first");
  auto& b = registry.CounterFamily("c_total", "second");
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(registry.GaugeFamily("c_total", "a gauge now"), std::logic_error);
  double size = 7;
  registry.SetComputedGauge("file_bytes", "Bytes", [&] { return size; });
  EXPECT_NE(registry.Render().find("\nfile_bytes 7\n"), std::string::npos);
  size = 1.5;
  EXPECT_NE(registry.Render().find("\nfile_bytes 1.5\n"), std::string::npos);
  registry.RemoveComputedGauge("file_bytes");
  EXPECT_EQ(registry.Render().find("file_bytes"), std::string::npos);
}

TEST(MetricsTest, CountsFromManyThreadsAreAllKept) {
  Registry registry;
  auto& family = registry.CounterFamily("n_total", "n", {"t"});
  auto& h = registry.HistogramFamily("h", "h", {1}).With({});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        family.With({std::to_string(i % 2)}).Add();
        h.Observe(t % 2 == 0 ? 0.5 : 2);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(family.With({"0"}).value() + family.With({"1"}).value(), 40000u);
  EXPECT_EQ(h.CumulativeCounts(), (std::vector<uint64_t>{20000, 40000}));
  EXPECT_DOUBLE_EQ(h.sum(), 20000 * 0.5 + 20000 * 2);
}

TEST(MetricsTest, FormatsValuesAsPrometheusReadsThem) {
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(12345678901234), "12345678901234");
  EXPECT_EQ(FormatValue(0.0025), "0.0025");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatValue(0.0 / 0.0), "NaN");
}

}  // namespace
}  // namespace lrs::metrics
