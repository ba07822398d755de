// GET /metrics (issue 16): the Prometheus text format 0.0.4, checked by a strict parser written
// here (not the server's renderer), the admin scope on the API's listener, a listener of its own
// without credentials, and counters that move with the requests made.
#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kSecret[] = "a-long-enough-secret";

using Labels = std::map<std::string, std::string>;

struct Sample {
  std::string name;
  Labels labels;
  double value = 0;
};

struct MetricFamily {
  std::string help;
  std::string type;
  std::vector<Sample> samples;
};

using Exposition = std::map<std::string, MetricFamily>;

// A sample value: a number, "+Inf", "-Inf" or "NaN". False for anything else.
bool ParseValue(const std::string& text, double* value) {
  if (text == "+Inf") {
    *value = INFINITY;
    return true;
  }
  if (text == "-Inf") {
    *value = -INFINITY;
    return true;
  }
  if (text == "NaN") {
    *value = NAN;
    return true;
  }
  if (text.empty()) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// `{a="x",b="y"}` from `text` at `*pos` (just past the name); records a failure for anything
// that is not one.
bool ParseLabels(const std::string& line, size_t* pos, Labels* labels) {
  static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
  size_t i = *pos + 1;  // past '{'
  while (i < line.size() && line[i] != '}') {
    const size_t eq = line.find('=', i);
    if (eq == std::string::npos) return false;
    const std::string name = line.substr(i, eq - i);
    if (!std::regex_match(name, kLabelName)) return false;
    if (eq + 1 >= line.size() || line[eq + 1] != '"') return false;
    std::string value;
    size_t j = eq + 2;
    for (; j < line.size() && line[j] != '"'; ++j) {
      if (line[j] == '\\') {
        if (j + 1 >= line.size()) return false;
        const char e = line[++j];
        if (e == 'n') {
          value.push_back('\n');
        } else if (e == '\\' || e == '"') {
          value.push_back(e);
        } else {
          return false;
        }
      } else {
        value.push_back(line[j]);
      }
    }
    if (j >= line.size()) return false;
    if (!labels->emplace(name, value).second) return false;  // a label given twice
    i = j + 1;
    if (i < line.size() && line[i] == ',') ++i;
  }
  if (i >= line.size()) return false;
  *pos = i + 1;
  return true;
}

// The family a sample line belongs to: a histogram's _bucket, _sum and _count lines belong to
// the histogram's family.
std::string FamilyOf(const std::string& sample, const Exposition& families) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (sample.size() > s.size() && sample.compare(sample.size() - s.size(), s.size(), s) == 0) {
      const std::string base = sample.substr(0, sample.size() - s.size());
      auto it = families.find(base);
      if (it != families.end() && it->second.type == "histogram") return base;
    }
  }
  return sample;
}

