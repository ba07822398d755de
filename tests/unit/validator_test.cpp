// Statement validation (lrs/xapi/validator.h) against xAPI 1.0.3 Part Two: for every rule an LRS
// enforces, at least one statement that follows it is accepted and one that breaks it is rejected
// with an error naming the JSON path of the offending value.
#include "lrs/xapi/validator.h"

#include <string>
#include <string_view>
#include <utility>

#include <gtest/gtest.h>

#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;
using test::JsonString;

// A statement with every required property and nothing more (Part Two §2.4, example).
constexpr char kMinimal[] = R"({
  "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  "actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}},
  "object": {"objectType": "Activity", "id": "http://example.com/activities/quiz"}
})";

// A statement using every property a Learning Record Provider may send.
constexpr char kComplete[] = R"({
  "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  "actor": {
    "objectType": "Group",
    "name": "Team A",
    "member": [
      {"mbox": "mailto:ann@example.com"},
      {"objectType": "Agent", "name": "Bob",
       "account": {"homePage": "http://lms.example.com", "name": "bob"}}
    ]
  },
  "verb": {"id": "http://adlnet.gov/expapi/verbs/answered",
           "display": {"en-US": "answered", "es": "contestó"}},
  "object": {
    "objectType": "Activity",
    "id": "http://example.com/activities/q1",
    "definition": {
      "name": {"en-US": "Question 1"},
      "description": {"en-US": "Which games do you like?"},
      "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
      "moreInfo": "http://example.com/activities/q1/info",
      "interactionType": "choice",
      "correctResponsesPattern": ["golf[,]tetris"],
      "choices": [
        {"id": "golf", "description": {"en-US": "Golf"}},
        {"id": "tetris", "description": {"en-US": "Tetris"}}
      ],
      "extensions": {"http://example.com/ext/difficulty": 3}
    }
  },
  "result": {
    "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
    "success": true,
    "completion": false,
    "response": "golf[,]tetris",
    "duration": "PT1M30.5S",
    "extensions": {"http://example.com/ext/attempt": {"n": 2}}
  },
  "context": {
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "instructor": {"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"},
    "team": {"objectType": "Group", "openid": "http://openid.example.com/team-a"},
    "contextActivities": {
      "parent": [{"id": "http://example.com/activities/quiz"}],
      "grouping": {"objectType": "Activity", "id": "http://example.com/courses/algebra"},
      "category": [{"id": "http://example.com/profiles/quizzes"}],
      "other": []
    },
    "revision": "2",
    "platform": "web",
    "language": "en-US",
    "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
    "extensions": {"http://example.com/ext/seat": "12A"}
  },
  "timestamp": "2015-11-18T12:17:00+00:00",
  "stored": "2015-11-18T12:17:01.000Z",
  "authority": {"objectType": "Agent",
                "account": {"homePage": "http://lrs.example.com", "name": "client"}},
  "version": "1.0.0",
  "attachments": [{
    "usageType": "http://adlnet.gov/expapi/attachments/signature",
    "display": {"en-US": "Signature"},
    "description": {"en-US": "A test signature"},
    "contentType": "application/octet-stream",
    "length": 4235,
    "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
    "fileUrl": "http://example.com/files/signature"
  }]
})";

// A SubStatement (Part Two §2.4.4.3, example).
constexpr char kSubStatement[] = R"({
  "objectType": "SubStatement",
  "actor": {"objectType": "Agent", "mbox": "mailto:test@example.com"},
  "verb": {"id": "http://example.com/visited", "display": {"en-US": "will visit"}},
  "object": {"objectType": "Activity", "id": "http://example.com/website",
             "definition": {"name": {"en-US": "Some Awesome Website"}}}
})";

constexpr char kAttachment[] = R"({
  "usageType": "http://example.com/attachment-usage/test",
  "display": {"en-US": "A test attachment"},
  "contentType": "text/plain; charset=utf-8",
  "length": 27,
  "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
  "fileUrl": "http://example.com/files/test.txt"
})";

JsonDoc Minimal() {
  return JsonDoc(kMinimal);
}

::testing::AssertionResult Accepted(const json::Value& statement,
                                    const ValidationOptions& options = {}) {
  Status status = ValidateStatement(statement, "statement", options);
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "rejected: " << status.error().message() << "\n  statement: " << json::Write(statement);
}

// True when the statement is rejected as a bad request whose message starts with `path` (the
// JSON path of the offending value, under the root "statement") and mentions `mentions`.
::testing::AssertionResult RejectedAt(const json::Value& statement, std::string_view path,
                                      std::string_view mentions = "",
                                      const ValidationOptions& options = {}) {
  Status status = ValidateStatement(statement, "statement", options);
  if (status.ok()) {
    return ::testing::AssertionFailure() << "accepted: " << json::Write(statement);
  }
  const std::string& message = status.error().message();
  if (status.error().code() != ErrorCode::kBadRequest) {
    return ::testing::AssertionFailure() << "not a bad request: " << message;
  }
  const std::string prefix = std::string(path) + ": ";
  if (message.compare(0, prefix.size(), prefix) != 0) {
    return ::testing::AssertionFailure()
           << "error names another path than " << path << ": " << message;
  }
  if (message.find(mentions, prefix.size()) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "error does not mention " << mentions << ": " << message;
  }
  return ::testing::AssertionSuccess() << message;
}

// --- Statement level (Part Two §2.2, §2.4) -------------------------------------------------

TEST(ValidatorStatementTest, AcceptsMinimalAndCompleteStatements) {
  EXPECT_TRUE(Accepted(Minimal()));
  EXPECT_TRUE(Accepted(JsonDoc(kComplete)));
  // The spec's own simplest example: no objectType anywhere, no id.
  EXPECT_TRUE(Accepted(JsonDoc(R"({"actor": {"mbox": "mailto:xapi@adlnet.gov"},
      "verb": {"id": "http://adlnet.gov/expapi/verbs/created", "display": {"en-US": "created"}},
      "object": {"id": "http://example.adlnet.gov/xapi/example/activity"}})")));
}

TEST(ValidatorStatementTest, RequiresActorVerbAndObject) {
  // §2.2: "A Statement MUST use "actor", "verb", and "object"."
  for (const char* property : {"actor", "verb", "object"}) {
    JsonDoc statement(kMinimal);
    statement.Remove(std::string("/") + property);
    EXPECT_TRUE(RejectedAt(statement, "statement", std::string("\"") + property + "\""));
  }
}

TEST(ValidatorStatementTest, RejectsUnknownProperties) {
  // §2.2: reject "where a key or value is not allowed" and "where the case of a key does not
  // match the case specified in this specification".
  EXPECT_TRUE(RejectedAt(Minimal().Set("/extra", "1"), "statement", "\"extra\""));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/Actor", R"({"mbox": "mailto:b@example.com"})"),
                         "statement", "\"Actor\""));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/objectType", R"("Statement")"), "statement"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/verb/Display", R"({"en-US": "x"})"), "statement.verb"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor/email", R"("ann@example.com")"), "statement.actor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/name", R"("Quiz")"), "statement.object"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/scores", "{}"), "statement.result"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/Registration", R"("ec531277-b57b-4c15-8d91-d292c5b2b8f7")"),
      "statement.context"));
}

