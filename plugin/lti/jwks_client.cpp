#include "plugin/lti/jwks_client.h"

#include <cpprest/http_client.h>

#include <chrono>

#include "lrs/core/strings.h"

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

// A client requesting `url`, giving up after 10 seconds.
web::http::client::http_client Client(const std::string& url) {
  web::http::client::http_client_config config;
  config.set_timeout(std::chrono::seconds(10));
  return web::http::client::http_client(utility::conversions::to_string_t(url), config);
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
    web::http::http_response response = Client(url).request(web::http::methods::GET).get();
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

lrs::Result<std::string> PostForm(const std::string& url,
                                  const std::vector<std::pair<std::string, std::string>>& fields) {
  LRS_RETURN_IF_ERROR(CheckFetchUrl(url));
  std::string body;
  for (const auto& [name, value] : fields)
    body += (body.empty() ? "" : "&") + lrs::PercentEncode(name) + "=" + lrs::PercentEncode(value);
  try {
    web::http::http_request request(web::http::methods::POST);
    request.headers().add(U("Accept"), U("application/json"));
    request.set_body(body, "application/x-www-form-urlencoded");
    web::http::http_response response = Client(url).request(request).get();
    std::string text = response.extract_utf8string(/*ignore_content_type=*/true).get();
    if (response.status_code() != web::http::status_codes::OK) {
      return Error::Unauthorized(url + " answered " + std::to_string(response.status_code()) +
                                 ": " + text.substr(0, 300));
    }
    return text;
  } catch (const std::exception& e) {
    return Error(lrs::ErrorCode::kUnavailable, url + " cannot be reached: " + e.what());
  }
}

lrs::Result<Page> FetchPage(const std::string& url, const std::string& token,
                            const std::string& accept) {
  LRS_RETURN_IF_ERROR(CheckFetchUrl(url));
  try {
    web::http::http_request request(web::http::methods::GET);
    request.headers().add(U("Authorization"), utility::conversions::to_string_t("Bearer " + token));
    request.headers().add(U("Accept"), utility::conversions::to_string_t(accept));
    web::http::http_response response = Client(url).request(request).get();
    Page page;
    page.body = response.extract_utf8string(/*ignore_content_type=*/true).get();
    const auto status = response.status_code();
    if (status == web::http::status_codes::Unauthorized ||
        status == web::http::status_codes::Forbidden) {
      return Error::Unauthorized(url + " refused the token: " + std::to_string(status));
    }
    if (status != web::http::status_codes::OK) {
      return Error(lrs::ErrorCode::kUnavailable, url + " answered " + std::to_string(status));
    }
    auto link = response.headers().find(U("Link"));
    if (link != response.headers().end()) {
      page.next = NextLink(utility::conversions::to_utf8string(link->second));
    }
    return page;
  } catch (const std::exception& e) {
    return Error(lrs::ErrorCode::kUnavailable, url + " cannot be reached: " + e.what());
  }
}

std::string NextLink(std::string_view header) {
  // Link: <URL>; rel="next", <URL>; rel="first"  (RFC 8288; rel may be unquoted or a list)
  size_t at = 0;
  while ((at = header.find('<', at)) != std::string_view::npos) {
    const size_t close = header.find('>', at);
    if (close == std::string_view::npos) return "";
    const std::string_view url = header.substr(at + 1, close - at - 1);
    size_t end = header.find('<', close);
    const std::string_view params = header.substr(
        close + 1, end == std::string_view::npos ? std::string_view::npos : end - close - 1);
    for (std::string_view rel : {"rel=\"next\"", "rel=next", "rel=\"next "}) {
      if (params.find(rel) != std::string_view::npos) return std::string(url);
    }
    at = close;
  }
  return "";
}

}  // namespace outcomes::lti