// Parses the exposition strictly, recording a failure for every deviation: every line is
// "# HELP name text", "# TYPE name type" or a sample "name{labels} value"; a family has one
// HELP and one TYPE before its samples; a counter's name ends with _total; a histogram's buckets
// are cumulative per label set, end with le="+Inf", and that bucket equals its _count; it has a
// _sum. The text ends with a line feed.
Exposition ParseExposition(const std::string& text) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  Exposition families;
  if (text.empty() || text.back() != '\n') {
    ADD_FAILURE() << "the exposition does not end with a line feed";
    return families;
  }
  std::set<std::string> typed;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const size_t space = line.find(' ', 7);
      const std::string name =
          line.substr(7, space == std::string::npos ? std::string::npos : space - 7);
      if (!std::regex_match(name, kName) || space == std::string::npos) {
        ADD_FAILURE() << "malformed line: " << line;
        continue;
      }
      MetricFamily& family = families[name];
      if (!family.samples.empty()) ADD_FAILURE() << "HELP/TYPE after samples: " << line;
      const std::string rest = line.substr(space + 1);
      if (line[2] == 'H') {
        if (!family.help.empty()) ADD_FAILURE() << "second HELP: " << line;
        family.help = rest;
        if (rest.empty()) ADD_FAILURE() << "empty HELP: " << line;
      } else {
        if (!typed.insert(name).second) ADD_FAILURE() << "second TYPE: " << line;
        if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" &&
            rest != "untyped") {
          ADD_FAILURE() << "unknown type: " << line;
        }
        family.type = rest;
      }
      continue;
    }
    if (line.empty() || line[0] == '#') {
      ADD_FAILURE() << "unexpected line: \"" << line << "\"";
      continue;
    }
    Sample sample;
    size_t pos = 0;
    while (pos < line.size() && line[pos] != '{' && line[pos] != ' ')
      ++pos;
    sample.name = line.substr(0, pos);
    if (!std::regex_match(sample.name, kName)) {
      ADD_FAILURE() << "bad metric name: " << line;
      continue;
    }
    if (pos < line.size() && line[pos] == '{' && !ParseLabels(line, &pos, &sample.labels)) {
      ADD_FAILURE() << "bad labels: " << line;
      continue;
    }
    if (pos >= line.size() || line[pos] != ' ' ||
        !ParseValue(line.substr(pos + 1), &sample.value)) {
      ADD_FAILURE() << "bad value: " << line;
      continue;
    }
    const std::string family_name = FamilyOf(sample.name, families);
    auto it = families.find(family_name);
    if (it == families.end() || it->second.help.empty() || it->second.type.empty()) {
      ADD_FAILURE() << "a sample without HELP and TYPE before it: " << line;
      continue;
    }
    it->second.samples.push_back(std::move(sample));
  }

  for (const auto& [name, family] : families) {
    if (family.help.empty() || family.type.empty()) ADD_FAILURE() << name << ": HELP or TYPE";
    if (family.type == "counter") {
      EXPECT_EQ(name.substr(name.size() - 6), "_total") << name;
      for (const Sample& s : family.samples)
        EXPECT_GE(s.value, 0) << name;
    }
    if (family.type != "histogram") {
      for (const Sample& s : family.samples)
        EXPECT_EQ(s.name, name);
      continue;
    }
    // Per label set (without le): the buckets in order, the sum and the count.
    std::map<Labels, std::vector<std::pair<double, double>>> buckets;
    std::map<Labels, double> counts;
    std::map<Labels, double> sums;
    for (const Sample& s : family.samples) {
      Labels labels = s.labels;
      if (s.name == name + "_bucket") {
        auto le = labels.find("le");
        double bound = 0;
        if (le == labels.end() || !ParseValue(le->second, &bound)) {
          ADD_FAILURE() << name << ": a bucket without a numeric le";
          continue;
        }
        labels.erase(le);
        buckets[labels].emplace_back(bound, s.value);
      } else if (s.name == name + "_count") {
        counts[labels] = s.value;
      } else if (s.name == name + "_sum") {
        sums[labels] = s.value;
      } else {
        ADD_FAILURE() << name << ": unexpected sample " << s.name;
      }
    }
    EXPECT_FALSE(buckets.empty()) << name;
    for (const auto& [labels, series] : buckets) {
      for (size_t i = 1; i < series.size(); ++i) {
        EXPECT_LT(series[i - 1].first, series[i].first) << name << ": le in order";
        EXPECT_LE(series[i - 1].second, series[i].second) << name << ": cumulative";
      }
      EXPECT_TRUE(std::isinf(series.back().first)) << name << ": ends with le=\"+Inf\"";
      if (counts.count(labels) != 1) {
        ADD_FAILURE() << name << ": no _count";
        continue;
      }
      EXPECT_EQ(series.back().second, counts[labels]) << name << ": +Inf bucket = _count";
      EXPECT_EQ(sums.count(labels), 1u) << name << ": _sum";
    }
  }
  return families;
}

// The value of the sample `name` with exactly `labels`; 0 when there is none (a counter not
// yet counted).
double ValueOf(const Exposition& families, const std::string& name, const Labels& labels = {}) {
  auto it = families.find(FamilyOf(name, families));
  if (it == families.end()) return 0;
  for (const Sample& s : it->second.samples) {
    if (s.name == name && s.labels == labels) return s.value;
  }
  return 0;
}

