// The storage side of the extension interface (store::ExtensionStore, StatementObserver): what
// plugins rely on, on a real database of the backend under test.
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <future>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/core/json.h"
#include "lrs/service/statement_service.h"
#include "lrs/xapi/agent.h"
#include "tests/unit/test_backend.h"

namespace lrs {
namespace {

constexpr char kVoided[] = "http://adlnet.gov/expapi/verbs/voided";

std::string Uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012d", n);
  return buf;
}

std::string Statement(int id, const std::string& verb = "http://example.com/verbs/did",
                      const std::string& object = R"({"id":"http://example.com/a"})") {
  return R"({"id":")" + Uuid(id) + R"(","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":")" +
         verb + R"("},"object":)" + object + "}";
}

// Records what it is told, writes a row per stored statement in the same transaction, and fails
// when told to.
class RecordingObserver : public store::StatementObserver {
 public:
  // The ids of the batch, as prepared on the submitting thread.
  struct Prepared {
    std::vector<std::string> ids;
  };
  Result<std::shared_ptr<const void>> Prepare(
      store::StoreId, const std::vector<store::StatementRecord>& batch) override {
    if (auto hook = std::exchange(in_prepare, nullptr)) hook();
    auto p = std::make_shared<Prepared>();
    for (const store::StatementRecord& rec : batch)
      p->ids.push_back(rec.id);
    last_prepared = p;
    return std::shared_ptr<const void>(p);
  }
  Status OnStatementsStored(ext::SqlConnection& txn,
                            const std::vector<ext::StoredStatement>& statements) override {
    if (auto hook = std::exchange(in_hook, nullptr)) hook();
    for (const ext::StoredStatement& s : statements) {
      stored.push_back(std::string(s.id));
      const auto* prepared = static_cast<const Prepared*>(s.prepared);
      if (prepared != nullptr && s.index < prepared->ids.size() && prepared->ids[s.index] == s.id) {
        ++prepared_and_found;
      }
      voided_at_insert.push_back(s.voided);
      EXPECT_NE(s.statement, nullptr);
      EXPECT_GT(s.seq, 0);
      auto q = txn.Prepare("INSERT INTO seen (seq, id) VALUES (?1, ?2)");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, s.seq).Bind(2, s.id);
      LRS_RETURN_IF_ERROR(q.value()->Run());
    }
    if (fail_next) {
      fail_next = false;
      return Error::Internal("observer refused");
    }
    return Status();
  }
  Status OnStatementsVoided(ext::SqlConnection&, store::StoreId,
                            const std::vector<int64_t>& seqs) override {
    voided.insert(voided.end(), seqs.begin(), seqs.end());
    return Status();
  }
  void OnRollback() override {
    ++rollbacks;
    if (std::exchange(throw_on_rollback, false)) throw std::runtime_error("OnRollback threw");
  }

  std::weak_ptr<Prepared> last_prepared;
  int prepared_and_found = 0;  // statements whose prepared entry came back at their index
  std::vector<std::string> stored;
  std::vector<bool> voided_at_insert;
  std::vector<int64_t> voided;
  int rollbacks = 0;
  bool fail_next = false;
  // Run once, at the start of the next Prepare / OnStatementsStored (they may throw).
  std::function<void()> in_prepare;
  std::function<void()> in_hook;
  bool throw_on_rollback = false;
};

// Runs `fn` on a thread of its own and waits at most `limit` for it. A call that never returns
// (the writer waiting for itself) fails the test and ends the test program at once, rather than
// hang the whole suite.
template <typename Fn>
void WithinOrAbort(std::chrono::seconds limit, const char* what, Fn fn) {
  std::promise<void> finished;
  std::future<void> done = finished.get_future();
  std::thread runner([&] {
    fn();
    finished.set_value();
  });
  if (done.wait_for(limit) != std::future_status::ready) {
    std::fprintf(stderr, "FAILED: %s did not return within %lld s (a deadlock); aborting\n", what,
                 static_cast<long long>(limit.count()));
    std::fflush(stderr);
    std::_Exit(1);
  }
  runner.join();
}

