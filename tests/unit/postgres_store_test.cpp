// What is PostgreSQL's own in the PostgreSQL backend (lrs/store/postgres): refusing databases it
// must not touch, several stores (processes) on one database, the writers' lock and the commit
// clock, lost connections, and plugins' ?N parameters. The storage contracts themselves are
// tested on both backends by the other store suites. ctest runs these as postgresql/...
#include <libpq-fe.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/core/json.h"
#include "lrs/core/time.h"
#include "lrs/service/statement_service.h"
#include "lrs/store/database.h"
#include "lrs/store/postgres/connection.h"
#include "lrs/store/postgres/extension_connection.h"
#include "lrs/store/postgres/postgres_store.h"
#include "lrs/store/postgres/sql_catalog.h"
#include "lrs/store/postgres/writer_rows.h"
#include "lrs/xapi/agent.h"
#include "tests/unit/test_backend.h"

namespace lrs {
namespace {

using test_support::Backend;
using test_support::BackendUnderTest;

std::string Uuid(int n) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "00000000-0000-4000-8000-%012d", n);
  return buf;
}

std::string Statement(int id, const std::string& activity) {
  return R"({"id":")" + Uuid(id) +
         R"(","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://example.com/v"},)"
         R"("object":{"id":"http://example.com/)" +
         activity + R"("}})";
}

// A connection of its own to the test's database: another client, as another process would be.
class RawConnection {
 public:
  explicit RawConnection(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {}
  ~RawConnection() { PQfinish(conn_); }
  bool ok() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Runs `sql`; the text of its first value, or "ERROR: ..." on failure.
  std::string Run(const std::string& sql) {
    PGresult* r = PQexec(conn_, sql.c_str());
    std::string out;
    const ExecStatusType s = PQresultStatus(r);
    if (s == PGRES_TUPLES_OK && PQntuples(r) > 0) {
      out = PQgetvalue(r, 0, 0);
    } else if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
      out = std::string("ERROR: ") + PQresultErrorMessage(r);
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_;
};

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (BackendUnderTest() != Backend::kPostgres) GTEST_SKIP() << "PostgreSQL only";
    LRS_SKIP_WITHOUT_BACKEND();
  }

  Result<std::unique_ptr<store::Database>> Open(int busy_timeout_ms = 10000) {
    store::DatabaseOptions options;
    options.pool_size = 2;
    options.busy_timeout_ms = busy_timeout_ms;
    return database_.Open(options);
  }

