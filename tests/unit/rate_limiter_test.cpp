#include "lrs/service/rate_limiter.h"

#include <gtest/gtest.h>

namespace lrs::service {
namespace {

using Clock = RateLimiter::Clock;
using std::chrono::milliseconds;

TEST(RateLimiterTest, ABurstOfTheRateThenOneTokenPerPeriod) {
  RateLimiter limiter(4);
  const Clock::time_point t0 = Clock::now();
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(limiter.Admit("a", t0).ok()) << i;
  Status refused = limiter.Admit("a", t0);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kTooManyRequests);
  EXPECT_NE(refused.error().message().find("4 requests per second"), std::string::npos);
  // A token comes back every 250 ms; never more than the burst.
  EXPECT_FALSE(limiter.Admit("a", t0 + milliseconds(200)).ok());
  EXPECT_TRUE(limiter.Admit("a", t0 + milliseconds(250)).ok());
  EXPECT_FALSE(limiter.Admit("a", t0 + milliseconds(260)).ok());
  // Within one second the bucket is full again (Retry-After: 1 always suffices).
  const Clock::time_point later = t0 + milliseconds(250) + std::chrono::seconds(1);
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(limiter.Admit("a", later).ok()) << i;
  EXPECT_FALSE(limiter.Admit("a", later).ok());
}

TEST(RateLimiterTest, ClientsHaveBucketsOfTheirOwn) {
  RateLimiter limiter(1);
  const Clock::time_point t0 = Clock::now();
  EXPECT_TRUE(limiter.Admit("key a", t0).ok());
  EXPECT_FALSE(limiter.Admit("key a", t0).ok());
  EXPECT_TRUE(limiter.Admit("key b", t0).ok());
  EXPECT_TRUE(limiter.Admit("address 127.0.0.1", t0).ok());
  EXPECT_FALSE(limiter.Admit("key b", t0).ok());
}

TEST(RateLimiterTest, ManyClientsDoNotLoseTheLimitsOfBusyOnes) {
  RateLimiter limiter(1);
  const Clock::time_point t0 = Clock::now();
  EXPECT_TRUE(limiter.Admit("busy", t0).ok());
  // Far more clients than the limiter keeps, each once, two seconds later: their buckets are
  // full again, so forgetting them is safe, but "busy" (emptied again just now) stays limited.
  const Clock::time_point t2 = t0 + std::chrono::seconds(2);
  EXPECT_TRUE(limiter.Admit("busy", t2).ok());
  for (int i = 0; i < 30000; ++i) {
    EXPECT_TRUE(limiter.Admit("address " + std::to_string(i), t2).ok());
  }
  EXPECT_FALSE(limiter.Admit("busy", t2).ok());
}

}  // namespace
}  // namespace lrs::service