class ExtensionStoreTest : public unit_test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(
        db_->ApplyMigrations("test", {{"001_seen", "CREATE TABLE seen (seq INTEGER, id TEXT)"}})
            .ok());
    db_->SetObserver(&observer_);
    service_ =
        std::make_unique<service::StatementService>(*db_, service::StatementServiceOptions{});
    admin_.store_id = 1;
    admin_.scopes = service::kScopeAll;
    auto authority = std::make_shared<json::Document>();
    ASSERT_TRUE(
        json::Parse(R"({"account":{"homePage":"https://x.example","name":"a"}})", authority.get())
            .ok());
    admin_.authority_key = *xapi::AgentKey(*authority);
    admin_.authority = authority;
  }
  void TearDown() override {
    service_.reset();
    db_.reset();
  }

  Status Post(const std::string& body) {
    auto doc = std::make_shared<json::Document>();
    LRS_RETURN_IF_ERROR(json::Parse(body, doc.get()));
    return service_->Store(admin_, std::move(doc), std::nullopt, {}).status();
  }

  int64_t CountSeen() {
    int64_t n = -1;
    Status s = db_->Read([&](ext::SqlConnection& c) -> Status {
      auto q = c.Prepare("SELECT COUNT(*) FROM seen");
      if (!q.ok()) return q.error();
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      n = q.value()->Int64(0);
      return Status();
    });
    EXPECT_TRUE(s.ok());
    return n;
  }

  std::unique_ptr<service::StatementService> service_;
  service::Principal admin_;
  RecordingObserver observer_;
};

TEST_F(ExtensionStoreTest, WhatPrepareReturnsComesBackAtEachStatementsIndexAndIsReleasedAfter) {
  ASSERT_TRUE(Post("[" + Statement(1) + "," + Statement(2) + "]").ok());
  EXPECT_EQ(observer_.prepared_and_found, 2);
  EXPECT_TRUE(observer_.last_prepared.expired());  // released before Store returned

  // The first of this batch is stored already: the second keeps its index (1).
  ASSERT_TRUE(Post("[" + Statement(1) + "," + Statement(3) + "]").ok());
  EXPECT_EQ(observer_.prepared_and_found, 3);
  EXPECT_EQ(observer_.stored, (std::vector<std::string>{Uuid(1), Uuid(2), Uuid(3)}));
  EXPECT_TRUE(observer_.last_prepared.expired());
}

TEST_F(ExtensionStoreTest, TheObserverSeesEachNewStatementOnceInsideItsTransaction) {
  ASSERT_TRUE(Post("[" + Statement(1) + "," + Statement(2) + "]").ok());
  ASSERT_TRUE(Post(Statement(1)).ok());  // an equivalent re-send is not news
  EXPECT_EQ(observer_.stored, (std::vector<std::string>{Uuid(1), Uuid(2)}));
  EXPECT_EQ(CountSeen(), 2);
}

TEST_F(ExtensionStoreTest, AnObserverErrorStoresNothing) {
  observer_.fail_next = true;
  Status s = Post(Statement(1));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(observer_.rollbacks, 1);
  EXPECT_EQ(CountSeen(), 0);  // the observer's own write was rolled back with the batch
  EXPECT_EQ(service_->Get(admin_, Uuid(1), false, xapi::StatementFormat::kExact, {}).error().code(),
            ErrorCode::kNotFound);
}

TEST_F(ExtensionStoreTest, AnExceptionInAHookFailsTheBatchAloneAndTheWriterGoesOn) {
  const std::vector<std::function<void()>> throwers = {
      [] { throw std::runtime_error("hook threw"); },
      [] { throw std::bad_alloc(); },
      [] { throw 42; },
  };
  int id = 1;
  for (size_t i = 0; i < throwers.size(); ++i) {
    SCOPED_TRACE(i);
    observer_.in_hook = throwers[i];
    const int rollbacks = observer_.rollbacks;
    const int64_t seen = CountSeen();
    Status s = Post("[" + Statement(id) + "," + Statement(id + 1) + "]");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code(), ErrorCode::kInternal);
    EXPECT_EQ(observer_.rollbacks, rollbacks + 1);
    EXPECT_EQ(
        service_->Get(admin_, Uuid(id), false, xapi::StatementFormat::kExact, {}).error().code(),
        ErrorCode::kNotFound);
    // The next batch is stored.
    ASSERT_TRUE(Post(Statement(id + 2)).ok());
    EXPECT_EQ(CountSeen(), seen + 1);
    id += 3;
  }
}

TEST_F(ExtensionStoreTest, AnExceptionInPrepareFailsTheBatchBeforeItIsQueued) {
  observer_.in_prepare = [] { throw std::runtime_error("prepare threw"); };
  Status s = Post(Statement(1));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInternal);
  EXPECT_NE(s.error().message().find("prepare threw"), std::string::npos) << s.error().message();
  EXPECT_TRUE(observer_.stored.empty());
  ASSERT_TRUE(Post(Statement(1)).ok());
  EXPECT_EQ(observer_.stored, std::vector<std::string>{Uuid(1)});
}

TEST_F(ExtensionStoreTest, AnExceptionInOnRollbackIsContained) {
  observer_.fail_next = true;
  observer_.throw_on_rollback = true;
  ASSERT_FALSE(Post(Statement(1)).ok());
  EXPECT_FALSE(observer_.throw_on_rollback);  // it was told, and threw
  ASSERT_TRUE(Post(Statement(2)).ok());
  EXPECT_EQ(CountSeen(), 1);
}

