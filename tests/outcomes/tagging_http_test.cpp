// Tagging over HTTP, on a real outcome-lrs: statements tagged as they are stored, history
// re-tagged in the background with the same end result as declaring first, rule changes,
// explicit tags, voiding, listing tagged statements (paging, order, filters), declarations
// changing concurrently with statement storage, and restarts.
#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "lrs/core/crypto.h"
#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

class Tagging : public OutcomeHttpTest {};

TEST_F(Tagging, StatementsAreTaggedAsTheyAreStored) {
  DeclareHistoryOutcomes(server(), 0);
  const History h = MakeHistory(120);
  server().StoreAll(h.statements, 0, h.statements.size(), 25);
  ExpectListings(server(), h, "declared first");
  ExpectTags(server(), h, "declared first");
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    json::Document last;
    ASSERT_TRUE(server().WaitUntilTagged(outcome, &last));
    EXPECT_EQ(IntAt(last, "tagging.total"), 0) << "there was no history to tag";
  }
}

// The value of the sample `name` (a metric without labels) in a Prometheus text exposition;
// -1 when it is not there.
double SampleOf(const std::string& exposition, const std::string& name) {
  const std::string prefix = "\n" + name + " ";
  const size_t at = ("\n" + exposition).find(prefix);
  if (at == std::string::npos) return -1;
  return std::stod(exposition.substr(at + prefix.size() - 1));
}

