#include "lrs/http/error_response.h"

#include <rapidjson/document.h>

#include "lrs/core/json.h"
#include "lrs/core/strings.h"

namespace lrs::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
    case ErrorCode::kTooManyRequests:
      return 429;
  }
  return 500;
}

HttpResponse ErrorResponse(const Error& error, std::optional<std::string_view> accept) {
  HttpResponse response;
  response.status = HttpStatusFor(error.code());
  // Content negotiation, simply: plain text or an HTML page only for a client that asks for it
  // and not JSON (a browser navigating: an LTI launch, a login initiation).
  bool text = false;
  bool html = false;
  if (accept) {
    std::string a = AsciiLower(*accept);
    const bool json = a.find("application/json") != std::string::npos;
    text = !json && a.find("text/plain") != std::string::npos;
    html = !json && !text && a.find("text/html") != std::string::npos;
  }
  if (html) {
    response.headers.Set("Content-Type", "text/html; charset=utf-8");
    response.headers.Set("Content-Security-Policy",
                         "default-src 'none'; style-src 'unsafe-inline'");
    const std::string title = std::to_string(response.status) + " " + ErrorCodeName(error.code());
    response.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                    HtmlEscape(title) +
                    "</title><style>body{font-family:sans-serif;margin:2rem}</style></head><body>"
                    "<h1>" +
                    HtmlEscape(title) + "</h1>\n<p class=\"error\">" + HtmlEscape(error.message()) +
                    "</p>\n</body></html>\n";
  } else if (text) {
    response.headers.Set("Content-Type", "text/plain; charset=utf-8");
    response.body = std::to_string(response.status) + " " + ErrorCodeName(error.code()) + ": " +
                    error.message() + "\n";
  } else {
    json::Document doc;
    doc.SetObject();
    auto& a = doc.GetAllocator();
    json::Value inner(rapidjson::kObjectType);
    inner.AddMember("status", response.status, a);
    inner.AddMember("code", rapidjson::StringRef(ErrorCodeName(error.code())), a);
    inner.AddMember("message", json::Copy(error.message(), a), a);
    doc.AddMember("error", std::move(inner), a);
    response.headers.Set("Content-Type", "application/json");
    response.body = json::Write(doc);
  }
  if (error.code() == ErrorCode::kUnavailable) {
    // The database stayed busy past its timeout, or the server is shutting down: both pass.
    response.headers.Set("Retry-After", std::to_string(kRetryAfterSeconds));
  }
  if (error.code() == ErrorCode::kTooManyRequests) {
    // A rate limit of N requests per second (N >= 1) refills a token within 1/N s: retrying
    // after one second always finds one (service::RateLimiter).
    response.headers.Set("Retry-After", "1");
  }
  if (error.code() == ErrorCode::kUnauthorized) {
    response.headers.Set("WWW-Authenticate", "Basic realm=\"Outcome LRS\", charset=\"UTF-8\"");
  }
  return response;
}

}  // namespace lrs::http
