// Statement processing between validation and storage (lrs/xapi/statement.h) and the identity
// key of Agents and Groups (lrs/xapi/agent.h).
#include "lrs/xapi/statement.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/core/strings.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/validator.h"
#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;

constexpr char kStatement[] = R"({
  "actor": {"objectType": "Agent", "name": "Ann", "mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}},
  "object": {"id": "http://example.com/activities/quiz"}
})";

constexpr char kAuthority[] =
    R"({"objectType": "Agent", "account": {"homePage": "http://lrs.example.com", "name": "key1"}})";

// --- PrepareForStorage -----------------------------------------------------------------------

TEST(PrepareForStorageTest, LowerCasesAGivenId) {
  JsonDoc statement(kStatement);
  statement.Set("/id", R"("FD41C918-B88B-4B20-A0A5-A4C32391AAA0")");
  JsonDoc authority(kAuthority);
  PrepareForStorage(statement.doc(), authority);
  EXPECT_EQ(json::View(statement.doc()["id"]), "fd41c918-b88b-4b20-a0a5-a4c32391aaa0");
}

TEST(PrepareForStorageTest, AssignsANewLowerCaseIdWhenAbsent) {
  JsonDoc authority(kAuthority);
  JsonDoc first(kStatement);
  JsonDoc second(kStatement);
  PrepareForStorage(first.doc(), authority);
  PrepareForStorage(second.doc(), authority);
  ASSERT_TRUE(first.doc().HasMember("id"));
  ASSERT_TRUE(second.doc().HasMember("id"));
  std::string id = std::string(json::View(first.doc()["id"]));
  EXPECT_TRUE(uuid::IsValid(id)) << id;
  EXPECT_EQ(id, AsciiLower(id));
  EXPECT_NE(id, json::View(second.doc()["id"]));
}

TEST(PrepareForStorageTest, ReplacesAuthorityAndRemovesStored) {
  JsonDoc statement(kStatement);
  statement.Set("/authority", R"({"mbox": "mailto:claimed@example.com"})")
      .Set("/stored", R"("2001-01-01T00:00:00Z")");
  JsonDoc authority(kAuthority);
  PrepareForStorage(statement.doc(), authority);
  ASSERT_TRUE(statement.doc().HasMember("authority"));
  EXPECT_EQ(json::Write(statement.doc()["authority"]), authority.Text());
  EXPECT_FALSE(statement.doc().HasMember("stored"));
}

TEST(PrepareForStorageTest, SetsVersionOnlyWhenAbsent) {
  // Part Two §2.4.10: "Statements returned by an LRS MUST retain the version they are accepted
  // with. If they lack a version, the version MUST be set to 1.0.0."
  JsonDoc authority(kAuthority);
  JsonDoc without(kStatement);
  PrepareForStorage(without.doc(), authority);
  EXPECT_EQ(json::View(without.doc()["version"]), "1.0.0");
  JsonDoc with(kStatement);
  with.Set("/version", R"("1.0.3")");
  PrepareForStorage(with.doc(), authority);
  EXPECT_EQ(json::View(with.doc()["version"]), "1.0.3");
}

