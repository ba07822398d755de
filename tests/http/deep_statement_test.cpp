// Statements as deep as the parser accepts (json::kMaxDepth, 128 levels): what is stored must
// read back. Storing makes a single context Activity an array, one level deeper; a statement
// that would cross the bound so is refused (400) instead of stored and answered 500 on every
// later read or re-send.
#include <string>

#include <sqlite3.h>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpDeepStatement = LrsHttpTest;

// `levels` nested arrays around 0: "[[0]]" for 2.
std::string Nested(int levels) {
  return std::string(levels, '[') + "0" + std::string(levels, ']');
}

// A statement whose context has one "parent" Activity (an array of one when `as_array`) with
// an extension value `levels` arrays deep.
std::string WithDeepParent(const std::string& id, bool as_array, int levels) {
  std::string parent =
      "{\"id\":" + Quote(ActivityId("parent")) +
      ",\"definition\":{\"extensions\":{\"http://example.com/ext\":" + Nested(levels) + "}}}";
  if (as_array) parent = "[" + parent + "]";
  return Statement(
      Agent("ann"), Verb("did"), Activity("course"),
      "\"id\":" + Quote(id) + ",\"context\":{\"contextActivities\":{\"parent\":" + parent + "}}");
}

TEST_F(HttpDeepStatement, AStatementAtTheDepthBoundReadsBackInEveryFormat) {
  // statement 1, context 2, contextActivities 3, parent array 4, Activity 5, definition 6,
  // extensions 7, then 121 arrays: 128 levels, as sent and as stored.
  const std::string id = NewId();
  const std::string statement = WithDeepParent(id, /*as_array=*/true, 121);
  ASSERT_EQ(Store(statement), id);
  for (const char* format : {"exact", "ids", "canonical"}) {
    HttpResult r = admin().Get(kStatements, {{"statementId", id}, {"format", format}});
    EXPECT_EQ(r.status, 200) << format << ": " << r.Describe();
  }
  // (In the ids format: the StatementResult around the exact statement is 130 levels deep,
  // more than this test's own JSON reader takes.)
  EXPECT_EQ(
      QueryIds(
          {{"activity", ActivityId("parent")}, {"related_activities", "true"}, {"format", "ids"}}),
      std::vector<std::string>{id});
  EXPECT_EQ(Store(statement), id);  // an equivalent re-send compares with the stored one
}

TEST_F(HttpDeepStatement, AStatementThatWouldCrossTheBoundOnceStoredIsRefused) {
  // 128 levels as sent; its single parent Activity becomes an array of one: 129 as stored.
  const std::string id = NewId();
  HttpResult r = admin().Post(kStatements, WithDeepParent(id, /*as_array=*/false, 122));
  EXPECT_TRUE(IsError(r, 400, "nested deeper than 128"));
  EXPECT_EQ(GetStatement(id).status, 404);
  // One level less is fine.
  const std::string fine = NewId();
  EXPECT_EQ(Store(WithDeepParent(fine, /*as_array=*/false, 121)), fine);
  EXPECT_EQ(admin().Get(kStatements, {{"statementId", fine}, {"format", "canonical"}}).status, 200);
}

TEST_F(HttpDeepStatement, AStatementStoredOneLevelDeeperBeforeTheRefusalStillReadsBack) {
  // Before the store refused them, a statement of 128 levels as sent was stored 129 deep. Such a
  // row (made here by deepening a stored one in place) must still read back and compare.
  const std::string id = NewId();
  ASSERT_EQ(Store(WithDeepParent(id, /*as_array=*/true, 121)), id);
  const char* deepen = "UPDATE statements SET body = replace(body, '[0]', '[[0]]');";
  if (lrs().on_postgres()) {
    Status done = test_support::RunPostgresSql(lrs().db(), deepen);
    ASSERT_TRUE(done.ok()) << done.error().message();
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(lrs().db_path().c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 10000);
    char* message = nullptr;
    const int rc = sqlite3_exec(db, deepen, nullptr, nullptr, &message);
    EXPECT_EQ(rc, SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }
  HttpResult exact = admin().Get(kStatements, {{"statementId", id}, {"format", "exact"}});
  EXPECT_EQ(exact.status, 200) << exact.Describe();
  EXPECT_NE(exact.body.find(Nested(122)), std::string::npos);
  // Canonical parses the stored statement (and gives the Activity its canonical definition,
  // which was not deepened).
  HttpResult canonical = admin().Get(kStatements, {{"statementId", id}, {"format", "canonical"}});
  EXPECT_EQ(canonical.status, 200) << canonical.Describe();
  EXPECT_NE(canonical.body.find(Nested(121)), std::string::npos);
}

}  // namespace
}  // namespace lrs::http_test