TEST(ValidatorStatementTest, RejectsDuplicatePropertyNames) {
  // §2.2: "A Statement MUST use each property no more than one time." RapidJSON keeps both
  // members, so the validator must see them.
  EXPECT_TRUE(RejectedAt(JsonDoc(R"({
      "actor": {"mbox": "mailto:ann@example.com"},
      "verb": {"id": "http://example.com/verbs/a"},
      "verb": {"id": "http://example.com/verbs/b"},
      "object": {"id": "http://example.com/a"}})"),
                         "statement", "\"verb\""));
  EXPECT_TRUE(RejectedAt(JsonDoc(R"({
      "actor": {"mbox": "mailto:ann@example.com", "mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://example.com/verbs/a"},
      "object": {"id": "http://example.com/a"}})"),
                         "statement.actor", "\"mbox\""));
  EXPECT_TRUE(RejectedAt(JsonDoc(R"({
      "actor": {"mbox": "mailto:ann@example.com"},
      "verb": {"id": "http://example.com/verbs/a", "display": {"en-US": "a", "en-US": "b"}},
      "object": {"id": "http://example.com/a"}})"),
                         "statement.verb.display"));
  // The same name in different objects is not a duplicate.
  EXPECT_TRUE(Accepted(JsonDoc(R"({
      "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
      "actor": {"mbox": "mailto:ann@example.com"},
      "verb": {"id": "http://example.com/verbs/a"},
      "object": {"id": "http://example.com/a"}})")));
}

TEST(ValidatorStatementTest, RejectsNullsOutsideExtensions) {
  // §2.2: reject Statements "with any null values (except inside extensions)".
  EXPECT_TRUE(RejectedAt(Minimal().Set("/id", "null"), "statement.id"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor/name", "null"), "statement.actor.name"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/verb/display/en-US", "null"), "statement.verb.display.en-US"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/object/definition", "null"), "statement.object.definition"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result", "null"), "statement.result"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/success", "null"), "statement.result.success"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/context/registration", "null"), "statement.context.registration"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/timestamp", "null"), "statement.timestamp"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/extensions", "null"), "statement.result.extensions"));

  const char* with_nulls = R"({"http://example.com/ext/a": null,
                               "http://example.com/ext/b": {"x": null, "y": [null, 1]}})";
  EXPECT_TRUE(Accepted(Minimal().Set("/result/extensions", with_nulls)));
  EXPECT_TRUE(Accepted(Minimal().Set("/context/extensions", with_nulls)));
  EXPECT_TRUE(Accepted(Minimal().Set("/object/definition/extensions", with_nulls)));
}

TEST(ValidatorStatementTest, RejectsWrongJsonTypes) {
  // §2.2: reject "strings where numbers are required, even if those strings contain numbers, or
  // strings where booleans are required, even if those strings contain booleans".
  EXPECT_TRUE(Accepted(Minimal().Set("/result/score/raw", "5")));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/score/raw", R"("5")"), "statement.result.score.raw"));
  EXPECT_TRUE(Accepted(Minimal().Set("/result/success", "true")));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/success", R"("true")"), "statement.result.success"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/completion", "1"), "statement.result.completion"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/response", "42"), "statement.result.response"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor/name", "42"), "statement.actor.name"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/verb", R"("http://example.com/verbs/a")"), "statement.verb"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", "[]"), "statement.actor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object", "[]"), "statement.object"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context", R"("context")"), "statement.context"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/revision", "2"), "statement.context.revision"));
  EXPECT_TRUE(RejectedAt(JsonDoc("[]"), "statement"));
}

TEST(ValidatorStatementTest, StatementIdIsAUuidInStandardForm) {
  // §2.4.1 and §4.4: "UUIDs MUST be in the standard string form."
  EXPECT_TRUE(Accepted(Minimal().Set("/id", R"("FD41C918-B88B-4B20-A0A5-A4C32391AAA0")")));
  EXPECT_TRUE(Accepted(Minimal().Remove("/id")));  // the LRS assigns one
  for (const char* bad :
       {"", "fd41c918", "fd41c918b88b4b20a0a5a4c32391aaa0",
        "{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}", "fd41c918-b88b-4b20-a0a5-a4c32391aaaz",
        "fd41c918-b88b-4b20-a0a5a-4c32391aaa0"}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/id", JsonString(bad)), "statement.id")) << bad;
  }
  EXPECT_TRUE(RejectedAt(Minimal().Set("/id", "12345"), "statement.id"));
}

TEST(ValidatorStatementTest, ErrorsNameTheFullPathUnderTheGivenRoot) {
  JsonDoc statement(kMinimal);
  statement.Set("/context/contextActivities/parent",
                R"([{"id": "http://example.com/a"}, {"id": "not an iri"}])");
  Status status = ValidateStatement(statement, "statements[2]");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(
      status.error().message().rfind("statements[2].context.contextActivities.parent[1].id: ", 0),
      0u)
      << status.error().message();
}

// --- Actor: Agents (Part Two §2.4.2.1, §2.4.2.3, §2.4.2.4) -----------------------------------

TEST(ValidatorAgentTest, AcceptsEachInverseFunctionalIdentifier) {
  EXPECT_TRUE(Accepted(Minimal().Set("/actor", R"({"mbox": "mailto:ann@example.com"})")));
  EXPECT_TRUE(Accepted(
      Minimal().Set("/actor", R"({"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/actor", R"({"openid": "http://openid.example.org/ann"})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/actor", R"({"objectType": "Agent",
                    "account": {"homePage": "http://www.example.com", "name": "1625378"}})")));
}

TEST(ValidatorAgentTest, NeedsExactlyOneInverseFunctionalIdentifier) {
  // §2.4.2.1: "An Agent MUST be identified by one (1) of the four types of Inverse Functional
  // Identifiers" and "MUST NOT include more than one".
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"name": "Ann"})"), "statement.actor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Agent"})"), "statement.actor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"mbox": "mailto:ann@example.com",
                                                     "openid": "http://openid.example.org/ann"})"),
                         "statement.actor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"mbox": "mailto:ann@example.com",
                                  "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"})"),
                         "statement.actor"));
}

TEST(ValidatorAgentTest, MboxIsAMailtoIri) {
  // §2.4.2.3: mbox is a "mailto IRI"; "The required format is "mailto:email address"."
  EXPECT_TRUE(Accepted(Minimal().Set("/actor/mbox", R"("mailto:ann.lee+xapi@Example.COM")")));
  for (const char* bad :
       {"ann@example.com", "mailto:", "mailto:ann", "mailto:@example.com", "mailto:ann@",
        "mailto:ann@b@example.com", "http://example.com/ann", "mailto:ann lee@example.com", ""}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/actor/mbox", JsonString(bad)), "statement.actor.mbox"))
        << bad;
  }
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor/mbox", "7"), "statement.actor.mbox"));
}

