// The statement formats of GET /statements (lrs/xapi/format.h, Part Three §2.1.3) and the merging
// of canonical Activity metadata (lrs/xapi/activity_definition.h, Part Two §2.4.4.1).
#include "lrs/xapi/format.h"

#include <map>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "lrs/xapi/activity_definition.h"
#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;

constexpr char kStatement[] = R"({
  "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
  "actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/answered",
           "display": {"en-US": "answered", "fr": "a répondu"}},
  "object": {"objectType": "Activity", "id": "http://example.com/q1",
             "definition": {"name": {"en-US": "Question 1", "fr": "Question 1 - fr"},
                            "description": {"en-US": "Pick one", "fr": "Choisissez"},
                            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                            "interactionType": "choice",
                            "correctResponsesPattern": ["golf"],
                            "choices": [{"id": "golf",
                                         "description": {"en-US": "Golf", "fr": "Le golf"}}]}},
  "result": {"success": true, "response": "golf"},
  "context": {
    "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
    "instructor": {"name": "Teacher", "mbox": "mailto:teacher@example.com"},
    "team": {"objectType": "Group", "name": "Team A", "member": [
      {"name": "Ann", "mbox": "mailto:ann@example.com"},
      {"objectType": "Agent", "name": "Bob",
       "account": {"homePage": "http://lms.example.com", "name": "bob"}}]},
    "contextActivities": {"parent": [{"objectType": "Activity", "id": "http://example.com/quiz",
                                      "definition": {"name": {"en-US": "Quiz", "de": "Test"}}}]}
  },
  "timestamp": "2015-11-18T12:17:00.000Z",
  "stored": "2015-11-18T12:17:01.000Z",
  "authority": {"objectType": "Agent", "name": "LRS client",
                "account": {"homePage": "http://lrs.example.com", "name": "key1"}},
  "version": "1.0.0"
})";

// Canonical metadata held in maps of parsed JSON.
class FakeMetadata : public CanonicalMetadata {
 public:
  void AddActivity(const std::string& id, std::string_view definition) {
    activities_.emplace(id, definition);
  }
  void AddVerb(const std::string& id, std::string_view display) { verbs_.emplace(id, display); }

  const json::Value* ActivityDefinition(std::string_view activity_id) const override {
    auto it = activities_.find(std::string(activity_id));
    return it == activities_.end() ? nullptr : &it->second.doc();
  }
  const json::Value* VerbDisplay(std::string_view verb_id) const override {
    auto it = verbs_.find(std::string(verb_id));
    return it == verbs_.end() ? nullptr : &it->second.doc();
  }

 private:
  std::map<std::string, JsonDoc> activities_;
  std::map<std::string, JsonDoc> verbs_;
};

// Rewrites `statement` into `format`; returns it as compact JSON.
std::string Formatted(JsonDoc& statement, StatementFormat format,
                      std::string_view accept_language = "",
                      const CanonicalMetadata* metadata = nullptr) {
  ApplyStatementFormat(statement.doc(), statement.doc().GetAllocator(), format,
                       LanguagePreferences::Parse(accept_language), metadata);
  return statement.Text();
}