  service::Principal Admin() {
    service::Principal p;
    p.store_id = 1;
    p.key = "admin";
    p.scopes = service::kScopeAll;
    auto authority = std::make_shared<json::Document>();
    EXPECT_TRUE(
        json::Parse(R"({"account":{"homePage":"https://x.example","name":"a"}})", authority.get())
            .ok());
    p.authority_key = *xapi::AgentKey(*authority);
    p.authority = authority;
    return p;
  }

  Status Post(store::Database& db, const std::string& body) {
    service::StatementService service(db, service::StatementServiceOptions{});
    auto doc = std::make_shared<json::Document>();
    LRS_RETURN_IF_ERROR(json::Parse(body, doc.get()));
    return service.Store(Admin(), std::move(doc), std::nullopt, {}).status();
  }

  unit_test::BackendDatabase database_;
};

TEST_F(PostgresStoreTest, RefusesADatabaseOfAnotherApplication) {
  RawConnection other(database_.location());
  ASSERT_TRUE(other.ok());
  ASSERT_EQ(other.Run("CREATE TABLE customers (id integer)"), "");
  auto opened = Open();
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message().find("not those of Outcome LRS"), std::string::npos)
      << opened.error().message();
  EXPECT_EQ(other.Run("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "1");
}

TEST_F(PostgresStoreTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_TRUE(Open().ok());
  RawConnection other(database_.location());
  ASSERT_EQ(other.Run("UPDATE schema_version SET version = 999"), "");
  auto opened = Open();
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message().find("newer"), std::string::npos);
}

TEST_F(PostgresStoreTest, ProcessesStartingAtOnceMigrateOnce) {
  std::vector<std::future<bool>> opening;
  for (int i = 0; i < 3; ++i) {
    opening.push_back(std::async(std::launch::async, [&] {
      auto db = Open();
      EXPECT_TRUE(db.ok()) << db.error().message();
      return db.ok();
    }));
  }
  for (auto& o : opening)
    EXPECT_TRUE(o.get());
  RawConnection other(database_.location());
  EXPECT_EQ(other.Run("SELECT version FROM schema_version"),
            std::to_string(store::postgres::MigrationEntries().size()));
}

TEST_F(PostgresStoreTest, TwoStoresOnOneDatabaseAreOneLrs) {
  auto a = Open();
  auto b = Open();
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(Post(*a.value(), Statement(1, "a")).ok());
  auto found = b.value()->GetStatement(1, Uuid(1));
  ASSERT_TRUE(found.ok() && found.value());
  // The same id with different content through each, at once: one stored, one conflict.
  for (int round = 0; round < 10; ++round) {
    const int id = 100 + round;
    auto through_a =
        std::async(std::launch::async, [&] { return Post(*a.value(), Statement(id, "from-a")); });
    auto through_b =
        std::async(std::launch::async, [&] { return Post(*b.value(), Statement(id, "from-b")); });
    Status sa = through_a.get();
    Status sb = through_b.get();
    EXPECT_NE(sa.ok(), sb.ok()) << round;
    const Status& lost = sa.ok() ? sb : sa;
    ASSERT_FALSE(lost.ok());
    EXPECT_EQ(lost.error().code(), ErrorCode::kConflict) << lost.error().message();
  }
}

TEST_F(PostgresStoreTest, AWriteWaitsForAnotherProcessesCommitThenFailsUnavailable) {
  auto db = Open(/*busy_timeout_ms=*/300);
  ASSERT_TRUE(db.ok()) << db.error().message();
  // Another process's writer in the middle of its commit: it holds the writers' lock.
  RawConnection other(database_.location());
  ASSERT_EQ(other.Run("BEGIN"), "");
  ASSERT_EQ(other.Run("SELECT pg_advisory_xact_lock(1330401875, 1)"), "");
  Status blocked = Post(*db.value(), Statement(1, "a"));
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.error().code(), ErrorCode::kUnavailable) << blocked.error().message();
  ASSERT_EQ(other.Run("COMMIT"), "");
  EXPECT_TRUE(Post(*db.value(), Statement(1, "a")).ok());
  EXPECT_TRUE(db.value()->GetStatement(1, Uuid(1)).value().has_value());
}

TEST_F(PostgresStoreTest, ConsistentThroughStaysBeforeAWriteInProgressInAnyProcess) {
  auto opened = store::postgres::PostgresStore::Open({database_.location(), /*pool_size=*/2,
                                                      /*statement_timeout_ms=*/0,
                                                      /*lock_timeout_ms=*/10000});
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  store::postgres::PostgresStore& db = *opened.value();
  ASSERT_TRUE(Post(db, Statement(1, "a")).ok());
  const int64_t stored = db.GetStatement(1, Uuid(1)).value()->stored_us;
  // Nothing in progress: recent, past what is stored.
  const int64_t idle = db.ConsistentThroughMicros();
  EXPECT_GE(idle, stored);
  EXPECT_LE(idle, NowMicros() + 1000000);

  // Another process's writer in the middle of its commit (as writer_begin.sql and
  // writer_clock.sql do). What a process reports meanwhile stays before the stored time it
  // gets, and never goes back.
  auto fresh = store::postgres::PostgresStore::Open({database_.location(), 2, 0, 10000});
  ASSERT_TRUE(fresh.ok()) << fresh.error().message();
  RawConnection other(database_.location());
  ASSERT_EQ(other.Run("BEGIN"), "");
  ASSERT_EQ(other.Run("SELECT pg_advisory_xact_lock(1330401875, 1)"), "");
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  const int64_t while_held = fresh.value()->ConsistentThroughMicros();
  EXPECT_EQ(db.ConsistentThroughMicros(), std::max(idle, while_held));
  EXPECT_GE(while_held, stored);
  const std::string in_progress = other.Run(
      "UPDATE commit_clock SET last_stored_us = GREATEST(last_stored_us + 1, "
      "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint) RETURNING last_stored_us");
  EXPECT_EQ(fresh.value()->ConsistentThroughMicros(), while_held);
  ASSERT_EQ(other.Run("COMMIT"), "");
  EXPECT_LT(while_held, std::stoll(in_progress))
      << "Consistent-Through passed the stored time of a commit in progress";
  // Committed: recent again, past it.
  EXPECT_GE(fresh.value()->ConsistentThroughMicros(), std::stoll(in_progress));
}

