// The /outcomes API of the outcome plugin over HTTP, on a real outcome-lrs: declaring, reading,
// listing and retiring outcomes, rejected declarations, scopes, store isolation, methods, paths
// and parameters.
#include <algorithm>
#include <string>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

const char kCompletedRule[] =
    R"([{"id":"done","verb":"http://adlnet.gov/expapi/verbs/completed"}])";

std::vector<std::string> ListedIds(const HttpResult& list) {
  std::vector<std::string> ids;
  auto doc = ParseJson(list.body);
  const json::Value* outcomes = At(*doc, "outcomes");
  if (outcomes == nullptr || !outcomes->IsArray()) {
    ADD_FAILURE() << "GET /outcomes without an \"outcomes\" array: " << list.body;
    return ids;
  }
  for (const json::Value& o : outcomes->GetArray())
    ids.push_back(StringAt(o, "id"));
  return Sorted(ids);
}

// The methods of an Allow header.
std::vector<std::string> AllowOf(const HttpResult& r) {
  std::vector<std::string> methods;
  const std::string allow = r.Header("Allow").value_or("");
  size_t start = 0;
  while (start <= allow.size()) {
    size_t comma = allow.find(',', start);
    if (comma == std::string::npos) comma = allow.size();
    std::string m = allow.substr(start, comma - start);
    m.erase(0, m.find_first_not_of(' '));
    m.erase(m.find_last_not_of(' ') + 1);
    if (!m.empty()) methods.push_back(m);
    start = comma + 1;
  }
  return Sorted(methods);
}

HttpResult Send(const XapiClient& client, const std::string& method, const std::string& target,
                const std::optional<std::string>& body = std::nullopt,
                const HeaderList& headers = {}) {
  HttpRequestSpec spec;
  spec.method = method;
  spec.target = target;
  spec.body = body;
  spec.headers = headers;
  return client.Send(spec);
}

class OutcomesHttp : public OutcomeHttpTest {};

TEST_F(OutcomesHttp, EachExampleIsCreatedReadListedAndDeleted) {
  for (const std::string& name : ExampleNames()) {
    SCOPED_TRACE(name);
    const std::string text = ExampleDeclaration(name);
    HttpResult created = server().Put(name, text);
    ASSERT_TRUE(HasStatus(created, 201));
    EXPECT_EQ(created.Header("Content-Type").value_or(""), "application/json");
    auto c = ParseJson(created.body);
    EXPECT_EQ(StringAt(*c, "id"), name);
    EXPECT_EQ(StringAt(*c, "name"), StringAt(*ParseJson(text), "name"));
    ASSERT_NE(At(*c, "declaration"), nullptr) << created.body;
    EXPECT_EQ(json::WriteCanonical(*At(*c, "declaration")), Canonical(text));
    EXPECT_EQ(StringAt(*c, "tagging.state"), "done") << "an empty store has no history to tag";
    EXPECT_EQ(IntAt(*c, "tagging.processed"), 0);
    EXPECT_EQ(IntAt(*c, "tagging.total"), 0);
    EXPECT_EQ(IntAt(*c, "tagged_statements"), 0);
    EXPECT_FALSE(StringAt(*c, "created").empty()) << created.body;
    EXPECT_FALSE(StringAt(*c, "updated").empty()) << created.body;

    HttpResult again = server().Put(name, text);
    ASSERT_TRUE(HasStatus(again, 200));
    auto a = ParseJson(again.body);
    EXPECT_EQ(json::WriteCanonical(*At(*a, "declaration")), Canonical(text));
    EXPECT_EQ(StringAt(*a, "created"), StringAt(*c, "created"));
    EXPECT_EQ(StringAt(*a, "updated"), StringAt(*c, "updated")) << "nothing changed";

    HttpResult got = server().Get(OutcomePath(name));
    ASSERT_TRUE(HasStatus(got, 200));
    auto g = ParseJson(got.body);
    EXPECT_EQ(StringAt(*g, "id"), name);
    ASSERT_NE(At(*g, "declaration"), nullptr) << got.body;
    EXPECT_EQ(json::WriteCanonical(*At(*g, "declaration")), Canonical(text));
    EXPECT_EQ(StringAt(*g, "tagging.state"), "done");
    EXPECT_EQ(IntAt(*g, "tagged_statements"), 0);
  }

  HttpResult list = server().Get(kOutcomes);
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_EQ(ListedIds(list), Sorted(ExampleNames()));
  auto l = ParseJson(list.body);
  for (const json::Value& o : At(*l, "outcomes")->GetArray()) {
    EXPECT_EQ(StringAt(o, "tagging.state"), "done") << json::Write(o);
    EXPECT_EQ(IntAt(o, "tagged_statements"), 0) << json::Write(o);
    EXPECT_NE(At(o, "declaration"), nullptr) << json::Write(o);
  }

  for (const std::string& name : ExampleNames()) {
    SCOPED_TRACE(name);
    HttpResult deleted = server().Delete(OutcomePath(name));
    EXPECT_TRUE(HasStatus(deleted, 204));
    EXPECT_TRUE(deleted.body.empty()) << deleted.body;
    EXPECT_TRUE(IsError(server().Get(OutcomePath(name)), 404, {name}));
    EXPECT_TRUE(IsError(server().Get(TaggedPath(name)), 404));
    EXPECT_TRUE(IsError(server().Delete(OutcomePath(name)), 404));
  }
  list = server().Get(kOutcomes);
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_TRUE(ListedIds(list).empty()) << list.body;
}

