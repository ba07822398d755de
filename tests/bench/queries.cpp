#include "tests/bench/queries.h"

#include <optional>

#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"

namespace lrs::bench {

namespace {

enum class Kind { kAgent, kVerb, kActivity, kRelated, kSince };
constexpr Kind kKinds[] = {Kind::kAgent, Kind::kVerb, Kind::kActivity, Kind::kRelated,
                           Kind::kSince};
constexpr const char* kKindNames[] = {"agent", "verb", "activity", "activity, related", "since"};

// One query and what each statement it returns must satisfy.
struct Query {
  Kind kind = Kind::kAgent;
  std::string target;             // the first page's path and query
  const Person* agent = nullptr;  // kAgent
  std::string id;                 // kVerb: verb id; kActivity: object id
  std::optional<Instant> since;   // kSince
};

// The stored instants of the oldest and the newest statement.
struct StoredRange {
  Instant oldest;
  Instant newest;
};

std::optional<Instant> StoredOf(const json::Value& statement) {
  const json::Value* stored = json::Find(statement, "stored");
  if (!stored || !stored->IsString()) return std::nullopt;
  auto ts = ParseTimestamp(json::View(*stored));
  if (!ts) return std::nullopt;
  return ts->instant;
}

bool SameAgent(const json::Value& agent, const Person& p) {
  if (!agent.IsObject()) return false;
  if (!p.mbox.empty()) {
    const json::Value* mbox = json::Find(agent, "mbox");
    return mbox && mbox->IsString() && json::View(*mbox) == p.mbox;
  }
  const json::Value* account = json::Find(agent, "account");
  if (!account || !account->IsObject()) return false;
  const json::Value* home = json::Find(*account, "homePage");
  const json::Value* name = json::Find(*account, "name");
  return home && name && home->IsString() && name->IsString() &&
         json::View(*home) == p.account_home_page && json::View(*name) == p.account_name;
}

// The agent filter without related_agents: the actor or the object is the agent, or a Group
// there has the agent as a member.
bool InvolvesAgent(const json::Value& statement, const Person& p) {
  for (const char* field : {"actor", "object"}) {
    const json::Value* who = json::Find(statement, field);
    if (!who || !who->IsObject()) continue;
    if (SameAgent(*who, p)) return true;
    const json::Value* members = json::Find(*who, "member");
    if (members && members->IsArray()) {
      for (const json::Value& m : members->GetArray()) {
        if (SameAgent(m, p)) return true;
      }
    }
  }
  return false;
}

std::string IdOf(const json::Value& statement, const char* field) {
  const json::Value* part = json::Find(statement, field);
  if (!part || !part->IsObject()) return {};
  const json::Value* id = json::Find(*part, "id");
  return id && id->IsString() ? std::string(json::View(*id)) : std::string();
}

// Checks one page of `q`'s results. Returns what is wrong, or an empty string; on success sets
// `*count` and `*more`, and advances `*last` to the page's oldest stored instant so that the
// next page can be checked to continue in order.
std::string CheckPage(const Query& q, const Reply& reply, int limit, std::optional<Instant>* last,
                      size_t* count, std::string* more) {
  if (reply.status != 200) {
    return reply.status ? std::to_string(reply.status) + " " + Excerpt(reply.body) : reply.error;
  }
  json::Document doc;
  if (!json::Parse(reply.body, &doc).ok() || !doc.IsObject()) {
    return "200 but not a JSON object: " + Excerpt(reply.body);
  }
  const json::Value* statements = json::Find(doc, "statements");
  const json::Value* more_value = json::Find(doc, "more");
  if (!statements || !statements->IsArray() || (more_value && !more_value->IsString())) {
    return "200 but not a StatementResult: " + Excerpt(reply.body);
  }
  if (statements->Size() > static_cast<rapidjson::SizeType>(limit)) {
    return std::to_string(statements->Size()) + " statements with limit=" + std::to_string(limit);
  }
  for (const json::Value& s : statements->GetArray()) {
    auto stored = s.IsObject() ? StoredOf(s) : std::nullopt;
    if (!stored) return "a statement without a valid \"stored\": " + Excerpt(json::Write(s));
    if (*last && **last < *stored) {
      return "not newest first: " + FormatTimestamp({*stored, 6}) + " after " +
             FormatTimestamp({**last, 6});
    }
    *last = stored;
    bool matches = true;
    switch (q.kind) {
      case Kind::kAgent:
        matches = InvolvesAgent(s, *q.agent);
        break;
      case Kind::kVerb:
        matches = IdOf(s, "verb") == q.id;
        break;
      case Kind::kActivity:
        matches = IdOf(s, "object") == q.id;
        break;
      case Kind::kRelated:
        break;  // the activity may be anywhere in the statement or its context
      case Kind::kSince:
        matches = *q.since < *stored;
        break;
    }
    if (!matches) return "a statement that does not match the filter: " + Excerpt(json::Write(s));
  }
  *count = statements->Size();
  *more = more_value ? std::string(json::View(*more_value)) : std::string();
  return {};
}

// Finds the oldest and newest stored instants with two limit=1 queries.
std::optional<StoredRange> FindStoredRange(XapiConnection& conn, const Endpoint& endpoint,
                                           Failures* failures) {
  StoredRange range;
  for (bool ascending : {true, false}) {
    const std::string target =
        endpoint.xapi_path + "statements?limit=1" + (ascending ? "&ascending=true" : "");
    Reply reply = conn.Send("GET", target);
    json::Document doc;
    const json::Value* statements = nullptr;
    if (reply.status == 200 && json::Parse(reply.body, &doc).ok() && doc.IsObject()) {
      statements = json::Find(doc, "statements");
    }
    if (!statements || !statements->IsArray() || statements->Empty()) {
      failures->Record(
          "GET " + target + ": expected one statement, got " +
          (reply.status ? std::to_string(reply.status) + " " + Excerpt(reply.body) : reply.error));
      return std::nullopt;
    }
    auto stored = StoredOf((*statements)[0]);
    if (!stored) {
      failures->Record("GET " + target + ": no valid \"stored\" in " + Excerpt(reply.body));
      return std::nullopt;
    }
    (ascending ? range.oldest : range.newest) = *stored;
  }
  return range;
}

Query MakeQuery(Kind kind, int number, const Population& population, const StoredRange& range,
                const QueryOptions& options, const std::string& base) {
  Rng rng(Derive(options.seed, 10 + static_cast<uint64_t>(kind), static_cast<uint64_t>(number)));
  Query q;
  q.kind = kind;
  q.target = base + "statements?limit=" + std::to_string(options.limit);
  switch (kind) {
    case Kind::kAgent:
      q.agent = &population.RandomAgent(rng);
      q.target += "&agent=" + PercentEncode(q.agent->AgentJson());
      break;
    case Kind::kVerb:
      q.id = population.RandomVerbId(rng);
      q.target += "&verb=" + PercentEncode(q.id);
      break;
    case Kind::kActivity:
      q.id = population.RandomObjectActivity(rng);
      q.target += "&activity=" + PercentEncode(q.id);
      break;
    case Kind::kRelated:
      q.target += "&activity=" + PercentEncode(population.RandomRelatedActivity(rng)) +
                  "&related_activities=true";
      break;
    case Kind::kSince: {
      // Mostly recent windows, as a dashboard polling for news would ask: the last u^3 of the
      // stored range.
      const int64_t newest = ToMicros(range.newest);
      const int64_t span = newest - ToMicros(range.oldest);
      const double u = rng.Real();
      const int64_t since = newest - static_cast<int64_t>(u * u * u * static_cast<double>(span));
      const std::string text = FormatMillisUtc(since);
      q.since = ParseTimestamp(text)->instant;
      q.target += "&since=" + PercentEncode(text);
      break;
    }
  }
  return q;
}

// Turns a `more` value into a request target; empty when it is not a URL this LRS could mean.
std::string MoreTarget(const std::string& more, const Endpoint& endpoint) {
  if (StartsWith(more, "/")) return more;
  if (StartsWith(more, endpoint.authority + "/")) return more.substr(endpoint.authority.size());
  return {};
}

}  // namespace

std::vector<QueryReport> RunQueryPhase(const std::vector<Endpoint>& endpoints,
                                       const Population& population, const QueryOptions& options,
                                       const RunLimits& limits, Failures* failures,
                                       bool* timed_out) {
  std::vector<QueryReport> reports;
  for (Kind kind : kKinds) {
    reports.push_back(QueryReport{});
    reports.back().kind = kKindNames[static_cast<int>(kind)];
  }
  *timed_out = false;
  std::optional<StoredRange> range;
  {
    XapiConnection conn(endpoints.front());
    range = FindStoredRange(conn, endpoints.front(), failures);
  }
  if (!range) return reports;

  std::vector<Query> queries;
  for (Kind kind : kKinds) {
    for (int i = 0; i < options.per_kind; ++i) {
      queries.push_back(
          MakeQuery(kind, i, population, *range, options, endpoints.front().xapi_path));
    }
  }

  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  std::atomic<bool> out_of_time{false};
  const size_t kinds = std::size(kKinds);
  std::vector<std::vector<QueryReport>> partial(static_cast<size_t>(limits.concurrency),
                                                std::vector<QueryReport>(kinds));
  const auto start = std::chrono::steady_clock::now();
  {
    Progress progress("GET queries", done, queries.size());
    RunWorkers(limits.concurrency, [&](int worker) {
      const Endpoint& endpoint = EndpointOfWorker(endpoints, worker);
      XapiConnection conn(endpoint);
      std::vector<QueryReport>& mine = partial[static_cast<size_t>(worker)];
      while (!failures->TooMany()) {
        if (SecondsSince(start) > limits.time_limit_seconds) {
          out_of_time = true;
          break;
        }
        const uint64_t n = next.fetch_add(1);
        if (n >= queries.size()) break;
        const Query& q = queries[n];
        QueryReport& report = mine[static_cast<size_t>(q.kind)];
        std::optional<Instant> last;
        std::string target = q.target;
        for (int page = 0; page <= options.pages && !target.empty(); ++page) {
          Reply reply = conn.Send("GET", target);
          (page == 0 ? report.first_pages : report.next_pages).Add(reply.millis);
          size_t count = 0;
          std::string more;
          std::string wrong = CheckPage(q, reply, options.limit, &last, &count, &more);
          if (!wrong.empty()) {
            failures->Record("GET " + target + ": " + wrong);
            break;
          }
          if (page == 0) {
            report.statements += count;
            if (!more.empty()) ++report.with_more;
          }
          target.clear();
          if (!more.empty()) {
            target = MoreTarget(more, endpoint);
            if (target.empty()) failures->Record("GET " + q.target + ": unusable more " + more);
          }
        }
        done.fetch_add(1);
      }
    });
  }
  *timed_out = out_of_time.load();
  for (const auto& mine : partial) {
    for (size_t k = 0; k < kinds; ++k) {
      reports[k].first_pages.Merge(mine[k].first_pages);
      reports[k].next_pages.Merge(mine[k].next_pages);
      reports[k].statements += mine[k].statements;
      reports[k].with_more += mine[k].with_more;
    }
  }
  return reports;
}

}  // namespace lrs::bench
