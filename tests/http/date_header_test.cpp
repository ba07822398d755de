// The Date header (RFC 9110 §6.6.1: an origin server with a clock sends it on every response):
// on every resource and method, on errors of every kind, on HEAD, on CORS preflights and on the
// routes of a plugin, once, as an IMF-fixdate close to the test's own clock.
#include <time.h>

#include <chrono>
#include <cstdlib>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

// The server with the echo test plugin, so that a plugin's routes are answered too.
class HttpDate : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override { return {"--plugin", ECHO_PLUGIN}; }
};

// Seconds since the epoch of an RFC 9110 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); -1 when
// `text` is not one. Written independently of the server's formatter.
int64_t ParseImfFixdate(const std::string& text) {
  if (text.size() != 29 || text.compare(25, 4, " GMT") != 0) return -1;
  struct tm tm = {};
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S", &tm);
  if (end == nullptr || std::string(end) != " GMT") return -1;
  return static_cast<int64_t>(timegm(&tm));
}

::testing::AssertionResult HasRecentDate(const HttpResult& r) {
  if (r.status == 0) return ::testing::AssertionFailure() << "no response: " << r.error;
  int count = 0;
  std::string value;
  for (const auto& [name, v] : r.headers) {
    if (EqualsIgnoreCase(name, "Date")) {
      ++count;
      value = v;
    }
  }
  if (count != 1) {
    return ::testing::AssertionFailure()
           << count << " Date header fields (expected one) on " << r.Describe();
  }
  const int64_t date = ParseImfFixdate(value);
  if (date < 0) return ::testing::AssertionFailure() << "Date \"" << value << "\" is malformed";
  const int64_t now = NowMicros() / 1000000;
  if (std::llabs(now - date) > 5) {
    return ::testing::AssertionFailure() << "Date \"" << value << "\" is not now (" << now << ")";
  }
  return ::testing::AssertionSuccess();
}

TEST_F(HttpDate, ImfFixdateParserOfThisTest) {
  EXPECT_EQ(ParseImfFixdate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
  EXPECT_EQ(ParseImfFixdate("Sun, 06 Nov 1994 08:49:37 UTC"), -1);
  EXPECT_EQ(ParseImfFixdate("Sunday, 06-Nov-94 08:49:37 GMT"), -1);
}

TEST_F(HttpDate, OnEverySuccessfulResponse) {
  const std::string id = NewId();
  HttpResult put = admin().Put(kStatements, {{"statementId", id}}, SimpleStatement(id));
  ASSERT_TRUE(HasStatus(put, 204));
  EXPECT_TRUE(HasRecentDate(put)) << "PUT statement";
  EXPECT_TRUE(HasRecentDate(admin().Post(kStatements, SimpleStatement(NewId())))) << "POST";
  EXPECT_TRUE(HasRecentDate(GetStatement(id))) << "GET statement";
  EXPECT_TRUE(HasRecentDate(admin().Get(kStatements))) << "GET statements";
  HttpResult head = admin().Head(kStatements, {{"statementId", id}});
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_TRUE(HasRecentDate(head)) << "HEAD statement";
  EXPECT_TRUE(HasRecentDate(AnonymousClient().Get(kAbout))) << "GET about";
  EXPECT_TRUE(HasRecentDate(AnonymousClient().Head(kAbout))) << "HEAD about";

  const ParamList state = {
      {"activityId", ActivityId("course")}, {"agent", Agent("ann")}, {"stateId", "bookmark"}};
  HttpResult written = admin().Put("/xapi/activities/state", state, "{\"page\":1}");
  ASSERT_TRUE(HasStatus(written, 204));
  EXPECT_TRUE(HasRecentDate(written)) << "PUT state";
  EXPECT_TRUE(HasRecentDate(admin().Get("/xapi/activities/state", state))) << "GET state";
  EXPECT_TRUE(HasRecentDate(admin().Get("/xapi/activities", {{"activityId", ActivityId("x")}})))
      << "GET activities";
  EXPECT_TRUE(HasRecentDate(admin().Get("/xapi/agents", {{"agent", Agent("ann")}})))
      << "GET agents";
  HttpResult plugin = admin().Get("/echo/seen");
  ASSERT_TRUE(HasStatus(plugin, 200));
  EXPECT_TRUE(HasRecentDate(plugin)) << "a plugin's route";
}

TEST_F(HttpDate, OnErrorsAndPreflights) {
  EXPECT_TRUE(HasRecentDate(admin().Post(kStatements, "{not json"))) << "400";
  EXPECT_TRUE(HasRecentDate(ClientFor(kAdminKey, "wrong").Get(kStatements))) << "401";
  EXPECT_TRUE(HasRecentDate(GetStatement(NewId()))) << "404";
  EXPECT_TRUE(HasRecentDate(admin().Get("/nothing/here"))) << "404 outside the API";
  HttpRequestSpec del;
  del.method = "DELETE";
  del.target = kStatements;
  EXPECT_TRUE(HasRecentDate(admin().Send(del))) << "405";
  HttpRequestSpec version;
  version.headers = {{"X-Experience-API-Version", "0.95"}};
  EXPECT_TRUE(HasRecentDate(admin().Send(version))) << "unsupported version";
  HttpRequestSpec preflight;
  preflight.method = "OPTIONS";
  preflight.omit = {"Authorization", "X-Experience-API-Version"};
  preflight.headers = {{"Origin", "http://content.example.com"},
                       {"Access-Control-Request-Method", "PUT"}};
  HttpResult options = AnonymousClient().Send(preflight);
  ASSERT_TRUE(HasStatus(options, 204));
  EXPECT_TRUE(HasRecentDate(options)) << "CORS preflight";
  EXPECT_TRUE(HasRecentDate(AnonymousClient().Get("/echo/seen"))) << "a plugin's 401";
}

}  // namespace
}  // namespace lrs::http_test
