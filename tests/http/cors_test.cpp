// Browser-based content on another origin using the LRS (CORS): each request is made the way a
// browser makes it — a preflight when the method or headers are not "simple", the CORS checks a
// browser applies to the preflight and to the response, and only the response headers a script
// is allowed to read — so a failure here is a failure a browser would report.
#include <algorithm>

#include "lrs/core/strings.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kOrigin[] = "https://course.example.com";

// What a script on kOrigin sees of a cross-origin response: the status, the body and the
// response headers CORS lets it read (Fetch standard: the safelisted ones and those exposed).
struct ScriptView {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> readable;
  std::optional<std::string> Header(std::string_view name) const {
    for (const auto& [n, v] : readable) {
      if (EqualsIgnoreCase(n, name)) return v;
    }
    return std::nullopt;
  }
};

bool ListContains(const std::string& list, std::string_view item) {
  for (std::string_view entry : Split(list, ',')) {
    if (EqualsIgnoreCase(Trim(entry), item)) return true;
  }
  return false;
}

class HttpCors : public LrsHttpTest {
 protected:
  // Sends `request` as a script on kOrigin would with fetch(): `script_headers` are the headers
  // the script sets itself (the Authorization and version headers among them). Records a
  // failure and returns status 0 when the browser would block the request or its response.
  ScriptView Fetch(HttpRequestSpec request, const HeaderList& script_headers) {
    request.omit = {"Authorization", "X-Experience-API-Version"};
    std::vector<std::string> unsafe;  // non-safelisted request headers: need a preflight
    for (const auto& [name, value] : script_headers) {
      const std::string lower = AsciiLower(name);
      const bool safelisted =
          lower == "accept" || lower == "accept-language" || lower == "content-language" ||
          (lower == "content-type" &&
           (StartsWith(AsciiLower(value), "text/plain") ||
            StartsWith(AsciiLower(value), "application/x-www-form-urlencoded") ||
            StartsWith(AsciiLower(value), "multipart/form-data")));
      if (!safelisted) unsafe.push_back(lower);
    }
    std::sort(unsafe.begin(), unsafe.end());
    const bool simple_method =
        request.method == "GET" || request.method == "HEAD" || request.method == "POST";
    if (!simple_method || !unsafe.empty()) {
      HttpRequestSpec preflight;
      preflight.method = "OPTIONS";
      preflight.target = request.target;
      preflight.params = request.params;
      preflight.omit = request.omit;
      std::string requested;
      for (const std::string& h : unsafe)
        requested += (requested.empty() ? "" : ",") + h;
      preflight.headers = {{"Origin", kOrigin}, {"Access-Control-Request-Method", request.method}};
      if (!requested.empty())
        preflight.headers.emplace_back("Access-Control-Request-Headers", requested);
      HttpResult answer = AnonymousClient().Send(preflight);
      if (answer.status < 200 || answer.status > 299) {
        ADD_FAILURE() << "preflight failed: " << answer.Describe();
        return {};
      }
      const std::string origin = answer.Header("Access-Control-Allow-Origin").value_or("");
      if (origin != "*" && origin != kOrigin) {
        ADD_FAILURE() << "preflight does not allow the origin: \"" << origin << "\"";
        return {};
      }
      const std::string methods = answer.Header("Access-Control-Allow-Methods").value_or("");
      if (!simple_method && !ListContains(methods, request.method)) {
        ADD_FAILURE() << "preflight does not allow " << request.method << ": " << methods;
        return {};
      }
      const std::string headers = answer.Header("Access-Control-Allow-Headers").value_or("");
      for (const std::string& h : unsafe) {
        // A "*" does not cover Authorization: it has to be named.
        if (!ListContains(headers, h) && !(headers == "*" && h != "authorization")) {
          ADD_FAILURE() << "preflight does not allow header " << h << ": " << headers;
          return {};
        }
      }
    }
    request.headers = script_headers;
    request.headers.emplace_back("Origin", kOrigin);
    HttpResult r = AnonymousClient().Send(request);
    const std::string origin = r.Header("Access-Control-Allow-Origin").value_or("");
    if (origin != "*" && origin != kOrigin) {
      ADD_FAILURE() << "the response does not allow the origin (" << r.Describe() << ")";
      return {};
    }
    ScriptView view;
    view.status = r.status;
    view.body = r.body;
    const std::string exposed = r.Header("Access-Control-Expose-Headers").value_or("");
    for (const auto& [name, value] : r.headers) {
      const std::string lower = AsciiLower(name);
      const bool safelisted = lower == "cache-control" || lower == "content-language" ||
                              lower == "content-length" || lower == "content-type" ||
                              lower == "expires" || lower == "last-modified" || lower == "pragma";
      if (safelisted || ListContains(exposed, name)) view.readable.emplace_back(name, value);
    }
    return view;
  }

  // A request for ann's "bookmark" State document of the course activity: `method`, and `body`
  // when given.
  static HttpRequestSpec Bookmark(const std::string& method,
                                  std::optional<std::string> body = std::nullopt) {
    HttpRequestSpec r;
    r.method = method;
    r.target = "/xapi/activities/state";
    r.params = {{"activityId", ActivityId("course")},
                {"agent", R"({"mbox":"mailto:ann@example.com"})"},
                {"stateId", "bookmark"}};
    r.body = std::move(body);
    return r;
  }

  HeaderList XapiHeaders(std::string content_type = "") const {
    HeaderList h = {{"Authorization", test_support::BasicAuthorization(kAdminKey, kAdminSecret)},
                    {"X-Experience-API-Version", "1.0.3"}};
    if (!content_type.empty()) h.emplace_back("Content-Type", content_type);
    return h;
  }
};

