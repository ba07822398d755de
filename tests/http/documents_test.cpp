// The document resources (Part Three §2.2-2.7) and their concurrency control (§3.1): State
// (/xapi/activities/state), Activity Profile (/xapi/activities/profile) and Agent Profile
// (/xapi/agents/profile). Most tests run against each of the three.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

// One document resource and the parameters that address its documents.
struct DocResource {
  const char* name;
  const char* path;
  const char* id_param;  // stateId or profileId
  bool has_activity;
  bool has_agent;
  bool is_state;
};

constexpr DocResource kState{"State", "/xapi/activities/state", "stateId", true, true, true};
constexpr DocResource kActivityProfile{
    "ActivityProfile", "/xapi/activities/profile", "profileId", true, false, false};
constexpr DocResource kAgentProfile{
    "AgentProfile", "/xapi/agents/profile", "profileId", false, true, false};

// For gtest's messages: the resource's name rather than its bytes.
void PrintTo(const DocResource& resource, std::ostream* out) {
  *out << resource.name;
}

constexpr char kJson[] = "application/json";
constexpr char kSecret[] = "a-long-enough-secret";

class HttpDocuments : public LrsHttpTest, public ::testing::WithParamInterface<DocResource> {
 protected:
  const DocResource& r() const { return GetParam(); }

  // The context parameters of the resource: activityId and/or agent.
  ParamList Context(const std::string& agent = "ann",
                    const std::string& activity = "course") const {
    ParamList params;
    if (r().has_activity) params.emplace_back("activityId", ActivityId(activity));
    if (r().has_agent) params.emplace_back("agent", Agent(agent));
    return params;
  }
  // The parameters of document `id` in the default context.
  ParamList Doc(const std::string& id, ParamList context = {}) const {
    if (context.empty()) context = Context();
    context.emplace_back(r().id_param, id);
    return context;
  }

  HttpResult Send(const std::string& method, const ParamList& params,
                  const std::optional<std::string>& body = std::nullopt,
                  const std::string& content_type = kJson, HeaderList headers = {},
                  const XapiClient* client = nullptr) const {
    HttpRequestSpec spec;
    spec.method = method;
    spec.target = r().path;
    spec.params = params;
    spec.body = body;
    if (body) headers.emplace_back("Content-Type", content_type);
    spec.headers = std::move(headers);
    return (client ? *client : const_cast<HttpDocuments*>(this)->admin()).Send(spec);
  }
  // PUT with `headers`; without any, a PUT as a client following Part Three §3.1 sends it to
  // create a document: with If-None-Match: * on the profile resources (which require a
  // precondition), with none on the State resource.
  HttpResult Put(const ParamList& params, const std::string& body,
                 const std::string& content_type = kJson, HeaderList headers = {},
                 const XapiClient* client = nullptr) const {
    if (headers.empty() && !r().is_state) headers.emplace_back("If-None-Match", "*");
    return Send("PUT", params, body, content_type, std::move(headers), client);
  }
  HttpResult Post(const ParamList& params, const std::string& body,
                  const std::string& content_type = kJson, HeaderList headers = {},
                  const XapiClient* client = nullptr) const {
    return Send("POST", params, body, content_type, std::move(headers), client);
  }
  HttpResult Get(const ParamList& params, HeaderList headers = {},
                 const XapiClient* client = nullptr) const {
    return Send("GET", params, std::nullopt, "", std::move(headers), client);
  }
  HttpResult Delete(const ParamList& params, HeaderList headers = {},
                    const XapiClient* client = nullptr) const {
    return Send("DELETE", params, std::nullopt, "", std::move(headers), client);
  }

  // The ETag of the document, quoted, or "" when GET does not answer 200.
  std::string ETagOf(const ParamList& params) const {
    HttpResult get = Get(params);
    if (get.status != 200) return "";
    return get.Header("ETag").value_or("");
  }

