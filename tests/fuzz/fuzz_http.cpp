// The whole request pipeline in one process: the router (alternate syntax, version
// negotiation, authentication), every xAPI resource, the services and the SQLite store, on a
// database in a temporary directory that lives as long as the fuzzing process. The input
// becomes one request: its first byte picks the method and resource, its second the version
// header and content type; the rest, up to a line "\n--\n", is the query string, and what
// follows is the body. Statements, queries with their parameters, document writes and JSON
// merges, Activities and Agents lookups all run against what earlier inputs stored.
// Properties: the router answers (never throws), with a status of the HTTP range, and a 5xx only
// when the database itself failed (never for any input). The directory is removed when the
// process exits (libFuzzer ends a bounded run with exit()); a crash leaves it for inspection.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "lrs/core/crypto.h"
#include "lrs/core/log.h"
#include "lrs/http/documents_resource.h"
#include "lrs/http/http_server.h"
#include "lrs/http/lookup_resources.h"
#include "lrs/http/statements_resource.h"
#include "lrs/http/xapi_router.h"
#include "lrs/service/auth.h"
#include "lrs/service/credentials.h"
#include "lrs/service/document_service.h"
#include "lrs/service/lookup_service.h"
#include "lrs/service/statement_service.h"
#include "lrs/store/database.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace lrs;  // NOLINT: a test harness

constexpr char kKey[] = "fuzz";
constexpr char kSecret[] = "fuzz-secret-1";

// Everything `serve` wires together, minus the HTTP server.
struct Lrs {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<service::Authenticator> authenticator;
  std::unique_ptr<service::StatementService> statements;
  std::unique_ptr<service::LookupService> lookups;
  std::unique_ptr<service::DocumentService> documents;
  std::unique_ptr<http::StatementsResource> statements_resource;
  std::unique_ptr<http::ActivitiesResource> activities_resource;
  std::unique_ptr<http::AgentsResource> agents_resource;
  std::unique_ptr<http::DocumentsResource> state, activity_profile, agent_profile;
  std::unique_ptr<http::XapiRouter> router;
  std::string authorization;
};

// The database's directory, in $TMPDIR (else /tmp), removed at a normal exit. libFuzzer ends
// some runs with _Exit (a finding, a timeout, the -merge child), which skips that: scripts/fuzz.sh
// therefore points TMPDIR into its own work directory.
std::string database_dir;

void RemoveDatabaseDir() {
  std::error_code ignored;
  std::filesystem::remove_all(database_dir, ignored);
}

Lrs* Start() {
  log::SetLevel(log::Level::kError);
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/outcome-lrs-fuzz-http-XXXXXX";
  FUZZ_CHECK(mkdtemp(pattern.data()) != nullptr, "cannot make a temporary directory");
  database_dir = pattern;
  std::atexit(RemoveDatabaseDir);
  auto* lrs = new Lrs();
  store::DatabaseOptions options;
  options.synchronous_full = false;  // the fuzzer's database need not survive power loss
  auto db = store::OpenDatabase(database_dir + "/lrs.db", options);
  FUZZ_CHECK(db.ok(), "cannot open the database");
  lrs->db = std::move(db).value();
  service::NewCredentialRequest credential;
  credential.key = kKey;
  credential.secret = kSecret;
  credential.scopes = "all";
  FUZZ_CHECK(service::CreateCredential(*lrs->db, credential).ok(), "cannot add the credential");
  lrs->authorization = "Basic " + crypto::Base64Encode(std::string(kKey) + ":" + kSecret);

  lrs->authenticator = std::make_unique<service::Authenticator>(*lrs->db);
  lrs->statements =
      std::make_unique<service::StatementService>(*lrs->db, service::StatementServiceOptions{});
  lrs->lookups = std::make_unique<service::LookupService>(*lrs->db);
  lrs->documents = std::make_unique<service::DocumentService>(*lrs->db);
  http::RouterOptions router_options;
  router_options.max_body_bytes = 1 << 20;
  router_options.readiness = [db = lrs->db.get()] { return db->FindStore("default").status(); };
  lrs->router = std::make_unique<http::XapiRouter>(*lrs->authenticator, router_options);
  lrs->statements_resource = std::make_unique<http::StatementsResource>(*lrs->statements);
  lrs->activities_resource = std::make_unique<http::ActivitiesResource>(*lrs->lookups);
  lrs->agents_resource = std::make_unique<http::AgentsResource>(*lrs->lookups);
  lrs->state =
      std::make_unique<http::DocumentsResource>(*lrs->documents, service::DocumentKind::kState);
  lrs->activity_profile = std::make_unique<http::DocumentsResource>(
      *lrs->documents, service::DocumentKind::kActivityProfile);
  lrs->agent_profile = std::make_unique<http::DocumentsResource>(
      *lrs->documents, service::DocumentKind::kAgentProfile);
  lrs->router->Serve("/statements", lrs->statements_resource.get());
  lrs->router->Serve("/activities", lrs->activities_resource.get());
  lrs->router->Serve("/agents", lrs->agents_resource.get());
  lrs->router->Serve("/activities/state", lrs->state.get());
  lrs->router->Serve("/activities/profile", lrs->activity_profile.get());
  lrs->router->Serve("/agents/profile", lrs->agent_profile.get());
  return lrs;
}

constexpr const char* kMethods[] = {"GET", "PUT", "POST", "DELETE", "HEAD"};
constexpr const char* kPaths[] = {
    "/xapi/statements",     "/xapi/activities/state", "/xapi/activities/profile",
    "/xapi/agents/profile", "/xapi/activities",       "/xapi/agents",
    "/xapi/about",          "/health/ready"};
constexpr const char* kVersions[] = {"1.0.3", "2.0.0", "1.0.0", "1.0"};
constexpr const char* kContentTypes[] = {"application/json", "application/octet-stream",
                                         "multipart/mixed; boundary=abc",
                                         "application/x-www-form-urlencoded", "text/plain"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Lrs* lrs = Start();
  if (size < 2) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  http::HttpRequest request;
  request.method = kMethods[data[0] % 5];
  request.path = kPaths[(data[0] / 5) % 8];
  request.headers.Set("X-Experience-API-Version", kVersions[data[1] % 4]);
  request.headers.Set("Content-Type", kContentTypes[(data[1] / 4) % 5]);
  request.headers.Set("Authorization", lrs->authorization);
  const size_t split = rest.find("\n--\n");
  request.query = std::string(rest.substr(0, split));
  if (split != std::string_view::npos) request.body = std::string(rest.substr(split + 4));

  http::RequestContext context;
  context.request_id = "fuzz";
  context.remote_address = "127.0.0.1";
  http::HttpResponse response = lrs->router->Handle(request, context);
  FUZZ_CHECK(response.status >= 200 && response.status <= 599, "a status outside HTTP's range");
  FUZZ_CHECK(response.status < 500 || response.status == 503,
             "a server error for a request (only an unavailable database may give one)");
  return 0;
}
