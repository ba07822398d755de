// A small synchronous HTTP client for tests of the xAPI HTTP API, over cpprestsdk's http_client
// (kept inside xapi_client.cpp: this header exposes plain std types only). It sends exactly the
// bytes a test asks for, so malformed and unusual requests can be sent on purpose.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lrs::test_support {

using HeaderList = std::vector<std::pair<std::string, std::string>>;
using ParamList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequestSpec {
  std::string method = "GET";
  // Path, optionally with a query string that is already percent-encoded ("/xapi/statements",
  // "/xapi/statements?more=...").
  std::string target = "/xapi/statements";
  // Query parameters appended to the target's query, each name and value percent-encoded.
  ParamList params;
  // Header fields sent as given, replacing a default of the same name (any case).
  HeaderList headers;
  // Default header fields to leave out: "Authorization", "X-Experience-API-Version" (any case).
  std::vector<std::string> omit;
  // The body, sent byte for byte. No Content-Type is added: put one in `headers`.
  std::optional<std::string> body;
  // Send the body with Transfer-Encoding: chunked and no Content-Length.
  bool chunked = false;
};

struct HttpResult {
  // The status code; 0 when no response arrived (then `error` says why).
  int status = 0;
  std::string error;
  HeaderList headers;
  std::string body;

  // The value of header `name`, compared case-insensitively; nullopt when absent.
  std::optional<std::string> Header(std::string_view name) const;
  // A one-line summary for assertion messages: status, then the body (shortened).
  std::string Describe() const;
};

// Sends requests to one server. Every request carries, unless a test omits or overrides them,
// "X-Experience-API-Version: 1.0.3" and the Basic Authorization of SetBasicAuth. Not copyable;
// not for use from several threads at once.
class XapiClient {
 public:
  // `base_url` is "http://127.0.0.1:PORT", without a trailing slash.
  explicit XapiClient(std::string base_url);
  ~XapiClient();
  XapiClient(XapiClient&&) noexcept;
  XapiClient& operator=(XapiClient&&) noexcept;
  XapiClient(const XapiClient&) = delete;
  XapiClient& operator=(const XapiClient&) = delete;

  // The default Authorization header: Basic base64(key:secret).
  void SetBasicAuth(const std::string& key, const std::string& secret);
  // No default Authorization header.
  void ClearAuth();
  // The default X-Experience-API-Version header; nullopt sends none.
  void SetVersion(std::optional<std::string> version);
  // How long one request may take before it fails with status 0 (default 30 s).
  void SetTimeout(std::chrono::milliseconds timeout);

  const std::string& base_url() const { return base_url_; }

  // Sends `request` and waits for the whole response. Never throws.
  HttpResult Send(const HttpRequestSpec& request) const;

  // Shorthands for Send.
  HttpResult Get(const std::string& target, const ParamList& params = {},
                 const HeaderList& headers = {}) const;
  HttpResult Head(const std::string& target, const ParamList& params = {}) const;
  // A body with Content-Type `content_type`.
  HttpResult Post(const std::string& target, const std::string& body,
                  const std::string& content_type = "application/json") const;
  HttpResult Put(const std::string& target, const ParamList& params, const std::string& body,
                 const std::string& content_type = "application/json") const;

 private:
  struct Impl;
  std::string base_url_;
  std::optional<std::string> authorization_;
  std::optional<std::string> version_ = "1.0.3";
  std::chrono::milliseconds timeout_ = std::chrono::seconds(30);
  std::unique_ptr<Impl> impl_;
};

// "a=1&b=x%20y": names and values percent-encoded (RFC 3986 unreserved characters kept).
std::string EncodeQuery(const ParamList& params);

// "Basic base64(key:secret)".
std::string BasicAuthorization(const std::string& key, const std::string& secret);

}  // namespace lrs::test_support