TEST(ValidatorAgentTest, MboxSha1sumIsFortyHexDigits) {
  JsonDoc upper(kMinimal);
  upper.Remove("/actor/mbox")
      .Set("/actor/mbox_sha1sum", R"("EBD31E95054C018B10727CCFFD2EF2EC3A016EE9")");
  EXPECT_TRUE(Accepted(upper));
  for (const char* bad : {"ebd31e95054c018b10727ccffd2ef2ec3a016ee",    // 39 digits
                          "ebd31e95054c018b10727ccffd2ef2ec3a016ee9a",  // 41 digits
                          "gbd31e95054c018b10727ccffd2ef2ec3a016ee9",   // not hex
                          "mailto:ann@example.com", ""}) {
    JsonDoc statement(kMinimal);
    statement.Remove("/actor/mbox").Set("/actor/mbox_sha1sum", JsonString(bad));
    EXPECT_TRUE(RejectedAt(statement, "statement.actor.mbox_sha1sum")) << bad;
  }
}

TEST(ValidatorAgentTest, OpenidIsAnIri) {
  JsonDoc good(kMinimal);
  good.Remove("/actor/mbox").Set("/actor/openid", R"("https://openid.example.org/ann")");
  EXPECT_TRUE(Accepted(good));
  JsonDoc bad(kMinimal);
  bad.Remove("/actor/mbox").Set("/actor/openid", R"("openid.example.org/ann")");
  EXPECT_TRUE(RejectedAt(bad, "statement.actor.openid"));
}

TEST(ValidatorAgentTest, AccountNeedsHomePageIriAndName) {
  // §2.4.2.4: homePage (IRL) and name (String) are both required.
  auto with_account = [](const char* account) {
    JsonDoc statement(kMinimal);
    statement.Remove("/actor/mbox").Set("/actor/account", account);
    return statement;
  };
  EXPECT_TRUE(Accepted(with_account(R"({"homePage": "http://www.example.com", "name": "ann"})")));
  EXPECT_TRUE(RejectedAt(with_account(R"({"name": "ann"})"), "statement.actor.account"));
  EXPECT_TRUE(RejectedAt(with_account(R"({"homePage": "http://www.example.com"})"),
                         "statement.actor.account"));
  EXPECT_TRUE(RejectedAt(with_account(R"({"homePage": "www.example.com", "name": "ann"})"),
                         "statement.actor.account.homePage"));
  EXPECT_TRUE(RejectedAt(with_account(R"({"homePage": "http://www.example.com", "name": 1})"),
                         "statement.actor.account.name"));
  EXPECT_TRUE(RejectedAt(
      with_account(R"({"homePage": "http://www.example.com", "name": "ann", "id": "x"})"),
      "statement.actor.account"));
  EXPECT_TRUE(
      RejectedAt(with_account(R"("http://www.example.com/ann")"), "statement.actor.account"));
}

TEST(ValidatorAgentTest, ObjectTypeMustBeAgentOrGroupExactly) {
  // §2.2: reject "where the case of a value restricted to enumerated values does not match".
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/actor/objectType", R"("agent")"), "statement.actor.objectType"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/actor/objectType", R"("Person")"), "statement.actor.objectType"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor/objectType", "1"), "statement.actor.objectType"));
}

// --- Actor: Groups (Part Two §2.4.2.2) -------------------------------------------------------

TEST(ValidatorGroupTest, AcceptsAnonymousAndIdentifiedGroups) {
  EXPECT_TRUE(Accepted(Minimal().Set("/actor", R"({"objectType": "Group", "name": "Team",
      "member": [{"mbox": "mailto:ann@example.com"},
                 {"objectType": "Agent", "openid": "http://openid.example.org/bob"}]})")));
  EXPECT_TRUE(Accepted(
      Minimal().Set("/actor", R"({"objectType": "Group", "mbox": "mailto:team@example.com"})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/actor", R"({"objectType": "Group",
      "account": {"homePage": "http://lms.example.com", "name": "team-7"},
      "member": [{"mbox": "mailto:ann@example.com"}]})")));
}

TEST(ValidatorGroupTest, ObjectTypeIsRequired) {
  // Without objectType the actor is an Agent, which has no "member".
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/actor", R"({"member": [{"mbox": "mailto:a@example.com"}]})"),
                 "statement.actor"));
}

TEST(ValidatorGroupTest, AnonymousGroupNeedsMember) {
  // "An Anonymous Group MUST include a "member" property listing constituent Agents."
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group", "name": "Team"})"),
                         "statement.actor"));
}

TEST(ValidatorGroupTest, IdentifiedGroupHasExactlyOneIdentifier) {
  // "An Identified Group MUST include exactly one (1) Inverse Functional Identifier."
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group",
      "mbox": "mailto:team@example.com", "openid": "http://openid.example.org/team"})"),
                         "statement.actor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group",
      "mbox": "team@example.com"})"),
                         "statement.actor.mbox"));
}

TEST(ValidatorGroupTest, MembersAreAgentsNotGroups) {
  // "An Anonymous Group MUST NOT contain Group Objects in the "member" identifiers" (the same
  // for Identified Groups).
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group", "member": [
      {"mbox": "mailto:ann@example.com"},
      {"objectType": "Group", "member": [{"mbox": "mailto:bob@example.com"}]}]})"),
                         "statement.actor.member[1]"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group",
      "mbox": "mailto:team@example.com",
      "member": [{"objectType": "Group", "mbox": "mailto:sub@example.com"}]})"),
                         "statement.actor.member[0]"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group",
      "member": [{"name": "no identifier"}]})"),
                         "statement.actor.member[0]"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/actor", R"({"objectType": "Group",
      "member": {"mbox": "mailto:ann@example.com"}})"),
                         "statement.actor.member"));
}

// --- Verb (Part Two §2.4.3, §2.3.2) ----------------------------------------------------------

