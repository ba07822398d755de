// The read-only lookup resources: Activities, /activities?activityId= (Part Three §2.5), and
// Agents, /agents?agent= (§2.4). Both answer GET/HEAD with a JSON object, an ETag (the quoted
// SHA-1 of the body, §3.1) and no other parameters.
#pragma once

#include "lrs/http/resource.h"
#include "lrs/service/lookup_service.h"

namespace lrs::http {

// GET ?activityId=IRI: the Activity Object with the LRS's canonical definition.
class ActivitiesResource final : public XapiResource {
 public:
  explicit ActivitiesResource(service::LookupService& service) : service_(service) {}
  std::string_view Allow() const override { return "GET, HEAD"; }
  // kBadRequest when activityId is missing or another parameter is given.
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Principal& principal,
                              xapi::Version version) override;

 private:
  service::LookupService& service_;
};

// GET ?agent=JSON: the Person Object combining what the LRS knows of that Agent.
class AgentsResource final : public XapiResource {
 public:
  explicit AgentsResource(service::LookupService& service) : service_(service) {}
  std::string_view Allow() const override { return "GET, HEAD"; }
  // kBadRequest when agent is missing or another parameter is given.
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Principal& principal,
                              xapi::Version version) override;

 private:
  service::LookupService& service_;
};

}  // namespace lrs::http
