// xAPI 2.0.0 beside 1.0.3 (IEEE 9274.1.1-2023; ../shared/spec/xapi-2.0/LRS.md): the version is
// chosen per request, and the Statement resource follows the chosen version's rules — headers,
// validation, the stored version, queries, Last-Modified, comparison, no alternate syntax — and
// returns every statement, whichever version stored it, in a form the reader's version accepts.
// Each requirement with a request that follows it and one that breaks it, and where the versions
// differ, the same request under 1.0.3.
#include <thread>

#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kContextAgents[] =
    R"("contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:coach@example.com"},)"
    R"("relevantTypes":["http://example.com/roles/coach"]}],)"
    R"("contextGroups":[{"objectType":"contextGroup","group":{"objectType":"Group",)"
    R"("openid":"http://example.com/cohort","member":[{"mbox":"mailto:dee@example.com"}]}}])";

class HttpXapi20 : public LrsHttpTest {
 protected:
  void SetUp() override {
    LrsHttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;  // no server to talk to
    v2_ = std::make_unique<XapiClient>(ClientFor(kAdminKey, kAdminSecret));
    v2_->SetVersion("2.0.0");
  }

  // The administrator, sending X-Experience-API-Version: 2.0.0.
  XapiClient& v2() { return *v2_; }

  // A statement of ann with context agents and groups, and a SubStatement with its own context
  // agent (mentor), with id `id`.
  static std::string TwoZeroStatement(const std::string& id) {
    const std::string sub = R"({"objectType":"SubStatement","actor":)" + Agent("ann") +
                            R"(,"verb":)" + Verb("will-meet") + R"(,"object":)" +
                            Activity("review") +
                            R"(,"context":{"contextAgents":[{"objectType":"contextAgent",)"
                            R"("agent":{"mbox":"mailto:mentor@example.com"}}]}})";
    return Statement(Agent("ann"), Verb("planned"), sub,
                     "\"id\":" + Quote(id) + ",\"context\":{" + kContextAgents +
                         ",\"contextActivities\":{\"parent\":" + Activity("course") + "}}");
  }

  std::vector<std::string> Ids(const ParamList& params, const XapiClient& client) {
    return QueryIds(params, &client);
  }

 private:
  std::unique_ptr<XapiClient> v2_;
};

// --- Negotiation and response headers (LRS.md §1.1-1.2) ---------------------------------------

TEST_F(HttpXapi20, TwoZeroRequestsAreServedAndSaySo) {
  for (const char* version : {"2.0", "2.0.0", "2.0.1", "2.0.9", " 2.0.0 "}) {
    HttpRequestSpec request;
    request.headers = {{"X-Experience-API-Version", version}};
    HttpResult r = admin().Send(request);
    EXPECT_TRUE(HasStatus(r, 200)) << "version \"" << version << "\"";
    EXPECT_EQ(r.Header("X-Experience-API-Version"), "2.0.0") << "version \"" << version << "\"";
  }
  // Under 1.0.x the answer says 1.0.3, also for the same resource.
  EXPECT_EQ(admin().Get(kStatements).Header("X-Experience-API-Version"), "1.0.3");
}

