// The database file shared with another process: one holding the write lock past the busy
// timeout, one taking a backup, one pinning an old snapshot. The LRS answers 503 with
// Retry-After while it cannot write (never 500), keeps reading meanwhile, and recovers as soon
// as the lock is gone.
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kState[] = "/xapi/activities/state";

// A connection to the server's database from this (the test's) process, as another program
// (a backup tool, a script, a second LRS) would open it.
class OtherConnection {
 public:
  explicit OtherConnection(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << "cannot open " << path << ": " << sqlite3_errmsg(db_);
    }
    sqlite3_busy_timeout(db_, 5000);
  }
  ~OtherConnection() { sqlite3_close_v2(db_); }
  OtherConnection(const OtherConnection&) = delete;
  OtherConnection& operator=(const OtherConnection&) = delete;

  ::testing::AssertionResult Exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) {
      return ::testing::AssertionSuccess();
    }
    std::string m = message != nullptr ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    return ::testing::AssertionFailure() << sql << ": " << m;
  }

  int64_t Count(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int64_t n = -1;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      n = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
    return n;
  }

  sqlite3* db() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class HttpDatabaseBusy : public LrsHttpTest {
 protected:
  void SetUp() override {
    if (test_support::BackendUnderTest() != test_support::Backend::kSqlite) {
      GTEST_SKIP() << "SQLite's own locks; PostgreSQL's writers' lock is tested by "
                      "MultiProcess.AWriteWaitingPastTheBusyTimeoutForAnotherCommitIs503";
    }
    LrsHttpTest::SetUp();
  }

  // A short busy timeout, so holding a lock past it takes a fraction of a second.
  std::vector<std::string> ServeArgs() const override { return {"--busy-timeout-ms", "300"}; }

  static ParamList StateParams(const std::string& state_id) {
    return {{"activityId", ActivityId("course")},
            {"agent", "{\"mbox\":" + Quote(Mbox("ann")) + "}"},
            {"stateId", state_id}};
  }

  // Success when `r` is a 503 that tells the client when to come back.
  static ::testing::AssertionResult IsBusy(const HttpResult& r) {
    if (r.status != 503) {
      return ::testing::AssertionFailure() << "expected 503, got " << r.Describe();
    }
    const auto retry = r.Header("Retry-After");
    if (!retry || retry->empty() || retry->find_first_not_of("0123456789") != std::string::npos) {
      return ::testing::AssertionFailure()
             << "503 without a Retry-After in seconds: \"" << retry.value_or("") << "\"";
    }
    return ::testing::AssertionSuccess();
  }
};

TEST_F(HttpDatabaseBusy, AWriteLockHeldElsewhereIs503WithRetryAfterThenRecovers) {
  const std::string before = Store(SimpleStatement(NewId()));
  ASSERT_EQ(admin().Put(kState, StateParams("s"), "{\"a\":1}").status, 204);

  size_t by_ann = 1;
  for (const char* begin : {"BEGIN IMMEDIATE", "BEGIN EXCLUSIVE"}) {
    SCOPED_TRACE(begin);
    OtherConnection other(lrs().db_path());
    ASSERT_TRUE(other.Exec(begin));
    ASSERT_TRUE(other.Exec("INSERT INTO stores (name, created) VALUES ('other', 'now')"));

    // Every write waits for the lock, then tells the client to come back.
    const std::string id = NewId();
    EXPECT_TRUE(IsBusy(admin().Post(kStatements, SimpleStatement(id))));
    EXPECT_TRUE(IsBusy(admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id))));
    EXPECT_TRUE(IsBusy(admin().Put(kState, StateParams("s"), "{\"a\":2}")));
    HttpRequestSpec post_state;
    post_state.method = "POST";
    post_state.target = kState;
    post_state.params = StateParams("s");
    post_state.headers = {{"Content-Type", "application/json"}};
    post_state.body = "{\"b\":2}";
    EXPECT_TRUE(IsBusy(admin().Send(post_state)));

    // Reads go on beside the other writer (WAL).
    EXPECT_EQ(GetStatement(before).status, 200);
    EXPECT_EQ(QueryIds({{"agent", "{\"mbox\":" + Quote(Mbox("ann")) + "}"}}).size(), by_ann);
    HttpResult state = admin().Get(kState, StateParams("s"));
    EXPECT_EQ(state.status, 200);
    EXPECT_EQ(state.body, "{\"a\":1}");

    // The lock is gone: the same requests succeed, and nothing of the refused ones was kept.
    ASSERT_TRUE(other.Exec("ROLLBACK"));
    EXPECT_EQ(GetStatement(id).status, 404);
    EXPECT_EQ(Store(SimpleStatement(id)), id);
    ++by_ann;
    EXPECT_EQ(admin().Put(kState, StateParams("s"), "{\"a\":1}").status, 204);
  }
  EXPECT_EQ(QueryIds({}).size(), 3u);
}

