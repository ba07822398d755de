// Three outcome-lrs servers on one PostgreSQL database, as behind a load balancer: whichever
// server a request reaches, the answer is the one a single server would give. Races on one
// statement id or one document, voiding, `more` links and stored order across servers, and a
// server killed (SIGKILL) in the middle of batches losing nothing it acknowledged and leaving no
// half-written batch. PostgreSQL only (ctest runs it as postgresql/MultiProcess*): an SQLite
// file serves one server process.
#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <libpq-fe.h>

#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using test_support::Backend;
using test_support::BackendUnderTest;
using test_support::TestDatabase;

constexpr int kServers = 3;

class MultiProcess : public ::testing::Test {
 protected:
  void SetUp() override {
    if (BackendUnderTest() != Backend::kPostgres) {
      GTEST_SKIP() << "several servers on one database need PostgreSQL (run as postgresql/...)";
    }
    LRS_SKIP_WITHOUT_BACKEND();
    auto made = LrsProcess::Create();
    ASSERT_TRUE(made.ok()) << made.error().message();
    servers_.push_back(std::move(made).value());
    for (int i = 1; i < kServers; ++i) {
      auto other = LrsProcess::CreateOn(servers_[0]->db());
      ASSERT_TRUE(other.ok()) << other.error().message();
      servers_.push_back(std::move(other).value());
    }
    ASSERT_TRUE(servers_[0]->AddCredential(kAdminKey, kAdminSecret, "all").ok());
    for (auto& s : servers_) {
      Status started = s->Start({"--pool-size", "4", "--busy-timeout-ms", "1000"});
      ASSERT_TRUE(started.ok()) << started.error().message();
    }
  }

  void TearDown() override {
    for (size_t i = 0; i < servers_.size(); ++i) {
      if (!servers_[i]->running()) continue;
      const test_support::ExitStatus status = servers_[i]->Stop();
      EXPECT_TRUE(status.clean()) << "server " << i << " ended with " << status.ToString();
      if (HasFailure()) std::cerr << "---- server " << i << " ----\n" << servers_[i]->ServerLog();
    }
  }

  // A client of server `i` with the administrator credential.
  XapiClient Client(size_t i) const {
    XapiClient c(servers_[i]->base_url());
    c.SetBasicAuth(kAdminKey, kAdminSecret);
    return c;
  }

  // Runs `request(i)` for every server at the same moment; returns each one's result.
  std::vector<HttpResult> AtOnce(const std::function<HttpResult(size_t)>& request) {
    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    std::vector<std::future<HttpResult>> results;
    for (size_t i = 0; i < servers_.size(); ++i) {
      results.push_back(std::async(std::launch::async, [&, i] {
        start.wait();
        return request(i);
      }));
    }
    go.set_value();
    std::vector<HttpResult> out;
    for (auto& r : results)
      out.push_back(r.get());
    return out;
  }

  std::vector<std::unique_ptr<LrsProcess>> servers_;
};

int Count(const std::vector<HttpResult>& results, int status) {
  int n = 0;
  for (const HttpResult& r : results)
    n += r.status == status ? 1 : 0;
  return n;
}

// Every result, for a failure message.
std::string DescribeAll(const std::vector<HttpResult>& results) {
  std::string out;
  for (size_t i = 0; i < results.size(); ++i)
    out += "server " + std::to_string(i) + ": " + results[i].Describe() + "\n";
  return out;
}

TEST_F(MultiProcess, OneStatementIdWrittenAtOnceThroughEveryServer) {
  std::vector<XapiClient> clients;
  for (size_t i = 0; i < servers_.size(); ++i)
    clients.push_back(Client(i));
  for (int round = 0; round < 20; ++round) {
    const std::string id = NewId();
    // The same statement through every server: all succeed, one statement is stored.
    const std::string same = SimpleStatement(id, "ann", "completed", "course");
    auto results = AtOnce([&](size_t i) { return clients[i].Post(kStatements, same); });
    EXPECT_EQ(Count(results, 200), kServers) << DescribeAll(results);

    // Different statements under one new id: one is stored, the others are conflicts.
    const std::string contested = NewId();
    results = AtOnce([&](size_t i) {
      return clients[i].Put(kStatements, {{"statementId", contested}},
                            SimpleStatement("", "ann", "completed", "course-" + std::to_string(i)));
    });
    EXPECT_EQ(Count(results, 204), 1) << DescribeAll(results);
    EXPECT_EQ(Count(results, 409), kServers - 1) << DescribeAll(results);
    size_t winner = 0;
    while (winner + 1 < results.size() && results[winner].status != 204)
      ++winner;
    for (size_t i = 0; i < servers_.size(); ++i) {
      HttpResult got = clients[i].Get(kStatements, {{"statementId", contested}});
      ASSERT_TRUE(HasStatus(got, 200));
      EXPECT_EQ(StringAt(*ParseJson(got.body), "object.id"),
                ActivityId("course-" + std::to_string(winner)));
    }
  }
}

