// The web dashboard's files under /outcomes/ui/ over HTTP, on a real outcome-lrs with the plugin:
// types, ETags and revalidation, HEAD, the redirect of /outcomes/ui, 404 and 405, and that the
// page refers only to files of its own.
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kUi[] = "/outcomes/ui/";

// Every src="…" and href="…" of `html`.
std::vector<std::string> References(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex attr(R"re((?:src|href)\s*=\s*"([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), attr); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

// Every module specifier of `js`: the quoted name at the end of a line that starts an import
// ("import … from '…';", "import '…';") or ends a multi-line one ("} from '…';").
std::vector<std::string> Imports(const std::string& js) {
  std::vector<std::string> out;
  static const std::regex line(R"re(^\s*(?:import\b.*|\}\s*from\s*)['"]([^'"]+)['"];?\s*$)re");
  size_t start = 0;
  while (start < js.size()) {
    size_t end = js.find('\n', start);
    if (end == std::string::npos) end = js.size();
    const std::string text = js.substr(start, end - start);
    std::smatch m;
    if (std::regex_match(text, m, line)) out.push_back(m[1].str());
    start = end + 1;
  }
  return out;
}

bool IsLocalFile(const std::string& ref) {
  static const std::regex local(R"re(^[A-Za-z0-9_-]+\.(css|js|svg|png|ico)$)re");
  return std::regex_match(ref, local);
}

using WebAssetsHttpTest = OutcomeHttpTest;

TEST_F(WebAssetsHttpTest, IndexIsServedWithTypeCachingAndETag) {
  HttpResult index = admin().Get(kUi);
  ASSERT_TRUE(HasStatus(index, 200));
  EXPECT_EQ(index.Header("Content-Type").value_or(""), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control").value_or(""), "private, no-cache");
  const std::string etag = index.Header("ETag").value_or("");
  EXPECT_TRUE(std::regex_match(etag, std::regex(R"("[0-9a-f]{20}")"))) << etag;
  EXPECT_EQ(index.Header("Referrer-Policy").value_or(""), "no-referrer");
  EXPECT_NE(index.Header("Content-Security-Policy").value_or("").find("default-src 'self'"),
            std::string::npos);
  EXPECT_NE(index.body.find("<!doctype html>"), std::string::npos);

  HttpResult by_name = admin().Get(std::string(kUi) + "index.html");
  ASSERT_TRUE(HasStatus(by_name, 200));
  EXPECT_EQ(by_name.body, index.body);
  EXPECT_EQ(by_name.Header("ETag"), index.Header("ETag"));
}

TEST_F(WebAssetsHttpTest, IndexReferencesOnlyLocalFilesThatAreServed) {
  HttpResult index = admin().Get(kUi);
  ASSERT_TRUE(HasStatus(index, 200));
  const std::vector<std::string> refs = References(index.body);
  ASSERT_FALSE(refs.empty());
  std::set<std::string> files;
  for (const std::string& ref : refs) {
    // The empty icon (so the browser asks for no /favicon.ico) and links within the page.
    if (ref == "data:," || ref.rfind('#', 0) == 0) continue;
    EXPECT_TRUE(IsLocalFile(ref)) << "index.html refers to " << ref;
    files.insert(ref);
  }
  EXPECT_TRUE(files.count("style.css"));
  EXPECT_TRUE(files.count("app.js"));
  EXPECT_EQ(index.body.find("http:"), std::string::npos);
  EXPECT_EQ(index.body.find("https:"), std::string::npos);
  EXPECT_EQ(index.body.find("<script>"), std::string::npos) << "no inline script (CSP)";

  // The modules app.js imports, and theirs, are local and served as JavaScript.
  std::vector<std::string> queue(files.begin(), files.end());
  std::set<std::string> seen;
  while (!queue.empty()) {
    const std::string file = queue.back();
    queue.pop_back();
    if (!seen.insert(file).second) continue;
    HttpResult r = admin().Get(kUi + file);
    ASSERT_TRUE(HasStatus(r, 200)) << file;
    const std::string type = r.Header("Content-Type").value_or("");
    if (file.size() > 3 && file.compare(file.size() - 3, 3, ".js") == 0) {
      EXPECT_EQ(type, "text/javascript; charset=utf-8") << file;
      for (const std::string& spec : Imports(r.body)) {
        ASSERT_EQ(spec.rfind("./", 0), 0u) << file << " imports " << spec;
        EXPECT_TRUE(IsLocalFile(spec.substr(2))) << file << " imports " << spec;
        queue.push_back(spec.substr(2));
      }
    } else if (file.size() > 4 && file.compare(file.size() - 4, 4, ".css") == 0) {
      EXPECT_EQ(type, "text/css; charset=utf-8") << file;
      EXPECT_EQ(r.body.find("@import"), std::string::npos) << file;
      EXPECT_EQ(r.body.find("url("), std::string::npos) << file;
    }
    EXPECT_EQ(r.Header("X-Content-Type-Options").value_or(""), "nosniff") << file;
    EXPECT_TRUE(r.Header("ETag").has_value()) << file;
  }
  EXPECT_TRUE(seen.count("charts.js"));
  EXPECT_TRUE(seen.count("format.js"));
  EXPECT_TRUE(seen.count("api.js"));
}

TEST_F(WebAssetsHttpTest, ETagRevalidatesAndDiffersPerFile) {
  HttpResult js = admin().Get(std::string(kUi) + "app.js");
  ASSERT_TRUE(HasStatus(js, 200));
  const std::string etag = js.Header("ETag").value_or("");
  ASSERT_FALSE(etag.empty());
  HttpResult css = admin().Get(std::string(kUi) + "style.css");
  EXPECT_NE(css.Header("ETag").value_or(""), etag);

  for (const std::string& inm : {etag, "W/" + etag, "\"nope\", " + etag, std::string("*")}) {
    HttpRequestSpec spec;
    spec.target = std::string(kUi) + "app.js";
    spec.headers = {{"If-None-Match", inm}};
    HttpResult again = admin().Send(spec);
    EXPECT_TRUE(HasStatus(again, 304)) << inm;
    EXPECT_TRUE(again.body.empty());
    EXPECT_EQ(again.Header("ETag").value_or(""), etag);
    EXPECT_EQ(again.Header("Cache-Control").value_or(""), "private, no-cache");
  }
  HttpRequestSpec stale;
  stale.target = std::string(kUi) + "app.js";
  stale.headers = {{"If-None-Match", "\"0000\""}};
  HttpResult fresh = admin().Send(stale);
  EXPECT_TRUE(HasStatus(fresh, 200));
  EXPECT_EQ(fresh.body, js.body);
}

TEST_F(WebAssetsHttpTest, HeadAnswersTheHeadersWithoutBody) {
  HttpResult head = admin().Head(std::string(kUi) + "style.css");
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.Header("Content-Type").value_or(""), "text/css; charset=utf-8");
  EXPECT_EQ(head.Header("ETag"), admin().Get(std::string(kUi) + "style.css").Header("ETag"));
}

TEST_F(WebAssetsHttpTest, UnknownFilesAre404AndOtherMethods405) {
  for (const std::string path : {"nope.js", "sub/app.js", "../index.html", "index.htm", "APP.JS"}) {
    EXPECT_TRUE(IsError(admin().Get(kUi + path), 404)) << path;
  }
  HttpResult post = admin().Post(std::string(kUi) + "app.js", "{}");
  EXPECT_TRUE(IsError(post, 405));
  EXPECT_EQ(post.Header("Allow").value_or(""), "GET, HEAD");
  HttpRequestSpec put;
  put.method = "PUT";
  put.target = kUi;
  put.body = "x";
  EXPECT_TRUE(IsError(admin().Send(put), 405));
}

TEST_F(WebAssetsHttpTest, TheFolderWithoutSlashRedirectsKeepingTheQuery) {
  HttpResult r = admin().Get("/outcomes/ui", {{"token", "abc"}});
  if (r.status == 308) {
    EXPECT_EQ(r.Header("Location").value_or(""), "ui/?token=abc");
  } else {
    // The client followed the redirect: it landed on the page.
    ASSERT_TRUE(HasStatus(r, 200));
    EXPECT_EQ(r.Header("Content-Type").value_or(""), "text/html; charset=utf-8");
  }
}

TEST_F(WebAssetsHttpTest, TheFilesNeedNoOutcomeScopeButTheDataDoes) {
  // The page holds no data; what it shows comes from the API, which checks the scope.
  ASSERT_TRUE(server().AddCredential("xapi", "xapi-secret", "statements/read"));
  XapiClient xapi = server().ClientFor("xapi", "xapi-secret");
  EXPECT_TRUE(HasStatus(xapi.Get(kUi), 200));
  EXPECT_TRUE(IsError(xapi.Get(kOutcomes), 403));
}

}  // namespace
}  // namespace outcomes::http_test