TEST_F(PostgresStoreTest, LostConnectionsAreMadeAgain) {
  auto db = Open();
  ASSERT_TRUE(db.ok()) << db.error().message();
  ASSERT_TRUE(Post(*db.value(), Statement(1, "a")).ok());
  // The server ends every session of the LRS (as a restart or failover would).
  RawConnection other(database_.location());
  ASSERT_EQ(other.Run("SELECT count(pg_terminate_backend(pid)) >= 0 FROM pg_stat_activity "
                      "WHERE datname = current_database() AND pid <> pg_backend_pid()"),
            "t");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(db.value()->GetStatement(1, Uuid(1)).ok());
  EXPECT_TRUE(Post(*db.value(), Statement(2, "a")).ok());
  EXPECT_TRUE(db.value()->GetStatement(1, Uuid(2)).value().has_value());
}

// The values of one row read through a Query: each accessor on each column.
struct ReadRow {
  std::vector<int64_t> ints;
  std::vector<double> doubles;
  std::vector<std::string> texts, blobs;
  std::vector<bool> nulls;
};

ReadRow ReadOneRow(store::postgres::Connection& conn, const std::string& sql,
                   const std::string& blob, int columns) {
  ReadRow out;
  auto q = conn.PrepareText(sql);
  EXPECT_TRUE(q.ok()) << q.error().message();
  if (!q.ok()) return out;
  q.value().BindBlob(1, blob);
  auto row = q.value().Step();
  EXPECT_TRUE(row.ok() && row.value()) << sql << (row.ok() ? "" : ": " + row.error().message());
  if (!row.ok() || !row.value()) return out;
  for (int c = 0; c < columns; ++c) {
    out.ints.push_back(q.value().Int64(c));
    out.doubles.push_back(q.value().Double(c));
    out.texts.emplace_back(q.value().Text(c));
    out.blobs.emplace_back(q.value().Blob(c));
    out.nulls.push_back(q.value().IsNull(c));
  }
  return out;
}

TEST_F(PostgresStoreTest, RowsWithABlobReadInBinaryFormatAnswerAsTextRowsDo) {
  auto open = Open();  // creates and migrates the database
  ASSERT_TRUE(open.ok()) << open.error().message();
  store::postgres::ConnectionSettings settings;
  settings.conninfo = database_.location();
  auto conn = store::postgres::Connection::Open(settings);
  ASSERT_TRUE(conn.ok()) << conn.error().message();
  std::string blob;
  for (int i = 0; i < 256; ++i)
    blob.push_back(static_cast<char>(i));
  blob += std::string(100000, '\x7f');
  // Every type a binary row may hold, extremes and NULLs; the same values in a row without a
  // bytea column (text format) and with one (binary format).
  const std::string values =
      "'-9223372036854775808'::int8, 9223372036854775807::int8, '-2147483648'::int4, "
      "'-32768'::int2, "
      "32767::int2, 12345::int4, true, false, 'caf\u00e9 42'::text, '17'::varchar(9), "
      "'x'::char(3), NULL::int8, NULL::text, NULL::bool, "
      "length($1::bytea)::int4";
  const int n = 15;
  ReadRow text_rows = ReadOneRow(*conn.value(), "SELECT " + values, blob, n);
  ReadRow binary_rows = ReadOneRow(
      *conn.value(), "SELECT " + values + ", $1::bytea, ''::bytea, NULL::bytea", blob, n + 3);
  ASSERT_EQ(binary_rows.ints.size(), static_cast<size_t>(n + 3));
  for (int c = 0; c < n; ++c) {
    EXPECT_EQ(binary_rows.ints[c], text_rows.ints[c]) << "column " << c;
    EXPECT_EQ(binary_rows.doubles[c], text_rows.doubles[c]) << "column " << c;
    EXPECT_EQ(binary_rows.texts[c], text_rows.texts[c]) << "column " << c;
    EXPECT_EQ(binary_rows.blobs[c], text_rows.blobs[c]) << "column " << c;
    EXPECT_EQ(binary_rows.nulls[c], text_rows.nulls[c]) << "column " << c;
  }
  EXPECT_EQ(text_rows.ints[0], INT64_MIN);
  EXPECT_EQ(text_rows.ints[2], INT32_MIN);
  EXPECT_EQ(text_rows.ints[3], -32768);
  EXPECT_EQ(text_rows.texts[10], "x  ");
  EXPECT_EQ(text_rows.texts[6], "t");
  EXPECT_EQ(text_rows.ints[14], static_cast<int64_t>(blob.size()));
  // The blob read as bytes; its text form is hex, as in text format.
  EXPECT_EQ(binary_rows.blobs[n], blob);
  EXPECT_EQ(binary_rows.texts[n].substr(0, 10), "\\x00010203");
  EXPECT_EQ(binary_rows.texts[n].size(), 2 + 2 * blob.size());
  EXPECT_EQ(binary_rows.blobs[n + 1], "");
  EXPECT_FALSE(binary_rows.nulls[n + 1]);
  EXPECT_TRUE(binary_rows.nulls[n + 2]);
  // A blob of a row in text format (a numeric column keeps it there) reads the same.
  ReadRow mixed = ReadOneRow(*conn.value(), "SELECT 1.5::numeric, $1::bytea", blob, 2);
  ASSERT_EQ(mixed.blobs.size(), 2u);
  EXPECT_EQ(mixed.blobs[1], blob);
  EXPECT_EQ(mixed.texts[1], binary_rows.texts[n]);
  EXPECT_EQ(mixed.doubles[0], 1.5);
}

