// Voiding (Part Two §2.3.2, Part Three §2.1.4) and the filter rule for statements that target
// other statements through a StatementRef (Part Three §2.1.3, "Filter Conditions for
// StatementRefs").
#include <algorithm>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpVoiding = LrsHttpTest;

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::string AgentParam(const std::string& name) {
  return "{\"mbox\":" + Quote(Mbox(name)) + "}";
}

TEST_F(HttpVoiding, AVoidedStatementIsOnlyFetchedByVoidedStatementId) {
  const std::string target = Store(SimpleStatement(NewId(), "ann", "failed", "exam"));
  const std::string voiding = Store(VoidingStatement(NewId(), target));

  EXPECT_TRUE(IsError(GetStatement(target), 404, "voided"));
  HttpResult voided = GetStatement(target, /*voided=*/true);
  ASSERT_TRUE(HasStatus(voided, 200));
  EXPECT_EQ(StringAt(*ParseJson(voided.body), "id"), target);
  EXPECT_TRUE(voided.Header("Last-Modified").has_value());

  // The voiding statement itself is an ordinary statement.
  HttpResult v = GetStatement(voiding);
  ASSERT_TRUE(HasStatus(v, 200));
  auto doc = ParseJson(v.body);
  EXPECT_EQ(StringAt(*doc, "verb.id"), kVoided);
  EXPECT_EQ(StringAt(*doc, "object.objectType"), "StatementRef");
  EXPECT_EQ(StringAt(*doc, "object.id"), target);
  EXPECT_TRUE(HasStatus(GetStatement(voiding, /*voided=*/true), 404));
}

TEST_F(HttpVoiding, QueriesLeaveVoidedStatementsOutButKeepTheVoidingStatement) {
  const std::string registration = NewId();
  const std::string target = Store(Statement(
      Agent("ann"), Verb("failed"), Activity("exam"),
      "\"id\":" + Quote(NewId()) + ",\"context\":{\"registration\":" + Quote(registration) + "}"));
  const std::string other = Store(SimpleStatement(NewId(), "bob", "passed", "exam"));
  const std::string voiding = Store(VoidingStatement(NewId(), target));

  EXPECT_EQ(QueryIds({}), (std::vector<std::string>{voiding, other}));
  // The voiding statement matches what its target matched; the target itself never shows.
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}}), std::vector<std::string>{voiding});
  EXPECT_EQ(QueryIds({{"verb", VerbId("failed")}}), std::vector<std::string>{voiding});
  EXPECT_EQ(QueryIds({{"activity", ActivityId("exam")}}),
            (std::vector<std::string>{voiding, other}));
  EXPECT_EQ(QueryIds({{"registration", registration}}), std::vector<std::string>{voiding});
  EXPECT_EQ(QueryIds({{"verb", kVoided}}), std::vector<std::string>{voiding});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}, {"ascending", "true"}}),
            std::vector<std::string>{voiding});
}

TEST_F(HttpVoiding, AVoidingStatementCannotBeVoided) {
  const std::string target = Store(SimpleStatement(NewId()));
  const std::string voiding = Store(VoidingStatement(NewId(), target));
  const std::string second = NewId();
  HttpResult r = admin().Post(kStatements, VoidingStatement(second, voiding));
  EXPECT_TRUE(IsError(r, 400, voiding));
  EXPECT_TRUE(HasStatus(GetStatement(second), 404));
  EXPECT_TRUE(HasStatus(GetStatement(voiding), 200));
  EXPECT_TRUE(HasStatus(GetStatement(voiding, /*voided=*/true), 404));
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{voiding});
}

