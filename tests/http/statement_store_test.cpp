// Storing statements: PUT and POST /xapi/statements (Part Three §2.1.1, §2.1.2), the properties
// the LRS assigns (Part Two §2.4.7-2.4.10), idempotent re-sends and conflicts, and batches that
// are stored all or nothing.
#include <chrono>
#include <thread>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpStatementStore = LrsHttpTest;

std::vector<std::string> IdArray(const HttpResult& r) {
  std::vector<std::string> ids;
  auto doc = ParseJson(r.body);
  if (!doc->IsArray()) {
    ADD_FAILURE() << "not an array of ids: " << r.body;
    return ids;
  }
  for (const json::Value& v : doc->GetArray()) {
    if (!v.IsString()) {
      ADD_FAILURE() << "not an array of ids: " << r.body;
      return ids;
    }
    ids.emplace_back(json::View(v));
  }
  return ids;
}

TEST_F(HttpStatementStore, PutStoresAndAnswers204) {
  const std::string id = NewId();
  HttpResult put = admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id));
  ASSERT_TRUE(HasStatus(put, 204));
  EXPECT_EQ(put.body, "");

  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  auto doc = ParseJson(get.body);
  EXPECT_EQ(StringAt(*doc, "id"), id);
  EXPECT_EQ(StringAt(*doc, "actor.mbox"), Mbox("ann"));
  EXPECT_EQ(StringAt(*doc, "verb.id"), VerbId("completed"));
  EXPECT_EQ(StringAt(*doc, "object.id"), ActivityId("course"));
}

TEST_F(HttpStatementStore, PutWithoutIdInBodyTakesTheParameter) {
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(admin().Put(kStatements, {{"statementId", id}}, SimpleStatement("")), 204));
  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(StringAt(*ParseJson(get.body), "id"), id);
}

TEST_F(HttpStatementStore, PutIdMismatchIsRejected) {
  const std::string param_id = NewId();
  const std::string body_id = NewId();
  EXPECT_TRUE(
      IsError(admin().Put(kStatements, {{"statementId", param_id}}, SimpleStatement(body_id)), 400,
              "statementId"));
  EXPECT_TRUE(HasStatus(GetStatement(param_id), 404));
  EXPECT_TRUE(HasStatus(GetStatement(body_id), 404));
}

TEST_F(HttpStatementStore, PutNeedsAValidStatementId) {
  const std::string id = NewId();
  EXPECT_TRUE(IsError(admin().Put(kStatements, {}, SimpleStatement(id)), 400, "statementId"));
  EXPECT_TRUE(
      IsError(admin().Put(kStatements, {{"statementId", "not-a-uuid"}}, SimpleStatement("")), 400,
              "statementId"));
  // PUT stores one statement, never a batch.
  EXPECT_TRUE(IsError(
      admin().Put(kStatements, {{"statementId", id}}, "[" + SimpleStatement(id) + "]"), 400));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
  EXPECT_EQ(QueryIds({}).size(), 0u);
}

TEST_F(HttpStatementStore, PostSingleAnswersIdArray) {
  const std::string id = NewId();
  HttpResult with_id = admin().Post(kStatements, SimpleStatement(id));
  ASSERT_TRUE(HasStatus(with_id, 200));
  EXPECT_EQ(IdArray(with_id), std::vector<std::string>{id});

  HttpResult without_id = admin().Post(kStatements, SimpleStatement(""));
  ASSERT_TRUE(HasStatus(without_id, 200));
  std::vector<std::string> ids = IdArray(without_id);
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_TRUE(uuid::IsValid(ids[0])) << ids[0];
  EXPECT_NE(ids[0], id);
  HttpResult get = GetStatement(ids[0]);
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(StringAt(*ParseJson(get.body), "id"), ids[0]);
}