TEST(ValidatorVerbTest, IdIsARequiredIri) {
  EXPECT_TRUE(Accepted(Minimal().Set("/verb", R"({"id": "http://example.com/فعل/خواندن"})")));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/verb", R"({"display": {"en-US": "did"}})"), "statement.verb"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/verb/id", R"("attempted")"), "statement.verb.id"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/verb/id", R"("")"), "statement.verb.id"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/verb/id", R"("www.example.com/verbs/did")"), "statement.verb.id"));
}

TEST(ValidatorVerbTest, DisplayIsALanguageMap) {
  EXPECT_TRUE(Accepted(Minimal().Set("/verb/display", R"({"en-US": "did", "es": "hizo"})")));
  EXPECT_TRUE(Accepted(Minimal().Remove("/verb/display")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/verb/display", R"("did")"), "statement.verb.display"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/verb/display", R"({"en-US": ["did"]})"),
                         "statement.verb.display.en-US"));
}

TEST(ValidatorVerbTest, VoidingVerbNeedsAStatementRef) {
  // §2.3.2: "the Object of that voiding Statement MUST have the "objectType" property set to
  // StatementRef".
  JsonDoc voiding(kMinimal);
  voiding.Set("/verb", R"({"id": "http://adlnet.gov/expapi/verbs/voided"})")
      .Set("/object",
           R"({"objectType": "StatementRef", "id": "e05aa883-acaf-40ad-bf54-02c8ce485fb0"})");
  EXPECT_TRUE(Accepted(voiding));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/verb", R"({"id": "http://adlnet.gov/expapi/verbs/voided"})"),
                 "statement.object"));
  JsonDoc voids_substatement(kMinimal);
  voids_substatement.Set("/verb", R"({"id": "http://adlnet.gov/expapi/verbs/voided"})")
      .Set("/object", kSubStatement);
  EXPECT_TRUE(RejectedAt(voids_substatement, "statement.object"));
}

// --- Object (Part Two §2.4.4) ----------------------------------------------------------------

TEST(ValidatorObjectTest, ObjectTypeDefaultsToActivity) {
  EXPECT_TRUE(Accepted(Minimal().Remove("/object/objectType")));
  EXPECT_TRUE(Accepted(Minimal().Set("/object/objectType", R"("Activity")")));
}

TEST(ValidatorObjectTest, RejectsUnknownObjectTypes) {
  for (const char* bad : {"activity", "Statement", "statementref", "Person", ""}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/object/objectType", JsonString(bad)),
                           "statement.object.objectType"))
        << bad;
  }
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/object/objectType", "null"), "statement.object.objectType"));
}

TEST(ValidatorObjectTest, ActivityNeedsAnIriId) {
  // §2.4.4.1: id (IRI) is required; "IRI fragments (sometimes called relative IRLs) are not
  // valid IRIs".
  EXPECT_TRUE(Accepted(Minimal().Set("/object/id", R"("urn:example:activities:quiz")")));
  EXPECT_TRUE(RejectedAt(Minimal().Remove("/object/id"), "statement.object"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/object/id", R"("/activities/quiz")"), "statement.object.id"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/id", R"("#quiz")"), "statement.object.id"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/id", "1"), "statement.object.id"));
}

TEST(ValidatorObjectTest, AgentOrGroupObjectNeedsObjectType) {
  // §2.4.4.2: "Statements that specify an Agent or Group as an Object MUST specify an
  // "objectType" property."
  EXPECT_TRUE(Accepted(
      Minimal().Set("/object", R"({"objectType": "Agent", "mbox": "mailto:bob@example.com"})")));
  EXPECT_TRUE(Accepted(Minimal().Set(
      "/object", R"({"objectType": "Group", "member": [{"mbox": "mailto:bob@example.com"}]})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object", R"({"mbox": "mailto:bob@example.com"})"),
                         "statement.object"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object", R"({"objectType": "Agent", "name": "Bob"})"),
                         "statement.object"));
}

TEST(ValidatorObjectTest, StatementRefNeedsObjectTypeAndUuid) {
  // §2.4.4.3, Statement References: objectType StatementRef and id (UUID) are required.
  EXPECT_TRUE(Accepted(Minimal().Set(
      "/object",
      R"({"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object", R"({"objectType": "StatementRef"})"),
                         "statement.object"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/object", R"({"objectType": "StatementRef", "id": "8f87ccde"})"),
                 "statement.object.id"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object", R"({"objectType": "StatementRef",
          "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0", "definition": {}})"),
                         "statement.object"));
  // Without objectType it is an Activity, whose id must be an IRI.
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/object", R"({"id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})"),
                 "statement.object.id"));
}

TEST(ValidatorObjectTest, SubStatementIsValidatedAsAStatement) {
  // §2.4.4.3, SubStatements: "A SubStatement MUST be validated as a Statement".
  EXPECT_TRUE(Accepted(Minimal().Set("/object", kSubStatement)));
  JsonDoc full(kMinimal);
  full.Set("/object", kSubStatement)
      .Set("/object/timestamp", R"("2099-01-01T00:00:00Z")")  // may be in the future (§2.4.7)
      .Set("/object/result", R"({"success": true})")
      .Set("/object/context", R"({"platform": "web"})");
  EXPECT_TRUE(Accepted(full));

  JsonDoc no_verb(kMinimal);
  no_verb.Set("/object", kSubStatement).Remove("/object/verb");
  EXPECT_TRUE(RejectedAt(no_verb, "statement.object"));
  JsonDoc bad_actor(kMinimal);
  bad_actor.Set("/object", kSubStatement).Set("/object/actor", R"({"name": "nobody"})");
  EXPECT_TRUE(RejectedAt(bad_actor, "statement.object.actor"));
  JsonDoc bad_result(kMinimal);
  bad_result.Set("/object", kSubStatement).Set("/object/result/duration", R"("PT")");
  EXPECT_TRUE(RejectedAt(bad_result, "statement.object.result.duration"));
}

TEST(ValidatorObjectTest, SubStatementMustNotHaveLrsProperties) {
  // "A SubStatement MUST NOT have the "id", "stored", "version" or "authority" properties."
  const std::pair<const char*, const char*> forbidden[] = {
      {"/object/id", R"("fd41c918-b88b-4b20-a0a5-a4c32391aaa0")"},
      {"/object/stored", R"("2015-11-18T12:17:00Z")"},
      {"/object/version", R"("1.0.0")"},
      {"/object/authority", R"({"mbox": "mailto:lrs@example.com"})"},
  };
  for (const auto& [pointer, value] : forbidden) {
    JsonDoc statement(kMinimal);
    statement.Set("/object", kSubStatement).Set(pointer, value);
    EXPECT_TRUE(RejectedAt(statement, "statement.object", std::string(pointer).substr(8)));
  }
}

TEST(ValidatorObjectTest, SubStatementCannotNest) {
  // "A SubStatement MUST NOT contain a SubStatement of its own, i.e., cannot be nested."
  JsonDoc statement(kMinimal);
  statement.Set("/object", kSubStatement).Set("/object/object", kSubStatement);
  EXPECT_TRUE(RejectedAt(statement, "statement.object.object"));
  JsonDoc ref(kMinimal);
  ref.Set("/object", kSubStatement)
      .Set("/object/object",
           R"({"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})");
  EXPECT_TRUE(Accepted(ref));
}

// --- Activity definitions (Part Two §2.4.4.1) ------------------------------------------------

TEST(ValidatorDefinitionTest, AcceptsAFullDefinition) {
  EXPECT_TRUE(Accepted(Minimal().Set("/object/definition", R"({
      "name": {"en-US": "Quiz", "fr": "Questionnaire"},
      "description": {"en-US": "A short quiz"},
      "type": "http://adlnet.gov/expapi/activities/assessment",
      "moreInfo": "https://example.com/quiz/about",
      "extensions": {"http://example.com/ext/level": "easy"}})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/object/definition", "{}")));
}

TEST(ValidatorDefinitionTest, NameAndDescriptionAreLanguageMaps) {
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/name", R"("Quiz")"),
                         "statement.object.definition.name"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/name", R"({"english123": "Quiz"})"),
                         "statement.object.definition.name.english123"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/description", R"({"en": 5})"),
                         "statement.object.definition.description.en"));
}

