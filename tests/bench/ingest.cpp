#include "tests/bench/ingest.h"

#include <algorithm>
#include <functional>

#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/core/uuid.h"

namespace lrs::bench {

namespace {

// Sends statements [first, first + n) on `conn`; returns true when the LRS stored them all.
using SendFn = std::function<bool(XapiConnection& conn, uint64_t first, size_t n,
                                  Latencies* latency, Failures* failures)>;

// Hands out requests of up to `per_request` statements to `limits.concurrency` workers until
// `count` statements were sent, the time limit passed or too many requests failed.
IngestReport RunIngest(const std::string& name, const std::vector<Endpoint>& endpoints,
                       uint64_t first, uint64_t count, size_t per_request, const RunLimits& limits,
                       Failures* failures, const SendFn& send) {
  IngestReport report;
  report.name = name;
  report.planned = count;
  const uint64_t requests = (count + per_request - 1) / per_request;
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> stored{0};
  std::atomic<uint64_t> sent{0};
  std::atomic<bool> timed_out{false};
  std::vector<Latencies> latencies(static_cast<size_t>(limits.concurrency));
  const auto start = std::chrono::steady_clock::now();
  {
    Progress progress(name, stored, count);
    RunWorkers(limits.concurrency, [&](int worker) {
      XapiConnection conn(EndpointOfWorker(endpoints, worker));
      while (!failures->TooMany()) {
        if (SecondsSince(start) > limits.time_limit_seconds) {
          timed_out = true;
          break;
        }
        const uint64_t r = next.fetch_add(1);
        if (r >= requests) break;
        const uint64_t offset = r * per_request;
        const size_t n = static_cast<size_t>(std::min<uint64_t>(per_request, count - offset));
        sent.fetch_add(1);
        if (send(conn, first + offset, n, &latencies[static_cast<size_t>(worker)], failures)) {
          stored.fetch_add(n);
        }
      }
    });
  }
  report.seconds = SecondsSince(start);
  report.stored = stored.load();
  report.requests = sent.load();
  report.timed_out = timed_out.load();
  for (const Latencies& l : latencies)
    report.latency.Merge(l);
  return report;
}

std::string Range(uint64_t first, size_t n) {
  return "statements " + std::to_string(first) + ".." + std::to_string(first + n - 1);
}

// True when `body` is a JSON array of exactly `ids`, in order (UUIDs compared case-blind).
bool EchoesIds(const std::string& body, const std::vector<std::string>& ids) {
  json::Document doc;
  if (!json::Parse(body, &doc).ok() || !doc.IsArray() || doc.Size() != ids.size()) return false;
  for (rapidjson::SizeType i = 0; i < doc.Size(); ++i) {
    if (!doc[i].IsString() || !EqualsIgnoreCase(json::View(doc[i]), ids[i])) return false;
  }
  return true;
}

}  // namespace

IngestReport RunPostPhase(const std::vector<Endpoint>& endpoints,
                          const StatementGenerator& generator, uint64_t first, uint64_t count,
                          size_t batch_size, const RunLimits& limits, Failures* failures) {
  const std::string target = endpoints.front().xapi_path + "statements";
  return RunIngest(
      "POST, batches of " + std::to_string(batch_size), endpoints, first, count, batch_size, limits,
      failures,
      [&](XapiConnection& conn, uint64_t from, size_t n, Latencies* latency, Failures* f) {
        std::vector<std::string> ids;
        std::string body = generator.Batch(from, n, &ids);
        Reply reply = conn.Send("POST", target, std::move(body));
        latency->Add(reply.millis);
        if (reply.status != 200) {
          f->Record("POST " + target + " (" + Range(from, n) + "): " +
                    (reply.status ? std::to_string(reply.status) + " " + Excerpt(reply.body)
                                  : reply.error));
          return false;
        }
        if (!EchoesIds(reply.body, ids)) {
          f->Record("POST " + target + " (" + Range(from, n) +
                    "): 200 without the ids sent: " + Excerpt(reply.body));
          return false;
        }
        return true;
      });
}

IngestReport RunPutPhase(const std::vector<Endpoint>& endpoints,
                         const StatementGenerator& generator, uint64_t first, uint64_t count,
                         const RunLimits& limits, Failures* failures) {
  const std::string target = endpoints.front().xapi_path + "statements?statementId=";
  return RunIngest(
      "PUT, single statements", endpoints, first, count, 1, limits, failures,
      [&](XapiConnection& conn, uint64_t index, size_t, Latencies* latency, Failures* f) {
        const std::string id = uuid::NewV4();
        std::string body;
        generator.Append(index, id, &body);
        Reply reply = conn.Send("PUT", target + id, std::move(body));
        latency->Add(reply.millis);
        if (reply.status != 204) {
          f->Record("PUT " + target + id + " (" + Range(index, 1) + "): " +
                    (reply.status ? std::to_string(reply.status) + " " + Excerpt(reply.body)
                                  : reply.error));
          return false;
        }
        return true;
      });
}

}  // namespace lrs::bench