TEST_F(OutcomesHttp, ADeletedOutcomeCanBeDeclaredAgainAsNew) {
  const std::string text = ExampleDeclaration("reduce-average-discount");
  ASSERT_TRUE(HasStatus(server().Put("reduce-average-discount", text), 201));
  ASSERT_TRUE(HasStatus(server().Delete(OutcomePath("reduce-average-discount")), 204));
  EXPECT_TRUE(HasStatus(server().Put("reduce-average-discount", text), 201));
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("reduce-average-discount")), 200));
}

TEST_F(OutcomesHttp, AnEquivalentRedeclarationChangesNothingThatTags) {
  const std::string text = ExampleDeclaration("new-hire-time-to-proficiency");
  ASSERT_TRUE(HasStatus(server().Put("new-hire-time-to-proficiency", text), 201));
  StatementJson lab;
  lab.Verb(kVerbPassed).Object("https://labs.example.com/support/lab-1");
  server().Store(lab.Json());
  // The same declaration with its members in another order and without white space.
  HttpResult again = server().Put("new-hire-time-to-proficiency", Canonical(text));
  ASSERT_TRUE(HasStatus(again, 200));
  auto doc = ParseJson(again.body);
  EXPECT_EQ(StringAt(*doc, "tagging.state"), "done") << again.body;
  EXPECT_EQ(IntAt(*doc, "tagging.total"), 0) << "nothing to re-tag: " << again.body;
  EXPECT_EQ(IntAt(*doc, "tagged_statements"), 1) << again.body;
  EXPECT_EQ(server().TagsOf(lab.id()), (Tags{{"new-hire-time-to-proficiency", "product-labs"}}));
}

TEST_F(OutcomesHttp, TheIdMayComeFromTheUrlAlone) {
  HttpResult r = server().Put("from-the-url", Declaration("", kCompletedRule));
  ASSERT_TRUE(HasStatus(r, 201));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StringAt(*doc, "id"), "from-the-url");
  EXPECT_EQ(StringAt(*doc, "declaration.id"), "from-the-url");
  HttpResult got = server().Get(OutcomePath("from-the-url"));
  ASSERT_TRUE(HasStatus(got, 200));
  EXPECT_EQ(StringAt(*ParseJson(got.body), "declaration.id"), "from-the-url");
}

TEST_F(OutcomesHttp, AnIdInTheBodyOtherThanTheUrlsIs400AndStoresNothing) {
  EXPECT_TRUE(IsError(server().Put("url-id", Declaration("body-id", kCompletedRule)), 400,
                      {"id", "url-id"}));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("url-id")), 404));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("body-id")), 404));
  EXPECT_TRUE(ListedIds(server().Get(kOutcomes)).empty());
}

TEST_F(OutcomesHttp, AnInvalidIdInTheUrlIs400) {
  EXPECT_TRUE(IsError(server().Put("Upper_Case", Declaration("", kCompletedRule)), 400, {"id"}));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("Upper_Case")), 404));
  EXPECT_TRUE(ListedIds(server().Get(kOutcomes)).empty());
}

