// The contract between the router and a resource of the administration API under /admin/
// (stores, credentials, jobs, audit, plugins), and what those resources share. The router
// does what is the same for all of them: the method check against Allow(), authentication,
// the admin scope (403 without it; `all` does not include it), error mapping; a resource turns
// a request into calls of the administration services. Bodies and answers are JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/http/http_types.h"
#include "lrs/service/administration.h"

namespace lrs::http {

class AdminResource {
 public:
  virtual ~AdminResource() = default;

  // The methods answered at `subpath` (the path after the resource's own, "" or "/NAME/..."),
  // e.g. "GET, HEAD, POST"; empty when nothing is there (404).
  virtual std::string Allow(std::string_view subpath) const = 0;

  // Handles an authenticated request of an administrator, whose method is in Allow(subpath).
  virtual Result<HttpResponse> Handle(const HttpRequest& request,
                                      const service::Administrator& admin,
                                      std::string_view subpath) = 0;
};

// The body of `request` as a JSON object (kBadRequest otherwise: not JSON, not an object, or a
// member not among the `count` names of `known`).
Result<json::Document> AdminBody(const HttpRequest& request, const std::string_view* known,
                                 size_t count);
// The string member `name` of `body`; nullopt when absent; kBadRequest when not a string.
Result<std::optional<std::string>> StringMember(const json::Value& body, std::string_view name);

// A JSON answer with `status`.
HttpResponse AdminAnswer(int status, const json::Value& body);

// A store and a credential as the API shows them (never a secret nor its hash).
void StoreJson(const store::StoreRecord& s, json::Value* out, json::Allocator& alloc);
void CredentialJson(const store::CredentialRecord& c, json::Value* out, json::Allocator& alloc);

// The name after the leading '/' of `subpath` and the action after the last '/' when that is one
// of `actions` ("/acme/disable" -> {"acme", "disable"}); the action is empty when there is none.
struct AdminTarget {
  std::string name;
  std::string action;
};
std::optional<AdminTarget> ParseTarget(std::string_view subpath,
                                       std::initializer_list<std::string_view> actions);

}  // namespace lrs::http