class HttpMetrics : public LrsHttpTest {
 protected:
  void SetUp() override {
    LrsHttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(lrs().AddCredential("operator", kSecret, "admin").ok());
  }

  // Scrapes /metrics with the admin credential and parses it; a failure when not 200.
  Exposition Scrape() {
    HttpResult r = ClientFor("operator", kSecret).Get("/metrics");
    EXPECT_TRUE(HasStatus(r, 200));
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/plain; version=0.0.4; charset=utf-8");
    return ParseExposition(r.body);
  }
};

TEST_F(HttpMetrics, TheExpositionParsesAndNamesWhatTheIssueAsks) {
  Store(SimpleStatement(NewId()));
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));
  const Exposition families = Scrape();
  const std::map<std::string, std::string> expected = {
      {"outcome_lrs_http_requests_total", "counter"},
      {"outcome_lrs_http_request_duration_seconds", "histogram"},
      {"outcome_lrs_http_requests_in_flight", "gauge"},
      {"outcome_lrs_writer_queue_depth", "gauge"},
      {"outcome_lrs_writer_group_statements", "histogram"},
      {"outcome_lrs_writer_commit_seconds", "histogram"},
      {"outcome_lrs_statements_stored_total", "counter"},
  };
  for (const auto& [name, type] : expected) {
    auto it = families.find(name);
    ASSERT_NE(it, families.end()) << name;
    EXPECT_EQ(it->second.type, type) << name;
    EXPECT_FALSE(it->second.samples.empty()) << name;
  }
  if (!lrs().on_postgres()) {
    EXPECT_EQ(families.count("outcome_lrs_sqlite_wal_bytes"), 1u);
    EXPECT_GT(ValueOf(families, "outcome_lrs_sqlite_wal_bytes"), 0) << "a statement was written";
  } else {
    EXPECT_EQ(families.count("outcome_lrs_sqlite_wal_bytes"), 0u);
  }
  // The scrape itself is in flight while it renders.
  EXPECT_GE(ValueOf(families, "outcome_lrs_http_requests_in_flight"), 1);
  EXPECT_EQ(ValueOf(families, "outcome_lrs_writer_queue_depth"), 0);
}

TEST_F(HttpMetrics, CountersMoveWithRequests) {
  const Labels posted = {{"resource", "statements"}, {"method", "POST"}, {"status", "200"}};
  const Labels read = {{"resource", "statements"}, {"method", "GET"}, {"status", "200"}};
  const Labels refused = {{"resource", "statements"}, {"method", "POST"}, {"status", "400"}};
  const Exposition before = Scrape();

  std::vector<std::string> ids;
  HttpResult r = admin().Post(kStatements, CourseBatch(7, &ids));
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));
  EXPECT_TRUE(HasStatus(admin().Get(kStatements), 200));
  EXPECT_TRUE(IsError(admin().Post(kStatements, "{not json"), 400));
  EXPECT_TRUE(HasStatus(AnonymousClient().Get("/health/live"), 200));
  const Exposition after = Scrape();

  auto grew = [&](const std::string& name, const Labels& labels = {}) {
    return ValueOf(after, name, labels) - ValueOf(before, name, labels);
  };
  EXPECT_EQ(grew("outcome_lrs_http_requests_total", posted), 1);
  EXPECT_EQ(grew("outcome_lrs_http_requests_total", read), 2);
  EXPECT_EQ(grew("outcome_lrs_http_requests_total", refused), 1);
  EXPECT_EQ(grew("outcome_lrs_http_requests_total",
                 {{"resource", "health"}, {"method", "GET"}, {"status", "200"}}),
            1);
  EXPECT_EQ(grew("outcome_lrs_statements_stored_total"), 7);
  // The scrape before this one is counted too, as a request to /metrics.
  EXPECT_GE(grew("outcome_lrs_http_requests_total",
                 {{"resource", "metrics"}, {"method", "GET"}, {"status", "200"}}),
            1);
  EXPECT_EQ(grew("outcome_lrs_http_request_duration_seconds_count", {{"resource", "statements"}}),
            4);
  EXPECT_GE(grew("outcome_lrs_writer_commit_seconds_count"), 1);
  EXPECT_GE(grew("outcome_lrs_writer_group_statements_sum"), 7);
}

