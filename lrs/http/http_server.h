// An HTTP/1.1 server that hands each request, body read, to a handler. Implemented on
// cpprestsdk in cpprest_server.cpp, the only file that includes it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  // Bodies larger than this are read and discarded, never held in memory; the handler then sees
  // body_too_large.
  size_t max_body_bytes = 16u << 20;
  // Worker threads running handlers (handlers may block on the database).
  size_t threads = 16;
};

// Called on a worker thread for every request; must not throw.
using RequestHandler = std::function<HttpResponse(HttpRequest&)>;

class HttpServer {
 public:
  virtual ~HttpServer() = default;

  // Starts listening on options.host:options.port. kInternal when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> Start(const ServerOptions& options,
                                                   RequestHandler handler);

  // Stops accepting connections and waits for requests in progress. Idempotent.
  virtual void Stop() = 0;
};

}  // namespace lrs::http
