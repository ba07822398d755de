#include "tests/bench/dashboard_bench.h"

#include <chrono>
#include <cstdio>

#include <rapidjson/document.h>

#include "lrs/core/json.h"
#include "tests/bench/rng.h"

namespace lrs::bench {

namespace {

// The statement window of the generator is 2025-03-03 to 2025-06-01.
constexpr char kDeclaration[] = R"({
  "id": "bench-all",
  "name": "Benchmark: every course of the population",
  "kpi": {"name": "Recordable incident rate", "unit": "per 200,000 hours",
          "direction": "decrease",
          "baseline": {"value": 4.0, "date": "2025-03-03"},
          "target": {"value": 2.5, "date": "2025-12-31"}},
  "audience": {"segment": "employees", "size": 5000},
  "rules": [{"id": "any-course-activity",
             "activity": {"prefix": "https://lms.example.com/"}}]
})";

const char* const kWeeks[] = {"2025-03-03", "2025-03-10", "2025-03-17", "2025-03-24", "2025-03-31",
                              "2025-04-07", "2025-04-14", "2025-04-21", "2025-04-28", "2025-05-05",
                              "2025-05-12", "2025-05-19", "2025-05-26", "2025-06-02"};
const char* const kMonthEnds[] = {"2025-03-31", "2025-04-30", "2025-05-31"};

std::string Observation(const char* date, double value, const std::string& agent_json) {
  char number[32];
  std::snprintf(number, sizeof number, "%.3f", value);
  std::string out = std::string("{\"date\":\"") + date + "\",\"value\":" + number;
  if (!agent_json.empty()) out += ",\"agent\":" + agent_json;
  return out + "}";
}

// The observations, as JSON arrays of at most 1,000.
std::vector<std::string> KpiBatches(const Population& population, size_t* count) {
  Rng rng(population.seed() * 7919 + 17);
  std::vector<std::string> items;
  for (size_t w = 0; w < std::size(kWeeks); ++w) {
    items.push_back(
        Observation(kWeeks[w], 4.0 - 0.06 * static_cast<double>(w) + rng.Real() * 0.2, ""));
  }
  for (const Learner& learner : population.learners()) {
    const std::string agent = learner.person.AgentJson();
    double level = 2.0 + rng.Real() * 4.0;
    for (const char* month : kMonthEnds) {
      items.push_back(Observation(month, level, agent));
      level = std::max(0.0, level - rng.Real() * 0.5);
    }
  }
  *count = items.size();
  std::vector<std::string> batches;
  for (size_t i = 0; i < items.size(); i += 1000) {
    std::string batch = "[";
    for (size_t j = i; j < std::min(items.size(), i + 1000); ++j) {
      if (j > i) batch += ",";
      batch += items[j];
    }
    batches.push_back(batch + "]");
  }
  return batches;
}

// Learners per team of the roster the phase imports; every 5 teams share a manager.
constexpr size_t kTeamSize = 100;

long long IntAt(const json::Document& doc, std::initializer_list<const char*> path) {
  const json::Value* v = &doc;
  for (const char* name : path) {
    if (!v->IsObject() || !v->HasMember(name)) return -1;
    v = &(*v)[name];
  }
  return v->IsInt64() ? v->GetInt64() : -1;
}

}  // namespace

void DeclareCatchAll(const Endpoint& endpoint, Failures* failures) {
  XapiConnection connection(endpoint);
  Reply reply = connection.Send("PUT", std::string("/outcomes/") + kCatchAllOutcome, kDeclaration);
  if (reply.status != 201 && reply.status != 200) {
    failures->Record("PUT /outcomes/bench-all: " + std::to_string(reply.status) + " " +
                     (reply.status == 0 ? reply.error : Excerpt(reply.body)));
  }
}

DashboardPhase RunDashboardPhase(const Endpoint& endpoint, const Population& population,
                                 int requests, Failures* failures) {
  DashboardPhase phase;
  XapiConnection connection(endpoint);
  const std::string base = std::string("/outcomes/") + kCatchAllOutcome;

  const auto kpi_start = std::chrono::steady_clock::now();
  for (const std::string& batch : KpiBatches(population, &phase.kpi_observations)) {
    Reply reply = connection.Send("POST", base + "/kpi", batch);
    if (reply.status != 200) {
      failures->Record("POST " + base + "/kpi: " + std::to_string(reply.status) + " " +
                       (reply.status == 0 ? reply.error : Excerpt(reply.body)));
      return phase;
    }
  }
  phase.kpi_seconds = SecondsSince(kpi_start);

  // The roster: the population's learners in teams of kTeamSize, in the population's order.
  std::string roster = "mbox,account_homepage,account_name,team,manager\n";
  for (size_t i = 0; i < population.learners().size(); ++i) {
    const Person& p = population.learners()[i].person;
    const std::string team = "team-" + std::to_string(i / kTeamSize);
    roster += p.mbox + "," + p.account_home_page + "," + p.account_name + "," + team + ",manager-" +
              std::to_string(i / (kTeamSize * 5)) + "\n";
  }
  Reply put = connection.Send("PUT", "/outcomes/roster", roster, "text/csv");
  if (put.status != 200) {
    failures->Record("PUT /outcomes/roster: " + std::to_string(put.status) + " " +
                     (put.status == 0 ? put.error : Excerpt(put.body)));
    return phase;
  }

  const std::pair<const char*, std::string> kinds[] = {
      {"defaults: baseline to today, bucket=week", base + "/dashboard"},
      {"statement window, bucket=day",
       base + "/dashboard?from=2025-03-03&to=2025-06-01&bucket=day"},
      {"statement window, bucket=week",
       base + "/dashboard?from=2025-03-03&to=2025-06-01&bucket=week"},
      {"baseline to today, bucket=month", base + "/dashboard?bucket=month"},
      {"GET /outcomes (every outcome's headline)", "/outcomes"},
      {"team of 100: statement window, bucket=week",
       base + "/dashboard?from=2025-03-03&to=2025-06-01&bucket=week&team=team-7"},
      {"manager of 5 teams: statement window, bucket=week",
       base + "/dashboard?from=2025-03-03&to=2025-06-01&bucket=week&manager=manager-1"},
      {"team of 100: learners listing", base + "/learners?team=team-7"},
      {"team of 100: statements, first page of 100", base + "/statements?team=team-7&limit=100"},
      {"GET /outcomes?team= (a team's headlines)", "/outcomes?team=team-7"},
  };
  for (const auto& [kind, target] : kinds) {
    DashboardReport report;
    report.kind = kind;
    for (int i = 0; i < requests && !failures->TooMany(); ++i) {
      Reply reply = connection.Send("GET", target);
      if (reply.status != 200) {
        failures->Record("GET " + target + ": " + std::to_string(reply.status) + " " +
                         (reply.status == 0 ? reply.error : Excerpt(reply.body)));
        continue;
      }
      report.latency.Add(reply.millis);
      report.bytes = reply.body.size();
      if (i == 0 && phase.tagged_statements < 0 && target == base + "/dashboard") {
        json::Document doc;
        if (json::Parse(reply.body, &doc).ok()) {
          phase.tagged_statements = IntAt(doc, {"consumer", "totals", "tagged_statements"});
          phase.active_learners = IntAt(doc, {"consumer", "totals", "active_learners"});
        }
      }
    }
    phase.reports.push_back(std::move(report));
  }
  return phase;
}

}  // namespace lrs::bench
