// Bad input never hurts: malformed and hostile bodies, oversized bodies (413), unknown and
// miscased parameters, wrong methods and paths (Part Three §3.2). Every error is answered with
// a JSON body that names what was wrong, and the server keeps serving with its data intact.
#include "lrs/core/strings.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpRobustness = LrsHttpTest;

// A server that accepts bodies of at most 4096 bytes.
class HttpBodyLimit : public LrsHttpTest {
 protected:
  static constexpr size_t kLimit = 4096;
  std::vector<std::string> ServeArgs() const override {
    return {"--max-body-bytes", std::to_string(kLimit)};
  }
};

// `json` followed by spaces up to `size` bytes (JSON allows trailing whitespace).
std::string PadTo(std::string json, size_t size) {
  if (json.size() < size) json.append(size - json.size(), ' ');
  return json;
}

HttpRequestSpec PostBody(const std::string& body, bool chunked = false) {
  HttpRequestSpec request;
  request.method = "POST";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = body;
  request.chunked = chunked;
  return request;
}

std::string Nested(size_t depth, char open, char close, const std::string& inner = "") {
  return std::string(depth, open) + inner + std::string(depth, close);
}

// {"a":{"a":...{"a":1}...}}
std::string NestedObjects(size_t depth) {
  std::string s;
  s.reserve(depth * 6);
  for (size_t i = 0; i < depth; ++i)
    s += "{\"a\":";
  s += "1";
  s.append(depth, '}');
  return s;
}

TEST_F(HttpRobustness, MalformedJsonIs400) {
  const std::string valid = SimpleStatement(NewId());
  const std::vector<std::string> bodies = {
      "",
      "{",
      "{\"actor\":",
      "[" + valid,
      valid + "}",
      valid + " x",
      valid + valid,
      "{'actor': 1}",
      "nul",
      "{\"actor\":" + Agent("ann") + ",}",
      "[" + valid + ",]",
      "{\"id\":\"\\x41\"}",
  };
  for (const std::string& body : bodies) {
    EXPECT_TRUE(IsError(admin().Send(PostBody(body)), 400)) << body;
  }
  EXPECT_TRUE(IsError(admin().Send(PostBody("{\"actor\":")), 400, "JSON"));
  EXPECT_EQ(QueryIds({}).size(), 0u);
}

TEST_F(HttpRobustness, JsonFollowedByANulByteIs400) {
  const std::string id = NewId();
  const std::string body = SimpleStatement(id) + std::string(1, '\0') + "trailing garbage";
  EXPECT_TRUE(IsError(admin().Send(PostBody(body)), 400));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
}

TEST_F(HttpRobustness, InvalidUtf8Is400) {
  const std::vector<std::string> names = {
      "\xC3\x28",          // a lead byte without its continuation
      "\xC0\xAF",          // an overlong '/'
      "\xED\xA0\x80",      // a UTF-16 surrogate
      "\xE2\x82",          // truncated
      "\xF4\x90\x80\x80",  // beyond U+10FFFF
      "\xFF",
  };
  for (const std::string& name : names) {
    const std::string id = NewId();
    const std::string body =
        Statement("{\"mbox\":\"mailto:ann@example.com\",\"name\":\"" + name + "\"}",
                  Verb("completed"), Activity("course"), "\"id\":" + Quote(id));
    EXPECT_TRUE(IsError(admin().Send(PostBody(body)), 400)) << "name bytes " << name.size();
    EXPECT_TRUE(HasStatus(GetStatement(id), 404));
  }
  // In the query string too.
  EXPECT_TRUE(
      IsError(admin().Get(std::string(kStatements) + "?verb=http%3A%2F%2Fexample.com%2F%FF"), 400));
  EXPECT_TRUE(IsError(admin().Get(std::string(kStatements) + "?limit=%ZZ"), 400));
}