  // The ids a GET without the document id answers (records a failure unless 200 with an array
  // of strings).
  std::vector<std::string> Ids(ParamList params, const XapiClient* client = nullptr) const {
    std::vector<std::string> ids;
    HttpResult get = Get(params, {}, client);
    if (get.status != 200) {
      ADD_FAILURE() << "GET ids: " << get.Describe();
      return ids;
    }
    auto doc = ParseJson(get.body);
    if (!doc->IsArray()) {
      ADD_FAILURE() << "not an array of ids: " << get.body;
      return ids;
    }
    for (const json::Value& v : doc->GetArray()) {
      if (!v.IsString()) {
        ADD_FAILURE() << "not an array of ids: " << get.body;
        return ids;
      }
      ids.emplace_back(json::View(v));
    }
    return ids;
  }
};

using Strings = std::vector<std::string>;

// The JSON object `text` written canonically (sorted members), for comparing documents.
std::string Canonical(const std::string& text) {
  auto doc = ParseJson(text);
  return json::WriteCanonical(*doc);
}

TEST_P(HttpDocuments, PutGetHeadDeleteByteExact) {
  const std::string bytes("\x00\x01\xff binary \r\n\xc3(", 16);
  const std::string type = "application/x-custom; version=2";
  HttpResult put = Put(Doc("d1"), bytes, type);
  ASSERT_TRUE(HasStatus(put, 204));

  HttpResult get = Get(Doc("d1"));
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(get.body, bytes);
  EXPECT_EQ(get.Header("Content-Type").value_or(""), type);
  const std::string etag = get.Header("ETag").value_or("");
  // Quoted lower-case hex SHA-1 of the contents (§3.1).
  ASSERT_EQ(etag.size(), 42u) << etag;
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(etag.find_first_not_of("0123456789abcdef", 1), 41u) << etag;
  EXPECT_EQ(put.Header("ETag").value_or(""), etag);
  const std::string modified = get.Header("Last-Modified").value_or("");
  EXPECT_TRUE(EndsWith(modified, " GMT")) << modified;

  HttpResult head = admin().Head(r().path, Doc("d1"));
  ASSERT_TRUE(HasStatus(head, 200));
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.Header("ETag").value_or(""), etag);
  EXPECT_EQ(head.Header("Last-Modified").value_or(""), modified);

  // The ETag is the SHA-1 of exactly the stored bytes: "abc" has a well-known digest.
  ASSERT_TRUE(HasStatus(Put(Doc("abc"), "abc", "text/plain"), 204));
  EXPECT_EQ(ETagOf(Doc("abc")), "\"a9993e364706816aba3e25717850c26c9cd0d89d\"");
  // An empty document and one sent without a Content-Type are documents too.
  HttpRequestSpec untyped;
  untyped.method = "PUT";
  untyped.target = r().path;
  untyped.params = Doc("untyped");
  if (!r().is_state) untyped.headers = {{"If-None-Match", "*"}};
  untyped.body = "";
  ASSERT_TRUE(HasStatus(admin().Send(untyped), 204));
  HttpResult empty = Get(Doc("untyped"));
  ASSERT_TRUE(HasStatus(empty, 200));
  EXPECT_EQ(empty.body, "");
  EXPECT_EQ(empty.Header("ETag").value_or(""), "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"");
  EXPECT_EQ(empty.Header("Content-Type").value_or(""), "application/octet-stream");

  ASSERT_TRUE(HasStatus(Delete(Doc("d1")), 204));
  EXPECT_TRUE(IsError(Get(Doc("d1")), 404, r().id_param));
  EXPECT_TRUE(HasStatus(admin().Head(r().path, Doc("d1")), 404));
  // Deleting what is not there succeeds.
  EXPECT_TRUE(HasStatus(Delete(Doc("d1")), 204));
  EXPECT_TRUE(HasStatus(Get(Doc("abc")), 200));
}

