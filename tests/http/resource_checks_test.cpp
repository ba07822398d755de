// What every xAPI resource checks before it does anything (Part Three §3.3 versioning, §4
// authentication, §4.2 scopes): the version header, the credential, and the credential's scope.
// One table of every resource the LRS serves, so a resource added without these checks fails.
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kSecret[] = "checks-secret";

struct ResourceCase {
  const char* name;
  std::string method;
  std::string target;
  ParamList params;
  std::optional<std::string> body;
  // A scope that is valid but does not allow this request.
  const char* wrong_scope;
};

std::vector<ResourceCase> Cases() {
  const std::string agent = R"({"mbox":"mailto:ann@example.com"})";
  const std::string activity = ActivityId("course");
  return {
      {"GET statements", "GET", kStatements, {}, std::nullopt, "statements/write"},
      {"PUT statements",
       "PUT",
       kStatements,
       {{"statementId", "6fbd600f-d17c-4c74-801a-2ec2e53231f7"}},
       SimpleStatement("6fbd600f-d17c-4c74-801a-2ec2e53231f7"),
       "statements/read"},
      {"POST statements", "POST", kStatements, {}, SimpleStatement(""), "all/read"},
      {"GET activities",
       "GET",
       "/xapi/activities",
       {{"activityId", activity}},
       std::nullopt,
       "statements/write"},
      {"GET agents", "GET", "/xapi/agents", {{"agent", agent}}, std::nullopt, "statements/write"},
      {"GET state",
       "GET",
       "/xapi/activities/state",
       {{"activityId", activity}, {"agent", agent}, {"stateId", "bookmark"}},
       std::nullopt,
       "profile"},
      {"PUT state",
       "PUT",
       "/xapi/activities/state",
       {{"activityId", activity}, {"agent", agent}, {"stateId", "bookmark"}},
       "{\"page\":1}",
       "all/read"},
      {"GET activity profile",
       "GET",
       "/xapi/activities/profile",
       {{"activityId", activity}, {"profileId", "p"}},
       std::nullopt,
       "state"},
      {"DELETE activity profile",
       "DELETE",
       "/xapi/activities/profile",
       {{"activityId", activity}, {"profileId", "p"}},
       std::nullopt,
       "all/read"},
      {"GET agent profile",
       "GET",
       "/xapi/agents/profile",
       {{"agent", agent}, {"profileId", "p"}},
       std::nullopt,
       "state"},
      {"POST agent profile",
       "POST",
       "/xapi/agents/profile",
       {{"agent", agent}, {"profileId", "p"}},
       "{\"a\":1}",
       "statements/write"},
  };
}

HttpRequestSpec Request(const ResourceCase& c) {
  HttpRequestSpec r;
  r.method = c.method;
  r.target = c.target;
  r.params = c.params;
  r.body = c.body;
  if (c.body) r.headers = {{"Content-Type", "application/json"}};
  return r;
}

using HttpResourceChecks = LrsHttpTest;

TEST_F(HttpResourceChecks, EveryResourceNeedsTheVersionHeader) {
  for (const ResourceCase& c : Cases()) {
    HttpRequestSpec r = Request(c);
    r.omit = {"X-Experience-API-Version"};
    HttpResult answer = admin().Send(r);
    EXPECT_TRUE(IsError(answer, 400, "X-Experience-API-Version")) << c.name;
    EXPECT_EQ(answer.Header("X-Experience-API-Version"), "2.0.0") << c.name;
    r.omit.clear();
    r.headers.emplace_back("X-Experience-API-Version", "0.95");
    EXPECT_TRUE(IsError(admin().Send(r), 400, "0.95")) << c.name;
  }
}

TEST_F(HttpResourceChecks, EveryResourceNeedsValidCredentials) {
  for (const ResourceCase& c : Cases()) {
    HttpResult anonymous = AnonymousClient().Send(Request(c));
    EXPECT_TRUE(IsError(anonymous, 401)) << c.name;
    EXPECT_TRUE(anonymous.Header("WWW-Authenticate").has_value()) << c.name;
    HttpResult wrong = ClientFor(kAdminKey, "not-the-secret").Send(Request(c));
    EXPECT_TRUE(IsError(wrong, 401)) << c.name;
  }
}

TEST_F(HttpResourceChecks, EveryResourceChecksTheScope) {
  int n = 0;
  for (const ResourceCase& c : Cases()) {
    const std::string key = "scoped-" + std::to_string(n++);
    ASSERT_TRUE(lrs().AddCredential(key, kSecret, c.wrong_scope).ok());
    HttpResult answer = ClientFor(key, kSecret).Send(Request(c));
    EXPECT_TRUE(IsError(answer, 403)) << c.name << " with scope " << c.wrong_scope;
  }
}

TEST_F(HttpResourceChecks, EveryResourceAnswersWithAllowedMethodsOnly) {
  for (const char* target :
       {"/xapi/statements", "/xapi/activities", "/xapi/agents", "/xapi/activities/state",
        "/xapi/activities/profile", "/xapi/agents/profile", "/xapi/about"}) {
    HttpRequestSpec r;
    r.method = "PATCH";
    r.target = target;
    HttpResult answer = admin().Send(r);
    EXPECT_TRUE(IsError(answer, 405)) << target;
    EXPECT_TRUE(answer.Header("Allow").has_value()) << target;
  }
}

}  // namespace
}  // namespace lrs::http_test
