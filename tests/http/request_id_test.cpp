// Request ids and JSON logs (issue 16): every response carries X-Request-Id, the client's own
// when sane, else a new one, and the request's log line (text or JSON) names the same id.
#include <regex>
#include <set>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

bool IsGeneratedId(const std::optional<std::string>& id) {
  return id && std::regex_match(*id, std::regex("[0-9a-f]{32}"));
}

using HttpRequestId = LrsHttpTest;

TEST_F(HttpRequestId, EveryResponseCarriesOne) {
  XapiClient anonymous = AnonymousClient();
  std::vector<std::pair<std::string, HttpResult>> responses;
  responses.emplace_back("statements", admin().Get(kStatements));
  responses.emplace_back("about", anonymous.Get(kAbout));
  responses.emplace_back("health", anonymous.Get("/health/ready"));
  responses.emplace_back("401", anonymous.Get(kStatements));
  responses.emplace_back("404 without a plugin", anonymous.Get("/nowhere"));
  HttpRequestSpec del;
  del.method = "DELETE";
  responses.emplace_back("405", admin().Send(del));
  // Refused by the HTTP adapter before the router: a path that is not UTF-8.
  responses.emplace_back("adapter's 400", admin().Get("/xapi/%FF"));
  std::set<std::string> seen;
  for (const auto& [what, r] : responses) {
    EXPECT_NE(r.status, 0) << what << ": " << r.error;
    EXPECT_TRUE(IsGeneratedId(r.Header("X-Request-Id")))
        << what << ": " << r.Header("X-Request-Id").value_or("(none)");
    seen.insert(r.Header("X-Request-Id").value_or(""));
  }
  EXPECT_EQ(seen.size(), responses.size()) << "a new id per request";
  EXPECT_EQ(responses[6].second.status, 400);
}

TEST_F(HttpRequestId, AClientsSaneIdIsEchoedAndAnInsaneOneReplaced) {
  const std::string longest(128, 'x');
  for (const std::string& sane :
       {std::string("abc-123"), std::string("trace:7f/aa=b;c"), longest}) {
    HttpResult r = admin().Get(kStatements, {}, {{"X-Request-Id", sane}});
    EXPECT_TRUE(HasStatus(r, 200));
    EXPECT_EQ(r.Header("X-Request-Id").value_or(""), sane);
    // Also on an error answer.
    HttpResult named = admin().Send({"POST",
                                     kStatements,
                                     {},
                                     {{"X-Request-Id", sane}, {"Content-Type", "application/json"}},
                                     {},
                                     std::string("{")});
    EXPECT_TRUE(IsError(named, 400));
    EXPECT_EQ(named.Header("X-Request-Id").value_or(""), sane);
  }
  for (const std::string& insane : {longest + "x", std::string("has space"),
                                    std::string("caf\xc3\xa9"), std::string("tab\there")}) {
    HttpResult r = admin().Get(kStatements, {}, {{"X-Request-Id", insane}});
    EXPECT_TRUE(HasStatus(r, 200));
    EXPECT_TRUE(IsGeneratedId(r.Header("X-Request-Id")))
        << insane << " -> " << r.Header("X-Request-Id").value_or("(none)");
  }
}

class HttpTextLog : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override { return {"--log-level", "info"}; }
};

TEST_F(HttpTextLog, TheRequestLineNamesIt) {
  HttpResult r = admin().Get(kStatements, {}, {{"X-Request-Id", "text-line-id"}});
  EXPECT_TRUE(HasStatus(r, 200));
  EXPECT_TRUE(StopServer().clean());
  const std::string log = lrs().ServerLog();
  EXPECT_TRUE(std::regex_search(
      log, std::regex(
               R"(\n\S+Z info http GET /xapi/statements 200 [0-9.]+ms request_id=text-line-id\n)")))
      << log;
}

class HttpJsonLog : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override {
    return {"--log-level", "info", "--log-format", "json"};
  }
};

TEST_F(HttpJsonLog, EveryLineIsAJsonObjectAndRequestLinesCarryTheId) {
  HttpResult mine = admin().Get(kStatements, {{"limit", "1"}}, {{"X-Request-Id", "json-line-id"}});
  EXPECT_TRUE(HasStatus(mine, 200));
  HttpResult generated = AnonymousClient().Get("/nowhere");
  EXPECT_EQ(generated.status, 404);
  const std::string generated_id = generated.Header("X-Request-Id").value_or("?");
  EXPECT_TRUE(StopServer().clean());

  const std::string log = lrs().ServerLog();
  int request_lines = 0;
  bool found_mine = false;
  bool found_generated = false;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    json::Document doc;
    ASSERT_TRUE(json::Parse(line, &doc).ok()) << "not JSON: " << line;
    ASSERT_TRUE(doc.IsObject()) << line;
    for (const char* member : {"time", "level", "message"}) {
      const json::Value* v = json::Find(doc, member);
      ASSERT_TRUE(v != nullptr && v->IsString()) << member << " in " << line;
    }
    EXPECT_TRUE(std::regex_match(std::string(json::View(*json::Find(doc, "time"))),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
        << line;
    const json::Value* id = json::Find(doc, "request_id");
    if (id == nullptr) continue;
    ++request_lines;
    ASSERT_TRUE(id->IsString()) << line;
    ASSERT_TRUE(json::Find(doc, "status") && json::Find(doc, "status")->IsInt()) << line;
    ASSERT_TRUE(json::Find(doc, "duration_ms") && json::Find(doc, "duration_ms")->IsNumber())
        << line;
    ASSERT_TRUE(json::Find(doc, "method") && json::Find(doc, "path")) << line;
    if (json::View(*id) == "json-line-id") {
      found_mine = true;
      EXPECT_EQ(json::View(*json::Find(doc, "method")), "GET");
      EXPECT_EQ(json::View(*json::Find(doc, "path")), "/xapi/statements");
      EXPECT_EQ(json::Find(doc, "status")->GetInt(), 200);
      EXPECT_EQ(json::View(*json::Find(doc, "level")), "info");
      EXPECT_EQ(line.find("limit"), std::string::npos) << "query strings stay out of the log";
    }
    if (json::View(*id) == generated_id) {
      found_generated = true;
      EXPECT_EQ(json::Find(doc, "status")->GetInt(), 404);
    }
  }
  EXPECT_GE(request_lines, 2) << log;
  EXPECT_TRUE(found_mine) << log;
  EXPECT_TRUE(found_generated) << log;
}

TEST(HttpLogFormat, AnUnknownFormatIsAUsageError) {
  LRS_SKIP_WITHOUT_BACKEND();
  auto lrs = LrsProcess::Create();
  ASSERT_TRUE(lrs.ok());
  auto run = lrs.value()->RunCommand(
      {"serve", "--db", lrs.value()->db(), "--listen", "127.0.0.1:1", "--log-format", "xml"});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run.value().status.code, 2) << run.value().err;
  EXPECT_NE(run.value().err.find("--log-format"), std::string::npos) << run.value().err;
}

}  // namespace
}  // namespace lrs::http_test
