#include "tests/bench/xapi_client.h"

#include <chrono>

#include <cpprest/http_client.h>

#include "lrs/core/crypto.h"

namespace lrs::bench {

namespace http = web::http;

class XapiConnection::Impl {
 public:
  explicit Impl(const Endpoint& endpoint)
      : authorization_("Basic " + crypto::Base64Encode(endpoint.key + ":" + endpoint.secret)),
        client_(endpoint.authority, Config(endpoint)) {}

  Reply Send(const std::string& method, const std::string& target, std::string body,
             const std::string& content_type) {
    Reply reply;
    const auto start = std::chrono::steady_clock::now();
    try {
      http::http_request request(method);
      request.set_request_uri(target);
      request.headers().add("Authorization", authorization_);
      request.headers().add("X-Experience-API-Version", "1.0.3");
      if (method != http::methods::GET) request.set_body(std::move(body), content_type);
      http::http_response response = client_.request(request).get();
      reply.status = response.status_code();
      reply.body = response.extract_utf8string(/*ignore_content_type=*/true).get();
    } catch (const std::exception& e) {
      reply.status = 0;
      reply.error = e.what();
    }
    reply.millis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return reply;
  }

 private:
  static http::client::http_client_config Config(const Endpoint& endpoint) {
    http::client::http_client_config config;
    config.set_timeout(std::chrono::seconds(endpoint.timeout_seconds));
    return config;
  }

  std::string authorization_;
  http::client::http_client client_;
};

XapiConnection::XapiConnection(const Endpoint& endpoint)
    : impl_(std::make_unique<Impl>(endpoint)) {}

XapiConnection::~XapiConnection() = default;

Reply XapiConnection::Send(const std::string& method, const std::string& target, std::string body,
                           const std::string& content_type) {
  return impl_->Send(method, target, std::move(body), content_type);
}

}  // namespace lrs::bench
