#include "lrs/service/rate_limiter.h"

#include <algorithm>
#include <vector>

namespace lrs::service {

namespace {

// Past this many buckets, each new one first makes the limiter forget the full ones.
constexpr size_t kForgetAbove = 10000;

}  // namespace

RateLimiter::RateLimiter(size_t per_second)
    : rate_(static_cast<double>(std::max<size_t>(per_second, 1))) {}

Status RateLimiter::Admit(std::string_view client, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    // At most one pass a second, so that a flood of new addresses costs no pass per request.
    if (buckets_.size() >= kForgetAbove && now - forgotten_ >= std::chrono::seconds(1)) {
      ForgetFullBuckets(now);
      forgotten_ = now;
    }
    it = buckets_.emplace(std::string(client), Bucket{rate_, now}).first;
  }
  Bucket& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.refilled).count();
  if (elapsed > 0) {
    bucket.tokens = std::min(rate_, bucket.tokens + elapsed * rate_);
    bucket.refilled = now;
  }
  if (bucket.tokens < 1) {
    return Error(ErrorCode::kTooManyRequests,
                 "too many requests: this LRS accepts " + std::to_string(static_cast<long>(rate_)) +
                     " requests per second from one credential (or, without credentials, one "
                     "address); retry after the time Retry-After gives");
  }
  bucket.tokens -= 1;
  return Status();
}

void RateLimiter::ForgetFullBuckets(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = std::chrono::duration<double>(now - it->second.refilled).count();
    if (it->second.tokens + elapsed * rate_ >= rate_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace lrs::service