TEST_F(OutcomesHttp, ADeclarationIsSentAsApplicationJson) {
  const std::string body = Declaration("typed", kCompletedRule);
  EXPECT_TRUE(IsError(admin().Put(OutcomePath("typed"), {}, body, "text/plain"), 400,
                      {"application/json"}));
  EXPECT_TRUE(IsError(admin().Put(OutcomePath("typed"), {}, body, "application/xml"), 400));
  EXPECT_TRUE(IsError(Send(admin(), "PUT", OutcomePath("typed"), body), 400));  // no type
  EXPECT_TRUE(IsError(server().Get(OutcomePath("typed")), 404));
  // Parameters of the media type do not matter.
  EXPECT_TRUE(HasStatus(
      admin().Put(OutcomePath("typed"), {}, body, "application/json; charset=utf-8"), 201));
}

TEST_F(OutcomesHttp, MalformedJsonIs400) {
  for (const std::string body :
       {"{", "", "not json", "{\"id\": \"x\",}", "{\"id\":\"malformed\"} trailing"}) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(IsError(server().Put("malformed", body), 400));
  }
  // JSON, but not an object.
  for (const std::string body : {"[]", "null", "42", "\"malformed\""}) {
    SCOPED_TRACE(body);
    EXPECT_TRUE(IsError(server().Put("malformed", body), 400));
  }
  EXPECT_TRUE(IsError(server().Get(OutcomePath("malformed")), 404));
  EXPECT_TRUE(ListedIds(server().Get(kOutcomes)).empty());
}