// GET /metrics shows the plugin's tagging (plugin/tagging/tagging_metrics.h): the background
// tagger's backlog falls to zero once a declaration's history is tagged, and the tags of
// statements stored afterwards are counted when the tag log is folded (here by a read).
TEST_F(Tagging, MetricsShowTheBacklogAndTheFolds) {
  ASSERT_TRUE(server().AddCredential("operator", "operator-secret", "admin"));
  const XapiClient op = server().ClientFor("operator", "operator-secret");
  auto scrape = [&] {
    HttpResult r = op.Get("/metrics");
    EXPECT_TRUE(HasStatus(r, 200));
    return r.body;
  };
  const std::string before = scrape();
  EXPECT_EQ(SampleOf(before, "outcome_lrs_outcomes_tagging_backlog_generations"), 0) << before;
  EXPECT_EQ(SampleOf(before, "outcome_lrs_outcomes_tagging_backlog_statements"), 0) << before;
  const double folded_before = SampleOf(before, "outcome_lrs_outcomes_folded_tags_total");
  EXPECT_GE(folded_before, 0) << before;

  const History h = MakeHistory(1500);
  server().StoreAll(h.statements, 0, h.statements.size(), 250);
  DeclareHistoryOutcomes(server(), static_cast<int64_t>(h.statements.size()));
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    ASSERT_TRUE(server().WaitUntilTagged(outcome, nullptr, std::chrono::seconds(60)));
  }
  // The gauges are set at the tagger's every step and look for work (each second).
  std::string after;
  for (int i = 0; i < 50; ++i) {
    after = scrape();
    if (SampleOf(after, "outcome_lrs_outcomes_tagging_backlog_generations") == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_EQ(SampleOf(after, "outcome_lrs_outcomes_tagging_backlog_generations"), 0) << after;
  EXPECT_EQ(SampleOf(after, "outcome_lrs_outcomes_tagging_backlog_statements"), 0) << after;

  // Statements stored now are tagged through the tag log; a read folds it.
  StatementJson s;
  s.Verb(kVerbCompleted).Object("https://lms.example.com/courses/negotiation/closing");
  const std::string id = server().Store(s.Json());
  EXPECT_EQ(server().TagsOf(id), (Tags{{"reduce-average-discount", "negotiation-course"}}));
  const std::string folded = scrape();
  EXPECT_GE(SampleOf(folded, "outcome_lrs_outcomes_folded_tags_total"), folded_before + 1)
      << folded;
  EXPECT_GE(SampleOf(folded, "outcome_lrs_outcomes_fold_seconds_count"), 1) << folded;
}

TEST_F(Tagging, TheOutcomesOfAStatementNameTheRule) {
  ASSERT_TRUE(HasStatus(
      server().Put("cut-recordable-incidents", ExampleDeclaration("cut-recordable-incidents")),
      201));
  ASSERT_TRUE(HasStatus(
      server().Put("reduce-average-discount", ExampleDeclaration("reduce-average-discount")), 201));
  StatementJson both;
  both.Verb(kVerbCompleted).Object("https://lms.example.com/courses/negotiation/closing");
  both.Category("https://outcomes.example.com/outcomes/cut-recordable-incidents");
  StatementJson by_parent;
  by_parent.Object("https://lms.example.com/lessons/tags")
      .Parent("https://lms.example.com/courses/lockout-tagout");
  StatementJson none;
  none.Object("https://lms.example.com/courses/unrelated");
  server().StoreBatch(JsonArray({both.Json(), by_parent.Json(), none.Json()}));

  HttpResult r = server().Get(kOutcomes, {{"statementId", both.id()}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  EXPECT_EQ(StringAt(*doc, "statementId"), both.id());
  EXPECT_EQ(server().TagsOf(both.id()), (Tags{{"cut-recordable-incidents", "explicit"},
                                              {"reduce-average-discount", "negotiation-course"}}));
  EXPECT_EQ(server().TagsOf(by_parent.id()),
            (Tags{{"cut-recordable-incidents", "lockout-tagout"}}));
  EXPECT_EQ(server().TagsOf(none.id()), Tags{});
  // Statement ids are case-insensitive.
  std::string upper = both.id();
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  HttpResult u = server().Get(kOutcomes, {{"statementId", upper}});
  ASSERT_TRUE(HasStatus(u, 200));
  EXPECT_EQ(StringAt(*ParseJson(u.body), "statementId"), both.id());
  EXPECT_EQ(server().TagsOf(upper), server().TagsOf(both.id()));
}

TEST_F(Tagging, ListedStatementsAreThoseTheLrsReturns) {
  ASSERT_TRUE(HasStatus(
      server().Put("labs",
                   Declaration("", R"([{"activity":{"prefix":"https://labs.example.com/"}}])")),
      201));
  StatementJson s;
  s.Verb(kVerbPassed).Object("https://labs.example.com/support/lab-1").Registration(NewId());
  s.Success(true).ResultExtension("https://example.com/extensions/level", "{\"a\":[1,2]}");
  const std::string id = server().Store(s.Json());
  HttpResult listed = server().Get(TaggedPath("labs"));
  ASSERT_TRUE(HasStatus(listed, 200));
  auto doc = ParseJson(listed.body);
  const json::Value* statements = At(*doc, "statements");
  ASSERT_TRUE(statements != nullptr && statements->IsArray() && statements->Size() == 1)
      << listed.body;
  EXPECT_EQ(StringAt(*doc, "more"), "");
  HttpResult direct = admin().Get(kStatements, {{"statementId", id}});
  ASSERT_TRUE(HasStatus(direct, 200));
  EXPECT_EQ(json::WriteCanonical((*statements)[0]), Canonical(direct.body));
}

// The core requirement: tagging history in the background ends exactly where declaring the
// outcomes before the statements would have, also with statements (and voidings) arriving while
// it runs, and with more history than one background step.
TEST_F(Tagging, RetroTaggingEqualsDeclaringFirst) {
  History h = MakeHistory(1200);
  const size_t history = h.statements.size() - 160;  // the rest arrives while tagging runs
  ASSERT_GT(history, 1000u) << "more than one background step (1,000 statements)";
  // Among what arrives while tagging runs: voidings of tagged statements of the history.
  int voided = 0;
  for (size_t i = 5; i < history && voided < 12; i += 37) {
    if (h.expected.at(h.ids[i]).empty()) continue;
    StatementJson voiding;
    voiding.Actor("admin").Voids(h.ids[i]);
    h.statements.push_back(voiding.Json());
    h.ids.push_back(voiding.id());
    h.expected[voiding.id()] = {};
    h.expected[h.ids[i]] = {};
    ++voided;
  }
  ASSERT_EQ(voided, 12);

  OutcomeServer* first = AnotherServer();
  ASSERT_NE(first, nullptr);
  DeclareHistoryOutcomes(*first, 0);
  first->StoreAll(h.statements, 0, h.statements.size());

  server().StoreAll(h.statements, 0, history);
  DeclareHistoryOutcomes(server(), static_cast<int64_t>(history));
  server().StoreAll(h.statements, history, h.statements.size(), 40);
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    SCOPED_TRACE(outcome);
    json::Document last;
    ASSERT_TRUE(server().WaitUntilTagged(outcome, &last));
    EXPECT_EQ(IntAt(last, "tagging.processed"), static_cast<int64_t>(history));
    EXPECT_EQ(IntAt(last, "tagging.total"), static_cast<int64_t>(history));
  }

  // Identical to each other, statement by statement, and to what the rules say.
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    SCOPED_TRACE(outcome);
    EXPECT_EQ(Sorted(server().TaggedIds(outcome, {{"limit", "300"}})),
              Sorted(first->TaggedIds(outcome, {{"limit", "300"}})));
  }
  int differences = 0;
  for (const std::string& id : h.ids) {
    const Tags retro = server().TagsOf(id);
    const Tags declared_first = first->TagsOf(id);
    if (retro != declared_first && ++differences <= 10) {
      ADD_FAILURE() << "statement " << id << ": retro-tagged " << Show(retro) << ", declared first "
                    << Show(declared_first);
    }
  }
  EXPECT_EQ(differences, 0);
  ExpectListings(server(), h, "retro-tagged");
  ExpectListings(*first, h, "declared first");
  ExpectTags(server(), h, "retro-tagged");
}

TEST_F(Tagging, ChangingTheRulesRetagsHistoryFromScratch) {
  const std::string v1 = Declaration("changing", R"([
    {"id": "safety-courses", "activity": {"prefix": "https://lms.example.com/courses/forklift-safety"}},
    {"id": "lockout-tagout", "context_activity": {"prefix": "https://lms.example.com/courses/lockout-tagout", "kind": "parent"}}
  ])");
  const std::string v2 = Declaration("changing", R"([
    {"id": "path", "context_activity": {"id": "https://lms.example.com/paths/support-onboarding", "kind": "grouping"}},
    {"id": "labs", "activity": {"prefix": "https://labs.example.com/support/"},
     "verb": ["http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/passed"]}
  ])");
  const History h = MakeHistory(300);
  const int64_t history = static_cast<int64_t>(h.statements.size());

  // What v1 tags: the example's rules of the same names, but not its explicit tags (the IRI
  // differs).
  std::vector<std::string> v1_expected;
  for (const auto& [id, tags] : h.expected) {
    for (const auto& [outcome, rule] : tags) {
      if (outcome == "cut-recordable-incidents" &&
          (rule == "safety-courses" || rule == "lockout-tagout")) {
        v1_expected.push_back(id);
      }
    }
  }
  v1_expected = Sorted(v1_expected);
  ASSERT_FALSE(v1_expected.empty());

  server().StoreAll(h.statements, 0, h.statements.size());
  HttpResult created = server().Put("changing", v1);
  ASSERT_TRUE(HasStatus(created, 201));
  ASSERT_TRUE(server().WaitUntilTagged("changing"));
  EXPECT_EQ(Sorted(server().TaggedIds("changing")), v1_expected);

  HttpResult changed = server().Put("changing", v2);
  ASSERT_TRUE(HasStatus(changed, 200));
  auto c = ParseJson(changed.body);
  EXPECT_EQ(StringAt(*c, "tagging.state"), "running") << changed.body;
  EXPECT_EQ(IntAt(*c, "tagging.processed"), 0) << changed.body;
  EXPECT_EQ(IntAt(*c, "tagging.total"), history) << changed.body;
  EXPECT_EQ(IntAt(*c, "tagged_statements"), 0) << "the new rules start from scratch";
  EXPECT_EQ(StringAt(*c, "created"), StringAt(*ParseJson(created.body), "created"));
  json::Document last;
  ASSERT_TRUE(server().WaitUntilTagged("changing", &last));
  EXPECT_EQ(IntAt(last, "tagging.processed"), history);
  EXPECT_EQ(IntAt(last, "tagging.total"), history);

  OutcomeServer* first = AnotherServer();
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(HasStatus(first->Put("changing", v2), 201));
  first->StoreAll(h.statements, 0, h.statements.size());

  const std::vector<std::string> retagged = Sorted(server().TaggedIds("changing"));
  EXPECT_EQ(retagged, Sorted(first->TaggedIds("changing")));
  EXPECT_FALSE(retagged.empty());
  EXPECT_NE(retagged, v1_expected);
  EXPECT_EQ(server().TaggedCount("changing"), static_cast<int64_t>(retagged.size()));
  int differences = 0;
  for (const std::string& id : h.ids) {
    const Tags retro = server().TagsOf(id);
    const Tags declared_first = first->TagsOf(id);
    for (const auto& [outcome, rule] : retro) {
      EXPECT_TRUE(rule == "path" || rule == "labs") << id << " is still tagged by " << rule;
    }
    if (retro != declared_first && ++differences <= 10) {
      ADD_FAILURE() << "statement " << id << ": re-tagged " << Show(retro) << ", declared first "
                    << Show(declared_first);
    }
  }
  EXPECT_EQ(differences, 0);
}

TEST_F(Tagging, ChangingOnlyTheNameOrKpiKeepsTheTags) {
  const std::string original = ExampleDeclaration("cut-recordable-incidents");
  const History h = MakeHistory(200);
  const int64_t history = static_cast<int64_t>(h.statements.size());
  server().StoreAll(h.statements, 0, h.statements.size());
  HttpResult created = server().Put("cut-recordable-incidents", original);
  ASSERT_TRUE(HasStatus(created, 201));
  ASSERT_TRUE(server().WaitUntilTagged("cut-recordable-incidents"));
  const std::vector<std::string> before = server().TaggedIds("cut-recordable-incidents");
  ASSERT_EQ(Sorted(before), h.TaggedBy("cut-recordable-incidents"));

  // More statements arrive, tagged as they are stored.
  StatementJson live;
  live.Verb(kVerbCompleted).Object("https://lms.example.com/courses/forklift-safety/late");
  const std::string late = server().Store(live.Json());
  server().Store(StatementJson().Json());

  std::string edited = Edited(original, "/name", "\"Cut incidents at Leeds\"");
  edited = Edited(edited, "/kpi/target/value", "3.0");
  edited = Edited(edited, "/kpi/name", "\"TRIR\"");
  edited = Edited(edited, "/description", "\"Shorter.\"");
  edited = Edited(edited, "/skills", "[\"forklift-operation\"]");
  edited = Edited(edited, "/audience/size", "450");
  HttpResult updated = server().Put("cut-recordable-incidents", edited);
  ASSERT_TRUE(HasStatus(updated, 200));
  auto u = ParseJson(updated.body);
  EXPECT_EQ(StringAt(*u, "name"), "Cut incidents at Leeds");
  EXPECT_EQ(json::WriteCanonical(*At(*u, "declaration")), Canonical(edited));
  EXPECT_EQ(StringAt(*u, "tagging.state"), "done") << updated.body;
  EXPECT_EQ(IntAt(*u, "tagging.total"), history) << "no new history to tag: " << updated.body;
  EXPECT_EQ(IntAt(*u, "tagging.processed"), history) << updated.body;
  EXPECT_EQ(IntAt(*u, "tagged_statements"), static_cast<int64_t>(before.size() + 1));
  EXPECT_EQ(StringAt(*u, "created"), StringAt(*ParseJson(created.body), "created"));

  std::vector<std::string> after = before;
  after.insert(after.begin(), late);
  EXPECT_EQ(server().TaggedIds("cut-recordable-incidents"), after);
  HttpResult got = server().Get(OutcomePath("cut-recordable-incidents"));
  EXPECT_EQ(StringAt(*ParseJson(got.body), "name"), "Cut incidents at Leeds");

  // Changing the IRI changes what is tagged explicitly: that is re-tagged.
  const std::string moved = Edited(edited, "/iri", "\"https://outcomes.example.com/moved\"");
  HttpResult remapped = server().Put("cut-recordable-incidents", moved);
  ASSERT_TRUE(HasStatus(remapped, 200));
  EXPECT_EQ(IntAt(*ParseJson(remapped.body), "tagging.total"), history + 2) << remapped.body;
  ASSERT_TRUE(server().WaitUntilTagged("cut-recordable-incidents"));
  for (const std::string& id : server().TaggedIds("cut-recordable-incidents")) {
    for (const auto& [outcome, rule] : server().TagsOf(id)) {
      EXPECT_NE(rule, "explicit") << id << ": nothing names the new IRI";
    }
  }
}

TEST_F(Tagging, DeletingAnOutcomeUntagsAndRedeclaringRetags) {
  const History h = MakeHistory(100);
  DeclareHistoryOutcomes(server(), 0);
  server().StoreAll(h.statements, 0, h.statements.size());
  const std::vector<std::string> tagged = h.TaggedBy("new-hire-time-to-proficiency");
  ASSERT_FALSE(tagged.empty());

  ASSERT_TRUE(HasStatus(server().Delete(OutcomePath("new-hire-time-to-proficiency")), 204));
  for (const std::string& id : tagged) {
    for (const auto& [outcome, rule] : server().TagsOf(id)) {
      EXPECT_NE(outcome, "new-hire-time-to-proficiency") << id;
    }
  }
  EXPECT_TRUE(IsError(server().Get(TaggedPath("new-hire-time-to-proficiency")), 404));

  HttpResult again = server().Put("new-hire-time-to-proficiency",
                                  ExampleDeclaration("new-hire-time-to-proficiency"));
  ASSERT_TRUE(HasStatus(again, 201));
  EXPECT_EQ(IntAt(*ParseJson(again.body), "tagged_statements"), 0) << again.body;
  ASSERT_TRUE(server().WaitUntilTagged("new-hire-time-to-proficiency"));
  ExpectListings(server(), h, "re-declared");
  ExpectTags(server(), h, "re-declared");
}

TEST_F(Tagging, RedeclaringWhileHistoryIsTaggedEndsAsDeclaringTheLastVersionFirst) {
  const std::string v1 = ExampleDeclaration("cut-recordable-incidents");
  const std::string v2 = Edited(
      Edited(v1, "/rules/0/activity/prefix", "\"https://labs.example.com/\""), "/rules/1", "");
  const History h = MakeHistory(1500);
  server().StoreAll(h.statements, 0, h.statements.size(), 250);
  // The second version replaces the first while the first is (most likely) still being tagged;
  // another outcome is declared and deleted in between.
  ASSERT_TRUE(HasStatus(server().Put("cut-recordable-incidents", v1), 201));
  ASSERT_TRUE(HasStatus(server().Put("custom-mix", MixDeclaration()), 201));
  ASSERT_TRUE(HasStatus(server().Put("cut-recordable-incidents", v2), 200));
  ASSERT_TRUE(HasStatus(server().Delete(OutcomePath("custom-mix")), 204));
  json::Document last;
  ASSERT_TRUE(server().WaitUntilTagged("cut-recordable-incidents", &last));
  EXPECT_EQ(IntAt(last, "tagging.total"), static_cast<int64_t>(h.statements.size()));

  OutcomeServer* first = AnotherServer();
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(HasStatus(first->Put("cut-recordable-incidents", v2), 201));
  first->StoreAll(h.statements, 0, h.statements.size(), 250);
  const std::vector<std::string> retagged =
      Sorted(server().TaggedIds("cut-recordable-incidents", {{"limit", "500"}}));
  EXPECT_EQ(retagged, Sorted(first->TaggedIds("cut-recordable-incidents", {{"limit", "500"}})));
  EXPECT_FALSE(retagged.empty());
  EXPECT_EQ(server().TaggedCount("cut-recordable-incidents"),
            static_cast<int64_t>(retagged.size()));
  int differences = 0;
  for (const std::string& id : h.ids) {
    const Tags retro = server().TagsOf(id);
    const Tags declared_first = first->TagsOf(id);
    if (retro != declared_first && ++differences <= 10) {
      ADD_FAILURE() << "statement " << id << ": re-tagged " << Show(retro) << ", declared first "
                    << Show(declared_first);
    }
  }
  EXPECT_EQ(differences, 0);
}

TEST_F(Tagging, ContextActivitiesGivenAsOneObjectCountLikeArrays) {
  const std::string rules = R"([{"id": "under-course", "context_activity":
      {"prefix": "https://lms.example.com/courses/", "kind": "parent"}}])";
  ASSERT_TRUE(HasStatus(server().Put("live", Declaration("", rules)), 201));
  auto statement = [](const std::string& id, const std::string& context) {
    return "{\"id\":" + Quote(id) +
           ",\"actor\":{\"mbox\":\"mailto:ann@example.com\"},\"verb\":{\"id\":" +
           Quote(kVerbExperienced) +
           "},\"object\":{\"id\":\"https://lms.example.com/lessons/one\"},\"context\":{"
           "\"contextActivities\":" +
           context + "}}";
  };
  const std::string by_parent = NewId();
  const std::string by_category = NewId();
  server().Store(
      statement(by_parent, R"({"parent": {"id": "https://lms.example.com/courses/c1"}})"));
  server().Store(statement(by_category,
                           R"({"category": {"id": "urn:outcome-lrs:outcome:explicitly-named"}})"));
  ASSERT_TRUE(HasStatus(server().Put("explicitly-named", Declaration("", rules)), 201));
  ASSERT_TRUE(HasStatus(server().Put("retro", Declaration("", rules)), 201));
  ASSERT_TRUE(server().WaitUntilTagged("explicitly-named"));
  ASSERT_TRUE(server().WaitUntilTagged("retro"));
  EXPECT_EQ(server().TagsOf(by_parent), (Tags{{"explicitly-named", "under-course"},
                                              {"live", "under-course"},
                                              {"retro", "under-course"}}));
  EXPECT_EQ(server().TagsOf(by_category), (Tags{{"explicitly-named", "explicit"}}));
  // Declared first, the explicit tag is the same.
  const std::string later = NewId();
  server().Store(
      statement(later, R"({"category": {"id": "urn:outcome-lrs:outcome:explicitly-named"}})"));
  EXPECT_EQ(server().TagsOf(later), (Tags{{"explicitly-named", "explicit"}}));
}

TEST_F(Tagging, ExplicitTagsNeedNoActivityObject) {
  ASSERT_TRUE(HasStatus(
      server().Put("named",
                   Declaration("", R"([{"verb": "http://adlnet.gov/expapi/verbs/passed"}])")),
      201));
  const std::string target = server().Store(StatementJson().Json());
  const std::string about_agent = NewId();
  server().Store("{\"id\":" + Quote(about_agent) +
                 ",\"actor\":{\"mbox\":\"mailto:ann@example.com\"},\"verb\":{\"id\":" +
                 Quote(kVerbExperienced) +
                 "},\"object\":{\"objectType\":\"Agent\",\"mbox\":\"mailto:bob@example.com\"},"
                 "\"context\":{\"contextActivities\":{\"grouping\":[{\"id\":"
                 "\"urn:outcome-lrs:outcome:named\"}]}}}");
  const std::string about_statement = NewId();
  server().Store(
      "{\"id\":" + Quote(about_statement) +
      ",\"actor\":{\"mbox\":\"mailto:ann@example.com\"},\"verb\":{\"id\":" + Quote(kVerbPassed) +
      "},\"object\":{\"objectType\":\"StatementRef\",\"id\":" + Quote(target) + "}}");
  EXPECT_EQ(server().TagsOf(about_agent), (Tags{{"named", "explicit"}}));
  EXPECT_EQ(server().TagsOf(about_statement), (Tags{{"named", "rule-1"}}));
  EXPECT_EQ(server().TagsOf(target), Tags{});
}

TEST_F(Tagging, ResentStatementsAreTaggedOnce) {
  ASSERT_TRUE(HasStatus(
      server().Put("labs",
                   Declaration("", R"([{"activity": {"prefix": "https://labs.example.com/"}}])")),
      201));
  StatementJson s;
  s.Verb(kVerbPassed).Object("https://labs.example.com/once");
  const std::string id = server().Store(s.Json());
  EXPECT_EQ(server().Store(s.Json()), id);
  server().StoreBatch(JsonArray({s.Json(), StatementJson().Json()}));
  EXPECT_EQ(server().TaggedIds("labs"), std::vector<std::string>{id});
  EXPECT_EQ(server().TaggedCount("labs"), 1);
}

TEST_F(Tagging, RegistrationsMatchInAnyCase) {
  const std::string registration = "ABCDEF01-2345-4678-9ABC-DEF012345678";
  ASSERT_TRUE(HasStatus(server().Put("registered", Declaration("", R"([{"registration": ")" +
                                                                       registration + R"("}])")),
                        201));
  StatementJson upper;
  upper.Registration(registration);
  StatementJson lower;
  std::string lowered = registration;
  std::transform(lowered.begin(), lowered.end(), lowered.begin(), ::tolower);
  lower.Registration(lowered);
  server().Store(upper.Json());
  server().Store(lower.Json());
  EXPECT_EQ(Sorted(server().TaggedIds("registered")), Sorted({upper.id(), lower.id()}));
  EXPECT_EQ(Sorted(server().TaggedIds("registered", {{"registration", registration}})),
            Sorted({upper.id(), lower.id()}));
}

// Declarations change (on HTTP threads) while statements are stored (on the writer, which
// re-reads the declarations) and history is tagged in the background: every request succeeds.
// It runs for a few seconds, or until the first failure.
TEST_F(Tagging, ConcurrentDeclarationsAndStatementsAllSucceed) {
  server().StoreAll(MakeHistory(200).statements, 0, 200);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::atomic<bool> failed{false};
  std::mutex mu;
  std::vector<std::string> failures;
  auto fail = [&](const std::string& what) {
    std::lock_guard<std::mutex> lock(mu);
    failures.push_back(what);
    failed = true;
  };
  auto go_on = [&] { return !failed && std::chrono::steady_clock::now() < deadline; };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      XapiClient client = server().ClientFor(kAdminKey, kAdminSecret);
      const std::string id = "concurrent-" + std::to_string(t);
      for (int i = 0; go_on(); ++i) {
        const std::string prefix =
            i % 5 == 4 ? "https://labs.example.com/" : "https://lms.example.com/";
        const std::string rules = R"([{"activity": {"prefix": ")" + prefix + R"("}}])";
        HttpResult r =
            client.Put(OutcomePath(id), {}, Declaration("", rules, "Round " + std::to_string(i)));
        if (r.status != 200 && r.status != 201) {
          fail("PUT " + id + " round " + std::to_string(i) + ": " + r.Describe());
        }
      }
    });
  }
  threads.emplace_back([&] {
    XapiClient client = server().ClientFor(kAdminKey, kAdminSecret);
    for (int b = 0; go_on(); ++b) {
      std::vector<std::string> batch;
      for (int i = 0; i < 10; ++i) {
        batch.push_back(StatementJson()
                            .Object("https://lms.example.com/courses/c-" + std::to_string(b))
                            .Json());
      }
      HttpResult r = client.Post(kStatements, JsonArray(batch));
      if (r.status != 200) fail("POST batch " + std::to_string(b) + ": " + r.Describe());
    }
  });
  for (std::thread& t : threads)
    t.join();
  for (size_t i = 0; i < failures.size() && i < 10; ++i)
    ADD_FAILURE() << failures[i];
  EXPECT_TRUE(failures.empty()) << failures.size() << " requests failed";
  ASSERT_TRUE(server().running()) << "the server died: " << server().lrs().last_exit().ToString();
  for (int t = 0; t < 4; ++t) {
    EXPECT_TRUE(server().WaitUntilTagged("concurrent-" + std::to_string(t)));
  }
  // Statements matched on their request thread against rules that changed before they were
  // stored were tagged by the rules in force: each outcome has the tags of the same rules
  // declared afresh once everything is stored.
  for (int t = 0; t < 4; ++t) {
    const std::string id = "concurrent-" + std::to_string(t);
    HttpResult got = admin().Get(OutcomePath(id));
    auto doc = ParseJson(got.body);
    ASSERT_TRUE(doc) << got.body;
    const std::string rules = JsonAt(*doc, "declaration.rules");
    ASSERT_FALSE(rules.empty()) << got.body;
    ASSERT_EQ(admin().Put(OutcomePath("fresh-" + id), {}, Declaration("", rules)).status, 201);
    ASSERT_TRUE(server().WaitUntilTagged("fresh-" + id));
    EXPECT_EQ(server().TaggedCount(id), server().TaggedCount("fresh-" + id)) << rules;
  }
}