TEST_F(ExtensionStoreTest, AnExceptionInAWriteFailsThatWriteOnly) {
  Status thrown = db_->Write([](ext::SqlConnection& c) -> Status {
    LRS_RETURN_IF_ERROR(c.Exec("INSERT INTO seen (seq, id) VALUES (100, 'x')"));
    throw std::runtime_error("write threw");
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code(), ErrorCode::kInternal);
  EXPECT_NE(thrown.error().message().find("write threw"), std::string::npos);
  EXPECT_EQ(CountSeen(), 0);
  ASSERT_TRUE(db_->Write([](ext::SqlConnection& c) -> Status {
                   return c.Exec("INSERT INTO seen (seq, id) VALUES (101, 'y')");
                 })
                  .ok());
  EXPECT_EQ(CountSeen(), 1);
}

TEST_F(ExtensionStoreTest, WriteFromAHookOrFromAnotherWriteIsAnErrorNotADeadlock) {
  auto noop = [](ext::SqlConnection&) -> Status { return Status(); };
  std::optional<Status> from_hook;
  observer_.in_hook = [&] { from_hook = db_->Write(noop); };
  WithinOrAbort(std::chrono::seconds(30), "Write from a statement hook",
                [&] { EXPECT_TRUE(Post(Statement(1)).ok()); });
  ASSERT_TRUE(from_hook.has_value());
  ASSERT_FALSE(from_hook->ok());
  EXPECT_EQ(from_hook->error().code(), ErrorCode::kInternal);

  std::optional<Status> nested;
  WithinOrAbort(std::chrono::seconds(30), "Write inside a Write", [&] {
    EXPECT_TRUE(db_->Write([&](ext::SqlConnection&) -> Status {
                     nested = db_->Write(noop);
                     return Status();
                   })
                    .ok());
  });
  ASSERT_TRUE(nested.has_value());
  ASSERT_FALSE(nested->ok());
  EXPECT_NE(nested->error().message().find("writer itself"), std::string::npos)
      << nested->error().message();
  // The writer is free: writes from anywhere else work.
  EXPECT_TRUE(db_->Write(noop).ok());
}

TEST_F(ExtensionStoreTest, VoidingIsReportedAndVoidedOnArrivalIsFlagged) {
  ASSERT_TRUE(Post(Statement(1)).ok());
  const std::string ref = R"({"objectType":"StatementRef","id":")" + Uuid(1) + R"("})";
  ASSERT_TRUE(Post(Statement(2, kVoided, ref)).ok());
  ASSERT_EQ(observer_.voided.size(), 1u);
  // Voiding again changes nothing and reports nothing.
  ASSERT_TRUE(Post(Statement(3, kVoided, ref)).ok());
  EXPECT_EQ(observer_.voided.size(), 1u);
  // A statement whose voiding statement came first is stored voided.
  const std::string ref9 = R"({"objectType":"StatementRef","id":")" + Uuid(9) + R"("})";
  ASSERT_TRUE(Post(Statement(4, kVoided, ref9)).ok());
  ASSERT_TRUE(Post(Statement(9)).ok());
  EXPECT_TRUE(observer_.voided_at_insert.back());
}

TEST_F(ExtensionStoreTest, WritesCommitOrRollBackAsAUnitAndReadsSeeThem) {
  ASSERT_TRUE(db_->Write([](ext::SqlConnection& c) -> Status {
                   return c.Exec("INSERT INTO seen (seq, id) VALUES (100, 'x')");
                 })
                  .ok());
  Status failed = db_->Write([](ext::SqlConnection& c) -> Status {
    LRS_RETURN_IF_ERROR(c.Exec("INSERT INTO seen (seq, id) VALUES (101, 'y')"));
    return Error::BadRequest("changed my mind");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(CountSeen(), 1);
}

// A plugin's write is code of the plugin, which may be unloaded as soon as its last write
// returned: the writer must be done with it (destroyed it) by then. Regression: the writer
// destroyed jobs after waking their submitters, and `outcome-lrs outcomes apply` crashed at exit.
TEST_F(ExtensionStoreTest, AWriteIsDestroyedBeforeItReturns) {
  struct SlowToDestroy {
    explicit SlowToDestroy(std::atomic<bool>* flag) : destroyed(flag) {}
    std::atomic<bool>* destroyed;
    ~SlowToDestroy() {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      destroyed->store(true);
    }
  };
  for (int i = 0; i < 3; ++i) {
    std::atomic<bool> destroyed{false};
    auto held = std::make_shared<SlowToDestroy>(&destroyed);
    ASSERT_TRUE(
        db_->Write([held = std::move(held)](ext::SqlConnection&) -> Status { return Status(); })
            .ok());
    EXPECT_TRUE(destroyed.load()) << "the write outlived Write()";
  }
}

// An observer removed while a batch is being stored is not called once SetObserver returns, so
// it may be destroyed then (as a plugin is, when the LRS stops).
TEST_F(ExtensionStoreTest, RemovingTheObserverWaitsForTheCommitInProgress) {
  struct SlowObserver : RecordingObserver {
    std::atomic<bool> entered{false};
    std::atomic<bool> returned{false};
    Status OnStatementsStored(ext::SqlConnection& txn,
                              const std::vector<ext::StoredStatement>& statements) override {
      entered.store(true);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      Status s = RecordingObserver::OnStatementsStored(txn, statements);
      returned.store(true);
      return s;
    }
  };
  SlowObserver slow;
  db_->SetObserver(&slow);
  std::thread poster([&] { EXPECT_TRUE(Post(Statement(1)).ok()); });
  while (!slow.entered.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  db_->SetObserver(nullptr);
  EXPECT_TRUE(slow.returned.load()) << "SetObserver returned while the observer was in use";
  poster.join();
  EXPECT_EQ(CountSeen(), 1);
}

TEST_F(ExtensionStoreTest, MigrationsApplyOnceEachAndFailuresNameTheStep) {
  const std::vector<ext::Migration> steps = {{"001_seen", "CREATE TABLE seen (seq INTEGER)"},
                                             {"002_more", "CREATE TABLE more (x INTEGER)"}};
  ASSERT_TRUE(db_->ApplyMigrations("test", steps).ok());  // 001 is not run twice
  ASSERT_TRUE(db_->ApplyMigrations("test", steps).ok());
  Status bad = db_->ApplyMigrations("test", {{"003_bad", "CREATE TABLE oops ("}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("003_bad"), std::string::npos);
  // Another plugin may use the same migration names.
  EXPECT_TRUE(
      db_->ApplyMigrations("other", {{"001_seen", "CREATE TABLE other_seen (x INTEGER)"}}).ok());
}

TEST_F(ExtensionStoreTest, PluginsReadStatementsThroughTheirConnection) {
  ASSERT_TRUE(Post("[" + Statement(1) + "," + Statement(2) + "," + Statement(3) + "]").ok());
  const std::string ref = R"({"objectType":"StatementRef","id":")" + Uuid(2) + R"("})";
  ASSERT_TRUE(Post(Statement(4, kVoided, ref)).ok());

  Status read = db_->Read([&](ext::SqlConnection& c) -> Status {
    auto last = db_->LastSeq(c, 1);
    EXPECT_TRUE(last.ok());
    EXPECT_EQ(last.value(), 4);
    EXPECT_EQ(db_->LastSeq(c, 99).value(), 0);  // another store has none
    EXPECT_EQ(db_->CountStatements(c, 1, 3).value(), 3);

    std::vector<std::string> ids;
    std::vector<bool> voided;
    LRS_RETURN_IF_ERROR(db_->ScanStatements(c, 1, 1, 4, 2, [&](const ext::StoredStatement& s) {
      ids.emplace_back(s.id);
      voided.push_back(s.voided);
      EXPECT_TRUE(s.statement->HasMember("verb"));
      return Status();
    }));
    EXPECT_EQ(ids, (std::vector<std::string>{Uuid(2), Uuid(3)}));  // after 1, at most 2
    EXPECT_EQ(voided, (std::vector<bool>{true, false}));

    std::vector<int64_t> seqs;
    LRS_RETURN_IF_ERROR(
        db_->GetStatements(c, 1, {3, 1, 42}, [&](int64_t seq, std::string_view json, bool) {
          seqs.push_back(seq);
          EXPECT_NE(json.find("\"stored\""), std::string_view::npos);
          return Status();
        }));
    EXPECT_EQ(seqs, (std::vector<int64_t>{3, 1}));  // 42 does not exist
    EXPECT_TRUE(db_->GetStatements(c, 99, {1},
                                   [&](int64_t, std::string_view, bool) {
                                     ADD_FAILURE() << "another store's statement";
                                     return Status();
                                   })
                    .ok());
    return Status();
  });
  EXPECT_TRUE(read.ok()) << read.error().message();

  // Inside a Write as well (the writer's connection).
  Status written = db_->Write([&](ext::SqlConnection& c) -> Status {
    auto last = db_->LastSeq(c, 1);
    EXPECT_TRUE(last.ok() && last.value() == 4);
    return Status();
  });
  EXPECT_TRUE(written.ok());
}

}  // namespace
}  // namespace lrs
