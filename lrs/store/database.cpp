#include "lrs/store/database.h"

#include <filesystem>

#include <libpq-fe.h>

#include "lrs/core/strings.h"
#include "lrs/store/postgres/postgres_store.h"
#include "lrs/store/sqlite/sqlite_store.h"

namespace lrs::store {

bool IsPostgresUri(std::string_view location) {
  return StartsWith(location, "postgresql://") || StartsWith(location, "postgres://");
}

Status CheckPostgresUri(std::string_view uri) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(std::string(uri).c_str(), &error);
  if (options == nullptr) {
    std::string why = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    while (!why.empty() && why.back() == '\n')
      why.pop_back();
    return Error::BadRequest("the database URI is not one PostgreSQL accepts: " + why);
  }
  bool has_password = false;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "password" && o->val != nullptr && *o->val != '\0') {
      has_password = true;
    }
  }
  PQconninfoFree(options);
  if (has_password) {
    return Error::BadRequest(
        "the database URI carries a password; outcome-lrs refuses it, since every user of the "
        "machine can read a command line: give the password in the PGPASSWORD environment "
        "variable, a password file (~/.pgpass, or PGPASSFILE) or a service file instead");
  }
  return Status();
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& location,
                                               const DatabaseOptions& options) {
  if (IsPostgresUri(location)) {
    LRS_RETURN_IF_ERROR(CheckPostgresUri(location));
    postgres::PostgresOptions pg;
    pg.uri = location;
    if (options.pool_size > 0) pg.pool_size = options.pool_size;
    pg.statement_timeout_ms = options.statement_timeout_ms;
    pg.lock_timeout_ms = options.busy_timeout_ms;
    auto opened = postgres::PostgresStore::Open(pg);
    if (!opened.ok()) return opened.error();
    return std::unique_ptr<Database>(std::move(opened).value());
  }
  const std::filesystem::path parent = std::filesystem::path(location).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) return Error::Internal("cannot create " + parent.string() + ": " + ec.message());
  }
  sqlite::SqliteOptions sq;
  sq.busy_timeout_ms = options.busy_timeout_ms;
  if (options.pool_size > 0) sq.read_connections = options.pool_size;
  sq.synchronous_full = options.synchronous_full;
  sq.writer_cache_mib = options.writer_cache_mib;
  sq.reader_cache_mib = options.reader_cache_mib;
  auto opened = sqlite::SqliteStore::Open(location, sq);
  if (!opened.ok()) return opened.error();
  return std::unique_ptr<Database>(std::move(opened).value());
}

}  // namespace lrs::store
