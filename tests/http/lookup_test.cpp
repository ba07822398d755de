// The Activities resource (Part Three §2.5) and the Agents resource (§2.4): objects built from
// the statements the LRS accepted, their parameters, scopes, stores, ETag and HEAD.
#include "lrs/core/crypto.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kActivities[] = "/xapi/activities";
constexpr char kAgents[] = "/xapi/agents";
constexpr char kSecret[] = "lookup-secret";

using HttpActivities = LrsHttpTest;
using HttpAgents = LrsHttpTest;

std::string DefinedActivity(const std::string& id, const std::string& name_map,
                            const std::string& extra = "") {
  return "{\"objectType\":\"Activity\",\"id\":" + Quote(id) +
         ",\"definition\":{\"name\":" + name_map + extra + "}}";
}

TEST_F(HttpActivities, ReturnsTheCanonicalDefinitionMergedFromStatements) {
  const std::string id = ActivityId("safety-course");
  Store(Statement(Agent("ann"), Verb("attempted"),
                  DefinedActivity(id, "{\"en-US\":\"Safety\"}",
                                  ",\"type\":\"http://adlnet.gov/expapi/activities/course\"")));
  Store(
      Statement(Agent("bob"), Verb("attempted"), DefinedActivity(id, "{\"fr-FR\":\"Sécurité\"}")));

  HttpResult r = admin().Get(kActivities, {{"activityId", id}});
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StringAt(*doc, "objectType"), "Activity");
  EXPECT_EQ(StringAt(*doc, "id"), id);
  // Both language entries survive: the definitions were merged, not replaced.
  EXPECT_EQ(StringAt(*doc, "definition.name.en-US"), "Safety");
  EXPECT_EQ(StringAt(*doc, "definition.name.fr-FR"), "Sécurité");
  EXPECT_EQ(StringAt(*doc, "definition.type"), "http://adlnet.gov/expapi/activities/course");
  EXPECT_EQ(r.Header("ETag"), "\"" + crypto::Sha1Hex(r.body) + "\"");

  HttpResult head = admin().Head(kActivities, {{"activityId", id}});
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("ETag"), r.Header("ETag"));
}

