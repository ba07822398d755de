// The contract between the router and an xAPI resource under the base path (/xapi/statements,
// /xapi/activities/state, ...). The router does everything that is the same for every resource
// (CORS, body limit, alternate syntax, the method check against Allow(), version negotiation,
// authentication, error mapping, HEAD); a resource only turns a request into service calls.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"
#include "lrs/service/auth.h"
#include "lrs/xapi/version.h"

namespace lrs::http {

class XapiResource {
 public:
  virtual ~XapiResource() = default;

  // The methods the resource answers, e.g. "GET, HEAD, PUT, POST, DELETE". HEAD is answered as
  // GET with the body dropped by the router, so a resource that lists HEAD handles it as GET.
  virtual std::string_view Allow() const = 0;

  // For a resource whose every response, errors included, carries
  // X-Experience-API-Consistent-Through (the Statement resource, Part Three §2.1.3): its value,
  // microseconds since the epoch, asked for as the response is sent. nullopt for other resources.
  virtual std::optional<int64_t> ConsistentThroughMicros() { return std::nullopt; }

  // Handles an authenticated request whose method is in Allow(), under the rules of `version`
  // (negotiated from its X-Experience-API-Version). The resource checks the principal's scopes.
  virtual Result<HttpResponse> Handle(const HttpRequest& request,
                                      const service::Principal& principal,
                                      xapi::Version version) = 0;
};

}  // namespace lrs::http