TEST(PrepareForStorageTest, WritesContextActivitiesAsArrays) {
  // Part Two §2.4.6.2: "The LRS MUST return every value in the contextActivities Object as an
  // array, even if it arrived as a single Activity Object."
  JsonDoc statement(kStatement);
  statement.Set("/context/contextActivities", R"({
      "parent": {"id": "http://example.com/p"},
      "grouping": [{"id": "http://example.com/g1"}, {"id": "http://example.com/g2"}]})");
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/a"},
      "context": {"contextActivities": {"other": {"id": "http://example.com/o"}}}})");
  JsonDoc authority(kAuthority);
  PrepareForStorage(statement.doc(), authority);
  JsonDoc expected_parent(R"([{"id": "http://example.com/p"}])");
  JsonDoc expected_grouping(
      R"([{"id": "http://example.com/g1"}, {"id": "http://example.com/g2"}])");
  JsonDoc expected_other(R"([{"id": "http://example.com/o"}])");
  const json::Value& ca = statement.doc()["context"]["contextActivities"];
  EXPECT_EQ(json::Write(ca["parent"]), expected_parent.Text());
  EXPECT_EQ(json::Write(ca["grouping"]), expected_grouping.Text());
  EXPECT_EQ(json::Write(statement.doc()["object"]["context"]["contextActivities"]["other"]),
            expected_other.Text());
}

TEST(PrepareForStorageTest, RewritesTimestampsInUtcKeepingPrecision) {
  JsonDoc authority(kAuthority);
  JsonDoc offset(kStatement);
  offset.Set("/timestamp", R"("2015-11-18T12:17:00+01:00")");
  PrepareForStorage(offset.doc(), authority);
  EXPECT_EQ(json::View(offset.doc()["timestamp"]), "2015-11-18T11:17:00.000Z");

  JsonDoc precise(kStatement);
  precise.Set("/timestamp", R"("2015-11-18T12:17:00.123456-05:30")");
  PrepareForStorage(precise.doc(), authority);
  EXPECT_EQ(json::View(precise.doc()["timestamp"]), "2015-11-18T17:47:00.123456Z");

  JsonDoc sub(kStatement);
  sub.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/a"}, "timestamp": "2030-01-01T01:00:00.5+01:00"})");
  PrepareForStorage(sub.doc(), authority);
  EXPECT_EQ(json::View(sub.doc()["object"]["timestamp"]), "2030-01-01T00:00:00.500Z");
}

TEST(PrepareForStorageTest, LeavesEverythingElseAsReceived) {
  JsonDoc statement(kStatement);
  statement.Set("/result", R"({"score": {"raw": 1.50}, "duration": "PT1.23456S"})")
      .Set("/context/registration", R"("EC531277-B57B-4C15-8D91-D292C5B2B8F7")")
      .Set("/attachments", R"([{"usageType": "http://example.com/u", "display": {"en": "A"},
          "contentType": "text/plain", "length": 1,
          "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
          "fileUrl": "http://example.com/f"}])");
  JsonDoc original(statement.Text());
  JsonDoc authority(kAuthority);
  PrepareForStorage(statement.doc(), authority);
  for (const char* name : {"actor", "verb", "object", "result", "context", "attachments"}) {
    EXPECT_EQ(json::Write(statement.doc()[name]), json::Write(original.doc()[name])) << name;
  }
  EXPECT_EQ(statement.doc().MemberCount(), original.doc().MemberCount() + 3);  // id, authority,
                                                                               // version
  // The stored form is itself a valid statement.
  Status valid = ValidateStatement(statement.doc(), "statement");
  EXPECT_TRUE(valid.ok()) << valid.error().message();
}

// --- ExtractIndexTerms -----------------------------------------------------------------------

// The flags of the term (kind, value), or nullopt when there is none; fails the test when the
// term appears more than once.
TEST(PrepareForStorageTest, UnderTwoZeroZeroTheDefaultVersionIs200) {
  // 9274.1.1 §4.2.4.3: a statement accepted through a 2.0 request without "version" gets
  // "2.0.0"; one that has a version keeps it.
  JsonDoc authority(kAuthority);
  JsonDoc without(kStatement);
  PrepareForStorage(without.doc(), authority, Version::k2_0_0);
  EXPECT_EQ(json::View(without.doc()["version"]), "2.0.0");
  JsonDoc with(kStatement);
  with.Set("/version", R"("1.0.3")");
  PrepareForStorage(with.doc(), authority, Version::k2_0_0);
  EXPECT_EQ(json::View(with.doc()["version"]), "1.0.3");
}

TEST(PrepareForStorageTest, UnderTwoZeroZeroTimestampsWithASpaceBecomeUtc) {
  // RFC 3339 lets a space stand for "T"; the stored form is the one form of every timestamp.
  JsonDoc authority(kAuthority);
  JsonDoc statement(kStatement);
  statement.Set("/timestamp", R"("2023-05-04 12:00:00.5-05:00")");
  PrepareForStorage(statement.doc(), authority, Version::k2_0_0);
  EXPECT_EQ(json::View(statement.doc()["timestamp"]), "2023-05-04T17:00:00.500Z");
}

std::optional<int> FlagsOf(const std::vector<IndexTerm>& terms, IndexKind kind,
                           const std::string& value) {
  std::optional<int> flags;
  for (const IndexTerm& t : terms) {
    if (t.kind != kind || t.value != value) continue;
    EXPECT_FALSE(flags.has_value()) << "duplicate term " << value;
    flags = t.flags;
  }
  return flags;
}

