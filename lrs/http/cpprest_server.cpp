// The cpprestsdk adapter: the only translation unit that includes cpprestsdk.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <cpprest/http_listener.h>
#include <cpprest/producerconsumerstream.h>
#include <pplx/threadpool.h>

#include "lrs/core/log.h"
#include "lrs/core/metrics.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/http/api_version.h"
#include "lrs/http/error_response.h"
#include "lrs/http/http_server.h"
#include "lrs/http/request_id.h"

namespace lrs::http {

namespace {

namespace cpprest_http = web::http;
using web::http::experimental::listener::http_listener;
using web::http::experimental::listener::http_listener_config;

constexpr size_t kChunk = 64 * 1024;

// How long Stop lets requests in progress finish (a body still uploading, a batch being stored)
// before it closes the listener under them.
constexpr auto kDrainTimeout = std::chrono::seconds(30);
constexpr auto kCloseGrace = std::chrono::milliseconds(50);

// The state of one request while its body is read.
struct Exchange {
  cpprest_http::http_request request;
  HttpRequest converted;
  RequestContext context;
  std::vector<unsigned char> chunk;
  size_t limit = 0;
  // Counted among the bodies being received (ServerOptions::max_uploads) until EndUpload.
  bool uploading = false;
};

// Whether the request announces a body: a Content-Length above 0, or a chunked one.
bool HasBody(const HttpRequest& r) {
  if (auto length = r.headers.Get("Content-Length")) {
    auto n = ParseUnsigned(Trim(*length));
    return !n || *n > 0;
  }
  return r.headers.Get("Transfer-Encoding").has_value();
}

class CpprestServer final : public HttpServer {
 public:
  CpprestServer(const ServerOptions& options, RequestHandler handler)
      : options_(options),
        handler_(std::move(handler)),
        in_flight_gauge_(metrics::Global()
                             .GaugeFamily("outcome_lrs_http_requests_in_flight",
                                          "HTTP requests received and not yet answered")
                             .With({})),
        uploads_gauge_(metrics::Global()
                           .GaugeFamily("outcome_lrs_http_uploads_in_progress",
                                        "Request bodies being received")
                           .With({})),
        uploads_refused_(metrics::Global()
                             .CounterFamily("outcome_lrs_http_uploads_refused_total",
                                            "Requests answered 503 because --max-uploads bodies "
                                            "were being received")
                             .With({})) {}

  ~CpprestServer() override { Stop(); }