TEST(ValidatorDefinitionTest, TypeAndMoreInfoAreIris) {
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/type", R"("assessment")"),
                         "statement.object.definition.type"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/moreInfo", R"("example.com/about")"),
                         "statement.object.definition.moreInfo"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/Type", R"("http://example.com/t")"),
                         "statement.object.definition"));
}

TEST(ValidatorDefinitionTest, InteractionTypeIsOneOfTheEnumeratedValues) {
  for (const char* type : {"true-false", "choice", "fill-in", "long-fill-in", "matching",
                           "performance", "sequencing", "likert", "numeric", "other"}) {
    EXPECT_TRUE(Accepted(Minimal().Set("/object/definition/interactionType", JsonString(type))))
        << type;
  }
  for (const char* bad : {"Choice", "TRUE-FALSE", "essay", "true_false", ""}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/interactionType", JsonString(bad)),
                           "statement.object.definition.interactionType"))
        << bad;
  }
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/interactionType", "1"),
                         "statement.object.definition.interactionType"));
}

TEST(ValidatorDefinitionTest, CorrectResponsesPatternIsAnArrayOfStrings) {
  JsonDoc good(kMinimal);
  good.Set("/object/definition",
           R"({"interactionType": "fill-in", "correctResponsesPattern": ["Bob's your uncle"]})");
  EXPECT_TRUE(Accepted(good));
  JsonDoc empty(kMinimal);  // "no correct answer"
  empty.Set("/object/definition", R"({"interactionType": "other", "correctResponsesPattern": []})");
  EXPECT_TRUE(Accepted(empty));
  JsonDoc not_array(kMinimal);
  not_array.Set("/object/definition",
                R"({"interactionType": "true-false", "correctResponsesPattern": "true"})");
  EXPECT_TRUE(RejectedAt(not_array, "statement.object.definition.correctResponsesPattern"));
  JsonDoc not_string(kMinimal);
  not_string.Set("/object/definition",
                 R"({"interactionType": "numeric", "correctResponsesPattern": ["4[:]", 5]})");
  EXPECT_TRUE(RejectedAt(not_string, "statement.object.definition.correctResponsesPattern[1]"));
}

TEST(ValidatorDefinitionTest, ComponentListsMatchTheInteractionType) {
  // §2.4.4.1, Interaction Components: the supported component lists per interactionType.
  const char* components = R"([{"id": "a", "description": {"en-US": "A"}}, {"id": "b"}])";
  const std::pair<const char*, const char*> supported[] = {
      {"choice", "choices"},  {"sequencing", "choices"}, {"likert", "scale"},
      {"matching", "source"}, {"matching", "target"},    {"performance", "steps"},
  };
  for (const auto& [type, list] : supported) {
    JsonDoc statement(kMinimal);
    statement.Set("/object/definition/interactionType", JsonString(type))
        .Set(std::string("/object/definition/") + list, components);
    EXPECT_TRUE(Accepted(statement)) << type << " with " << list;
  }
  const std::pair<const char*, const char*> unsupported[] = {
      {"choice", "scale"},       {"likert", "choices"},      {"matching", "steps"},
      {"true-false", "choices"}, {"fill-in", "source"},      {"numeric", "target"},
      {"other", "steps"},        {"performance", "choices"}, {"long-fill-in", "scale"},
  };
  for (const auto& [type, list] : unsupported) {
    JsonDoc statement(kMinimal);
    statement.Set("/object/definition/interactionType", JsonString(type))
        .Set(std::string("/object/definition/") + list, components);
    EXPECT_TRUE(RejectedAt(statement, std::string("statement.object.definition.") + list))
        << type << " with " << list;
  }
}

TEST(ValidatorDefinitionTest, InteractionComponentsHaveDistinctIds) {
  // "Within an array of interaction components, all id values MUST be distinct."
  auto choices = [](const char* list) {
    JsonDoc statement(kMinimal);
    statement.Set("/object/definition/interactionType", R"("choice")")
        .Set("/object/definition/choices", list);
    return statement;
  };
  EXPECT_TRUE(Accepted(choices(R"([{"id": "golf"}, {"id": "Golf"}])")));
  EXPECT_TRUE(RejectedAt(choices(R"([{"id": "golf"}, {"id": "golf"}])"),
                         "statement.object.definition.choices[1].id"));
  EXPECT_TRUE(RejectedAt(choices(R"([{"description": {"en-US": "Golf"}}])"),
                         "statement.object.definition.choices[0]"));
  EXPECT_TRUE(RejectedAt(choices(R"([{"id": 1}])"), "statement.object.definition.choices[0].id"));
  EXPECT_TRUE(RejectedAt(choices(R"([{"id": "golf", "name": "Golf"}])"),
                         "statement.object.definition.choices[0]"));
  EXPECT_TRUE(RejectedAt(choices(R"([{"id": "golf", "description": {"en_US": "Golf"}}])"),
                         "statement.object.definition.choices[0].description.en_US"));
  EXPECT_TRUE(RejectedAt(choices(R"({"id": "golf"})"), "statement.object.definition.choices"));
  EXPECT_TRUE(RejectedAt(choices(R"(["golf"])"), "statement.object.definition.choices[0]"));
}

TEST(ValidatorDefinitionTest, InteractionPropertiesNeedAnInteractionType) {
  // "Interaction Activities MUST have a valid interactionType."
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/correctResponsesPattern", R"(["a"])"),
                         "statement.object.definition"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/choices", R"([{"id": "a"}])"),
                         "statement.object.definition"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/definition/steps", R"([{"id": "a"}])"),
                         "statement.object.definition"));
}

TEST(ValidatorDefinitionTest, ContextActivityDefinitionsAreValidatedToo) {
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/contextActivities/parent",
                    R"([{"id": "http://example.com/p", "definition": {"type": "course"}}])"),
      "statement.context.contextActivities.parent[0].definition.type"));
}

// --- Result (Part Two §2.4.5, §4.6) -----------------------------------------------------------

TEST(ValidatorResultTest, ScaledIsBetweenMinusOneAndOne) {
  for (const char* scaled : {"-1", "-0.5", "0", "0.95", "1", "1.0"}) {
    EXPECT_TRUE(Accepted(Minimal().Set("/result/score/scaled", scaled))) << scaled;
  }
  for (const char* scaled : {"-1.01", "1.5", "100"}) {
    EXPECT_TRUE(
        RejectedAt(Minimal().Set("/result/score/scaled", scaled), "statement.result.score.scaled"))
        << scaled;
  }
}

TEST(ValidatorResultTest, MinIsLessThanMax) {
  EXPECT_TRUE(Accepted(Minimal().Set("/result/score", R"({"min": -10, "max": 10.5})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"min": 10, "max": 10})"),
                         "statement.result.score.min"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"min": 10, "max": 5})"),
                         "statement.result.score.min"));
}

