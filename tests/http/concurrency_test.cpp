// Clients writing the same statement id at the same moment (Part Three §2.1.1, §2.1.2): the store
// keeps exactly one statement per id, and every client gets the status its request deserves.
#include <functional>
#include <thread>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpConcurrency = LrsHttpTest;

constexpr int kClients = 8;

// Runs `send(i)` on kClients threads at once (each with its own client) and returns the results
// in client order.
template <typename Send>
std::vector<HttpResult> AllAtOnce(const std::vector<XapiClient>& clients, Send send) {
  std::vector<HttpResult> results(clients.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < clients.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = send(clients[i], static_cast<int>(i)); });
  }
  for (auto& t : threads)
    t.join();
  return results;
}

// kClients clients made by `make`.
std::vector<XapiClient> Clients(const std::function<XapiClient()>& make) {
  std::vector<XapiClient> clients;
  for (int i = 0; i < kClients; ++i)
    clients.push_back(make());
  return clients;
}

TEST_F(HttpConcurrency, SameStatementPutByManyClientsIsStoredOnce) {
  auto clients = Clients([this] { return ClientFor(kAdminKey, kAdminSecret); });
  const std::string id = NewId();
  const std::string statement = SimpleStatement(id);
  for (int round = 0; round < 3; ++round) {
    auto results = AllAtOnce(clients, [&](const XapiClient& c, int) {
      return c.Put(kStatements, {{"statementId", id}}, statement);
    });
    for (const HttpResult& r : results)
      EXPECT_TRUE(HasStatus(r, 204));
  }
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
}

TEST_F(HttpConcurrency, DifferentStatementsUnderOneIdLeaveExactlyOneWinner) {
  auto clients = Clients([this] { return ClientFor(kAdminKey, kAdminSecret); });
  const std::string id = NewId();
  auto results = AllAtOnce(clients, [&](const XapiClient& c, int i) {
    return c.Put(kStatements, {{"statementId", id}},
                 SimpleStatement(id, "ann", "verb-" + std::to_string(i)));
  });
  int winner = -1;
  for (int i = 0; i < kClients; ++i) {
    if (results[i].status == 204) {
      EXPECT_EQ(winner, -1) << "two different statements were both accepted under one id";
      winner = i;
    } else {
      EXPECT_TRUE(IsError(results[i], 409, id));
    }
  }
  ASSERT_NE(winner, -1);
  HttpResult stored = GetStatement(id);
  ASSERT_TRUE(HasStatus(stored, 200));
  EXPECT_EQ(StringAt(*ParseJson(stored.body), "verb.id"), VerbId("verb-" + std::to_string(winner)));
  EXPECT_EQ(QueryIds({}).size(), 1u);
}

TEST_F(HttpConcurrency, OverlappingBatchesAreAllOrNothingEach) {
  // Every client posts a batch of its own new statement plus one shared statement that differs
  // per client: one batch wins, every other batch fails whole (its own statement is not stored).
  auto clients = Clients([this] { return ClientFor(kAdminKey, kAdminSecret); });
  const std::string shared = NewId();
  std::vector<std::string> own(kClients);
  for (auto& o : own)
    o = NewId();
  auto results = AllAtOnce(clients, [&](const XapiClient& c, int i) {
    return c.Post(kStatements, "[" + SimpleStatement(own[i], "bob") + "," +
                                   SimpleStatement(shared, "ann", "v" + std::to_string(i)) + "]");
  });
  int accepted = 0;
  for (int i = 0; i < kClients; ++i) {
    if (results[i].status == 200) {
      ++accepted;
      EXPECT_TRUE(HasStatus(GetStatement(own[i]), 200));
    } else {
      EXPECT_TRUE(IsError(results[i], 409));
      EXPECT_TRUE(HasStatus(GetStatement(own[i]), 404)) << "a failed batch left a statement";
    }
  }
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(QueryIds({}).size(), 2u);
}

}  // namespace
}  // namespace lrs::http_test
