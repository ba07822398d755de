// Statement validation under xAPI 2.0.0 (IEEE 9274.1.1-2023 §4.2, the requirements listed in
// ../shared/spec/xapi-2.0/LRS.md §2): what differs from 1.0.3, each rule with a statement that
// follows it (accepted) and one that breaks it (rejected, naming the JSON path), and, where the
// two versions differ, the same statement under 1.0.3.
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "lrs/xapi/validator.h"
#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;
using test::JsonString;

constexpr char kMinimal[] = R"({
  "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  "actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}},
  "object": {"objectType": "Activity", "id": "http://example.com/activities/quiz"}
})";

// A contextAgents entry and a contextGroups entry as 9274.1.1 §4.2.2.5 shows them.
constexpr char kContextAgent[] = R"({"objectType": "contextAgent",
    "agent": {"objectType": "Agent", "name": "Coach", "mbox": "mailto:coach@example.com"},
    "relevantTypes": ["http://example.com/roles/coach"]})";
constexpr char kContextGroup[] = R"({"objectType": "contextGroup",
    "group": {"objectType": "Group", "name": "Cohort 7",
              "account": {"homePage": "http://lms.example.com", "name": "cohort-7"}},
    "relevantTypes": ["http://example.com/roles/cohort"]})";

JsonDoc Minimal() {
  return JsonDoc(kMinimal);
}

ValidationOptions Under(Version version) {
  ValidationOptions options;
  options.version = version;
  return options;
}

::testing::AssertionResult AcceptedUnder(Version version, const json::Value& statement) {
  Status status = ValidateStatement(statement, "statement", Under(version));
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "rejected: " << status.error().message() << "\n  statement: " << json::Write(statement);
}

// Rejected as a bad request whose message starts with `path` and mentions `mentions`.
::testing::AssertionResult RejectedUnder(Version version, const json::Value& statement,
                                         std::string_view path, std::string_view mentions = "") {
  Status status = ValidateStatement(statement, "statement", Under(version));
  if (status.ok()) return ::testing::AssertionFailure() << "accepted: " << json::Write(statement);
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

::testing::AssertionResult Accepted2(const json::Value& statement) {
  return AcceptedUnder(Version::k2_0_0, statement);
}
::testing::AssertionResult Rejected2(const json::Value& statement, std::string_view path,
                                     std::string_view mentions = "") {
  return RejectedUnder(Version::k2_0_0, statement, path, mentions);
}

// --- contextAgents and contextGroups (§4.2.2.5) ------------------------------------------------

TEST(ValidatorV2ContextTest, ContextAgentsAndGroupsAreAccepted) {
  EXPECT_TRUE(
      Accepted2(Minimal()
                    .Set("/context/contextAgents", std::string("[") + kContextAgent + "]")
                    .Set("/context/contextGroups", std::string("[") + kContextGroup + "]")));
  // relevantTypes is optional; an agent without objectType is an Agent; an anonymous Group.
  EXPECT_TRUE(Accepted2(Minimal().Set("/context/contextAgents", R"([
      {"objectType": "contextAgent", "agent": {"mbox": "mailto:a@example.com"}},
      {"objectType": "contextAgent", "agent": {"openid": "http://openid.example.com/b"}}])")));
  EXPECT_TRUE(Accepted2(Minimal().Set("/context/contextGroups", R"([
      {"objectType": "contextGroup",
       "group": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.com"}]}}])")));
  // Empty lists: the table does not forbid them (LRS.md §2.6, as xapi-schema 2.0 and ADL).
  EXPECT_TRUE(Accepted2(Minimal().Set("/context/contextAgents", "[]")));
  EXPECT_TRUE(Accepted2(Minimal().Set("/context/contextGroups", "[]")));
  // Beside instructor and team, which 2.0.0 deprecates but still accepts.
  EXPECT_TRUE(Accepted2(
      Minimal()
          .Set("/context/instructor", R"({"mbox": "mailto:teacher@example.com"})")
          .Set("/context/team", R"({"objectType": "Group", "openid": "http://example.com/t"})")
          .Set("/context/contextAgents", std::string("[") + kContextAgent + "]")));
}

TEST(ValidatorV2ContextTest, ContextAgentEntriesAreChecked) {
  const std::string at = "statement.context.contextAgents[0]";
  auto with = [](std::string_view entry) {
    JsonDoc statement = Minimal();
    statement.Set("/context/contextAgents", "[" + std::string(entry) + "]");
    return statement;
  };
  EXPECT_TRUE(
      Rejected2(with(R"({"agent": {"mbox": "mailto:a@example.com"}})"), at, "\"objectType\""));
  EXPECT_TRUE(Rejected2(
      with(R"({"objectType": "ContextAgent", "agent": {"mbox": "mailto:a@example.com"}})"),
      at + ".objectType", "contextAgent"));
  EXPECT_TRUE(
      Rejected2(with(R"({"objectType": "Agent", "agent": {"mbox": "mailto:a@example.com"}})"),
                at + ".objectType"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent"})"), at, "\"agent\""));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"objectType": "Group", "mbox": "mailto:g@example.com"}})"),
                        at + ".agent", "Group"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"mbox": "mailto:a@example.com", "openid": "http://example.com/a"}})"),
                        at + ".agent", "exactly one"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent", "agent": {"name": "Nobody"}})"),
                        at + ".agent"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"mbox": "mailto:a@example.com"}, "relevantTypes": []})"),
                        at + ".relevantTypes", "at least one"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"mbox": "mailto:a@example.com"}, "relevantTypes": ["coach"]})"),
                        at + ".relevantTypes[0]", "IRI"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"mbox": "mailto:a@example.com"}, "relevantTypes": "http://example.com/r"})"),
                        at + ".relevantTypes"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"mbox": "mailto:a@example.com"}, "role": "coach"})"),
                        at, "\"role\""));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "agent": {"mbox": "mailto:a@example.com"}, "relevantTypes": null})"),
                        at + ".relevantTypes", "null"));
  EXPECT_TRUE(Rejected2(Minimal().Set("/context/contextAgents", kContextAgent),
                        "statement.context.contextAgents", "array"));
}