TEST_F(HttpDatabaseBusy, ABackupAndAPinnedSnapshotBesideTheServerCauseNoErrors) {
  std::vector<std::string> ids;
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(admin().Post(kStatements, CourseBatch(50, &ids)).status, 200);
  }

  // A reader that keeps an old snapshot open the whole time (checkpoints cannot pass it).
  OtherConnection pinned(lrs().db_path());
  ASSERT_TRUE(pinned.Exec("BEGIN"));
  ASSERT_EQ(pinned.Count("SELECT COUNT(*) FROM statements"), 1000);

  // A backup taken a few pages at a time while the server writes and reads.
  std::atomic<bool> writing{true};
  std::atomic<int> backup_rc{SQLITE_OK};
  std::atomic<int> backup_steps{0};
  const std::string copy_path = lrs().directory() + "/backup.db";
  std::thread backup([&] {
    OtherConnection source(lrs().db_path());
    sqlite3* copy = nullptr;
    sqlite3_open(copy_path.c_str(), &copy);
    sqlite3_backup* b = sqlite3_backup_init(copy, "main", source.db(), "main");
    int rc = b != nullptr ? SQLITE_OK : SQLITE_ERROR;
    // A source written by another connection makes the backup start over; it finishes once
    // the writes stop (bounded, so a regression fails rather than hangs).
    for (int step = 0; b != nullptr && step < 200000; ++step) {
      rc = sqlite3_backup_step(b, 4);
      ++backup_steps;
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_OK && rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(writing ? 2 : 0));
    }
    if (b != nullptr) sqlite3_backup_finish(b);
    sqlite3_close(copy);
    backup_rc = rc;
  });

  std::vector<int> statuses;
  for (int round = 0; round < 40; ++round) {
    statuses.push_back(admin().Post(kStatements, CourseBatch(25, &ids)).status);
    statuses.push_back(admin().Put(kState, StateParams("s" + std::to_string(round)), "{}").status);
    statuses.push_back(admin().Get(kStatements, {{"limit", "10"}}).status);
    statuses.push_back(GetStatement(ids[round]).status);
  }
  writing = false;
  backup.join();

  for (size_t i = 0; i < statuses.size(); ++i) {
    const int expected = i % 4 == 1 ? 204 : 200;
    EXPECT_EQ(statuses[i], expected) << "request " << i;
  }
  EXPECT_EQ(backup_rc.load(), SQLITE_DONE) << "after " << backup_steps.load() << " steps";
  // The pinned reader still sees its snapshot; the backup is a database holding at least what
  // was stored before it began.
  EXPECT_EQ(pinned.Count("SELECT COUNT(*) FROM statements"), 1000);
  ASSERT_TRUE(pinned.Exec("COMMIT"));
  OtherConnection copy(copy_path);
  const int64_t copied = copy.Count("SELECT COUNT(*) FROM statements");
  EXPECT_GE(copied, 1000);
  EXPECT_LE(copied, static_cast<int64_t>(ids.size()));
  EXPECT_EQ(QueryIds({}, nullptr, 1000).size(), ids.size());
}

}  // namespace
}  // namespace lrs::http_test