TEST_F(HttpVoiding, AVoidingStatementNeedsAStatementRef) {
  const std::string id = NewId();
  HttpResult r =
      admin().Post(kStatements, Statement(Agent("ann"), "{\"id\":" + Quote(kVoided) + "}",
                                          Activity("course"), "\"id\":" + Quote(id)));
  EXPECT_TRUE(IsError(r, 400, "StatementRef"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpVoiding, AVoidingStatementStoredBeforeItsTargetVoidsItOnArrival) {
  const std::string target = NewId();
  const std::string voiding = Store(VoidingStatement(NewId(), target));
  EXPECT_TRUE(HasStatus(GetStatement(target, /*voided=*/true), 404));
  Store(SimpleStatement(target, "ann", "failed", "exam"));

  EXPECT_TRUE(HasStatus(GetStatement(target), 404));
  HttpResult voided = GetStatement(target, /*voided=*/true);
  ASSERT_TRUE(HasStatus(voided, 200));
  EXPECT_EQ(StringAt(*ParseJson(voided.body), "id"), target);
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{voiding});
  // The voiding statement now matches the filters its late target matches.
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ann")}}), std::vector<std::string>{voiding});
  EXPECT_EQ(QueryIds({{"activity", ActivityId("exam")}}), std::vector<std::string>{voiding});
}

TEST_F(HttpVoiding, VoidingWithinOneBatch) {
  const std::string target = NewId();
  const std::string voiding = NewId();
  HttpResult r = admin().Post(
      kStatements, "[" + SimpleStatement(target) + "," + VoidingStatement(voiding, target) + "]");
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_TRUE(HasStatus(GetStatement(target), 404));
  EXPECT_TRUE(HasStatus(GetStatement(target, /*voided=*/true), 200));
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{voiding});
}

TEST_F(HttpVoiding, StatementRefTargetsMatchFiltersRecursively) {
  // "Ben passed explosives training"; "Andrew confirmed <that>"; "Carl noted <the confirmation>".
  const std::string registration = NewId();
  const std::string passed =
      Store(Statement(Agent("ben"), Verb("passed"), Activity("explosives"),
                      "\"context\":{\"registration\":" + Quote(registration) +
                          ",\"contextActivities\":{\"parent\":[" + Activity("safety") +
                          "]},\"instructor\":" + Agent("ivy") + "}"));
  const std::string confirmed =
      Store(Statement(Agent("andrew"), Verb("confirmed"), StatementRef(passed)));
  const std::string noted = Store(Statement(Agent("carl"), Verb("noted"), StatementRef(confirmed)));
  // Mentions the first statement only in its context: that does not count.
  const std::string context_only =
      Store(Statement(Agent("dora"), Verb("read"), Activity("report"),
                      "\"context\":{\"statement\":" + StatementRef(passed) + "}"));
  const std::string unrelated = Store(SimpleStatement(NewId(), "eve", "passed", "driving"));

  const std::vector<std::string> chain = {noted, confirmed, passed};
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ben")}}), chain);
  EXPECT_EQ(QueryIds({{"activity", ActivityId("explosives")}}), chain);
  EXPECT_EQ(QueryIds({{"registration", registration}}), chain);
  EXPECT_EQ(QueryIds({{"verb", VerbId("passed")}}),
            (std::vector<std::string>{unrelated, noted, confirmed, passed}));
  EXPECT_EQ(QueryIds({{"activity", ActivityId("safety")}, {"related_activities", "true"}}), chain);
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ivy")}, {"related_agents", "true"}}), chain);
  EXPECT_EQ(QueryIds({{"agent", AgentParam("andrew")}}),
            (std::vector<std::string>{noted, confirmed}));
  EXPECT_EQ(QueryIds({{"agent", AgentParam("carl")}}), std::vector<std::string>{noted});
  EXPECT_FALSE(Contains(QueryIds({{"agent", AgentParam("ben")}}), context_only));
  // Time filters apply to the referencing statement itself.
  HttpResult confirmed_get = GetStatement(confirmed);
  ASSERT_TRUE(HasStatus(confirmed_get, 200));
  const std::string confirmed_stored = StringAt(*ParseJson(confirmed_get.body), "stored");
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ben")}, {"since", confirmed_stored}}),
            std::vector<std::string>{noted});
  EXPECT_EQ(QueryIds({{"agent", AgentParam("ben")}, {"until", confirmed_stored}}),
            (std::vector<std::string>{confirmed, passed}));
}

}  // namespace
}  // namespace lrs::http_test
