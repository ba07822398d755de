// The About resource (Part Three §2.8) and the headers of the API (§1.1 HEAD, §1.2, §3.3
// versioning, Content-Type checks of §3.2, CORS preflight).
#include <chrono>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpAbout = LrsHttpTest;
using HttpHeaders = LrsHttpTest;

bool ListsVersion(const HttpResult& r, std::string_view version) {
  auto doc = ParseJson(r.body);
  const json::Value* versions = At(*doc, "version");
  if (versions == nullptr || !versions->IsArray()) return false;
  for (const json::Value& v : versions->GetArray()) {
    if (v.IsString() && json::View(v) == version) return true;
  }
  return false;
}

TEST_F(HttpAbout, AnswersWithoutAuthOrVersionHeader) {
  HttpRequestSpec request;
  request.target = kAbout;
  request.omit = {"Authorization", "X-Experience-API-Version"};
  HttpResult r = AnonymousClient().Send(request);
  ASSERT_TRUE(HasStatus(r, 200));
  // Without a version header, the newest version served answers.
  EXPECT_EQ(r.Header("X-Experience-API-Version"), "2.0.0");
  EXPECT_NE(r.Header("Content-Type").value_or("").find("application/json"), std::string::npos);
  auto doc = ParseJson(r.body);
  const json::Value* versions = At(*doc, "version");
  ASSERT_TRUE(versions != nullptr && versions->IsArray()) << r.body;
  for (const json::Value& v : versions->GetArray()) {
    EXPECT_TRUE(v.IsString()) << r.body;
  }
  EXPECT_TRUE(ListsVersion(r, "1.0.3")) << r.body;
  EXPECT_TRUE(ListsVersion(r, "2.0.0")) << r.body;
  // Nothing but "version" and "extensions" (§2.8); the server names itself in an extension.
  for (const auto& member : doc->GetObject()) {
    const std::string_view name = json::View(member.name);
    EXPECT_TRUE(name == "version" || name == "extensions") << name;
  }
  const json::Value* extensions = At(*doc, "extensions");
  ASSERT_TRUE(extensions != nullptr && extensions->IsObject()) << r.body;
  const json::Value* server = json::Find(*extensions, "urn:x-outcome-lrs:about:server");
  ASSERT_NE(server, nullptr) << r.body;
  EXPECT_EQ(StringAt(*server, "name"), "Outcome LRS");
  EXPECT_FALSE(StringAt(*server, "version").empty()) << r.body;
}

TEST_F(HttpAbout, IgnoresUnsupportedVersionHeaderAndCredentials) {
  for (const char* version : {"0.95", "2.0.0", "garbage"}) {
    HttpRequestSpec request;
    request.target = kAbout;
    request.headers = {{"X-Experience-API-Version", version}};
    HttpResult r = admin().Send(request);
    EXPECT_TRUE(HasStatus(r, 200)) << "version " << version;
    EXPECT_TRUE(ListsVersion(r, "1.0.3")) << r.body;
  }
  // Wrong credentials do not matter either: About is public.
  HttpResult r = ClientFor(kAdminKey, "wrong-secret").Get(kAbout);
  EXPECT_TRUE(HasStatus(r, 200));
}

TEST_F(HttpAbout, HeadAnswersWithoutBody) {
  HttpResult r = AnonymousClient().Head(kAbout);
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3");
}

TEST_F(HttpAbout, RejectsOtherMethodsAndParameters) {
  HttpResult post = admin().Post(kAbout, "{}");
  EXPECT_TRUE(IsError(post, 405, "POST"));
  const std::string allow = post.Header("Allow").value_or("");
  EXPECT_NE(allow.find("GET"), std::string::npos) << allow;
  EXPECT_EQ(allow.find("POST"), std::string::npos) << allow;
  EXPECT_EQ(post.Header("X-Experience-API-Version"), "1.0.3");

  HttpResult param = admin().Get(kAbout, {{"verbose", "true"}});
  EXPECT_TRUE(IsError(param, 400, "verbose"));
}

TEST_F(HttpHeaders, MissingVersionHeaderIsRejected) {
  HttpRequestSpec request;
  request.omit = {"X-Experience-API-Version"};
  HttpResult get = admin().Send(request);
  EXPECT_TRUE(IsError(get, 400, "X-Experience-API-Version"));
  // Rejected before a version is known: the newest version served answers (9274.1.1 §4.1.7).
  EXPECT_EQ(get.Header("X-Experience-API-Version"), "2.0.0");

  HttpRequestSpec post;
  post.method = "POST";
  post.omit = {"X-Experience-API-Version"};
  post.headers = {{"Content-Type", "application/json"}};
  post.body = SimpleStatement(NewId());
  EXPECT_TRUE(IsError(admin().Send(post), 400, "X-Experience-API-Version"));
  EXPECT_EQ(QueryIds({}).size(), 0u) << "a rejected POST stored something";
}