// ---- Voiding ---------------------------------------------------------------------------------

const char kLabsRule[] = R"([{"id":"labs","activity":{"prefix":"https://labs.example.com/"}}])";

StatementJson Lab(const std::string& name) {
  StatementJson s;
  s.Verb(kVerbCompleted).Object("https://labs.example.com/" + name);
  return s;
}

std::string Voiding(const std::string& target) {
  StatementJson v;
  v.Actor("admin").Voids(target);
  return v.Json();
}

TEST_F(Tagging, VoidingATaggedStatementUntagsIt) {
  ASSERT_TRUE(HasStatus(server().Put("labs", Declaration("", kLabsRule)), 201));
  const std::string kept = server().Store(Lab("kept").Json());
  const std::string voided = server().Store(Lab("voided").Json());
  ASSERT_EQ(server().TaggedIds("labs"), (std::vector<std::string>{voided, kept}));
  ASSERT_EQ(server().TaggedCount("labs"), 2);

  const std::string voiding = server().Store(Voiding(voided));
  EXPECT_EQ(server().TaggedIds("labs"), std::vector<std::string>{kept});
  EXPECT_EQ(server().TaggedCount("labs"), 1);
  EXPECT_EQ(server().TagsOf(voided), Tags{});
  EXPECT_EQ(server().TagsOf(voiding), Tags{});
  EXPECT_EQ(server().TagsOf(kept), (Tags{{"labs", "labs"}}));
}