// True when `actual` is the JSON `expected`, member order aside.
::testing::AssertionResult JsonEquals(const json::Value& actual, std::string_view expected) {
  JsonDoc want(expected);
  if (actual == want.doc()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "\n  actual:   " << json::Write(actual) << "\n  expected: " << want.Text();
}

TEST(StatementFormatTest, ParsesFormatNames) {
  EXPECT_EQ(ParseStatementFormat("exact"), StatementFormat::kExact);
  EXPECT_EQ(ParseStatementFormat("ids"), StatementFormat::kIds);
  EXPECT_EQ(ParseStatementFormat("canonical"), StatementFormat::kCanonical);
  for (const char* bad : {"Exact", "IDS", "", "canonical ", "full"}) {
    EXPECT_FALSE(ParseStatementFormat(bad).has_value()) << bad;
  }
}

TEST(StatementFormatTest, ExactLeavesTheStatementUnchanged) {
  JsonDoc statement(kStatement);
  FakeMetadata metadata;
  metadata.AddActivity("http://example.com/q1", R"({"name": {"en-US": "Other"}})");
  EXPECT_EQ(Formatted(statement, StatementFormat::kExact, "fr", &metadata),
            JsonDoc(kStatement).Text());
}

TEST(StatementFormatTest, IdsKeepsOnlyIdentifyingProperties) {
  // Part Three §2.1.3: "only include minimum information necessary in Agent, Activity, Verb and
  // Group Objects to identify them. For Anonymous Groups this means including the minimum
  // information needed to identify each member." Agents and Groups say what they are.
  JsonDoc statement(kStatement);
  Formatted(statement, StatementFormat::kIds);
  EXPECT_TRUE(JsonEquals(statement.doc(), R"({
    "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
    "actor": {"objectType": "Agent", "mbox": "mailto:ann@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
    "object": {"id": "http://example.com/q1"},
    "result": {"success": true, "response": "golf"},
    "context": {
      "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
      "instructor": {"objectType": "Agent", "mbox": "mailto:teacher@example.com"},
      "team": {"objectType": "Group", "member": [
        {"objectType": "Agent", "mbox": "mailto:ann@example.com"},
        {"objectType": "Agent", "account": {"homePage": "http://lms.example.com", "name": "bob"}}]},
      "contextActivities": {"parent": [{"id": "http://example.com/quiz"}]}
    },
    "timestamp": "2015-11-18T12:17:00.000Z",
    "stored": "2015-11-18T12:17:01.000Z",
    "authority": {"objectType": "Agent",
                  "account": {"homePage": "http://lrs.example.com", "name": "key1"}},
    "version": "1.0.0"
  })"));
}

TEST(StatementFormatTest, IdsGivesActivitiesAsTheirIdAlone) {
  // An Activity is identified by its id: no objectType, no definition, wherever it is (the
  // object, context Activities, and the object of a SubStatement).
  JsonDoc statement(kStatement);
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"objectType": "Group", "name": "Pair", "member": [
        {"objectType": "Agent", "name": "Bob", "mbox": "mailto:bob@example.com"},
        {"name": "Cy", "openid": "http://openid.example.com/cy"}]},
      "verb": {"id": "http://example.com/v", "display": {"en": "visited"}},
      "object": {"objectType": "Activity", "id": "http://example.com/site",
                 "definition": {"name": {"en": "Site"}}},
      "context": {"instructor": {"objectType": "Agent", "name": "T",
                                 "mbox": "mailto:t@example.com"},
                  "contextActivities": {"parent": [{"objectType": "Activity",
                                                    "id": "http://example.com/p"}]}}})");
  Formatted(statement, StatementFormat::kIds);
  EXPECT_TRUE(JsonEquals(statement.doc()["object"], R"({"objectType": "SubStatement",
      "actor": {"objectType": "Group", "member": [
        {"objectType": "Agent", "mbox": "mailto:bob@example.com"},
        {"objectType": "Agent", "openid": "http://openid.example.com/cy"}]},
      "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/site"},
      "context": {"instructor": {"objectType": "Agent", "mbox": "mailto:t@example.com"},
                  "contextActivities": {"parent": [{"id": "http://example.com/p"}]}}})"));
}

TEST(StatementFormatTest, IdsReducesContextAgentsAndGroups) {
  // xAPI 2.0.0: the agent or group of each entry is reduced like any other; the entry keeps what
  // identifies its role (objectType, relevantTypes).
  JsonDoc statement(kStatement);
  statement.Set("/context/contextAgents", R"([{"objectType": "contextAgent",
      "agent": {"objectType": "Agent", "name": "Coach", "mbox": "mailto:coach@example.com"},
      "relevantTypes": ["http://example.com/roles/coach"]}])");
  statement.Set("/context/contextGroups", R"([{"objectType": "contextGroup",
      "group": {"objectType": "Group", "name": "Cohort",
                "member": [{"name": "Dee", "mbox": "mailto:dee@example.com"}]}}])");
  Formatted(statement, StatementFormat::kIds);
  EXPECT_TRUE(JsonEquals(statement.doc()["context"]["contextAgents"],
                         R"([{"objectType": "contextAgent",
      "agent": {"objectType": "Agent", "mbox": "mailto:coach@example.com"},
      "relevantTypes": ["http://example.com/roles/coach"]}])"));
  EXPECT_TRUE(JsonEquals(statement.doc()["context"]["contextGroups"],
                         R"([{"objectType": "contextGroup",
      "group": {"objectType": "Group",
                "member": [{"objectType": "Agent", "mbox": "mailto:dee@example.com"}]}}])"));
}