std::vector<IndexTerm> TermsOf(const JsonDoc& statement) {
  return ExtractIndexTerms(statement.doc());
}

constexpr int kDirect = kIndexDirect;
constexpr int kRelated = kIndexRelated;

TEST(ExtractIndexTermsTest, DirectTermsOfTheStatementItself) {
  JsonDoc statement(kStatement);
  statement.Set("/context/registration", R"("EC531277-B57B-4C15-8D91-D292C5B2B8F7")");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:ann@example.com"), kDirect);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kVerb, "http://adlnet.gov/expapi/verbs/attempted"), kDirect);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kActivity, "http://example.com/activities/quiz"), kDirect);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kRegistration, "ec531277-b57b-4c15-8d91-d292c5b2b8f7"),
            kDirect);
  EXPECT_EQ(terms.size(), 4u);
}

TEST(ExtractIndexTermsTest, GroupActorAndItsMembersAreDirect) {
  // Part Three §2.1.3, "agent": "Groups that have members which match the specified Agent ...
  // are considered a match".
  JsonDoc statement(kStatement);
  statement.Set("/actor", R"({"objectType": "Group", "mbox": "mailto:team@example.com",
      "member": [{"mbox": "mailto:ann@example.com"},
                 {"account": {"homePage": "http://lms.example.com", "name": "bob"}}]})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:team@example.com"), kDirect);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:ann@example.com"), kDirect);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "account|http://lms.example.com|bob"), kDirect);

  JsonDoc anonymous(kStatement);
  anonymous.Set("/actor", R"({"objectType": "Group", "member": [
      {"openid": "http://openid.example.org/cy"}]})");
  terms = TermsOf(anonymous);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "openid|http://openid.example.org/cy"), kDirect);
  EXPECT_EQ(terms.size(), 3u);  // the member, the verb, the activity
}

TEST(ExtractIndexTermsTest, AgentObjectIsDirect) {
  JsonDoc statement(kStatement);
  statement.Set("/object", R"({"objectType": "Agent", "mbox": "mailto:bob@Example.com"})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:bob@example.com"), kDirect);
  JsonDoc group(kStatement);
  group.Set("/object", R"({"objectType": "Group", "member": [{"mbox": "mailto:cy@example.com"}]})");
  EXPECT_EQ(FlagsOf(TermsOf(group), IndexKind::kAgent, "mbox|mailto:cy@example.com"), kDirect);
}

TEST(ExtractIndexTermsTest, ContextTermsAreRelated) {
  JsonDoc statement(kStatement);
  statement.Set("/context", R"({
      "instructor": {"mbox": "mailto:teacher@example.com"},
      "team": {"objectType": "Group", "openid": "http://openid.example.org/team",
               "member": [{"mbox": "mailto:dee@example.com"}]},
      "contextActivities": {
        "parent": [{"id": "http://example.com/p"}],
        "grouping": [{"id": "http://example.com/g"}],
        "category": [{"id": "http://example.com/c"}],
        "other": {"id": "http://example.com/o"}}})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:teacher@example.com"), kRelated);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "openid|http://openid.example.org/team"), kRelated);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:dee@example.com"), kRelated);
  for (const char* id : {"http://example.com/p", "http://example.com/g", "http://example.com/c",
                         "http://example.com/o"}) {
    EXPECT_EQ(FlagsOf(terms, IndexKind::kActivity, id), kRelated) << id;
  }
}

TEST(ExtractIndexTermsTest, AuthorityIsRelatedAndMarked) {
  JsonDoc statement(kStatement);
  statement.Set("/authority", kAuthority);
  EXPECT_EQ(FlagsOf(TermsOf(statement), IndexKind::kAgent, "account|http://lrs.example.com|key1"),
            kIndexRelated | kIndexAuthority);

  // A 3-legged OAuth authority: each member is related, but neither is "the" authority.
  JsonDoc oauth(kStatement);
  oauth.Set("/authority", R"({"objectType": "Group", "member": [
      {"account": {"homePage": "http://example.com/xAPI/OAuth/Token", "name": "app"}},
      {"mbox": "mailto:user@example.com"}]})");
  std::vector<IndexTerm> terms = TermsOf(oauth);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "account|http://example.com/xAPI/OAuth/Token|app"),
            kRelated);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:user@example.com"), kRelated);
}