TEST_F(HttpXapi20, EveryResponseSaysWhichVersionAnswered) {
  const std::string id = NewId();
  XapiClient anonymous = AnonymousClient();
  anonymous.SetVersion("2.0.0");
  HttpRequestSpec del;
  del.method = "DELETE";
  HttpRequestSpec alternate;
  alternate.method = "POST";
  alternate.target = std::string(kStatements) + "?method=GET";
  alternate.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  alternate.body = "limit=1";
  std::vector<std::pair<std::string, HttpResult>> responses;
  responses.emplace_back("PUT 204",
                         v2().Put(kStatements, {{"statementId", id}}, SimpleStatement(id)));
  responses.emplace_back("GET 200", v2().Get(kStatements, {{"statementId", id}}));
  responses.emplace_back("HEAD 200", v2().Head(kStatements, {{"statementId", id}}));
  responses.emplace_back("GET 404", v2().Get(kStatements, {{"statementId", NewId()}}));
  responses.emplace_back("POST 400", v2().Post(kStatements, "{"));
  responses.emplace_back("PUT 409",
                         v2().Put(kStatements, {{"statementId", id}}, SimpleStatement(id, "bob")));
  responses.emplace_back("GET 401", anonymous.Get(kStatements));
  responses.emplace_back("DELETE 405", v2().Send(del));
  responses.emplace_back("alternate syntax 400", v2().Send(alternate));
  responses.emplace_back("About", v2().Get(kAbout));
  responses.emplace_back("State 404",
                         v2().Get("/xapi/activities/state", {{"activityId", ActivityId("course")},
                                                             {"agent", Agent("ann")},
                                                             {"stateId", "none"}}));
  for (const auto& [what, r] : responses) {
    EXPECT_NE(r.status, 0) << what << ": " << r.error;
    EXPECT_EQ(r.Header("X-Experience-API-Version"), "2.0.0") << what << ": " << r.Describe();
  }
  EXPECT_EQ(responses[0].second.status, 204);
  EXPECT_EQ(responses[5].second.status, 409);
  EXPECT_EQ(responses[8].second.status, 400);
  // The Statement resource's errors carry Consistent-Through under 2.0.0 too.
  EXPECT_TRUE(responses[4].second.Header("X-Experience-API-Consistent-Through").has_value());
}

TEST_F(HttpXapi20, AboutListsBothVersionsAndAnswersInTheRequestsVersion) {
  for (const auto& [version, answered] :
       {std::pair<std::optional<std::string>, std::string>{"2.0.0", "2.0.0"},
        {"1.0.3", "1.0.3"},
        {"1.0", "1.0.3"},
        {std::nullopt, "2.0.0"},
        {"9.9.9", "2.0.0"}}) {
    XapiClient client = AnonymousClient();
    client.SetVersion(version);
    HttpResult r = client.Get(kAbout);
    ASSERT_TRUE(HasStatus(r, 200)) << version.value_or("none");
    EXPECT_EQ(r.Header("X-Experience-API-Version"), answered) << version.value_or("none");
    auto doc = ParseJson(r.body);
    EXPECT_EQ(JsonAt(*doc, "version"), R"(["1.0.0","1.0.1","1.0.2","1.0.3","2.0.0"])");
  }
}

// --- Statements: what 2.0.0 stores (LRS.md §2) -------------------------------------------------

TEST_F(HttpXapi20, ContextAgentsAndGroupsUnderTwoZeroOnly) {
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, TwoZeroStatement(id)), 200));
  HttpResult got = v2().Get(kStatements, {{"statementId", id}});
  ASSERT_TRUE(HasStatus(got, 200));
  auto doc = ParseJson(got.body);
  EXPECT_EQ(StringAt(*doc, "context.contextAgents.0.agent.mbox"), "mailto:coach@example.com");
  EXPECT_EQ(StringAt(*doc, "context.contextGroups.0.group.openid"), "http://example.com/cohort");
  EXPECT_EQ(StringAt(*doc, "object.context.contextAgents.0.agent.mbox"),
            "mailto:mentor@example.com");
  EXPECT_EQ(StringAt(*doc, "version"), "2.0.0");

  // A 1.0.3 request cannot send them; a malformed entry is refused under 2.0.0.
  const std::string refused = NewId();
  EXPECT_TRUE(IsError(admin().Post(kStatements, TwoZeroStatement(refused)), 400, "2.0.0"));
  const std::string bad = Statement(
      Agent("ann"), Verb("planned"), Activity("course"),
      "\"id\":" + Quote(refused) +
          R"(,"context":{"contextAgents":[{"agent":{"mbox":"mailto:coach@example.com"}}]})");
  EXPECT_TRUE(IsError(v2().Post(kStatements, bad), 400, "context.contextAgents[0]"));
  EXPECT_TRUE(IsError(v2().Get(kStatements, {{"statementId", refused}}), 404));
}