TEST(StatementFormatTest, IdsReducesAnIdentifiedGroupToItsIdentifier) {
  JsonDoc statement(kStatement);
  statement.Set("/actor", R"({"objectType": "Group", "name": "Team",
      "openid": "http://openid.example.org/team",
      "member": [{"name": "Ann", "mbox": "mailto:ann@example.com"}]})");
  Formatted(statement, StatementFormat::kIds);
  EXPECT_TRUE(JsonEquals(statement.doc()["actor"],
                         R"({"objectType": "Group", "openid": "http://openid.example.org/team"})"));
}

TEST(StatementFormatTest, IdsReachesIntoSubStatements) {
  JsonDoc statement(kStatement);
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"name": "Bob", "mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://example.com/v", "display": {"en": "visited"}},
      "object": {"objectType": "Agent", "name": "Cy", "mbox": "mailto:cy@example.com"},
      "context": {"contextActivities": {"other": [{"id": "http://example.com/o",
                                                   "definition": {"name": {"en": "O"}}}]}}})");
  Formatted(statement, StatementFormat::kIds);
  EXPECT_TRUE(JsonEquals(statement.doc()["object"], R"({"objectType": "SubStatement",
      "actor": {"objectType": "Agent", "mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://example.com/v"},
      "object": {"objectType": "Agent", "mbox": "mailto:cy@example.com"},
      "context": {"contextActivities": {"other": [{"id": "http://example.com/o"}]}}})"));
}