TEST(ValidatorV2ContextTest, ContextGroupEntriesAreChecked) {
  const std::string at = "statement.context.contextGroups[0]";
  auto with = [](std::string_view entry) {
    JsonDoc statement = Minimal();
    statement.Set("/context/contextGroups", "[" + std::string(entry) + "]");
    return statement;
  };
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextAgent",
      "group": {"objectType": "Group", "openid": "http://example.com/g"}})"),
                        at + ".objectType", "contextGroup"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextGroup"})"), at, "\"group\""));
  // A Group must say so; an Agent is not a Group.
  EXPECT_TRUE(Rejected2(
      with(R"({"objectType": "contextGroup", "group": {"openid": "http://example.com/g"}})"),
      at + ".group.objectType"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextGroup",
      "group": {"objectType": "Agent", "mbox": "mailto:a@example.com"}})"),
                        at + ".group.objectType"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextGroup",
      "group": {"objectType": "Group", "name": "no members, no identifier"}})"),
                        at + ".group", "member"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextGroup",
      "group": {"objectType": "Group", "openid": "http://example.com/g"}, "relevantTypes": []})"),
                        at + ".relevantTypes"));
  EXPECT_TRUE(Rejected2(with(R"({"objectType": "contextGroup",
      "group": {"objectType": "Group", "openid": "http://example.com/g"},
      "agent": {"mbox": "mailto:a@example.com"}})"),
                        at, "\"agent\""));
}

TEST(ValidatorV2ContextTest, SubStatementContextMayCarryThem) {
  JsonDoc statement = Minimal();
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://example.com/verbs/will-coach"},
      "object": {"id": "http://example.com/activities/session"},
      "context": {"contextAgents": [{"objectType": "contextAgent",
                                     "agent": {"mbox": "mailto:coach@example.com"}}]}})");
  EXPECT_TRUE(Accepted2(statement));
  statement.Set("/object/context/contextAgents/0/objectType", R"("agent")");
  EXPECT_TRUE(Rejected2(statement, "statement.object.context.contextAgents[0].objectType"));
}

