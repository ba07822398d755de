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
  // Most request bodies received at once (from the headers to the body's last byte); a request
  // with a body past it is answered 503 with Retry-After at once, so slow uploads cannot hold
  // an unbounded number of connections and buffers. 0: no limit.
  size_t max_uploads = 0;
};

// What the server knows of a request besides its content.
struct RequestContext {
  // Its id (request_id.h): the client's X-Request-Id when sane, else a new one. The server puts
  // it in the X-Request-Id header of the response, whatever the handler answers.
  std::string request_id;
  // The client's IP address, as the connection shows it ("" when unknown).
  std::string remote_address;
};

// Called on a worker thread for every request; must not throw.
using RequestHandler = std::function<HttpResponse(HttpRequest&, const RequestContext&)>;

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
