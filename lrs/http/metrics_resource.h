// GET /metrics: the process's metrics (lrs/core/metrics.h) in the Prometheus text exposition
// format 0.0.4. On the API's listener the router answers it only to a credential with the admin
// scope (401 without credentials, 403 without the scope; `all` does not include it); with
// `serve --metrics-listen HOST:PORT` it is also answered, without credentials, on a listener of
// its own bound to that address alone (OpenListenerHandle).
#pragma once

#include <string_view>

#include "lrs/core/error.h"
#include "lrs/http/http_server.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

class MetricsResource {
 public:
  static constexpr std::string_view kAllow = "GET, HEAD";
  static constexpr std::string_view kPath = "/metrics";
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  static bool Serves(std::string_view path) { return path == kPath; }

  // The metrics, rendered now (the caller has checked the method and the credential).
  static HttpResponse Handle();

  // The whole handler of the metrics listener: GET or HEAD /metrics answered as Handle() does,
  // 405 for another method, 404 for another path. Never throws.
  static HttpResponse OpenListenerHandle(const HttpRequest& request, const RequestContext& context);
};

}  // namespace lrs::http