// 101 rules, one more than a declaration may have.
std::string TooManyRules() {
  std::vector<std::string> rules;
  for (int i = 0; i <= 100; ++i)
    rules.push_back(R"({"activity": {"id": "http://example.com/a)" + std::to_string(i) + "\"}}");
  return JsonArray(rules);
}

struct BadDeclaration {
  std::string what;
  std::string body;
  std::vector<std::string> fragments;  // in the error message
};

std::vector<BadDeclaration> BadDeclarations() {
  const std::string base = Declaration("bad", kCompletedRule);
  const std::string verb = "\"verb\":\"http://adlnet.gov/expapi/verbs/completed\"";
  auto rules = [&](const std::string& r) { return Edited(base, "/rules", r); };
  return {
      {"missing kpi", Edited(base, "/kpi", ""), {"kpi"}},
      {"missing name", Edited(base, "/name", ""), {"name"}},
      {"missing rules", Edited(base, "/rules", ""), {"rules"}},
      {"bad direction", Edited(base, "/kpi/direction", "\"sideways\""), {"kpi.direction"}},
      {"target not in the KPI's direction",
       Edited(base, "/kpi/target/value", "12"),
       {"kpi.target.value"}},
      {"increase with a lower target",
       Edited(Edited(base, "/kpi/direction", "\"increase\""), "/kpi/target/value", "8"),
       {"kpi.target.value"}},
      {"target before baseline",
       Edited(base, "/kpi/target/date", "\"2025-06-30\""),
       {"kpi.target.date"}},
      {"a date that does not exist",
       Edited(base, "/kpi/baseline/date", "\"2026-02-30\""),
       {"kpi.baseline.date"}},
      {"unknown property", Edited(base, "/colour", "\"blue\""), {"colour"}},
      {"unknown property in the kpi", Edited(base, "/kpi/colour", "\"blue\""), {"kpi", "colour"}},
      {"bad IRI in a rule",
       rules(R"([{"activity": {"prefix": "not an iri"}}])"),
       {"rules[0].activity.prefix", "absolute IRI"}},
      {"bad verb IRI", rules(R"([{"verb": "completed"}])"), {"rules[0].verb"}},
      {"bad verb IRI in a list",
       rules(R"([{"verb": ["http://adlnet.gov/expapi/verbs/passed", "passed"]}])"),
       {"rules[0].verb"}},
      {"bad context activity IRI",
       rules(R"([{"context_activity": {"id": "nope"}}])"),
       {"rules[0].context_activity.id"}},
      {"bad extension key",
       rules(R"([{"extension": {"in": "context", "key": "team", "equals": 1}}])"),
       {"rules[0].extension.key"}},
      {"rule without a condition",
       rules("[{" + verb + "}, {\"id\": \"lonely\"}]"),
       {"rules[1]", "condition"}},
      {"empty rule", rules("[{}]"), {"rules[0]"}},
      {"duplicate rule ids",
       rules("[{\"id\": \"same\", " + verb +
             "}, {\"id\": \"same\", \"activity\": {\"id\": \"http://example.com/a\"}}]"),
       {"rules[1].id", "same"}},
      {"the reserved rule id",
       rules("[{\"id\": \"explicit\", " + verb + "}]"),
       {"rules[0].id", "explicit"}},
      {"id and prefix at once",
       rules(R"([{"activity": {"id": "http://example.com/a", "prefix": "http://example.com/"}}])"),
       {"rules[0].activity"}},
      {"unknown context kind",
       rules(R"([{"context_activity": {"id": "http://example.com/a", "kind": "sibling"}}])"),
       {"rules[0].context_activity.kind"}},
      {"unknown rule property",
       rules("[{" + verb + ", \"actor\": \"ann\"}]"),
       {"rules[0]", "actor"}},
      {"bad registration",
       rules(R"([{"registration": "not-a-uuid-but-36-characters-long!!"}])"),
       {"rules[0].registration"}},
      {"a relative outcome IRI", Edited(base, "/iri", "\"outcomes/bad\""), {"iri"}},
      {"audience of nobody", Edited(base, "/audience/size", "0"), {"audience.size"}},
      {"custom segment without a name",
       Edited(base, "/audience/segment", "\"custom\""),
       {"audience.custom_segment"}},
      {"bad stakeholder agent",
       Edited(base, "/stakeholders", R"({"requestor": {"agent": {"mbox": "priya@example.com"}}})"),
       {"stakeholders.requestor"}},
      {"a number for the name", Edited(base, "/name", "42"), {"name"}},
      {"more than 100 rules", rules(TooManyRules()), {"rules"}},
  };
}

TEST_F(OutcomesHttp, InvalidDeclarationsAre400NamingTheFieldAndStoreNothing) {
  for (const BadDeclaration& bad : BadDeclarations()) {
    SCOPED_TRACE(bad.what + ": " + bad.body);
    EXPECT_TRUE(IsError(server().Put("bad", bad.body), 400, bad.fragments));
  }
  EXPECT_TRUE(IsError(server().Get(OutcomePath("bad")), 404));
  EXPECT_TRUE(ListedIds(server().Get(kOutcomes)).empty());
}

TEST_F(OutcomesHttp, ARejectedRedeclarationLeavesTheOutcomeAsItWas) {
  const std::string good = Declaration("kept", kCompletedRule, "Kept as it was");
  HttpResult created = server().Put("kept", good);
  ASSERT_TRUE(HasStatus(created, 201));
  const std::string statement = server().Store(StatementJson().Verb(kVerbCompleted).Json());
  ASSERT_EQ(server().TaggedIds("kept"), std::vector<std::string>{statement});

  EXPECT_TRUE(IsError(server().Put("kept", Edited(good, "/kpi/direction", "\"up\"")), 400,
                      {"kpi.direction"}));
  HttpResult got = server().Get(OutcomePath("kept"));
  ASSERT_TRUE(HasStatus(got, 200));
  auto g = ParseJson(got.body);
  EXPECT_EQ(json::WriteCanonical(*At(*g, "declaration")), Canonical(good));
  EXPECT_EQ(StringAt(*g, "updated"), StringAt(*ParseJson(created.body), "updated"));
  EXPECT_EQ(server().TaggedIds("kept"), std::vector<std::string>{statement});
}

TEST_F(OutcomesHttp, StoresAreIsolated) {
  ASSERT_TRUE(server().AddCredential("other-admin", "other-secret", "all", "other"));
  XapiClient other = server().ClientFor("other-admin", "other-secret");
  ASSERT_TRUE(
      HasStatus(server().Put("shared-id", Declaration("", kCompletedRule, "Default's")), 201));
  const std::string mine = server().Store(StatementJson().Verb(kVerbCompleted).Json());

  // The other store sees nothing of "default".
  HttpResult list = server().Get(kOutcomes, {}, &other);
  ASSERT_TRUE(HasStatus(list, 200));
  EXPECT_TRUE(ListedIds(list).empty()) << list.body;
  EXPECT_TRUE(IsError(server().Get(OutcomePath("shared-id"), {}, &other), 404));
  EXPECT_TRUE(IsError(server().Get(TaggedPath("shared-id"), {}, &other), 404));
  EXPECT_TRUE(IsError(server().Get(kOutcomes, {{"statementId", mine}}, &other), 404));
  EXPECT_TRUE(IsError(server().Delete(OutcomePath("shared-id"), &other), 404));

  // The same id is another outcome there.
  ASSERT_TRUE(HasStatus(
      server().Put("shared-id", Declaration("", kCompletedRule, "Other's"), &other), 201));
  StatementJson theirs_statement;
  theirs_statement.Verb(kVerbCompleted);
  ASSERT_EQ(other.Post(kStatements, theirs_statement.Json()).status, 200);
  const std::string theirs = theirs_statement.id();

  EXPECT_EQ(StringAt(*ParseJson(server().Get(OutcomePath("shared-id")).body), "name"), "Default's");
  EXPECT_EQ(StringAt(*ParseJson(server().Get(OutcomePath("shared-id"), {}, &other).body), "name"),
            "Other's");
  EXPECT_EQ(server().TaggedIds("shared-id"), std::vector<std::string>{mine});
  EXPECT_EQ(server().TaggedIds("shared-id", {}, &other), std::vector<std::string>{theirs});
  EXPECT_EQ(server().TagsOf(theirs, &other), (Tags{{"shared-id", "done"}}));
  EXPECT_TRUE(IsError(server().Get(kOutcomes, {{"statementId", theirs}}), 404));
  EXPECT_EQ(server().TaggedCount("shared-id"), 1);

  // Deleting one leaves the other.
  ASSERT_TRUE(HasStatus(server().Delete(OutcomePath("shared-id"), &other), 204));
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("shared-id")), 200));
  EXPECT_EQ(server().TaggedIds("shared-id"), std::vector<std::string>{mine});
}

TEST_F(OutcomesHttp, ListedByTheActivityTheirRulesOrIriCover) {
  const std::string course = "https://lms.example.com/course/7";
  ASSERT_TRUE(HasStatus(
      server().Put(
          "by-prefix",
          Declaration("", R"([{"id":"modules","activity":{"prefix":")" + course +
                              R"(/"},"verb":"http://adlnet.gov/expapi/verbs/completed"}])")),
      201));
  ASSERT_TRUE(HasStatus(
      server().Put(
          "by-context",
          Declaration("", R"([{"id":"verbs","verb":"http://adlnet.gov/expapi/verbs/passed"},
                                                   {"id":"in-course","context_activity":{"id":")" +
                              course + R"(","kind":"parent"}}])")),
      201));
  ASSERT_TRUE(HasStatus(server().Put("unrelated", Declaration("", kCompletedRule)), 201));
  ASSERT_TRUE(HasStatus(server().Put("by-iri", Edited(Declaration("", kCompletedRule), "/iri",
                                                      "\"https://outcomes.example.com/o/iri\"")),
                        201));

  auto listed = [&](const std::string& activity) {
    HttpResult list = server().Get(kOutcomes, {{"activity", activity}});
    EXPECT_TRUE(HasStatus(list, 200)) << list.body;
    std::vector<std::pair<std::string, std::string>> out;
    auto body = ParseJson(list.body);
    for (const json::Value& o : At(*body, "outcomes")->GetArray())
      out.emplace_back(StringAt(o, "id"), StringAt(o, "covered_by"));
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(listed(course + "/module-1"), (V{{"by-prefix", "modules"}}));
  EXPECT_EQ(listed(course), (V{{"by-context", "in-course"}}));
  EXPECT_EQ(listed("https://outcomes.example.com/o/iri"), (V{{"by-iri", "explicit"}}));
  EXPECT_EQ(listed("https://elsewhere.example.com/x"), V{});
  // Without the parameter, every outcome; a bad IRI is 400; other stores see none of them.
  EXPECT_EQ(ListedIds(server().Get(kOutcomes)).size(), 4u);
  EXPECT_TRUE(IsError(server().Get(kOutcomes, {{"activity", "not an iri"}}), 400, {"activity"}));
  ASSERT_TRUE(server().AddCredential("other-admin", "other-secret", "all", "other"));
  XapiClient other = server().ClientFor("other-admin", "other-secret");
  HttpResult theirs = server().Get(kOutcomes, {{"activity", course}}, &other);
  ASSERT_TRUE(HasStatus(theirs, 200));
  EXPECT_TRUE(ListedIds(theirs).empty()) << theirs.body;
}

