// The database a test runs on, on the backend under test: an SQLite file in a temporary
// directory, or a database of its own in the throwaway PostgreSQL cluster (pg_cluster.sh).
//
// ctest runs every test binary on SQLite, and the storage and HTTP tests a second time on
// PostgreSQL (test names prefixed "postgresql/"), with OUTCOME_LRS_TEST_PG_STATE naming the
// cluster its fixture started. Run by hand with OUTCOME_LRS_TEST_BACKEND=postgresql instead, a
// test binary starts a cluster of its own and removes it at exit (not when it is killed).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "lrs/core/error.h"

namespace lrs::test_support {

enum class Backend { kSqlite, kPostgres };

// PostgreSQL when OUTCOME_LRS_TEST_BACKEND is "postgresql" or OUTCOME_LRS_TEST_PG_STATE is set;
// SQLite otherwise.
Backend BackendUnderTest();

// Why PostgreSQL tests cannot run here (its binaries are missing), nullopt when they can. May
// start the cluster (see the header comment).
std::optional<std::string> PostgresUnavailable();

// In a GoogleTest test or fixture: skips the test, saying why, when it runs on PostgreSQL and no
// cluster can be had.
#define LRS_SKIP_WITHOUT_BACKEND()                                                            \
  do {                                                                                        \
    if (::lrs::test_support::BackendUnderTest() == ::lrs::test_support::Backend::kPostgres) { \
      if (auto why = ::lrs::test_support::PostgresUnavailable()) GTEST_SKIP() << *why;        \
    }                                                                                         \
  } while (false)

// A new empty database, removed again with this object.
class TestDatabase {
 public:
  // An SQLite location in `directory` (its file is created on first use), or a new PostgreSQL
  // database. kInternal when the cluster cannot be reached or is unavailable.
  static Result<std::unique_ptr<TestDatabase>> Create(Backend backend,
                                                      const std::string& directory);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  // What --db and store::OpenDatabase take: the SQLite path or the PostgreSQL URI.
  const std::string& location() const { return location_; }

 private:
  TestDatabase(Backend backend, std::string location, std::string pg_name)
      : backend_(backend), location_(std::move(location)), pg_name_(std::move(pg_name)) {}

  Backend backend_;
  std::string location_;
  std::string pg_name_;  // the PostgreSQL database to drop
};

// A connection URI to the throwaway cluster's database `name` (as the cluster's superuser).
Result<std::string> PostgresUri(const std::string& name);

// Runs `sql` on the PostgreSQL database at `uri` (a TestDatabase's location); for tests that act
// as another client of a database. kInternal naming the error.
Status RunPostgresSql(const std::string& uri, const std::string& sql);

}  // namespace lrs::test_support
