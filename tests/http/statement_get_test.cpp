// Fetching single statements: GET /xapi/statements with statementId or voidedStatementId, the
// parameter rules around them, and the format and attachments parameters (Part Three §2.1.3).
#include "lrs/core/strings.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpStatementGet = LrsHttpTest;

TEST_F(HttpStatementGet, ReturnsTheStatementAsStored) {
  const std::string id = NewId();
  const std::string extra = "\"id\":" + Quote(id) +
                            ",\"result\":{\"completion\":true,\"duration\":\"PT1H30M\"},"
                            "\"context\":{\"language\":\"en-US\",\"extensions\":"
                            "{\"http://example.com/ext\":{\"nested\":[1,2.5,\"x\",null]}}}";
  Store(Statement(Agent("ann"), Verb("completed"), Activity("course"), extra));
  HttpResult r = GetStatement(id);
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  auto doc = ParseJson(r.body);
  EXPECT_EQ(JsonAt(*doc, "actor"), Agent("ann"));
  EXPECT_EQ(JsonAt(*doc, "verb"), Verb("completed"));
  EXPECT_EQ(JsonAt(*doc, "object"), Activity("course"));
  EXPECT_EQ(JsonAt(*doc, "result"), "{\"completion\":true,\"duration\":\"PT1H30M\"}");
  EXPECT_EQ(JsonAt(*doc, "context.extensions"),
            "{\"http://example.com/ext\":{\"nested\":[1,2.5,\"x\",null]}}");
}

TEST_F(HttpStatementGet, UnknownStatementIs404) {
  Store(SimpleStatement(NewId()));
  const std::string missing = NewId();
  EXPECT_TRUE(IsError(GetStatement(missing), 404, missing));
  EXPECT_TRUE(IsError(GetStatement(missing, /*voided=*/true), 404));
}

TEST_F(HttpStatementGet, MalformedIdIs400) {
  EXPECT_TRUE(IsError(GetStatement("not-a-uuid"), 400, "statementId"));
  EXPECT_TRUE(IsError(GetStatement("", /*voided=*/true), 400, "voidedStatementId"));
}

TEST_F(HttpStatementGet, StatementIdAndVoidedStatementIdTogetherAre400) {
  const std::string id = Store(SimpleStatement(NewId()));
  HttpResult r = admin().Get(kStatements, {{"statementId", id}, {"voidedStatementId", id}});
  EXPECT_TRUE(IsError(r, 400, "voidedStatementId"));
}

TEST_F(HttpStatementGet, SingleStatementParametersExcludeQueryParameters) {
  const std::string id = Store(SimpleStatement(NewId()));
  const ParamList others = {{"agent", "{\"mbox\":\"" + Mbox("ann") + "\"}"},
                            {"verb", VerbId("completed")},
                            {"activity", ActivityId("course")},
                            {"registration", NewId()},
                            {"related_activities", "false"},
                            {"related_agents", "false"},
                            {"since", "2000-01-01T00:00:00Z"},
                            {"until", "2100-01-01T00:00:00Z"},
                            {"limit", "1"},
                            {"ascending", "true"},
                            {"more", "x"}};
  for (const char* name : {"statementId", "voidedStatementId"}) {
    for (const auto& other : others) {
      HttpResult r = admin().Get(kStatements, {{name, id}, other});
      EXPECT_TRUE(IsError(r, 400, other.first)) << name << " with " << other.first;
    }
  }
  // format and attachments may accompany them.
  EXPECT_TRUE(HasStatus(admin().Get(kStatements, {{"statementId", id}, {"format", "ids"}}), 200));
  EXPECT_TRUE(
      HasStatus(admin().Get(kStatements, {{"statementId", id}, {"attachments", "false"}}), 200));
  EXPECT_TRUE(HasStatus(
      admin().Get(kStatements,
                  {{"statementId", id}, {"format", "canonical"}, {"attachments", "true"}}),
      200));
}

