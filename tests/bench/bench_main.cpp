// lrs_bench: the load generator of scripts/bench.sh. It stores realistic statements in a running
// LRS (POST batches, then single PUTs), times State document round trips (PUT then GET) and
// filtered GET queries, spreading each of these phases' connections over one or more server
// processes that share a database, then prints the figures
// as Markdown tables on stdout; progress goes to stderr. Exits 1 when any request failed, any
// answer was wrong or a phase ran out of time, 2 on a usage error.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lrs/core/strings.h"
#include "lrs/core/uuid.h"
#include "tests/bench/dashboard_bench.h"
#include "tests/bench/impact_bench.h"
#include "tests/bench/ingest.h"
#include "tests/bench/outcome_declarations.h"
#include "tests/bench/population.h"
#include "tests/bench/queries.h"
#include "tests/bench/run.h"
#include "tests/bench/state_documents.h"
#include "tests/bench/statement_generator.h"
#include "tests/bench/xapi_client.h"
#include "tests/support/lrs_process.h"

namespace lrs::bench {
namespace {

constexpr const char* kUsage = R"(Usage:
  lrs_bench --url http://HOST:PORT/xapi/[,http://HOST:PORT/xapi/...] --key KEY
            --secret SECRET [options]
  lrs_bench free-port      print a TCP port free on 127.0.0.1 now, and exit

--url takes one xAPI base URL, or a comma-separated list of the base URLs of several servers
on one database (same key and secret, same path): connection i of the post, put, state and
query phases goes to URL i % n; outcome declarations, the dashboard and impact phases (one
connection each) and the first query that finds the stored range use the first URL.

Options (defaults in brackets):
  --phases LIST         which of post,put,state,query,dashboard,impact to run, comma
                        separated [post,put,state,query,dashboard,impact]
  --statements N        statements to POST [200000]
  --batch-size N        statements per POST [100]
  --puts N              statements to PUT one per request [20000]
  --state-round-trips N State documents to PUT and GET back, one round trip per document
                        version (0: skip the phase) [20000]
  --concurrency N       connections for the POST, PUT and State document phases [8]
  --queries N           queries of each kind (agent, verb, activity, related, since) [200]
  --pages N             "more" links followed per query, at most [3]
  --limit N             the limit parameter of the queries [100]
  --query-concurrency N connections for the query phase [1]
  --seed N              seed of the synthetic population and statements [1]
  --first-index N       number of the first statement generated, to continue a kept
                        database where the previous load stopped [0]
  --time-limit S        seconds after which a phase stops, incomplete [3600]
  --timeout S           seconds to wait for one response [60]
  --max-failures N      failed requests after which a phase stops early [20]
  --outcomes N          declare N outcomes (PUT /outcomes/ID; needs the outcome plugin)
                        before ingesting [0]
  --dashboards N        declare the catch-all outcome "bench-all" before ingesting, and in
                        the dashboard phase record KPI observations for it and time N
                        dashboard requests of each kind (needs the outcome plugin) [0]
  --impact N            declare the outcome "bench-impact" (catch-all) before ingesting, and
                        in the impact phase give it completions, 24 months of per-learner KPI
                        and time N impact requests of each kind (needs the outcome plugin) [0]
)";

int Usage(const std::string& message) {
  std::fprintf(stderr, "lrs_bench: %s\n%s", message.c_str(), kUsage);
  return 2;
}

// Prints a free loopback port (for scripts/bench.sh).
int PrintFreePort() {
  auto port = test_support::PickFreeLoopbackPort();
  if (!port.ok()) {
    std::fprintf(stderr, "lrs_bench: %s\n", port.error().message().c_str());
    return 1;
  }
  std::printf("%d\n", port.value());
  return 0;
}

struct Options {
  std::vector<Endpoint> endpoints;  // never empty once parsed; the first serves one-connection work
  bool post = true;
  bool put = true;
  bool state = true;
  bool query = true;
  bool dashboard = true;
  bool impact = true;
  uint64_t statements = 200000;
  uint64_t batch_size = 100;
  uint64_t puts = 20000;
  uint64_t state_round_trips = 20000;
  uint64_t first_index = 0;
  uint64_t outcomes = 0;    // outcome declarations to PUT before ingesting
  uint64_t dashboards = 0;  // dashboard requests of each kind
  uint64_t impacts = 0;     // impact requests of each kind
  QueryOptions queries;
  RunLimits ingest_limits;
  RunLimits query_limits;
};

// Parses "--name value" and "--name=value"; returns an error message or an empty string.
std::string ParseOptions(int argc, char** argv, Options* o) {
  std::map<std::string, std::string> values;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (!StartsWith(arg, "--")) return "unexpected argument \"" + arg + "\"";
    size_t eq = arg.find('=');
    if (eq != std::string::npos) {
      values[arg.substr(0, eq)] = arg.substr(eq + 1);
    } else if (i + 1 < argc) {
      values[arg] = argv[++i];
    } else {
      return arg + " needs a value";
    }
  }
  auto take = [&values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    std::string v = it->second;
    values.erase(it);
    return v;
  };
  std::string error;
  auto number = [&](const std::string& name, uint64_t* out, uint64_t min) {
    auto v = take(name);
    if (!v) return;
    auto n = ParseUnsigned(*v);
    if (!n || *n < min) {
      if (error.empty()) error = name + " must be an integer of at least " + std::to_string(min);
      return;
    }
    *out = *n;
  };
  uint64_t concurrency = 8, query_concurrency = 1, per_kind = 200, pages = 3, limit = 100, seed = 1,
           time_limit = 3600, timeout = 60, max_failures = 20;
  number("--statements", &o->statements, 0);
  number("--batch-size", &o->batch_size, 1);
  number("--puts", &o->puts, 0);
  number("--state-round-trips", &o->state_round_trips, 0);
  number("--first-index", &o->first_index, 0);
  number("--outcomes", &o->outcomes, 0);
  number("--dashboards", &o->dashboards, 0);
  number("--impact", &o->impacts, 0);
  number("--concurrency", &concurrency, 1);
  number("--query-concurrency", &query_concurrency, 1);
  number("--queries", &per_kind, 0);
  number("--pages", &pages, 0);
  number("--limit", &limit, 1);
  number("--seed", &seed, 0);
  number("--time-limit", &time_limit, 1);
  number("--timeout", &timeout, 1);
  number("--max-failures", &max_failures, 0);
  if (!error.empty()) return error;
  if (concurrency > 256 || query_concurrency > 256) return "at most 256 connections";
  o->ingest_limits = {static_cast<int>(concurrency), static_cast<double>(time_limit), max_failures};
  o->query_limits = {static_cast<int>(query_concurrency), static_cast<double>(time_limit),
                     max_failures};
  o->queries.per_kind = static_cast<int>(per_kind);
  o->queries.pages = static_cast<int>(pages);
  o->queries.limit = static_cast<int>(limit);
  o->queries.seed = seed;

