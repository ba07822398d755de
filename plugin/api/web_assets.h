// The web dashboard's static files (plugin/web/: HTML, CSS, JavaScript), compiled into the plugin
// by cmake/EmbedFiles.cmake and served under /outcomes/ui/:
//   GET, HEAD /outcomes/ui         a redirect to /outcomes/ui/ (keeping the query, e.g. ?token=)
//   GET, HEAD /outcomes/ui/        index.html
//   GET, HEAD /outcomes/ui/NAME    the file NAME of plugin/web/ (no folders)
// Every file is answered with its Content-Type, `Cache-Control: private, no-cache` (the browser
// keeps it and revalidates it with If-None-Match, answered 304) and an ETag, the start of its
// SHA-256. Unknown names are 404. The files hold no data: the page reads everything through the
// JSON API, with the caller's own credentials.
#pragma once

#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace outcomes {

// One embedded file: its name in plugin/web/, its bytes and the hex SHA-256 of those.
struct EmbeddedFile {
  std::string_view name;
  std::string_view bytes;
  std::string_view sha256;
};

// Every file of plugin/web/, sorted by name (generated at build time).
const std::vector<EmbeddedFile>& WebFiles();

// The methods of every web asset path.
inline constexpr std::string_view kWebAssetAllow = "GET, HEAD";

// True for /outcomes/ui and every path under it.
bool IsWebAssetPath(std::string_view path);

// The media type a file is served with, by its extension ("application/octet-stream" when
// unknown).
std::string_view WebContentType(std::string_view name);

// Answers a request to a web asset path (IsWebAssetPath): the file, a 304 when If-None-Match
// names its ETag, the redirect of /outcomes/ui, kNotFound for an unknown file and
// kMethodNotAllowed for a method other than GET and HEAD.
lrs::Result<lrs::http::HttpResponse> ServeWebAsset(const lrs::http::HttpRequest& request);

}  // namespace outcomes