TEST_F(HttpXapi20, StatementVersionDefaultsToTheRequestsVersion) {
  // 9274.1.1 §4.2.4.3: without "version", 2.0.0 under 2.0; 1.0.0 under 1.0.3 (Part Two §2.4.10).
  const std::string two = NewId();
  const std::string one = NewId();
  const std::string kept = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, SimpleStatement(two)), 200));
  ASSERT_TRUE(HasStatus(admin().Post(kStatements, SimpleStatement(one)), 200));
  ASSERT_TRUE(HasStatus(
      v2().Post(kStatements, Statement(Agent("ann"), Verb("completed"), Activity("course"),
                                       "\"id\":" + Quote(kept) + ",\"version\":\"1.0.3\"")),
      200));
  EXPECT_EQ(StringAt(*ParseJson(v2().Get(kStatements, {{"statementId", two}}).body), "version"),
            "2.0.0");
  EXPECT_EQ(StringAt(*ParseJson(v2().Get(kStatements, {{"statementId", one}}).body), "version"),
            "1.0.0");
  EXPECT_EQ(StringAt(*ParseJson(v2().Get(kStatements, {{"statementId", kept}}).body), "version"),
            "1.0.3");
  // Statement versions 2.0.0 does not read, and 2.0.0 statements under 1.0.3, are refused.
  for (const char* version : {"2.0", "2.1.0", "1.1.0", "0.95"}) {
    EXPECT_TRUE(IsError(
        v2().Post(kStatements, Statement(Agent("ann"), Verb("completed"), Activity("course"),
                                         std::string("\"version\":") + Quote(version))),
        400, "version"))
        << version;
  }
  EXPECT_TRUE(
      IsError(admin().Post(kStatements, Statement(Agent("ann"), Verb("completed"),
                                                  Activity("course"), "\"version\":\"2.0.0\"")),
              400, "version"));
}

TEST_F(HttpXapi20, TimestampsAreRfc3339AndStoredInUtc) {
  auto stored_timestamp = [&](const std::string& ts, XapiClient& client) -> std::string {
    const std::string id = NewId();
    HttpResult r =
        client.Post(kStatements, Statement(Agent("ann"), Verb("completed"), Activity("course"),
                                           "\"id\":" + Quote(id) + ",\"timestamp\":" + Quote(ts)));
    if (r.status != 200) return "status " + std::to_string(r.status);
    return StringAt(*ParseJson(client.Get(kStatements, {{"statementId", id}}).body), "timestamp");
  };
  // Offsets are converted to UTC (9274.1.1 §4.2.7); RFC 3339 allows a space for the "T".
  EXPECT_EQ(stored_timestamp("2023-05-04T12:00:00-05:00", v2()), "2023-05-04T17:00:00.000Z");
  EXPECT_EQ(stored_timestamp("2023-05-04 12:00:00.25Z", v2()), "2023-05-04T12:00:00.250Z");
  // A future time is not refused (9274.1.1 §4.2.4.1), under either version.
  const std::string future = FormatMillisUtc(NowMicros() + 5LL * 365 * 86400 * 1000000);
  EXPECT_EQ(stored_timestamp(future, v2()), future);
  EXPECT_EQ(stored_timestamp(future, admin()), future);
  // ISO 8601 forms outside RFC 3339: 400 under 2.0.0, accepted (and stored in UTC) under 1.0.3.
  EXPECT_EQ(stored_timestamp("20230504T120000Z", v2()), "status 400");
  EXPECT_EQ(stored_timestamp("2023-05-04T12:00:00", v2()), "status 400");
  EXPECT_EQ(stored_timestamp("20230504T120000Z", admin()), "2023-05-04T12:00:00.000Z");
  // Without a timestamp, it is the stored time, written the same way (§4.2.4.2).
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, SimpleStatement(id)), 200));
  auto doc = ParseJson(v2().Get(kStatements, {{"statementId", id}}).body);
  EXPECT_EQ(StringAt(*doc, "timestamp"), StringAt(*doc, "stored"));
  // since and until are timestamps too.
  EXPECT_TRUE(IsError(v2().Get(kStatements, {{"since", "2023-05-04T12:00:00"}}), 400, "RFC 3339"));
  EXPECT_TRUE(HasStatus(v2().Get(kStatements, {{"since", "2023-05-04T12:00:00Z"}}), 200));
  EXPECT_TRUE(HasStatus(admin().Get(kStatements, {{"since", "2023-05-04T12:00:00"}}), 200));
}