// ---- Scopes ----------------------------------------------------------------------------------

class OutcomeScopes : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(server().AddCredential("reader", "reader-secret", "outcomes/read"));
    ASSERT_TRUE(server().AddCredential("writer", "writer-secret", "outcomes/write"));
    ASSERT_TRUE(server().AddCredential("xapi", "xapi-secret", "statements/write"));
    ASSERT_TRUE(server().AddCredential("everything", "everything-secret", "all"));
    ASSERT_TRUE(server().AddCredential("all-reader", "all-reader-secret", "all/read"));
    ASSERT_TRUE(HasStatus(server().Put("scoped", Declaration("", kCompletedRule)), 201));
    statement_ = server().Store(StatementJson().Verb(kVerbCompleted).Json());
  }

  // Every read route answers 200 to `client`.
  void ExpectCanRead(const XapiClient& client) {
    HttpResult list = server().Get(kOutcomes, {}, &client);
    EXPECT_TRUE(HasStatus(list, 200));
    EXPECT_EQ(ListedIds(list), std::vector<std::string>{"scoped"});
    EXPECT_TRUE(HasStatus(server().Get(OutcomePath("scoped"), {}, &client), 200));
    EXPECT_EQ(server().TaggedIds("scoped", {}, &client), std::vector<std::string>{statement_});
    EXPECT_EQ(server().TagsOf(statement_, &client), (Tags{{"scoped", "done"}}));
    EXPECT_EQ(client.Head(kOutcomes).status, 200);
  }

  // Every read route answers `status` to `client`.
  void ExpectCannotRead(const XapiClient& client, int status) {
    EXPECT_TRUE(IsError(server().Get(kOutcomes, {}, &client), status));
    EXPECT_TRUE(IsError(server().Get(OutcomePath("scoped"), {}, &client), status));
    EXPECT_TRUE(IsError(server().Get(TaggedPath("scoped"), {}, &client), status));
    EXPECT_TRUE(IsError(server().Get(kOutcomes, {{"statementId", statement_}}, &client), status));
  }

  // PUT and DELETE answer `status` to `client`, and change nothing.
  void ExpectCannotWrite(const XapiClient& client, int status) {
    EXPECT_TRUE(IsError(server().Put("scoped", Declaration("", kCompletedRule, "Changed"), &client),
                        status));
    EXPECT_TRUE(
        IsError(server().Put("newcomer", Declaration("", kCompletedRule), &client), status));
    EXPECT_TRUE(IsError(server().Delete(OutcomePath("scoped"), &client), status));
    HttpResult got = server().Get(OutcomePath("scoped"));
    ASSERT_TRUE(HasStatus(got, 200));
    EXPECT_EQ(StringAt(*ParseJson(got.body), "name"), "An outcome");
    EXPECT_TRUE(IsError(server().Get(OutcomePath("newcomer")), 404));
  }

  // PUT (new and changed) and DELETE succeed for `client`.
  void ExpectCanWrite(const XapiClient& client) {
    EXPECT_TRUE(HasStatus(server().Put("newcomer", Declaration("", kCompletedRule), &client), 201));
    EXPECT_TRUE(HasStatus(
        server().Put("newcomer", Declaration("", kCompletedRule, "Renamed"), &client), 200));
    EXPECT_TRUE(HasStatus(server().Delete(OutcomePath("newcomer"), &client), 204));
    EXPECT_TRUE(IsError(server().Get(OutcomePath("newcomer")), 404));
  }

  std::string statement_;
};

