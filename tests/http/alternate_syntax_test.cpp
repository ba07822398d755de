// The Alternate Request Syntax (Part Three §1.3): POST with a "method" query parameter and a
// form body carrying the headers, the parameters and the content.
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpAlternateSyntax = LrsHttpTest;

constexpr char kForm[] = "application/x-www-form-urlencoded";

// A POST ?method=METHOD with `form` as its body, and no xAPI headers outside the form.
HttpRequestSpec AlternateRequest(const std::string& method, const ParamList& form) {
  HttpRequestSpec request;
  request.method = "POST";
  request.target = std::string(kStatements) + "?method=" + method;
  request.omit = {"Authorization", "X-Experience-API-Version"};
  request.headers = {{"Content-Type", kForm}};
  request.body = test_support::EncodeQuery(form);
  return request;
}

ParamList Credentials() {
  return {{"Authorization", test_support::BasicAuthorization(kAdminKey, kAdminSecret)},
          {"X-Experience-API-Version", "1.0.3"}};
}

ParamList With(ParamList base, const ParamList& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

TEST_F(HttpAlternateSyntax, PutThroughAForm) {
  const std::string id = NewId();
  HttpResult r = admin().Send(
      AlternateRequest("PUT", With(Credentials(), {{"statementId", id},
                                                   {"Content-Type", "application/json"},
                                                   {"content", SimpleStatement(id, "zoë")}})));
  ASSERT_TRUE(HasStatus(r, 204));
  EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3");

  HttpResult get = GetStatement(id);
  ASSERT_TRUE(HasStatus(get, 200));
  auto doc = ParseJson(get.body);
  EXPECT_EQ(StringAt(*doc, "actor.name"), "zoë");  // content is UTF-8
  EXPECT_EQ(StringAt(*doc, "authority.account.name"), kAdminKey);
}

TEST_F(HttpAlternateSyntax, PostThroughAForm) {
  const std::string id = NewId();
  HttpResult r = admin().Send(AlternateRequest(
      "POST", With(Credentials(), {{"Content-Type", "application/json"},
                                   {"content", "[" + SimpleStatement(id) + "]"}})));
  ASSERT_TRUE(HasStatus(r, 200));
  EXPECT_EQ(r.body, "[" + Quote(id) + "]");
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
}

TEST_F(HttpAlternateSyntax, GetThroughAForm) {
  const std::string a = Store(SimpleStatement(NewId(), "ann", "completed"));
  const std::string b = Store(SimpleStatement(NewId(), "bob", "failed"));

  HttpResult single =
      admin().Send(AlternateRequest("GET", With(Credentials(), {{"statementId", a}})));
  ASSERT_TRUE(HasStatus(single, 200));
  EXPECT_EQ(single.body, GetStatement(a).body);
  EXPECT_TRUE(single.Header("X-Experience-API-Consistent-Through").has_value());

  HttpResult query = admin().Send(
      AlternateRequest("GET", With(Credentials(), {{"verb", VerbId("failed")}, {"limit", "10"}})));
  ASSERT_TRUE(HasStatus(query, 200));
  EXPECT_EQ(StatementIds(*ParseJson(query.body)), std::vector<std::string>{b});

  // A long query is what the syntax is for.
  HttpResult agent = admin().Send(AlternateRequest(
      "GET", With(Credentials(), {{"agent", "{\"mbox\":" + Quote(Mbox("ann")) + "}"}})));
  ASSERT_TRUE(HasStatus(agent, 200));
  EXPECT_EQ(StatementIds(*ParseJson(agent.body)), std::vector<std::string>{a});
}

TEST_F(HttpAlternateSyntax, HeadThroughAFormHasNoBody) {
  const std::string id = Store(SimpleStatement(NewId()));
  HttpResult head =
      admin().Send(AlternateRequest("HEAD", With(Credentials(), {{"statementId", id}})));
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("Last-Modified"), GetStatement(id).Header("Last-Modified"));

  HttpResult missing =
      admin().Send(AlternateRequest("HEAD", With(Credentials(), {{"statementId", NewId()}})));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.body, "");
}

TEST_F(HttpAlternateSyntax, OtherQueryParametersAreRejected) {
  const std::string id = NewId();
  HttpRequestSpec request = AlternateRequest(
      "PUT", With(Credentials(),
                  {{"Content-Type", "application/json"}, {"content", SimpleStatement(id)}}));
  request.target += "&statementId=" + id;
  EXPECT_TRUE(IsError(admin().Send(request), 400, "method"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpAlternateSyntax, FormFieldsAreCheckedLikeQueryParameters) {
  const std::string id = NewId();
  EXPECT_TRUE(IsError(admin().Send(AlternateRequest(
                          "PUT", With(Credentials(), {{"statementId", id},
                                                      {"colour", "blue"},
                                                      {"Content-Type", "application/json"},
                                                      {"content", SimpleStatement(id)}}))),
                      400, "colour"));
  EXPECT_TRUE(
      IsError(admin().Send(AlternateRequest("GET", With(Credentials(), {{"StatementId", id}}))),
              400, "StatementId"));
  EXPECT_TRUE(IsError(admin().Send(AlternateRequest("PATCH", Credentials())), 400, "PATCH"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpAlternateSyntax, FormNeedsFormEncoding) {
  const std::string id = NewId();
  HttpRequestSpec request = AlternateRequest(
      "PUT", With(Credentials(), {{"statementId", id}, {"content", SimpleStatement(id)}}));
  request.headers = {{"Content-Type", "application/json"}};
  EXPECT_TRUE(IsError(admin().Send(request), 400, "application/x-www-form-urlencoded"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpAlternateSyntax, HeadersInTheFormAreCheckedAsHeaders) {
  const std::string id = NewId();
  const ParamList content = {
      {"statementId", id}, {"Content-Type", "application/json"}, {"content", SimpleStatement(id)}};
  // No credentials anywhere.
  HttpResult anonymous =
      admin().Send(AlternateRequest("PUT", With({{"X-Experience-API-Version", "1.0.3"}}, content)));
  EXPECT_TRUE(IsError(anonymous, 401));
  EXPECT_TRUE(anonymous.Header("WWW-Authenticate").has_value());
  // Wrong credentials in the form.
  EXPECT_TRUE(IsError(
      admin().Send(AlternateRequest(
          "PUT", With({{"X-Experience-API-Version", "1.0.3"},
                       {"Authorization", test_support::BasicAuthorization(kAdminKey, "wrong")}},
                      content))),
      401));
  // No version anywhere, or an unsupported one.
  EXPECT_TRUE(IsError(
      admin().Send(AlternateRequest("PUT", With({{"Authorization", test_support::BasicAuthorization(
                                                                       kAdminKey, kAdminSecret)}},
                                                content))),
      400, "X-Experience-API-Version"));
  EXPECT_TRUE(IsError(
      admin().Send(AlternateRequest(
          "PUT", With({{"Authorization", test_support::BasicAuthorization(kAdminKey, kAdminSecret)},
                       {"X-Experience-API-Version", "2.0.0"}},
                      content))),
      400, "2.0.0"));
  // A content type that is not JSON.
  EXPECT_TRUE(IsError(admin().Send(AlternateRequest(
                          "PUT", With(Credentials(), {{"statementId", id},
                                                      {"Content-Type", "text/plain"},
                                                      {"content", SimpleStatement(id)}}))),
                      400, "Content-Type"));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

}  // namespace
}  // namespace lrs::http_test