TEST_F(HttpHeaders, UnsupportedVersionsAreRejected) {
  for (const char* version : {"0.95", "0.9", "0.9.5", "1.1.0", "1.1", "1", "", "latest", "2",
                              "2.1.0", "2.1", "3.0.0", "2.0.x", "2.0.1.1", "1.0.3-beta"}) {
    HttpRequestSpec request;
    request.headers = {{"X-Experience-API-Version", version}};
    HttpResult r = admin().Send(request);
    EXPECT_TRUE(IsError(r, 400)) << "version \"" << version << "\"";
    // Not echoed back: the newest version served answers.
    EXPECT_EQ(r.Header("X-Experience-API-Version"), "2.0.0") << "version \"" << version << "\"";
  }
}

TEST_F(HttpHeaders, AcceptsEvery10Version) {
  for (const char* version : {"1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.9"}) {
    HttpRequestSpec request;
    request.headers = {{"X-Experience-API-Version", version}};
    HttpResult r = admin().Send(request);
    EXPECT_TRUE(HasStatus(r, 200)) << "version \"" << version << "\"";
    // The LRS answers with the latest patch version whatever the request said.
    EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3") << "version \"" << version << "\"";
  }
  XapiClient old = ClientFor(kAdminKey, kAdminSecret);
  old.SetVersion("1.0");
  const std::string id = Store(SimpleStatement(NewId()), &old);
  EXPECT_TRUE(HasStatus(GetStatement(id, false, &old), 200));
}

TEST_F(HttpHeaders, VersionHeaderOnEveryResponse) {
  const std::string id = NewId();
  std::vector<std::pair<std::string, HttpResult>> responses;
  responses.emplace_back("PUT 204",
                         admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id)));
  responses.emplace_back("POST 200", admin().Post(kStatements, SimpleStatement("")));
  responses.emplace_back("GET 200", GetStatement(id));
  responses.emplace_back("GET 404", GetStatement(NewId()));
  responses.emplace_back("HEAD 200", admin().Head(kStatements));
  responses.emplace_back("POST 400", admin().Post(kStatements, "{"));
  responses.emplace_back(
      "POST 409", admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id, "bob")));
  responses.emplace_back("GET 401", AnonymousClient().Get(kStatements));
  HttpRequestSpec del;
  del.method = "DELETE";
  responses.emplace_back("DELETE 405", admin().Send(del));
  responses.emplace_back("GET unknown path 404", admin().Get("/xapi/nothing-here"));
  responses.emplace_back("GET outside the API 404", admin().Get("/"));
  HttpRequestSpec options;
  options.method = "OPTIONS";
  responses.emplace_back("OPTIONS 204", AnonymousClient().Send(options));
  for (const auto& [what, r] : responses) {
    EXPECT_NE(r.status, 0) << what << ": " << r.error;
    EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3") << what << ": " << r.Describe();
  }
  EXPECT_EQ(responses[0].second.status, 204);
  EXPECT_EQ(responses[6].second.status, 409);
}

TEST_F(HttpHeaders, ConsistentThroughOnStatementResponses) {
  const std::string id = Store(SimpleStatement(NewId()));
  const int64_t before = NowMicros();
  HttpResult stored = GetStatement(id);
  ASSERT_TRUE(HasStatus(stored, 200));
  auto stored_at = ParseTimestamp(StringAt(*ParseJson(stored.body), "stored"));
  ASSERT_TRUE(stored_at.has_value()) << stored.body;
  std::vector<std::pair<std::string, HttpResult>> responses;
  responses.emplace_back("query", admin().Get(kStatements));
  responses.emplace_back("single", GetStatement(id));
  responses.emplace_back("voided", GetStatement(id, /*voided=*/true));
  responses.emplace_back("post", admin().Post(kStatements, SimpleStatement("")));
  responses.emplace_back("bad request", admin().Get(kStatements, {{"limit", "many"}}));
  for (const auto& [what, r] : responses) {
    const auto header = r.Header("X-Experience-API-Consistent-Through");
    ASSERT_TRUE(header.has_value()) << what << ": " << r.Describe();
    auto ts = ParseTimestamp(*header);
    ASSERT_TRUE(ts.has_value()) << what << ": not ISO 8601: " << *header;
    // A recent time (this machine's clock, one minute of slack either way).
    const int64_t at = ToMicros(ts->instant);
    EXPECT_GT(at, before - 60'000'000) << what << ": " << *header;
    EXPECT_LT(at, NowMicros() + 60'000'000) << what << ": " << *header;
    // Everything stored before this response is covered.
    EXPECT_GE(at, ToMicros(stored_at->instant)) << what << ": " << *header;
  }
}

