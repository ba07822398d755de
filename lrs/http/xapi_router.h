// The request pipeline of the HTTP API, in order: CORS preflight, routing, body limit,
// alternate request syntax, method check, version negotiation, authentication and the rate
// limit, the resource, error mapping, response headers, metrics, and one log line per request
// (with its request id). Paths under a plugin's prefix go to the plugin after authentication
// (no xAPI version negotiation there); the health probes (/health/live, /health/ready) are
// answered without authentication, negotiation or rate limit; GET /metrics and the administration
// API under /admin/ only to a credential with the admin scope.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "lrs/extension/extension.h"
#include "lrs/http/about_resource.h"
#include "lrs/http/admin_resource.h"
#include "lrs/http/health_resource.h"
#include "lrs/http/http_server.h"
#include "lrs/http/http_types.h"
#include "lrs/http/resource.h"
#include "lrs/service/auth.h"
#include "lrs/service/rate_limiter.h"

namespace lrs::http {

struct RouterOptions {
  // Where the xAPI resources live: <base_path>/statements, <base_path>/about.
  std::string base_path = "/xapi";
  // Reported in 413 messages; the HTTP server enforces it.
  size_t max_body_bytes = 0;
  // Loaded plugins, each serving the paths under its HttpPrefix(). They must outlive the router.
  std::vector<ext::Plugin*> plugins;
  // This build's version, for the About resource.
  std::string server_version;
  // The readiness check of GET /health/ready (HealthResource); unset: always ready.
  std::function<Status()> readiness;
  // Requests per second per credential (requests without valid credentials: per address),
  // with a burst of as many (service::RateLimiter); past it 429. 0: no limit. The health
  // probes are never limited.
  size_t rate_limit = 0;
};

class XapiRouter {
 public:
  XapiRouter(service::Authenticator& authenticator, RouterOptions options);

  // Serves `resource` at <base_path><path> (path like "/statements"); set up before the first
  // request. `resource` must outlive the router.
  void Serve(const std::string& path, XapiResource* resource);
  // Serves `resource` at /admin/<name> and below (name like "stores"), to credentials with the
  // admin scope; set up before the first request. `resource` must outlive the router.
  void ServeAdmin(const std::string& name, AdminResource* resource);

  // Answers any request; never throws. Every response carries X-Experience-API-Version and CORS
  // headers; every response of the Statement resource X-Experience-API-Consistent-Through.
  // Counts the request in the process's metrics (outcome_lrs_http_requests_total, ...) and logs
  // it with `context.request_id`.
  HttpResponse Handle(HttpRequest& request, const RequestContext& context);

 private:
  enum class Resource { kNone, kAbout, kHealth, kMetrics, kAdmin, kXapi, kPlugin };
  struct Route {
    Resource resource = Resource::kNone;
    XapiResource* xapi = nullptr;   // for kXapi
    ext::Plugin* plugin = nullptr;  // for kPlugin
    // The resource as metrics name it: "statements", "activities/state", "about", "health",
    // "metrics", "admin", a plugin's prefix without its slash ("outcomes"), "none".
    std::string label;
    AdminResource* admin = nullptr;  // for kAdmin: null when nothing is there
    std::string admin_subpath;       // for kAdmin: the path after /admin/<name>
  };
  std::string AllowOf(const Route& route, const std::string& path) const;
  Result<HttpResponse> Dispatch(HttpRequest& request, const RequestContext& context,
                                const Route& route);
  Route RouteFor(const std::string& path) const;
  // Authenticates the request's credentials, then takes a token of their rate limit; refused
  // credentials take one of the address's, so guessing secrets is limited too.
  Result<service::Principal> Authenticate(const HttpRequest& request,
                                          const RequestContext& context);
  // Authenticate, then kForbidden unless the credential has the admin scope, saying that `what`
  // ("GET /metrics", "the administration API") needs it.
  Result<service::Principal> AuthenticateAdmin(const HttpRequest& request,
                                               const RequestContext& context,
                                               std::string_view what);
  // Takes a token of the rate limit of the request's address (a request without credentials).
  Status AdmitAnonymous(const RequestContext& context);

  service::Authenticator& authenticator_;
  std::map<std::string, XapiResource*, std::less<>> resources_;         // by path under base_path
  std::map<std::string, AdminResource*, std::less<>> admin_resources_;  // by name under /admin/
  AboutResource about_;
  HealthResource health_;
  RouterOptions options_;
  std::unique_ptr<service::RateLimiter> rate_limiter_;  // null: no limit
};

}  // namespace lrs::http
