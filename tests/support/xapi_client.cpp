#include "tests/support/xapi_client.h"

#include <algorithm>
#include <exception>

#include <cpprest/containerstream.h>
#include <cpprest/http_client.h>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"

namespace lrs::test_support {

namespace {

namespace cpprest_http = web::http;
using cpprest_http::client::http_client;
using cpprest_http::client::http_client_config;

bool Contains(const std::vector<std::string>& names, std::string_view name) {
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return EqualsIgnoreCase(n, name); });
}

}  // namespace

struct XapiClient::Impl {
  Impl(const std::string& base_url, std::chrono::milliseconds timeout)
      : client(base_url, Config(timeout)) {}

  static http_client_config Config(std::chrono::milliseconds timeout) {
    http_client_config config;
    config.set_timeout(std::chrono::duration_cast<std::chrono::microseconds>(timeout));
    return config;
  }

  // http_client's methods are const-callable in effect but not declared so.
  mutable http_client client;
};

std::optional<std::string> HttpResult::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return std::nullopt;
}

std::string HttpResult::Describe() const {
  if (status == 0) return "no response: " + error;
  constexpr size_t kMax = 600;
  std::string text = "HTTP " + std::to_string(status) + " ";
  text += body.size() > kMax ? body.substr(0, kMax) + "..." : body;
  return text;
}

XapiClient::XapiClient(std::string base_url)
    : base_url_(std::move(base_url)), impl_(std::make_unique<Impl>(base_url_, timeout_)) {}

XapiClient::~XapiClient() = default;
XapiClient::XapiClient(XapiClient&&) noexcept = default;
XapiClient& XapiClient::operator=(XapiClient&&) noexcept = default;

void XapiClient::SetBasicAuth(const std::string& key, const std::string& secret) {
  authorization_ = BasicAuthorization(key, secret);
}

void XapiClient::ClearAuth() {
  authorization_.reset();
}

void XapiClient::SetVersion(std::optional<std::string> version) {
  version_ = std::move(version);
}

void XapiClient::SetTimeout(std::chrono::milliseconds timeout) {
  timeout_ = timeout;
  impl_ = std::make_unique<Impl>(base_url_, timeout_);
}

HttpResult XapiClient::Send(const HttpRequestSpec& spec) const {
  HttpResult result;
  try {
    std::string target = spec.target;
    if (!spec.params.empty()) {
      target += target.find('?') == std::string::npos ? '?' : '&';
      target += EncodeQuery(spec.params);
    }
    cpprest_http::http_request request(spec.method);
    request.set_request_uri(web::uri(target));

    if (spec.body) {
      std::vector<uint8_t> bytes(spec.body->begin(), spec.body->end());
      if (spec.chunked) {
        // A stream of unknown length goes out with chunked transfer encoding.
        auto buffer = Concurrency::streams::container_buffer<std::vector<uint8_t>>(
            std::move(bytes), std::ios_base::in);
        request.set_body(Concurrency::streams::istream(buffer));
        request.headers().remove(cpprest_http::header_names::content_length);
      } else {
        request.set_body(std::move(bytes));
      }
    }
    // set_body adds a Content-Type of its own; only the test's headers decide.
    request.headers().remove(cpprest_http::header_names::content_type);

    HeaderList headers;
    if (version_ && !Contains(spec.omit, "X-Experience-API-Version")) {
      headers.emplace_back("X-Experience-API-Version", *version_);
    }
    if (authorization_ && !Contains(spec.omit, "Authorization")) {
      headers.emplace_back("Authorization", *authorization_);
    }
    for (const auto& header : spec.headers) {
      const std::string& name = header.first;
      headers.erase(std::remove_if(headers.begin(), headers.end(),
                                   [&](const auto& h) { return EqualsIgnoreCase(h.first, name); }),
                    headers.end());
    }
    headers.insert(headers.end(), spec.headers.begin(), spec.headers.end());
    for (const auto& [name, value] : headers) {
      request.headers().remove(name);
      request.headers().add(name, value);
    }

    cpprest_http::http_response response = impl_->client.request(request).get();
    result.status = response.status_code();
    for (const auto& [name, value] : response.headers())
      result.headers.emplace_back(name, value);
    std::vector<unsigned char> body = response.extract_vector().get();
    result.body.assign(body.begin(), body.end());
  } catch (const std::exception& e) {
    result.status = 0;
    result.error = e.what();
  }
  return result;
}

HttpResult XapiClient::Get(const std::string& target, const ParamList& params,
                           const HeaderList& headers) const {
  HttpRequestSpec spec;
  spec.target = target;
  spec.params = params;
  spec.headers = headers;
  return Send(spec);
}

HttpResult XapiClient::Head(const std::string& target, const ParamList& params) const {
  HttpRequestSpec spec;
  spec.method = "HEAD";
  spec.target = target;
  spec.params = params;
  return Send(spec);
}

HttpResult XapiClient::Post(const std::string& target, const std::string& body,
                            const std::string& content_type) const {
  HttpRequestSpec spec;
  spec.method = "POST";
  spec.target = target;
  spec.body = body;
  spec.headers = {{"Content-Type", content_type}};
  return Send(spec);
}

HttpResult XapiClient::Put(const std::string& target, const ParamList& params,
                           const std::string& body, const std::string& content_type) const {
  HttpRequestSpec spec;
  spec.method = "PUT";
  spec.target = target;
  spec.params = params;
  spec.body = body;
  spec.headers = {{"Content-Type", content_type}};
  return Send(spec);
}

std::string EncodeQuery(const ParamList& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out.push_back('&');
    out += PercentEncode(name);
    out.push_back('=');
    out += PercentEncode(value);
  }
  return out;
}

std::string BasicAuthorization(const std::string& key, const std::string& secret) {
  return "Basic " + crypto::Base64Encode(key + ":" + secret);
}

}  // namespace lrs::test_support
