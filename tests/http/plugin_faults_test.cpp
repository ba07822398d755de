// A plugin that throws must not end the LRS: with the test plugin tests/plugins/faulty_plugin.cpp
// loaded into a real server, each kind of fault (an exception in Prepare, in a statement hook,
// std::bad_alloc, a non-standard exception, Host::Write from a hook) fails its batch alone with
// 500, stores nothing of it, is logged with the batch, and the next batch is stored.
#include <string>
#include <thread>
#include <vector>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

class HttpPluginFaults : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override { return {"--plugin", FAULTY_PLUGIN}; }

  // A statement with id `id` whose verb tells the faulty plugin what to do.
  static std::string Commanding(const std::string& id, const std::string& command) {
    return Statement(Agent("ann"), Verb(command), Activity("course"), "\"id\":" + Quote(id));
  }

  // The ids the plugin's hooks recorded (in committed batches only).
  std::vector<std::string> Seen() {
    HttpResult r = admin().Get("/faulty/seen");
    EXPECT_EQ(r.status, 200) << r.Describe();
    std::vector<std::string> ids;
    auto doc = ParseJson(r.body);
    if (doc->IsArray()) {
      for (const auto& v : doc->GetArray())
        ids.emplace_back(v.GetString());
    }
    return ids;
  }
};

TEST_F(HttpPluginFaults, EachFaultFailsItsBatchAloneAndTheServerGoesOn) {
  struct Fault {
    std::string command;
    std::string reported;  // in the error message
  };
  const std::vector<Fault> faults = {
      {"throw-in-prepare", "threw in Prepare: faulty: Prepare was told to"},
      {"throw-in-stored", "threw in OnStatementsStored: faulty: OnStatementsStored was told to"},
      {"bad-alloc", "threw in OnStatementsStored"},
      {"throw-non-std", "threw in OnStatementsStored (not a std::exception)"},
  };
  std::vector<std::string> stored;
  for (const Fault& fault : faults) {
    SCOPED_TRACE(fault.command);
    const std::string fine = NewId();
    const std::string faulty = NewId();
    HttpResult r = admin().Post(
        kStatements, "[" + SimpleStatement(fine) + "," + Commanding(faulty, fault.command) + "]");
    EXPECT_TRUE(IsError(r, 500, fault.reported));
    // Nothing of the batch was stored, and the error was logged with the batch.
    EXPECT_EQ(GetStatement(fine).status, 404);
    EXPECT_EQ(GetStatement(faulty).status, 404);
    const std::string log = lrs().ServerLog();
    EXPECT_NE(log.find("2 statement(s) of store 1 (first id " + fine + ")"), std::string::npos)
        << log;

    // The next batch is stored, hooks and all.
    const std::string next = NewId();
    ASSERT_EQ(Store(SimpleStatement(next)), next);
    stored.push_back(next);
    EXPECT_EQ(Seen(), stored);
  }
  EXPECT_TRUE(lrs().running());
}

TEST_F(HttpPluginFaults, AThrowingVoidedHookLeavesTheTargetUnvoided) {
  const std::string target = Store(Commanding(NewId(), "throw-on-void"));
  const std::string voiding = NewId();
  HttpResult r = admin().Post(kStatements, VoidingStatement(voiding, target));
  EXPECT_TRUE(IsError(r, 500, "threw in OnStatementsVoided"));
  EXPECT_EQ(GetStatement(target).status, 200);  // still there, not voided
  EXPECT_EQ(GetStatement(voiding).status, 404);
  EXPECT_EQ(GetStatement(target, /*voided=*/true).status, 404);

  // Voiding another statement works.
  const std::string other = Store(SimpleStatement(NewId()));
  Store(VoidingStatement(NewId(), other));
  EXPECT_EQ(GetStatement(other, /*voided=*/true).status, 200);
  EXPECT_EQ(GetStatement(other).status, 404);
}

TEST_F(HttpPluginFaults, HostWriteFromAHookIsAnErrorNotAHang) {
  // A regression would block the writer forever: the request times out instead of failing.
  XapiClient client = ClientFor(kAdminKey, kAdminSecret);
  client.SetTimeout(std::chrono::seconds(20));
  const std::string id = NewId();
  HttpResult r = client.Post(kStatements, Commanding(id, "write-from-hook"));
  ASSERT_NE(r.status, 0) << "no answer: the writer waits for itself (" << r.error << ")";
  EXPECT_TRUE(IsError(r, 500, "statement writer itself"));
  EXPECT_EQ(GetStatement(id).status, 404);
  const std::string next = NewId();
  EXPECT_EQ(Store(SimpleStatement(next)), next);
}

TEST_F(HttpPluginFaults, AFaultyBatchCommittedWithOthersFailsAlone) {
  // Good batches from several clients race a throwing one into the same group commits.
  constexpr int kClients = 6;
  constexpr int kBatches = 10;
  std::vector<std::vector<std::string>> ids(kClients);
  std::vector<std::vector<int>> statuses(kClients);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      XapiClient client = ClientFor(kAdminKey, kAdminSecret);
      for (int b = 0; b < kBatches; ++b) {
        const std::string id = NewId();
        ids[c].push_back(id);
        const bool faulty = c == 0 && b % 2 == 0;
        statuses[c].push_back(
            client
                .Post(kStatements, faulty ? Commanding(id, "throw-in-stored") : SimpleStatement(id))
                .status);
      }
    });
  }
  for (std::thread& t : threads)
    t.join();
  for (int c = 0; c < kClients; ++c) {
    for (int b = 0; b < kBatches; ++b) {
      const bool faulty = c == 0 && b % 2 == 0;
      EXPECT_EQ(statuses[c][b], faulty ? 500 : 200) << "client " << c << " batch " << b;
      EXPECT_EQ(GetStatement(ids[c][b]).status, faulty ? 404 : 200);
    }
  }
  EXPECT_EQ(Seen().size(), static_cast<size_t>(kClients * kBatches - kBatches / 2));
}

TEST_F(HttpPluginFaults, APluginThrowingOutsideItsHooksEndsNeitherTheServerNorItsCommand) {
  // The router asks the plugin for the Allow header of a 405: the plugin throws there.
  HttpResult refused = admin().Get("/faulty/throw-in-allow");
  EXPECT_EQ(refused.status, 405) << refused.Describe();
  EXPECT_TRUE(lrs().running());
  EXPECT_EQ(admin().Get("/faulty/seen").status, 200);
  // A plugin command that throws ends with status 1 and a message, not a crash.
  auto out = lrs().RunCommand({"faulty-throw", "--db", lrs().db(), "--plugin", FAULTY_PLUGIN});
  ASSERT_TRUE(out.ok()) << out.error().message();
  EXPECT_EQ(out.value().status.code, 1) << out.value().status.ToString() << out.value().err;
  EXPECT_NE(out.value().err.find("RunCommand was told to"), std::string::npos) << out.value().err;
}

}  // namespace
}  // namespace lrs::http_test
