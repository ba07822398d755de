#include "lrs/http/health_resource.h"

#include <exception>
#include <string>

namespace lrs::http {

Result<HttpResponse> HealthResource::Handle(std::string_view path) const {
  if (path == kReadyPath && ready_) {
    Status ready;
    try {
      ready = ready_();
    } catch (const std::exception& e) {
      ready = Error::Internal(std::string("the readiness check failed: ") + e.what());
    }
    if (!ready.ok()) {
      return Error(ErrorCode::kUnavailable,
                   "not ready: the database does not answer (" + ready.error().message() + ")");
    }
  }
  HttpResponse response = JsonResponse(200, R"({"status":"ok"})");
  response.headers.Set("Cache-Control", "no-store");
  return response;
}

}  // namespace lrs::http
