#include "lrs/http/lookup_resources.h"

#include "lrs/core/crypto.h"
#include "lrs/http/params.h"

namespace lrs::http {

namespace {

// The value of the one parameter `name` a lookup takes; kBadRequest for anything else.
Result<std::string> OnlyParam(const HttpRequest& request, std::string_view name) {
  auto params = ParseParams(request.query);
  if (!params.ok()) return params.error();
  LRS_RETURN_IF_ERROR(RejectUnknown(params.value(), &name, 1));
  auto value = Optional(params.value(), name);
  if (!value) return Error::BadRequest("the " + std::string(name) + " parameter is required");
  return *value;
}

HttpResponse WithETag(std::string json) {
  const std::string etag = "\"" + crypto::Sha1Hex(json) + "\"";
  HttpResponse response = JsonResponse(200, std::move(json));
  response.headers.Set("ETag", etag);
  return response;
}

}  // namespace

Result<HttpResponse> ActivitiesResource::Handle(const HttpRequest& request,
                                                const service::Principal& principal,
                                                xapi::Version) {
  auto activity_id = OnlyParam(request, "activityId");
  if (!activity_id.ok()) return activity_id.error();
  auto activity = service_.Activity(principal, activity_id.value());
  if (!activity.ok()) return activity.error();
  return WithETag(std::move(activity).value());
}

Result<HttpResponse> AgentsResource::Handle(const HttpRequest& request,
                                            const service::Principal& principal, xapi::Version) {
  auto agent = OnlyParam(request, "agent");
  if (!agent.ok()) return agent.error();
  auto person = service_.Person(principal, agent.value());
  if (!person.ok()) return person.error();
  return WithETag(std::move(person).value());
}

}  // namespace lrs::http
