// The health probes: /health/live and /health/ready, open without credentials, outside xAPI.
#include <libpq-fe.h>

#include <thread>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

class HttpHealth : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override {
    // On PostgreSQL, a read waiting on a lock gives up after half a second.
    if (test_support::BackendUnderTest() == test_support::Backend::kPostgres) {
      return {"--statement-timeout-ms", "500"};
    }
    return {};
  }
};

TEST_F(HttpHealth, LiveAndReadyAnswerWithoutCredentials) {
  XapiClient anonymous = AnonymousClient();
  for (const char* path : {"/health/live", "/health/ready"}) {
    HttpResult r = anonymous.Get(path);
    EXPECT_TRUE(HasStatus(r, 200)) << path;
    EXPECT_EQ(r.body, R"({"status":"ok"})") << path;
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "application/json") << path;
    EXPECT_EQ(r.Header("Cache-Control").value_or(""), "no-store") << path;
    HttpResult head = anonymous.Head(path);
    EXPECT_EQ(head.status, 200) << path;
    HttpResult post = anonymous.Post(path, "{}");
    EXPECT_TRUE(IsError(post, 405, "GET, HEAD")) << path << ": " << post.Describe();
    EXPECT_EQ(post.Header("Allow").value_or(""), "GET, HEAD") << path;
  }
  // Only these two paths: nothing else under /health, and the xAPI endpoint is unchanged.
  for (const char* path : {"/health", "/health/", "/health/live/x", "/xapi/health/live"}) {
    EXPECT_EQ(anonymous.Get(path).status, 404) << path;
  }
}

TEST_F(HttpHealth, NotReadyWhileTheDatabaseDoesNotAnswerAndReadyAgainAfter) {
  if (!lrs().on_postgres()) {
    GTEST_SKIP() << "a read of SQLite in WAL mode cannot be held up by another process; the "
                    "PostgreSQL variant holds the server's read behind a table lock";
  }
  PGconn* other = PQconnectdb(lrs().db().c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  auto exec = [&](const char* sql) {
    PGresult* r = PQexec(other, sql);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) ADD_FAILURE() << sql << ": " << PQresultErrorMessage(r);
    PQclear(r);
  };
  exec("BEGIN");
  exec("LOCK TABLE stores IN ACCESS EXCLUSIVE MODE");
  XapiClient anonymous = AnonymousClient();
  HttpResult blocked = anonymous.Get("/health/ready");
  EXPECT_TRUE(IsError(blocked, 503, "not ready")) << blocked.Describe();
  EXPECT_TRUE(blocked.Header("Retry-After").has_value());
  EXPECT_TRUE(HasStatus(anonymous.Get("/health/live"), 200));
  exec("COMMIT");
  PQfinish(other);
  EXPECT_TRUE(HasStatus(anonymous.Get("/health/ready"), 200));
}

}  // namespace
}  // namespace lrs::http_test