TEST(ExtractIndexTermsTest, SubStatementPartsAreRelated) {
  JsonDoc statement(kStatement);
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://example.com/verbs/will-visit"},
      "object": {"id": "http://example.com/website"},
      "context": {"instructor": {"mbox": "mailto:teacher@example.com"},
                  "contextActivities": {"parent": [{"id": "http://example.com/site-map"}]}}})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:bob@example.com"), kRelated);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kActivity, "http://example.com/website"), kRelated);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:teacher@example.com"), kRelated);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kActivity, "http://example.com/site-map"), kRelated);
  // The "verb" filter looks at the statement's own verb only.
  EXPECT_FALSE(FlagsOf(terms, IndexKind::kVerb, "http://example.com/verbs/will-visit").has_value());

  JsonDoc agent_object(kStatement);
  agent_object.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"objectType": "Group", "member": [{"mbox": "mailto:cy@example.com"}]}})");
  EXPECT_EQ(FlagsOf(TermsOf(agent_object), IndexKind::kAgent, "mbox|mailto:cy@example.com"),
            kRelated);
}

TEST(ExtractIndexTermsTest, ContextAgentsAndGroupsHaveTheirOwnFlag) {
  // xAPI 2.0.0: related_agents also matches each contextAgents[].agent and contextGroups[].group
  // (and its members), in the statement and in a SubStatement; their own flag keeps them out of
  // 1.0.3 queries, which match only what 1.0.3 defines.
  JsonDoc statement(kStatement);
  statement.Set("/context", R"({
      "instructor": {"mbox": "mailto:teacher@example.com"},
      "contextAgents": [{"objectType": "contextAgent", "agent": {"mbox": "mailto:coach@example.com"}},
                        {"objectType": "contextAgent", "agent": {"mbox": "mailto:teacher@example.com"}}],
      "contextGroups": [{"objectType": "contextGroup",
                         "group": {"objectType": "Group", "openid": "http://example.com/cohort",
                                   "member": [{"mbox": "mailto:dee@example.com"}]}}]})");
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/a"},
      "context": {"contextAgents": [{"objectType": "contextAgent",
                                     "agent": {"mbox": "mailto:mentor@example.com"}}]}})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:coach@example.com"), kIndexContextAgent);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "openid|http://example.com/cohort"),
            kIndexContextAgent);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:dee@example.com"), kIndexContextAgent);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:mentor@example.com"),
            kIndexContextAgent);
  // An instructor who is also a context agent is both.
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:teacher@example.com"),
            kRelated | kIndexContextAgent);
  EXPECT_EQ(kIndexRelatedAgents103 & kIndexContextAgent, 0);
  EXPECT_NE(kIndexRelatedAgents200 & kIndexContextAgent, 0);
  EXPECT_NE(kIndexInheritable & kIndexContextAgent, 0) << "StatementRefs pass them on";
}

TEST(ExtractIndexTermsTest, OneTermPerValueWithTheUnionOfFlags) {
  JsonDoc statement(kStatement);
  statement.Set("/context/instructor", R"({"mbox": "mailto:ann@EXAMPLE.com"})")
      .Set("/context/contextActivities/parent", R"({"id": "http://example.com/activities/quiz"})")
      .Set("/authority", R"({"mbox": "mailto:ann@example.com"})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kAgent, "mbox|mailto:ann@example.com"),
            kIndexDirect | kIndexRelated | kIndexAuthority);
  EXPECT_EQ(FlagsOf(terms, IndexKind::kActivity, "http://example.com/activities/quiz"),
            kIndexDirect | kIndexRelated);
  EXPECT_EQ(terms.size(), 3u);
}

TEST(ExtractIndexTermsTest, StatementRefObjectHasNoObjectTerm) {
  JsonDoc statement(kStatement);
  statement.Set("/object",
                R"({"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})");
  std::vector<IndexTerm> terms = TermsOf(statement);
  EXPECT_EQ(terms.size(), 2u);  // actor and verb
  for (const IndexTerm& t : terms)
    EXPECT_NE(t.kind, IndexKind::kActivity);
}

