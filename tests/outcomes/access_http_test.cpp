// Who may use which route of the outcome plugin, on a real outcome-lrs: every route × every
// kind of caller (credentials with and without the scope, no credentials, dashboard links for
// this outcome and for another, team and manager links, expired and altered links), against
// the rules the README and docs/OUTCOMES.md state, written out here independently of the
// router's table. Then what a link may read inside an answer: only its outcomes among a
// statement's tags and an export's columns, only its team's statements, and every "more" page.
#include <sstream>
#include <thread>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kCourse[] = "https://lms.example.com/courses/quality/";
constexpr char kRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";
constexpr char kRoster[] =
    "mbox,team,manager\n"
    "ann@example.com,line-a,mia@example.com\n"
    "bob@example.com,line-a,mia@example.com\n"
    "carol@example.com,line-b,max@example.com\n";

// A route of the API as a client calls it, and what a full-access credential gets.
struct Route {
  std::string method;
  std::string target;  // with its query, already encoded
  std::string body;
  std::string type;  // Content-Type of the body
  int ok_status;     // the answer to a caller who may use the route
  bool writes;
  bool outcome_route;  // under /outcomes/safety
  bool roster;         // /outcomes/roster
  bool team_view;      // answers a team view, which names its team as "team.name"
};

enum class Kind {
  kAll,          // scope all
  kReader,       // outcomes/read
  kWriter,       // outcomes/write
  kXapiOnly,     // statements/read: no outcome scope
  kAnonymous,    // no credentials
  kLinkThis,     // a link for "safety"
  kLinkOther,    // a link for "sales"
  kTeamLink,     // "safety", team line-a
  kManagerLink,  // "safety", manager mia
  kExpiredLink,  // "safety", expired
  kAlteredLink,  // "safety", signature altered
};

const char* Name(Kind k) {
  switch (k) {
    case Kind::kAll:
      return "credential with all";
    case Kind::kReader:
      return "credential with outcomes/read";
    case Kind::kWriter:
      return "credential with outcomes/write";
    case Kind::kXapiOnly:
      return "credential without an outcome scope";
    case Kind::kAnonymous:
      return "no credentials";
    case Kind::kLinkThis:
      return "link for this outcome";
    case Kind::kLinkOther:
      return "link for another outcome";
    case Kind::kTeamLink:
      return "team link";
    case Kind::kManagerLink:
      return "manager link";
    case Kind::kExpiredLink:
      return "expired link";
    case Kind::kAlteredLink:
      return "altered link";
  }
  return "?";
}

bool IsLink(Kind k) {
  return k >= Kind::kLinkThis;
}

// The status the docs promise `kind` on `route`.
int Expected(const Route& route, Kind kind) {
  switch (kind) {
    case Kind::kAll:
    case Kind::kWriter:
      return route.ok_status;
    case Kind::kReader:
      return route.writes ? 403 : route.ok_status;
    case Kind::kXapiOnly:
      return 403;
    case Kind::kAnonymous:
    case Kind::kExpiredLink:
    case Kind::kAlteredLink:
      return 401;
    case Kind::kLinkThis:
    case Kind::kTeamLink:
    case Kind::kManagerLink:
      return route.writes || route.roster ? 403 : route.ok_status;
    case Kind::kLinkOther:
      return route.writes || route.roster || route.outcome_route ? 403 : route.ok_status;
  }
  return 0;
}

// The outcome ids of `tags`, space separated.
std::string OutcomeIds(const Tags& tags) {
  std::string out;
  for (const auto& [outcome, rule] : tags)
    out += (out.empty() ? "" : " ") + outcome;
  return out;
}

class AccessHttp : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put("safety", Declaration("", kRule, "Safety")), 201));
    ASSERT_TRUE(HasStatus(server().Put("sales", Declaration("", kRule, "Sales")), 201));
    ASSERT_TRUE(HasStatus(admin().Put("/outcomes/roster", {}, kRoster, "text/csv"), 200));
    // Every statement is tagged by both outcomes; ann and bob are line-a, carol line-b.
    for (const char* actor : {"ann", "bob", "carol", "ann", "carol", "bob"}) {
      StatementJson s;
      s.Actor(actor).Verb(kVerbExperienced).Object(std::string(kCourse) + "unit-1");
      s.Timestamp("2026-03-02T09:00:00Z");
      ids_[actor].push_back(s.id());
      server().Store(s.Json());
    }
    ASSERT_TRUE(server().WaitUntilTagged("safety"));
    ASSERT_TRUE(server().WaitUntilTagged("sales"));
  }

  // POST /outcomes/embed with `body`; the token (a failure and "" unless 201).
  std::string Issue(const std::string& body) {
    HttpResult r = admin().Post("/outcomes/embed", body);
    if (r.status != 201) {
      ADD_FAILURE() << "POST /outcomes/embed -> " << r.Describe();
      return "";
    }
    return StringAt(*ParseJson(r.body), "token");
  }

  HttpResult WithToken(const std::string& token, const std::string& method,
                       const std::string& target, const std::string& body = "",
                       const std::string& type = "") {
    HttpRequestSpec request;
    request.method = method;
    request.target = target;
    request.omit = {"Authorization", "X-Experience-API-Version"};
    request.headers = {{"Authorization", "Bearer " + token}};
    if (!type.empty()) request.headers.emplace_back("Content-Type", type);
    if (!body.empty() || method == "POST" || method == "PUT") request.body = body;
    return server().Anonymous().Send(request);
  }

  std::map<std::string, std::vector<std::string>> ids_;  // statement ids by actor
};