  Status Open() {
    try {
      http_listener_config config;
      config.set_timeout(utility::seconds(120));
      std::string uri = "http://" + options_.host + ":" + std::to_string(options_.port) + "/";
      listener_ = std::make_unique<http_listener>(uri, config);
      auto accept = [this](cpprest_http::http_request request) { Accept(std::move(request)); };
      listener_->support(accept);
      // The listener answers OPTIONS and TRACE itself (an empty 200, an echo of the request)
      // unless they have handlers of their own; the router answers them like any other method.
      listener_->support(cpprest_http::methods::OPTIONS, accept);
      listener_->support(cpprest_http::methods::TRCE, accept);
      listener_->open().wait();
      open_ = true;
      return Status();
    } catch (const std::exception& e) {
      listener_.reset();
      return Error::Internal("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + e.what());
    }
  }

  void Stop() override {
    std::lock_guard<std::mutex> lock(stop_mu_);
    if (!open_) return;
    open_ = false;
    // Drain first: requests already accepted finish (their bodies are read, their batches
    // stored and acknowledged) while new ones are refused with 503. Closing the listener while
    // a connection is still reading a body crashes inside cpprestsdk (boost::asio's reactor
    // starts a read on a socket close() has just torn down), so close() comes after.
    draining_.store(true);
    {
      std::unique_lock<std::mutex> in_flight(in_flight_mu_);
      if (!in_flight_cv_.wait_for(in_flight, kDrainTimeout, [this] { return in_flight_ == 0; })) {
        log::Warn("requests still in progress after " + std::to_string(kDrainTimeout.count()) +
                  " s; closing their connections");
      }
    }
    // Connections whose last response said "Connection: close" are closing themselves.
    std::this_thread::sleep_for(kCloseGrace);
    try {
      listener_->close().wait();
    } catch (const std::exception& e) {
      log::Warn(std::string("closing the HTTP listener: ") + e.what());
    }
    // The listener does not know about requests whose body is still being read or whose
    // handler still runs (Accept returns at once); they use the handler's objects, which the
    // caller may destroy as soon as Stop returns.
    std::unique_lock<std::mutex> in_flight(in_flight_mu_);
    in_flight_cv_.wait(in_flight, [this] { return in_flight_ == 0; });
  }

 private:
  void Accept(cpprest_http::http_request request) {
    {
      std::lock_guard<std::mutex> lock(in_flight_mu_);
      ++in_flight_;
    }
    in_flight_gauge_.Add(1);
    auto exchange = std::make_shared<Exchange>();
    exchange->request = request;
    exchange->limit = options_.max_body_bytes;
    exchange->context.request_id = RequestIdFor(HeaderOf(request, "X-Request-Id"));
    try {
      exchange->context.remote_address = request.remote_address();
    } catch (const std::exception&) {
    }
    if (draining_.load()) {
      Reply(exchange,
            Refusal(Error(ErrorCode::kUnavailable, "the LRS is shutting down; retry later"),
                    VersionHeaderOf(request)));
      return;
    }
    HttpRequest& r = exchange->converted;
    try {
      r.method = request.method();
      const auto& uri = request.relative_uri();
      r.path = web::uri::decode(uri.path());
      r.query = uri.query();
      for (const auto& h : request.headers())
        r.headers.Set(h.first, h.second);
    } catch (const std::exception& e) {
      Reply(exchange, Refusal(Error::BadRequest(std::string("malformed request: ") + e.what()),
                              VersionHeaderOf(request)));
      return;
    }
    if (!IsValidUtf8(r.path)) {
      Reply(exchange, Refusal(Error::BadRequest("the request path is not valid UTF-8"),
                              r.headers.Get("X-Experience-API-Version")));
      return;
    }
    // A declared length over the limit is known now: skip buffering entirely.
    if (auto length = r.headers.Get("Content-Length")) {
      auto n = ParseUnsigned(Trim(*length));
      if (n && *n > exchange->limit) r.body_too_large = true;
    }
    if (HasBody(r) && !BeginUpload(*exchange)) {
      uploads_refused_.Add();
      Reply(exchange, Refusal(Error(ErrorCode::kUnavailable,
                                    "the LRS is receiving as many request bodies as it accepts "
                                    "at once (" +
                                        std::to_string(options_.max_uploads) + "); retry later"),
                              r.headers.Get("X-Experience-API-Version")));
      return;
    }
    exchange->chunk.resize(kChunk);
    ReadBody(exchange);
  }

  // Counts `exchange` among the bodies being received; false when max_uploads are already.
  bool BeginUpload(Exchange& exchange) {
    if (options_.max_uploads == 0) return true;
    if (uploads_.fetch_add(1) >= options_.max_uploads) {
      uploads_.fetch_sub(1);
      return false;
    }
    uploads_gauge_.Add(1);
    exchange.uploading = true;
    return true;
  }

  // Its body is read (or failed): no longer counted.
  void EndUpload(Exchange& exchange) {
    if (!exchange.uploading) return;
    exchange.uploading = false;
    uploads_.fetch_sub(1);
    uploads_gauge_.Add(-1);
  }

  // Reads the body chunk by chunk without blocking a worker; past the limit the data is
  // discarded as it arrives, so memory stays bounded whatever the client sends.
  void ReadBody(std::shared_ptr<Exchange> exchange) {
    auto buffer = exchange->request.body().streambuf();
    buffer.getn(exchange->chunk.data(), exchange->chunk.size())
        .then([this, exchange](pplx::task<size_t> read) {
          size_t n = 0;
          try {
            n = read.get();
          } catch (const std::exception& e) {
            log::Debug(std::string("request body read failed: ") + e.what());
            EndUpload(*exchange);
            Reply(exchange, Refusal(Error::BadRequest("the request body could not be read"),
                                    exchange->converted.headers.Get("X-Experience-API-Version")));
            return;
          }
          if (n == 0) {
            EndUpload(*exchange);
            Complete(exchange);
            return;
          }
          HttpRequest& r = exchange->converted;
          if (!r.body_too_large) {
            if (r.body.size() + n > exchange->limit) {
              r.body_too_large = true;
              std::string().swap(r.body);
            } else {
              r.body.append(reinterpret_cast<const char*>(exchange->chunk.data()), n);
            }
          }
          ReadBody(exchange);
        });
  }

  void Complete(const std::shared_ptr<Exchange>& exchange) {
    HttpResponse response;
    try {
      response = handler_(exchange->converted, exchange->context);
    } catch (const std::exception& e) {
      log::Error(std::string("request handler threw: ") + e.what());
      response = Refusal(Error::Internal("internal error"),
                         exchange->converted.headers.Get("X-Experience-API-Version"));
    }
    Reply(exchange, std::move(response));
  }

  // An error the adapter answers itself (before or instead of the handler).
  // `version_header`: the request's X-Experience-API-Version, when known.
  static HttpResponse Refusal(const Error& error, std::optional<std::string_view> version_header) {
    HttpResponse response = ErrorResponse(error, std::nullopt);
    response.headers.Set("X-Experience-API-Version", ResponseVersionFor(version_header));
    return response;
  }

  // Header `name` of a request not converted yet (nullopt when absent).
  static std::optional<std::string> HeaderOf(const cpprest_http::http_request& request,
                                             const char* name) {
    try {
      auto it = request.headers().find(name);
      if (it != request.headers().end()) return it->second;
    } catch (const std::exception&) {
    }
    return std::nullopt;
  }
  // The X-Experience-API-Version header of a request not converted yet (nullopt when absent).
  static std::optional<std::string> VersionHeaderOf(const cpprest_http::http_request& request) {
    return HeaderOf(request, "X-Experience-API-Version");
  }

  // Sends the response; every accepted request ends here exactly once, and Done follows when
  // the response is written.
  void Reply(const std::shared_ptr<Exchange>& exchange, HttpResponse response) {
    cpprest_http::http_response out(static_cast<cpprest_http::status_code>(response.status));
    std::string content_type;
    for (const auto& [name, value] : response.headers.entries()) {
      if (EqualsIgnoreCase(name, "Content-Type")) {
        content_type = value;
      } else if (!EqualsIgnoreCase(name, "Date") && !EqualsIgnoreCase(name, "X-Request-Id")) {
        out.headers().add(name, value);
      }
    }
    // Every response names its request, also those the adapter answers itself.
    out.headers().add("X-Request-Id", exchange->context.request_id);
    // An origin server with a clock sends Date on every response (RFC 9110 §6.6.1); clients
    // compare it with X-Experience-API-Consistent-Through to judge how fresh a read is. Every
    // response leaves through here, so this is the one place that sets it.
    out.headers().add("Date", FormatHttpDate(NowMicros()));
    std::shared_ptr<StreamedBody> streamed;
    if (response.stream) {
      streamed = std::make_shared<StreamedBody>();
      out.set_body(streamed->buffer.create_istream(),
                   content_type.empty() ? "application/octet-stream" : content_type);
    } else if (!response.body.empty()) {
      out.set_body(std::move(response.body), content_type);
    } else if (!content_type.empty()) {
      out.headers().add("Content-Type", content_type);
    }
    // While draining, every response closes its connection: cpprestsdk then closes it itself
    // once the response is written, instead of reading the next request.
    if (draining_.load()) out.headers().add("Connection", "close");
    try {
      exchange->request.reply(out).then([this, streamed](pplx::task<void> sent) {
        try {
          sent.get();
        } catch (const std::exception& e) {
          log::Debug(std::string("response not delivered: ") + e.what());
        }
        if (streamed) streamed->finished = true;
        Done();
      });
    } catch (const std::exception& e) {
      log::Debug(std::string("response not sent: ") + e.what());
      if (streamed) streamed->finished = true;
      Done();
      return;
    }
    if (streamed) Produce(*streamed, response.stream);
  }

  // A body being streamed: what the writer produces goes into `buffer`, which cpprestsdk reads
  // and sends as it can.
  struct StreamedBody {
    concurrency::streams::producer_consumer_buffer<uint8_t> buffer;
    // The response is sent or failed (the client went away): stop producing.
    std::atomic<bool> finished{false};
  };

  // Runs `writer` on this thread until it ends, keeping at most kStreamAhead bytes produced but
  // not yet sent, so a slow client bounds the memory an export takes.
  static void Produce(StreamedBody& body, const BodyWriter& writer) {
    constexpr size_t kStreamAhead = 4u << 20;
    std::string piece;
    try {
      while (true) {
        while (!body.finished.load() && body.buffer.in_avail() > kStreamAhead) {
          std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (body.finished.load()) return;
        piece.clear();
        Result<bool> more = writer(piece);
        if (!more.ok()) {
          log::Error("streamed response ended early: " + more.error().message());
          body.buffer
              .close(std::ios_base::out,
                     std::make_exception_ptr(std::runtime_error(more.error().message())))
              .wait();
          return;
        }
        if (!piece.empty()) {
          body.buffer.putn_nocopy(reinterpret_cast<const uint8_t*>(piece.data()), piece.size())
              .wait();
        }
        if (!more.value()) break;
      }
      body.buffer.close(std::ios_base::out).wait();
    } catch (const std::exception& e) {
      log::Error(std::string("streamed response failed: ") + e.what());
      try {
        body.buffer.close(std::ios_base::out, std::current_exception()).wait();
      } catch (...) {
      }
    }
  }

  // A request's response is written (or failed): cpprestsdk writes it only after the whole
  // body was read, so nothing of the connection is in progress any more.
  void Done() {
    in_flight_gauge_.Add(-1);
    std::lock_guard<std::mutex> lock(in_flight_mu_);
    if (--in_flight_ == 0) in_flight_cv_.notify_all();
  }

  ServerOptions options_;
  RequestHandler handler_;
  metrics::Gauge& in_flight_gauge_;
  metrics::Gauge& uploads_gauge_;
  metrics::Counter& uploads_refused_;
  // Bodies being received, when max_uploads limits them.
  std::atomic<size_t> uploads_{0};
  // Requests accepted whose response is not yet written.
  std::mutex in_flight_mu_;
  std::condition_variable in_flight_cv_;
  size_t in_flight_ = 0;
  std::unique_ptr<http_listener> listener_;
  std::mutex stop_mu_;
  bool open_ = false;
  // Set by Stop: new requests are refused while those in progress finish.
  std::atomic<bool> draining_{false};
};

std::once_flag g_pool_once;

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const ServerOptions& options,
                                                      RequestHandler handler) {
  std::call_once(g_pool_once, [&options] {
    try {
      crossplat::threadpool::initialize_with_threads(options.threads);
    } catch (const std::exception& e) {
      log::Warn(std::string("HTTP thread pool already initialized: ") + e.what());
    }
  });
  auto server = std::make_unique<CpprestServer>(options, std::move(handler));
  LRS_RETURN_IF_ERROR(server->Open());
  return std::unique_ptr<HttpServer>(std::move(server));
}

}  // namespace lrs::http
