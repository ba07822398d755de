#include "tests/support/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#ifndef OUTCOME_LRS_PG_CLUSTER_SCRIPT
#error "OUTCOME_LRS_PG_CLUSTER_SCRIPT must name tests/support/pg_cluster.sh"
#endif

namespace lrs::test_support {

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  std::string text = out.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
    text.pop_back();
  return text;
}

// The cluster: the one the ctest fixture started, or one started here for this process.
class Cluster {
 public:
  static Cluster& Get() {
    static Cluster cluster;
    return cluster;
  }

  // nullopt when ready; else why not.
  std::optional<std::string> Unavailable() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_) Start();
    return unavailable_;
  }
  const std::string& host() const { return host_; }
  const std::string& user() const { return user_; }

  ~Cluster() {
    if (own_state_.empty()) return;
    const std::string stop =
        std::string(OUTCOME_LRS_PG_CLUSTER_SCRIPT) + " stop '" + own_state_ + "' >/dev/null 2>&1";
    (void)std::system(stop.c_str());
    std::error_code ec;
    std::filesystem::remove(own_state_ + ".log", ec);
  }

 private:
  void Start() {
    started_ = true;
    std::string state;
    if (const char* s = std::getenv("OUTCOME_LRS_TEST_PG_STATE"); s != nullptr && *s != '\0') {
      state = s;
    } else {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                            "/outcome-lrs-pg-state-XXXXXX";
      if (mkdtemp(pattern.data()) == nullptr) {
        unavailable_ = "cannot create a temporary directory for a PostgreSQL cluster";
        return;
      }
      own_state_ = pattern;
      state = pattern;
      const std::string start = std::string(OUTCOME_LRS_PG_CLUSTER_SCRIPT) + " start '" + state +
                                "' >'" + state + ".log' 2>&1";
      if (std::system(start.c_str()) != 0) {
        unavailable_ = "the PostgreSQL cluster did not start: " + ReadFile(state + ".log");
        return;
      }
    }
    if (std::filesystem::exists(state + "/unavailable")) {
      unavailable_ = "PostgreSQL variants skipped: " + ReadFile(state + "/unavailable");
      return;
    }
    const std::string conninfo = ReadFile(state + "/conninfo");
    if (conninfo.empty()) {
      unavailable_ = "no PostgreSQL cluster at " + state + " (is the pg_cluster fixture running?)";
      return;
    }
    // "host=DIR user=NAME"
    std::istringstream words(conninfo);
    std::string word;
    while (words >> word) {
      if (word.rfind("host=", 0) == 0) host_ = word.substr(5);
      if (word.rfind("user=", 0) == 0) user_ = word.substr(5);
    }
  }

  std::mutex mu_;
  bool started_ = false;
  std::optional<std::string> unavailable_;
  std::string own_state_;  // the state directory of a cluster this process started
  std::string host_;
  std::string user_;
};

Result<PGconn*> ConnectTo(const std::string& uri) {
  PGconn* conn = PQconnectdb(uri.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    return Error::Internal("cannot connect to the test cluster: " + why);
  }
  return conn;
}

}  // namespace

Backend BackendUnderTest() {
  const char* b = std::getenv("OUTCOME_LRS_TEST_BACKEND");
  const char* state = std::getenv("OUTCOME_LRS_TEST_PG_STATE");
  const bool postgres = (b != nullptr && std::string_view(b) == "postgresql") ||
                        (state != nullptr && *state != '\0');
  return postgres ? Backend::kPostgres : Backend::kSqlite;
}

std::optional<std::string> PostgresUnavailable() {
  return Cluster::Get().Unavailable();
}

Result<std::string> PostgresUri(const std::string& name) {
  if (auto why = PostgresUnavailable()) return Error::Internal(*why);
  const Cluster& c = Cluster::Get();
  return "postgresql:///" + name + "?host=" + c.host() + "&user=" + c.user();
}

Status RunPostgresSql(const std::string& uri, const std::string& sql) {
  auto conn = ConnectTo(uri);
  if (!conn.ok()) return conn.error();
  PGresult* r = PQexec(conn.value(), sql.c_str());
  const ExecStatusType status = PQresultStatus(r);
  std::string why = PQresultErrorMessage(r);
  PQclear(r);
  PQfinish(conn.value());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return Error::Internal("SQL on the test cluster failed: " + why);
  }
  return Status();
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(Backend backend,
                                                           const std::string& directory) {
  if (backend == Backend::kSqlite) {
    return std::unique_ptr<TestDatabase>(
        new TestDatabase(backend, directory + "/lrs.db", std::string()));
  }
  static std::atomic<int> counter{0};
  const std::string name = "lrs_test_" + std::to_string(getpid()) + "_" + std::to_string(++counter);
  auto admin = PostgresUri("postgres");
  if (!admin.ok()) return admin.error();
  LRS_RETURN_IF_ERROR(RunPostgresSql(admin.value(), "CREATE DATABASE " + name));
  auto uri = PostgresUri(name);
  if (!uri.ok()) return uri.error();
  return std::unique_ptr<TestDatabase>(new TestDatabase(backend, uri.value(), name));
}

TestDatabase::~TestDatabase() {
  if (pg_name_.empty()) return;
  auto admin = PostgresUri("postgres");
  if (admin.ok()) {
    (void)RunPostgresSql(admin.value(), "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
  }
}

}  // namespace lrs::test_support
