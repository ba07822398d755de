// xAPI 2.0.0 document, Activities and Agents resources (9274.1.1 §4.1.4, §4.1.6.2-4.1.6.6;
// ../shared/spec/xapi-2.0/LRS.md §4-5): one concurrency table for State, Activity Profile and
// Agent Profile alike, Last-Modified that advances with every change, and lookups that always
// answer. Each rule with a request that follows it and one that breaks it; where 1.0.3 differs,
// the same request under 1.0.3.
#include <time.h>

#include <thread>

#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kJson[] = "application/json";

struct Resource {
  const char* name;
  const char* path;
  const char* id_param;
  bool has_activity;
  bool has_agent;
};

constexpr Resource kResources[] = {
    {"State", "/xapi/activities/state", "stateId", true, true},
    {"ActivityProfile", "/xapi/activities/profile", "profileId", true, false},
    {"AgentProfile", "/xapi/agents/profile", "profileId", false, true},
};

class HttpXapi20Documents : public LrsHttpTest {
 protected:
  void SetUp() override {
    LrsHttpTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;  // no server to talk to
    v2_ = std::make_unique<XapiClient>(ClientFor(kAdminKey, kAdminSecret));
    v2_->SetVersion("2.0.0");
  }
  XapiClient& v2() { return *v2_; }

  static ParamList Doc(const Resource& r, const std::string& id) {
    ParamList params;
    if (r.has_activity) params.emplace_back("activityId", ActivityId("course"));
    if (r.has_agent) params.emplace_back("agent", Agent("ann"));
    params.emplace_back(r.id_param, id);
    return params;
  }

  static HttpResult Send(const XapiClient& client, const Resource& r, const std::string& method,
                         const ParamList& params, std::optional<std::string> body = std::nullopt,
                         HeaderList headers = {}) {
    HttpRequestSpec spec;
    spec.method = method;
    spec.target = r.path;
    spec.params = params;
    if (body) headers.emplace_back("Content-Type", kJson);
    spec.headers = std::move(headers);
    spec.body = std::move(body);
    return client.Send(spec);
  }

 private:
  std::unique_ptr<XapiClient> v2_;
};