// --- Reading across versions (LRS.md §6) ---------------------------------------------------------

TEST_F(HttpXapi20, TwoZeroStatementsReadUnder103InTheirForm) {
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, TwoZeroStatement(id)), 200));
  const std::string exact = v2().Get(kStatements, {{"statementId", id}}).body;

  HttpResult old = admin().Get(kStatements, {{"statementId", id}});
  ASSERT_TRUE(HasStatus(old, 200));
  auto doc = ParseJson(old.body);
  EXPECT_EQ(At(*doc, "context.contextAgents"), nullptr) << old.body;
  EXPECT_EQ(At(*doc, "context.contextGroups"), nullptr) << old.body;
  EXPECT_EQ(At(*doc, "object.context.contextAgents"), nullptr) << old.body;
  EXPECT_EQ(StringAt(*doc, "version"), "1.0.0");
  EXPECT_EQ(JsonAt(*doc, "context.contextActivities"),
            JsonAt(*ParseJson(exact), "context.contextActivities"));
  EXPECT_EQ(StringAt(*doc, "stored"), StringAt(*ParseJson(exact), "stored"));
  // Queries and the other formats convert too; the stored statement is unchanged.
  HttpResult page = admin().Get(kStatements, {{"verb", VerbId("planned")}, {"format", "ids"}});
  ASSERT_TRUE(HasStatus(page, 200));
  EXPECT_EQ(page.body.find("contextAgents"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("\"version\":\"1.0.0\""), std::string::npos) << page.body;
  EXPECT_EQ(v2().Get(kStatements, {{"statementId", id}}).body, exact);
  EXPECT_NE(exact.find("contextAgents"), std::string::npos);
}

TEST_F(HttpXapi20, OneZeroStatementsReadUnderTwoZeroUnchanged) {
  const std::string id = NewId();
  Store(Statement(Agent("ann"), Verb("completed"), Activity("course"),
                  "\"id\":" + Quote(id) + ",\"timestamp\":\"20151118T121700+0100\""));
  HttpResult old = GetStatement(id);
  HttpResult now = v2().Get(kStatements, {{"statementId", id}});
  ASSERT_TRUE(HasStatus(now, 200));
  EXPECT_EQ(now.body, old.body);
  auto doc = ParseJson(now.body);
  EXPECT_EQ(StringAt(*doc, "version"), "1.0.0");
  EXPECT_EQ(StringAt(*doc, "timestamp"), "2015-11-18T11:17:00.000Z");
}

TEST_F(HttpXapi20, RelatedAgentsSeeContextAgentsUnderTwoZeroOnly) {
  const std::string id = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, TwoZeroStatement(id)), 200));
  // A statement that targets it by StatementRef matches what it matches.
  const std::string ref = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, Statement(Agent("bob"), Verb("liked"),
                                                         StatementRef(id), "\"id\":" + Quote(ref))),
                        200));
  const std::string coach = R"({"mbox":"mailto:coach@example.com"})";
  const std::string dee = R"({"mbox":"mailto:dee@example.com"})";
  const std::string cohort = R"({"objectType":"Group","openid":"http://example.com/cohort"})";
  const std::string mentor = R"({"mbox":"mailto:mentor@example.com"})";
  for (const std::string& agent : {coach, dee, cohort, mentor}) {
    EXPECT_EQ(Ids({{"agent", agent}, {"related_agents", "true"}, {"ascending", "true"}}, v2()),
              (std::vector<std::string>{id, ref}))
        << agent;
    // Not the plain agent filter (actor or object), and not under 1.0.3, which has no context
    // agents.
    EXPECT_EQ(Ids({{"agent", agent}}, v2()), std::vector<std::string>{}) << agent;
    EXPECT_EQ(Ids({{"agent", agent}, {"related_agents", "true"}}, admin()),
              std::vector<std::string>{})
        << agent;
  }
  // What 1.0.3 defines matches under both (the referring statement through its target).
  EXPECT_EQ(Ids({{"agent", Agent("ann")}, {"ascending", "true"}}, admin()),
            (std::vector<std::string>{id, ref}));
  EXPECT_EQ(
      Ids({{"agent", Agent("ann")}, {"related_agents", "true"}, {"ascending", "true"}}, admin()),
      (std::vector<std::string>{id, ref}));
}