TEST_F(HttpStatementStore, PostArrayAnswersIdsInOrder) {
  const std::string first = NewId();
  const std::string third = NewId();
  const std::string batch = "[" + SimpleStatement(first, "ann") + "," + SimpleStatement("", "bob") +
                            "," + SimpleStatement(third, "cid") + "]";
  HttpResult r = admin().Post(kStatements, batch);
  ASSERT_TRUE(HasStatus(r, 200));
  std::vector<std::string> ids = IdArray(r);
  ASSERT_EQ(ids.size(), 3u) << r.body;
  EXPECT_EQ(ids[0], first);
  EXPECT_TRUE(uuid::IsValid(ids[1])) << ids[1];
  EXPECT_EQ(ids[2], third);
  const char* actors[] = {"ann", "bob", "cid"};
  for (size_t i = 0; i < ids.size(); ++i) {
    HttpResult get = GetStatement(ids[i]);
    ASSERT_TRUE(HasStatus(get, 200));
    EXPECT_EQ(StringAt(*ParseJson(get.body), "actor.mbox"), Mbox(actors[i]));
  }
}

TEST_F(HttpStatementStore, IdsAreCaseInsensitive) {
  const std::string put_id = NewId();
  EXPECT_TRUE(HasStatus(
      admin().Put(kStatements, {{"statementId", UpperCase(put_id)}}, SimpleStatement(put_id)),
      204));
  EXPECT_TRUE(HasStatus(GetStatement(put_id), 200));
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(admin().Post(kStatements, SimpleStatement(UpperCase(id))), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
  EXPECT_TRUE(HasStatus(GetStatement(UpperCase(id)), 200));
  // The same statement again under the other spelling is the same statement.
  EXPECT_TRUE(HasStatus(admin().Post(kStatements, SimpleStatement(id)), 200));
  EXPECT_EQ(QueryIds({}).size(), 2u);
}

TEST_F(HttpStatementStore, FillsStoredTimestampAuthorityAndVersion) {
  const int64_t before = NowMicros();
  const std::string id = Store(SimpleStatement(NewId()));
  const int64_t after = NowMicros();
  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  auto doc = ParseJson(get.body);

  const std::string stored = StringAt(*doc, "stored");
  auto stored_ts = ParseTimestamp(stored);
  ASSERT_TRUE(stored_ts.has_value()) << get.body;
  const int64_t stored_us = ToMicros(stored_ts->instant);
  EXPECT_GE(stored_us, before - 1000) << stored;  // "stored" has millisecond precision
  EXPECT_LE(stored_us, after) << stored;

  // Without a timestamp, "timestamp" is "stored" (Part Two §2.4.7).
  auto timestamp = ParseTimestamp(StringAt(*doc, "timestamp"));
  ASSERT_TRUE(timestamp.has_value()) << get.body;
  EXPECT_EQ(ToMicros(timestamp->instant), stored_us);

  // The authority is the Agent of the credential that stored it.
  EXPECT_EQ(StringAt(*doc, "authority.objectType"), "Agent") << get.body;
  EXPECT_EQ(StringAt(*doc, "authority.account.name"), kAdminKey) << get.body;
  EXPECT_EQ(StringAt(*doc, "authority.account.homePage"), "https://outcome-lrs.invalid/credentials")
      << get.body;

  EXPECT_EQ(StringAt(*doc, "version"), "1.0.0");
}

TEST_F(HttpStatementStore, KeepsGivenTimestampAndVersion) {
  const std::string id = NewId();
  Store(Statement(
      Agent("ann"), Verb("completed"), Activity("course"),
      "\"id\":" + Quote(id) + ",\"timestamp\":\"2020-01-02T03:04:05.678Z\",\"version\":\"1.0.2\""));
  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  auto doc = ParseJson(get.body);
  EXPECT_EQ(StringAt(*doc, "timestamp"), "2020-01-02T03:04:05.678Z");
  EXPECT_EQ(StringAt(*doc, "version"), "1.0.2");
  EXPECT_NE(StringAt(*doc, "stored"), "2020-01-02T03:04:05.678Z");
}

TEST_F(HttpStatementStore, RejectsVersionsOutside10) {
  for (const char* version : {"1.1.0", "2.0.0", "0.95", "1.1"}) {
    const std::string id = NewId();
    HttpResult r = admin().Post(
        kStatements, Statement(Agent("ann"), Verb("completed"), Activity("course"),
                               "\"id\":" + Quote(id) + ",\"version\":" + Quote(version)));
    EXPECT_TRUE(IsError(r, 400, "version")) << "version " << version;
    EXPECT_TRUE(HasStatus(GetStatement(id), 404)) << "version " << version;
  }
}

TEST_F(HttpStatementStore, ReplacesAuthorityGivenByTheClient) {
  const std::string id = NewId();
  Store(Statement(Agent("ann"), Verb("completed"), Activity("course"),
                  "\"id\":" + Quote(id) + ",\"authority\":" + Agent("mallory")));
  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  auto doc = ParseJson(get.body);
  EXPECT_EQ(StringAt(*doc, "authority.account.name"), kAdminKey) << get.body;
  EXPECT_EQ(StringAt(*doc, "authority.mbox"), "") << get.body;
}

TEST_F(HttpStatementStore, GroupAuthorityOnlyAsTheOAuthPair) {
  // Part Two §2.4.9: the anonymous pair of an application (identified by an account) and a user
  // is accepted (and replaced, like any authority); any other Group is a 400.
  const std::string application =
      "{\"account\":{\"homePage\":\"http://example.com/OAuth/Token\",\"name\":\"app\"}}";
  const std::string pair =
      "{\"objectType\":\"Group\",\"member\":[" + Agent("ann") + "," + application + "]}";
  const std::string id = NewId();
  Store(Statement(Agent("ann"), Verb("completed"), Activity("course"),
                  "\"id\":" + Quote(id) + ",\"authority\":" + pair));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));

  for (const std::string& group :
       {"{\"objectType\":\"Group\",\"mbox\":" + Quote(Mbox("pair")) + ",\"member\":[" +
            Agent("ann") + "," + application + "]}",
        "{\"objectType\":\"Group\",\"member\":[" + Agent("ann") + "," + Agent("bob") + "]}",
        "{\"objectType\":\"Group\",\"member\":[" + application + "]}"}) {
    const std::string rejected = NewId();
    HttpResult r = admin().Post(kStatements,
                                Statement(Agent("ann"), Verb("completed"), Activity("course"),
                                          "\"id\":" + Quote(rejected) + ",\"authority\":" + group));
    EXPECT_TRUE(IsError(r, 400, "authority")) << group;
    EXPECT_TRUE(HasStatus(GetStatement(rejected), 404)) << group;
  }
}

