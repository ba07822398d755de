#include "tests/bench/impact_bench.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <thread>

#include <rapidjson/document.h>

#include "lrs/core/json.h"
#include "tests/bench/rng.h"

namespace lrs::bench {

namespace {

constexpr char kDeclaration[] = R"({
  "id": "bench-impact",
  "name": "Benchmark: the impact estimate",
  "kpi": {"name": "Average handling time", "unit": "minutes", "direction": "decrease",
          "baseline": {"value": 20.0, "date": "2023-03-31"},
          "target": {"value": 16.0, "date": "2025-12-31"}},
  "audience": {"segment": "employees", "size": 5000},
  "rules": [{"id": "any-course-activity", "activity": {"prefix": "https://lms.example.com/"}}]
})";

constexpr int kFirstYear = 2023, kFirstMonth = 3;  // March 2023 ...
constexpr int kMonths = 24;                        // ... to February 2025
constexpr int kFirstCompletionMonth = 4;           // July 2023
constexpr double kCompleterShare = 0.6;
constexpr char kRange[] = "from=2023-03-01&to=2025-02-28";
constexpr size_t kTeamSize = 100;  // as dashboard_bench.cpp

// "YYYY-MM" of month `m` of the KPI range, and its last day.
std::string Month(int m) {
  const int months = kFirstYear * 12 + (kFirstMonth - 1) + m;
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02d", months / 12, months % 12 + 1);
  return out;
}

int LastDay(int m) {
  const int months = kFirstYear * 12 + (kFirstMonth - 1) + m;
  const int year = months / 12, month = months % 12 + 1;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

// A version-4 layout UUID from two words, so that a statement's id is the same on every run.
std::string FixedUuid(uint64_t a, uint64_t b) {
  char out[40];
  std::snprintf(out, sizeof out, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                static_cast<unsigned long long>(a >> 32),
                static_cast<unsigned long long>((a >> 16) & 0xffff),
                static_cast<unsigned long long>(a & 0xfff),
                static_cast<unsigned long long>(0x8000 | (b >> 48 & 0x3fff)),
                static_cast<unsigned long long>(b & 0xffffffffffffULL));
  return out;
}

double Normal(Rng& rng) {
  const double u = 1.0 - rng.Real(), v = rng.Real();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * 3.14159265358979323846 * v);
}

std::string Batch(const std::vector<std::string>& items, size_t from, size_t to) {
  std::string out = "[";
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += ",";
    out += items[i];
  }
  return out + "]";
}

bool Sent(const Reply& reply, int want, const std::string& what, Failures* failures) {
  if (reply.status == want) return true;
  failures->Record(what + ": " + std::to_string(reply.status) + " " +
                   (reply.status == 0 ? reply.error : Excerpt(reply.body)));
  return false;
}

long long IntAt(const json::Value& v, std::initializer_list<const char*> path) {
  const json::Value* at = &v;
  for (const char* name : path) {
    if (!at->IsObject() || !at->HasMember(name)) return -1;
    at = &(*at)[name];
  }
  return at->IsInt64() ? at->GetInt64() : -1;
}

}  // namespace

void DeclareImpactOutcome(const Endpoint& endpoint, Failures* failures) {
  XapiConnection connection(endpoint);
  Reply reply = connection.Send("PUT", std::string("/outcomes/") + kImpactOutcome, kDeclaration);
  if (reply.status != 201 && reply.status != 200) {
    failures->Record("PUT /outcomes/bench-impact: " + std::to_string(reply.status) + " " +
                     (reply.status == 0 ? reply.error : Excerpt(reply.body)));
  }
}

