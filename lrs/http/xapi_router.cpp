#include "lrs/http/xapi_router.h"

#include <chrono>

#include "lrs/core/log.h"
#include "lrs/core/metrics.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/http/alternate_syntax.h"
#include "lrs/http/api_version.h"
#include "lrs/http/error_response.h"
#include "lrs/http/metrics_resource.h"

namespace lrs::http {

namespace {

// Where the administration API lives.
constexpr std::string_view kAdminPath = "/admin";

bool Allows(std::string_view allow, std::string_view method) {
  if (method == "HEAD") method = "GET";
  for (std::string_view m : Split(allow, ',')) {
    if (Trim(m) == method) return true;
  }
  return false;
}

// kMethodNotAllowed unless `allow` lists the request's method (HEAD as GET).
Status CheckMethod(const HttpRequest& request, std::string_view allow) {
  if (Allows(allow, request.method)) return Status();
  return Error(ErrorCode::kMethodNotAllowed, request.method + " is not allowed on " + request.path +
                                                 " (allowed: " + std::string(allow) + ")");
}

void AddCorsHeaders(HttpResponse& response) {
  response.headers.Set("Access-Control-Allow-Origin", "*");
  response.headers.Set("Access-Control-Expose-Headers",
                       "ETag, Last-Modified, Allow, X-Experience-API-Version, "
                       "X-Experience-API-Consistent-Through, X-Request-Id, Retry-After");
}

// The method as metrics name it: the methods of HTTP, else "other" (a label's values must stay
// few whatever clients send).
std::string MethodLabel(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"}) {
    if (method == known) return method;
  }
  return "other";
}

// The request metrics every response counts in.
struct RequestMetrics {
  metrics::Family<metrics::Counter>& requests;
  metrics::Family<metrics::Histogram>& seconds;
};

RequestMetrics& Metrics() {
  static RequestMetrics m{
      metrics::Global().CounterFamily("outcome_lrs_http_requests_total",
                                      "HTTP requests answered, by resource, method and status",
                                      {"resource", "method", "status"}),
      metrics::Global().HistogramFamily(
          "outcome_lrs_http_request_duration_seconds",
          "Time from a request's body read to its response ready, by resource",
          {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}, {"resource"}),
  };
  return m;
}

}  // namespace

XapiRouter::XapiRouter(service::Authenticator& authenticator, RouterOptions options)
    : authenticator_(authenticator),
      about_(options.server_version),
      health_(options.readiness),
      options_(std::move(options)) {
  if (options_.rate_limit > 0) {
    rate_limiter_ = std::make_unique<service::RateLimiter>(options_.rate_limit);
  }
}

void XapiRouter::Serve(const std::string& path, XapiResource* resource) {
  resources_[path] = resource;
}

void XapiRouter::ServeAdmin(const std::string& name, AdminResource* resource) {
  admin_resources_[name] = resource;
}

std::string XapiRouter::AllowOf(const Route& route, const std::string& path) const {
  switch (route.resource) {
    case Resource::kPlugin:
      return route.plugin->Allow(path);
    case Resource::kAbout:
      return std::string(AboutResource::kAllow);
    case Resource::kHealth:
      return std::string(HealthResource::kAllow);
    case Resource::kMetrics:
      return std::string(MetricsResource::kAllow);
    case Resource::kAdmin:
      return route.admin ? route.admin->Allow(route.admin_subpath) : std::string();
    case Resource::kXapi:
      return std::string(route.xapi->Allow());
    case Resource::kNone:
      break;
  }
  return "";
}