TEST_F(HttpMetrics, OnlyAnAdminCredentialReadsThemOnTheApiListener) {
  HttpResult anonymous = AnonymousClient().Get("/metrics");
  EXPECT_TRUE(IsError(anonymous, 401));
  EXPECT_TRUE(anonymous.Header("WWW-Authenticate").has_value());
  EXPECT_TRUE(IsError(ClientFor("operator", "wrong-secret").Get("/metrics"), 401));
  for (const char* scopes : {"all", "all/read", "statements/read statements/write"}) {
    const std::string key = std::string("k") + std::to_string(std::hash<std::string>()(scopes));
    ASSERT_TRUE(lrs().AddCredential(key, kSecret, scopes).ok());
    EXPECT_TRUE(IsError(ClientFor(key, kSecret).Get("/metrics"), 403, "admin")) << scopes;
  }
  XapiClient op = ClientFor("operator", kSecret);
  EXPECT_TRUE(HasStatus(op.Get("/metrics"), 200));
  EXPECT_EQ(op.Head("/metrics").status, 200);
  HttpResult post = op.Post("/metrics", "");
  EXPECT_TRUE(IsError(post, 405));
  EXPECT_EQ(post.Header("Allow").value_or(""), "GET, HEAD");
  EXPECT_TRUE(IsError(op.Get("/metrics/"), 404));
}

class HttpMetricsListener : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override {
    return {"--metrics-listen", "127.0.0.1:" + std::to_string(metrics_port_)};
  }
  void SetUp() override {
    auto port = test_support::PickFreeLoopbackPort();
    ASSERT_TRUE(port.ok());
    metrics_port_ = port.value();
    LrsHttpTest::SetUp();
  }
  uint16_t metrics_port_ = 0;
};

TEST_F(HttpMetricsListener, ServesMetricsAloneWithoutCredentials) {
  XapiClient scraper("http://127.0.0.1:" + std::to_string(metrics_port_));
  scraper.ClearAuth();
  Store(SimpleStatement(NewId()));
  HttpResult r = scraper.Get("/metrics");
  ASSERT_TRUE(HasStatus(r, 200));
  const Exposition families = ParseExposition(r.body);
  EXPECT_EQ(ValueOf(families, "outcome_lrs_statements_stored_total"), 1);
  EXPECT_EQ(scraper.Head("/metrics").status, 200);
  // Nothing else is served there: not the xAPI, not the probes.
  EXPECT_EQ(scraper.Get(kStatements).status, 404);
  EXPECT_EQ(scraper.Get("/health/live").status, 404);
  EXPECT_EQ(scraper.Post("/metrics", "").status, 405);
  // And the API's listener still asks for the admin scope.
  EXPECT_TRUE(IsError(AnonymousClient().Get("/metrics"), 401));
}

TEST(HttpMetricsOptions, ABadMetricsAddressIsAUsageError) {
  LRS_SKIP_WITHOUT_BACKEND();
  auto lrs = LrsProcess::Create();
  ASSERT_TRUE(lrs.ok());
  for (const char* bad : {"nowhere", "127.0.0.1:0x", "127.0.0.1:70000"}) {
    auto run = lrs.value()->RunCommand(
        {"serve", "--db", lrs.value()->db(), "--listen", "127.0.0.1:1", "--metrics-listen", bad});
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run.value().status.code, 2) << bad << ": " << run.value().err;
    EXPECT_NE(run.value().err.find("--metrics-listen"), std::string::npos) << run.value().err;
  }
}

}  // namespace
}  // namespace lrs::http_test