ImpactPhase RunImpactPhase(const Endpoint& endpoint, const Population& population, int requests,
                           Failures* failures) {
  ImpactPhase phase;
  XapiConnection connection(endpoint);
  const std::string base = std::string("/outcomes/") + kImpactOutcome;

  // A kept database may have had the outcome declared after its statements: wait for the
  // background tagging of that history.
  const auto wait_start = std::chrono::steady_clock::now();
  while (true) {
    Reply reply = connection.Send("GET", base);
    if (!Sent(reply, 200, "GET " + base, failures)) return phase;
    json::Document doc;
    if (!json::Parse(reply.body, &doc).ok() || !doc.IsObject()) {
      failures->Record("GET " + base + ": not JSON");
      return phase;
    }
    const json::Value* state = json::Find(doc, "tagging");
    const json::Value* s = state ? json::Find(*state, "state") : nullptr;
    if (s && s->IsString() && json::View(*s) == "done") {
      phase.tagged_statements = IntAt(doc, {"tagged_statements"});
      break;
    }
    if (SecondsSince(wait_start) > 3600) {
      failures->Record(base + ": still tagging after an hour");
      return phase;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  phase.tagging_wait_seconds = SecondsSince(wait_start);

  const auto setup_start = std::chrono::steady_clock::now();
  const std::vector<Learner>& learners = population.learners();
  const uint64_t seed = population.seed() * 104729 + 7;
  // Completions: 60 % of the learners, in months 4..23 of the range.
  std::vector<int> completed(learners.size(), -1);
  std::vector<std::string> statements;
  for (size_t i = 0; i < learners.size(); ++i) {
    Rng rng(Derive(seed, i, 1));
    if (!rng.Chance(kCompleterShare)) continue;
    const int m = rng.Between(kFirstCompletionMonth, kMonths - 1);
    completed[i] = m;
    char timestamp[40];
    std::snprintf(timestamp, sizeof timestamp, "%s-%02dT%02d:%02d:00Z", Month(m).c_str(),
                  rng.Between(1, LastDay(m)), rng.Between(8, 17), rng.Between(0, 59));
    statements.push_back(
        std::string(R"({"id":")") + FixedUuid(Derive(seed, i, 2), Derive(seed, i, 3)) +
        R"(","actor":)" + learners[i].person.AgentJson() +
        R"(,"verb":{"id":"http://adlnet.gov/expapi/verbs/completed","display":{"en-US":"completed"}},)"
        R"("object":{"id":"https://lms.example.com/impact-bench/course","objectType":"Activity"},)"
        R"("result":{"completion":true},"timestamp":")" +
        timestamp + R"("})");
  }
  phase.completions = statements.size();
  for (size_t k = 0; k < statements.size(); k += 500) {
    Reply reply = connection.Send("POST", endpoint.xapi_path + "statements",
                                  Batch(statements, k, std::min(statements.size(), k + 500)));
    if (!Sent(reply, 200, "POST completions", failures)) return phase;
  }
  // The KPI: every learner, every month end.
  std::vector<double> common(kMonths);
  Rng months(Derive(seed, 0, 4));
  for (double& c : common)
    c = 0.8 * Normal(months);
  std::vector<std::string> observations;
  observations.reserve(learners.size() * kMonths);
  for (size_t i = 0; i < learners.size(); ++i) {
    Rng rng(Derive(seed, i, 5));
    const double level = 20.0 + 3.0 * Normal(rng);
    const std::string agent = learners[i].person.AgentJson();
    for (int m = 0; m < kMonths; ++m) {
      double value = level + common[static_cast<size_t>(m)] + Normal(rng);
      if (completed[i] >= 0 && m >= completed[i]) value -= 1.0;
      char text[96];
      std::snprintf(text, sizeof text, R"({"date":"%s-%02d","value":%.3f,"agent":)",
                    Month(m).c_str(), LastDay(m), value);
      observations.push_back(text + agent + "}");
    }
  }
  phase.observations = observations.size();
  for (size_t k = 0; k < observations.size(); k += 5000) {
    Reply reply = connection.Send("POST", base + "/kpi",
                                  Batch(observations, k, std::min(observations.size(), k + 5000)));
    if (!Sent(reply, 200, "POST " + base + "/kpi", failures)) return phase;
  }
  std::string roster = "mbox,account_homepage,account_name,team,manager\n";
  for (size_t i = 0; i < learners.size(); ++i) {
    const Person& p = learners[i].person;
    roster += p.mbox + "," + p.account_home_page + "," + p.account_name + ",team-" +
              std::to_string(i / kTeamSize) + ",manager-" + std::to_string(i / (kTeamSize * 5)) +
              "\n";
  }
  if (!Sent(connection.Send("PUT", "/outcomes/roster", roster, "text/csv"), 200,
            "PUT /outcomes/roster", failures)) {
    return phase;
  }
  phase.setup_seconds = SecondsSince(setup_start);

  const std::string range = std::string("?") + kRange;
  // The first answer (untimed: it settles the tag log after the completions) says what the
  // timed requests compute.
  {
    Reply reply = connection.Send("GET", base + "/impact" + range);
    if (!Sent(reply, 200, "GET " + base + "/impact", failures)) return phase;
    json::Document doc;
    if (json::Parse(reply.body, &doc).ok() && doc.IsObject()) {
      phase.units = IntAt(doc, {"counts", "units"});
      if (doc.HasMember("groups") && doc["groups"].IsArray())
        phase.groups = static_cast<long long>(doc["groups"].Size());
      if (doc.HasMember("att_gt") && doc["att_gt"].IsArray())
        phase.cells = static_cast<long long>(doc["att_gt"].Size());
      phase.pretrend_df = IntAt(doc, {"pretrend", "df"});
      if (doc.HasMember("headline") && doc["headline"].IsString())
        phase.headline = std::string(json::View(doc["headline"]));
    }
  }
  const std::pair<const char*, std::string> kinds[] = {
      {"999 bootstrap draws (the default), 90-day window", base + "/impact" + range},
      {"analytic only (bootstrap=0)", base + "/impact" + range + "&bootstrap=0"},
      {"999 draws, clustered by team (cluster=team)", base + "/impact" + range + "&cluster=team"},
      {"team of 100, 999 draws", base + "/impact" + range + "&team=team-7"},
      {"export/impact?format=csv (999 draws)", base + "/export/impact" + range + "&format=csv"},
  };
  for (const auto& [kind, target] : kinds) {
    ImpactReport report;
    report.kind = kind;
    for (int i = 0; i < requests && !failures->TooMany(); ++i) {
      Reply reply = connection.Send("GET", target);
      if (!Sent(reply, 200, "GET " + target, failures)) continue;
      report.latency.Add(reply.millis);
      report.bytes = reply.body.size();
    }
    phase.reports.push_back(std::move(report));
  }
  return phase;
}

}  // namespace lrs::bench