// The plans of a connection's prepared statement `marker` (a comment of its SQL) as
// EXPLAIN (FORMAT JSON) shows them on that connection, run with `args`.
std::string PlanOf(store::postgres::Connection& conn, const std::string& marker,
                   const std::string& args) {
  auto name = conn.PrepareText("SELECT name FROM pg_prepared_statements WHERE statement LIKE $1");
  if (!name.ok()) return "ERROR: " + name.error().message();
  name.value().Bind(1, "%" + marker + "%");
  auto row = name.value().Step();
  if (!row.ok() || !row.value()) return "ERROR: no prepared statement " + marker;
  auto plan =
      conn.PrepareText("EXPLAIN (FORMAT JSON) EXECUTE " + std::string(name.value().Text(0)) + args);
  if (!plan.ok()) return "ERROR: " + plan.error().message();
  auto planned = plan.value().Step();
  if (!planned.ok() || !planned.value()) return "ERROR: no plan";
  return std::string(plan.value().Text(0));
}

// The writer's lookups (statements by id, index keys) keep probing their indexes as the tables
// grow. A plan cached while the tables held a page or two (a sequential scan, cheapest then)
// used to be kept by the writer's connection until autovacuum analyzed the tables, scanning
// every statement and every index key for each batch meanwhile.
TEST_F(PostgresStoreTest, TheWritersLookupsKeepProbingIndexesAsTheTablesGrow) {
  auto open = Open();  // creates and migrates the database: store 1 exists, no statement
  ASSERT_TRUE(open.ok()) << open.error().message();
  RawConnection raw(database_.location());
  ASSERT_TRUE(raw.ok());
  const std::string grow =
      "INSERT INTO statements (store_id, statement_id, stored_us, terms, body, xapi_version) "
      "SELECT 1, 'id' || g, g, '', repeat('x', 1000), '1.0.3' FROM generate_series(%1, %2) AS g";
  const std::string grow_keys =
      "INSERT INTO index_keys (store_id, kind, value, value_sha) "
      "SELECT 1, 2, 'v' || g, sha256(convert_to('v' || g, 'UTF8')) "
      "FROM generate_series(%1, %2) AS g";
  auto range = [](std::string sql, int from, int to) {
    sql.replace(sql.find("%1"), 2, std::to_string(from));
    sql.replace(sql.find("%2"), 2, std::to_string(to));
    return sql;
  };
  // A new LRS: a few statements and keys, analyzed as autovacuum soon does.
  ASSERT_EQ(raw.Run(range(grow, 1, 3)), "");
  ASSERT_EQ(raw.Run(range(grow_keys, 1, 3)), "");
  ASSERT_EQ(raw.Run("ANALYZE statements, index_keys"), "");

  store::postgres::ConnectionSettings settings;
  settings.conninfo = database_.location();
  auto opened = store::postgres::Connection::Open(settings);
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  store::postgres::Connection& conn = *opened.value();
  store::postgres::PostgresWriterRows rows(std::move(opened).value());
  int next_id = 100000;
  // A group as the writer makes it: look its statement and keys up, insert it.
  auto group = [&]() {
    ASSERT_TRUE(rows.BeginGroup(0).ok());
    const std::string id = "id" + std::to_string(++next_id);
    std::unordered_map<std::string, store::StatementRow> found;
    ASSERT_TRUE(rows.FindStatements(1, {id, "id2"}, &found).ok());
    std::vector<int64_t> key_ids;
    ASSERT_TRUE(
        rows.InternKeys(
                1, {{xapi::IndexKind::kActivity, "v2"}, {xapi::IndexKind::kActivity, "v" + id}},
                &key_ids)
            .ok());
    store::NewStatementRow row;
    row.id = id;
    row.stored_us = next_id;
    row.body = "{}";
    std::vector<int64_t> seqs;
    ASSERT_TRUE(rows.InsertStatements(1, {row}, std::vector<store::IndexTerms>(1), &seqs).ok());
    ASSERT_TRUE(rows.Commit().ok());
  };
  for (int i = 0; i < 10; ++i)
    group();  // past the five custom plans: the generic plan, made on the small tables, is kept
  // A bulk load through other processes, not analyzed yet; then this writer goes on.
  ASSERT_EQ(raw.Run(range(grow, 4, 20000)), "");
  ASSERT_EQ(raw.Run(range(grow_keys, 4, 20000)), "");
  for (int i = 0; i < 10; ++i)
    group();
  const std::string ids = "('1', '{id1,id5000,id9999}')";
  const std::string keys = "('1', '{2,2}', '{v1,v5000}')";
  for (const auto& [marker, args] :
       {std::pair<std::string, std::string>{"whose ids are among", ids},
        {"The interned ids of the values", keys}}) {
    const std::string plan = PlanOf(conn, marker, args);
    ASSERT_EQ(plan.find("ERROR"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("Seq Scan"), std::string::npos) << marker << ": " << plan;
  }
}

TEST(PostgresPlaceholders, PluginsQuestionMarkParametersBecomeDollarParameters) {
  using store::postgres::PlaceholdersToDollar;
  EXPECT_EQ(PlaceholdersToDollar("SELECT a FROM t WHERE b = ?1 AND c IN (?2, ?13)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $13)");
  // Not inside literals, quoted identifiers or comments; not a lone '?' (an operator).
  EXPECT_EQ(PlaceholdersToDollar("SELECT '?1', \"?2\" -- ?3\n, x ? 'k', ?4"),
            "SELECT '?1', \"?2\" -- ?3\n, x ? 'k', $4");
  EXPECT_EQ(PlaceholdersToDollar("SELECT 'it''s ?1', ?2"), "SELECT 'it''s ?1', $2");
}

TEST(DatabaseUri, PostgresUrisAreToldFromSqlitePaths) {
  EXPECT_TRUE(store::IsPostgresUri("postgresql://lrs@db.example.com:5432/lrs"));
  EXPECT_TRUE(store::IsPostgresUri("postgres://lrs@db.example.com/lrs?sslmode=require"));
  EXPECT_FALSE(store::IsPostgresUri("data/lrs.db"));
  EXPECT_FALSE(store::IsPostgresUri("/var/lib/postgresql.db"));
}

TEST(DatabaseUri, APasswordInTheUriIsRefused) {
  for (const char* uri : {"postgresql://lrs:s3cret@localhost/lrs",
                          "postgres://lrs@localhost/lrs?password=s3cret&sslmode=require"}) {
    Status checked = store::CheckPostgresUri(uri);
    ASSERT_FALSE(checked.ok()) << uri;
    EXPECT_EQ(checked.error().code(), ErrorCode::kBadRequest);
    EXPECT_NE(checked.error().message().find("PGPASSWORD"), std::string::npos);
    EXPECT_EQ(checked.error().message().find("s3cret"), std::string::npos);
    auto opened = store::OpenDatabase(uri, {});
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code(), ErrorCode::kBadRequest);
  }
  EXPECT_TRUE(
      store::CheckPostgresUri("postgresql://lrs@localhost:5432/lrs?sslmode=verify-full").ok());
  EXPECT_EQ(store::CheckPostgresUri("postgresql://lrs@localhost/lrs?nonsense=1").error().code(),
            ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace lrs