TEST_F(Tagging, AStatementStoredVoidedIsNeverTagged) {
  ASSERT_TRUE(HasStatus(server().Put("labs", Declaration("", kLabsRule)), 201));
  // Its voiding statement came first, in an earlier request.
  const StatementJson late = Lab("late");
  server().Store(Voiding(late.id()));
  server().Store(late.Json());
  // ... or earlier in the same batch.
  const StatementJson second = Lab("second");
  server().StoreBatch(JsonArray({Voiding(second.id()), second.Json()}));
  // Voided later in the same batch.
  const StatementJson first = Lab("first");
  server().StoreBatch(JsonArray({first.Json(), Voiding(first.id())}));
  const std::string kept = server().Store(Lab("kept").Json());

  EXPECT_EQ(server().TaggedIds("labs"), std::vector<std::string>{kept});
  EXPECT_EQ(server().TaggedCount("labs"), 1);
  for (const std::string& id : {late.id(), second.id(), first.id()}) {
    EXPECT_EQ(server().TagsOf(id), Tags{}) << id;
  }
}

TEST_F(Tagging, RetroTaggingSkipsVoidedStatements) {
  const std::string a = server().Store(Lab("a").Json());
  const std::string b = server().Store(Lab("b").Json());
  const std::string c = server().Store(Lab("c").Json());
  server().Store(Voiding(b));
  const StatementJson d = Lab("d");
  server().Store(Voiding(d.id()));
  server().Store(d.Json());

  HttpResult created = server().Put("labs", Declaration("", kLabsRule));
  ASSERT_TRUE(HasStatus(created, 201));
  EXPECT_EQ(IntAt(*ParseJson(created.body), "tagging.total"), 6) << created.body;
  json::Document last;
  ASSERT_TRUE(server().WaitUntilTagged("labs", &last));
  EXPECT_EQ(IntAt(last, "tagging.processed"), 6);
  EXPECT_EQ(IntAt(last, "tagged_statements"), 2);
  EXPECT_EQ(server().TaggedIds("labs"), (std::vector<std::string>{c, a}));
  EXPECT_EQ(server().TagsOf(b), Tags{});
  EXPECT_EQ(server().TagsOf(d.id()), Tags{});

  // Voiding after the retro-tagging untags too.
  server().Store(Voiding(c));
  EXPECT_EQ(server().TaggedIds("labs"), std::vector<std::string>{a});
}