TEST_F(HttpStatementStore, ResendingAnEquivalentStatementChangesNothing) {
  const std::string id = NewId();
  const std::string original =
      "{\"id\":" + Quote(id) + ",\"actor\":" + Agent("ann") + ",\"verb\":" + Verb("completed") +
      ",\"object\":" + Activity("course") + ",\"result\":{\"success\":true,\"score\":{\"raw\":7}}}";
  Store(original);
  HttpResult first = GetStatement(id);
  ASSERT_TRUE(HasStatus(first, 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // a later "stored" would show

  // The same statement with its members in another order and other spacing.
  const std::string reordered =
      "{ \"result\": {\"score\": {\"raw\": 7}, \"success\": true},\n"
      "  \"object\": " +
      Activity("course") + ", \"verb\": " + Verb("completed") + ", \"actor\": " + Agent("ann") +
      ", \"id\": " + Quote(UpperCase(id)) + " }";
  HttpResult post = admin().Post(kStatements, reordered);
  ASSERT_TRUE(HasStatus(post, 200));
  EXPECT_EQ(IdArray(post), std::vector<std::string>{id});
  EXPECT_TRUE(HasStatus(admin().Put(kStatements, {{"statementId", id}}, reordered), 204));
  EXPECT_TRUE(HasStatus(admin().Post(kStatements, "[" + original + "]"), 200));

  HttpResult again = GetStatement(id);
  ASSERT_TRUE(HasStatus(again, 200));
  EXPECT_EQ(again.body, first.body) << "the stored statement changed";
  EXPECT_EQ(again.Header("Last-Modified"), first.Header("Last-Modified"));
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
}

TEST_F(HttpStatementStore, ResendingWithDifferencesTheSpecIgnoresChangesNothing) {
  // Part Two §2.3.1: differences the immutability exceptions allow are not a conflict, and the
  // LRS changes nothing on receiving a statement id it already has (Part Three §2.1.1),
  // canonical metadata included.
  const std::string id = NewId();
  auto statement = [&](const std::string& members, const std::string& display,
                       const std::string& name, const std::string& timestamp,
                       const std::string& parent, const std::string& extra) {
    return "{\"id\":" + Quote(id) + ",\"actor\":{\"objectType\":\"Group\",\"member\":[" + members +
           "]},\"verb\":{\"id\":" + Quote(VerbId("met")) + ",\"display\":" + display +
           "},\"object\":{\"id\":" + Quote(ActivityId("meeting")) +
           ",\"definition\":{\"name\":" + name + "}},\"timestamp\":" + Quote(timestamp) +
           ",\"context\":{\"contextActivities\":{\"parent\":" + parent + "}}" + extra + "}";
  };
  const std::string ann = "{\"mbox\":\"mailto:ann@example.com\"}";
  const std::string bob = "{\"mbox\":\"mailto:bob@example.com\"}";
  const std::string bob_domain_case = "{\"mbox\":\"mailto:bob@EXAMPLE.com\"}";
  Store(statement(ann + "," + bob, "{\"en-US\":\"met\"}", "{\"en-US\":\"Meeting\"}",
                  "2020-01-02T03:04:05.678Z", "[" + Activity("project") + "]", ""));
  HttpResult first = GetStatement(id);
  ASSERT_TRUE(HasStatus(first, 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));

  const std::string resent =
      statement(bob_domain_case + "," + ann, "{\"en-GB\":\"met with\"}", "{\"en-US\":\"Renamed\"}",
                "2020-01-02T04:04:05.678+01:00", Activity("project"),
                ",\"version\":\"1.0.0\",\"stored\":\"2001-01-01T00:00:00Z\",\"authority\":" +
                    Agent("mallory"));
  HttpResult post = admin().Post(kStatements, resent);
  ASSERT_TRUE(HasStatus(post, 200));
  EXPECT_EQ(IdArray(post), std::vector<std::string>{id});

  HttpResult again = GetStatement(id);
  ASSERT_TRUE(HasStatus(again, 200));
  EXPECT_EQ(again.body, first.body);
  HttpResult canonical = admin().Get(kStatements, {{"statementId", id}, {"format", "canonical"}});
  ASSERT_TRUE(HasStatus(canonical, 200));
  auto doc = ParseJson(canonical.body);
  EXPECT_EQ(JsonAt(*doc, "object.definition.name"), "{\"en-US\":\"Meeting\"}") << canonical.body;
  EXPECT_EQ(JsonAt(*doc, "verb.display"), "{\"en-US\":\"met\"}") << canonical.body;
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
}

TEST_F(HttpStatementStore, DifferentContentUnderAStoredIdIsAConflict) {
  const std::string id = NewId();
  Store(SimpleStatement(id, "ann", "completed"));
  HttpResult first = GetStatement(id);
  ASSERT_TRUE(HasStatus(first, 200));

  EXPECT_TRUE(IsError(admin().Post(kStatements, SimpleStatement(id, "ann", "failed")), 409, id));
  EXPECT_TRUE(IsError(
      admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id, "bob", "completed")),
      409));
  // A batch with a new statement and a conflicting one stores neither.
  const std::string fresh = NewId();
  EXPECT_TRUE(IsError(admin().Post(kStatements, "[" + SimpleStatement(fresh) + "," +
                                                    SimpleStatement(id, "ann", "passed") + "]"),
                      409));
  EXPECT_TRUE(HasStatus(GetStatement(fresh), 404));

  HttpResult again = GetStatement(id);
  ASSERT_TRUE(HasStatus(again, 200));
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
}