TEST_F(HttpCors, ContentOnAnotherOriginStoresAndReadsStatements) {
  const std::string id = NewId();
  HttpRequestSpec put;
  put.method = "PUT";
  put.params = {{"statementId", id}};
  put.body = SimpleStatement(id);
  ScriptView stored = Fetch(put, XapiHeaders("application/json"));
  EXPECT_EQ(stored.status, 204);
  EXPECT_EQ(stored.Header("X-Experience-API-Version"), "1.0.3");

  HttpRequestSpec get;
  get.params = {{"statementId", id}};
  ScriptView read = Fetch(get, XapiHeaders());
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(StringAt(*ParseJson(read.body), "id"), id);
  EXPECT_TRUE(read.Header("X-Experience-API-Consistent-Through").has_value());
  EXPECT_TRUE(read.Header("Last-Modified").has_value());

  HttpRequestSpec post;
  post.method = "POST";
  post.body = SimpleStatement("", "bob");
  ScriptView posted = Fetch(post, XapiHeaders("application/json"));
  EXPECT_EQ(posted.status, 200) << posted.body;
}

TEST_F(HttpCors, ErrorsAndLookupsAreReadableAcrossOrigins) {
  Store(SimpleStatement(""));
  HttpRequestSpec activity;
  activity.target = "/xapi/activities";
  activity.params = {{"activityId", ActivityId("course")}};
  ScriptView a = Fetch(activity, XapiHeaders());
  EXPECT_EQ(a.status, 200);
  EXPECT_TRUE(a.Header("ETag").has_value()) << "ETag is not exposed to scripts";

  // An error still reaches the script with its status and message (not a CORS failure).
  HttpRequestSpec bad;
  bad.params = {{"limit", "-1"}};
  ScriptView error = Fetch(bad, XapiHeaders());
  EXPECT_EQ(error.status, 400);
  EXPECT_NE(error.body.find("limit"), std::string::npos);
}

TEST_F(HttpCors, ContentOnAnotherOriginKeepsStateAndProfilesWithETags) {
  EXPECT_EQ(Fetch(Bookmark("PUT", R"({"page":3})"), XapiHeaders("application/json")).status, 204);

  ScriptView read = Fetch(Bookmark("GET"), XapiHeaders());
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.body, R"({"page":3})");
  const std::optional<std::string> etag = read.Header("ETag");
  ASSERT_TRUE(etag.has_value()) << "ETag is not exposed to scripts";

  // A profile written with the ETag the script read: If-Match must pass the preflight.
  const ParamList profile = {{"activityId", ActivityId("course")}, {"profileId", "settings"}};
  HttpRequestSpec create;
  create.method = "PUT";
  create.target = "/xapi/activities/profile";
  create.params = profile;
  create.body = R"({"theme":"dark"})";
  HeaderList none_match = XapiHeaders("application/json");
  none_match.emplace_back("If-None-Match", "*");
  EXPECT_EQ(Fetch(create, none_match).status, 204);

  HttpRequestSpec fetch_profile;
  fetch_profile.target = "/xapi/activities/profile";
  fetch_profile.params = profile;
  ScriptView current = Fetch(fetch_profile, XapiHeaders());
  ASSERT_TRUE(current.Header("ETag").has_value());
  HttpRequestSpec update = create;
  update.body = R"({"theme":"light"})";
  HeaderList match = XapiHeaders("application/json");
  match.emplace_back("If-Match", *current.Header("ETag"));
  EXPECT_EQ(Fetch(update, match).status, 204);
  // The stale ETag now fails with 412, and the script can read why.
  ScriptView stale = Fetch(update, match);
  EXPECT_EQ(stale.status, 412);

  EXPECT_EQ(Fetch(Bookmark("DELETE"), XapiHeaders()).status, 204);
}

// A browser must not answer a GET from its cache: the answers have Last-Modified, which lets a
// browser reuse them for a while (heuristic freshness) unless Cache-Control says otherwise, and
// Chromium then gave a page the State document it had replaced a moment before.
TEST_F(HttpCors, BrowsersAreToldNotToReuseAnswers) {
  const std::string id = NewId();
  Store(SimpleStatement(id));
  EXPECT_EQ(Fetch(Bookmark("PUT", R"({"page":1})"), XapiHeaders("application/json")).status, 204);

  const HttpRequestSpec document = Bookmark("GET");
  HttpRequestSpec statement;
  statement.params = {{"statementId", id}};
  HttpRequestSpec query;
  query.params = {{"limit", "1"}};
  HttpRequestSpec activity;
  activity.target = "/xapi/activities";
  activity.params = {{"activityId", ActivityId("course")}};
  for (const HttpRequestSpec& get : {document, statement, query, activity}) {
    ScriptView read = Fetch(get, XapiHeaders());
    EXPECT_EQ(read.status, 200) << get.target;
    EXPECT_EQ(read.Header("Cache-Control"), "no-store") << get.target;
  }
}

TEST_F(HttpCors, LegacyBrowsersUseTheAlternateSyntax) {
  // A form POST is a "simple" request: no preflight. Headers travel as form fields (§1.3).
  const std::string id = NewId();
  HttpRequestSpec put;
  put.method = "POST";
  put.target = "/xapi/statements?method=PUT";
  put.body = test_support::EncodeQuery(
      {{"statementId", id},
       {"Authorization", test_support::BasicAuthorization(kAdminKey, kAdminSecret)},
       {"X-Experience-API-Version", "1.0.3"},
       {"Content-Type", "application/json"},
       {"content", SimpleStatement(id)}});
  ScriptView stored = Fetch(put, {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(stored.status, 204) << stored.body;
  EXPECT_TRUE(HasStatus(GetStatement(id), 200));
}

}  // namespace
}  // namespace lrs::http_test
