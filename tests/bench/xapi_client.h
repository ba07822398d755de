// One keep-alive HTTP connection to the LRS under test, with the headers every xAPI request
// needs (HTTP Basic credentials, X-Experience-API-Version: 1.0.3). Only xapi_client.cpp sees
// cpprestsdk.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lrs::bench {

// Where the LRS is and who the benchmark is.
struct Endpoint {
  std::string authority;  // scheme and authority, "http://127.0.0.1:8080"
  std::string xapi_path;  // the xAPI base path, "/xapi/"
  std::string key;
  std::string secret;
  int timeout_seconds = 60;  // per request
};

// The endpoint of worker `worker` when a phase's workers are spread over several LRS processes
// (one database, one credential): round-robin, worker i on endpoints[i % endpoints.size()].
// `endpoints` must not be empty, and all of them have the same xapi_path, so that request
// targets built from the first one are valid on every one.
inline const Endpoint& EndpointOfWorker(const std::vector<Endpoint>& endpoints, int worker) {
  return endpoints[static_cast<size_t>(worker) % endpoints.size()];
}

// The outcome of one request.
struct Reply {
  int status = 0;  // 0 when no response arrived (connection refused, timeout, ...)
  std::string body;
  std::string error;  // why no response arrived, when status == 0
  double millis = 0;  // wall-clock from sending the request to having the whole response body
};

// A client for one thread: requests are sent one at a time on one reused connection.
class XapiConnection {
 public:
  explicit XapiConnection(const Endpoint& endpoint);
  ~XapiConnection();
  XapiConnection(const XapiConnection&) = delete;
  XapiConnection& operator=(const XapiConnection&) = delete;

  // Sends `method` to `target`, a path with query ("/xapi/statements?limit=1") resolved against
  // the endpoint's authority, with `body` as `content_type` when `method` is not GET. Never
  // throws: transport failures come back as status 0 with `error` set.
  Reply Send(const std::string& method, const std::string& target, std::string body = {},
             const std::string& content_type = "application/json");

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lrs::bench