// ---- Listing ---------------------------------------------------------------------------------

class TaggedListing : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put("labs", Declaration("", kLabsRule)), 201));
  }

  // The pages of a listing: the ids of each, following "more".
  std::vector<std::vector<std::string>> Pages(const ParamList& params) {
    std::vector<std::vector<std::string>> pages;
    HttpResult page = admin().Get(TaggedPath("labs"), params);
    for (int n = 0; n < 100; ++n) {
      if (page.status != 200) {
        ADD_FAILURE() << "page " << n << " -> " << page.Describe();
        return pages;
      }
      auto doc = ParseJson(page.body);
      std::vector<std::string> ids;
      const json::Value* statements = At(*doc, "statements");
      if (statements == nullptr || !statements->IsArray()) {
        ADD_FAILURE() << "not a StatementResult: " << page.body;
        return pages;
      }
      for (const json::Value& s : statements->GetArray())
        ids.push_back(StringAt(s, "id"));
      pages.push_back(ids);
      const std::string more = StringAt(*doc, "more");
      if (more.empty()) return pages;
      page = admin().Get(more);
    }
    ADD_FAILURE() << "no end after 100 pages";
    return pages;
  }
};

TEST_F(TaggedListing, PagesVisitEveryTaggedStatementOnceNewestFirst) {
  std::vector<std::string> stored;  // oldest first
  for (int i = 0; i < 23; ++i) {
    stored.push_back(server().Store(Lab("paging-" + std::to_string(i)).Json()));
    if (i % 5 == 0) server().Store(StatementJson().Json());  // untagged, in between
  }
  std::vector<std::string> newest_first(stored.rbegin(), stored.rend());

  const auto pages = Pages({{"limit", "5"}});
  std::vector<std::string> visited;
  for (size_t i = 0; i < pages.size(); ++i) {
    EXPECT_LE(pages[i].size(), 5u) << "page " << i;
    visited.insert(visited.end(), pages[i].begin(), pages[i].end());
  }
  EXPECT_GE(pages.size(), 5u);
  EXPECT_LE(pages.size(), 6u);
  EXPECT_EQ(visited, newest_first);

  std::vector<std::string> ascending;
  for (const auto& page : Pages({{"limit", "4"}, {"ascending", "true"}})) {
    EXPECT_LE(page.size(), 4u);
    ascending.insert(ascending.end(), page.begin(), page.end());
  }
  EXPECT_EQ(ascending, stored);

  // Without a limit, one page holds them all.
  const auto all = Pages({});
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], newest_first);
  EXPECT_EQ(server().TaggedIds("labs", {{"ascending", "false"}}), newest_first);
}