TEST_F(HttpXapi20, LastModifiedIsTheLatestStoredOfTheResult) {
  // 9274.1.1 §4.1.6.1: the stored time of a single statement, the greatest among those returned
  // for a StatementResult (1.0.3 recommends it; the same answer under both).
  std::vector<std::string> ids;
  std::vector<int64_t> stored;
  for (int i = 0; i < 3; ++i) {
    ids.push_back(NewId());
    ASSERT_TRUE(HasStatus(v2().Post(kStatements, SimpleStatement(ids.back())), 200));
    auto ts = ParseTimestamp(
        StringAt(*ParseJson(v2().Get(kStatements, {{"statementId", ids.back()}}).body), "stored"));
    ASSERT_TRUE(ts.has_value());
    stored.push_back(ToMicros(ts->instant));
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // distinct HTTP-dates
  }
  for (XapiClient* client : {&v2(), &admin()}) {
    HttpResult newest = client->Get(kStatements, {{"limit", "2"}});
    EXPECT_EQ(newest.Header("Last-Modified"), FormatHttpDate(stored[2]));
    // Ascending: the first page holds the two oldest.
    HttpResult oldest = client->Get(kStatements, {{"limit", "2"}, {"ascending", "true"}});
    EXPECT_EQ(oldest.Header("Last-Modified"), FormatHttpDate(stored[1]));
    HttpResult single = client->Get(kStatements, {{"statementId", ids[0]}});
    EXPECT_EQ(single.Header("Last-Modified"), FormatHttpDate(stored[0]));
    HttpResult head = client->Head(kStatements, {{"limit", "2"}});
    EXPECT_EQ(head.Header("Last-Modified"), FormatHttpDate(stored[2]));
    // Nothing returned, nothing modified.
    HttpResult empty = client->Get(kStatements, {{"verb", VerbId("never")}});
    ASSERT_TRUE(HasStatus(empty, 200));
    EXPECT_FALSE(empty.Header("Last-Modified").has_value());
  }
}

// --- Storing: duplicates and comparison (LRS.md §2.14, §3.1-3.2) ------------------------------

TEST_F(HttpXapi20, BatchesAndResentIds) {
  // Two statements with one id in a batch: 400, nothing stored (a "shall" in 2.0).
  const std::string twice = NewId();
  EXPECT_TRUE(IsError(v2().Post(kStatements, "[" + SimpleStatement(twice) + "," +
                                                 SimpleStatement(twice, "bob") + "]"),
                      400, "more than once"));
  EXPECT_TRUE(IsError(v2().Get(kStatements, {{"statementId", twice}}), 404));

  // Re-sent under 2.0.0, letter case and attachments do not count (9274.1.1 §4.2); under 1.0.3
  // a case-sensitive value or an attachment that differs is another statement.
  const std::string id = NewId();
  const std::string sent =
      Statement(Agent("ann"), Verb("completed"), Activity("course"), "\"id\":" + Quote(id));
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, sent), 200));
  const std::string stored = v2().Get(kStatements, {{"statementId", id}}).body;
  const std::string upper =
      Statement(Agent("ann"), Verb("completed"),
                "{\"id\":" + Quote(UpperCase(ActivityId("course"))) + "}", "\"id\":" + Quote(id));
  const std::string attached = Statement(
      Agent("ann"), Verb("completed"), Activity("course"),
      "\"id\":" + Quote(id) + ",\"attachments\":[" +
          AttachmentObject("doc", "data", "text/plain", "http://example.com/doc.txt") + "]");
  EXPECT_TRUE(HasStatus(v2().Put(kStatements, {{"statementId", id}}, upper), 204));
  EXPECT_TRUE(HasStatus(v2().Put(kStatements, {{"statementId", id}}, attached), 204));
  EXPECT_TRUE(IsError(admin().Put(kStatements, {{"statementId", id}}, upper), 409));
  EXPECT_TRUE(IsError(admin().Put(kStatements, {{"statementId", id}}, attached), 409));
  EXPECT_EQ(v2().Get(kStatements, {{"statementId", id}}).body, stored) << "a re-send changed it";
  // Anything else that differs is a conflict under 2.0.0 too.
  EXPECT_TRUE(IsError(v2().Put(kStatements, {{"statementId", id}},
                               Statement(Agent("bob"), Verb("completed"), Activity("course"),
                                         "\"id\":" + Quote(id))),
                      409));
}