TEST_F(HttpActivities, UnknownActivityStillGetsAnActivityObject) {
  const std::string id = ActivityId("never-seen");
  HttpResult r = admin().Get(kActivities, {{"activityId", id}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StringAt(*doc, "objectType"), "Activity");
  EXPECT_EQ(StringAt(*doc, "id"), id);
  EXPECT_EQ(At(*doc, "definition"), nullptr) << r.body;
}

TEST_F(HttpActivities, RejectsMissingInvalidAndUnknownParameters) {
  EXPECT_TRUE(IsError(admin().Get(kActivities), 400, "activityId"));
  EXPECT_TRUE(IsError(admin().Get(kActivities, {{"activityId", "not an iri"}}), 400, "IRI"));
  EXPECT_TRUE(
      IsError(admin().Get(kActivities, {{"activityId", ActivityId("a")}, {"agent", Agent("ann")}}),
              400, "agent"));
  EXPECT_TRUE(
      IsError(admin().Get(kActivities, {{"activityid", ActivityId("a")}}), 400, "case sensitive"));
  EXPECT_TRUE(IsError(admin().Put(kActivities, {{"activityId", ActivityId("a")}}, "{}"), 405));
}

TEST_F(HttpActivities, NeedsAReadScopeAndStaysInItsStore) {
  const std::string id = ActivityId("store-course");
  Store(Statement(Agent("ann"), Verb("attempted"), DefinedActivity(id, "{\"en\":\"Default\"}")));
  ASSERT_TRUE(lrs().AddCredential("writer", kSecret, "statements/write").ok());
  ASSERT_TRUE(lrs().AddCredential("other", kSecret, "all", "other-store").ok());

  HttpResult forbidden = ClientFor("writer", kSecret).Get(kActivities, {{"activityId", id}});
  EXPECT_TRUE(IsError(forbidden, 403, "scope"));
  HttpResult anonymous = AnonymousClient().Get(kActivities, {{"activityId", id}});
  EXPECT_TRUE(HasStatus(anonymous, 401));

  HttpResult other = ClientFor("other", kSecret).Get(kActivities, {{"activityId", id}});
  ASSERT_TRUE(HasStatus(other, 200));
  auto doc = ParseJson(other.body);
  EXPECT_EQ(At(*doc, "definition"), nullptr) << "another store's definition leaked: " << other.body;
}

TEST_F(HttpActivities, DefinitionsFromCredentialsWithoutDefineAreNotCanonical) {
  // Part Two §2.4.4.1: only a credential allowed to define changes the canonical definition.
  ASSERT_TRUE(lrs().AddCredential("plain", kSecret, "statements/write statements/read").ok());
  const std::string id = ActivityId("undefined-course");
  XapiClient plain = ClientFor("plain", kSecret);
  Store(Statement(Agent("ann"), Verb("attempted"), DefinedActivity(id, "{\"en\":\"Plain\"}")),
        &plain);
  HttpResult r = admin().Get(kActivities, {{"activityId", id}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(At(*doc, "definition"), nullptr) << r.body;
}

TEST_F(HttpAgents, PersonCombinesEveryNameTheAgentWasGiven) {
  const std::string ann_v1 =
      R"({"objectType":"Agent","name":"Ann","mbox":"mailto:ann@example.com"})";
  const std::string ann_v2 =
      R"({"objectType":"Agent","name":"Ann Smith","mbox":"mailto:ann@example.com"})";
  Store(Statement(ann_v1, Verb("attempted"), Activity("a")));
  // As a Group member and as an instructor too.
  Store(Statement(R"({"objectType":"Group","name":"Team","member":[)" + ann_v2 + "]}",
                  Verb("attempted"), Activity("b"),
                  "\"context\":{\"instructor\":" + Agent("bob") + "}"));

  HttpResult r = admin().Get(kAgents, {{"agent", R"({"mbox":"mailto:ann@example.com"})"}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StringAt(*doc, "objectType"), "Person");
  EXPECT_EQ(JsonAt(*doc, "name"), R"(["Ann","Ann Smith"])");
  EXPECT_EQ(JsonAt(*doc, "mbox"), R"(["mailto:ann@example.com"])");
  EXPECT_EQ(At(*doc, "account"), nullptr);
  EXPECT_EQ(r.Header("ETag"), "\"" + crypto::Sha1Hex(r.body) + "\"");

  HttpResult bob = admin().Get(kAgents, {{"agent", R"({"mbox":"mailto:bob@example.com"})"}});
  ASSERT_TRUE(HasStatus(bob, 200));
  EXPECT_EQ(JsonAt(*ParseJson(bob.body), "name"), R"(["bob"])");

  HttpResult head = admin().Head(kAgents, {{"agent", R"({"mbox":"mailto:ann@example.com"})"}});
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_EQ(head.body, "");
}

TEST_F(HttpAgents, UnknownAgentGetsAPersonWithWhatTheRequestSaid) {
  HttpResult r = admin().Get(
      kAgents,
      {{"agent",
        R"({"name":"Zoe","account":{"homePage":"https://lms.example.com","name":"z1"}})"}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StringAt(*doc, "objectType"), "Person");
  EXPECT_EQ(JsonAt(*doc, "name"), R"(["Zoe"])");
  EXPECT_EQ(JsonAt(*doc, "account"), R"([{"homePage":"https://lms.example.com","name":"z1"}])");

  HttpResult bare = admin().Get(kAgents, {{"agent", R"({"openid":"https://id.example.com/q"})"}});
  ASSERT_TRUE(HasStatus(bare, 200));
  auto bare_doc = ParseJson(bare.body);
  EXPECT_EQ(At(*bare_doc, "name"), nullptr);
  EXPECT_EQ(JsonAt(*bare_doc, "openid"), R"(["https://id.example.com/q"])");
}

TEST_F(HttpAgents, RejectsGroupsInvalidAgentsAndOtherParameters) {
  EXPECT_TRUE(IsError(admin().Get(kAgents), 400, "agent"));
  EXPECT_TRUE(IsError(admin().Get(kAgents, {{"agent", "{not json"}}), 400, "agent"));
  EXPECT_TRUE(IsError(admin().Get(kAgents, {{"agent", R"({"name":"no identifier"})"}}), 400));
  EXPECT_TRUE(IsError(
      admin().Get(kAgents,
                  {{"agent", R"({"mbox":"mailto:a@example.com","openid":"https://x.y/z"})"}}),
      400));
  EXPECT_TRUE(IsError(admin().Get(kAgents, {{"agent", R"({"mbox":"ann@example.com"})"}}), 400));
  EXPECT_TRUE(IsError(
      admin().Get(kAgents, {{"agent", R"({"objectType":"Group","mbox":"mailto:g@example.com"})"}}),
      400, "Group"));
  EXPECT_TRUE(IsError(
      admin().Get(kAgents, {{"agent", R"({"mbox":"mailto:a@example.com"})"}, {"limit", "1"}}), 400,
      "limit"));
}

TEST_F(HttpAgents, NeedsAReadScopeAndStaysInItsStore) {
  Store(Statement(Agent("ann"), Verb("attempted"), Activity("a")));
  ASSERT_TRUE(lrs().AddCredential("writer", kSecret, "statements/write").ok());
  ASSERT_TRUE(lrs().AddCredential("other", kSecret, "all/read", "other-store").ok());
  const ParamList ann = {{"agent", R"({"mbox":"mailto:ann@example.com"})"}};
  EXPECT_TRUE(IsError(ClientFor("writer", kSecret).Get(kAgents, ann), 403, "scope"));
  HttpResult other = ClientFor("other", kSecret).Get(kAgents, ann);
  ASSERT_TRUE(HasStatus(other, 200));
  EXPECT_EQ(At(*ParseJson(other.body), "name"), nullptr) << other.body;
}

TEST_F(HttpAgents, NamesSurviveARestart) {
  Store(Statement(Agent("ann"), Verb("attempted"), Activity("a")));
  ASSERT_TRUE(RestartServer());
  HttpResult r = admin().Get(kAgents, {{"agent", R"({"mbox":"mailto:ann@example.com"})"}});
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(JsonAt(*ParseJson(r.body), "name"), R"(["ann"])");
}

}  // namespace
}  // namespace lrs::http_test