TEST_F(HttpStatementGet, FormatIdsKeepsOnlyIdentifiers) {
  const std::string id = NewId();
  const std::string group = "{\"objectType\":\"Group\",\"name\":\"team\",\"member\":[" +
                            Agent("ann") + "," + Agent("bob") + "]}";
  const std::string activity =
      "{\"objectType\":\"Activity\",\"id\":" + Quote(ActivityId("course")) +
      ",\"definition\":{\"name\":{\"en-US\":\"Course\"},\"type\":\"http://example.com/t\"}}";
  Store(Statement(group, Verb("completed"), activity,
                  "\"id\":" + Quote(id) + ",\"context\":{\"instructor\":" + Agent("ian") + "}"));
  HttpResult r = admin().Get(kStatements, {{"statementId", id}, {"format", "ids"}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(JsonAt(*doc, "verb"), "{\"id\":" + Quote(VerbId("completed")) + "}");
  // An Activity is its id alone (Part Three §2.1.3): no definition, no objectType.
  EXPECT_EQ(JsonAt(*doc, "object"), "{\"id\":" + Quote(ActivityId("course")) + "}") << r.body;
  // An anonymous Group keeps its members, each reduced to its identifier.
  EXPECT_EQ(At(*doc, "actor.name"), nullptr) << r.body;
  EXPECT_EQ(StringAt(*doc, "actor.member.0.mbox"), Mbox("ann"));
  EXPECT_EQ(At(*doc, "actor.member.0.name"), nullptr) << r.body;
  EXPECT_EQ(StringAt(*doc, "actor.member.1.mbox"), Mbox("bob"));
  EXPECT_EQ(JsonAt(*doc, "context.instructor"),
            "{\"objectType\":\"Agent\",\"mbox\":" + Quote(Mbox("ian")) + "}");
  EXPECT_EQ(StringAt(*doc, "id"), id);
  EXPECT_FALSE(StringAt(*doc, "stored").empty());

  // exact is the default and returns what was sent.
  HttpResult exact = admin().Get(kStatements, {{"statementId", id}, {"format", "exact"}});
  ASSERT_TRUE(HasStatus(exact, 200));
  EXPECT_EQ(exact.body, GetStatement(id).body);
  EXPECT_EQ(JsonAt(*ParseJson(exact.body), "object"), activity);
}

TEST_F(HttpStatementGet, FormatCanonicalPicksOneLanguagePerMap) {
  const std::string first = NewId();
  const std::string second = NewId();
  const std::string verb =
      "{\"id\":" + Quote(VerbId("attended")) +
      ",\"display\":{\"en-US\":\"attended\",\"fr-FR\":\"a assisté\",\"de-DE\":\"besuchte\"}}";
  const std::string activity =
      "{\"objectType\":\"Activity\",\"id\":" + Quote(ActivityId("safety")) +
      ",\"definition\":{\"name\":{\"en-US\":\"Safety\",\"fr-FR\":\"Sécurité\",\"de-DE\":"
      "\"Sicherheit\"},\"description\":{\"en-US\":\"Safety at work\",\"fr-FR\":\"La sécurité "
      "au travail\"}}}";
  Store(Statement(Agent("ann"), verb, activity, "\"id\":" + Quote(first)));
  // The second statement names the Activity and Verb without their definitions.
  Store(Statement(Agent("bob"), "{\"id\":" + Quote(VerbId("attended")) + "}",
                  "{\"id\":" + Quote(ActivityId("safety")) + "}", "\"id\":" + Quote(second)));

  HttpResult fr = admin().Get(kStatements, {{"statementId", first}, {"format", "canonical"}},
                              {{"Accept-Language", "fr-FR"}});
  ASSERT_TRUE(HasStatus(fr, 200));
  auto doc = ParseJson(fr.body);
  EXPECT_EQ(JsonAt(*doc, "object.definition.name"), "{\"fr-FR\":\"Sécurité\"}") << fr.body;
  EXPECT_EQ(JsonAt(*doc, "object.definition.description"), "{\"fr-FR\":\"La sécurité au travail\"}")
      << fr.body;
  EXPECT_EQ(JsonAt(*doc, "verb.display"), "{\"fr-FR\":\"a assisté\"}") << fr.body;
  // Agents are returned as in exact.
  EXPECT_EQ(JsonAt(*doc, "actor"), Agent("ann"));

  // Weights decide; the canonical definition reaches a statement that carried none.
  HttpResult de = admin().Get(kStatements, {{"statementId", second}, {"format", "canonical"}},
                              {{"Accept-Language", "en-US;q=0.5, de-DE;q=0.9"}});
  ASSERT_TRUE(HasStatus(de, 200));
  doc = ParseJson(de.body);
  EXPECT_EQ(JsonAt(*doc, "object.definition.name"), "{\"de-DE\":\"Sicherheit\"}") << de.body;
  EXPECT_EQ(JsonAt(*doc, "verb.display"), "{\"de-DE\":\"besuchte\"}") << de.body;
  // Every language map holds exactly one entry, even where the preferred one is missing.
  const json::Value* description = At(*doc, "object.definition.description");
  ASSERT_NE(description, nullptr) << de.body;
  EXPECT_EQ(description->MemberCount(), 1u) << de.body;

  // The same statement in exact format is what was sent.
  HttpResult exact = GetStatement(second);
  ASSERT_TRUE(HasStatus(exact, 200));
  EXPECT_EQ(JsonAt(*ParseJson(exact.body), "object"),
            "{\"id\":" + Quote(ActivityId("safety")) + "}");

  // Queries apply the format to every statement.
  HttpResult query =
      admin().Get(kStatements, {{"format", "canonical"}}, {{"Accept-Language", "fr-FR"}});
  ASSERT_TRUE(HasStatus(query, 200));
  doc = ParseJson(query.body);
  for (const char* path : {"statements.0.verb.display", "statements.1.verb.display"}) {
    EXPECT_EQ(JsonAt(*doc, path), "{\"fr-FR\":\"a assisté\"}") << query.body;
  }
}

TEST_F(HttpStatementGet, UnknownFormatIs400) {
  const std::string id = Store(SimpleStatement(NewId()));
  EXPECT_TRUE(
      IsError(admin().Get(kStatements, {{"statementId", id}, {"format", "full"}}), 400, "format"));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"format", "IDS"}}), 400, "format"));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"attachments", "yes"}}), 400, "attachments"));
}