  if (auto phases = take("--phases")) {
    o->post = o->put = o->state = o->query = o->dashboard = o->impact = false;
    for (std::string_view p : Split(*phases, ',')) {
      if (p == "post") {
        o->post = true;
      } else if (p == "put") {
        o->put = true;
      } else if (p == "state") {
        o->state = true;
      } else if (p == "query") {
        o->query = true;
      } else if (p == "dashboard") {
        o->dashboard = true;
      } else if (p == "impact") {
        o->impact = true;
      } else {
        return "--phases: unknown phase \"" + std::string(p) +
               "\" (post, put, state, query, dashboard, impact)";
      }
    }
  }
  auto url = take("--url");
  auto key = take("--key");
  auto secret = take("--secret");
  if (!values.empty()) return "unknown option " + values.begin()->first;
  if (!url || !key || !secret) return "--url, --key and --secret are required";
  for (std::string_view one : Split(*url, ',')) {
    // http://host:port/xapi/ -> authority "http://host:port", path "/xapi/".
    const std::string u(one);
    size_t scheme = u.find("://");
    if (scheme == std::string::npos || !StartsWith(u, "http://")) {
      return "--url must be an http:// URL such as http://127.0.0.1:8080/xapi/, or a "
             "comma-separated list of them";
    }
    size_t slash = u.find('/', scheme + 3);
    Endpoint e;
    e.authority = u.substr(0, slash);
    e.xapi_path = slash == std::string::npos ? "/" : u.substr(slash);
    if (!EndsWith(e.xapi_path, "/")) e.xapi_path += "/";
    e.key = *key;
    e.secret = *secret;
    e.timeout_seconds = static_cast<int>(timeout);
    if (!o->endpoints.empty() && e.xapi_path != o->endpoints.front().xapi_path) {
      return "--url: every URL must have the same path (" + o->endpoints.front().xapi_path + ", " +
             e.xapi_path + ")";
    }
    o->endpoints.push_back(std::move(e));
  }
  return {};
}

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

