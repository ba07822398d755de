// X-Experience-API-Consistent-Through (Part Three §2.1.3): "a timestamp for which all Statements
// that have or will have a stored property before that time are known to be available". It must
// be recent when nothing is being written, and it must never pass the "stored" time of a
// statement that is not readable yet: a batch already has its stored time while its commit is in
// progress, and a client that then asks since= the header must still get it. The latch test
// plugin holds a batch inside the writer's transaction, after its stored time was chosen.
#include <chrono>
#include <thread>

#include "lrs/core/time.h"
#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

constexpr char kHeldVerb[] = "http://example.com/verbs/held";

class HttpConsistentThrough : public LrsHttpTest {
 protected:
  std::vector<std::string> ServeArgs() const override { return {"--plugin", LATCH_PLUGIN}; }

  // Microseconds since the epoch of the header, -1 when missing or malformed.
  static int64_t ConsistentThrough(const HttpResult& r) {
    auto header = r.Header("X-Experience-API-Consistent-Through");
    if (!header) return -1;
    auto ts = ParseTimestamp(*header);
    return ts ? ToMicros(ts->instant) : -1;
  }

  // Waits (at most 10 s) until the latch plugin holds a batch.
  bool WaitUntilHeld() {
    for (int i = 0; i < 1000; ++i) {
      HttpResult r = admin().Get("/latch/held");
      if (r.status == 200 && r.body.find("true") != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  }
};

TEST_F(HttpConsistentThrough, IsRecentWhenNothingIsWritten) {
  const std::string id = Store(SimpleStatement(NewId()));
  ASSERT_FALSE(id.empty());
  HttpResult got = GetStatement(id);
  ASSERT_TRUE(HasStatus(got, 200));
  auto doc = ParseJson(got.body);
  auto stored = ParseTimestamp(StringAt(*doc, "stored"));
  ASSERT_TRUE(stored.has_value()) << got.body;

  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const int64_t before = NowMicros();
  HttpResult r = admin().Get(kStatements, {{"limit", "1"}});
  const int64_t after = NowMicros();
  ASSERT_TRUE(HasStatus(r, 200));
  const int64_t through = ConsistentThrough(r);
  ASSERT_GT(through, 0) << r.Describe();
  // Not the last write's time, but now (to the millisecond the header carries).
  EXPECT_GT(through, ToMicros(stored->instant) + 1000000);
  EXPECT_GE(through, before - 1000);
  EXPECT_LE(through, after);
  // Errors of the Statement resource carry it too.
  EXPECT_GT(ConsistentThrough(admin().Get(kStatements, {{"limit", "x"}})), 0);
}

TEST_F(HttpConsistentThrough, NeverPassesABatchThatIsNotReadableYet) {
  const std::string held_id = NewId();
  HttpResult held_post;
  std::thread writer([&] {
    XapiClient client = ClientFor(kAdminKey, kAdminSecret);
    held_post = client.Post(kStatements,
                            Statement(Agent("ann"), "{\"id\":\"" + std::string(kHeldVerb) + "\"}",
                                      Activity("course"), "\"id\":" + Quote(held_id)));
  });
  const bool held = WaitUntilHeld();
  int64_t through = -1;
  int64_t through_of_error = -1;
  if (held) {
    // The batch has its stored time but is not committed: it cannot be read yet.
    EXPECT_TRUE(IsError(GetStatement(held_id), 404));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    HttpResult r = admin().Get(kStatements);
    EXPECT_TRUE(HasStatus(r, 200));
    through = ConsistentThrough(r);
    through_of_error = ConsistentThrough(admin().Get(kStatements, {{"limit", "x"}}));
  }
  EXPECT_TRUE(HasStatus(admin().Post("/latch/open", ""), 204));
  writer.join();
  ASSERT_TRUE(held) << "the latch plugin never held the batch";
  ASSERT_TRUE(HasStatus(held_post, 200));

  HttpResult got = GetStatement(held_id);
  ASSERT_TRUE(HasStatus(got, 200));
  auto doc = ParseJson(got.body);
  auto stored = ParseTimestamp(StringAt(*doc, "stored"));
  ASSERT_TRUE(stored.has_value()) << got.body;
  ASSERT_GT(through, 0);
  EXPECT_LT(through, ToMicros(stored->instant))
      << "Consistent-Through passed the stored time of a batch that was not readable";
  EXPECT_LT(through_of_error, ToMicros(stored->instant));

  // A client that continues from the header it was given gets the batch.
  HttpResult r = admin().Get(kStatements, {{"since", FormatMillisUtc(through)}});
  ASSERT_TRUE(HasStatus(r, 200));
  auto result = ParseJson(r.body);
  const std::vector<std::string> ids = StatementIds(*result);
  EXPECT_NE(std::find(ids.begin(), ids.end(), held_id), ids.end())
      << "since=<Consistent-Through> lost the batch: " << r.body;

  // Once committed, the header is recent again and past the batch.
  EXPECT_GT(ConsistentThrough(admin().Get(kStatements, {{"limit", "1"}})),
            ToMicros(stored->instant));
}

}  // namespace
}  // namespace lrs::http_test
