// The SQLite connection layer of the store (lrs/store/sqlite/connection.h): cached statements
// never shared by two users at once, bind errors reported, busy and locked databases reported
// as kUnavailable and read transactions started over, on real database files.
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/sqlite_store.h"

namespace lrs {
namespace {

using store::sqlite::Connection;
using store::sqlite::Query;
using store::sqlite::ReadInTransaction;
using store::sqlite::RetryWhileBusy;

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "lrs-conn-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A connection to a database of the LRS's schema (migrated by SqliteStore, then closed).
  std::unique_ptr<Connection> OpenLrsDatabase() {
    {
      auto store = store::sqlite::SqliteStore::Open(path(), {});
      EXPECT_TRUE(store.ok()) << store.error().message();
    }
    return Open();
  }

  std::unique_ptr<Connection> Open(
      std::chrono::milliseconds busy_timeout = std::chrono::milliseconds(50)) {
    auto conn = Connection::Open(path(), /*create=*/true);
    EXPECT_TRUE(conn.ok()) << conn.error().message();
    if (!conn.ok()) return nullptr;
    conn.value()->SetBusyTimeout(busy_timeout);
    return std::move(conn).value();
  }

  std::string path() const { return dir_ + "/lrs.db"; }

  std::string dir_;
};

// Reads every remaining row's first column as text.
std::vector<std::string> Rest(Query& q) {
  std::vector<std::string> out;
  while (true) {
    auto row = q.Step();
    EXPECT_TRUE(row.ok()) << row.error().message();
    if (!row.ok() || !row.value()) return out;
    out.emplace_back(q.Text(0));
  }
}

TEST_F(ConnectionTest, ANestedPrepareOfTheSameQueryGetsItsOwnStatement) {
  auto conn = OpenLrsDatabase();
  ASSERT_NE(conn, nullptr);
  for (const char* key : {"k1", "k2", "k3"}) {
    ASSERT_TRUE(conn->Exec(std::string("INSERT INTO credentials (store_id, api_key, secret_hash, "
                                       "salt, iterations, scopes, name, authority, created) "
                                       "VALUES (1, '") +
                           key + "', x'00', x'00', 1, 'all', 'n', '{}', 'now')")
                    .ok());
  }
  const std::vector<std::string> all = {"k1", "k2", "k3"};

  // A caller steps a catalog query; something it calls runs the same query meanwhile.
  auto outer = conn->Prepare("credential_list");
  ASSERT_TRUE(outer.ok());
  outer.value().BindNull(1);
  auto first = outer.value().Step();
  ASSERT_TRUE(first.ok() && first.value());
  std::vector<std::string> seen = {std::string(outer.value().Text(3))};
  {
    auto inner = conn->Prepare("credential_list");
    ASSERT_TRUE(inner.ok());
    inner.value().BindNull(1);
    std::vector<std::string> keys;
    while (true) {
      auto row = inner.value().Step();
      ASSERT_TRUE(row.ok()) << row.error().message();
      if (!row.value()) break;
      keys.emplace_back(inner.value().Text(3));
    }
    EXPECT_EQ(keys, all);
  }
  // The caller's statement went on where it was.
  while (true) {
    auto row = outer.value().Step();
    ASSERT_TRUE(row.ok()) << row.error().message();
    if (!row.value()) break;
    seen.emplace_back(outer.value().Text(3));
  }
  EXPECT_EQ(seen, all);
}

TEST_F(ConnectionTest, PluginSqlCachedByTextIsNeverSharedEitherAtAnyDepth) {
  auto conn = Open();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a'), ('b'), ('c')").ok());
  const std::string sql = "SELECT x FROM t ORDER BY x";
  const std::vector<std::string> all = {"a", "b", "c"};
  // Deeper than the copies the cache keeps: the extra ones are prepared for their use only.
  std::vector<Query> open;
  for (int depth = 0; depth < 7; ++depth) {
    auto q = conn->PrepareCachedText(sql);
    ASSERT_TRUE(q.ok()) << q.error().message();
    open.push_back(std::move(q).value());
    auto row = open.back().Step();
    ASSERT_TRUE(row.ok() && row.value());
    EXPECT_EQ(open.back().Text(0), "a") << "depth " << depth;
  }
  for (Query& q : open)
    EXPECT_EQ(Rest(q), (std::vector<std::string>{"b", "c"}));
  open.clear();
  // Released copies are reused from the start.
  auto again = conn->PrepareCachedText(sql);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(Rest(again.value()), all);
}

TEST_F(ConnectionTest, AFailedBindIsReportedByStepAndRunAndDoesNotStick) {
  auto conn = Open();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->Exec("CREATE TABLE t (x INTEGER)").ok());
  {
    auto q = conn->PrepareCachedText("SELECT ?1");
    ASSERT_TRUE(q.ok());
    q.value().Bind(2, int64_t{7});  // the SQL has no ?2
    auto row = q.value().Step();
    ASSERT_FALSE(row.ok());
    EXPECT_EQ(row.error().code(), ErrorCode::kInternal);
    EXPECT_NE(row.error().message().find("?2"), std::string::npos) << row.error().message();
  }
  {
    auto q = conn->PrepareCachedText("INSERT INTO t (x) VALUES (?1)");
    ASSERT_TRUE(q.ok());
    q.value().Bind(1, int64_t{1}).Bind(3, std::string_view("no such parameter"));
    Status run = q.value().Run();
    ASSERT_FALSE(run.ok());
    EXPECT_NE(run.error().message().find("?3"), std::string::npos) << run.error().message();
  }
  // Nothing was inserted, and the cached statements work again with good binds.
  auto count = conn->PrepareCachedText("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(Rest(count.value()), std::vector<std::string>{"0"});
  auto q = conn->PrepareCachedText("SELECT ?1");
  ASSERT_TRUE(q.ok());
  q.value().Bind(1, int64_t{7});
  EXPECT_EQ(Rest(q.value()), std::vector<std::string>{"7"});
}

TEST_F(ConnectionTest, AWriteLockHeldElsewhereIsUnavailableNotInternal) {
  auto conn = Open();
  auto other = Open();
  ASSERT_TRUE(conn && other);
  ASSERT_TRUE(conn->Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)").ok());
  ASSERT_TRUE(other->Exec("BEGIN IMMEDIATE; INSERT INTO t VALUES (1)").ok());

  Status begin = conn->Exec("BEGIN IMMEDIATE");
  ASSERT_FALSE(begin.ok());
  EXPECT_EQ(begin.error().code(), ErrorCode::kUnavailable) << begin.error().message();
  auto insert = conn->PrepareCachedText("INSERT INTO t VALUES (2)");
  ASSERT_TRUE(insert.ok());
  Status run = insert.value().Run();
  ASSERT_FALSE(run.ok());
  EXPECT_EQ(run.error().code(), ErrorCode::kUnavailable) << run.error().message();

  ASSERT_TRUE(other->Exec("COMMIT").ok());
  auto retry = conn->PrepareCachedText("INSERT INTO t VALUES (2)");
  ASSERT_TRUE(retry.ok());
  EXPECT_TRUE(retry.value().Run().ok());
}

TEST_F(ConnectionTest, AStaleSnapshotIsUnavailableAndTheWholeTransactionStartsOver) {
  auto conn = Open();
  auto other = Open();
  ASSERT_TRUE(conn && other);
  ASSERT_TRUE(conn->Exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)").ok());

  // A transaction reads (taking a snapshot), another connection commits, and the first then
  // writes: SQLITE_BUSY_SNAPSHOT, an extended code that compares unequal to SQLITE_BUSY.
  int attempts = 0;
  Status done = ReadInTransaction(*conn, [&](Connection& c) -> Status {
    ++attempts;
    auto count = c.PrepareCachedText("SELECT COUNT(*) FROM t");
    if (!count.ok()) return count.error();
    auto row = count.value().Step();
    if (!row.ok()) return row.error();
    if (attempts == 1) {
      LRS_RETURN_IF_ERROR(other->Exec("INSERT INTO t VALUES (1)"));
      auto write = c.PrepareCachedText("INSERT INTO t VALUES (2)");
      if (!write.ok()) return write.error();
      Status stale = write.value().Run();
      EXPECT_FALSE(stale.ok());
      if (stale.ok()) return stale;
      EXPECT_EQ(stale.error().code(), ErrorCode::kUnavailable) << stale.error().message();
      // Stepping again in the same transaction cannot help: its snapshot stays stale.
      auto again = c.PrepareCachedText("INSERT INTO t VALUES (2)");
      if (!again.ok()) return again.error();
      Status still = again.value().Run();
      EXPECT_FALSE(still.ok());
      return stale;
    }
    EXPECT_EQ(count.value().Int64(0), 1);  // a fresh snapshot sees the other's row
    auto write = c.PrepareCachedText("INSERT INTO t VALUES (2)");
    if (!write.ok()) return write.error();
    return write.value().Run();
  });
  EXPECT_TRUE(done.ok()) << done.error().message();
  EXPECT_EQ(attempts, 2);
  EXPECT_FALSE(conn->InTransaction());
  auto count = conn->PrepareCachedText("SELECT COUNT(*) FROM t");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(Rest(count.value()), std::vector<std::string>{"2"});
}

TEST_F(ConnectionTest, RetryingStopsAtTheTimeoutAndNeverRetriesOtherErrors) {
  int attempts = 0;
  Status busy = RetryWhileBusy(std::chrono::milliseconds(30), [&]() -> Status {
    ++attempts;
    return Error(ErrorCode::kUnavailable, "busy");
  });
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code(), ErrorCode::kUnavailable);
  EXPECT_GT(attempts, 1);

  attempts = 0;
  Result<int> fault = RetryWhileBusy(std::chrono::seconds(10), [&]() -> Result<int> {
    ++attempts;
    return Error::Internal("broken");
  });
  ASSERT_FALSE(fault.ok());
  EXPECT_EQ(attempts, 1);
}

}  // namespace
}  // namespace lrs