TEST_F(MultiProcess, TwoWritersOfOneDocumentGetOneSuccessAndOnePreconditionFailure) {
  std::vector<XapiClient> clients;
  for (size_t i = 0; i < servers_.size(); ++i)
    clients.push_back(Client(i));
  const std::string target = "/xapi/activities/profile";
  for (int round = 0; round < 10; ++round) {
    const ParamList key = {{"activityId", ActivityId("course")},
                           {"profileId", "p" + std::to_string(round)}};
    // Creating: If-None-Match: * from every server.
    auto create = AtOnce([&](size_t i) {
      HttpRequestSpec put;
      put.method = "PUT";
      put.target = target;
      put.params = key;
      put.headers = {{"Content-Type", "application/json"}, {"If-None-Match", "*"}};
      put.body = "{\"by\":" + std::to_string(i) + "}";
      return clients[i].Send(put);
    });
    EXPECT_EQ(Count(create, 204), 1) << DescribeAll(create);
    EXPECT_EQ(Count(create, 412), kServers - 1) << DescribeAll(create);

    // Replacing the version all read: If-Match with its ETag from every server.
    HttpResult current = clients[0].Get(target, key);
    ASSERT_TRUE(HasStatus(current, 200));
    const std::string etag = current.Header("ETag").value_or("");
    auto replace = AtOnce([&](size_t i) {
      HttpRequestSpec put;
      put.method = "PUT";
      put.target = target;
      put.params = key;
      put.headers = {{"Content-Type", "application/json"}, {"If-Match", etag}};
      put.body = "{\"replaced_by\":" + std::to_string(i) + "}";
      return clients[i].Send(put);
    });
    EXPECT_EQ(Count(replace, 204), 1) << DescribeAll(replace);
    EXPECT_EQ(Count(replace, 412), kServers - 1) << DescribeAll(replace);
  }
}

TEST_F(MultiProcess, VoidingThroughOneServerHoldsOnEveryServer) {
  XapiClient a = Client(0);
  XapiClient b = Client(1);
  const std::string target = NewId();
  ASSERT_TRUE(
      HasStatus(a.Post(kStatements, SimpleStatement(target, "ann", "failed", "exam")), 200));
  const std::string voiding = NewId();
  ASSERT_TRUE(HasStatus(b.Post(kStatements, VoidingStatement(voiding, target)), 200));

  for (size_t i = 0; i < servers_.size(); ++i) {
    XapiClient c = Client(i);
    EXPECT_TRUE(HasStatus(c.Get(kStatements, {{"statementId", target}}), 404)) << "server " << i;
    EXPECT_TRUE(HasStatus(c.Get(kStatements, {{"voidedStatementId", target}}), 200))
        << "server " << i;
    // A query no longer returns the voided statement (the voiding statement, which targets it,
    // matches its verb: Part Three §2.1.3).
    HttpResult listed = c.Get(kStatements, {{"verb", VerbId("failed")}});
    ASSERT_TRUE(HasStatus(listed, 200));
    EXPECT_EQ(StatementIds(*ParseJson(listed.body)), std::vector<std::string>{voiding})
        << "server " << i << ": " << listed.body;
    // The voiding statement cannot be voided, whichever server is asked.
    EXPECT_TRUE(IsError(c.Post(kStatements, VoidingStatement("", voiding)), 400)) << "server " << i;
  }
}