void PrintIngest(const std::vector<IngestReport>& reports) {
  if (reports.empty()) return;
  std::printf("\n### Ingest\n\n");
  std::printf(
      "| Phase | Statements stored | Requests | Seconds | Statements/s | p50 ms | p99 ms | "
      "max ms |\n");
  std::printf("|---|--:|--:|--:|--:|--:|--:|--:|\n");
  for (const IngestReport& r : reports) {
    std::printf("| %s%s | %llu | %llu | %.1f | %.0f | %.1f | %.1f | %.1f |\n", r.name.c_str(),
                r.complete() ? "" : (r.timed_out ? " (timed out)" : " (incomplete)"),
                static_cast<unsigned long long>(r.stored),
                static_cast<unsigned long long>(r.requests), r.seconds, r.StatementsPerSecond(),
                r.latency.Percentile(50), r.latency.Percentile(99), r.latency.Max());
  }
}

void PrintStateDocuments(const StateDocumentReport& r, int concurrency) {
  std::printf("\n### State documents (PUT then GET of the same document, %d connection%s)\n\n",
              concurrency, concurrency == 1 ? "" : "s");
  std::printf(
      "| Round trips verified | Requests | Seconds | Round trips/s | Request | p50 ms | p99 ms | "
      "max ms |\n");
  std::printf("|--:|--:|--:|--:|---|--:|--:|--:|\n");
  std::printf("| %llu%s | %llu | %.1f | %.0f | round trip | %.1f | %.1f | %.1f |\n",
              static_cast<unsigned long long>(r.round_trips),
              r.complete() ? "" : (r.timed_out ? " (timed out)" : " (incomplete)"),
              static_cast<unsigned long long>(r.requests), r.seconds, r.RoundTripsPerSecond(),
              r.round_trip.Percentile(50), r.round_trip.Percentile(99), r.round_trip.Max());
  std::printf("| | | | | PUT | %.1f | %.1f | %.1f |\n", r.put.Percentile(50), r.put.Percentile(99),
              r.put.Max());
  std::printf("| | | | | GET | %.1f | %.1f | %.1f |\n", r.get.Percentile(50), r.get.Percentile(99),
              r.get.Max());
}

void PrintQueries(const std::vector<QueryReport>& reports, const QueryOptions& options,
                  int concurrency) {
  std::printf("\n### Queries (limit=%d, %d connection%s)\n\n", options.limit, concurrency,
              concurrency == 1 ? "" : "s");
  std::printf(
      "| Query | Requests | p50 ms | p99 ms | max ms | Statements per first page | With more |\n");
  std::printf("|---|--:|--:|--:|--:|--:|--:|\n");
  Latencies all;
  for (const QueryReport& r : reports) {
    const size_t n = r.first_pages.count();
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f | %llu |\n", r.kind.c_str(), n,
                r.first_pages.Percentile(50), r.first_pages.Percentile(99), r.first_pages.Max(),
                n ? static_cast<double>(r.statements) / static_cast<double>(n) : 0.0,
                static_cast<unsigned long long>(r.with_more));
    if (r.next_pages.count() > 0) {
      std::printf("| %s, `more` pages | %zu | %.1f | %.1f | %.1f | | |\n", r.kind.c_str(),
                  r.next_pages.count(), r.next_pages.Percentile(50), r.next_pages.Percentile(99),
                  r.next_pages.Max());
    }
    all.Merge(r.first_pages);
    all.Merge(r.next_pages);
  }
  std::printf("| **all requests** | %zu | %.1f | %.1f | %.1f | | |\n", all.count(),
              all.Percentile(50), all.Percentile(99), all.Max());
}

