#include "plugin/api/web_assets.h"

#include <string>

#include "lrs/core/strings.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::http::HttpRequest;
using lrs::http::HttpResponse;

constexpr std::string_view kUiPath = "/outcomes/ui";

const EmbeddedFile* FindFile(std::string_view name) {
  for (const EmbeddedFile& f : WebFiles()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::string ETagOf(const EmbeddedFile& file) {
  return "\"" + std::string(file.sha256.substr(0, 20)) + "\"";
}

// If-None-Match lists `etag` (or is "*"); weak validators compare equal (RFC 9110 §13.1.2).
bool Matches(std::string_view if_none_match, std::string_view etag) {
  for (std::string_view candidate : lrs::Split(if_none_match, ',')) {
    candidate = lrs::Trim(candidate);
    if (candidate == "*") return true;
    if (lrs::StartsWith(candidate, "W/")) candidate.remove_prefix(2);
    if (candidate == etag) return true;
  }
  return false;
}

}  // namespace

bool IsWebAssetPath(std::string_view path) {
  return path == kUiPath || (lrs::StartsWith(path, kUiPath) && path.size() > kUiPath.size() &&
                             path[kUiPath.size()] == '/');
}

std::string_view WebContentType(std::string_view name) {
  const size_t dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "js" || ext == "mjs") return "text/javascript; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  return "application/octet-stream";
}

lrs::Result<HttpResponse> ServeWebAsset(const HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    return Error(lrs::ErrorCode::kMethodNotAllowed,
                 request.method + " is not allowed on " + request.path +
                     " (allowed: " + std::string(kWebAssetAllow) + ")");
  }
  HttpResponse response;
  if (request.path == kUiPath) {
    // The page loads its files by relative URLs, so it must be addressed as a folder.
    response.status = 308;
    response.headers.Set("Location", "ui/" + (request.query.empty() ? "" : "?" + request.query));
    return response;
  }
  std::string_view name = std::string_view(request.path).substr(kUiPath.size() + 1);
  if (name.empty()) name = "index.html";
  const EmbeddedFile* file = name.find('/') == std::string_view::npos ? FindFile(name) : nullptr;
  if (file == nullptr) {
    return Error::NotFound("no file \"" + std::string(name) + "\" in the web dashboard");
  }
  const std::string etag = ETagOf(*file);
  response.headers.Set("ETag", etag);
  response.headers.Set("Cache-Control", "private, no-cache");
  response.headers.Set("X-Content-Type-Options", "nosniff");
  // The page may be opened with ?token= in its URL: never hand that URL on as a referrer.
  response.headers.Set("Referrer-Policy", "no-referrer");
  if (lrs::EndsWith(file->name, ".html")) {
    // Only this server's own files and API; no inline script. Framing stays allowed, since LMSs
    // embed the dashboard.
    response.headers.Set("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                         "form-action 'none'; object-src 'none'");
  }
  if (auto inm = request.headers.Get("If-None-Match"); inm && Matches(*inm, etag)) {
    response.status = 304;
    return response;
  }
  response.headers.Set("Content-Type", WebContentType(file->name));
  response.body.assign(file->bytes.data(), file->bytes.size());
  return response;
}

}  // namespace outcomes
