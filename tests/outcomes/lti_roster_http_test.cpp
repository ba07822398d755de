// A roster sync (LTI NRPS 2.0) asked for by course alone, on a real outcome-lrs (SQLite, and
// PostgreSQL through the postgresql/ runs): without a memberships URL the one the course's last
// launch offered is used, and a course no launch has named is refused saying what to do, over
// HTTP and with `outcome-lrs lti sync-roster`. The syncs themselves, after real launches from a
// platform, are in tests/e2e/lti.test.js.
#include <string>

#include "tests/outcomes/outcome_http_test.h"

namespace outcomes::http_test {
namespace {

constexpr char kPlatforms[] = "/outcomes/lti/platforms";
constexpr char kFirstLaunch[] = "a launch from that course offering NRPS must happen first";

class LtiRosterHttp : public OutcomeHttpTest {
 protected:
  // Registers a platform on loopback URLs nothing answers; returns its id ("" on failure).
  std::string AddPlatform(const XapiClient& client, const std::string& client_id) {
    const HttpResult added = client.Post(
        kPlatforms,
        std::string(R"({"issuer": "https://lms.example", "client_id": ")") + client_id +
            R"(", "auth_url": "http://127.0.0.1:9/auth", "token_url": "http://127.0.0.1:9/token",)"
            R"( "jwks_url": "http://127.0.0.1:9/jwks", "deployments": ["d1"]})",
        "application/json");
    EXPECT_TRUE(HasStatus(added, 201)) << added.body;
    auto doc = ParseJson(added.body);
    const json::Value* id = doc ? json::Find(*doc, "id") : nullptr;
    return id != nullptr && id->IsInt64() ? std::to_string(id->GetInt64()) : "";
  }

  HttpResult Sync(const std::string& id, const std::string& body,
                  const XapiClient* client = nullptr) {
    const XapiClient& c = client != nullptr ? *client : admin();
    return c.Post(std::string(kPlatforms) + "/" + id + "/roster-sync", body, "application/json");
  }
};

TEST_F(LtiRosterHttp, ACourseNoLaunchNamedIsRefusedSayingALaunchOrTheUrlIsNeeded) {
  const std::string id = AddPlatform(admin(), "client-a");
  ASSERT_FALSE(id.empty());
  const HttpResult refused = Sync(id, R"({"context_id": "course-1"})");
  EXPECT_TRUE(HasStatus(refused, 400));
  EXPECT_NE(refused.body.find(kFirstLaunch), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("course-1"), std::string::npos) << refused.body;

  const CommandOutput cli =
      server().Command({"lti", "sync-roster", "--platform", id, "--context", "course-1"});
  EXPECT_TRUE(cli.status.exited && cli.status.code == 1) << cli.status.ToString() << cli.err;
  EXPECT_NE(cli.err.find(kFirstLaunch), std::string::npos) << cli.err;

  // Still refused: no context id, a member of another type, an unknown platform.
  EXPECT_TRUE(HasStatus(Sync(id, R"({})"), 400));
  EXPECT_TRUE(HasStatus(Sync(id, R"({"context_id": "c", "memberships_url": 7})"), 400));
  EXPECT_TRUE(HasStatus(Sync("999", R"({"context_id": "course-1"})"), 404));
}

TEST_F(LtiRosterHttp, AnExplicitMembershipsUrlIsStillFetched) {
  const std::string id = AddPlatform(admin(), "client-b");
  ASSERT_FALSE(id.empty());
  // The URL given is used: the platform's token URL does not answer, so the sync is
  // unavailable (not refused for want of a launch).
  const HttpResult sync = Sync(
      id, R"({"context_id": "course-1", "memberships_url": "http://127.0.0.1:9/nrps/course-1"})");
  EXPECT_TRUE(HasStatus(sync, 503)) << sync.body;
  EXPECT_EQ(sync.body.find(kFirstLaunch), std::string::npos) << sync.body;
}

TEST_F(LtiRosterHttp, APlatformOfAnotherStoreIsNotFound) {
  ASSERT_TRUE(server().AddCredential("b-key", "b-secret", "all", "store-b"));
  const XapiClient b = server().ClientFor("b-key", "b-secret");
  const std::string id = AddPlatform(b, "client-c");
  ASSERT_FALSE(id.empty());
  EXPECT_TRUE(HasStatus(Sync(id, R"({"context_id": "course-1"})"), 404));
  EXPECT_TRUE(HasStatus(Sync(id, R"({"context_id": "course-1"})", &b), 400));
}

}  // namespace
}  // namespace outcomes::http_test