void PrintDashboards(const DashboardPhase& phase, int requests) {
  std::printf("\n### Outcome dashboard (%d requests of each kind, 1 connection)\n\n", requests);
  std::printf(
      "Outcome `bench-all` tags %lld statements of %lld active learners; %zu KPI observations "
      "recorded in %.1f s before timing.\n\n",
      phase.tagged_statements, phase.active_learners, phase.kpi_observations, phase.kpi_seconds);
  std::printf("| Request | Requests | p50 ms | p99 ms | max ms | Response bytes |\n");
  std::printf("|---|--:|--:|--:|--:|--:|\n");
  for (const DashboardReport& r : phase.reports) {
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | %zu |\n", r.kind.c_str(), r.latency.count(),
                r.latency.Percentile(50), r.latency.Percentile(99), r.latency.Max(), r.bytes);
  }
}

void PrintImpact(const ImpactPhase& phase, int requests) {
  std::printf("\n### Outcome impact estimate (%d requests of each kind, 1 connection)\n\n",
              requests);
  std::printf(
      "Outcome `bench-impact` tags %lld statements (its history tagged %.1f s after the phase "
      "began); %zu completion statements, %zu KPI observations and the roster sent in %.1f s "
      "before timing. The estimate: %lld learners with KPI data over 24 months, %lld completion "
      "months, %lld ATT(g,t) cells, %lld cells in the pre-trend test. Headline: \"%s\"\n\n",
      phase.tagged_statements, phase.tagging_wait_seconds, phase.completions, phase.observations,
      phase.setup_seconds, phase.units, phase.groups, phase.cells, phase.pretrend_df,
      phase.headline.c_str());
  std::printf("| Request | Requests | p50 ms | p99 ms | max ms | Response bytes |\n");
  std::printf("|---|--:|--:|--:|--:|--:|\n");
  for (const ImpactReport& r : phase.reports) {
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | %zu |\n", r.kind.c_str(), r.latency.count(),
                r.latency.Percentile(50), r.latency.Percentile(99), r.latency.Max(), r.bytes);
  }
}

