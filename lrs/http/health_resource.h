// Health probes for orchestrators and load balancers (Kubernetes liveness and readiness), open to
// everyone like /xapi/about and outside the xAPI endpoint:
//   GET /health/live   200 while the process serves HTTP at all;
//   GET /health/ready  200 when the database answers a read (its migrations are applied before
//                      the server listens), else 503 with Retry-After, saying why.
// Each answers {"status": "ok"} (or the error document of every other 503).
#pragma once

#include <functional>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

class HealthResource {
 public:
  static constexpr std::string_view kAllow = "GET, HEAD";
  static constexpr std::string_view kLivePath = "/health/live";
  static constexpr std::string_view kReadyPath = "/health/ready";

  // `ready`: a read of the database, through the same connections requests use; its error
  // (kUnavailable when the database is busy or unreachable) makes the server not ready. Unset:
  // always ready.
  explicit HealthResource(std::function<Status()> ready = nullptr) : ready_(std::move(ready)) {}

  // Whether `path` is one of the probes.
  static bool Serves(std::string_view path) { return path == kLivePath || path == kReadyPath; }

  // The answer to GET or HEAD of `path` (one of the probes).
  Result<HttpResponse> Handle(std::string_view path) const;

 private:
  std::function<Status()> ready_;
};

}  // namespace lrs::http
