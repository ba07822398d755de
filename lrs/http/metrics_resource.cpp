#include "lrs/http/metrics_resource.h"

#include <exception>
#include <string>

#include "lrs/core/metrics.h"
#include "lrs/http/error_response.h"

namespace lrs::http {

HttpResponse MetricsResource::Handle() {
  HttpResponse response;
  response.status = 200;
  response.headers.Set("Content-Type", kContentType);
  response.headers.Set("Cache-Control", "no-store");
  response.body = metrics::Global().Render();
  return response;
}

HttpResponse MetricsResource::OpenListenerHandle(const HttpRequest& request,
                                                 const RequestContext&) {
  try {
    if (!Serves(request.path)) {
      return ErrorResponse(Error::NotFound("this listener serves " + std::string(kPath) + " only"),
                           request.headers.Get("Accept"));
    }
    if (request.method != "GET" && request.method != "HEAD") {
      HttpResponse refused =
          ErrorResponse(Error(ErrorCode::kMethodNotAllowed,
                              request.method + " is not allowed on " + std::string(kPath) +
                                  " (allowed: " + std::string(kAllow) + ")"),
                        request.headers.Get("Accept"));
      refused.headers.Set("Allow", kAllow);
      return refused;
    }
    HttpResponse response = Handle();
    if (request.method == "HEAD") response.body.clear();
    return response;
  } catch (const std::exception& e) {
    return ErrorResponse(Error::Internal(std::string("rendering the metrics failed: ") + e.what()),
                         std::nullopt);
  }
}

}  // namespace lrs::http