TEST(ValidatorResultTest, RawIsWithinMinAndMax) {
  EXPECT_TRUE(Accepted(Minimal().Set("/result/score", R"({"raw": 0, "min": 0, "max": 10})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/result/score", R"({"raw": 10, "min": 0, "max": 10})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/result/score", R"({"raw": -1234.5})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"raw": -1, "min": 0, "max": 10})"),
                         "statement.result.score.raw"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"raw": 11, "min": 0, "max": 10})"),
                         "statement.result.score.raw"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"raw": 1, "min": 2})"),
                         "statement.result.score.raw"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"raw": 3, "max": 2})"),
                         "statement.result.score.raw"));
}

TEST(ValidatorResultTest, ScoreHasOnlyNumericKnownProperties) {
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", R"({"scaled": 0.5, "percent": 50})"),
                         "statement.result.score"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/score", R"({"max": "10"})"), "statement.result.score.max"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/score", R"({"min": true})"), "statement.result.score.min"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/score", "0.5"), "statement.result.score"));
}

TEST(ValidatorResultTest, SuccessAndCompletionAreBooleans) {
  EXPECT_TRUE(Accepted(Minimal().Set("/result", R"({"success": false, "completion": true})")));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/success", R"("false")"), "statement.result.success"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/result/completion", R"("true")"), "statement.result.completion"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/success", "0"), "statement.result.success"));
}

TEST(ValidatorResultTest, DurationIsIso8601) {
  // §4.6, including the spec's own examples.
  for (const char* duration : {"PT4H35M59.14S", "PT16559.14S", "P3Y1M29DT4H35M59.14S", "P3Y", "P4W",
                               "PT1H0M0.1S", "PT0.001S"}) {
    EXPECT_TRUE(Accepted(Minimal().Set("/result/duration", JsonString(duration)))) << duration;
  }
  for (const char* duration :
       {"PA1H0M0S", "P4W1D", "PT", "should fail", "P", "", "P0003-01-29T04:35:59", "1H"}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/result/duration", JsonString(duration)),
                           "statement.result.duration"))
        << duration;
  }
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/duration", "3600"), "statement.result.duration"));
}

TEST(ValidatorResultTest, ExtensionKeysAreIris) {
  // §4.1: "The keys of an extensions map MUST be IRIs."; values are free-form.
  EXPECT_TRUE(Accepted(Minimal().Set(
      "/result/extensions", R"({"http://example.com/ext/a": [1, "two", {"three": false}]})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/extensions", R"({"attempt": 2})"),
                         "statement.result.extensions.attempt"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/result/extensions", "[]"), "statement.result.extensions"));
}

// --- Context (Part Two §2.4.6) ---------------------------------------------------------------

TEST(ValidatorContextTest, RegistrationIsAUuid) {
  EXPECT_TRUE(Accepted(
      Minimal().Set("/context/registration", R"("EC531277-B57B-4C15-8D91-D292C5B2B8F7")")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/registration", R"("not-a-uuid")"),
                         "statement.context.registration"));
  Status status = ValidateStatement(
      Minimal().Set("/context/registration", R"("ec531277b57b4c158d91d292c5b2b8f7")"), "statement");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message().rfind("statement.context.registration: ", 0), 0u)
      << status.error().message();
}

TEST(ValidatorContextTest, InstructorIsAnAgentOrGroup) {
  EXPECT_TRUE(
      Accepted(Minimal().Set("/context/instructor", R"({"mbox": "mailto:t@example.com"})")));
  EXPECT_TRUE(Accepted(
      Minimal().Set("/context/instructor",
                    R"({"objectType": "Group", "member": [{"mbox": "mailto:t@example.com"}]})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/instructor", R"({"name": "Teacher"})"),
                         "statement.context.instructor"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/instructor", R"("mailto:t@example.com")"),
                         "statement.context.instructor"));
}

TEST(ValidatorContextTest, TeamIsAGroup) {
  EXPECT_TRUE(Accepted(
      Minimal().Set("/context/team",
                    R"({"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/team", R"({"mbox": "mailto:a@example.com"})"),
                         "statement.context.team.objectType"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/team", R"({"objectType": "Agent", "mbox": "mailto:a@example.com"})"),
      "statement.context.team.objectType"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/team", "[]"), "statement.context.team"));
}

TEST(ValidatorContextTest, ContextActivitiesHaveTheFourKeysWithActivities) {
  // §2.4.6.2: "Every key in the contextActivities Object MUST be one of parent, grouping,
  // category, or other" and "Every value ... MUST be either a single Activity Object or an array
  // of Activity Objects."
  EXPECT_TRUE(Accepted(Minimal().Set("/context/contextActivities", R"({
      "parent": {"id": "http://example.com/p"},
      "grouping": [{"id": "http://example.com/g1"}, {"objectType": "Activity",
                                                     "id": "http://example.com/g2"}],
      "category": [{"id": "http://example.com/c"}],
      "other": {"id": "http://example.com/o", "definition": {"name": {"en": "Other"}}}})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/contextActivities",
                                       R"({"parents": [{"id": "http://example.com/p"}]})"),
                         "statement.context.contextActivities"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/contextActivities",
                                       R"({"Parent": [{"id": "http://example.com/p"}]})"),
                         "statement.context.contextActivities"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/contextActivities", R"({"parent": "http://example.com/p"})"),
      "statement.context.contextActivities.parent"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/contextActivities", R"({"category": ["http://example.com/c"]})"),
      "statement.context.contextActivities.category[0]"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/context/contextActivities", R"({"other": [{"id": "other"}]})"),
                 "statement.context.contextActivities.other[0].id"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/contextActivities",
                    R"({"grouping": [{"objectType": "Agent", "id": "http://example.com/g"}]})"),
      "statement.context.contextActivities.grouping[0].objectType"));
}

TEST(ValidatorContextTest, RevisionAndPlatformOnlyWithAnActivityObject) {
  // §2.4.6: "The "revision" property MUST only be used if the Statement's Object is an
  // Activity." (the same for "platform").
  EXPECT_TRUE(Accepted(Minimal().Set("/context", R"({"revision": "r2", "platform": "web"})")));
  const char* agent = R"({"objectType": "Agent", "mbox": "mailto:bob@example.com"})";
  const char* ref =
      R"({"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})";
  for (const char* object : {agent, ref, static_cast<const char*>(kSubStatement)}) {
    for (const char* property : {"revision", "platform"}) {
      JsonDoc statement(kMinimal);
      statement.Set("/object", object).Set(std::string("/context/") + property, R"("x")");
      EXPECT_TRUE(RejectedAt(statement, std::string("statement.context.") + property))
          << property << " with " << object;
    }
  }
  // Inside a SubStatement, the rule applies to the SubStatement's own object.
  JsonDoc sub(kMinimal);
  sub.Set("/object", kSubStatement)
      .Set("/object/object", agent)
      .Set("/object/context/revision", R"("r2")");
  EXPECT_TRUE(RejectedAt(sub, "statement.object.context.revision"));
}

TEST(ValidatorContextTest, LanguageIsALanguageTag) {
  EXPECT_TRUE(Accepted(Minimal().Set("/context/language", R"("zh-Hant-TW")")));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/context/language", R"("en_US")"), "statement.context.language"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/context/language", R"("")"), "statement.context.language"));
}

