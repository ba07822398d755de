// Fetching a platform's JWK Set over HTTP(S) with cpprestsdk's http_client (the only file of the
// plugin that includes cpprestsdk).
#pragma once

#include <string>
#include <string_view>

#include "lrs/core/error.h"

namespace outcomes::lti {

// OK when `url` is an https URL, or an http URL whose host is a loopback address (127.0.0.0/8,
// [::1], localhost: a platform on this machine, for tests). kBadRequest saying why otherwise.
lrs::Status CheckFetchUrl(std::string_view url);

// The body of GET `url` (checked with CheckFetchUrl first), waiting at most 10 seconds.
// kUnavailable when the platform cannot be reached or answers other than 200.
lrs::Result<std::string> FetchText(const std::string& url);

}  // namespace outcomes::lti