// --- StatementRefTarget, IsVoiding -----------------------------------------------------------

TEST(StatementRefTargetTest, LowerCaseIdOfAStatementRefObject) {
  JsonDoc ref(kStatement);
  ref.Set("/object",
          R"({"objectType": "StatementRef", "id": "8F87CCDE-BB56-4C2E-AB83-44982EF22DF0"})");
  EXPECT_EQ(StatementRefTarget(ref.doc()), "8f87ccde-bb56-4c2e-ab83-44982ef22df0");
  EXPECT_EQ(StatementRefTarget(JsonDoc(kStatement).doc()), "");
  // A StatementRef inside a SubStatement or in the context is not the statement's target.
  JsonDoc sub(kStatement);
  sub.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"}})");
  EXPECT_EQ(StatementRefTarget(sub.doc()), "");
  JsonDoc context(kStatement);
  context.Set("/context/statement",
              R"({"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"})");
  EXPECT_EQ(StatementRefTarget(context.doc()), "");
}

TEST(IsVoidingTest, VoidedVerbWithStatementRef) {
  const char* ref =
      R"({"objectType": "StatementRef", "id": "e05aa883-acaf-40ad-bf54-02c8ce485fb0"})";
  JsonDoc voiding(kStatement);
  voiding.Set("/verb/id", test::JsonString(kVoidedVerb)).Set("/object", ref);
  EXPECT_TRUE(IsVoiding(voiding.doc()));
  JsonDoc comment(kStatement);
  comment.Set("/verb/id", R"("http://adlnet.gov/expapi/verbs/commented")").Set("/object", ref);
  EXPECT_FALSE(IsVoiding(comment.doc()));
  JsonDoc sub(kStatement);
  sub.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"},
      "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
      "object": {"objectType": "StatementRef", "id": "e05aa883-acaf-40ad-bf54-02c8ce485fb0"}})");
  EXPECT_FALSE(IsVoiding(sub.doc()));
  EXPECT_FALSE(IsVoiding(JsonDoc(kStatement).doc()));
}

// --- ActivityDefinitions ---------------------------------------------------------------------

TEST(ActivityDefinitionsTest, EveryActivityThatCarriesADefinition) {
  JsonDoc statement(kStatement);
  statement.Set("/object/definition", R"({"name": {"en": "Quiz"}})")
      .Set("/context/contextActivities", R"({
          "parent": {"id": "http://example.com/p", "definition": {"name": {"en": "P"}}},
          "grouping": [{"id": "http://example.com/g"},
                       {"id": "http://example.com/g2", "definition": {"name": {"en": "G2"}}}]})");
  auto found = ActivityDefinitions(statement.doc());
  std::set<std::string> ids;
  for (const auto& [id, definition] : found) {
    ids.insert(std::string(id));
    ASSERT_NE(definition, nullptr);
    EXPECT_TRUE(definition->IsObject());
  }
  EXPECT_EQ(ids, (std::set<std::string>{"http://example.com/activities/quiz",
                                        "http://example.com/p", "http://example.com/g2"}));
  EXPECT_EQ(found.size(), 3u);
  // The pairs point into the statement.
  for (const auto& [id, definition] : found) {
    if (id == "http://example.com/activities/quiz") {
      EXPECT_EQ(definition, &statement.doc()["object"]["definition"]);
    }
  }
}

TEST(ActivityDefinitionsTest, IncludesThoseOfASubStatement) {
  JsonDoc statement(kStatement);
  statement.Set("/object", R"({"objectType": "SubStatement",
      "actor": {"mbox": "mailto:bob@example.com"}, "verb": {"id": "http://example.com/v"},
      "object": {"id": "http://example.com/website", "definition": {"name": {"en": "W"}}},
      "context": {"contextActivities": {"other": [
          {"id": "http://example.com/o", "definition": {"type": "http://example.com/t"}}]}}})");
  std::set<std::string> ids;
  for (const auto& [id, definition] : ActivityDefinitions(statement.doc())) {
    ids.insert(std::string(id));
  }
  EXPECT_EQ(ids, (std::set<std::string>{"http://example.com/website", "http://example.com/o"}));
  EXPECT_TRUE(ActivityDefinitions(JsonDoc(kStatement).doc()).empty());
}

// --- AgentKey --------------------------------------------------------------------------------

