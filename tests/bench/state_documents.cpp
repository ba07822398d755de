#include "tests/bench/state_documents.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "lrs/core/strings.h"

namespace lrs::bench {

namespace {

constexpr uint64_t kSlotsPerWorker = 500;
constexpr uint64_t kActivities = 50;

// The query string addressing slot `slot` of `worker`.
std::string StateQuery(int worker, uint64_t slot) {
  const std::string agent = "{\"objectType\":\"Agent\",\"mbox\":\"mailto:state-w" +
                            std::to_string(worker) + "-" + std::to_string(slot) +
                            "@bench.example.com\"}";
  const std::string activity =
      "http://example.com/bench/courses/" + std::to_string(slot % kActivities);
  return "activityId=" + PercentEncode(activity) + "&agent=" + PercentEncode(agent) +
         "&stateId=" + PercentEncode("bookmark-" + std::to_string(slot % 7));
}

// A state document of about 300 bytes that names round trip `n`.
std::string StateDocument(uint64_t n) {
  std::string suspend(200, 'x');
  for (size_t i = 0; i < suspend.size(); ++i)
    suspend[i] = static_cast<char>('a' + (n + i * 7) % 26);
  return "{\"round\":" + std::to_string(n) + ",\"location\":\"page-" + std::to_string(n % 97) +
         "\",\"progress\":" + std::to_string(n % 101) +
         ",\"completed\":" + (n % 3 == 0 ? "true" : "false") + ",\"suspend_data\":\"" + suspend +
         "\"}";
}

std::string Describe(const Reply& reply) {
  return reply.status ? std::to_string(reply.status) + " " + Excerpt(reply.body) : reply.error;
}

}  // namespace

StateDocumentReport RunStateDocumentPhase(const std::vector<Endpoint>& endpoints, uint64_t count,
                                          const RunLimits& limits, Failures* failures) {
  StateDocumentReport report;
  report.planned = count;
  const std::string target = endpoints.front().xapi_path + "activities/state?";
  std::atomic<uint64_t> next{0};
  std::atomic<uint64_t> done{0};
  std::atomic<uint64_t> sent{0};
  std::atomic<bool> timed_out{false};
  const size_t workers = static_cast<size_t>(limits.concurrency);
  std::vector<Latencies> puts(workers), gets(workers), trips(workers);
  const auto start = std::chrono::steady_clock::now();
  {
    Progress progress("State document round trips", done, count);
    RunWorkers(limits.concurrency, [&](int worker) {
      XapiConnection conn(EndpointOfWorker(endpoints, worker));
      const size_t w = static_cast<size_t>(worker);
      uint64_t turn = 0;
      while (!failures->TooMany()) {
        if (SecondsSince(start) > limits.time_limit_seconds) {
          timed_out = true;
          break;
        }
        const uint64_t n = next.fetch_add(1);
        if (n >= count) break;
        const std::string url = target + StateQuery(worker, turn++ % kSlotsPerWorker);
        const std::string document = StateDocument(n);
        sent.fetch_add(1);
        Reply put = conn.Send("PUT", url, document);
        puts[w].Add(put.millis);
        if (put.status != 204) {
          failures->Record("PUT " + url + ": " + Describe(put));
          continue;
        }
        sent.fetch_add(1);
        Reply get = conn.Send("GET", url);
        gets[w].Add(get.millis);
        if (get.status != 200) {
          failures->Record("GET " + url + ": " + Describe(get));
          continue;
        }
        if (get.body != document) {
          failures->Record("GET " + url + ": not the document just PUT: " + Excerpt(get.body));
          continue;
        }
        trips[w].Add(put.millis + get.millis);
        done.fetch_add(1);
      }
    });
  }
  report.seconds = SecondsSince(start);
  report.round_trips = done.load();
  report.requests = sent.load();
  report.timed_out = timed_out.load();
  for (size_t w = 0; w < workers; ++w) {
    report.put.Merge(puts[w]);
    report.get.Merge(gets[w]);
    report.round_trip.Merge(trips[w]);
  }
  return report;
}

}  // namespace lrs::bench
