// A thin RAII layer over one libpq connection, with the backend's named queries
// (schemas/postgres/queries) prepared on the server once per connection and kept. Not
// thread-safe: one thread uses a connection at a time.
//
// Values travel as text (numbers in decimal), but blobs, which are sent as bytes, and the rows of a
// query that returns a bytea column, which come in PostgreSQL's binary format when every column
// is of a type read the same either way (bytea, text, integers, bool): a blob is then read as it
// is stored rather than as hex, half the bytes and no encoding on either side. The accessors
// answer the same in both formats. Every
// query runs to completion when first stepped (its rows are then read from memory), so a Query
// never holds the connection busy: other queries may run while one is being read.
//
// Errors: the database unreachable, a lost connection, a lock or statement timeout, a
// serialization failure or deadlock, a server shutting down or out of connections are
// kUnavailable (they may pass: 503 with Retry-After over HTTP); every other failure is kInternal.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "lrs/core/error.h"

namespace lrs::store::postgres {

class Connection;

// How every connection of a store is opened and configured.
struct ConnectionSettings {
  // A libpq connection URI (postgresql://...) or key=value string, without a password.
  std::string conninfo;
  // statement_timeout of every statement, in milliseconds; 0: none.
  int statement_timeout_ms = 0;
  // lock_timeout: how long a statement waits for a lock (the writers' lock, a row lock) before
  // failing with kUnavailable, in milliseconds; 0: forever.
  int lock_timeout_ms = 10000;
};

// A statement ready to bind and run. Parameter indexes are 1-based, as $1, $2, ... in the SQL.
// Movable; must not outlive its Connection.
class Query {
 public:
  Query(Query&& other) noexcept = default;
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() = default;

  // A bind to an index the statement does not have is reported by the next Step() or Run()
  // (kInternal), without running the statement.
  Query& Bind(int index, int64_t value);
  Query& BindDouble(int index, double value);
  Query& Bind(int index, std::string_view text);
  Query& BindBlob(int index, std::string_view bytes);
  Query& BindNull(int index);

  // The first call runs the statement; then true when a row is available, false when done.
  Result<bool> Step();
  // Runs the statement, ignoring rows.
  Status Run();

  int64_t Int64(int column) const;
  double Double(int column) const;
  bool IsNull(int column) const;
  // Valid until the Query is destroyed.
  std::string_view Text(int column) const;
  // The bytes of a bytea column (a text column's bytes otherwise); valid until the next Step()
  // or the Query's destruction.
  std::string_view Blob(int column) const;
  // Rows the statement inserted, updated or deleted (after it ran).
  int64_t Affected() const;

 private:
  friend class Connection;
  struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  Query(Connection* conn, std::string statement, int params, bool binary_rows)
      : conn_(conn),
        statement_(std::move(statement)),
        values_(static_cast<size_t>(params)),
        formats_(static_cast<size_t>(params), 0),
        binary_rows_(binary_rows) {}
  Status Execute();
  bool Check(int index);
  // The value of `column` of the current row as the text format has it (rows in binary format).
  std::string_view TextFormOfBinary(int column) const;

  Connection* conn_;
  std::string statement_;  // the server-side name of the prepared statement
  std::vector<std::optional<std::string>> values_;
  std::vector<int> formats_;  // 0 text, 1 binary (blobs)
  bool binary_rows_;          // rows come in binary format (Connection::BinaryRows)
  int bad_index_ = 0;         // the first bind to an index the statement lacks
  std::unique_ptr<PGresult, ResultDeleter> result_;
  int row_ = -1;
  mutable std::map<int, std::string> blobs_;  // decoded bytea of the current row (text rows)
  // Binary rows: the text form of values Text() was asked for that are not text in binary
  // format (integers, bool, bytea), kept as long as the Query, as Text() promises.
  mutable std::vector<std::unique_ptr<std::string>> text_forms_;
};

class Connection {
 public:
  // Connects with `settings` and configures the session (time zone UTC, synchronous_commit on,
  // the timeouts). kUnavailable when the server cannot be reached; kInternal when it is not a
  // UTF-8 database.
  static Result<std::unique_ptr<Connection>> Open(const ConnectionSettings& settings);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql` (one or more statements, no parameters) with the simple query protocol.
  Status Exec(std::string_view sql);
  // Runs `sql` as Exec does, in one round trip, and returns the first column of the one row the
  // last of its statements returned (kInternal when it returned no row or NULL).
  Result<int64_t> ExecInt64(std::string_view sql);
  // The catalog query `name`, prepared on the server the first time.
  Result<Query> Prepare(std::string_view name);
  // Ad-hoc SQL with $N parameters, prepared the first time and kept by its text (plugins' SQL).
  Result<Query> PrepareText(std::string_view sql);

  // Whether a transaction is open (or the connection is in an unknown state).
  bool InTransaction() const;
  // Whether the open transaction has failed (only ROLLBACK can end it).
  bool TransactionFailed() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  // Whether the connection is lost.
  bool Broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // Connects again after a loss (prepared statements are prepared again on use).
  Status Reconnect();
  // Rows changed by the last statement a Query of this connection ran.
  int64_t LastAffected() const { return last_affected_; }

  // An Error for `result` (or the connection's last failure when null), prefixed with `what`.
  Error ErrorOf(const PGresult* result, std::string_view what) const;

 private:
  friend class Query;
  struct Prepared {
    std::string statement;  // server-side name
    int params = 0;
    bool binary_rows = false;
  };
  // Whether rows of the described statement `described` are better read in binary format: it
  // returns a bytea column, and every column is of a type whose binary form Query reads.
  static bool BinaryRows(const PGresult* described);
  Connection(PGconn* conn, ConnectionSettings settings)
      : conn_(conn), settings_(std::move(settings)) {}
  Status Configure();
  Result<Query> PrepareAs(const std::string& key, std::string_view sql);

  PGconn* conn_;
  ConnectionSettings settings_;
  std::map<std::string, Prepared, std::less<>> prepared_;  // by catalog name or "sql:" + text
  int next_statement_ = 0;
  int64_t last_affected_ = 0;
};

// Whether `sqlstate` names a condition that may pass (see the header comment).
bool IsTransientSqlState(std::string_view sqlstate);

}  // namespace lrs::store::postgres