TEST_F(TaggedListing, PagingGoesOnWhereItStoppedWhileStatementsArrive) {
  std::vector<std::string> older;  // newest first
  for (int i = 0; i < 10; ++i)
    older.insert(older.begin(), server().Store(Lab("older-" + std::to_string(i)).Json()));
  HttpResult first = admin().Get(TaggedPath("labs"), {{"limit", "4"}});
  ASSERT_TRUE(HasStatus(first, 200));
  auto doc = ParseJson(first.body);
  std::vector<std::string> visited;
  for (const json::Value& st : At(*doc, "statements")->GetArray())
    visited.push_back(StringAt(st, "id"));
  std::string more = StringAt(*doc, "more");
  ASSERT_FALSE(more.empty());
  // Newer statements do not shift the pages still to come.
  for (int i = 0; i < 3; ++i)
    server().Store(Lab("newer-" + std::to_string(i)).Json());
  while (!more.empty()) {
    HttpResult page = admin().Get(more);
    ASSERT_TRUE(HasStatus(page, 200));
    auto p = ParseJson(page.body);
    for (const json::Value& st : At(*p, "statements")->GetArray())
      visited.push_back(StringAt(st, "id"));
    more = StringAt(*p, "more");
  }
  EXPECT_EQ(visited, older);
  EXPECT_EQ(server().TaggedIds("labs").size(), 13u);
  // limit=0 asks for the server's largest page.
  HttpResult all = admin().Get(TaggedPath("labs"), {{"limit", "0"}});
  ASSERT_TRUE(HasStatus(all, 200));
  auto a = ParseJson(all.body);
  EXPECT_EQ(At(*a, "statements")->Size(), 13u);
  EXPECT_EQ(StringAt(*a, "more"), "");
}