TEST_F(HttpRobustness, DeepNestingIs400AndHarmless) {
  constexpr size_t kDepth = 100000;
  HttpResult arrays = admin().Send(PostBody(Nested(kDepth, '[', ']')));
  EXPECT_TRUE(IsError(arrays, 400, "nest")) << "arrays";
  HttpResult objects = admin().Send(PostBody(NestedObjects(kDepth)));
  EXPECT_TRUE(IsError(objects, 400)) << "objects";
  // Inside a statement, where validation would walk it.
  const std::string id = NewId();
  const std::string deep_extension =
      Statement(Agent("ann"), Verb("completed"), Activity("course"),
                "\"id\":" + Quote(id) + ",\"result\":{\"extensions\":{\"http://example.com/x\":" +
                    Nested(kDepth, '[', ']', "1") + "}}");
  EXPECT_TRUE(IsError(admin().Send(PostBody(deep_extension)), 400)) << "extension";
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));
  // Unbalanced: opened and never closed.
  EXPECT_TRUE(IsError(admin().Send(PostBody(std::string(kDepth, '['))), 400)) << "unbalanced";
  // A query parameter holding deep JSON.
  EXPECT_TRUE(
      IsError(admin().Get(kStatements, {{"agent", Nested(20000, '[', ']')}}), 400, "agent"));
  // Modest nesting in an extension is fine.
  const std::string ok_id = NewId();
  Store(Statement(Agent("ann"), Verb("completed"), Activity("course"),
                  "\"id\":" + Quote(ok_id) +
                      ",\"result\":{\"extensions\":{\"http://example.com/x\":" +
                      Nested(20, '[', ']', "1") + "}}"));
  EXPECT_TRUE(HasStatus(GetStatement(ok_id), 200));
}

TEST_F(HttpRobustness, UnknownAndMiscasedParametersAre400) {
  const std::string id = Store(SimpleStatement(NewId()));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"foo", "bar"}}), 400, "foo"));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"StatementId", id}}), 400, "StatementId"));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"statementID", id}}), 400, "statementID"));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"LIMIT", "1"}}), 400, "LIMIT"));
  EXPECT_TRUE(IsError(admin().Get(kStatements, {{"Verb", VerbId("completed")}}), 400, "Verb"));
  EXPECT_TRUE(IsError(admin().Get(std::string(kStatements) + "?limit=1&limit=2"), 400, "limit"));
  const std::string other = NewId();
  EXPECT_TRUE(IsError(admin().Put(kStatements, {{"StatementId", other}}, SimpleStatement(other)),
                      400, "StatementId"));
  EXPECT_TRUE(IsError(admin().Put(kStatements, {{"statementId", other}, {"verb", VerbId("x")}},
                                  SimpleStatement(other)),
                      400, "verb"));
  HttpRequestSpec post = PostBody(SimpleStatement(other));
  post.params = {{"statementId", other}};
  EXPECT_TRUE(IsError(admin().Send(post), 400, "statementId"));
  EXPECT_TRUE(HasStatus(GetStatement(other), 404));
}

TEST_F(HttpRobustness, WrongMethodIs405WithAllow) {
  for (const char* method : {"DELETE", "PATCH"}) {
    HttpRequestSpec request;
    request.method = method;
    HttpResult r = admin().Send(request);
    EXPECT_TRUE(IsError(r, 405, method));
    const std::string allow = r.Header("Allow").value_or("");
    for (const char* m : {"GET", "HEAD", "PUT", "POST"}) {
      EXPECT_NE(allow.find(m), std::string::npos) << method << ": Allow: " << allow;
    }
    EXPECT_EQ(allow.find("DELETE"), std::string::npos) << allow;
  }
  // TRACE is no exception, and nothing of the request (its credentials) is echoed back.
  HttpRequestSpec trace;
  trace.method = "TRACE";
  HttpResult r = admin().Send(trace);
  EXPECT_TRUE(IsError(r, 405, "TRACE"));
  EXPECT_EQ(r.body.find(test_support::BasicAuthorization(kAdminKey, kAdminSecret).substr(6)),
            std::string::npos)
      << r.body;
}

TEST_F(HttpRobustness, UnknownPathIs404) {
  for (const char* path : {"/xapi/nothing", "/xapi/statements/extra", "/xapi/Statements",
                           "/xapi/activities/state/extra", "/xapi/agents/Profile", "/xapi", "/",
                           "/statements", "/xapi/about/more"}) {
    HttpResult r = admin().Get(path);
    EXPECT_TRUE(IsError(r, 404, path)) << path;
  }
}

TEST_F(HttpRobustness, APathThatIsNotUtf8Is400) {
  HttpResult r = admin().Get("/xapi/%FFstatements");
  EXPECT_TRUE(IsError(r, 400, "UTF-8"));
  EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3");
}

TEST_F(HttpRobustness, ErrorsAreTextWhenTheClientAsksForText) {
  const std::string missing = NewId();
  HttpResult r = admin().Get(kStatements, {{"statementId", missing}}, {{"Accept", "text/plain"}});
  ASSERT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("Content-Type").value_or("").rfind("text/plain", 0), 0u)
      << r.Header("Content-Type").value_or("");
  EXPECT_NE(r.body.find(missing), std::string::npos) << r.body;
}

