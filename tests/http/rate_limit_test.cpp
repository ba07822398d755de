// Per-credential rate limits (issue 16, abuse limits): past its rate a credential gets 429 with
// Retry-After and an xAPI error body; other credentials are unaffected; requests without
// credentials are limited per address; the health probes never are; off by default.
#include <cstdlib>
#include <thread>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kSecret[] = "a-long-enough-secret";
constexpr int kRate = 5;

class HttpRateLimit : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override {
    return {"--rate-limit", std::to_string(kRate)};
  }
};

// Sends `request` until it is answered 429 (at most `max` times); returns the 429 answer (status
// 0 when none came) and, in `*admitted`, how many were answered 200 before it.
HttpResult FirstRefusal(const std::function<HttpResult()>& request, int max, int* admitted) {
  *admitted = 0;
  for (int i = 0; i < max; ++i) {
    HttpResult r = request();
    if (r.status == 429) return r;
    EXPECT_EQ(r.status, 200) << r.Describe();
    ++*admitted;
  }
  return HttpResult{};
}

TEST_F(HttpRateLimit, ACredentialPastItsRateGets429AndOthersDoNot) {
  ASSERT_TRUE(lrs().AddCredential("busy", kSecret, "all").ok());
  ASSERT_TRUE(lrs().AddCredential("calm", kSecret, "all").ok());
  XapiClient busy = ClientFor("busy", kSecret);
  XapiClient calm = ClientFor("calm", kSecret);
  // The first request of each verifies its secret (slow on purpose); done before the burst.
  ASSERT_TRUE(HasStatus(calm.Get(kStatements, {{"limit", "1"}}), 200));

  int admitted = 0;
  // 5 a second: 200 requests take far less than the 40 s they would need to all pass.
  HttpResult refused = FirstRefusal(
      [&] {
        return busy.Get(kStatements, {{"limit", "1"}});
      },
      200, &admitted);
  ASSERT_EQ(refused.status, 429) << "never limited after " << admitted << " requests";
  EXPECT_GE(admitted, kRate) << "a burst of the rate is allowed";
  EXPECT_TRUE(IsError(refused, 429, "requests per second"));
  const int retry_after = std::atoi(refused.Header("Retry-After").value_or("0").c_str());
  EXPECT_GE(retry_after, 1);
  EXPECT_TRUE(refused.Header("X-Request-Id").has_value());
  EXPECT_EQ(refused.Header("X-Experience-API-Version").value_or(""), "1.0.3");

  // Another credential, in the same second: its own bucket, full.
  for (int i = 0; i < kRate - 1; ++i) {
    EXPECT_TRUE(HasStatus(calm.Get(kStatements, {{"limit", "1"}}), 200)) << i;
  }

  // After Retry-After, the busy credential is served again.
  std::this_thread::sleep_for(std::chrono::seconds(retry_after));
  EXPECT_TRUE(HasStatus(busy.Get(kStatements, {{"limit", "1"}}), 200));
}

// One request a second: a wrong secret costs a PBKDF2 check (slow on purpose), and on a loaded
// machine a few of them take longer than the refill of a faster bucket, so guessing at 5 a second
// from one client could stay under the limit and the test would depend on the machine's load.
constexpr int kSlowRate = 1;

class HttpRateLimitPerAddress : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override {
    return {"--rate-limit", std::to_string(kSlowRate)};
  }
};

TEST_F(HttpRateLimitPerAddress, RequestsWithoutCredentialsAreLimitedPerAddress) {
  // Starting the server asked GET /xapi/about from this address: the bucket fills up again.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  XapiClient anonymous = AnonymousClient();
  int admitted = 0;
  HttpResult refused = FirstRefusal([&] { return anonymous.Get(kAbout); }, 200, &admitted);
  ASSERT_EQ(refused.status, 429) << "never limited after " << admitted << " requests";
  EXPECT_GE(admitted, kSlowRate);
  EXPECT_TRUE(IsError(refused, 429));
  // Wrong secrets count against the address too: guessing is limited.
  XapiClient guesser = ClientFor(kAdminKey, "guess");
  bool limited = false;
  for (int i = 0; i < 100 && !limited; ++i) {
    HttpResult r = guesser.Get(kStatements);
    limited = r.status == 429;
    if (!limited) {
      EXPECT_TRUE(IsError(r, 401)) << r.Describe();
    }
  }
  EXPECT_TRUE(limited);
  // A credential from the same address has a bucket of its own.
  EXPECT_TRUE(HasStatus(admin().Get(kStatements, {{"limit", "1"}}), 200));
  // The probes are never limited.
  for (int i = 0; i < 2 * kSlowRate + 5; ++i) {
    EXPECT_TRUE(HasStatus(anonymous.Get("/health/live"), 200)) << i;
  }
}

using HttpNoRateLimit = LrsHttpTest;

TEST_F(HttpNoRateLimit, IsOffByDefault) {
  for (int i = 0; i < 60; ++i) {
    HttpResult r = admin().Get(kStatements, {{"limit", "1"}});
    ASSERT_TRUE(HasStatus(r, 200)) << i;
  }
}

TEST(HttpRateLimitOption, ComesFromItsEnvironmentVariableAndMustBePositive) {
  LRS_SKIP_WITHOUT_BACKEND();
  auto lrs = LrsProcess::Create();
  ASSERT_TRUE(lrs.ok());
  auto run = lrs.value()->RunCommand(
      {"serve", "--db", lrs.value()->db(), "--listen", "127.0.0.1:1", "--rate-limit", "0"});
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run.value().status.code, 2) << run.value().err;
  EXPECT_NE(run.value().err.find("--rate-limit"), std::string::npos) << run.value().err;

  ASSERT_TRUE(lrs.value()->AddCredential("k", kSecret, "all").ok());
  ::setenv("OUTCOME_LRS_RATE_LIMIT", "2", 1);
  Status started = lrs.value()->Start();
  ::unsetenv("OUTCOME_LRS_RATE_LIMIT");
  ASSERT_TRUE(started.ok()) << started.error().message();
  XapiClient client(lrs.value()->base_url());
  client.SetBasicAuth("k", kSecret);
  int admitted = 0;
  HttpResult refused = FirstRefusal(
      [&] {
        return client.Get(kStatements, {{"limit", "1"}});
      },
      100, &admitted);
  EXPECT_EQ(refused.status, 429);
  EXPECT_GE(admitted, 2);
  EXPECT_TRUE(lrs.value()->Stop().clean());
}

TEST(HttpOperationsOptions, ServeHelpListsThemAndTheirVariables) {
  LRS_SKIP_WITHOUT_BACKEND();
  auto lrs = LrsProcess::Create();
  ASSERT_TRUE(lrs.ok());
  auto help = lrs.value()->RunCommand({"serve", "--help"});
  ASSERT_TRUE(help.ok());
  for (const char* expected :
       {"--log-format", "--metrics-listen HOST:PORT", "--rate-limit N", "--max-uploads N",
        "OUTCOME_LRS_LOG_FORMAT", "OUTCOME_LRS_METRICS_LISTEN", "OUTCOME_LRS_RATE_LIMIT",
        "OUTCOME_LRS_MAX_UPLOADS"}) {
    EXPECT_NE(help.value().out.find(expected), std::string::npos) << expected;
  }
}

}  // namespace
}  // namespace lrs::http_test