TEST(AgentKeyTest, OneKeyPerIdentifier) {
  EXPECT_EQ(AgentKey(JsonDoc(R"({"mbox": "mailto:Ann@EXAMPLE.com"})").doc()),
            "mbox|mailto:Ann@example.com");
  EXPECT_EQ(
      AgentKey(JsonDoc(R"({"mbox_sha1sum": "EBD31E95054C018B10727CCFFD2EF2EC3A016EE9"})").doc()),
      "mbox_sha1sum|ebd31e95054c018b10727ccffd2ef2ec3a016ee9");
  EXPECT_EQ(AgentKey(JsonDoc(R"({"openid": "http://openid.example.org/ann"})").doc()),
            "openid|http://openid.example.org/ann");
  EXPECT_EQ(AgentKey(JsonDoc(R"({"objectType": "Group",
      "account": {"homePage": "http://lms.example.com", "name": "Team 7"}})")
                         .doc()),
            "account|http://lms.example.com|Team 7");
  EXPECT_EQ(AgentKey(JsonDoc(R"({"objectType": "Group",
      "member": [{"mbox": "mailto:ann@example.com"}]})")
                         .doc()),
            std::nullopt);
}

TEST(AgentKeyTest, IdentifierOfKeyInvertsAgentKey) {
  for (const char* agent : {R"({"mbox":"mailto:Ann@example.com"})",
                            R"({"mbox_sha1sum":"ebd31e95054c018b10727ccffd2ef2ec3a016ee9"})",
                            R"({"openid":"http://openid.example.org/ann"})",
                            R"({"account":{"homePage":"http://lms.example.com","name":"a|b"}})"}) {
    json::Document doc;
    json::Value id = IdentifierOfKey(*AgentKey(JsonDoc(agent).doc()), doc.GetAllocator());
    EXPECT_EQ(json::Write(id), agent);
  }
  json::Document doc;
  EXPECT_TRUE(IdentifierOfKey("nonsense", doc.GetAllocator()).IsNull());
  EXPECT_TRUE(IdentifierOfKey("account|no-name", doc.GetAllocator()).IsNull());
}

TEST(AgentKeyTest, IsGroup) {
  EXPECT_TRUE(IsGroup(JsonDoc(R"({"objectType": "Group", "member": []})").doc()));
  EXPECT_FALSE(IsGroup(JsonDoc(R"({"objectType": "Agent", "mbox": "mailto:a@b.c"})").doc()));
  EXPECT_FALSE(IsGroup(JsonDoc(R"({"mbox": "mailto:a@b.c"})").doc()));
}

// --- AgentNames ----------------------------------------------------------------------------

TEST(AgentNamesTest, CollectsNamedIdentifiedAgentsEverywhereOnce) {
  JsonDoc statement(R"({
    "actor": {"objectType": "Group", "name": "Crew", "mbox": "mailto:crew@example.com",
              "member": [{"name": "Ann", "mbox": "mailto:ann@example.com"},
                         {"mbox": "mailto:nameless@example.com"}]},
    "verb": {"id": "http://example.com/verbs/met"},
    "object": {"objectType": "SubStatement",
               "actor": {"name": "Ann", "mbox": "mailto:ann@example.com"},
               "verb": {"id": "http://example.com/verbs/met"},
               "object": {"objectType": "Agent", "name": "Bob",
                          "account": {"homePage": "https://lms.example.com", "name": "b1"}}},
    "context": {"instructor": {"name": "Cy", "openid": "https://id.example.com/cy"},
                "team": {"objectType": "Group", "name": "Anonymous team",
                         "member": [{"name": "Di", "mbox_sha1sum": "ab"}]}}
  })");
  std::vector<std::pair<std::string, std::string>> names;
  for (const auto& [key, name] : AgentNames(statement.doc()))
    names.emplace_back(key, std::string(name));
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"mbox|mailto:crew@example.com", "Crew"},
      {"mbox|mailto:ann@example.com", "Ann"},
      {"account|https://lms.example.com|b1", "Bob"},
      {"openid|https://id.example.com/cy", "Cy"},
      {"mbox_sha1sum|ab", "Di"},
  };
  EXPECT_EQ(names, expected);
}

}  // namespace
}  // namespace lrs::xapi
