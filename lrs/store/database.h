// Opening the database a --db option names: a PostgreSQL connection URI (postgresql://... or
// postgres://...) or else the path of an SQLite file (the default).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lrs/core/error.h"
#include "lrs/store/store.h"

namespace lrs::store {

struct DatabaseOptions {
  // How long a write (or, on SQLite, a read) waits for a lock another process holds before
  // failing with kUnavailable, in milliseconds.
  int busy_timeout_ms = 10000;
  // Connections for reads (SQLite: read-only connections; PostgreSQL: the pool of connections
  // for reads and administration). 0: the backend's default (SQLite 4, PostgreSQL 8).
  int pool_size = 0;
  // SQLite only: synchronous=FULL (a commit is on disk before it is acknowledged) or NORMAL.
  bool synchronous_full = true;
  // SQLite only: page caches in MiB (see sqlite::SqliteOptions).
  int writer_cache_mib = 64;
  int reader_cache_mib = 8;
  // PostgreSQL only: statement_timeout in milliseconds; 0: none.
  int statement_timeout_ms = 0;
};

// Whether `location` is a PostgreSQL connection URI rather than an SQLite path.
bool IsPostgresUri(std::string_view location);

// kBadRequest when `uri` is not a connection URI libpq accepts, or when it carries a password:
// a command line is visible to every user of the machine, so the password must come from
// PGPASSWORD, a password file or a service file instead.
Status CheckPostgresUri(std::string_view uri);

// Opens (creating and migrating as needed) the database at `location`: an SQLite file, whose
// directory is created when missing, or a PostgreSQL database (CheckPostgresUri first).
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& location,
                                               const DatabaseOptions& options);

}  // namespace lrs::store
