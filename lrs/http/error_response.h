// The one place that maps an Error to an HTTP response.
#pragma once

#include <optional>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

// The status code for `code` (Part Three §3.2).
int HttpStatusFor(ErrorCode code);

// The response for `error`: its status, and a body naming what was wrong. The body is JSON
// ({"error": {"status", "code", "message"}}) unless `accept` prefers text/plain. 401 responses
// carry a Basic WWW-Authenticate challenge.
HttpResponse ErrorResponse(const Error& error, std::optional<std::string_view> accept);

}  // namespace lrs::http
