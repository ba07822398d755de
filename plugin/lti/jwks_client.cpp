#include "plugin/lti/jwks_client.h"

#include <cpprest/http_client.h>

#include <chrono>

namespace outcomes::lti {

using lrs::Error;

namespace {

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost" || host == "[::1]" || host == "::1") return true;
  // 127.0.0.0/8 written as four decimal numbers.
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') {
      ++dots;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return dots == 3;
}

// The host of an http(s) URL ("[::1]" kept with its brackets).
std::string_view HostOf(std::string_view url) {
  const size_t start = url.find("://");
  if (start == std::string_view::npos) return {};
  std::string_view rest = url.substr(start + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(0, rest.find(']') + 1);
  return rest.substr(0, rest.find(':'));
}

}  // namespace

lrs::Status CheckFetchUrl(std::string_view url) {
  if (url.substr(0, 8) == "https://" && !HostOf(url).empty()) return lrs::Status();
  if (url.substr(0, 7) == "http://" && IsLoopbackHost(HostOf(url))) return lrs::Status();
  return Error::BadRequest("\"" + std::string(url) +
                           "\" must be an https URL (plain http only for a loopback address)");
}

lrs::Result<std::string> FetchText(const std::string& url) {
  LRS_RETURN_IF_ERROR(CheckFetchUrl(url));
  try {
    web::http::client::http_client_config config;
    config.set_timeout(std::chrono::seconds(10));
    web::http::client::http_client client(utility::conversions::to_string_t(url), config);
    web::http::http_response response = client.request(web::http::methods::GET).get();
    if (response.status_code() != web::http::status_codes::OK) {
      return Error(lrs::ErrorCode::kUnavailable, "the platform's JWKS at " + url + " answered " +
                                                     std::to_string(response.status_code()));
    }
    return response.extract_utf8string(/*ignore_content_type=*/true).get();
  } catch (const std::exception& e) {
    return Error(lrs::ErrorCode::kUnavailable,
                 "the platform's JWKS at " + url + " cannot be fetched: " + e.what());
  }
}

}  // namespace outcomes::lti