TEST(ValidatorV2ContextTest, Under103TheyAreNotDefined) {
  // xAPI 1.0.3 has no such properties, and an LRS rejects properties it does not define.
  for (const char* property : {"contextAgents", "contextGroups"}) {
    const std::string entry =
        property == std::string("contextAgents") ? kContextAgent : kContextGroup;
    JsonDoc statement = Minimal();
    statement.Set(std::string("/context/") + property, "[" + entry + "]");
    EXPECT_TRUE(Accepted2(statement)) << property;
    EXPECT_TRUE(RejectedUnder(Version::k1_0_3, statement,
                              std::string("statement.context.") + property, "2.0.0"))
        << property;
  }
}

// --- Timestamps (§4.2.7: RFC 3339 date-time, converted to UTC) ---------------------------------

TEST(ValidatorV2TimestampTest, Rfc3339IsAccepted) {
  for (const char* ts :
       {"2008-09-15T15:53:00.601+00:00", "2008-09-15T15:53:00Z", "2023-05-04T12:00:00-05:00",
        "2023-05-04T12:00:00.123456789+05:30", "2008-09-15t15:53:00z", "2008-09-15 15:53:00.1Z",
        "2099-01-01T00:00:00Z"}) {
    EXPECT_TRUE(Accepted2(Minimal().Set("/timestamp", JsonString(ts)))) << ts;
    EXPECT_TRUE(Accepted2(Minimal().Set("/stored", JsonString(ts)))) << ts;
  }
}

TEST(ValidatorV2TimestampTest, OtherIso8601FormsAreRejected) {
  // Valid ISO 8601 that 1.0.3 takes, but not RFC 3339: basic format, no offset, an offset
  // without its colon or minutes, no seconds, 24:00.
  for (const char* ts :
       {"20080915T155300Z", "2008-09-15T15:53:00", "2008-09-15T15:53:00.601", "2008-09-15T15:53Z",
        "2008-09-15T15:53:00+0000", "2008-09-15T15:53:00+01", "2008-09-15T24:00:00Z"}) {
    EXPECT_TRUE(AcceptedUnder(Version::k1_0_3, Minimal().Set("/timestamp", JsonString(ts)))) << ts;
    EXPECT_TRUE(
        Rejected2(Minimal().Set("/timestamp", JsonString(ts)), "statement.timestamp", "RFC 3339"))
        << ts;
    EXPECT_TRUE(Rejected2(Minimal().Set("/stored", JsonString(ts)), "statement.stored")) << ts;
  }
  // Neither version takes the unknown-offset forms, impossible dates, or other text.
  for (const char* ts : {"2008-09-15T15:53:00.601-00:00", "2008-09-15T15:53:00-0000",
                         "2015-02-30T00:00:00Z", "2015-11-18 12:17", "yesterday", ""}) {
    EXPECT_TRUE(Rejected2(Minimal().Set("/timestamp", JsonString(ts)), "statement.timestamp"))
        << ts;
    EXPECT_TRUE(RejectedUnder(Version::k1_0_3, Minimal().Set("/timestamp", JsonString(ts)),
                              "statement.timestamp"))
        << ts;
  }
}

TEST(ValidatorV2TimestampTest, SubStatementTimestampToo) {
  JsonDoc statement = Minimal();
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/a"}, "timestamp": "2030-01-01T10:00:00+02:00"})");
  EXPECT_TRUE(Accepted2(statement));
  statement.Set("/object/timestamp", R"("2030-01-01T10:00:00")");
  EXPECT_TRUE(Rejected2(statement, "statement.object.timestamp"));
}

// --- Statement version (§4.2.4.2-4.2.4.3) ------------------------------------------------------

