// Fetching a platform's JWK Set over HTTP(S) with cpprestsdk's http_client (the only file of the
// plugin that includes cpprestsdk). cpprestsdk's thread pool may still run and release parts of
// a request (code of this library) after a call here has returned; the plugin's library is
// therefore never unmapped (linked -z nodelete, plugin/CMakeLists.txt).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/core/error.h"

namespace outcomes::lti {

// OK when `url` is an https URL, or an http URL whose host is a loopback address (127.0.0.0/8,
// [::1], localhost: a platform on this machine, for tests). kBadRequest saying why otherwise.
lrs::Status CheckFetchUrl(std::string_view url);

// The body of GET `url` (checked with CheckFetchUrl first), waiting at most 10 seconds.
// kUnavailable when the platform cannot be reached or answers other than 200.
lrs::Result<std::string> FetchText(const std::string& url);

// The body of POST `url` (checked with CheckFetchUrl) with the form `fields`
// (application/x-www-form-urlencoded), waiting at most 10 seconds. kUnavailable when it cannot
// be reached; kUnauthorized naming the status and body when it answers other than 200.
lrs::Result<std::string> PostForm(const std::string& url,
                                  const std::vector<std::pair<std::string, std::string>>& fields);

// One page of a paged GET: its body and the URL of the next page (Link: <URL>; rel="next"), ""
// on the last.
struct Page {
  std::string body;
  std::string next;
};
// GET `url` (checked with CheckFetchUrl) with `Authorization: Bearer token` and `Accept: accept`,
// waiting at most 10 seconds; kUnavailable as PostForm, kUnauthorized for 401 and 403.
lrs::Result<Page> FetchPage(const std::string& url, const std::string& token,
                            const std::string& accept);

// The URL of the rel="next" link of a Link header's value ("" when none).
std::string NextLink(std::string_view link_header);

}  // namespace outcomes::lti