TEST(StatementFormatTest, CanonicalReducesLanguageMapsToThePreferredEntry) {
  // Part Three §2.1.3, Language Filtering Requirements for Canonical Format Statements: "The LRS
  // MUST return only one language in each of these maps."
  JsonDoc statement(kStatement);
  Formatted(statement, StatementFormat::kCanonical, "fr, en;q=0.5");
  const json::Value& definition = statement.doc()["object"]["definition"];
  EXPECT_TRUE(JsonEquals(statement.doc()["verb"]["display"], R"({"fr": "a répondu"})"));
  EXPECT_TRUE(JsonEquals(definition["name"], R"({"fr": "Question 1 - fr"})"));
  EXPECT_TRUE(JsonEquals(definition["description"], R"({"fr": "Choisissez"})"));
  EXPECT_TRUE(JsonEquals(definition["choices"][0]["description"], R"({"fr": "Le golf"})"));
  // No French entry: "en" (weight 0.5) matches "en-US", and wins over "de" (not acceptable).
  const json::Value& parent = statement.doc()["context"]["contextActivities"]["parent"][0];
  EXPECT_TRUE(JsonEquals(parent["definition"]["name"], R"({"en-US": "Quiz"})"));
  // Everything but language maps is kept, and Agents and Groups are as in "exact".
  EXPECT_TRUE(JsonEquals(definition["correctResponsesPattern"], R"(["golf"])"));
  EXPECT_TRUE(
      JsonEquals(definition["type"], R"("http://adlnet.gov/expapi/activities/cmi.interaction")"));
  JsonDoc original(kStatement);
  for (const char* name : {"actor", "authority", "result"}) {
    EXPECT_EQ(json::Write(statement.doc()[name]), json::Write(original.doc()[name])) << name;
  }
  EXPECT_EQ(json::Write(statement.doc()["context"]["team"]),
            json::Write(original.doc()["context"]["team"]));
}

TEST(StatementFormatTest, CanonicalWithoutPreferenceKeepsTheFirstEntry) {
  JsonDoc statement(kStatement);
  Formatted(statement, StatementFormat::kCanonical);
  EXPECT_TRUE(JsonEquals(statement.doc()["verb"]["display"], R"({"en-US": "answered"})"));
  EXPECT_TRUE(
      JsonEquals(statement.doc()["object"]["definition"]["name"], R"({"en-US": "Question 1"})"));
}

TEST(StatementFormatTest, CanonicalUsesTheLrsMetadata) {
  // "return Activity Objects and Verbs populated with the canonical definition of the Activity
  // Objects and Display of the Verbs as determined by the LRS".
  FakeMetadata metadata;
  metadata.AddActivity("http://example.com/q1", R"({
      "name": {"en-US": "Q1, canonical", "de": "F1"},
      "type": "http://example.com/types/question"})");
  metadata.AddActivity("http://example.com/quiz", R"({"name": {"de": "Prüfung"}})");
  metadata.AddVerb("http://adlnet.gov/expapi/verbs/answered",
                   R"({"en-US": "answered, canonical", "de": "beantwortete"})");
  JsonDoc statement(kStatement);
  Formatted(statement, StatementFormat::kCanonical, "de", &metadata);
  EXPECT_TRUE(JsonEquals(statement.doc()["object"]["definition"],
                         R"({"name": {"de": "F1"}, "type": "http://example.com/types/question"})"));
  EXPECT_TRUE(JsonEquals(statement.doc()["verb"]["display"], R"({"de": "beantwortete"})"));
  EXPECT_TRUE(JsonEquals(statement.doc()["context"]["contextActivities"]["parent"][0], R"({
      "objectType": "Activity", "id": "http://example.com/quiz",
      "definition": {"name": {"de": "Prüfung"}}})"));
}

TEST(StatementFormatTest, CanonicalAddsMetadataToActivitiesWithoutDefinition) {
  FakeMetadata metadata;
  metadata.AddActivity("http://example.com/website", R"({"name": {"en": "Website"}})");
  metadata.AddVerb("http://example.com/v", R"({"en": "visited"})");
  JsonDoc statement(kStatement);
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/website"}})");
  Formatted(statement, StatementFormat::kCanonical, "en", &metadata);
  EXPECT_TRUE(JsonEquals(statement.doc()["object"]["object"], R"({
      "id": "http://example.com/website", "definition": {"name": {"en": "Website"}}})"));
  EXPECT_TRUE(JsonEquals(statement.doc()["object"]["verb"],
                         R"({"id": "http://example.com/v", "display": {"en": "visited"}})"));
  // Activities the metadata knows nothing about keep their own definition.
  EXPECT_TRUE(JsonEquals(statement.doc()["context"]["contextActivities"]["parent"][0]["definition"],
                         R"({"name": {"en-US": "Quiz"}})"));
}

// --- MergeActivityDefinition, MergeLanguageMap ----------------------------------------------

// Merges `incoming` into `canonical`; returns whether it changed.
bool Merge(JsonDoc& canonical, std::string_view incoming) {
  JsonDoc in(incoming);
  return MergeActivityDefinition(canonical.doc(), in.doc(), canonical.doc().GetAllocator());
}

TEST(MergeActivityDefinitionTest, FirstDefinitionIsTakenWhole) {
  JsonDoc canonical("null");
  const char* definition = R"({"name": {"en": "Quiz"}, "type": "http://example.com/t",
      "interactionType": "choice", "correctResponsesPattern": ["a"],
      "choices": [{"id": "a"}, {"id": "b"}]})";
  EXPECT_TRUE(Merge(canonical, definition));
  EXPECT_TRUE(JsonEquals(canonical.doc(), definition));
}

TEST(MergeActivityDefinitionTest, LanguageMapsAndExtensionsMergeEntryByEntry) {
  JsonDoc canonical(R"({"name": {"en": "Quiz", "de": "Test"}, "description": {"en": "Old"},
                        "extensions": {"http://example.com/a": 1, "http://example.com/b": 2}})");
  EXPECT_TRUE(Merge(canonical, R"({"name": {"en": "Quiz!", "fr": "Questionnaire"},
                                   "extensions": {"http://example.com/b": {"x": 3}}})"));
  EXPECT_TRUE(JsonEquals(canonical.doc(), R"({
      "name": {"en": "Quiz!", "de": "Test", "fr": "Questionnaire"},
      "description": {"en": "Old"},
      "extensions": {"http://example.com/a": 1, "http://example.com/b": {"x": 3}}})"));
}

TEST(MergeActivityDefinitionTest, TypeAndMoreInfoTakeTheNewestValue) {
  JsonDoc canonical(R"({"type": "http://example.com/t1", "moreInfo": "http://example.com/i1"})");
  EXPECT_TRUE(Merge(canonical, R"({"type": "http://example.com/t2"})"));
  EXPECT_TRUE(
      JsonEquals(canonical.doc(),
                 R"({"type": "http://example.com/t2", "moreInfo": "http://example.com/i1"})"));
  EXPECT_TRUE(Merge(canonical, R"({"moreInfo": "http://example.com/i2"})"));
  EXPECT_TRUE(
      JsonEquals(canonical.doc(),
                 R"({"type": "http://example.com/t2", "moreInfo": "http://example.com/i2"})"));
}

TEST(MergeActivityDefinitionTest, InteractionPropertiesAreNotReplaced) {
  // Part Two §2.4.4.1: "An LRS SHOULD NOT make significant changes to its canonical definition
  // for the Activity based on an updated definition e.g. changes to correct responses."
  const char* original = R"({"interactionType": "choice", "correctResponsesPattern": ["a"],
                             "choices": [{"id": "a"}, {"id": "b"}]})";
  JsonDoc canonical(original);
  EXPECT_FALSE(Merge(canonical, R"({"interactionType": "sequencing",
      "correctResponsesPattern": ["b[,]a"], "choices": [{"id": "b"}, {"id": "a"}]})"));
  EXPECT_TRUE(JsonEquals(canonical.doc(), original));

  JsonDoc plain(R"({"name": {"en": "Q"}})");
  EXPECT_TRUE(Merge(plain, R"({"interactionType": "likert", "scale": [{"id": "1"}]})"));
  EXPECT_TRUE(
      JsonEquals(plain.doc(),
                 R"({"name": {"en": "Q"}, "interactionType": "likert", "scale": [{"id": "1"}]})"));
}

TEST(MergeActivityDefinitionTest, ReportsNoChangeForTheSameDefinition) {
  const char* definition = R"({"name": {"en": "Quiz"}, "type": "http://example.com/t",
                               "extensions": {"http://example.com/a": [1, 2]}})";
  JsonDoc canonical(definition);
  EXPECT_FALSE(Merge(canonical, definition));
  EXPECT_FALSE(Merge(canonical, R"({"name": {"en": "Quiz"}})"));
  EXPECT_FALSE(Merge(canonical, "{}"));
  EXPECT_TRUE(JsonEquals(canonical.doc(), definition));
}

TEST(MergeLanguageMapTest, MergesEntryByEntry) {
  JsonDoc canonical(R"({"en-US": "answered"})");
  JsonDoc same(R"({"en-US": "answered"})");
  EXPECT_FALSE(MergeLanguageMap(canonical.doc(), same.doc(), canonical.doc().GetAllocator()));
  JsonDoc incoming(R"({"en-US": "responded", "es": "contestó"})");
  EXPECT_TRUE(MergeLanguageMap(canonical.doc(), incoming.doc(), canonical.doc().GetAllocator()));
  EXPECT_TRUE(JsonEquals(canonical.doc(), R"({"en-US": "responded", "es": "contestó"})"));

  JsonDoc empty("null");
  EXPECT_TRUE(MergeLanguageMap(empty.doc(), incoming.doc(), empty.doc().GetAllocator()));
  EXPECT_TRUE(JsonEquals(empty.doc(), R"({"en-US": "responded", "es": "contestó"})"));
}

}  // namespace
}  // namespace lrs::xapi