TEST_F(TaggedListing, ATamperedMoreTokenIs400) {
  for (int i = 0; i < 4; ++i)
    server().Store(Lab("tamper-" + std::to_string(i)).Json());
  HttpResult first = admin().Get(TaggedPath("labs"), {{"limit", "2"}});
  ASSERT_TRUE(HasStatus(first, 200));
  const std::string more = StringAt(*ParseJson(first.body), "more");
  ASSERT_FALSE(more.empty()) << first.body;
  const size_t at = more.find("more=");
  ASSERT_NE(at, std::string::npos) << more;
  const std::string token = more.substr(at + 5);
  EXPECT_TRUE(HasStatus(admin().Get(more), 200));

  auto token_of = [](const std::string& text) { return lrs::crypto::Base64UrlEncode(text); };
  const std::vector<std::string> tampered = {
      token.substr(0, token.size() / 2),
      token + "!!",
      "garbage",
      token_of("not json"),
      token_of("[1,2,3]"),
      token_of(R"({"after":"x","limit":2,"ascending":false,"since":0,"until":0,)"
               R"("related_agents":false,"related_activities":false})"),
      token_of(R"({"after":5,"limit":0,"ascending":false,"since":0,"until":0,)"
               R"("related_agents":false,"related_activities":false})"),
      token_of(R"({"after":5})"),
  };
  for (const std::string& t : tampered) {
    SCOPED_TRACE(t);
    EXPECT_TRUE(IsError(admin().Get(TaggedPath("labs"), {{"more", t}}), 400, {"more"}));
  }
}