int Run(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "free-port") return PrintFreePort();
  if (argc == 2 && (std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h")) {
    std::printf("%s", kUsage);
    return 0;
  }
  Options o;
  std::string error = ParseOptions(argc, argv, &o);
  if (!error.empty()) return Usage(error);

  const Population population(o.queries.seed);
  const StatementGenerator generator(population);

  // What the statements look like, and how fast this client makes them (it shares the machine
  // with the server, so its cost is part of the picture).
  const int kSample = 2000;
  size_t sample_bytes = 0;
  const auto sample_start = std::chrono::steady_clock::now();
  for (int i = 0; i < kSample; ++i) {
    std::string s;
    generator.Append(o.first_index + static_cast<uint64_t>(i), uuid::NewV4(), &s);
    sample_bytes += s.size();
  }
  const double sample_seconds = SecondsSince(sample_start);
  const double cpu_start = CpuSeconds();
  const auto run_start = std::chrono::steady_clock::now();

  std::printf("### Workload\n\n");
  std::printf("| Item | Value |\n|---|---|\n");
  std::printf("| Seed | %llu |\n", static_cast<unsigned long long>(o.queries.seed));
  std::printf(
      "| Population | %d learners, %d instructors, %d courses, %zu activities, %d verbs |\n",
      Population::kLearners, Population::kInstructors, Population::kCourses,
      population.ActivityCount(), kVerbCount);
  std::printf("| Mean statement size | %.0f bytes of JSON |\n",
              static_cast<double>(sample_bytes) / kSample);
  std::printf("| Client generator speed | %.0f statements/s on one thread |\n",
              kSample / sample_seconds);
  std::printf("| Connections | %d for ingest, %d for queries |\n", o.ingest_limits.concurrency,
              o.query_limits.concurrency);
  if (o.endpoints.size() > 1) {
    // Only with several servers, so that a one-server report reads as it always did.
    std::string servers;
    for (const Endpoint& e : o.endpoints)
      servers += (servers.empty() ? "" : ", ") + e.authority;
    std::printf(
        "| Servers | %zu on one database (%s); connection i of the POST, PUT, State document and "
        "query phases uses server i mod %zu, everything else the first |\n",
        o.endpoints.size(), servers.c_str(), o.endpoints.size());
  }
  std::fflush(stdout);

  Failures failures(o.ingest_limits.max_failures);
  bool out_of_time = false;

  // Declared outcomes (the outcome plugin tags every statement stored after this).
  if (o.outcomes > 0) {
    std::fprintf(stderr, "Declaring %llu outcomes...\n",
                 static_cast<unsigned long long>(o.outcomes));
    XapiConnection connection(o.endpoints.front());
    Latencies latency;
    const std::vector<std::string> declarations =
        OutcomeDeclarations(population, static_cast<int>(o.outcomes));
    for (size_t i = 0; i < declarations.size(); ++i) {
      const std::string& declaration = declarations[i];
      const std::string id = "bench-outcome-" + std::to_string(i);
      Reply reply = connection.Send("PUT", "/outcomes/" + id, declaration);
      latency.Add(reply.millis);
      if (reply.status != 201 && reply.status != 200) {
        failures.Record("PUT /outcomes/" + id + ": " + std::to_string(reply.status) + " " +
                        (reply.status == 0 ? reply.error : reply.body.substr(0, 300)));
        break;
      }
    }
    std::printf("| Declared outcomes | %llu (PUT /outcomes p50 %.1f ms, p99 %.1f ms) |\n",
                static_cast<unsigned long long>(o.outcomes), latency.Percentile(50),
                latency.Percentile(99));
    std::fflush(stdout);
  }
  if (o.dashboards > 0 && !failures.TooMany()) {
    DeclareCatchAll(o.endpoints.front(), &failures);
    std::printf("| Catch-all outcome | `%s`, for the dashboard phase |\n", kCatchAllOutcome);
    std::fflush(stdout);
  }
  if (o.impacts > 0 && !failures.TooMany()) {
    DeclareImpactOutcome(o.endpoints.front(), &failures);
    std::printf("| Impact outcome | `%s` (catch-all), for the impact phase |\n", kImpactOutcome);
    std::fflush(stdout);
  }
  std::vector<IngestReport> ingest;
  uint64_t next_index = o.first_index;
  if (o.post && o.statements > 0) {
    std::fprintf(stderr, "POSTing %llu statements in batches of %llu...\n",
                 static_cast<unsigned long long>(o.statements),
                 static_cast<unsigned long long>(o.batch_size));
    ingest.push_back(RunPostPhase(o.endpoints, generator, next_index, o.statements, o.batch_size,
                                  o.ingest_limits, &failures));
    next_index += o.statements;
  }
  if (o.put && o.puts > 0 && !failures.TooMany()) {
    std::fprintf(stderr, "PUTting %llu statements one by one...\n",
                 static_cast<unsigned long long>(o.puts));
    ingest.push_back(
        RunPutPhase(o.endpoints, generator, next_index, o.puts, o.ingest_limits, &failures));
    next_index += o.puts;
  }
  for (const IngestReport& r : ingest)
    out_of_time = out_of_time || !r.complete();
  PrintIngest(ingest);
  if (o.outcomes > 0 && !ingest.empty()) {
    // The first read after ingest also folds what is left in the plugin's tag log: its time
    // is tagging work the ingest rate does not include, so it is reported beside it.
    const auto started = std::chrono::steady_clock::now();
    const long long tags = CountBenchTags(o.endpoints.front());
    const double read_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    uint64_t stored = 0;
    for (const IngestReport& r : ingest)
      stored += r.stored;
    std::printf(
        "\nTags of the declared outcomes: %lld (%.2f per statement stored by this run; "
        "meaningful on a fresh database, as all tags are counted). Counted by the first read "
        "after ingest (GET /outcomes) in %.0f ms, which includes folding the plugin's tag log.\n",
        tags, stored > 0 ? static_cast<double>(tags) / static_cast<double>(stored) : 0.0, read_ms);
  }
  std::fflush(stdout);

  if (o.state && o.state_round_trips > 0 && !failures.TooMany()) {
    std::fprintf(stderr, "State documents: %llu round trips (PUT, then GET)...\n",
                 static_cast<unsigned long long>(o.state_round_trips));
    StateDocumentReport report =
        RunStateDocumentPhase(o.endpoints, o.state_round_trips, o.ingest_limits, &failures);
    out_of_time = out_of_time || !report.complete();
    PrintStateDocuments(report, o.ingest_limits.concurrency);
    std::fflush(stdout);
  }

  if (o.query && o.queries.per_kind > 0 && !failures.TooMany()) {
    std::fprintf(stderr, "Querying (%d of each kind)...\n", o.queries.per_kind);
    bool timed_out = false;
    auto reports =
        RunQueryPhase(o.endpoints, population, o.queries, o.query_limits, &failures, &timed_out);
    out_of_time = out_of_time || timed_out;
    PrintQueries(reports, o.queries, o.query_limits.concurrency);
  }

  if (o.dashboard && o.dashboards > 0 && !failures.TooMany()) {
    std::fprintf(stderr, "Timing dashboards (%llu of each kind)...\n",
                 static_cast<unsigned long long>(o.dashboards));
    DashboardPhase phase = RunDashboardPhase(o.endpoints.front(), population,
                                             static_cast<int>(o.dashboards), &failures);
    PrintDashboards(phase, static_cast<int>(o.dashboards));
    std::fflush(stdout);
  }

  if (o.impact && o.impacts > 0 && !failures.TooMany()) {
    std::fprintf(stderr, "Timing the impact estimate (%llu of each kind)...\n",
                 static_cast<unsigned long long>(o.impacts));
    ImpactPhase phase =
        RunImpactPhase(o.endpoints.front(), population, static_cast<int>(o.impacts), &failures);
    PrintImpact(phase, static_cast<int>(o.impacts));
    std::fflush(stdout);
  }

  const double wall = SecondsSince(run_start);
  std::printf("\n### Client\n\n| Item | Value |\n|---|---|\n");
  std::printf("| Next statement number | %llu (pass as --first-index to continue) |\n",
              static_cast<unsigned long long>(next_index));
  std::printf("| Client CPU | %.1f s over %.1f s of wall-clock (%.0f%% of one core) |\n",
              CpuSeconds() - cpu_start, wall,
              wall > 0 ? 100.0 * (CpuSeconds() - cpu_start) / wall : 0.0);
  std::printf("| Failures | %llu |\n", static_cast<unsigned long long>(failures.count()));
  std::fflush(stdout);

  for (const std::string& f : failures.Kept())
    std::fprintf(stderr, "FAILED: %s\n", f.c_str());
  if (failures.count() > failures.Kept().size()) {
    std::fprintf(stderr, "... and %llu more failures\n",
                 static_cast<unsigned long long>(failures.count() - failures.Kept().size()));
  }
  if (out_of_time)
    std::fprintf(stderr, "lrs_bench: a phase did not finish (time limit or failures)\n");
  return failures.count() > 0 || out_of_time ? 1 : 0;
}

}  // namespace
}  // namespace lrs::bench

int main(int argc, char** argv) {
  return lrs::bench::Run(argc, argv);
}
