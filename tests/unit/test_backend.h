// The database a storage unit test runs on: a fresh one of the backend under test
// (tests/support/test_database.h), opened with store::OpenDatabase, as the server opens --db.
// ctest runs these suites once per backend.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include "lrs/store/database.h"
#include "tests/support/test_database.h"

namespace lrs::unit_test {

// Skips the calling test on PostgreSQL: it is about SQLite itself.
#define LRS_SQLITE_ONLY(why)                                                                \
  do {                                                                                      \
    if (::lrs::test_support::BackendUnderTest() != ::lrs::test_support::Backend::kSqlite) { \
      GTEST_SKIP() << "SQLite only: " << (why);                                             \
    }                                                                                       \
  } while (false)

// A temporary directory and a new database of the backend under test, removed with it.
class BackendDatabase {
 public:
  BackendDatabase() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lrs-store-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    auto db = test_support::TestDatabase::Create(test_support::BackendUnderTest(), dir_);
    if (db.ok()) {
      database_ = std::move(db).value();
    } else {
      error_ = db.error().message();
    }
  }
  ~BackendDatabase() {
    database_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  BackendDatabase(const BackendDatabase&) = delete;
  BackendDatabase& operator=(const BackendDatabase&) = delete;

  const std::string& directory() const { return dir_; }
  // What --db takes; empty when the database could not be created (see Open's error).
  std::string location() const { return database_ ? database_->location() : std::string(); }

  // Opens (creating, migrating) the database; may be called again to reopen it.
  Result<std::unique_ptr<store::Database>> Open(store::DatabaseOptions options = {}) const {
    if (!database_) return Error::Internal("no test database: " + error_);
    return store::OpenDatabase(database_->location(), options);
  }

 private:
  std::string dir_;
  std::unique_ptr<test_support::TestDatabase> database_;
  std::string error_;
};

// A test on a new database of the backend under test, opened before the test as `db_`; skipped
// on PostgreSQL when no cluster can be had.
class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LRS_SKIP_WITHOUT_BACKEND();
    auto db = database_.Open();
    ASSERT_TRUE(db.ok()) << db.error().message();
    db_ = std::move(db).value();
  }

  BackendDatabase database_;
  std::unique_ptr<store::Database> db_;
};

}  // namespace lrs::unit_test