TEST_F(HttpRobustness, BadInputLeavesTheServerServingAndTheDataUnchanged) {
  const std::string id = Store(SimpleStatement(NewId()));
  HttpResult before = GetStatement(id);
  ASSERT_TRUE(HasStatus(before, 200));

  const std::vector<std::string> bodies = {
      "{",
      Nested(100000, '[', ']'),
      NestedObjects(50000),
      "[" + SimpleStatement(id, "bob") + "]",
      "{\"id\":" + Quote(id) + "}",
      std::string("\xFF\xFE\xFD"),
      std::string(1, '\0'),
      std::string(200000, ' '),
      "[" + std::string(5000, '1') + "]",
      "\"" + std::string(100000, 'x') + "\"",
  };
  for (const std::string& body : bodies) {
    HttpResult r = admin().Send(PostBody(body));
    EXPECT_GE(r.status, 400) << r.Describe();
    EXPECT_LT(r.status, 500) << r.Describe();
    HttpRequestSpec put = PostBody(body);
    put.method = "PUT";
    put.params = {{"statementId", id}};
    r = admin().Send(put);
    EXPECT_GE(r.status, 400) << r.Describe();
    EXPECT_LT(r.status, 500) << r.Describe();
  }
  for (const char* target : {"/xapi/statements?agent=%7B", "/xapi/statements?since=%00",
                             "/xapi/statements?more=%00%01", "/xapi/statements?format=%FF"}) {
    HttpResult r = admin().Get(target);
    EXPECT_EQ(r.status, 400) << target << ": " << r.Describe();
  }

  ASSERT_TRUE(lrs().running());
  HttpResult after = GetStatement(id);
  ASSERT_TRUE(HasStatus(after, 200));
  EXPECT_EQ(after.body, before.body);
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
  EXPECT_TRUE(HasStatus(admin().Get(kAbout), 200));
}

TEST_F(HttpBodyLimit, ABodyOverTheLimitIs413) {
  const std::string id = NewId();
  const std::string body = PadTo(SimpleStatement(id), kLimit + 1);
  HttpResult r = admin().Send(PostBody(body));
  EXPECT_TRUE(IsError(r, 413, std::to_string(kLimit)));
  EXPECT_EQ(r.Header("X-Experience-API-Version"), "1.0.3");
  HttpRequestSpec put = PostBody(body);
  put.method = "PUT";
  put.params = {{"statementId", id}};
  EXPECT_TRUE(IsError(admin().Send(put), 413));
  // Far over the limit: answered without the server holding it.
  EXPECT_TRUE(IsError(admin().Send(PostBody(PadTo(SimpleStatement(id), 4u << 20))), 413));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));

  // At the limit is fine.
  EXPECT_TRUE(HasStatus(admin().Send(PostBody(PadTo(SimpleStatement(id), kLimit))), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
}

TEST_F(HttpBodyLimit, AChunkedBodyOverTheLimitIs413) {
  const std::string id = NewId();
  HttpResult r = admin().Send(PostBody(PadTo(SimpleStatement(id), kLimit + 1), /*chunked=*/true));
  EXPECT_TRUE(IsError(r, 413, std::to_string(kLimit)));
  EXPECT_TRUE(
      IsError(admin().Send(PostBody(PadTo(SimpleStatement(id), 1u << 20), /*chunked=*/true)), 413));
  EXPECT_TRUE(HasStatus(GetStatement(id), 404));

  // A small chunked body is read like any other.
  EXPECT_TRUE(HasStatus(admin().Send(PostBody(SimpleStatement(id), /*chunked=*/true)), 200));
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
}

TEST_F(HttpBodyLimit, TheServerKeepsServingAfterOversizedBodies) {
  const std::string id = Store(SimpleStatement(NewId()));
  HttpResult before = GetStatement(id);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(admin().Send(PostBody(std::string(64 * 1024, '['), i % 2 == 1)).status, 413);
  }
  HttpResult after = GetStatement(id);
  ASSERT_TRUE(HasStatus(after, 200));
  EXPECT_EQ(after.body, before.body);
  EXPECT_EQ(QueryIds({}), std::vector<std::string>{id});
}

}  // namespace
}  // namespace lrs::http_test