// Seconds since the epoch of an HTTP-date, -1 when malformed.
int64_t HttpDateSeconds(const std::optional<std::string>& text) {
  if (!text) return -1;
  struct tm tm = {};
  const char* end = strptime(text->c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return -1;
  return static_cast<int64_t>(timegm(&tm));
}

TEST_F(HttpXapi20Documents, OneConcurrencyTableForAllThreeResources) {
  for (const Resource& r : kResources) {
    SCOPED_TRACE(r.name);
    // PUT without a precondition: creates a missing document, 409 over an existing one — State
    // included, which 1.0.3 let through.
    ASSERT_TRUE(HasStatus(Send(v2(), r, "PUT", Doc(r, "a"), R"({"v":1})"), 204));
    EXPECT_TRUE(IsError(Send(v2(), r, "PUT", Doc(r, "a"), R"({"v":2})"), 409, "If-Match"));
    HttpResult get = Send(v2(), r, "GET", Doc(r, "a"));
    ASSERT_TRUE(HasStatus(get, 200));
    EXPECT_EQ(get.body, R"({"v":1})");
    const std::string etag = get.Header("ETag").value_or("");
    EXPECT_EQ(etag.size(), 42u) << "a quoted entity tag: " << etag;
    EXPECT_TRUE(get.Header("Last-Modified").has_value());

    // If-Match: 412 when it does not match (PUT, POST, DELETE) or there is no document.
    const std::string stale = "\"0000000000000000000000000000000000000000\"";
    EXPECT_TRUE(IsError(Send(v2(), r, "PUT", Doc(r, "a"), "{}", {{"If-Match", stale}}), 412));
    EXPECT_TRUE(
        IsError(Send(v2(), r, "POST", Doc(r, "a"), R"({"w":1})", {{"If-Match", stale}}), 412));
    EXPECT_TRUE(
        IsError(Send(v2(), r, "DELETE", Doc(r, "a"), std::nullopt, {{"If-Match", stale}}), 412));
    EXPECT_TRUE(IsError(Send(v2(), r, "PUT", Doc(r, "none"), "{}", {{"If-Match", "*"}}), 412));
    EXPECT_TRUE(IsError(Send(v2(), r, "GET", Doc(r, "none")), 404));
    // If-None-Match: * fails over an existing document.
    EXPECT_TRUE(IsError(Send(v2(), r, "PUT", Doc(r, "a"), "{}", {{"If-None-Match", "*"}}), 412));
    EXPECT_EQ(Send(v2(), r, "GET", Doc(r, "a")).body, R"({"v":1})");
    // Matching preconditions pass; POST without one merges, never 409.
    ASSERT_TRUE(
        HasStatus(Send(v2(), r, "PUT", Doc(r, "a"), R"({"v":3})", {{"If-Match", etag}}), 204));
    ASSERT_TRUE(HasStatus(Send(v2(), r, "POST", Doc(r, "a"), R"({"w":4})"), 204));
    EXPECT_EQ(Send(v2(), r, "GET", Doc(r, "a")).body, R"({"v":3,"w":4})");
    const std::string current = Send(v2(), r, "GET", Doc(r, "a")).Header("ETag").value_or("");
    EXPECT_TRUE(HasStatus(
        Send(v2(), r, "DELETE", Doc(r, "a"), std::nullopt, {{"If-Match", current}}), 204));
    EXPECT_TRUE(IsError(Send(v2(), r, "GET", Doc(r, "a")), 404));
    // A POST declared JSON that is not a JSON object creates nothing.
    EXPECT_TRUE(IsError(Send(v2(), r, "POST", Doc(r, "b"), "{\"broken\":"), 400));
    EXPECT_TRUE(IsError(Send(v2(), r, "GET", Doc(r, "b")), 404));
  }
}

TEST_F(HttpXapi20Documents, HeaderlessPutsFollowEachVersionsTable) {
  for (const Resource& r : kResources) {
    SCOPED_TRACE(r.name);
    const bool state = std::string(r.name) == "State";
    // Under 1.0.3 a profile PUT needs a precondition even to create (400); State needs none,
    // even to replace (204). Under 2.0.0 the three resources behave the same.
    HttpResult create = Send(admin(), r, "PUT", Doc(r, "c"), R"({"v":1})");
    if (state) {
      EXPECT_TRUE(HasStatus(create, 204));
      EXPECT_TRUE(HasStatus(Send(admin(), r, "PUT", Doc(r, "c"), R"({"v":2})"), 204));
      EXPECT_TRUE(IsError(Send(v2(), r, "PUT", Doc(r, "c"), R"({"v":3})"), 409));
      EXPECT_EQ(Send(v2(), r, "GET", Doc(r, "c")).body, R"({"v":2})");
    } else {
      EXPECT_TRUE(IsError(create, 400, "If-None-Match"));
      EXPECT_TRUE(IsError(Send(admin(), r, "GET", Doc(r, "c")), 404));
      EXPECT_TRUE(HasStatus(Send(v2(), r, "PUT", Doc(r, "c"), R"({"v":1})"), 204));
      EXPECT_TRUE(IsError(Send(admin(), r, "PUT", Doc(r, "c"), R"({"v":2})"), 409));
    }
  }
}

TEST_F(HttpXapi20Documents, LastModifiedAdvancesWithEveryChange) {
  // 9274.1.1 §4.1.6.2: a single-document GET carries Last-Modified, the time of the last change
  // (HTTP-dates have one-second resolution, so the writes are more than a second apart).
  for (const Resource& r : kResources) {
    SCOPED_TRACE(r.name);
    ASSERT_TRUE(HasStatus(Send(v2(), r, "PUT", Doc(r, "t"), R"({"v":1})"), 204));
    const int64_t first =
        HttpDateSeconds(Send(v2(), r, "GET", Doc(r, "t")).Header("Last-Modified"));
    ASSERT_GT(first, 0);
    EXPECT_LE(std::llabs(first - NowMicros() / 1000000), 5);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    ASSERT_TRUE(HasStatus(Send(v2(), r, "POST", Doc(r, "t"), R"({"w":2})"), 204));
    const int64_t second =
        HttpDateSeconds(Send(v2(), r, "GET", Doc(r, "t")).Header("Last-Modified"));
    EXPECT_GT(second, first);
  }
}

TEST_F(HttpXapi20Documents, ParametersAreCheckedAsUnder103) {
  const Resource& state = kResources[0];
  ParamList both = Doc(state, "s");
  both.emplace_back("since", "2023-05-04T12:00:00Z");
  EXPECT_TRUE(IsError(Send(v2(), state, "GET", both), 400, "since"));
  ParamList list = {{"activityId", ActivityId("course")}, {"agent", Agent("ann")}};
  list.emplace_back("since", "2023-05-04T12:00:00Z");
  EXPECT_TRUE(HasStatus(Send(v2(), state, "GET", list), 200));
  // since is a timestamp: RFC 3339 under 2.0.0.
  list.back().second = "2023-05-04T12:00:00";
  EXPECT_TRUE(IsError(Send(v2(), state, "GET", list), 400, "since"));
  EXPECT_TRUE(HasStatus(Send(admin(), state, "GET", list), 200));
  // The Activity Profile's list needs its activityId; a Group is not an Agent parameter.
  const Resource& activity_profile = kResources[1];
  EXPECT_TRUE(IsError(Send(v2(), activity_profile, "GET", {}), 400, "activityId"));
  const Resource& agent_profile = kResources[2];
  EXPECT_TRUE(IsError(Send(v2(), agent_profile, "GET",
                           {{"agent", R"({"objectType":"Group","mbox":"mailto:g@example.com"})"}}),
                      400, "agent"));
}

TEST_F(HttpXapi20Documents, ActivitiesAndAgentsAlwaysAnswer) {
  // 9274.1.1 §4.1.6.4: an Activity object even for an id the LRS has never seen (a "shall" now).
  HttpResult unknown = v2().Get("/xapi/activities", {{"activityId", ActivityId("never-seen")}});
  ASSERT_TRUE(HasStatus(unknown, 200));
  EXPECT_EQ(unknown.body,
            R"({"objectType":"Activity","id":)" + Quote(ActivityId("never-seen")) + "}");
  EXPECT_TRUE(unknown.Header("ETag").has_value());
  EXPECT_TRUE(IsError(v2().Get("/xapi/activities"), 400, "activityId"));
  EXPECT_TRUE(IsError(v2().Get("/xapi/activities", {{"activityId", "not an iri"}}), 400));

  // The canonical definition, whichever version stored the statements that gave it.
  ASSERT_TRUE(HasStatus(
      v2().Post(kStatements, Statement(Agent("ann"), Verb("completed"),
                                       R"({"id":)" + Quote(ActivityId("course")) +
                                           R"(,"definition":{"name":{"en-US":"Course"}}})")),
      200));
  HttpResult known = v2().Get("/xapi/activities", {{"activityId", ActivityId("course")}});
  EXPECT_EQ(StringAt(*ParseJson(known.body), "definition.name.en-US"), "Course");

  HttpResult person = v2().Get("/xapi/agents", {{"agent", Agent("ann")}});
  ASSERT_TRUE(HasStatus(person, 200));
  auto doc = ParseJson(person.body);
  EXPECT_EQ(StringAt(*doc, "objectType"), "Person");
  EXPECT_EQ(StringAt(*doc, "mbox.0"), Mbox("ann"));
  EXPECT_TRUE(IsError(v2().Get("/xapi/agents"), 400, "agent"));
  EXPECT_TRUE(IsError(v2().Get("/xapi/agents", {{"agent", R"({"name":"nobody"})"}}), 400));
}

}  // namespace
}  // namespace lrs::http_test
