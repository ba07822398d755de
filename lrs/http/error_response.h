// The one place that maps an Error to an HTTP response.
#pragma once

#include <optional>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

// The seconds a 503 answer asks the client to wait before trying again (Retry-After).
inline constexpr int kRetryAfterSeconds = 1;

// The status code for `code` (Part Three §3.2).
int HttpStatusFor(ErrorCode code);

// The response for `error`: its status, and a body naming what was wrong. The body is JSON
// ({"error": {"status", "code", "message"}}) unless `accept` names text/plain (plain text), or
// else text/html (an HTML page stating the status and message, for a browser: an LTI launch),
// and not application/json. 401 responses carry a Basic WWW-Authenticate challenge; 503
// responses a Retry-After of kRetryAfterSeconds; 429 responses (kTooManyRequests) a
// Retry-After of 1 second.
HttpResponse ErrorResponse(const Error& error, std::optional<std::string_view> accept);

}  // namespace lrs::http