TEST_F(OutcomeScopes, WithoutCredentialsEveryRouteIs401) {
  XapiClient anonymous = server().Anonymous();
  ExpectCannotRead(anonymous, 401);
  ExpectCannotWrite(anonymous, 401);
  XapiClient wrong = server().ClientFor("reader", "not-the-secret");
  ExpectCannotRead(wrong, 401);
  ExpectCannotWrite(wrong, 401);
}

TEST_F(OutcomeScopes, StatementsWriteAloneIs403) {
  XapiClient xapi = server().ClientFor("xapi", "xapi-secret");
  ExpectCannotRead(xapi, 403);
  ExpectCannotWrite(xapi, 403);
  EXPECT_TRUE(IsError(server().Get(kOutcomes, {}, &xapi), 403, {"outcomes/read"}));
  EXPECT_TRUE(IsError(server().Put("newcomer", Declaration("", kCompletedRule), &xapi), 403,
                      {"outcomes/write"}));
}

TEST_F(OutcomeScopes, OutcomesReadMayReadButNotWrite) {
  XapiClient reader = server().ClientFor("reader", "reader-secret");
  ExpectCanRead(reader);
  ExpectCannotWrite(reader, 403);
  // The scope grants nothing in xAPI.
  EXPECT_EQ(reader.Get(kStatements).status, 403);
}

