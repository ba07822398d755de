// The three document resources (Part Three §2.2-2.7): State (/activities/state), Activity
// Profile (/activities/profile) and Agent Profile (/agents/profile). One class serves all three,
// one instance per resource: parameters and headers in, service calls, documents and headers
// (ETag, Last-Modified) out.
#pragma once

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"
#include "lrs/http/resource.h"
#include "lrs/service/auth.h"
#include "lrs/service/document_service.h"

namespace lrs::http {

class DocumentsResource final : public XapiResource {
 public:
  DocumentsResource(service::DocumentService& service, service::DocumentKind kind)
      : service_(service), kind_(kind) {}

  std::string_view Allow() const override { return "GET, HEAD, PUT, POST, DELETE"; }

  // Rejects parameters the resource does not take, and "since" beside a document id, with
  // kBadRequest. With the document id (stateId or profileId): GET answers 200 with the document
  // byte for byte, its Content-Type, a quoted SHA-1 ETag and Last-Modified; PUT, POST and
  // DELETE answer 204 (PUT and POST with the new ETag), If-Match / If-None-Match taken from the
  // headers. Without it: GET answers 200 with the JSON array of ids (Last-Modified of the latest
  // write among them), DELETE (State only) deletes every matching document.
  // Concurrency follows the rules of `version` (DocumentService::Put).
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Principal& principal,
                              xapi::Version version) override;

 private:
  service::DocumentService& service_;
  const service::DocumentKind kind_;
};

}  // namespace lrs::http
