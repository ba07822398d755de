// Tagging rules and their index (plugin/tagging/rule_index.h): each condition kind, prefixes,
// explicit tags, which rule is recorded, and that the index finds exactly what evaluating every
// rule of every outcome would.
#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/model/outcome.h"
#include "plugin/tagging/rule_index.h"
#include "plugin/tagging/tagger.h"

namespace outcomes {
namespace {

// A statement with the parts the conditions look at.
struct Parts {
  std::string activity = "https://lms.example.com/courses/forklift/module-1";
  std::string type;
  std::string verb = "http://adlnet.gov/expapi/verbs/completed";
  std::string parent;
  std::string grouping;
  std::string category;
  std::string registration;
  std::string result;              // JSON object members of "result", e.g. "\"success\":true"
  std::string context_extensions;  // JSON object members
  bool object_is_agent = false;
};

json::Document StatementOf(const Parts& p) {
  std::string object =
      p.object_is_agent
          ? R"({"objectType":"Agent","mbox":"mailto:x@example.com"})"
          : R"({"id":")" + p.activity + R"(")" +
                (p.type.empty() ? "" : R"(,"definition":{"type":")" + p.type + R"("})") + "}";
  std::string context;
  auto activities = [](const std::string& id) { return R"([{"id":")" + id + R"("}])"; };
  std::string ca;
  if (!p.parent.empty())
    ca += std::string(ca.empty() ? "" : ",") + "\"parent\":" + activities(p.parent);
  if (!p.grouping.empty())
    ca += std::string(ca.empty() ? "" : ",") + "\"grouping\":" + activities(p.grouping);
  if (!p.category.empty())
    ca += std::string(ca.empty() ? "" : ",") + "\"category\":" + activities(p.category);
  if (!ca.empty()) context += "\"contextActivities\":{" + ca + "}";
  if (!p.registration.empty()) {
    context +=
        std::string(context.empty() ? "" : ",") + "\"registration\":\"" + p.registration + "\"";
  }
  if (!p.context_extensions.empty()) {
    context +=
        std::string(context.empty() ? "" : ",") + "\"extensions\":{" + p.context_extensions + "}";
  }
  std::string text = R"({"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":")" + p.verb +
                     R"("},"object":)" + object;
  if (!context.empty()) text += ",\"context\":{" + context + "}";
  if (!p.result.empty()) text += ",\"result\":{" + p.result + "}";
  text += "}";
  json::Document doc;
  EXPECT_TRUE(json::Parse(text, &doc).ok()) << text;
  return doc;
}

TaggingRule RuleFrom(const std::string& rule_json) {
  std::string text = R"({"id":"o","name":"O","kpi":{"name":"k","unit":"u","direction":"increase",
    "baseline":{"value":1,"date":"2026-01-01"},"target":{"value":2,"date":"2026-12-31"}},
    "audience":{"segment":"employees","size":10},"rules":[)" +
                     rule_json + "]}";
  json::Document doc;
  EXPECT_TRUE(json::Parse(text, &doc).ok()) << text;
  auto o = ParseOutcome(doc);
  EXPECT_TRUE(o.ok()) << (o.ok() ? "" : o.error().message());
  return o.ok() ? o.value().rules[0] : TaggingRule{};
}

bool Matches(const std::string& rule, const Parts& parts) {
  return RuleFrom(rule).Matches(StatementOf(parts));
}