TEST_F(OutcomeScopes, OutcomesWriteMayReadAndWrite) {
  XapiClient writer = server().ClientFor("writer", "writer-secret");
  ExpectCanRead(writer);
  ExpectCanWrite(writer);
}

TEST_F(OutcomeScopes, AllMayReadAndWrite) {
  XapiClient everything = server().ClientFor("everything", "everything-secret");
  ExpectCanRead(everything);
  ExpectCanWrite(everything);
}

TEST_F(OutcomeScopes, AllReadMayReadButNotWrite) {
  XapiClient all_reader = server().ClientFor("all-reader", "all-reader-secret");
  ExpectCanRead(all_reader);
  ExpectCannotWrite(all_reader, 403);
}

TEST_F(OutcomeScopes, TheOutcomeScopesAreKnownOnlyWithThePlugin) {
  auto without =
      server().lrs().RunCommand({"credentials", "add", "--db", server().db(), "--scopes",
                                 "outcomes/read", "--key", "plain", "--secret", "plain-secret"});
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without.value().status.code, 2) << without.value().err;
  EXPECT_NE(without.value().err.find("outcomes/read"), std::string::npos) << without.value().err;
  EXPECT_TRUE(server().AddCredential("plain", "plain-secret", "outcomes/read,outcomes/write"));
}

// ---- Methods, paths and parameters ------------------------------------------------------------

TEST_F(OutcomesHttp, OtherMethodsAre405WithAnAllowHeader) {
  ASSERT_TRUE(HasStatus(server().Put("declared", Declaration("", kCompletedRule)), 201));
  const std::string body = Declaration("declared", kCompletedRule);
  const HeaderList json_type = {{"Content-Type", "application/json"}};
  struct Case {
    std::string method, target;
    std::vector<std::string> allow;
  };
  const std::vector<std::string> one = Sorted({"DELETE", "GET", "HEAD", "PUT"});
  const std::vector<std::string> read_only = {"GET", "HEAD"};
  for (const Case& c : std::vector<Case>{
           {"POST", OutcomePath("declared"), one},
           {"POST", OutcomePath("undeclared"), one},
           {"PATCH", OutcomePath("declared"), one},
           {"POST", kOutcomes, read_only},
           {"PUT", kOutcomes, read_only},
           {"DELETE", kOutcomes, read_only},
           {"PUT", TaggedPath("declared"), read_only},
           {"POST", TaggedPath("declared"), read_only},
           {"DELETE", TaggedPath("declared"), read_only},
       }) {
    SCOPED_TRACE(c.method + " " + c.target);
    HttpResult r = Send(admin(), c.method, c.target, body, json_type);
    EXPECT_TRUE(IsError(r, 405));
    EXPECT_EQ(AllowOf(r), c.allow) << "Allow: " << r.Header("Allow").value_or("(none)");
  }
  // Nothing of it happened.
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("declared")), 200));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("undeclared")), 404));
}