TEST(ValidatorContextTest, StatementIsAStatementRef) {
  EXPECT_TRUE(Accepted(Minimal().Set(
      "/context/statement",
      R"({"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})")));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/statement", R"({"id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})"),
      "statement.context.statement.objectType"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/statement", kSubStatement),
                         "statement.context.statement"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/context/statement", R"({"objectType": "StatementRef", "id": "x"})"),
      "statement.context.statement.id"));
}

TEST(ValidatorContextTest, ExtensionKeysAreIris) {
  EXPECT_TRUE(Accepted(
      Minimal().Set("/context/extensions", R"({"http://example.com/ext/altitude": 1200})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/context/extensions", R"({"altitude": 1200})"),
                         "statement.context.extensions.altitude"));
}

// --- Timestamps, stored, authority, version (Part Two §2.4.7-§2.4.10, §4.5) -------------------

TEST(ValidatorTimestampTest, TimestampIsIso8601) {
  for (const char* ts : {"2015-11-18T12:17:00+00:00", "2015-11-18T12:17:00.123Z",
                         "2015-11-18T12:17:00.123456789-05:00", "2015-11-18T12:17:00Z"}) {
    EXPECT_TRUE(Accepted(Minimal().Set("/timestamp", JsonString(ts)))) << ts;
  }
  // ISO 8601 does not allow the "unknown local offset" forms.
  for (const char* ts : {"2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000",
                         "2008-09-15T15:53:00.601-00:00", "2015-13-01T00:00:00Z",
                         "18/11/2015 12:17", "yesterday", ""}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/timestamp", JsonString(ts)), "statement.timestamp"))
        << ts;
  }
  EXPECT_TRUE(RejectedAt(Minimal().Set("/timestamp", "1447849020"), "statement.timestamp"));
}

TEST(ValidatorTimestampTest, StoredIsValidated) {
  // §2.4.8: "An LRS SHOULD validate and then MUST overwrite any value currently in the "stored"
  // property".
  EXPECT_TRUE(Accepted(Minimal().Set("/stored", R"("2015-11-18T12:17:00.000Z")")));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/stored", R"("2015-11-18T12:17:00-00:00")"), "statement.stored"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/stored", "true"), "statement.stored"));
}

TEST(ValidatorAuthorityTest, AuthorityIsAnAgentOrATwoMemberGroup) {
  // §2.4.9: "Authority MUST be an Agent, except in 3-legged OAuth, where it MUST be a Group with
  // two Agents."
  EXPECT_TRUE(Accepted(Minimal().Set("/authority", R"({"mbox": "mailto:lrs@example.com"})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/authority", R"({"objectType": "Group", "member": [
      {"account": {"homePage": "http://example.com/xAPI/OAuth/Token",
                   "name": "oauth_consumer_x75db"}},
      {"mbox": "mailto:bob@example.com"}]})")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"objectType": "Group", "member": [
      {"mbox": "mailto:bob@example.com"}]})"),
                         "statement.authority"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"objectType": "Group", "member": [
      {"mbox": "mailto:a@example.com"}, {"mbox": "mailto:b@example.com"},
      {"mbox": "mailto:c@example.com"}]})"),
                         "statement.authority"));
  EXPECT_TRUE(RejectedAt(
      Minimal().Set("/authority", R"({"objectType": "Group", "mbox": "mailto:g@example.com"})"),
      "statement.authority"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"name": "LRS"})"), "statement.authority"));
}

TEST(ValidatorAuthorityTest, GroupAuthorityIsTheAnonymousOAuthPair) {
  // §2.4.9, "OAuth Credentials as Authority": the Group stands for the application (an Agent
  // identified by an account: consumer key and token endpoint) and the user; it is the pair, not
  // a Group of its own. Member order does not matter.
  EXPECT_TRUE(Accepted(Minimal().Set("/authority", R"({"objectType": "Group", "name": "x",
      "member": [{"mbox": "mailto:bob@example.com"},
                 {"account": {"homePage": "http://example.com/xAPI/OAuth/Token",
                              "name": "oauth_consumer_x75db"}}]})")));
  // An identified Group, even of two members with the application among them.
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"objectType": "Group",
      "mbox": "mailto:pair@example.com",
      "member": [{"mbox": "mailto:bob@example.com"},
                 {"account": {"homePage": "http://example.com/xAPI/OAuth/Token",
                              "name": "oauth_consumer_x75db"}}]})"),
                         "statement.authority", "identified"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"objectType": "Group",
      "account": {"homePage": "http://example.com", "name": "pair"},
      "member": [{"mbox": "mailto:bob@example.com"},
                 {"account": {"homePage": "http://example.com/xAPI/OAuth/Token",
                              "name": "oauth_consumer_x75db"}}]})"),
                         "statement.authority", "identified"));
  // Two members, but no application among them.
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"objectType": "Group", "member": [
      {"mbox": "mailto:a@example.com"}, {"openid": "http://openid.example.com/b"}]})"),
                         "statement.authority", "account"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/authority", R"({"objectType": "Group", "member": []})"),
                         "statement.authority"));
}

TEST(ValidatorVersionTest, VersionIsOneZeroX) {
  // §2.4.10: "An LRS MUST accept all Statements where their version starts with 1.0. if they
  // otherwise validate" and "MUST reject all Statements with a version specified that does not
  // start with 1.0.".
  for (const char* version : {"1.0.0", "1.0.3", "1.0.9", "1.0.12"}) {
    EXPECT_TRUE(Accepted(Minimal().Set("/version", JsonString(version)))) << version;
  }
  // "1.0" is accepted: §2.4.10 also says "Version MUST be formatted as laid out for the API
  // version header", and Part Three §3.3 accepts a header of "1.0" as "1.0.0" (the ADL
  // conformance suite treats "1.0" as a valid statement version too).
  EXPECT_TRUE(Accepted(Minimal().Set("/version", R"("1.0")")));
  for (const char* version : {"1.1.0", "0.95", "2.0.0", "0.9.9", "1.0.", "1.0.x", "1", ""}) {
    EXPECT_TRUE(RejectedAt(Minimal().Set("/version", JsonString(version)), "statement.version"))
        << version;
  }
  EXPECT_TRUE(RejectedAt(Minimal().Set("/version", "1.0"), "statement.version"));
}

// --- Attachments (Part Two §2.4.11, Part Three §1.5.2) ----------------------------------------

JsonDoc WithAttachment() {
  JsonDoc statement(kMinimal);
  statement.Set("/attachments", std::string("[") + kAttachment + "]");
  return statement;
}