TEST_P(HttpDocuments, IdsOfAContextAndSince) {
  EXPECT_EQ(Ids(Context()), Strings{});
  ASSERT_TRUE(HasStatus(Put(Doc("b"), "{}"), 204));
  ASSERT_TRUE(HasStatus(Put(Doc("a"), "{}"), 204));
  // Other contexts are not listed.
  if (r().has_agent) {
    ASSERT_TRUE(HasStatus(Put(Doc("x", Context("bob")), "{}"), 204));
  }
  if (r().has_activity) {
    ASSERT_TRUE(HasStatus(Put(Doc("y", Context("ann", "other")), "{}"), 204));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string between = FormatMicrosUtc(NowMicros());
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(HasStatus(Put(Doc("c"), "{}"), 204));
  ASSERT_TRUE(HasStatus(Post(Doc("a"), R"({"k":1})"), 204));

  HttpResult all = Get(Context());
  ASSERT_TRUE(HasStatus(all, 200));
  EXPECT_EQ(Ids(Context()), (Strings{"a", "b", "c"}));
  EXPECT_TRUE(EndsWith(all.Header("Last-Modified").value_or(""), " GMT"));
  EXPECT_FALSE(all.Header("ETag").value_or("").empty());
  ParamList since = Context();
  since.emplace_back("since", between);
  EXPECT_EQ(Ids(since), (Strings{"a", "c"}));
  since.back().second = FormatMicrosUtc(NowMicros() + 60'000'000);
  EXPECT_EQ(Ids(since), Strings{});

  since.back().second = "yesterday";
  EXPECT_TRUE(IsError(Get(since), 400, "since"));
  ParamList with_id = Doc("a");
  with_id.emplace_back("since", between);
  EXPECT_TRUE(IsError(Get(with_id), 400, "since"));
  // "since" is a GET parameter only.
  EXPECT_TRUE(IsError(Put(with_id, "{}"), 400, "since"));
}

TEST_P(HttpDocuments, PostMergesJsonObjects) {
  ASSERT_TRUE(HasStatus(Put(Doc("vars"), R"({"x":"foo","y":"bar"})"), 204));
  HttpResult post = Post(Doc("vars"), R"({"x":"bash","z":"faz"})");
  ASSERT_TRUE(HasStatus(post, 204));
  HttpResult get = Get(Doc("vars"));
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(Canonical(get.body), Canonical(R"({"x":"bash","y":"bar","z":"faz"})"));
  EXPECT_EQ(post.Header("ETag").value_or(""), get.Header("ETag").value_or(""));
  // Only top-level properties merge: an object property is replaced whole.
  ASSERT_TRUE(HasStatus(Post(Doc("vars"), R"({"y":{"a":1}})"), 204));
  ASSERT_TRUE(HasStatus(Post(Doc("vars"), R"({"y":{"b":2}})"), 204));
  EXPECT_EQ(Canonical(Get(Doc("vars")).body), Canonical(R"({"x":"bash","y":{"b":2},"z":"faz"})"));

  // POST without a document stores it as it is.
  ASSERT_TRUE(HasStatus(Post(Doc("new"), "plain text", "text/plain"), 204));
  EXPECT_EQ(Get(Doc("new")).body, "plain text");

  // Either side not an application/json object: 400, and nothing changes.
  const std::string before = Get(Doc("vars")).body;
  EXPECT_TRUE(IsError(Post(Doc("vars"), R"({"x":1})", "text/plain"), 400, "application/json"));
  EXPECT_TRUE(IsError(Post(Doc("vars"), "[1,2]"), 400, "JSON object"));
  EXPECT_TRUE(IsError(Post(Doc("vars"), "{\"x\":"), 400, "JSON object"));
  EXPECT_EQ(Get(Doc("vars")).body, before);
  EXPECT_TRUE(IsError(Post(Doc("new"), R"({"x":1})"), 400, "application/json"));
  EXPECT_EQ(Get(Doc("new")).body, "plain text");
  ASSERT_TRUE(HasStatus(Put(Doc("array"), "[1]"), 204));
  EXPECT_TRUE(IsError(Post(Doc("array"), R"({"x":1})"), 400, "JSON object"));
  EXPECT_EQ(Get(Doc("array")).body, "[1]");
}

TEST_P(HttpDocuments, PostOfJsonThatIsNotAnObjectCreatesNothing) {
  // A document POSTed as application/json is variables to merge (Part Three §2.2): invalid JSON,
  // or JSON that is not an object, is a 400 also when no document exists yet.
  for (const char* body : {"{\"x\":", "not json at all", "[1,2]", "\"text\"", ""}) {
    EXPECT_TRUE(IsError(Post(Doc("fresh"), body), 400, "JSON object")) << body;
    EXPECT_TRUE(HasStatus(Get(Doc("fresh")), 404)) << body;
  }
  EXPECT_EQ(Ids(Context()), Strings{});
  ASSERT_TRUE(HasStatus(Post(Doc("fresh"), R"({"x":1})"), 204));
  EXPECT_EQ(Get(Doc("fresh")).body, R"({"x":1})");
}

TEST_P(HttpDocuments, IfMatchAndIfNoneMatch) {
  // If-Match on a missing document fails and creates nothing.
  EXPECT_TRUE(IsError(Put(Doc("p"), R"({"v":0})", kJson, {{"If-Match", "*"}}), 412));
  EXPECT_TRUE(HasStatus(Get(Doc("p")), 404));
  // If-None-Match: * creates only when missing.
  ASSERT_TRUE(HasStatus(Put(Doc("p"), R"({"v":1})", kJson, {{"If-None-Match", "*"}}), 204));
  EXPECT_TRUE(IsError(Put(Doc("p"), R"({"v":2})", kJson, {{"If-None-Match", "*"}}), 412));
  const std::string v1 = ETagOf(Doc("p"));
  ASSERT_FALSE(v1.empty());
  EXPECT_TRUE(IsError(Put(Doc("p"), R"({"v":2})", kJson, {{"If-None-Match", v1}}), 412));

  // If-Match with another ETag fails; with the current one (or one of a list) succeeds.
  const std::string other = "\"0000000000000000000000000000000000000000\"";
  EXPECT_TRUE(IsError(Put(Doc("p"), R"({"v":2})", kJson, {{"If-Match", other}}), 412, "ETag"));
  EXPECT_TRUE(IsError(Post(Doc("p"), R"({"w":2})", kJson, {{"If-Match", other}}), 412));
  EXPECT_TRUE(IsError(Delete(Doc("p"), {{"If-Match", other}}), 412));
  EXPECT_EQ(Get(Doc("p")).body, R"({"v":1})");
  ASSERT_TRUE(
      HasStatus(Put(Doc("p"), R"({"v":2})", kJson, {{"If-Match", other + ", " + v1}}), 204));
  // The old ETag no longer matches; the new one does, for POST and DELETE too.
  EXPECT_TRUE(IsError(Put(Doc("p"), R"({"v":3})", kJson, {{"If-Match", v1}}), 412));
  const std::string v2 = ETagOf(Doc("p"));
  ASSERT_TRUE(HasStatus(Post(Doc("p"), R"({"w":3})", kJson, {{"If-Match", v2}}), 204));
  EXPECT_TRUE(IsError(Post(Doc("p"), R"({"w":4})", kJson, {{"If-None-Match", "*"}}), 412));
  EXPECT_EQ(Canonical(Get(Doc("p")).body), Canonical(R"({"v":2,"w":3})"));
  const std::string v3 = ETagOf(Doc("p"));
  ASSERT_TRUE(HasStatus(Put(Doc("p"), R"({"v":4})", kJson, {{"If-Match", "*"}}), 204));
  EXPECT_TRUE(IsError(Delete(Doc("p"), {{"If-Match", v3}}), 412));
  ASSERT_TRUE(HasStatus(Delete(Doc("p"), {{"If-Match", ETagOf(Doc("p"))}}), 204));
  EXPECT_TRUE(HasStatus(Get(Doc("p")), 404));
  EXPECT_TRUE(
      IsError(Put(Doc("p"), "{}", kJson, {{"If-Match", "\"unterminated"}}), 400, "If-Match"));
}

TEST_P(HttpDocuments, PutWithoutPrecondition) {
  HttpResult create = Send("PUT", Doc("c"), R"({"v":1})");
  if (r().is_state) {
    ASSERT_TRUE(HasStatus(create, 204));
  } else {
    // Part Three §3.1: a client MUST send If-Match or If-None-Match to a profile resource; a PUT
    // with neither is incomplete when there is no document (and a conflict when there is one).
    EXPECT_TRUE(IsError(create, 400, "If-None-Match"));
    EXPECT_TRUE(HasStatus(Get(Doc("c")), 404));
    ASSERT_TRUE(HasStatus(Put(Doc("c"), R"({"v":1})", kJson, {{"If-None-Match", "*"}}), 204));
  }
  HttpResult again = Send("PUT", Doc("c"), R"({"v":2})");
  if (r().is_state) {
    // The State resource permits writes without concurrency headers (§3.1).
    EXPECT_TRUE(HasStatus(again, 204));
    EXPECT_EQ(Get(Doc("c")).body, R"({"v":2})");
  } else {
    EXPECT_TRUE(IsError(again, 409, "If-Match"));
    EXPECT_EQ(Get(Doc("c")).body, R"({"v":1})");
    // POST and DELETE do not need them.
    EXPECT_TRUE(HasStatus(Post(Doc("c"), R"({"w":1})"), 204));
    EXPECT_TRUE(HasStatus(Delete(Doc("c")), 204));
  }
}

TEST_P(HttpDocuments, MissingAndInvalidParameters) {
  const ParamList good = Doc("d");
  // Each required parameter left out in turn.
  for (size_t i = 0; i < good.size(); ++i) {
    ParamList params = good;
    const std::string name = params[i].first;
    params.erase(params.begin() + static_cast<long>(i));
    EXPECT_TRUE(IsError(Put(params, "{}"), 400, name)) << name;
    EXPECT_TRUE(IsError(Post(params, "{}"), 400, name)) << name;
    if (name != r().id_param) {
      EXPECT_TRUE(IsError(Get(params), 400, name)) << name;
      EXPECT_TRUE(IsError(Delete(params), 400, name)) << name;
    }
  }
  auto with = [&](const std::string& name, const std::string& value) {
    ParamList params = good;
    bool replaced = false;
    for (auto& p : params) {
      if (p.first == name) {
        p.second = value;
        replaced = true;
      }
    }
    if (!replaced) params.emplace_back(name, value);
    return params;
  };
  if (r().has_activity) {
    EXPECT_TRUE(IsError(Put(with("activityId", "not an iri"), "{}"), 400, "activityId"));
  }
  if (r().has_agent) {
    EXPECT_TRUE(IsError(Put(with("agent", "{"), "{}"), 400, "agent"));
    EXPECT_TRUE(IsError(Put(with("agent", R"({"name":"no identifier"})"), "{}"), 400, "agent"));
    EXPECT_TRUE(IsError(Put(with("agent", R"({"mbox":"mailto:a@example.com",)"
                                          R"("openid":"http://example.com/a"})"),
                            "{}"),
                        400, "agent"));
    EXPECT_TRUE(IsError(Put(with("agent", R"({"objectType":"Group",)"
                                          R"("mbox":"mailto:team@example.com"})"),
                            "{}"),
                        400, "agent"));
    EXPECT_TRUE(IsError(Get(with("agent", R"({"mbox":"ann@example.com"})")), 400, "agent"));
  }
  if (r().is_state) {
    EXPECT_TRUE(IsError(Put(with("registration", "not-a-uuid"), "{}"), 400, "registration"));
  } else {
    EXPECT_TRUE(IsError(Put(with("registration", NewId()), "{}"), 400, "registration"));
  }
  EXPECT_TRUE(IsError(Put(with(r().id_param, ""), "{}"), 400, r().id_param));
  EXPECT_TRUE(IsError(Put(with("unknown", "1"), "{}"), 400, "unknown"));
  EXPECT_TRUE(
      IsError(Get(with(r().has_agent ? "Agent" : "ActivityId", "x")), 400, "case sensitive"));
  if (!r().is_state) {
    // Profiles are deleted one at a time.
    ParamList context = Context();
    EXPECT_TRUE(IsError(Delete(context), 400, "profileId"));
  }
  // Nothing was stored by any of these.
  EXPECT_EQ(Ids(Context()), Strings{});
  ASSERT_TRUE(HasStatus(Put(good, "{}"), 204));
  EXPECT_EQ(Ids(Context()), Strings{"d"});
}

TEST_P(HttpDocuments, Scopes) {
  const std::string own = r().is_state ? "state" : "profile";
  const std::string foreign = r().is_state ? "profile" : "state";
  Status added = lrs().AddCredential("own", kSecret, own);
  ASSERT_TRUE(added.ok()) << added.error().message();
  ASSERT_TRUE(lrs().AddCredential("foreign", kSecret, foreign + " statements/write").ok());
  ASSERT_TRUE(lrs().AddCredential("reader", kSecret, "all/read").ok());
  XapiClient own_client = ClientFor("own", kSecret);
  XapiClient foreign_client = ClientFor("foreign", kSecret);
  XapiClient reader = ClientFor("reader", kSecret);

  EXPECT_TRUE(IsError(Put(Doc("s"), "{}", kJson, {}, &foreign_client), 403, own));
  EXPECT_TRUE(IsError(Post(Doc("s"), "{}", kJson, {}, &foreign_client), 403, own));
  EXPECT_TRUE(IsError(Put(Doc("s"), "{}", kJson, {}, &reader), 403, own));
  EXPECT_TRUE(HasStatus(Get(Doc("s")), 404));
  ASSERT_TRUE(HasStatus(Put(Doc("s"), "{}", kJson, {}, &own_client), 204));

  EXPECT_TRUE(IsError(Get(Doc("s"), {}, &foreign_client), 403, own));
  EXPECT_TRUE(IsError(Get(Context(), {}, &foreign_client), 403, own));
  EXPECT_TRUE(IsError(Delete(Doc("s"), {}, &foreign_client), 403, own));
  EXPECT_TRUE(IsError(Delete(Doc("s"), {}, &reader), 403, own));
  EXPECT_TRUE(HasStatus(Get(Doc("s"), {}, &reader), 200));
  EXPECT_EQ(Ids(Context(), &reader), Strings{"s"});
  EXPECT_TRUE(HasStatus(Get(Doc("s"), {}, &own_client), 200));
  EXPECT_TRUE(HasStatus(Delete(Doc("s"), {}, &own_client), 204));
  EXPECT_TRUE(HasStatus(Get(Doc("s")), 404));
}

TEST_P(HttpDocuments, StoresAreIsolated) {
  ASSERT_TRUE(lrs().AddCredential("b-admin", kSecret, "all", "b").ok());
  XapiClient b = ClientFor("b-admin", kSecret);
  ASSERT_TRUE(HasStatus(Put(Doc("shared"), "default's"), 204));
  EXPECT_TRUE(HasStatus(Get(Doc("shared"), {}, &b), 404));
  EXPECT_EQ(Ids(Context(), &b), Strings{});
  // The same key holds another document in "b", with no conflict or precondition failure.
  ASSERT_TRUE(
      HasStatus(Put(Doc("shared"), "b's", "text/plain", {{"If-None-Match", "*"}}, &b), 204));
  EXPECT_EQ(Get(Doc("shared"), {}, &b).body, "b's");
  EXPECT_EQ(Get(Doc("shared")).body, "default's");
  ASSERT_TRUE(HasStatus(Delete(Doc("shared"), {}, &b), 204));
  if (r().is_state) {
    ASSERT_TRUE(HasStatus(Delete(Context(), {}, &b), 204));
  }
  EXPECT_EQ(Get(Doc("shared")).body, "default's");
}

TEST_P(HttpDocuments, ConcurrentIfMatchPutsHaveOneWinner) {
  ASSERT_TRUE(HasStatus(Put(Doc("race"), R"({"writer":-1})"), 204));
  const std::string etag = ETagOf(Doc("race"));
  ASSERT_FALSE(etag.empty());
  constexpr int kThreads = 8;
  std::vector<XapiClient> clients;
  for (int i = 0; i < kThreads; ++i)
    clients.push_back(ClientFor(kAdminKey, kAdminSecret));
  std::vector<HttpResult> results(kThreads);
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kThreads)
        std::this_thread::yield();
      results[i] = Put(Doc("race"), "{\"writer\":" + std::to_string(i) + "}", kJson,
                       {{"If-Match", etag}}, &clients[i]);
    });
  }
  for (auto& t : threads)
    t.join();
  int winner = -1;
  for (int i = 0; i < kThreads; ++i) {
    if (results[i].status == 204) {
      EXPECT_EQ(winner, -1) << "two PUTs with the same If-Match succeeded";
      winner = i;
    } else {
      EXPECT_TRUE(IsError(results[i], 412)) << i;
    }
  }
  ASSERT_NE(winner, -1) << "no PUT succeeded";
  HttpResult get = Get(Doc("race"));
  EXPECT_EQ(get.body, "{\"writer\":" + std::to_string(winner) + "}");
  EXPECT_EQ(get.Header("ETag").value_or(""), results[winner].Header("ETag").value_or(""));
}

