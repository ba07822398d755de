// The Statement resource, /statements (Part Three §2.1): parameters and bodies in, service calls,
// StatementResult and headers out.
#pragma once

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"
#include "lrs/service/auth.h"
#include "lrs/service/statement_service.h"

namespace lrs::http {

class StatementsResource {
 public:
  // The methods the resource answers (HEAD is answered as GET without a body).
  static constexpr std::string_view kAllow = "GET, HEAD, PUT, POST";

  explicit StatementsResource(service::StatementService& service) : service_(service) {}

  // Handles an authenticated request whose method is in kAllow. Rejects unknown parameters,
  // parameters in the wrong combination and bodies that are not application/json with
  // kBadRequest. PUT answers 204, POST 200 with the ids, GET 200 with a Statement or a
  // StatementResult (multipart/mixed when attachments=true).
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Principal& principal);

 private:
  Result<HttpResponse> Get(const HttpRequest& request, const Params& params,
                           const service::Principal& principal);
  Result<HttpResponse> Store(const HttpRequest& request, const Params& params,
                             const service::Principal& principal);

  service::StatementService& service_;
};

}  // namespace lrs::http