TEST(ValidatorAttachmentTest, AcceptsACompleteAttachment) {
  EXPECT_TRUE(Accepted(WithAttachment()));
  EXPECT_TRUE(
      Accepted(WithAttachment().Set("/attachments/0/description", R"({"en-US": "described"})")));
  EXPECT_TRUE(Accepted(Minimal().Set("/attachments", "[]")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/attachments", kAttachment), "statement.attachments"));
}

TEST(ValidatorAttachmentTest, RequiredProperties) {
  for (const char* property : {"usageType", "display", "contentType", "length", "sha2"}) {
    EXPECT_TRUE(RejectedAt(WithAttachment().Remove(std::string("/attachments/0/") + property),
                           "statement.attachments[0]"))
        << property;
  }
  EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/fileURL", R"("http://x.com/f")"),
                         "statement.attachments[0]"));
}

TEST(ValidatorAttachmentTest, PropertyFormats) {
  EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/usageType", R"("signature")"),
                         "statement.attachments[0].usageType"));
  EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/display", R"("Signature")"),
                         "statement.attachments[0].display"));
  EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/description", R"({"e n": "x"})"),
                         "statement.attachments[0].description.e n"));
  for (const char* type : {"text", "text/", "/plain", "text plain", ""}) {
    EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/contentType", JsonString(type)),
                           "statement.attachments[0].contentType"))
        << type;
  }
  EXPECT_TRUE(Accepted(WithAttachment().Set("/attachments/0/contentType", R"("image/svg+xml")")));
  EXPECT_TRUE(Accepted(WithAttachment().Set("/attachments/0/length", "0")));
  for (const char* length : {"-1", "1.5", R"("27")", "null"}) {
    EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/length", length),
                           "statement.attachments[0].length"))
        << length;
  }
  EXPECT_TRUE(Accepted(WithAttachment().Set(
      "/attachments/0/sha2",
      R"("D14A028C2A3A2BC9476102BB288234C415A2B01F828EA62AC5B3E42F")")));  // SHA-224
  for (const char* sha2 : {"xyz", "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848",
                           "z95395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a"}) {
    EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/sha2", JsonString(sha2)),
                           "statement.attachments[0].sha2"))
        << sha2;
  }
  EXPECT_TRUE(RejectedAt(WithAttachment().Set("/attachments/0/fileUrl", R"("files/test.txt")"),
                         "statement.attachments[0].fileUrl"));
}

TEST(ValidatorAttachmentTest, FileUrlRequiredOnlyWithoutAttachmentData) {
  // Part Three §1.5.2: with application/json no attachment data can accompany the statement.
  JsonDoc statement(kMinimal);
  statement.Set("/attachments", std::string("[") + kAttachment + "]")
      .Remove("/attachments/0/fileUrl");
  EXPECT_TRUE(RejectedAt(statement, "statement.attachments[0]"));
  ValidationOptions multipart;
  multipart.attachments_need_file_url = false;
  EXPECT_TRUE(Accepted(statement, multipart));
  EXPECT_TRUE(Accepted(WithAttachment(), multipart));
}

// --- Language maps and IRIs everywhere (Part Two §2.2, §4.2) ----------------------------------

TEST(ValidatorLanguageMapTest, KeysAreLanguageTags) {
  // §2.2: "The LRS MUST at least validate that the sequence of token lengths for language map
  // keys matches the RFC 5646 standard."
  for (const char* tag : {"en-US", "zh-Hant-TW", "es-419", "x-private", "i-klingon", "de",
                          "sgn-BE-FR", "en-GB-oed"}) {
    std::string display = "{" + JsonString(tag) + ": \"did\"}";
    EXPECT_TRUE(Accepted(Minimal().Set("/verb/display", display))) << tag;
  }
  for (const char* tag : {"en_US", "english123", "", "e", "en-", "en--US", "123"}) {
    std::string display = "{" + JsonString(tag) + ": \"did\"}";
    EXPECT_TRUE(RejectedAt(Minimal().Set("/verb/display", display),
                           std::string("statement.verb.display.") + tag))
        << tag;
  }
}

TEST(ValidatorIriTest, IrisNeedAScheme) {
  // §2.2: reject Statements "containing IRL or IRI values without a scheme".
  EXPECT_TRUE(Accepted(Minimal().Set("/object/id", R"("tag:example.com,2024:quiz")")));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/id", R"("example.com/activities/quiz")"),
                         "statement.object.id"));
  EXPECT_TRUE(
      RejectedAt(Minimal().Set("/object/id", R"("://example.com/quiz")"), "statement.object.id"));
  EXPECT_TRUE(RejectedAt(Minimal().Set("/object/id", R"("http://example.com/a quiz")"),
                         "statement.object.id"));
}

// --- The "agent" parameter (Part Three §2.1.3) ------------------------------------------------

::testing::AssertionResult AgentAccepted(std::string_view text) {
  JsonDoc agent(text);
  Status status = ValidateAgentParameter(agent, "agent");
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << status.error().message();
}

::testing::AssertionResult AgentRejectedAt(std::string_view text, std::string_view path) {
  JsonDoc agent(text);
  Status status = ValidateAgentParameter(agent, "agent");
  if (status.ok()) return ::testing::AssertionFailure() << "accepted: " << text;
  if (status.error().code() != ErrorCode::kBadRequest ||
      status.error().message().rfind(std::string(path) + ": ", 0) != 0) {
    return ::testing::AssertionFailure() << "unexpected error: " << status.error().message();
  }
  return ::testing::AssertionSuccess();
}

TEST(ValidatorAgentParameterTest, AcceptsAgentsAndIdentifiedGroups) {
  EXPECT_TRUE(AgentAccepted(R"({"mbox": "mailto:ann@example.com"})"));
  EXPECT_TRUE(AgentAccepted(R"({"objectType": "Agent",
      "account": {"homePage": "http://lms.example.com", "name": "ann"}})"));
  EXPECT_TRUE(AgentAccepted(R"({"objectType": "Group", "mbox": "mailto:team@example.com"})"));
  EXPECT_TRUE(AgentAccepted(R"({"objectType": "Group", "openid": "http://openid.example.org/t",
      "member": [{"mbox": "mailto:ann@example.com"}]})"));
}

TEST(ValidatorAgentParameterTest, RejectsAnonymousGroupsAndInvalidAgents) {
  EXPECT_TRUE(AgentRejectedAt(
      R"({"objectType": "Group", "member": [{"mbox": "mailto:ann@example.com"}]})", "agent"));
  EXPECT_TRUE(AgentRejectedAt(R"({"name": "Ann"})", "agent"));
  EXPECT_TRUE(AgentRejectedAt(R"({"mbox": "ann@example.com"})", "agent.mbox"));
  EXPECT_TRUE(AgentRejectedAt(
      R"({"mbox": "mailto:ann@example.com", "openid": "http://openid.example.org/ann"})", "agent"));
  EXPECT_TRUE(AgentRejectedAt(R"({"mbox": "mailto:ann@example.com", "role": "x"})", "agent"));
  EXPECT_TRUE(AgentRejectedAt(R"("mailto:ann@example.com")", "agent"));
}

}  // namespace
}  // namespace lrs::xapi