TEST_F(MultiProcess, AWriteWaitingPastTheBusyTimeoutForAnotherCommitIs503) {
  XapiClient a = Client(0);
  // Another process's writer, in the middle of a long commit, holds the writers' lock.
  PGconn* other = PQconnectdb(servers_[0]->db().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  auto run = [&](const char* sql) {
    PGresult* r = PQexec(other, sql);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
  };
  ASSERT_TRUE(run("BEGIN"));
  ASSERT_TRUE(run("SELECT pg_advisory_xact_lock(1330401875, 1)"));
  const std::string id = NewId();
  HttpResult blocked = a.Post(kStatements, SimpleStatement(id));
  EXPECT_TRUE(IsError(blocked, 503)) << blocked.Describe();
  EXPECT_EQ(blocked.Header("Retry-After").value_or(""), "1");
  // Reads go on meanwhile.
  EXPECT_TRUE(HasStatus(a.Get(kStatements, {{"limit", "1"}}), 200));
  ASSERT_TRUE(run("COMMIT"));
  PQfinish(other);
  EXPECT_TRUE(HasStatus(a.Post(kStatements, SimpleStatement(id)), 200));
  for (size_t i = 1; i < servers_.size(); ++i)
    EXPECT_TRUE(HasStatus(Client(i).Get(kStatements, {{"statementId", id}}), 200));
}

TEST_F(MultiProcess, AMoreLinkFromOneServerWorksOnTheOthers) {
  XapiClient a = Client(0);
  std::vector<std::string> ids;
  ASSERT_TRUE(HasStatus(a.Post(kStatements, CourseBatch(25, &ids)), 200));
  HttpResult first = a.Get(kStatements, {{"limit", "10"}, {"ascending", "true"}});
  ASSERT_TRUE(HasStatus(first, 200));
  auto page = ParseJson(first.body);
  std::vector<std::string> seen = StatementIds(*page);
  std::string more = StringAt(*page, "more");
  for (int hop = 0; !more.empty() && hop < 10; ++hop) {
    // Each page from the next server: 1, 2, 0, 1, ...
    HttpResult next = Client(static_cast<size_t>(hop + 1) % servers_.size()).Get(more);
    ASSERT_TRUE(HasStatus(next, 200));
    page = ParseJson(next.body);
    for (const std::string& id : StatementIds(*page))
      seen.push_back(id);
    more = StringAt(*page, "more");
  }
  EXPECT_EQ(seen, ids);
}

TEST_F(MultiProcess, StoredNeverDecreasesInStoredOrderAcrossServers) {
  constexpr int kThreads = 4;
  constexpr int kBatches = 8;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      XapiClient c = Client(static_cast<size_t>(t) % servers_.size());
      for (int b = 0; b < kBatches; ++b) {
        std::vector<std::string> ids;
        if (c.Post(kStatements, CourseBatch(10, &ids)).status != 200) ++failures;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  ASSERT_EQ(failures.load(), 0);

  // Oldest first, every statement's "stored" is at least the one before it, and a query
  // `since` any of them returns exactly the statements after it.
  XapiClient a = Client(0);
  std::vector<int64_t> stored;
  std::string more;
  HttpResult page = a.Get(kStatements, {{"ascending", "true"}, {"limit", "50"}});
  for (int n = 0; n < 20; ++n) {
    ASSERT_TRUE(HasStatus(page, 200));
    auto doc = ParseJson(page.body);
    for (const json::Value& s : (*doc)["statements"].GetArray()) {
      auto ts = ParseTimestamp(json::View(s["stored"]));
      ASSERT_TRUE(ts.has_value());
      stored.push_back(ToMicros(ts->instant));
    }
    more = StringAt(*doc, "more");
    if (more.empty()) break;
    page = a.Get(more);
  }
  ASSERT_EQ(stored.size(), static_cast<size_t>(kThreads * kBatches * 10));
  for (size_t i = 1; i < stored.size(); ++i) {
    ASSERT_LE(stored[i - 1], stored[i]) << "at position " << i;
  }
}

TEST_F(MultiProcess, AServerKilledInTheMiddleOfBatchesLosesNothingItAcknowledged) {
  constexpr int kThreadsPerServer = 2;
  constexpr int kBatch = 20;
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::vector<std::vector<std::string>> acknowledged;  // whole batches answered 200
  std::vector<std::vector<std::string>> unanswered;    // batches sent to the killed server
  std::vector<std::thread> threads;
  for (size_t server = 0; server < servers_.size(); ++server) {
    for (int t = 0; t < kThreadsPerServer; ++t) {
      threads.emplace_back([&, server] {
        XapiClient c = Client(server);
        c.SetTimeout(std::chrono::seconds(10));
        for (int n = 0; n < 200 && !stop.load(); ++n) {
          std::vector<std::string> ids;
          HttpResult r = c.Post(kStatements, CourseBatch(kBatch, &ids));
          std::lock_guard<std::mutex> lock(mu);
          if (r.status == 200) {
            acknowledged.push_back(ids);
          } else {
            unanswered.push_back(ids);
            if (server == 0) return;  // it is gone
          }
        }
      });
    }
  }
  // Let every server commit for a while, then kill the first in the middle of its batches.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const test_support::ExitStatus killed = servers_[0]->Kill();
  EXPECT_EQ(killed.signal, 9) << killed.ToString();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  stop = true;
  for (auto& t : threads)
    t.join();
  ASSERT_FALSE(acknowledged.empty());

  // Every acknowledged statement is readable from each surviving server; every batch is there
  // whole or not at all.
  std::set<std::string> stored;
  for (size_t server = 1; server < servers_.size(); ++server) {
    XapiClient c = Client(server);
    std::set<std::string> seen;
    HttpResult page = c.Get(kStatements, {{"format", "ids"}, {"limit", "500"}});
    for (int n = 0; n < 200; ++n) {
      ASSERT_TRUE(HasStatus(page, 200));
      auto doc = ParseJson(page.body);
      for (const std::string& id : StatementIds(*doc))
        seen.insert(id);
      const std::string more = StringAt(*doc, "more");
      if (more.empty()) break;
      page = c.Get(more);
    }
    if (server == 1) {
      stored = seen;
    } else {
      EXPECT_EQ(seen, stored) << "servers 1 and " << server << " list different statements";
    }
  }
  for (const auto& batch : acknowledged) {
    for (const std::string& id : batch)
      ASSERT_EQ(stored.count(id), 1u) << "acknowledged statement " << id << " is missing";
  }
  for (const auto& batch : unanswered) {
    size_t present = 0;
    for (const std::string& id : batch)
      present += stored.count(id);
    EXPECT_TRUE(present == 0 || present == batch.size())
        << present << " of a batch of " << batch.size() << " were stored";
  }
  size_t expected = 0;
  for (const auto& batch : acknowledged)
    expected += batch.size();
  EXPECT_GE(stored.size(), expected);
}

}  // namespace
}  // namespace lrs::http_test
