// Plain HTTP request/response values. Everything in lrs/http except cpprest_server.cpp works on
// these, so the HTTP library stays behind one adapter.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/core/error.h"

namespace lrs::http {

// Header fields with case-insensitive names; the spelling of the first Set is kept for output.
class Headers {
 public:
  // Replaces any field named `name` (any case).
  void Set(std::string_view name, std::string_view value);
  void Remove(std::string_view name);
  std::optional<std::string_view> Get(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::string>> entries_;
};

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, e.g. "/xapi/statements"
  std::string query;   // raw (still percent-encoded) query string, without '?'
  Headers headers;
  std::string body;
  // The body exceeded the configured limit; `body` is empty. Answered with 413.
  bool body_too_large = false;
};

// Produces a response body piece by piece, for bodies too large to hold (exports): called
// again and again, each call appending the next piece to `out` (a few KiB to a few MiB), until
// it returns false (the end). An error ends the body there and breaks the connection, so the
// client sees an incomplete response rather than a short one that looks whole. It runs after
// the status and headers are sent, on a thread of the HTTP server, and is dropped unused for a
// HEAD request or when the client goes away.
using BodyWriter = std::function<Result<bool>(std::string& out)>;

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the body is streamed from it (chunked transfer encoding) and `body` is ignored.
  BodyWriter stream;
};

// Query or form parameters, by exact (case-sensitive) name.
using Params = std::map<std::string, std::string, std::less<>>;

// Parses "a=1&b=x%20y" (form encoding: '+' is a space). kBadRequest for a malformed escape,
// invalid UTF-8 or a parameter given twice.
Result<Params> ParseParams(std::string_view encoded);
// The inverse of ParseParams.
std::string EncodeParams(const Params& params);

// The media type of a Content-Type value, lower case, without parameters:
// "Application/JSON; charset=UTF-8" -> "application/json".
std::string MediaType(std::string_view content_type);

// A JSON response with `status` and body `json`.
HttpResponse JsonResponse(int status, std::string json);

}  // namespace lrs::http
