#include "lrs/http/lookup_resources.h"

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"

namespace lrs::http {

namespace {

// The value of the one parameter `name` a lookup takes; kBadRequest for anything else.
Result<std::string> OnlyParam(const HttpRequest& request, std::string_view name) {
  auto params = ParseParams(request.query);
  if (!params.ok()) return params.error();
  for (const auto& [given, value] : params.value()) {
    if (given == name) continue;
    if (EqualsIgnoreCase(given, name)) {
      return Error::BadRequest("unknown parameter \"" + given +
                               "\": parameter names are case sensitive (\"" + std::string(name) +
                               "\")");
    }
    return Error::BadRequest("unknown parameter \"" + given + "\": this resource takes only " +
                             std::string(name));
  }
  auto it = params.value().find(name);
  if (it == params.value().end()) {
    return Error::BadRequest("the " + std::string(name) + " parameter is required");
  }
  return it->second;
}

HttpResponse WithETag(std::string json) {
  const std::string etag = "\"" + crypto::Sha1Hex(json) + "\"";
  HttpResponse response = JsonResponse(200, std::move(json));
  response.headers.Set("ETag", etag);
  return response;
}

}  // namespace

Result<HttpResponse> ActivitiesResource::Handle(const HttpRequest& request,
                                                const service::Principal& principal) {
  auto activity_id = OnlyParam(request, "activityId");
  if (!activity_id.ok()) return activity_id.error();
  auto activity = service_.Activity(principal, activity_id.value());
  if (!activity.ok()) return activity.error();
  return WithETag(std::move(activity).value());
}

Result<HttpResponse> AgentsResource::Handle(const HttpRequest& request,
                                            const service::Principal& principal) {
  auto agent = OnlyParam(request, "agent");
  if (!agent.ok()) return agent.error();
  auto person = service_.Person(principal, agent.value());
  if (!person.ok()) return person.error();
  return WithETag(std::move(person).value());
}

}  // namespace lrs::http
