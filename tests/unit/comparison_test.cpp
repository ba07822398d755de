// Statement comparison (lrs/xapi/comparison.h, Part Two §2.3.1): differences the immutability
// exceptions allow are ignored, every other difference counts.
#include "lrs/xapi/comparison.h"

#include <string>

#include <gtest/gtest.h>

#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;

constexpr char kStatement[] = R"({
  "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  "actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
  "object": {"objectType": "Activity", "id": "http://example.com/activities/quiz",
             "definition": {"name": {"en-US": "Quiz"}}},
  "result": {"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": true,
             "completion": true, "duration": "PT1M2.5S",
             "extensions": {"http://example.com/ext/attempt": 1}},
  "context": {
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "team": {"objectType": "Group", "member": [{"mbox": "mailto:ann@example.com"},
                                               {"mbox": "mailto:bob@example.com"}]},
    "contextActivities": {"parent": [{"id": "http://example.com/courses/algebra"}]},
    "language": "en-US",
    "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
    "extensions": {"http://example.com/ext/seat": "12A"}
  },
  "timestamp": "2015-11-18T12:17:00.000Z",
  "stored": "2015-11-18T12:17:01.000Z",
  "authority": {"objectType": "Agent", "mbox": "mailto:lrs@example.com"},
  "version": "1.0.0"
})";

constexpr char kSubStatement[] = R"({
  "objectType": "SubStatement",
  "actor": {"mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://example.com/verbs/will-visit", "display": {"en-US": "will visit"}},
  "object": {"id": "http://example.com/website"},
  "timestamp": "2015-11-18T12:17:00+01:00"
})";

JsonDoc Base() {
  return JsonDoc(kStatement);
}

::testing::AssertionResult Equivalent(const json::Value& a, const json::Value& b) {
  if (StatementsEquivalent(a, b)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "different:\n  " << ComparisonForm(a) << "\n  " << ComparisonForm(b);
}

::testing::AssertionResult Different(const json::Value& a, const json::Value& b) {
  if (!StatementsEquivalent(a, b)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "equivalent: " << ComparisonForm(a);
}

TEST(ComparisonTest, ComparisonFormIsDeterministic) {
  EXPECT_EQ(ComparisonForm(Base()), ComparisonForm(Base()));
  EXPECT_TRUE(Equivalent(Base(), Base()));
}

TEST(ComparisonTest, IgnoresLrsAssignedProperties) {
  // §2.3.1: "Potential or required assignments of properties during LRS processing ("id",
  // "authority", "stored", "timestamp", "version")".
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/id", R"("6690e6c9-3ef0-4ed3-8b37-7f3964730bee")")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/id")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/stored", R"("2020-01-01T00:00:00Z")")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/stored")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/authority", R"({"mbox": "mailto:x@example.com"})")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/authority")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/version", R"("1.0.3")")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/version")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/timestamp", R"("2016-01-01T00:00:00Z")")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/timestamp")));
}

TEST(ComparisonTest, IgnoresVerbDisplayAndActivityDefinitions) {
  // §2.3.1: Activity Definitions and the Verb's "display" are not part of the Statement.
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/verb/display", R"({"fr": "a terminé"})")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/verb/display")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/object/definition/name/en-US", R"("Quiz 2")")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/object/definition")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/context/contextActivities/parent/0/definition",
                                            R"({"type": "http://example.com/course"})")));
  JsonDoc sub_a(kStatement);
  sub_a.Set("/object", kSubStatement);
  JsonDoc sub_b(kStatement);
  sub_b.Set("/object", kSubStatement)
      .Set("/object/object/definition", R"({"name": {"en-US": "Website"}})")
      .Remove("/object/verb/display");
  EXPECT_TRUE(Equivalent(sub_a, sub_b));
}

TEST(ComparisonTest, IgnoresGroupMemberOrder) {
  // §2.3.1: "The list of Agents in a Group is not considered to be an ordered list."
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/context/team/member",
                                            R"([{"mbox": "mailto:bob@example.com"},
                                                {"mbox": "mailto:ann@example.com"}])")));
  const char* group_ab = R"({"objectType": "Group", "name": "A", "member": [
      {"mbox": "mailto:a@example.com"}, {"openid": "http://openid.example.org/b"}]})";
  const char* group_ba = R"({"objectType": "Group", "name": "A", "member": [
      {"openid": "http://openid.example.org/b"}, {"objectType": "Agent",
                                                   "mbox": "mailto:a@example.com"}]})";
  EXPECT_TRUE(Equivalent(Base().Set("/actor", group_ab), Base().Set("/actor", group_ba)));
  // Different members are still different.
  EXPECT_TRUE(Different(
      Base(), Base().Set("/context/team/member", R"([{"mbox": "mailto:ann@example.com"}])")));
}