TEST_F(HttpHeaders, LastModifiedMatchesStored) {
  const std::string id = Store(SimpleStatement(NewId()));
  HttpResult r = GetStatement(id);
  ASSERT_TRUE(HasStatus(r, 200));
  auto doc = ParseJson(r.body);
  auto stored = ParseTimestamp(StringAt(*doc, "stored"));
  ASSERT_TRUE(stored.has_value()) << r.body;
  EXPECT_EQ(r.Header("Last-Modified"), FormatHttpDate(ToMicros(stored->instant)));
}

TEST_F(HttpHeaders, ContentTypeMustBeJson) {
  const std::string id = NewId();
  EXPECT_TRUE(
      IsError(admin().Post(kStatements, SimpleStatement(id), "text/plain"), 400, "Content-Type"));
  EXPECT_TRUE(
      IsError(admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id), "text/plain"),
              400, "Content-Type"));
  EXPECT_TRUE(IsError(admin().Post(kStatements, SimpleStatement(id), "application/xml"), 400));
  // A form body without the "method" parameter of the alternate syntax.
  EXPECT_TRUE(
      IsError(admin().Post(kStatements, "content=x", "application/x-www-form-urlencoded"), 400));
  HttpRequestSpec no_type;
  no_type.method = "POST";
  no_type.body = SimpleStatement(id);
  EXPECT_TRUE(IsError(admin().Send(no_type), 400, "Content-Type"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404)) << "a rejected request stored the statement";

  // Media types are case-insensitive and may carry parameters.
  EXPECT_TRUE(HasStatus(
      admin().Post(kStatements, SimpleStatement(id), "Application/JSON; charset=UTF-8"), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
}

TEST_F(HttpHeaders, HeadAnswersLikeGetWithoutBody) {
  const std::string id = Store(SimpleStatement(NewId()));
  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));

  HttpResult head = admin().Head(kStatements, {{"statementId", id}});
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("Content-Type"), get.Header("Content-Type"));
  EXPECT_EQ(head.Header("Last-Modified"), get.Header("Last-Modified"));
  EXPECT_TRUE(head.Header("X-Experience-API-Consistent-Through").has_value());
  EXPECT_EQ(head.Header("X-Experience-API-Version"), "1.0.3");

  HttpResult missing = admin().Head(kStatements, {{"statementId", NewId()}});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "");

  HttpResult query = admin().Head(kStatements, {{"limit", "1"}});
  EXPECT_TRUE(HasStatus(query, 200));
  EXPECT_EQ(query.body, "");

  HttpResult bad = admin().Head(kStatements, {{"limit", "-1"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body, "");
}

TEST_F(HttpHeaders, CorsPreflight) {
  HttpRequestSpec preflight;
  preflight.method = "OPTIONS";
  preflight.omit = {"Authorization", "X-Experience-API-Version"};
  preflight.headers = {
      {"Origin", "https://course.example.com"},
      {"Access-Control-Request-Method", "PUT"},
      {"Access-Control-Request-Headers", "authorization, content-type, x-experience-api-version"}};
  HttpResult r = AnonymousClient().Send(preflight);
  ASSERT_TRUE(HasStatus(r, 204));
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.Header("Access-Control-Allow-Origin"), "*");
  const std::string methods = r.Header("Access-Control-Allow-Methods").value_or("");
  for (const char* m : {"GET", "PUT", "POST", "HEAD"}) {
    EXPECT_NE(methods.find(m), std::string::npos) << methods;
  }
  const std::string headers = AsciiLower(r.Header("Access-Control-Allow-Headers").value_or(""));
  for (const char* h : {"authorization", "content-type", "x-experience-api-version"}) {
    EXPECT_NE(headers.find(h), std::string::npos) << headers;
  }

  // Actual responses let a browser script read the xAPI headers.
  HttpResult get = admin().Get(kStatements, {}, {{"Origin", "https://course.example.com"}});
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(get.Header("Access-Control-Allow-Origin"), "*");
  const std::string exposed = get.Header("Access-Control-Expose-Headers").value_or("");
  EXPECT_NE(exposed.find("X-Experience-API-Consistent-Through"), std::string::npos) << exposed;
}

}  // namespace
}  // namespace lrs::http_test