TEST_P(HttpDocuments, ConcurrentMergesAllLand) {
  ASSERT_TRUE(HasStatus(Put(Doc("merge"), R"({"base":true})"), 204));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 5;
  std::vector<XapiClient> clients;
  for (int i = 0; i < kThreads; ++i)
    clients.push_back(ClientFor(kAdminKey, kAdminSecret));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < kPerThread; ++j) {
        const std::string key = "k" + std::to_string(i) + "_" + std::to_string(j);
        HttpResult post = Post(Doc("merge"), "{\"" + key + "\":" + std::to_string(j) + "}", kJson,
                               {}, &clients[i]);
        if (post.status != 204) failures.fetch_add(1);
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(failures.load(), 0);
  auto doc = ParseJson(Get(Doc("merge")).body);
  ASSERT_TRUE(doc->IsObject());
  EXPECT_EQ(doc->MemberCount(), static_cast<unsigned>(1 + kThreads * kPerThread));
  for (int i = 0; i < kThreads; ++i) {
    for (int j = 0; j < kPerThread; ++j) {
      const std::string key = "k" + std::to_string(i) + "_" + std::to_string(j);
      const json::Value* v = json::Find(*doc, key);
      EXPECT_TRUE(v != nullptr && v->IsInt() && v->GetInt() == j) << key;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Resources, HttpDocuments,
                         ::testing::Values(kState, kActivityProfile, kAgentProfile),
                         [](const ::testing::TestParamInfo<DocResource>& info) {
                           return std::string(info.param.name);
                         });

// ---- The resources with an agent parameter ----

class HttpAgentDocuments : public HttpDocuments {};

TEST_P(HttpAgentDocuments, AgentsAreIdentifiedByTheirIdentifier) {
  ParamList named = Context();
  for (auto& p : named) {
    if (p.first == "agent") p.second = R"({"mbox":")" + Mbox("ann") + R"(","name":"Another"})";
  }
  ASSERT_TRUE(HasStatus(Put(Doc("same"), "1", "text/plain"), 204));
  named.emplace_back(r().id_param, "same");
  HttpResult get = Get(named);
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(get.body, "1");
}

INSTANTIATE_TEST_SUITE_P(AgentResources, HttpAgentDocuments,
                         ::testing::Values(kState, kAgentProfile),
                         [](const ::testing::TestParamInfo<DocResource>& info) {
                           return std::string(info.param.name);
                         });

// ---- State only: registrations, and DELETE of a set ----

class HttpStateDocuments : public HttpDocuments {};

TEST_P(HttpStateDocuments, RegistrationsSeparateDocuments) {
  const std::string reg1 = NewId();
  const std::string reg2 = NewId();
  auto in = [&](const std::string& reg, const std::string& id) {
    ParamList params = Context();
    if (!reg.empty()) params.emplace_back("registration", reg);
    if (!id.empty()) params.emplace_back("stateId", id);
    return params;
  };
  ASSERT_TRUE(HasStatus(Put(in("", "s"), "none", "text/plain"), 204));
  ASSERT_TRUE(HasStatus(Put(in(reg1, "s"), "one", "text/plain"), 204));
  ASSERT_TRUE(HasStatus(Put(in(reg1, "t"), "one-t", "text/plain"), 204));
  ASSERT_TRUE(HasStatus(Put(in(reg2, "u"), "two", "text/plain"), 204));
  EXPECT_EQ(Get(in("", "s")).body, "none");
  EXPECT_EQ(Get(in(reg1, "s")).body, "one");
  // A registration is a UUID in any letter case.
  EXPECT_EQ(Get(in(UpperCase(reg1), "s")).body, "one");
  EXPECT_TRUE(HasStatus(Get(in(reg2, "s")), 404));

  // Ids: of one registration, or of the whole Activity + Agent context without one.
  EXPECT_EQ(Ids(in(reg1, "")), (Strings{"s", "t"}));
  EXPECT_EQ(Ids(in("", "")), (Strings{"s", "t", "u"}));

  // DELETE without stateId: the registration's documents, or every one of the context.
  ASSERT_TRUE(HasStatus(Put(Doc("kept", Context("bob")), "bob's", "text/plain"), 204));
  ASSERT_TRUE(HasStatus(Delete(in(reg1, "")), 204));
  EXPECT_EQ(Ids(in("", "")), (Strings{"s", "u"}));
  EXPECT_EQ(Get(in("", "s")).body, "none");
  ASSERT_TRUE(HasStatus(Delete(in("", "")), 204));
  EXPECT_EQ(Ids(in("", "")), Strings{});
  EXPECT_EQ(Get(Doc("kept", Context("bob"))).body, "bob's");
}

TEST_P(HttpStateDocuments, AlternateSyntax) {
  HttpRequestSpec spec;
  spec.method = "POST";
  spec.target = std::string(r().path) + "?method=PUT";
  spec.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  ParamList form = Doc("alt");
  form.emplace_back("content", R"({"via":"form"})");
  form.emplace_back("Content-Type", "application/json");
  spec.body = test_support::EncodeQuery(form);
  ASSERT_TRUE(HasStatus(admin().Send(spec), 204));
  HttpResult get = Get(Doc("alt"));
  ASSERT_TRUE(HasStatus(get, 200));
  EXPECT_EQ(get.body, R"({"via":"form"})");
  EXPECT_EQ(get.Header("Content-Type").value_or(""), "application/json");
}

INSTANTIATE_TEST_SUITE_P(State, HttpStateDocuments, ::testing::Values(kState),
                         [](const ::testing::TestParamInfo<DocResource>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace lrs::http_test
