// Signed dashboard links over HTTP, on a real outcome-lrs with the plugin: issuing them
// (POST /outcomes/embed, `outcome-lrs embed-url`), reading dashboards with one and no
// credentials, and each way a link is refused without showing any data.
#include <thread>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kRule[] = R"([{"activity": {"prefix": "https://lms.example.com/courses/"}}])";

class EmbedHttp : public OutcomeHttpTest {
 protected:
  void SetUp() override {
    OutcomeHttpTest::SetUp();
    if (HasFatalFailure() || IsSkipped()) return;
    ASSERT_TRUE(HasStatus(server().Put("safety", Declaration("", kRule, "Safety")), 201));
    ASSERT_TRUE(HasStatus(server().Put("sales", Declaration("", kRule, "Sales")), 201));
    server().Store(StatementJson()
                       .Object("https://lms.example.com/courses/forklift")
                       .Verb(kVerbCompleted)
                       .Json());
    ASSERT_TRUE(server().WaitUntilTagged("safety"));
  }

  // POST /outcomes/embed with `body`; the token of the 201 answer ("" and a failure otherwise).
  std::string Issue(const std::string& body, const XapiClient* client = nullptr) {
    HttpResult r = (client ? *client : admin()).Post("/outcomes/embed", body);
    if (r.status != 201) {
      ADD_FAILURE() << "POST /outcomes/embed -> " << r.Describe();
      return "";
    }
    auto doc = ParseJson(r.body);
    const std::string url = StringAt(*doc, "url");
    EXPECT_NE(url.find("/outcomes/ui/?token="), std::string::npos) << url;
    EXPECT_FALSE(StringAt(*doc, "expires").empty()) << r.body;
    return StringAt(*doc, "token");
  }

  // GET `target` with the link `token` and no credentials.
  HttpResult WithLink(const std::string& token, const std::string& target,
                      const ParamList& params = {}, const std::string& method = "GET") {
    HttpRequestSpec request;
    request.method = method;
    request.target = target;
    request.params = params;
    request.omit = {"Authorization", "X-Experience-API-Version"};
    request.headers = {{"Authorization", "Bearer " + token}};
    return server().Anonymous().Send(request);
  }
};

TEST_F(EmbedHttp, ALinkReadsItsOutcomesDashboardsWithoutCredentials) {
  const std::string token = Issue(R"({"outcomes": ["safety"], "ttl": "1h"})");
  ASSERT_FALSE(token.empty());
  HttpResult dashboard = WithLink(token, "/outcomes/safety/dashboard");
  ASSERT_TRUE(HasStatus(dashboard, 200));
  // The same figures as a credential sees.
  HttpResult direct = server().Get("/outcomes/safety/dashboard");
  ASSERT_TRUE(HasStatus(direct, 200));
  EXPECT_EQ(IntAt(*ParseJson(dashboard.body), "consumer.totals.tagged_statements.value"),
            IntAt(*ParseJson(direct.body), "consumer.totals.tagged_statements.value"));
  EXPECT_TRUE(HasStatus(WithLink(token, "/outcomes/safety"), 200));
  EXPECT_TRUE(HasStatus(WithLink(token, "/outcomes/safety/learners"), 200));
  EXPECT_TRUE(HasStatus(WithLink(token, "/outcomes/safety/kpi"), 200));
  EXPECT_TRUE(HasStatus(WithLink(token, "/outcomes/safety/statements"), 200));
  // The overview lists only the link's outcomes.
  HttpResult list = WithLink(token, "/outcomes");
  ASSERT_TRUE(HasStatus(list, 200));
  auto doc = ParseJson(list.body);
  ASSERT_EQ(At(*doc, "outcomes")->Size(), 1u) << list.body;
  EXPECT_EQ(StringAt(*doc, "outcomes.0.id"), "safety");
}

TEST_F(EmbedHttp, ALinkShowsNothingElseAndSaysWhy) {
  const std::string token = Issue(R"({"outcome": "safety"})");
  HttpResult other = WithLink(token, "/outcomes/sales/dashboard");
  EXPECT_TRUE(IsError(other, 403, {"for the outcome \"safety\", not \"sales\""}));
  EXPECT_EQ(other.body.find("tagged_statements"), std::string::npos);
  EXPECT_TRUE(IsError(WithLink(token, "/outcomes/safety", {}, "DELETE"), 403, {"only read"}));
  EXPECT_TRUE(IsError(WithLink(token, "/outcomes/embed", {}, "POST"), 403));
  // Not a key to the xAPI either.
  HttpRequestSpec xapi;
  xapi.target = kStatements;
  xapi.headers = {{"Authorization", "Bearer " + token}};
  xapi.omit = {"Authorization"};
  EXPECT_TRUE(HasStatus(server().Anonymous().Send(xapi), 401));

  // Altered: one character of the signature changed.
  std::string altered = token;
  const size_t at = token.find('.') + 5;
  altered[at] = altered[at] == 'A' ? 'B' : 'A';
  HttpResult refused = WithLink(altered, "/outcomes/safety/dashboard");
  EXPECT_TRUE(IsError(refused, 401, {"altered"}));
  // No Basic challenge: a browser showing the link in an iframe must not ask for a password.
  EXPECT_EQ(refused.Header("WWW-Authenticate").value_or("").rfind("Bearer", 0), 0u);
  EXPECT_TRUE(IsError(WithLink("garbage", "/outcomes/safety/dashboard"), 401, {"malformed"}));
  // Still deleted: the outcome stays readable to the link only while it exists.
  EXPECT_TRUE(HasStatus(server().Delete("/outcomes/safety"), 204));
  EXPECT_TRUE(IsError(WithLink(token, "/outcomes/safety/dashboard"), 404));
}