XapiRouter::Route XapiRouter::RouteFor(const std::string& path) const {
  for (ext::Plugin* plugin : options_.plugins) {
    std::string_view prefix = plugin->HttpPrefix();
    if (prefix.empty()) continue;
    if (path == prefix || (StartsWith(path, prefix) && path[prefix.size()] == '/')) {
      std::string label(prefix);
      if (!label.empty() && label[0] == '/') label.erase(0, 1);
      return {Resource::kPlugin, nullptr, plugin, label, nullptr, {}};
    }
  }
  if (HealthResource::Serves(path))
    return {Resource::kHealth, nullptr, nullptr, "health", nullptr, {}};
  if (MetricsResource::Serves(path))
    return {Resource::kMetrics, nullptr, nullptr, "metrics", nullptr, {}};
  if (path == kAdminPath || StartsWith(path, std::string(kAdminPath) + "/")) {
    Route route{Resource::kAdmin, nullptr, nullptr, "admin", nullptr, {}};
    std::string_view rest = std::string_view(path).substr(kAdminPath.size());
    if (!rest.empty()) rest.remove_prefix(1);
    const size_t slash = rest.find('/');
    auto it = admin_resources_.find(rest.substr(0, slash));
    if (it != admin_resources_.end()) {
      route.admin = it->second;
      if (slash != std::string_view::npos) route.admin_subpath = std::string(rest.substr(slash));
    }
    return route;
  }
  std::string_view p = path;
  if (!StartsWith(p, options_.base_path))
    return {Resource::kNone, nullptr, nullptr, "none", nullptr, {}};
  p.remove_prefix(options_.base_path.size());
  if (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
  if (p == "/about") return {Resource::kAbout, nullptr, nullptr, "about", nullptr, {}};
  auto it = resources_.find(p);
  if (it != resources_.end()) {
    return {Resource::kXapi, it->second, nullptr, std::string(p.substr(1)), nullptr, {}};
  }
  return {Resource::kNone, nullptr, nullptr, "none", nullptr, {}};
}

Result<service::Principal> XapiRouter::Authenticate(const HttpRequest& request,
                                                    const RequestContext& context) {
  auto principal = authenticator_.Authenticate(request.headers.Get("Authorization").value_or(""));
  if (!principal.ok()) {
    LRS_RETURN_IF_ERROR(AdmitAnonymous(context));
    return principal.error();
  }
  if (rate_limiter_) LRS_RETURN_IF_ERROR(rate_limiter_->Admit("key " + principal.value().key));
  return principal;
}

Result<service::Principal> XapiRouter::AuthenticateAdmin(const HttpRequest& request,
                                                         const RequestContext& context,
                                                         std::string_view what) {
  auto principal = Authenticate(request, context);
  if (!principal.ok()) return principal.error();
  if (!principal.value().IsAdmin()) {
    return Error::Forbidden(std::string(what) +
                            " needs a credential with the admin scope (all does not include it)");
  }
  return principal;
}

Status XapiRouter::AdmitAnonymous(const RequestContext& context) {
  if (!rate_limiter_) return Status();
  return rate_limiter_->Admit("address " + context.remote_address);
}

HttpResponse XapiRouter::Handle(HttpRequest& request, const RequestContext& context) {
  const auto start = std::chrono::steady_clock::now();
  const std::string method = request.method;
  const std::string path = request.path;
  const Route route = RouteFor(request.path);
  const Resource resource = route.resource;

  HttpResponse response;
  Result<HttpResponse> result = Error::Internal("unreachable");
  try {
    result = Dispatch(request, context, route);
  } catch (const std::exception& e) {
    result = Error::Internal(std::string("unexpected failure: ") + e.what());
  } catch (...) {
    result = Error::Internal("unexpected failure");
  }
  if (result.ok()) {
    response = std::move(result).value();
  } else {
    response = ErrorResponse(result.error(), request.headers.Get("Accept"));
    // A plugin's Allow and AuthenticatesItself may throw like any of its methods: the answer is
    // then the error without that decoration, never a crash.
    auto plugin_says = [](auto&& call, auto fallback) {
      try {
        return call();
      } catch (...) {
        log::Error("a plugin threw while the router decorated an error answer");
        return fallback;
      }
    };
    if (result.error().code() == ErrorCode::kMethodNotAllowed) {
      response.headers.Set("Allow",
                           plugin_says([&] { return AllowOf(route, path); }, std::string()));
    }
    if (result.error().code() == ErrorCode::kUnauthorized && resource == Resource::kPlugin &&
        plugin_says([&] { return route.plugin->AuthenticatesItself(request); }, false)) {
      // The plugin's own tokens were refused: a Basic challenge would only make a browser
      // (say, in an LMS's iframe) ask for a password the viewer does not have.
      response.headers.Set("WWW-Authenticate", "Bearer realm=\"Outcome LRS\"");
    }
    if (result.error().code() == ErrorCode::kInternal) {
      log::Error(method + " " + path + ": " + result.error().message());
    }
  }

  // The version that served the request; the newest one when the request named none this LRS
  // serves. `request` holds the headers an alternate-syntax request carried in its form.
  response.headers.Set("X-Experience-API-Version",
                       ResponseVersionFor(request.headers.Get("X-Experience-API-Version")));
  if (resource == Resource::kXapi) {
    // Milliseconds, truncated: never later than the value the store reported.
    if (auto through = route.xapi->ConsistentThroughMicros()) {
      response.headers.Set("X-Experience-API-Consistent-Through", FormatMillisUtc(*through));
    }
  }
  AddCorsHeaders(response);
  // xAPI answers change with every write and belong to one credential. Without an explicit
  // freshness, a browser may reuse a GET's answer that has Last-Modified (RFC 9111 §4.2.2
  // heuristic freshness), and content then reads a document it has just replaced.
  if (resource != Resource::kPlugin && !response.headers.Get("Cache-Control")) {
    response.headers.Set("Cache-Control", "no-store");
  }
  // HEAD is answered as GET without the body (Part Three §1.1), also when the alternate request
  // syntax asked for it: `request.method` is then the rewritten method.
  if (request.method == "HEAD") {
    response.body.clear();
    response.stream = nullptr;
  }

  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  Metrics()
      .requests.With({route.label, MethodLabel(method), std::to_string(response.status)})
      .Add();
  Metrics().seconds.With({route.label}).Observe(ms / 1000);
  if (log::Enabled(log::Level::kInfo)) {
    log::Request({context.request_id, method, path, response.status, ms});
  }
  return response;
}

Result<HttpResponse> XapiRouter::Dispatch(HttpRequest& request, const RequestContext& context,
                                          const Route& route) {
  const Resource resource = route.resource;
  // Requests that are never authenticated count against their address. The probes are never
  // limited: an orchestrator would take a busy, healthy server for a dead one.
  if (resource != Resource::kHealth &&
      (request.method == "OPTIONS" || resource == Resource::kNone ||
       resource == Resource::kAbout)) {
    LRS_RETURN_IF_ERROR(AdmitAnonymous(context));
  }
  if (request.method == "OPTIONS") {
    // CORS preflight: browsers ask before sending xAPI headers cross-origin.
    HttpResponse response;
    response.status = 204;
    response.headers.Set("Access-Control-Allow-Methods", "GET, HEAD, PUT, POST, DELETE, OPTIONS");
    response.headers.Set("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, X-Experience-API-Version, If-Match, "
                         "If-None-Match, Accept, Accept-Language, X-Requested-With, X-Request-Id");
    response.headers.Set("Access-Control-Max-Age", "86400");
    return response;
  }
  if (resource == Resource::kNone) {
    return Error::NotFound("no resource at " + request.path + "; the xAPI endpoint is " +
                           options_.base_path + "/");
  }
  if (request.body_too_large) {
    return Error(ErrorCode::kPayloadTooLarge, "the request body is larger than this LRS accepts (" +
                                                  std::to_string(options_.max_body_bytes) +
                                                  " bytes)");
  }
  if (resource == Resource::kHealth) {
    LRS_RETURN_IF_ERROR(CheckMethod(request, AllowOf(route, request.path)));
    return health_.Handle(request.path);
  }
  if (resource == Resource::kMetrics) {
    LRS_RETURN_IF_ERROR(CheckMethod(request, AllowOf(route, request.path)));
    auto principal = AuthenticateAdmin(request, context, "GET /metrics");
    if (!principal.ok()) return principal.error();
    return MetricsResource::Handle();
  }
  if (resource == Resource::kAdmin) {
    // Outside xAPI: no version negotiation and no alternate syntax.
    const std::string allow = AllowOf(route, request.path);
    if (allow.empty()) {
      return Error::NotFound("no administration resource at " + request.path +
                             "; see /admin/stores, /admin/credentials, /admin/jobs/ID, "
                             "/admin/audit, /admin/plugins, /admin/forget");
    }
    LRS_RETURN_IF_ERROR(CheckMethod(request, allow));
    auto principal = AuthenticateAdmin(request, context, "the administration API");
    if (!principal.ok()) return principal.error();
    service::Administrator admin;
    admin.store_id = principal.value().store_id;
    admin.store_name = principal.value().store_name;
    admin.actor = principal.value().key;
    return route.admin->Handle(request, admin, route.admin_subpath);
  }
  if (resource == Resource::kPlugin) {
    // Outside xAPI: no version negotiation and no alternate syntax; the plugin checks scopes,
    // and authenticates what it says it does (public pages, its own tokens).
    ext::Caller caller;
    if (route.plugin->AuthenticatesItself(request)) {
      LRS_RETURN_IF_ERROR(AdmitAnonymous(context));
      return route.plugin->HandleHttp(request, caller);
    }
    auto principal = Authenticate(request, context);
    if (!principal.ok()) return principal.error();
    caller.authenticated = true;
    caller.store_id = principal.value().store_id;
    caller.store_name = principal.value().store_name;
    caller.key = principal.value().key;
    caller.scopes = principal.value().scope_names;
    return route.plugin->HandleHttp(request, caller);
  }
  // The alternate request syntax is 1.0.3's alone: xAPI 2.0.0 removed it (9274.1.1 §4.1.1).
  auto no_alternate_syntax = [] {
    return Error::BadRequest(
        "the alternate request syntax (POST with a \"method\" parameter) is not part of xAPI "
        "2.0.0; send the request with its own method and headers");
  };
  const bool alternate = UsesAlternateSyntax(request);
  if (alternate) {
    auto header = NegotiateVersion(request.headers.Get("X-Experience-API-Version"));
    if (header.ok() && header.value() == xapi::Version::k2_0_0) return no_alternate_syntax();
    LRS_RETURN_IF_ERROR(RewriteAlternateSyntax(&request));
  }

  LRS_RETURN_IF_ERROR(CheckMethod(request, AllowOf(route, request.path)));
  if (resource == Resource::kAbout) {
    // About ignores the version header (Part Three §2.8) and takes no parameters.
    if (!request.query.empty()) {
      auto params = ParseParams(request.query);
      if (!params.ok()) return params.error();
      if (!params.value().empty()) {
        return Error::BadRequest("unknown parameter \"" + params.value().begin()->first +
                                 "\": about takes none");
      }
    }
    return about_.Handle();
  }

  auto version = NegotiateVersion(request.headers.Get("X-Experience-API-Version"));
  if (!version.ok()) return version.error();
  if (alternate && version.value() == xapi::Version::k2_0_0) return no_alternate_syntax();
  auto principal = Authenticate(request, context);
  if (!principal.ok()) return principal.error();
  return route.xapi->Handle(request, principal.value(), version.value());
}

}  // namespace lrs::http
