// The outcome plugin and xAPI 2.0.0: a statement sent by a 2.0.0 client is tagged exactly as the
// same statement sent by a 1.0.3 client, and its context agents and groups (a coach, a cohort)
// are not learners: the actor is the one who learns, under either version.
#include "tests/outcomes/outcome_http_test.h"

#include <algorithm>

#include <rapidjson/document.h>

namespace outcomes::http_test {
namespace {

using Xapi20Tagging = OutcomeHttpTest;

constexpr char kOutcome[] = "onboarding";

// `statement` (JSON text) with context agents and groups added to its context.
std::string WithContextAgents(const std::string& statement) {
  json::Document doc;
  EXPECT_TRUE(json::Parse(statement, &doc).ok()) << statement;
  json::Document agents;
  EXPECT_TRUE(json::Parse(R"({
      "contextAgents": [{"objectType": "contextAgent",
                         "agent": {"name": "Coach", "mbox": "mailto:coach@example.com"},
                         "relevantTypes": ["http://example.com/roles/coach"]}],
      "contextGroups": [{"objectType": "contextGroup",
                         "group": {"objectType": "Group", "name": "Cohort",
                                   "member": [{"mbox": "mailto:dee@example.com"}]}}]})",
                          &agents)
                  .ok());
  auto& a = doc.GetAllocator();
  if (!doc.HasMember("context")) doc.AddMember("context", json::Value(rapidjson::kObjectType), a);
  for (auto& m : agents.GetObject()) {
    doc["context"].AddMember(json::Value(m.name, a), json::Value(m.value, a), a);
  }
  return json::Write(doc);
}

TEST_F(Xapi20Tagging, TwoZeroStatementsAreTaggedLikeOneZeroAndTheActorIsTheLearner) {
  ASSERT_TRUE(HasStatus(server().Put(kOutcome, Declaration("", R"([{"id": "onboarding-completions",
          "verb": "http://adlnet.gov/expapi/verbs/completed",
          "context_activity": {"id": "http://example.com/onboarding", "kind": "category"}}])")),
                        201));
  XapiClient v2 = server().ClientFor(kAdminKey, kAdminSecret);
  v2.SetVersion("2.0.0");

  StatementJson one;
  one.Actor("ann").Verb(kVerbCompleted).Object("http://example.com/activities/intro");
  one.Category("http://example.com/onboarding").Instructor("coach");
  one.Timestamp("2026-03-02T12:00:00Z").Success(true);
  ASSERT_FALSE(server().Store(one.Json()).empty());

  StatementJson two;
  two.Actor("bob").Verb(kVerbCompleted).Object("http://example.com/activities/intro");
  two.Category("http://example.com/onboarding").Instructor("coach");
  two.Timestamp("2026-03-02T13:00:00Z").Success(true);
  HttpResult stored = v2.Post(kStatements, WithContextAgents(two.Json()));
  ASSERT_TRUE(HasStatus(stored, 200));
  // Not tagged: the coach's and the cohort's own statements would be; these are about them only
  // as context.
  StatementJson other;
  other.Actor("cy").Verb(kVerbAttempted).Object("http://example.com/activities/intro");
  other.Timestamp("2026-03-02T14:00:00Z");
  ASSERT_TRUE(HasStatus(v2.Post(kStatements, WithContextAgents(other.Json())), 200));

  ASSERT_TRUE(server().WaitUntilTagged(kOutcome));
  const Tags tags = server().TagsOf(one.id());
  EXPECT_FALSE(tags.empty());
  EXPECT_EQ(server().TagsOf(two.id()), tags) << "the 2.0.0 statement is tagged differently";
  EXPECT_TRUE(server().TagsOf(other.id()).empty());
  std::vector<std::string> tagged = server().TaggedIds(kOutcome);
  std::vector<std::string> expected = {one.id(), two.id()};
  std::sort(tagged.begin(), tagged.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(tagged, expected);

  // The learners are the actors, ann and bob: never the coach or the cohort's member.
  HttpResult learners = server().Get(OutcomePath(kOutcome) + "/learners",
                                     {{"from", "2026-03-01"}, {"to", "2026-03-31"}});
  ASSERT_TRUE(HasStatus(learners, 200));
  auto doc = ParseJson(learners.body);
  std::vector<std::string> mboxes;
  for (const json::Value& l : At(*doc, "learners")->GetArray()) {
    mboxes.push_back(StringAt(l, "agent.mbox"));
  }
  std::sort(mboxes.begin(), mboxes.end());
  EXPECT_EQ(mboxes, (std::vector<std::string>{"mailto:ann@example.com", "mailto:bob@example.com"}))
      << learners.body;
}

}  // namespace
}  // namespace outcomes::http_test