TEST_F(AccessHttp, EveryRouteAdmitsExactlyTheCallersTheDocsSay) {
  ASSERT_TRUE(server().AddCredential("reader", "r-secret", "outcomes/read"));
  ASSERT_TRUE(server().AddCredential("writer", "w-secret", "outcomes/write"));
  ASSERT_TRUE(server().AddCredential("xapi", "x-secret", "statements/read statements/write"));
  const std::string expired = Issue(R"({"outcomes": ["safety"], "ttl": "1s"})");
  const std::map<Kind, std::string> tokens = {
      {Kind::kLinkThis, Issue(R"({"outcomes": ["safety"]})")},
      {Kind::kLinkOther, Issue(R"({"outcomes": ["sales"]})")},
      {Kind::kTeamLink, Issue(R"({"outcomes": ["safety"], "team": "line-a"})")},
      {Kind::kManagerLink, Issue(R"({"outcomes": ["safety"], "manager": "mia@example.com"})")},
  };
  std::string altered = tokens.at(Kind::kLinkThis);
  altered[altered.find('.') + 3] ^= 1;  // one bit of the signature
  const std::string safety = Declaration("", kRule, "Safety");
  const std::string observation = R"({"date": "2026-03-02", "value": 3})";
  const std::vector<Route> routes = {
      {"GET", "/outcomes", "", "", 200, false, false, false, true},
      {"HEAD", "/outcomes", "", "", 200, false, false, false, false},
      {"GET", "/outcomes?statementId=" + ids_["ann"][0], "", "", 200, false, false, false, false},
      {"GET", "/outcomes/safety", "", "", 200, false, true, false, false},
      {"HEAD", "/outcomes/safety", "", "", 200, false, true, false, false},
      {"PUT", "/outcomes/safety", safety, "application/json", 200, true, true, false, false},
      {"DELETE", "/outcomes/nothing-here", "", "", 404, true, false, false, false},
      {"GET", "/outcomes/safety/statements", "", "", 200, false, true, false, false},
      {"GET", "/outcomes/safety/kpi", "", "", 200, false, true, false, true},
      {"POST", "/outcomes/safety/kpi", observation, "application/json", 200, true, true, false,
       false},
      {"GET", "/outcomes/safety/dashboard", "", "", 200, false, true, false, true},
      {"HEAD", "/outcomes/safety/dashboard", "", "", 200, false, true, false, false},
      {"GET", "/outcomes/safety/learners", "", "", 200, false, true, false, true},
      {"GET", "/outcomes/safety/export/statements", "", "", 200, false, true, false, false},
      {"GET", "/outcomes/safety/export/series", "", "", 200, false, true, false, false},
      {"GET", "/outcomes/safety/impact", "", "", 200, false, true, false, true},
      {"HEAD", "/outcomes/safety/impact", "", "", 200, false, true, false, false},
      {"GET", "/outcomes/safety/export/impact", "", "", 200, false, true, false, false},
      {"POST", "/outcomes/embed", R"({"outcomes": ["safety"]})", "application/json", 201, true,
       false, false, false},
      {"GET", "/outcomes/roster", "", "", 200, false, false, true, false},
      {"PUT", "/outcomes/roster", kRoster, "text/csv", 200, true, false, true, false},
  };
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // `expired` has expired

  const std::map<Kind, std::pair<std::string, std::string>> credentials = {
      {Kind::kAll, {kAdminKey, kAdminSecret}},
      {Kind::kReader, {"reader", "r-secret"}},
      {Kind::kWriter, {"writer", "w-secret"}},
      {Kind::kXapiOnly, {"xapi", "x-secret"}},
  };
  int checked = 0;
  for (const Route& route : routes) {
    for (int k = 0; k <= static_cast<int>(Kind::kAlteredLink); ++k) {
      const Kind kind = static_cast<Kind>(k);
      const std::string what = route.method + " " + route.target + " by " + Name(kind);
      HttpResult r;
      if (IsLink(kind)) {
        const std::string token = kind == Kind::kExpiredLink   ? expired
                                  : kind == Kind::kAlteredLink ? altered
                                                               : tokens.at(kind);
        r = WithToken(token, route.method, route.target, route.body, route.type);
      } else {
        HttpRequestSpec request;
        request.method = route.method;
        request.target = route.target;
        if (!route.type.empty()) request.headers = {{"Content-Type", route.type}};
        if (!route.body.empty()) request.body = route.body;
        if (kind == Kind::kAnonymous) {
          request.omit = {"Authorization"};
          r = server().Anonymous().Send(request);
        } else {
          const auto& [key, secret] = credentials.at(kind);
          r = server().ClientFor(key, secret).Send(request);
        }
      }
      const int expected = Expected(route, kind);
      ++checked;
      EXPECT_EQ(r.status, expected) << what << " -> " << r.Describe();
      if (r.status != expected || route.method == "HEAD") continue;
      if (expected == 401 || expected == 403) {
        // Refusals say why and show no data.
        auto doc = ParseJson(r.body);
        ASSERT_TRUE(doc) << what;
        EXPECT_FALSE(StringAt(*doc, "error.message").empty()) << what << ": " << r.body;
        EXPECT_EQ(r.body.find("tagged_statements"), std::string::npos) << what;
        continue;
      }
      // A team or manager link's answers are of its team view only.
      if ((kind == Kind::kTeamLink || kind == Kind::kManagerLink) && route.team_view) {
        auto doc = ParseJson(r.body);
        ASSERT_TRUE(doc) << what;
        EXPECT_EQ(StringAt(*doc, kind == Kind::kTeamLink ? "team.name" : "team.manager"),
                  kind == Kind::kTeamLink ? "line-a" : "mia@example.com")
            << what << ": " << r.body;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(routes.size()) * 11);
}

TEST_F(AccessHttp, ALinkListsOnlyItsOwnOutcomesAmongAStatementsTags) {
  // Both outcomes tag the statement; each link names one of them.
  const std::string statement = ids_["ann"][0];
  EXPECT_EQ(OutcomeIds(server().TagsOf(statement)), "safety sales");
  for (const char* outcome : {"safety", "sales"}) {
    const std::string token = Issue(R"({"outcomes": [")" + std::string(outcome) + R"("]})");
    HttpResult r = WithToken(token, "GET", "/outcomes?statementId=" + statement);
    ASSERT_TRUE(HasStatus(r, 200)) << outcome;
    auto doc = ParseJson(r.body);
    ASSERT_EQ(At(*doc, "outcomes")->Size(), 1u) << r.body;
    EXPECT_EQ(StringAt(*doc, "outcomes.0.id"), outcome) << r.body;
  }
  // A statement none of the link's outcomes tags is one the link cannot see.
  ASSERT_TRUE(HasStatus(
      server().Put("other",
                   Declaration("", R"([{"verb": ")" + std::string(kVerbPassed) + R"("}])")),
      201));
  StatementJson passed;
  passed.Actor("ann").Verb(kVerbPassed).Object("https://elsewhere.example.com/quiz");
  server().Store(passed.Json());
  ASSERT_TRUE(server().WaitUntilTagged("other"));
  EXPECT_EQ(OutcomeIds(server().TagsOf(passed.id())), "other");
  const std::string token = Issue(R"({"outcomes": ["safety", "sales"]})");
  HttpResult hidden = WithToken(token, "GET", "/outcomes?statementId=" + passed.id());
  EXPECT_TRUE(IsError(hidden, 404, {"this link may read"}));
  EXPECT_EQ(hidden.body.find("other"), std::string::npos) << hidden.body;
}

TEST_F(AccessHttp, ATeamLinkCannotAskAboutOtherTeamsStatements) {
  const std::string team = Issue(R"({"outcomes": ["safety"], "team": "line-a"})");
  const std::string manager = Issue(R"({"outcomes": ["safety"], "manager": "max@example.com"})");
  EXPECT_TRUE(HasStatus(WithToken(team, "GET", "/outcomes?statementId=" + ids_["bob"][0]), 200));
  EXPECT_TRUE(IsError(WithToken(team, "GET", "/outcomes?statementId=" + ids_["carol"][0]), 404,
                      {"team view"}));
  EXPECT_TRUE(
      HasStatus(WithToken(manager, "GET", "/outcomes?statementId=" + ids_["carol"][0]), 200));
  EXPECT_TRUE(IsError(WithToken(manager, "GET", "/outcomes?statementId=" + ids_["ann"][0]), 404));
  // Asking for another team is refused, not ignored.
  EXPECT_TRUE(
      IsError(WithToken(team, "GET", "/outcomes?statementId=" + ids_["carol"][0] + "&team=line-b"),
              403, {"line-a"}));
  // A credential asks in a team view when it wants to.
  EXPECT_TRUE(HasStatus(
      server().Get("/outcomes", {{"statementId", ids_["carol"][0]}, {"team", "line-b"}}), 200));
  EXPECT_TRUE(IsError(
      server().Get("/outcomes", {{"statementId", ids_["carol"][0]}, {"team", "line-a"}}), 404));
}

TEST_F(AccessHttp, EveryPageOfAListingWorksUnderEveryKindOfCaller) {
  const std::string team = Issue(R"({"outcomes": ["safety"], "team": "line-a"})");
  const std::string manager = Issue(R"({"outcomes": ["safety"], "manager": "mia@example.com"})");
  const std::string plain = Issue(R"({"outcomes": ["safety"]})");
  // Follows "more" from `first` to the end; the statement ids listed.
  auto follow = [&](const std::string& token, std::string target) {
    std::vector<std::string> ids;
    for (int page = 0; page < 20 && !target.empty(); ++page) {
      HttpResult r = token.empty() ? server().Get(target) : WithToken(token, "GET", target);
      if (!HasStatus(r, 200)) {
        ADD_FAILURE() << target << " -> " << r.Describe();
        break;
      }
      auto doc = ParseJson(r.body);
      for (const auto& s : At(*doc, "statements")->GetArray())
        ids.push_back(std::string(json::View(s["id"])));
      target = StringAt(*doc, "more");
    }
    return Sorted(ids);
  };
  const std::vector<std::string> line_a =
      Sorted({ids_["ann"][0], ids_["ann"][1], ids_["bob"][0], ids_["bob"][1]});
  EXPECT_EQ(follow(team, "/outcomes/safety/statements?limit=1"), line_a);
  EXPECT_EQ(follow(manager, "/outcomes/safety/statements?limit=1"), line_a);
  EXPECT_EQ(follow(plain, "/outcomes/safety/statements?limit=1").size(), 6u);
  EXPECT_EQ(follow("", "/outcomes/safety/statements?limit=1&team=line-a"), line_a);
  EXPECT_EQ(follow("", "/outcomes/safety/statements?limit=2").size(), 6u);

  // A token made for another team's view does not open it to a team link.
  HttpResult b = server().Get("/outcomes/safety/statements", {{"limit", "1"}, {"team", "line-b"}});
  ASSERT_TRUE(HasStatus(b, 200));
  const std::string more = StringAt(*ParseJson(b.body), "more");
  ASSERT_FALSE(more.empty());
  EXPECT_TRUE(IsError(WithToken(team, "GET", more), 403, {"line-a"}));

  // The learners listing pages the same way.
  std::vector<std::string> learners;
  std::string target = "/outcomes/safety/learners?from=2026-03-01&to=2026-03-31&limit=1";
  for (int page = 0; page < 10 && !target.empty(); ++page) {
    HttpResult r = WithToken(team, "GET", target);
    ASSERT_TRUE(HasStatus(r, 200)) << target;
    auto doc = ParseJson(r.body);
    for (const auto& l : At(*doc, "learners")->GetArray())
      learners.push_back(std::string(json::View(l["agent"]["mbox"])));
    target = StringAt(*doc, "more");
  }
  EXPECT_EQ(Sorted(learners), Sorted({"mailto:ann@example.com", "mailto:bob@example.com"}));
}

TEST_F(AccessHttp, AnExportShowsALinkOnlyItsOwnOutcomesAndTeam) {
  const std::string team = Issue(R"({"outcomes": ["safety"], "team": "line-a"})");
  HttpResult ndjson = WithToken(team, "GET", "/outcomes/safety/export/statements?format=ndjson");
  ASSERT_TRUE(HasStatus(ndjson, 200));
  int rows = 0;
  std::istringstream lines(ndjson.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    auto row = ParseJson(line);
    ASSERT_TRUE(row);
    ++rows;
    EXPECT_EQ(StringAt(*row, "outcome_ids"), "safety") << line;
    EXPECT_EQ(StringAt(*row, "team"), "line-a") << line;
  }
  EXPECT_EQ(rows, 4);
  // A credential sees every outcome tagging each statement.
  HttpResult all = server().Get("/outcomes/safety/export/statements", {{"format", "ndjson"}});
  ASSERT_TRUE(HasStatus(all, 200));
  EXPECT_NE(all.body.find(R"("outcome_ids":"safety sales")"), std::string::npos) << all.body;
}

}  // namespace
}  // namespace outcomes::http_test
