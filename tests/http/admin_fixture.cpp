#include "tests/http/admin_fixture.h"

#include <sqlite3.h>

#include "tests/support/test_database.h"

namespace lrs::http_test {

HttpResult PostJson(const XapiClient& client, const std::string& path, const std::string& body) {
  return client.Post(path, body, "application/json");
}

std::string MakeStoreWithAdmin(const XapiClient& root, const std::string& name,
                               const std::string& key) {
  EXPECT_TRUE(HasStatus(PostJson(root, "/admin/stores", "{\"name\":" + Quote(name) + "}"), 201));
  HttpResult made = PostJson(
      root, "/admin/credentials",
      "{\"store\":" + Quote(name) + ",\"key\":" + Quote(key) + ",\"scopes\":[\"admin\",\"all\"]}");
  EXPECT_TRUE(HasStatus(made, 201));
  auto doc = ParseJson(made.body);
  return doc ? StringAt(*doc, "secret") : "";
}

void RunSqlOn(const LrsProcess& lrs, const std::string& sql) {
  if (lrs.on_postgres()) {
    Status done = test_support::RunPostgresSql(lrs.db(), sql);
    ASSERT_TRUE(done.ok()) << done.error().message();
    return;
  }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(lrs.db_path().c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10000);
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
  sqlite3_free(message);
  sqlite3_close(db);
}

}  // namespace lrs::http_test