TEST(TaggingRuleTest, ActivityExactAndPrefix) {
  Parts p;
  EXPECT_TRUE(
      Matches(R"({"activity":{"id":"https://lms.example.com/courses/forklift/module-1"}})", p));
  EXPECT_FALSE(Matches(R"({"activity":{"id":"https://lms.example.com/courses/forklift"}})", p));
  EXPECT_TRUE(Matches(R"({"activity":{"prefix":"https://lms.example.com/courses/forklift"}})", p));
  // A prefix equal to the whole id matches; a longer one does not.
  EXPECT_TRUE(
      Matches(R"({"activity":{"prefix":"https://lms.example.com/courses/forklift/module-1"}})", p));
  EXPECT_FALSE(Matches(
      R"({"activity":{"prefix":"https://lms.example.com/courses/forklift/module-10"}})", p));
  // Prefixes are plain string prefixes: "forklift" also covers "forklift-advanced".
  p.activity = "https://lms.example.com/courses/forklift-advanced";
  EXPECT_TRUE(Matches(R"({"activity":{"prefix":"https://lms.example.com/courses/forklift"}})", p));
  EXPECT_FALSE(
      Matches(R"({"activity":{"prefix":"https://lms.example.com/courses/forklift/"}})", p));
  // The object must be an Activity.
  p.object_is_agent = true;
  EXPECT_FALSE(Matches(R"({"activity":{"prefix":"https://"}})", p));
}

TEST(TaggingRuleTest, ActivityTypeAndVerbAreAnyOf) {
  Parts p;
  p.type = "http://adlnet.gov/expapi/activities/simulation";
  EXPECT_TRUE(Matches(R"({"activity_type":"http://adlnet.gov/expapi/activities/simulation"})", p));
  EXPECT_TRUE(Matches(
      R"({"activity_type":["http://x.example/t","http://adlnet.gov/expapi/activities/simulation"]})",
      p));
  p.type.clear();  // no definition: no type to match
  EXPECT_FALSE(Matches(R"({"activity_type":"http://adlnet.gov/expapi/activities/simulation"})", p));
  EXPECT_TRUE(Matches(
      R"({"verb":["http://adlnet.gov/expapi/verbs/passed","http://adlnet.gov/expapi/verbs/completed"]})",
      p));
  EXPECT_FALSE(Matches(R"({"verb":"http://adlnet.gov/expapi/verbs/passed"})", p));
}

TEST(TaggingRuleTest, ContextActivitiesByKind) {
  Parts p;
  p.parent = "https://lms.example.com/courses/lockout-tagout";
  p.grouping = "https://lms.example.com/programs/plant-safety";
  EXPECT_TRUE(Matches(
      R"({"context_activity":{"id":"https://lms.example.com/courses/lockout-tagout"}})", p));
  EXPECT_TRUE(Matches(
      R"({"context_activity":{"id":"https://lms.example.com/courses/lockout-tagout","kind":"parent"}})",
      p));
  EXPECT_FALSE(Matches(
      R"({"context_activity":{"id":"https://lms.example.com/courses/lockout-tagout","kind":"grouping"}})",
      p));
  EXPECT_TRUE(Matches(
      R"({"context_activity":{"prefix":"https://lms.example.com/programs/","kind":"grouping"}})",
      p));
  EXPECT_FALSE(Matches(
      R"({"context_activity":{"prefix":"https://lms.example.com/programs/","kind":"category"}})",
      p));
}

TEST(TaggingRuleTest, RegistrationResultAndExtensions) {
  Parts p;
  p.registration = "9D1C6E3A-3E0B-4B1E-9A3F-2F4C8F2F5A10";  // matched in any case
  p.result = R"("success":true,"completion":false)";
  p.context_extensions = R"("https://example.com/extensions/team":{"region":"emea","tier":2})";
  EXPECT_TRUE(Matches(R"({"registration":"9d1c6e3a-3e0b-4b1e-9a3f-2f4c8f2f5a10"})", p));
  EXPECT_TRUE(Matches(R"({"success":true,"completion":false})", p));
  EXPECT_FALSE(Matches(R"({"completion":true})", p));
  // Extension values compare as JSON values (member order and number spelling do not count).
  EXPECT_TRUE(Matches(R"({"extension":{"in":"context","key":"https://example.com/extensions/team",
                          "equals":{"tier":2.0,"region":"emea"}}})",
                      p));
  EXPECT_FALSE(Matches(R"({"extension":{"in":"result","key":"https://example.com/extensions/team",
                           "equals":{"tier":2,"region":"emea"}}})",
                       p));
  p.result.clear();
  EXPECT_FALSE(Matches(R"({"success":true})", p));  // no result at all
}

TEST(TaggingRuleTest, AllConditionsOfARuleMustHold) {
  Parts p;
  p.type = "http://adlnet.gov/expapi/activities/simulation";
  p.verb = "http://adlnet.gov/expapi/verbs/passed";
  const std::string rule = R"({"activity_type":"http://adlnet.gov/expapi/activities/simulation",
                               "verb":"http://adlnet.gov/expapi/verbs/passed",
                               "activity":{"prefix":"https://lms.example.com/"}})";
  EXPECT_TRUE(Matches(rule, p));
  p.verb = "http://adlnet.gov/expapi/verbs/failed";
  EXPECT_FALSE(Matches(rule, p));
}

RuleIndex::Entry EntryOf(int64_t key, const std::string& iri,
                         const std::vector<std::string>& rules) {
  RuleIndex::Entry e;
  e.outcome_key = key;
  e.iri = iri;
  int n = 0;
  for (const std::string& r : rules) {
    TaggingRule rule = RuleFrom(r);
    rule.id = "r" + std::to_string(++n);
    e.rules.push_back(rule);
  }
  return e;
}

TEST(RuleIndexTest, ExplicitTagsComeFromCategoryOrGroupingAndWin) {
  std::vector<RuleIndex::Entry> entries;
  entries.push_back(EntryOf(7, "https://outcomes.example.com/o/7",
                            {R"({"verb":"http://adlnet.gov/expapi/verbs/completed"})"}));
  RuleIndex index(std::move(entries));
  Parts p;
  auto by_rule = index.Matches(StatementOf(p));
  ASSERT_EQ(by_rule.size(), 1u);
  EXPECT_EQ(by_rule[0].rule, "r1");
  p.category = "https://outcomes.example.com/o/7";
  auto explicitly = index.Matches(StatementOf(p));
  ASSERT_EQ(explicitly.size(), 1u);  // one tag per outcome
  EXPECT_EQ(explicitly[0].outcome_key, 7);
  EXPECT_EQ(explicitly[0].rule, kExplicitRule);
  p.category.clear();
  p.grouping = "https://outcomes.example.com/o/7";
  p.verb = "http://adlnet.gov/expapi/verbs/launched";
  ASSERT_EQ(index.Matches(StatementOf(p)).size(), 1u);
  p.grouping.clear();
  p.parent = "https://outcomes.example.com/o/7";  // a parent does not name an outcome
  EXPECT_TRUE(index.Matches(StatementOf(p)).empty());
}

TEST(RuleIndexTest, TheFirstMatchingRuleInDeclaredOrderIsRecorded) {
  std::vector<RuleIndex::Entry> entries;
  entries.push_back(
      EntryOf(1, "urn:o:1",
              {R"({"verb":"http://adlnet.gov/expapi/verbs/passed"})",
               R"({"activity":{"prefix":"https://lms.example.com/"}})",
               R"({"activity":{"id":"https://lms.example.com/courses/forklift/module-1"}})"}));
  entries.push_back(EntryOf(2, "urn:o:2", {R"({"success":true})"}));
  RuleIndex index(std::move(entries));
  Parts p;
  auto m = index.Matches(StatementOf(p));
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].outcome_key, 1);
  EXPECT_EQ(m[0].rule, "r2");  // r3 matches too, but r2 comes first
  p.result = R"("success":true)";
  m = index.Matches(StatementOf(p));
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(m[1].outcome_key, 2);  // an unanchored rule is still checked
}

TEST(RuleIndexTest, FindsExactlyWhatEvaluatingEveryRuleFinds) {
  // Many outcomes with rules of every kind over a small vocabulary, so that statements match
  // some; the index must agree with brute force on every statement.
  std::mt19937 rng(7);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> activities = {
      "https://lms.example.com/c/a",  "https://lms.example.com/c/a/1",
      "https://lms.example.com/c/ab", "https://lms.example.com/c/b",
      "https://lms.example.com/d/x",  "https://labs.example.com/z"};
  const std::vector<std::string> prefixes = {"https://lms.example.com/",
                                             "https://lms.example.com/c/a",
                                             "https://lms.example.com/c/a/", "https://labs."};
  const std::vector<std::string> verbs = {"http://adlnet.gov/expapi/verbs/completed",
                                          "http://adlnet.gov/expapi/verbs/passed",
                                          "http://adlnet.gov/expapi/verbs/failed"};
  const std::vector<std::string> types = {"http://t.example/sim", "http://t.example/course"};
  const std::vector<std::string> regs = {"00000000-0000-4000-8000-000000000001",
                                         "00000000-0000-4000-8000-000000000002"};
  auto random_rule = [&]() {
    std::vector<std::string> conditions;
    switch (rng() % 9) {
      case 0:
        conditions.push_back(R"("activity":{"id":")" + pick(activities) + R"("})");
        break;
      case 1:
        conditions.push_back(R"("activity":{"prefix":")" + pick(prefixes) + R"("})");
        break;
      case 2:
        conditions.push_back(R"("context_activity":{"id":")" + pick(activities) + R"("})");
        break;
      case 3:
        conditions.push_back(R"("context_activity":{"prefix":")" + pick(prefixes) +
                             R"(","kind":"grouping"})");
        break;
      case 4:
        conditions.push_back(R"("verb":")" + pick(verbs) + R"(")");
        break;
      case 5:
        conditions.push_back(R"("activity_type":")" + pick(types) + R"(")");
        break;
      case 6:
        conditions.push_back(R"("registration":")" + pick(regs) + R"(")");
        break;
      case 7:
        conditions.push_back(R"("success":true)");
        break;
      default: {
        const size_t first = rng() % verbs.size();
        const size_t second = (first + 1 + rng() % (verbs.size() - 1)) % verbs.size();
        conditions.push_back(R"("verb":[")" + verbs[first] + R"(",")" + verbs[second] + R"("])");
        break;
      }
    }
    const bool has_verb = conditions.back().rfind("\"verb\"", 0) == 0;
    if (!has_verb && rng() % 3 == 0) conditions.push_back(R"("verb":")" + pick(verbs) + R"(")");
    std::string r = "{";
    for (size_t i = 0; i < conditions.size(); ++i)
      r += (i ? "," : "") + conditions[i];
    return r + "}";
  };
  std::vector<RuleIndex::Entry> entries;
  for (int64_t o = 1; o <= 200; ++o) {
    std::vector<std::string> rules;
    for (int r = 0; r < 1 + static_cast<int>(rng() % 4); ++r) {
      std::string rule = random_rule();
      if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
    }
    entries.push_back(EntryOf(o, "urn:o:" + std::to_string(o), rules));
  }
  const std::vector<RuleIndex::Entry> copy = entries;
  RuleIndex index(std::move(entries));

  int tagged = 0;
  for (int s = 0; s < 500; ++s) {
    Parts p;
    p.activity = pick(activities);
    p.verb = pick(verbs);
    if (rng() % 2) p.type = pick(types);
    if (rng() % 2) p.grouping = pick(activities);
    if (rng() % 2) p.registration = pick(regs);
    if (rng() % 2) p.result = R"("success":true)";
    if (rng() % 5 == 0) p.category = "urn:o:" + std::to_string(1 + rng() % 200);
    const json::Document statement = StatementOf(p);

    std::vector<std::pair<int64_t, std::string>> expected;
    for (const RuleIndex::Entry& e : copy) {
      if (!p.category.empty() && p.category == e.iri) {
        expected.emplace_back(e.outcome_key, std::string(kExplicitRule));
        continue;
      }
      for (const TaggingRule& rule : e.rules) {
        if (rule.Matches(statement)) {
          expected.emplace_back(e.outcome_key, rule.id);
          break;
        }
      }
    }
    std::vector<std::pair<int64_t, std::string>> actual;
    for (const RuleIndex::Match& m : index.Matches(statement)) {
      actual.emplace_back(m.outcome_key, std::string(m.rule));
    }
    ASSERT_EQ(actual, expected) << "statement " << s << ": " << json::Write(statement);
    tagged += static_cast<int>(actual.size());
  }
  EXPECT_GT(tagged, 500);  // the vocabulary makes matches common enough to mean something
}

TEST(RuleIndexTest, CoveringAnActivityByItsRulesOrTheOutcomesIri) {
  std::vector<RuleIndex::Entry> entries;
  entries.push_back(EntryOf(1, "https://outcomes.example.com/o/1",
                            {R"({"verb":"http://adlnet.gov/expapi/verbs/passed"})",
                             R"({"activity":{"prefix":"https://lms.example.com/c/"},
                                 "verb":"http://adlnet.gov/expapi/verbs/completed"})"}));
  // Filed under its registration, or under its object Activity while the course is its context:
  // still found by either Activity.
  entries.push_back(EntryOf(2, "urn:o:2",
                            {R"({"registration":"00000000-0000-4000-8000-000000000001",
                                 "activity":{"id":"https://lms.example.com/x"}})",
                             R"({"activity":{"id":"https://lms.example.com/c/7/quiz"},
                                 "context_activity":{"id":"https://lms.example.com/course/7",
                                                     "kind":"parent"}})"}));
  entries.push_back(EntryOf(3, "urn:o:3", {R"({"success":true})"}));
  RuleIndex index(std::move(entries));
  auto covering = [&](const std::string& iri) {
    std::vector<std::pair<int64_t, std::string>> out;
    for (const RuleIndex::Match& m : index.Covering(iri))
      out.emplace_back(m.outcome_key, std::string(m.rule));
    return out;
  };
  using V = std::vector<std::pair<int64_t, std::string>>;
  EXPECT_EQ(covering("https://lms.example.com/c/7/quiz"), (V{{1, "r2"}, {2, "r2"}}));
  EXPECT_EQ(covering("https://lms.example.com/course/7"), (V{{2, "r2"}}));
  EXPECT_EQ(covering("https://lms.example.com/x"), (V{{2, "r1"}}));
  EXPECT_EQ(covering("https://outcomes.example.com/o/1"), (V{{1, std::string(kExplicitRule)}}));
  EXPECT_EQ(covering("https://elsewhere.example.com/"), V{});
  EXPECT_EQ(covering(""), V{});
}

TEST(RuleIndexTest, CoveringFindsExactlyWhatCheckingEveryRuleFinds) {
  std::mt19937 rng(11);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> activities = {
      "https://lms.example.com/c/a", "https://lms.example.com/c/a/1", "https://lms.example.com/c/b",
      "https://labs.example.com/z", "urn:o:3"};
  const std::vector<std::string> prefixes = {"https://lms.example.com/",
                                             "https://lms.example.com/c/a", "https://labs."};
  auto random_rule = [&]() {
    std::vector<std::string> c;
    if (rng() % 2) {
      c.push_back(rng() % 2 ? R"("activity":{"id":")" + pick(activities) + R"("})"
                            : R"("activity":{"prefix":")" + pick(prefixes) + R"("})");
    }
    if (rng() % 2) {
      c.push_back(rng() % 2 ? R"("context_activity":{"id":")" + pick(activities) + R"("})"
                            : R"("context_activity":{"prefix":")" + pick(prefixes) + R"("})");
    }
    if (rng() % 3 == 0) c.push_back(R"("registration":"00000000-0000-4000-8000-000000000001")");
    if (c.empty() || rng() % 3 == 0)
      c.push_back(R"("verb":"http://adlnet.gov/expapi/verbs/passed")");
    std::string r = "{";
    for (size_t i = 0; i < c.size(); ++i)
      r += (i ? "," : "") + c[i];
    return r + "}";
  };
  std::vector<RuleIndex::Entry> entries;
  for (int64_t o = 1; o <= 150; ++o) {
    std::vector<std::string> rules;
    for (int r = 0; r < 1 + static_cast<int>(rng() % 3); ++r)
      rules.push_back(random_rule());
    entries.push_back(EntryOf(o, "urn:o:" + std::to_string(o), rules));
  }
  const std::vector<RuleIndex::Entry> copy = entries;
  RuleIndex index(std::move(entries));
  int covered = 0;
  for (const std::string& iri : activities) {
    std::vector<std::pair<int64_t, std::string>> expected;
    for (const RuleIndex::Entry& e : copy) {
      if (e.iri == iri) {
        expected.emplace_back(e.outcome_key, std::string(kExplicitRule));
        continue;
      }
      for (const TaggingRule& rule : e.rules) {
        if ((rule.activity && rule.activity->Matches(iri)) ||
            (rule.context_activity && rule.context_activity->match.Matches(iri))) {
          expected.emplace_back(e.outcome_key, rule.id);
          break;
        }
      }
    }
    std::vector<std::pair<int64_t, std::string>> actual;
    for (const RuleIndex::Match& m : index.Covering(iri))
      actual.emplace_back(m.outcome_key, std::string(m.rule));
    ASSERT_EQ(actual, expected) << iri;
    covered += static_cast<int>(actual.size());
  }
  EXPECT_GT(covered, 50);  // the vocabulary is small enough for many covers
}

TEST(TagFactsTest, RecordsActorCompletionScoreAndTime) {
  json::Document s;
  ASSERT_TRUE(json::Parse(R"({"actor":{"mbox":"mailto:Ann@Example.com"},
      "verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},"object":{"id":"http://x.example/a"},
      "result":{"success":true,"score":{"scaled":0.8}},"timestamp":"2026-03-01T10:00:00Z"})",
                          &s)
                  .ok());
  TagFacts f = FactsOf(s, 5);
  EXPECT_EQ(f.agent, "mbox|mailto:Ann@example.com");
  EXPECT_TRUE(f.completed);
  EXPECT_EQ(f.scaled, 0.8);
  EXPECT_EQ(f.timestamp_us, 1772359200000000LL);
  json::Document launched;
  ASSERT_TRUE(json::Parse(R"({"actor":{"objectType":"Group","member":[{"mbox":"mailto:a@b.c"}]},
      "verb":{"id":"http://adlnet.gov/expapi/verbs/launched"},"object":{"id":"http://x.example/a"}})",
                          &launched)
                  .ok());
  TagFacts g = FactsOf(launched, 42);
  EXPECT_FALSE(g.agent.has_value());  // an anonymous group is nobody in particular
  EXPECT_FALSE(g.completed);
  EXPECT_FALSE(g.scaled.has_value());
  EXPECT_EQ(g.timestamp_us, 42);  // no timestamp: stored
}

}  // namespace
}  // namespace outcomes