TEST_F(HttpStatementStore, ABatchWithOneInvalidStatementStoresNothing) {
  const std::string a = NewId();
  const std::string b = NewId();
  const std::string c = NewId();
  const std::string invalid = "{\"id\":" + Quote(c) + ",\"actor\":" + Agent("cid") +
                              ",\"object\":" + Activity("course") + "}";  // no verb
  HttpResult r = admin().Post(
      kStatements, "[" + SimpleStatement(a) + "," + SimpleStatement(b) + "," + invalid + "]");
  EXPECT_TRUE(IsError(r, 400, "verb"));
  for (const std::string& id : {a, b, c})
    EXPECT_TRUE(HasStatus(GetStatement(id), 404)) << id;
  EXPECT_EQ(QueryIds({}).size(), 0u);
}

TEST_F(HttpStatementStore, DuplicateIdsInABatchAreRejected) {
  const std::string id = NewId();
  const std::string other = NewId();
  HttpResult r =
      admin().Post(kStatements, "[" + SimpleStatement(other) + "," + SimpleStatement(id, "ann") +
                                    "," + SimpleStatement(id, "ann") + "]");
  EXPECT_TRUE(IsError(r, 400, id));
  // Ids differing only in case are the same id.
  HttpResult mixed = admin().Post(kStatements, "[" + SimpleStatement(id, "ann") + "," +
                                                   SimpleStatement(UpperCase(id), "bob") + "]");
  EXPECT_TRUE(IsError(mixed, 400));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
  EXPECT_TRUE(HasStatus(GetStatement(other), 404));
  EXPECT_EQ(QueryIds({}).size(), 0u);
}