TEST_F(EmbedHttp, ThePageLoadsWithoutCredentialsButTheDataDoesNot) {
  // A browser never sends the link's token for the page's own files: they hold no data.
  HttpRequestSpec page;
  page.target = "/outcomes/ui/";
  page.params = {{"token", "anything"}};
  page.omit = {"Authorization"};
  HttpResult r = server().Anonymous().Send(page);
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  HttpRequestSpec data;
  data.target = "/outcomes/safety/dashboard";
  data.omit = {"Authorization"};
  HttpResult refused = server().Anonymous().Send(data);
  EXPECT_TRUE(HasStatus(refused, 401));
  EXPECT_EQ(refused.Header("WWW-Authenticate").value_or("").rfind("Basic", 0), 0u);
}

TEST_F(EmbedHttp, AnExpiredLinkIsRefused) {
  const std::string token = Issue(R"({"outcomes": ["safety"], "ttl": "1s"})");
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  EXPECT_TRUE(IsError(WithLink(token, "/outcomes/safety/dashboard"), 401, {"expired at"}));
}

TEST_F(EmbedHttp, LinksFromAnotherLrsAreWorthless) {
  const std::string token = Issue(R"({"outcomes": ["safety"]})");
  OutcomeServer* other = AnotherServer();
  ASSERT_NE(other, nullptr);
  ASSERT_TRUE(HasStatus(other->Put("safety", Declaration("", kRule, "Safety")), 201));
  HttpRequestSpec request;
  request.target = "/outcomes/safety/dashboard";
  request.omit = {"Authorization"};
  request.headers = {{"Authorization", "Bearer " + token}};
  EXPECT_TRUE(IsError(other->Anonymous().Send(request), 401, {"altered"}));
}

TEST_F(EmbedHttp, IssuingNeedsOutcomesWriteAndKnownOutcomes) {
  ASSERT_TRUE(server().AddCredential("reader", "reader-secret", "outcomes/read"));
  XapiClient reader = server().ClientFor("reader", "reader-secret");
  HttpResult refused = reader.Post("/outcomes/embed", R"({"outcomes": ["safety"]})");
  EXPECT_TRUE(IsError(refused, 403, {"outcomes/write"}));
  EXPECT_TRUE(IsError(admin().Post("/outcomes/embed", R"({"outcomes": ["nope"]})"), 404, {"nope"}));
  EXPECT_TRUE(IsError(admin().Post("/outcomes/embed", R"({"outcomes": []})"), 400));
  EXPECT_TRUE(IsError(admin().Post("/outcomes/embed", R"({"outcomes": ["safety"], "ttl": "1y"})"),
                      400, {"ttl"}));
  EXPECT_TRUE(
      IsError(admin().Post("/outcomes/embed", R"({"outcomes": ["safety"], "base": "ftp://x"})"),
              400, {"base"}));
  EXPECT_TRUE(IsError(admin().Post("/outcomes/embed", R"({"who": 1})"), 400, {"who"}));
}

TEST_F(EmbedHttp, TheCommandPrintsAWorkingLink) {
  CommandOutput out = server().Command(
      {"embed-url", "--outcome", "safety", "--ttl", "2h", "--base", "https://lrs.example.com/"});
  ASSERT_EQ(out.status.code, 0) << out.err;
  const std::string prefix = "https://lrs.example.com/outcomes/ui/?token=";
  ASSERT_EQ(out.out.rfind(prefix, 0), 0u) << out.out;
  std::string token = out.out.substr(prefix.size());
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r'))
    token.pop_back();
  EXPECT_TRUE(HasStatus(WithLink(token, "/outcomes/safety/dashboard"), 200));
  EXPECT_NE(out.err.find("valid until"), std::string::npos) << out.err;

  CommandOutput unknown = server().Command({"embed-url", "--outcome", "nope"});
  EXPECT_EQ(unknown.status.code, 1);
  EXPECT_NE(unknown.err.find("nope"), std::string::npos) << unknown.err;
  CommandOutput usage = server().Command({"embed-url"});
  EXPECT_EQ(usage.status.code, 2);
}

}  // namespace
}  // namespace outcomes::http_test
