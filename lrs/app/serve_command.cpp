// `outcome-lrs serve`: wires the layers together and serves until SIGINT/SIGTERM.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <system_error>

#include "lrs/app/cli.h"
#include "lrs/core/log.h"
#include "lrs/core/metrics.h"
#include "lrs/core/strings.h"
#include "lrs/extension/extension_host.h"
#include "lrs/http/admin_audit_resource.h"
#include "lrs/http/admin_credentials_resource.h"
#include "lrs/http/admin_forget_resource.h"
#include "lrs/http/admin_jobs_resource.h"
#include "lrs/http/admin_plugins_resource.h"
#include "lrs/http/admin_stores_resource.h"
#include "lrs/http/documents_resource.h"
#include "lrs/http/http_server.h"
#include "lrs/http/lookup_resources.h"
#include "lrs/http/metrics_resource.h"
#include "lrs/http/statements_resource.h"
#include "lrs/http/xapi_router.h"
#include "lrs/service/administration.h"
#include "lrs/service/auth.h"
#include "lrs/service/document_service.h"
#include "lrs/service/forget_jobs.h"
#include "lrs/service/jobs.h"
#include "lrs/service/lookup_service.h"
#include "lrs/service/statement_service.h"
#include "lrs/store/database.h"

namespace lrs::app {

namespace {

int Usage(const std::string& message) {
  std::fprintf(stderr, "outcome-lrs serve: %s (see outcome-lrs --help)\n", message.c_str());
  return 2;
}

// The environment variable of serve option `name`: "--log-level" -> "OUTCOME_LRS_LOG_LEVEL".
std::string EnvironmentName(const std::string& name) {
  std::string env = "OUTCOME_LRS_";
  for (char c : name.substr(2))
    env += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return env;
}

// A serve option's value: from the command line, else from its environment variable (for
// containers and systemd units), else nullopt. `*from` says which, for messages.
Result<std::optional<std::string>> ServeOption(Args& args, const std::string& name,
                                               std::string* from = nullptr) {
  auto value = args.Take(name);
  if (!value.ok() || value.value()) {
    if (from != nullptr) *from = name;
    return value;
  }
  const std::string env = EnvironmentName(name);
  if (from != nullptr) *from = env;
  const char* set = std::getenv(env.c_str());
  if (set == nullptr || *set == '\0') return std::optional<std::string>();
  return std::optional<std::string>(set);
}

Result<size_t> PositiveOption(Args& args, const std::string& name, size_t fallback) {
  std::string from;
  auto value = ServeOption(args, name, &from);
  if (!value.ok()) return value.error();
  if (!value.value()) return fallback;
  auto n = ParseUnsigned(*value.value());
  if (!n || *n == 0) return Error::BadRequest(from + " must be a positive integer");
  return static_cast<size_t>(*n);
}

}  // namespace

int RunServe(Args args) {
  auto db = ServeOption(args, "--db");
  auto listen = ServeOption(args, "--listen");
  auto level = ServeOption(args, "--log-level");
  auto log_format = ServeOption(args, "--log-format");
  auto sync = ServeOption(args, "--synchronous");
  auto metrics_listen = ServeOption(args, "--metrics-listen");
  for (auto* r : {&db, &listen, &level, &log_format, &sync, &metrics_listen}) {
    if (!r->ok()) return Usage(r->error().message());
  }
  auto plugin_paths = PluginPaths(args);
  if (!plugin_paths.ok()) return Usage(plugin_paths.error().message());
  auto max_body = PositiveOption(args, "--max-body-bytes", 16u << 20);
  auto page_size = PositiveOption(args, "--page-size", 500);
  auto threads = PositiveOption(args, "--threads", 16);
  auto busy_timeout = PositiveOption(args, "--busy-timeout-ms", 10000);
  auto pool_size = PositiveOption(args, "--pool-size", 0);
  auto statement_timeout = PositiveOption(args, "--statement-timeout-ms", 0);
  auto rate_limit = PositiveOption(args, "--rate-limit", 0);
  auto max_uploads = PositiveOption(args, "--max-uploads", 0);
  for (auto* r : {&max_body, &page_size, &threads, &busy_timeout, &pool_size, &statement_timeout,
                  &rate_limit, &max_uploads}) {
    if (!r->ok()) return Usage(r->error().message());
  }
  Status finished = args.Finish();
  if (!finished.ok()) return Usage(finished.error().message());

  const std::string db_path = db.value().value_or("data/lrs.db");
  std::string host = "127.0.0.1";
  int port = 8080;
  if (listen.value()) {
    Status parsed = ParseListen(*listen.value(), &host, &port);
    if (!parsed.ok()) return Usage(parsed.error().message());
  }
  std::string metrics_host;
  int metrics_port = 0;
  if (metrics_listen.value()) {
    Status parsed = ParseListen(*metrics_listen.value(), &metrics_host, &metrics_port);
    if (!parsed.ok()) return Usage("--metrics-listen: " + parsed.error().message());
    if (metrics_host == host && metrics_port == port) {
      return Usage("--metrics-listen must differ from --listen");
    }
  }
  if (level.value()) {
    auto l = log::ParseLevel(*level.value());
    if (!l) return Usage("--log-level must be debug, info, warn or error");
    log::SetLevel(*l);
  }
  if (log_format.value()) {
    auto f = log::ParseFormat(*log_format.value());
    if (!f) return Usage("--log-format must be text or json");
    log::SetFormat(*f);
  }
  const bool postgres = store::IsPostgresUri(db_path);
  store::DatabaseOptions store_options;
  store_options.busy_timeout_ms = static_cast<int>(std::min<size_t>(busy_timeout.value(), 3600000));
  store_options.pool_size = static_cast<int>(std::min<size_t>(pool_size.value(), 1000));
  store_options.statement_timeout_ms =
      static_cast<int>(std::min<size_t>(statement_timeout.value(), 3600000));
  if (postgres) {
    Status uri = store::CheckPostgresUri(db_path);
    if (!uri.ok()) return Usage("--db: " + uri.error().message());
    if (sync.value()) {
      return Usage(
          "--synchronous is an SQLite option; on PostgreSQL every acknowledged write is "
          "committed with synchronous_commit=on");
    }
  } else if (statement_timeout.value() > 0) {
    return Usage("--statement-timeout-ms is a PostgreSQL option (--db postgresql://...)");
  }
  if (sync.value()) {
    if (*sync.value() != "full" && *sync.value() != "normal") {
      return Usage("--synchronous must be full or normal");
    }
    store_options.synchronous_full = *sync.value() == "full";
  }

  // glibc gives every thread that allocates its own malloc arena; with a pool of HTTP workers
  // that is tens of megabytes of fragmented, mostly idle memory. Two arenas keep the server's
  // resident size bounded by what it actually uses (mostly SQLite's page caches).
  mallopt(M_ARENA_MAX, 2);
  // Requests that build large answers (an impact estimate allocates tens of megabytes of panel,
  // influence functions and text) would otherwise get their big blocks from fresh mmap()s and
  // give the heap's top back after each request, so that every request faulted in and zeroed
  // its memory again: that alone took an analytic estimate from about 30 ms to 45-52 ms
  // (docs/PERFORMANCE.md). Blocks under 32 MiB come from the arenas, and an arena keeps up to
  // 64 MiB of free memory for the next request; with two arenas the resident size stays bounded.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);

  // Signals are taken synchronously by this thread (sigwait); every thread started from here on
  // inherits the mask, so none of them is interrupted.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto store = store::OpenDatabase(db_path, store_options);
  if (!store.ok()) {
    log::Error(store.error().message());
    return 1;
  }
  // Plugins: loaded, their schemas applied, started; they see every statement batch.
  extension::ExtensionHost extensions(*store.value(), *store.value());
  Status extended = extensions.Load(plugin_paths.value());
  if (extended.ok()) extended = extensions.Start();
  if (!extended.ok()) {
    log::Error(extended.error().message());
    return 1;
  }

  service::Authenticator authenticator(*store.value());
  service::StatementServiceOptions service_options;
  service_options.max_page_size = page_size.value();
  service_options.block_list = store.value().get();
  service::StatementService statements(*store.value(), service_options);
  http::RouterOptions router_options;
  router_options.max_body_bytes = max_body.value();
  router_options.plugins = extensions.plugins();
  router_options.server_version = OUTCOME_LRS_VERSION;
  // Ready while the database answers a read through the pool requests use.
  router_options.readiness = [&db = *store.value()] { return db.FindStore("default").status(); };
  router_options.rate_limit = rate_limit.value();
  http::StatementsResource statements_resource(statements);
  http::XapiRouter router(authenticator, router_options);
  router.Serve("/statements", &statements_resource);
  service::LookupService lookups(*store.value());
  http::ActivitiesResource activities_resource(lookups);
  http::AgentsResource agents_resource(lookups);
  router.Serve("/activities", &activities_resource);
  router.Serve("/agents", &agents_resource);
  service::DocumentService documents(*store.value());
  http::DocumentsResource state_resource(documents, service::DocumentKind::kState);
  http::DocumentsResource activity_profile_resource(documents,
                                                    service::DocumentKind::kActivityProfile);
  http::DocumentsResource agent_profile_resource(documents, service::DocumentKind::kAgentProfile);
  router.Serve("/activities/state", &state_resource);
  router.Serve("/activities/profile", &activity_profile_resource);
  router.Serve("/agents/profile", &agent_profile_resource);
  // The administration API, and the background jobs it follows (one thread, stopped with the
  // server; jobs an earlier process left unfinished are marked failed here).
  service::JobRunner jobs(*store.value());
  Status jobs_started = jobs.Start();
  if (!jobs_started.ok()) {
    log::Error("cannot start the job runner: " + jobs_started.error().message());
    return 1;
  }
  service::Administration administration(*store.value(), extensions.ExtraScopes());
  http::AdminStoresResource admin_stores(administration);
  http::AdminCredentialsResource admin_credentials(administration);
  http::AdminJobsResource admin_jobs(jobs);
  http::AdminAuditResource admin_audit(administration, *store.value());
  http::AdminPluginsResource admin_plugins(extensions.plugins(), *store.value());
  // Erasures run in this process, their plugins' part through the same extension host as the
  // statements' (as `outcome-lrs forget --plugin` does), and the writer they run on forgets the
  // index keys it remembers: no restart is needed after one.
  service::ForgetJobs forget_jobs(*store.value(), &extensions, jobs, administration);
  http::AdminForgetResource admin_forget(forget_jobs);
  router.ServeAdmin("stores", &admin_stores);
  router.ServeAdmin("credentials", &admin_credentials);
  router.ServeAdmin("jobs", &admin_jobs);
  router.ServeAdmin("audit", &admin_audit);
  router.ServeAdmin("plugins", &admin_plugins);
  router.ServeAdmin("forget", &admin_forget);

  http::ServerOptions server_options;
  server_options.host = host;
  server_options.port = static_cast<uint16_t>(port);
  server_options.max_body_bytes = max_body.value();
  server_options.threads = threads.value();
  server_options.max_uploads = max_uploads.value();
  // The size of SQLite's write-ahead log, read when the metrics are (a stat of one file).
  const std::string wal_gauge = "outcome_lrs_sqlite_wal_bytes";
  if (!postgres) {
    metrics::Global().SetComputedGauge(wal_gauge,
                                       "Size of the SQLite write-ahead log file (-wal) in bytes",
                                       [wal = db_path + "-wal"] {
                                         std::error_code error;
                                         const auto size = std::filesystem::file_size(wal, error);
                                         return error ? 0.0 : static_cast<double>(size);
                                       });
  }
  auto server = http::HttpServer::Start(
      server_options, [&router](http::HttpRequest& request, const http::RequestContext& context) {
        return router.Handle(request, context);
      });
  if (!server.ok()) {
    log::Error(server.error().message());
    return 1;
  }
  // GET /metrics without credentials, on an address of its own (one only operators reach).
  std::unique_ptr<http::HttpServer> metrics_server;
  if (metrics_listen.value()) {
    http::ServerOptions metrics_options;
    metrics_options.host = metrics_host;
    metrics_options.port = static_cast<uint16_t>(metrics_port);
    metrics_options.max_body_bytes = 64 * 1024;
    auto started =
        http::HttpServer::Start(metrics_options, http::MetricsResource::OpenListenerHandle);
    if (!started.ok()) {
      log::Error(started.error().message());
      server.value()->Stop();
      return 1;
    }
    metrics_server = std::move(started).value();
    log::Info("metrics at http://" + metrics_host + ":" + std::to_string(metrics_port) +
              "/metrics");
  }
  log::Info("outcome-lrs " OUTCOME_LRS_VERSION " serving xAPI 1.0.3 and 2.0.0 at http://" + host +
            ":" + std::to_string(port) + "/xapi/ (database " + db_path + ")");

  int received = 0;
  sigwait(&signals, &received);
  log::Info(std::string("received ") + (received == SIGINT ? "SIGINT" : "SIGTERM") +
            ", shutting down");
  if (metrics_server) metrics_server->Stop();
  server.value()->Stop();
  server.value().reset();
  metrics::Global().RemoveComputedGauge(wal_gauge);
  jobs.Stop();
  extensions.Stop();
  log::Info("stopped");
  return 0;  // the router, the plugins and then the database close as they go out of scope
}

}  // namespace lrs::app
