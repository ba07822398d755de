// Per-client request rate limits (issue 16, abuse limits): a token bucket per client, a client
// being a credential (by key) or, for requests without valid credentials, an address. Each bucket
// holds at most `per_second` tokens and regains `per_second` tokens a second; a request takes
// one. So a client may send a burst of `per_second` requests at once, and that many a second
// for as long as it likes; one client's requests never take another's tokens. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "lrs/core/error.h"

namespace lrs::service {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `per_second` must be at least 1.
  explicit RateLimiter(size_t per_second);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token from `client`'s bucket (a new client's is full). kTooManyRequests, naming the
  // limit, when it is empty: the bucket regains a token within 1/per_second s, so a retry after
  // one second always succeeds unless other requests took it first.
  Status Admit(std::string_view client, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point refilled;
  };
  // Forgets buckets that are full again (the same as no bucket), bounding the memory that
  // requests from many addresses take (about 10,000 buckets, plus those of the last second).
  void ForgetFullBuckets(Clock::time_point now);

  const double rate_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point forgotten_;  // the last ForgetFullBuckets
};

}  // namespace lrs::service