TEST_F(OutcomesHttp, UnknownSubPathsAre404) {
  ASSERT_TRUE(HasStatus(server().Put("declared", Declaration("", kCompletedRule)), 201));
  for (const std::string target :
       {"/outcomes/declared/tags", "/outcomes/declared/statements/more",
        "/outcomes/declared/statements/x/y", "/outcomes/undeclared/whatever"}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(IsError(server().Get(target), 404));
    EXPECT_TRUE(IsError(Send(admin(), "PUT", target, Declaration("", kCompletedRule),
                             {{"Content-Type", "application/json"}}),
                        404));
  }
  // Outside the prefix, the plugin answers nothing.
  EXPECT_EQ(server().Get("/outcomesx").status, 404);
  EXPECT_TRUE(IsError(server().Get(OutcomePath("undeclared")), 404, {"undeclared"}));
  EXPECT_TRUE(IsError(server().Get(TaggedPath("undeclared")), 404));
}

TEST_F(OutcomesHttp, HeadAnswersLikeGetWithoutABody) {
  ASSERT_TRUE(HasStatus(server().Put("declared", Declaration("", kCompletedRule)), 201));
  HttpResult list = admin().Head(kOutcomes);
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(list.body.empty());
  EXPECT_EQ(admin().Head(OutcomePath("declared")).status, 200);
  EXPECT_EQ(admin().Head(TaggedPath("declared")).status, 200);
  EXPECT_EQ(admin().Head(OutcomePath("undeclared")).status, 404);
}

TEST_F(OutcomesHttp, UnknownQueryParametersAre400) {
  ASSERT_TRUE(HasStatus(server().Put("declared", Declaration("", kCompletedRule)), 201));
  EXPECT_TRUE(IsError(server().Get(kOutcomes, {{"colour", "blue"}}), 400, {"colour"}));
  EXPECT_TRUE(
      IsError(server().Get(OutcomePath("declared"), {{"colour", "blue"}}), 400, {"colour"}));
  EXPECT_TRUE(IsError(server().Get(TaggedPath("declared"), {{"colour", "blue"}}), 400, {"colour"}));
  EXPECT_TRUE(IsError(
      admin().Put(OutcomePath("newcomer"), {{"colour", "blue"}}, Declaration("", kCompletedRule)),
      400, {"colour"}));
  EXPECT_TRUE(IsError(server().Get(OutcomePath("newcomer")), 404));
  EXPECT_TRUE(IsError(server().Delete(OutcomePath("declared") + "?colour=blue"), 400, {"colour"}));
  EXPECT_TRUE(HasStatus(server().Get(OutcomePath("declared")), 200));
  // xAPI's statement parameters that make no sense here are unknown too.
  EXPECT_TRUE(IsError(server().Get(TaggedPath("declared"), {{"format", "ids"}}), 400, {"format"}));
}

TEST_F(OutcomesHttp, BadParameterValuesAre400) {
  ASSERT_TRUE(HasStatus(server().Put("declared", Declaration("", kCompletedRule)), 201));
  const std::vector<std::pair<ParamList, std::string>> cases = {
      {{{"limit", "many"}}, "limit"},
      {{{"limit", "-1"}}, "limit"},
      {{{"ascending", "yes"}}, "ascending"},
      {{{"related_agents", "1"}}, "related_agents"},
      {{{"related_activities", "maybe"}}, "related_activities"},
      {{{"since", "yesterday"}}, "since"},
      {{{"until", "2026-13-01T00:00:00Z"}}, "until"},
      {{{"verb", "completed"}}, "verb"},
      {{{"activity", "not an iri"}}, "activity"},
      {{{"agent", "not json"}}, "agent"},
      {{{"agent", "{\"name\":\"no identifier\"}"}}, "agent"},
      {{{"registration", "1234"}}, "registration"},
      {{{"more", "x"}, {"limit", "5"}}, "more"},
  };
  for (const auto& [params, field] : cases) {
    SCOPED_TRACE(field);
    EXPECT_TRUE(IsError(server().Get(TaggedPath("declared"), params), 400, {field}));
  }
  EXPECT_TRUE(
      IsError(server().Get(kOutcomes, {{"statementId", "not-a-uuid"}}), 400, {"statementId"}));
  EXPECT_TRUE(IsError(server().Get(kOutcomes, {{"statementId", NewId()}}), 404));
}

}  // namespace
}  // namespace outcomes::http_test