TEST(ComparisonTest, IgnoresCaseOfCaseInsensitiveValues) {
  // §2.3.1: "the domain portion an e-mail address is case insensitive"; UUIDs, SHA-1 hex and
  // language tags are case-insensitive too.
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/actor/mbox", R"("mailto:ann@EXAMPLE.Com")")));
  EXPECT_TRUE(Different(Base(), Base().Set("/actor/mbox", R"("mailto:Ann@example.com")")));
  EXPECT_TRUE(Equivalent(
      Base(), Base().Set("/context/registration", R"("EC531277-B57B-4C15-8D91-D292C5B2B8F7")")));
  EXPECT_TRUE(Equivalent(
      Base(), Base().Set("/context/statement/id", R"("6690E6C9-3EF0-4ED3-8B37-7F3964730BEE")")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/context/language", R"("EN-us")")));
  EXPECT_TRUE(Equivalent(Base().Set("/object", R"({"objectType": "StatementRef",
                                "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"})"),
                         Base().Set("/object", R"({"objectType": "StatementRef",
                                "id": "6690E6C9-3EF0-4ED3-8B37-7F3964730BEE"})")));
  EXPECT_TRUE(Equivalent(
      Base().Set("/actor", R"({"mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9"})"),
      Base().Set("/actor", R"({"mbox_sha1sum": "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9"})")));
  EXPECT_TRUE(Equivalent(
      Base().Set("/object", R"({"objectType": "Agent", "mbox": "mailto:bob@example.com"})"),
      Base().Set("/object", R"({"objectType": "Agent", "mbox": "mailto:bob@Example.COM"})")));
  // Case-sensitive values stay case-sensitive.
  EXPECT_TRUE(
      Different(Base(), Base().Set("/object/id", R"("http://example.com/activities/Quiz")")));
  EXPECT_TRUE(Different(
      Base(), Base().Set("/context/extensions/http:~1~1example.com~1ext~1seat", R"("12a")")));
}

TEST(ComparisonTest, IgnoresContextActivitySingleVersusArray) {
  // §2.4.6.2: the LRS returns single Activities as arrays of length one.
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/context/contextActivities/parent",
                                            R"({"id": "http://example.com/courses/algebra"})")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/context/contextActivities/parent",
                                            R"([{"objectType": "Activity",
                                                 "id": "http://example.com/courses/algebra"}])")));
  EXPECT_TRUE(Different(Base(), Base().Set("/context/contextActivities/grouping",
                                           R"({"id": "http://example.com/courses/algebra"})")));
}

TEST(ComparisonTest, IgnoresObjectTypeDefaults) {
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/actor/objectType")));
  EXPECT_TRUE(Equivalent(Base(), Base().Remove("/object/objectType")));
  EXPECT_TRUE(Equivalent(Base(), Base().Set("/context/team/member/0/objectType", R"("Agent")")));
}

TEST(ComparisonTest, DurationPrecisionBeyondHundredthsIsIgnored) {
  // §4.6: "When comparing Durations, any precision beyond 0.01 second precision SHOULD* NOT be
  // included in the comparison."
  EXPECT_TRUE(Equivalent(Base().Set("/result/duration", R"("PT1M2.501S")"),
                         Base().Set("/result/duration", R"("PT1M2.509S")")));
  EXPECT_TRUE(Equivalent(Base().Set("/result/duration", R"("PT1.2345S")"),
                         Base().Set("/result/duration", R"("PT1.23S")")));
  EXPECT_TRUE(Different(Base().Set("/result/duration", R"("PT1.23S")"),
                        Base().Set("/result/duration", R"("PT1.24S")")));
  // §2.3.1: "the Result Duration is considered a string for purposes of Statement comparison",
  // so the same period spelled differently is a different statement.
  EXPECT_TRUE(Different(Base().Set("/result/duration", R"("PT4H35M59.14S")"),
                        Base().Set("/result/duration", R"("PT16559.14S")")));
}

TEST(ComparisonTest, IgnoresJsonMemberOrderAndNumberSpelling) {
  JsonDoc reordered(R"({
    "version": "1.0.0",
    "context": {
      "extensions": {"http://example.com/ext/seat": "12A"},
      "statement": {"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", "objectType": "StatementRef"},
      "language": "en-US",
      "contextActivities": {"parent": [{"id": "http://example.com/courses/algebra"}]},
      "team": {"member": [{"mbox": "mailto:ann@example.com"}, {"mbox": "mailto:bob@example.com"}],
               "objectType": "Group"},
      "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7"
    },
    "result": {"extensions": {"http://example.com/ext/attempt": 1.0}, "duration": "PT1M2.5S",
               "completion": true, "success": true,
               "score": {"max": 10.0, "min": 0, "raw": 5.0, "scaled": 5e-1}},
    "object": {"id": "http://example.com/activities/quiz", "objectType": "Activity"},
    "verb": {"display": {"en-US": "completed"}, "id": "http://adlnet.gov/expapi/verbs/completed"},
    "actor": {"mbox": "mailto:ann@example.com", "name": "Ann", "objectType": "Agent"}
  })");
  EXPECT_TRUE(Equivalent(Base(), reordered));
}

TEST(ComparisonTest, SubStatementTimestampsCompareAsInstants) {
  // §2.3.1: "Serialization of Timestamp data" is not part of the immutable Statement.
  JsonDoc a(kStatement);
  a.Set("/object", kSubStatement);
  JsonDoc b(kStatement);
  b.Set("/object", kSubStatement).Set("/object/timestamp", R"("2015-11-18T11:17:00.000000Z")");
  EXPECT_TRUE(Equivalent(a, b));
  JsonDoc c(kStatement);
  c.Set("/object", kSubStatement).Set("/object/timestamp", R"("2015-11-18T12:17:00Z")");
  EXPECT_TRUE(Different(a, c));
}

TEST(ComparisonTest, EverythingElseCounts) {
  EXPECT_TRUE(Different(Base(), Base().Set("/result/success", "false")));
  EXPECT_TRUE(Different(Base(), Base().Remove("/result/success")));
  EXPECT_TRUE(Different(Base(), Base().Set("/result/score/raw", "6")));
  EXPECT_TRUE(Different(Base(), Base().Set("/result/score/scaled", "0.50001")));
  EXPECT_TRUE(Different(Base(), Base().Set("/actor/mbox", R"("mailto:bob@example.com")")));
  EXPECT_TRUE(Different(Base(), Base().Set("/actor/name", R"("Ann Lee")")));
  EXPECT_TRUE(
      Different(Base(), Base().Set("/verb/id", R"("http://adlnet.gov/expapi/verbs/failed")")));
  EXPECT_TRUE(Different(Base(), Base().Set("/object/id", R"("http://example.com/activities/q2")")));
  EXPECT_TRUE(Different(
      Base(), Base().Set("/context/registration", R"("ec531277-b57b-4c15-8d91-d292c5b2b8f8")")));
  EXPECT_TRUE(Different(
      Base(), Base().Set("/context/extensions", R"({"http://example.com/ext/seat": "12B"})")));
  EXPECT_TRUE(Different(
      Base(), Base().Set("/result/extensions", R"({"http://example.com/ext/attempt": 2})")));
  EXPECT_TRUE(Different(Base(), Base().Remove("/context/language")));
  EXPECT_TRUE(Different(Base(), Base().Set("/context/platform", R"("web")")));
  EXPECT_TRUE(
      Different(Base().Set("/object", kSubStatement),
                Base().Set("/object", kSubStatement).Set("/object/result/success", "true")));
}

// --- Under xAPI 2.0.0 (9274.1.1 §4.2) ------------------------------------------------------------

TEST(ComparisonV2Test, LetterCaseAndAttachmentsAreNotCompared) {
  JsonDoc a = Base();
  JsonDoc b = Base();
  b.Set("/verb/id", R"("http://adlnet.gov/expapi/verbs/COMPLETED")");
  b.Set("/context/extensions/http:~1~1example.com~1ext~1seat", R"("12a")");
  EXPECT_TRUE(StatementsEquivalent(a.doc(), b.doc(), Version::k2_0_0));
  EXPECT_FALSE(StatementsEquivalent(a.doc(), b.doc(), Version::k1_0_3))
      << "1.0.3 compares case where the value is case sensitive";

  JsonDoc with = Base();
  with.Set("/attachments", R"([{"usageType": "http://example.com/usage",
      "display": {"en-US": "x"}, "contentType": "text/plain", "length": 1,
      "sha2": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881",
      "fileUrl": "http://example.com/x"}])");
  EXPECT_TRUE(StatementsEquivalent(a.doc(), with.doc(), Version::k2_0_0));
  EXPECT_FALSE(StatementsEquivalent(a.doc(), with.doc(), Version::k1_0_3));
  // Everything else still counts.
  JsonDoc other = Base();
  other.Set("/result/success", "false");
  EXPECT_FALSE(StatementsEquivalent(a.doc(), other.doc(), Version::k2_0_0));
}

TEST(ComparisonV2Test, ContextAgentsCompareAsAgents) {
  JsonDoc a = Base();
  a.Set("/context/contextAgents", R"([{"objectType": "contextAgent",
      "agent": {"objectType": "Agent", "mbox": "mailto:coach@Example.COM"}}])");
  a.Set("/context/contextGroups", R"([{"objectType": "contextGroup",
      "group": {"objectType": "Group", "member": [{"mbox": "mailto:x@example.com"},
                                                 {"mbox": "mailto:y@example.com"}]}}])");
  JsonDoc b = Base();
  b.Set("/context/contextAgents", R"([{"objectType": "contextAgent",
      "agent": {"mbox": "mailto:coach@example.com"}}])");
  b.Set("/context/contextGroups", R"([{"objectType": "contextGroup",
      "group": {"objectType": "Group", "member": [{"mbox": "mailto:y@example.com"},
                                                 {"mbox": "mailto:x@example.com"}]}}])");
  EXPECT_TRUE(StatementsEquivalent(a.doc(), b.doc(), Version::k2_0_0));
  b.Set("/context/contextAgents/0/agent/mbox", R"("mailto:other@example.com")");
  EXPECT_FALSE(StatementsEquivalent(a.doc(), b.doc(), Version::k2_0_0));
}

}  // namespace
}  // namespace lrs::xapi