TEST_F(TaggedListing, FiltersNarrowTheListLikeStatementQueries) {
  const std::string r1 = NewId();
  const std::string r2 = NewId();
  std::vector<StatementJson> s(6);
  s[0].Actor("ann").Verb(kVerbCompleted).Object("https://labs.example.com/a").Registration(r1);
  s[1].Actor("bob")
      .Verb(kVerbPassed)
      .Object("https://labs.example.com/b")
      .Parent("https://labs.example.com/a");
  s[2].Actor("ann").Verb(kVerbPassed).Object("https://labs.example.com/a").Instructor("bob");
  s[3].Actor("carol").Verb(kVerbCompleted).Object("https://labs.example.com/c").Registration(r2);
  s[4].Actor("bob").Verb(kVerbCompleted).Object("https://labs.example.com/a").Registration(r1);
  s[5].Actor("ann").Verb(kVerbExperienced).Object("https://labs.example.com/b");
  std::vector<std::string> stored;
  for (size_t i = 0; i < s.size(); ++i) {
    server().Store(s[i].Json());
    // Untagged statements of the same people and verbs must never show.
    server().Store(StatementJson().Actor(i % 2 ? "ann" : "bob").Verb(kVerbCompleted).Json());
    stored.push_back(server().StoredOf(s[i].id()));
  }
  auto ids = [&](std::initializer_list<int> indexes) {
    std::vector<std::string> out;
    for (int i : indexes)
      out.push_back(s[static_cast<size_t>(i)].id());
    return out;
  };
  const std::string ann = R"({"mbox":"mailto:ann@example.com"})";
  const std::string bob = R"({"objectType":"Agent","mbox":"mailto:bob@example.com"})";
  std::string upper_r1 = r1;
  std::transform(upper_r1.begin(), upper_r1.end(), upper_r1.begin(), ::toupper);
  const std::vector<std::pair<ParamList, std::vector<std::string>>> cases = {
      {{{"agent", ann}}, ids({5, 2, 0})},
      {{{"agent", bob}}, ids({4, 1})},
      {{{"agent", bob}, {"related_agents", "true"}}, ids({4, 2, 1})},
      {{{"verb", kVerbCompleted}}, ids({4, 3, 0})},
      {{{"verb", kVerbAttempted}}, {}},
      {{{"activity", "https://labs.example.com/a"}}, ids({4, 2, 0})},
      {{{"activity", "https://labs.example.com/a"}, {"related_activities", "true"}},
       ids({4, 2, 1, 0})},
      {{{"registration", r1}}, ids({4, 0})},
      {{{"registration", upper_r1}}, ids({4, 0})},
      {{{"since", stored[2]}}, ids({5, 4, 3})},
      {{{"until", stored[2]}}, ids({2, 1, 0})},
      {{{"since", stored[1]}, {"until", stored[4]}}, ids({4, 3, 2})},
      {{{"agent", ann}, {"verb", kVerbPassed}}, ids({2})},
      {{{"agent", bob}, {"limit", "1"}}, ids({4, 1})},
      {{{"verb", kVerbCompleted}, {"ascending", "true"}, {"limit", "2"}}, ids({0, 3, 4})},
  };
  for (const auto& [params, expected] : cases) {
    std::string label;
    for (const auto& [name, value] : params)
      label += name + "=" + value + " ";
    SCOPED_TRACE(label);
    const std::vector<std::string> listed = server().TaggedIds("labs", params);
    EXPECT_EQ(listed, expected);
    // The same filters on /xapi/statements, less the untagged statements.
    HttpResult xapi = admin().Get(kStatements, params);
    ASSERT_TRUE(HasStatus(xapi, 200));
    std::vector<std::string> from_xapi;
    auto doc = ParseJson(xapi.body);
    for (const json::Value& st : At(*doc, "statements")->GetArray()) {
      const std::string id = StringAt(st, "id");
      for (const StatementJson& mine : s) {
        if (mine.id() == id) from_xapi.push_back(id);
      }
    }
    if (std::none_of(params.begin(), params.end(),
                     [](const auto& p) { return p.first == "limit"; })) {
      EXPECT_EQ(listed, from_xapi) << "GET /xapi/statements with the same filters";
    }
  }
}

// ---- Restart ---------------------------------------------------------------------------------

TEST_F(Tagging, DeclarationsAndTagsSurviveARestart) {
  const History h = MakeHistory(200);
  server().StoreAll(h.statements, 0, 100);
  DeclareHistoryOutcomes(server(), 100);
  server().StoreAll(h.statements, 100, h.statements.size());
  std::vector<std::string> documents;
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    ASSERT_TRUE(server().WaitUntilTagged(outcome));
    documents.push_back(server().Get(OutcomePath(outcome)).body);
  }
  ExpectListings(server(), h, "before the restart");

  ASSERT_TRUE(server().Restart());
  size_t i = 0;
  for (const auto& [outcome, declaration] : HistoryOutcomes()) {
    HttpResult got = server().Get(OutcomePath(outcome));
    ASSERT_TRUE(HasStatus(got, 200));
    EXPECT_EQ(Canonical(got.body), Canonical(documents[i++]));
  }
  ExpectListings(server(), h, "after the restart");
  ExpectTags(server(), h, "after the restart");

  // Tagging goes on in the new process.
  StatementJson after;
  after.Verb(kVerbPassed).Object("https://labs.example.com/support/after-restart");
  server().Store(after.Json());
  EXPECT_EQ(server().TagsOf(after.id()), (Tags{{"new-hire-time-to-proficiency", "product-labs"}}));
}

}  // namespace
}  // namespace outcomes::http_test