TEST_F(HttpStatementGet, AttachmentsTrueAnswersMultipartWithTheJsonFirst) {
  const std::string id = NewId();
  const std::string attachment =
      "{\"usageType\":\"http://example.com/attachment-usage/contract\","
      "\"display\":{\"en-US\":\"Contract\"},\"contentType\":\"application/pdf\","
      "\"length\":1234,\"sha2\":"
      "\"672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634\","
      "\"fileUrl\":\"https://example.com/signature.pdf\"}";
  Store(Statement(Agent("ann"), Verb("signed"), Activity("contract"),
                  "\"id\":" + Quote(id) + ",\"attachments\":[" + attachment + "]"));

  HttpResult single = admin().Get(kStatements, {{"statementId", id}, {"attachments", "true"}});
  ASSERT_TRUE(HasStatus(single, 200));
  std::vector<Part> parts = MultipartParts(single);
  ASSERT_GE(parts.size(), 1u) << single.body;
  EXPECT_NE(AsciiLower(parts[0].headers).find("content-type: application/json"), std::string::npos)
      << parts[0].headers;
  auto doc = ParseJson(parts[0].content);
  EXPECT_EQ(StringAt(*doc, "id"), id);
  EXPECT_EQ(StringAt(*doc, "attachments.0.fileUrl"), "https://example.com/signature.pdf");

  HttpResult query = admin().Get(kStatements, {{"attachments", "true"}});
  ASSERT_TRUE(HasStatus(query, 200));
  parts = MultipartParts(query);
  ASSERT_GE(parts.size(), 1u) << query.body;
  EXPECT_EQ(StatementIds(*ParseJson(parts[0].content)), std::vector<std::string>{id});

  // attachments=false (the default) is plain JSON.
  HttpResult plain = admin().Get(kStatements, {{"statementId", id}, {"attachments", "false"}});
  ASSERT_TRUE(HasStatus(plain, 200));
  EXPECT_NE(plain.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  EXPECT_EQ(StringAt(*ParseJson(plain.body), "id"), id);
}

}  // namespace
}  // namespace lrs::http_test