TEST(ValidatorV2VersionTest, TwoZeroZeroAndOneZeroXAreAccepted) {
  for (const char* version : {"2.0.0", "1.0", "1.0.0", "1.0.3", "1.0.9"}) {
    EXPECT_TRUE(Accepted2(Minimal().Set("/version", JsonString(version)))) << version;
  }
  // Not xAPI versions a 2.0.0 LRS reads (2.0.x statements all say 2.0.0, §4.1.7).
  for (const char* version : {"2.0", "2.0.1", "2.1.0", "1.1.0", "0.95", "0.9", "3.0.0", "2", ""}) {
    EXPECT_TRUE(Rejected2(Minimal().Set("/version", JsonString(version)), "statement.version"))
        << version;
  }
  EXPECT_TRUE(Rejected2(Minimal().Set("/version", "2"), "statement.version"));
  // Under 1.0.3, a 2.0.0 statement is refused (Part Two §2.4.10) and the message says how to
  // send it.
  EXPECT_TRUE(RejectedUnder(Version::k1_0_3, Minimal().Set("/version", R"("2.0.0")"),
                            "statement.version", "X-Experience-API-Version: 2.0.0"));
}

// --- What 2.0.0 keeps (LRS.md §2) --------------------------------------------------------------

TEST(ValidatorV2KeptRulesTest, RulesBothVersionsShare) {
  // Properties not defined at any level (§4.2.1, a "shall" now).
  EXPECT_TRUE(Rejected2(Minimal().Set("/context/agents", "[]"), "statement.context", "agents"));
  EXPECT_TRUE(Rejected2(Minimal().Set("/result/grade", R"("A")"), "statement.result"));
  // Duplicate properties (§4.2.1).
  EXPECT_TRUE(Rejected2(JsonDoc(R"({"actor": {"mbox": "mailto:a@example.com"},
      "verb": {"id": "http://example.com/v"}, "object": {"id": "http://example.com/a"},
      "object": {"id": "http://example.com/b"}})"),
                        "statement", "more than once"));
  // The authority: an Agent, or the anonymous pair of two Agents with the application's account
  // (kept from 1.0.3; 2.0 conformance still checks it, LRS.md §2.8).
  EXPECT_TRUE(Accepted2(Minimal().Set("/authority", R"({"objectType": "Group", "member": [
      {"account": {"homePage": "http://example.com/OAuth", "name": "app"}},
      {"mbox": "mailto:bob@example.com"}]})")));
  EXPECT_TRUE(Rejected2(Minimal().Set("/authority", R"({"objectType": "Group",
      "openid": "http://example.com/g", "member": [
      {"account": {"homePage": "http://example.com/OAuth", "name": "app"}},
      {"mbox": "mailto:bob@example.com"}]})"),
                        "statement.authority"));
  // revision and platform only with an Activity object (kept, LRS.md §2.6).
  EXPECT_TRUE(
      Rejected2(Minimal()
                    .Set("/object", R"({"objectType": "Agent", "mbox": "mailto:x@example.com"})")
                    .Set("/context/platform", R"("web")"),
                "statement.context.platform"));
  // Voiding needs a StatementRef (§4.2.5).
  EXPECT_TRUE(
      Rejected2(Minimal().Set("/verb", R"({"id": "http://adlnet.gov/expapi/verbs/voided"})"),
                "statement.object", "StatementRef"));
  // Durations finer than 0.01 s are accepted (§4.2.7); the alternative format is not.
  EXPECT_TRUE(Accepted2(Minimal().Set("/result/duration", R"("PT1.23456S")")));
  EXPECT_TRUE(Rejected2(Minimal().Set("/result/duration", R"("P0003-01-29T04:35:59")"),
                        "statement.result.duration"));
  // Language tags must be well-formed RFC 5646 (§4.2.7).
  EXPECT_TRUE(Rejected2(Minimal().Set("/verb/display", R"({"en_US": "attempted"})"),
                        "statement.verb.display.en_US"));
}

}  // namespace
}  // namespace lrs::xapi