TEST_F(HttpStatementStore, InvalidStatementsAreRejectedNamingTheProblem) {
  struct Case {
    std::string body;
    std::string fragment;
  };
  const std::vector<Case> cases = {
      {"{\"verb\":" + Verb("completed") + ",\"object\":" + Activity("course") + "}", "actor"},
      {Statement(Agent("ann"), "{\"id\":\"not an iri\"}", Activity("course")), "verb"},
      {Statement("{\"objectType\":\"Agent\",\"name\":\"no ifi\"}", Verb("completed"),
                 Activity("course")),
       "actor"},
      {Statement(Agent("ann"), Verb("completed"), Activity("course"), "\"id\":\"123\""), "id"},
      {Statement(Agent("ann"), Verb("completed"), Activity("course"), "\"unknown\":1"), "unknown"},
      {Statement(Agent("ann"), Verb("completed"), Activity("course"),
                 "\"timestamp\":\"yesterday\""),
       "timestamp"},
      {"[" + SimpleStatement("") + ",42]", "statements[1]"},
      // Over application/json an attachment can only point at its data.
      {Statement(Agent("ann"), Verb("signed"), Activity("contract"),
                 "\"attachments\":[{\"usageType\":\"http://example.com/u\",\"display\":{"
                 "\"en-US\":\"a\"},\"contentType\":\"text/plain\",\"length\":1,\"sha2\":"
                 "\"ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\"}]"),
       "fileUrl"},
      {"42", "number"},
      {"\"statement\"", "string"},
      {"null", "null"},
  };
  for (const Case& c : cases) {
    HttpResult r = admin().Post(kStatements, c.body);
    EXPECT_TRUE(IsError(r, 400, c.fragment)) << c.body;
  }
  EXPECT_EQ(QueryIds({}).size(), 0u);
}

}  // namespace
}  // namespace lrs::http_test