TEST_F(HttpXapi20, Voiding) {
  // 9274.1.1 §4.2.5: a voiding statement needs a StatementRef object; its target need not be
  // known (§4.2.4.1), and once it arrives it is voided.
  EXPECT_TRUE(IsError(
      v2().Post(kStatements,
                Statement(Agent("ann"), "{\"id\":" + Quote(kVoided) + "}", Activity("course"))),
      400, "StatementRef"));
  const std::string later = NewId();
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, VoidingStatement(NewId(), later)), 200));
  ASSERT_TRUE(HasStatus(v2().Post(kStatements, SimpleStatement(later)), 200));
  EXPECT_TRUE(IsError(v2().Get(kStatements, {{"statementId", later}}), 404));
  EXPECT_TRUE(HasStatus(v2().Get(kStatements, {{"voidedStatementId", later}}), 200));
}

TEST_F(HttpXapi20, NoAlternateRequestSyntax) {
  // 9274.1.1 removed it: a 2.0.0 request using it, with the version as a header or as a form
  // field, is refused and stores nothing; 1.0.3 requests keep it (alternate_syntax_test.cpp).
  const std::string id = NewId();
  const std::string form = "statementId=" + id + "&Content-Type=application%2Fjson&content=" +
                           test_support::EncodeQuery({{"x", SimpleStatement(id)}}).substr(2);
  HttpRequestSpec with_header;
  with_header.method = "POST";
  with_header.target = std::string(kStatements) + "?method=PUT";
  with_header.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                         {"X-Experience-API-Version", "2.0.0"}};
  with_header.body = form;
  EXPECT_TRUE(IsError(admin().Send(with_header), 400, "alternate request syntax"));

  HttpRequestSpec in_form = with_header;
  in_form.omit = {"Authorization", "X-Experience-API-Version"};
  in_form.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  in_form.body =
      form + "&X-Experience-API-Version=2.0.0&Authorization=" +
      test_support::EncodeQuery({{"x", test_support::BasicAuthorization(kAdminKey, kAdminSecret)}})
          .substr(2);
  HttpResult r = admin().Send(in_form);
  EXPECT_TRUE(IsError(r, 400, "alternate request syntax"));
  EXPECT_EQ(r.Header("X-Experience-API-Version"), "2.0.0");
  EXPECT_TRUE(IsError(v2().Get(kStatements, {{"statementId", id}}), 404));

  // The same form under 1.0.3 stores the statement.
  in_form.body =
      form + "&X-Experience-API-Version=1.0.3&Authorization=" +
      test_support::EncodeQuery({{"x", test_support::BasicAuthorization(kAdminKey, kAdminSecret)}})
          .substr(2);
  EXPECT_TRUE(HasStatus(admin().Send(in_form), 204));
  EXPECT_TRUE(HasStatus(v2().Get(kStatements, {{"statementId", id}}), 200));
}

}  // namespace
}  // namespace lrs::http_test
