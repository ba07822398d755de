// The request pipeline of the HTTP API, in order: CORS preflight, routing, body limit,
// alternate request syntax, method check, version negotiation, authentication, the resource,
// error mapping, response headers, and one log line per request. Paths under a plugin's prefix
// go to the plugin after authentication (no xAPI version negotiation there); the health probes
// (/health/live, /health/ready) are answered without authentication or negotiation.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "lrs/extension/extension.h"
#include "lrs/http/about_resource.h"
#include "lrs/http/health_resource.h"
#include "lrs/http/http_types.h"
#include "lrs/http/resource.h"
#include "lrs/service/auth.h"

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
};

class XapiRouter {
 public:
  XapiRouter(service::Authenticator& authenticator, RouterOptions options);

  // Serves `resource` at <base_path><path> (path like "/statements"); set up before the first
  // request. `resource` must outlive the router.
  void Serve(const std::string& path, XapiResource* resource);

  // Answers any request; never throws. Every response carries X-Experience-API-Version and CORS
  // headers; every response of the Statement resource X-Experience-API-Consistent-Through.
  HttpResponse Handle(HttpRequest& request);

 private:
  enum class Resource { kNone, kAbout, kHealth, kXapi, kPlugin };
  struct Route {
    Resource resource = Resource::kNone;
    XapiResource* xapi = nullptr;   // for kXapi
    ext::Plugin* plugin = nullptr;  // for kPlugin
  };
  std::string AllowOf(const Route& route, const std::string& path) const;
  Result<HttpResponse> Dispatch(HttpRequest& request, const Route& route);
  Route RouteFor(const std::string& path) const;

  service::Authenticator& authenticator_;
  std::map<std::string, XapiResource*, std::less<>> resources_;  // by path under base_path
  AboutResource about_;
  HealthResource health_;
  RouterOptions options_;
};

}  // namespace lrs::http
