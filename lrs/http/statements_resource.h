// The Statement resource, /statements (Part Three §2.1): parameters and bodies in, service calls,
// StatementResult and headers out.
#pragma once

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"
#include "lrs/http/resource.h"
#include "lrs/service/auth.h"
#include "lrs/service/statement_service.h"

namespace lrs::http {

class StatementsResource final : public XapiResource {
 public:
  explicit StatementsResource(service::StatementService& service) : service_(service) {}

  std::string_view Allow() const override { return "GET, HEAD, PUT, POST"; }
  std::optional<int64_t> ConsistentThroughMicros() override {
    return service_.ConsistentThroughMicros();
  }

  // Rejects unknown parameters, parameters in the wrong combination, and bodies that are
  // neither application/json nor multipart/mixed with the statements (application/json) first
  // and each further part carrying X-Experience-API-Hash (and Content-Transfer-Encoding binary
  // when given) with kBadRequest. PUT answers 204, POST 200 with the ids, GET 200 with a
  // Statement or a StatementResult (multipart/mixed with the attachments' stored data after it
  // when attachments=true).
  // Statements are validated and stored under `version`, and read back in the form a reader
  // under `version` gets. Every GET answer carries Last-Modified: the "stored" time of the
  // statement, or the latest "stored" among the statements of a StatementResult (none when
  // it is empty).
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Principal& principal,
                              xapi::Version version) override;

 private:
  Result<HttpResponse> Get(const HttpRequest& request, const Params& params,
                           const service::Principal& principal, xapi::Version version);
  Result<HttpResponse> Store(const HttpRequest& request, const Params& params,
                             const service::Principal& principal, xapi::Version version);

  service::StatementService& service_;
};

}  // namespace lrs::http
