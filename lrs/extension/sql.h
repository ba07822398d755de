// The part of the extension interface the storage layer sees: SQL access lent to plugins, the
// statement events they receive, and their migrations. No HTTP here (storage knows none).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"

namespace lrs::ext {

// A prepared SQL statement of a plugin. Parameter indexes are 1-based (?1, ?2, ...). Valid only
// during the call that lent its SqlConnection.
class SqlQuery {
 public:
  virtual ~SqlQuery() = default;
  virtual SqlQuery& Bind(int index, int64_t value) = 0;
  virtual SqlQuery& BindDouble(int index, double value) = 0;
  virtual SqlQuery& Bind(int index, std::string_view text) = 0;
  virtual SqlQuery& BindBlob(int index, std::string_view bytes) = 0;
  virtual SqlQuery& BindNull(int index) = 0;
  // True when a row is available, false when done.
  virtual Result<bool> Step() = 0;
  // Runs to completion, ignoring rows.
  virtual Status Run() = 0;
  virtual int64_t Int64(int column) const = 0;
  virtual double Double(int column) const = 0;
  // Valid until the next Step().
  virtual std::string_view Text(int column) const = 0;
  // The bytes of a BLOB column (empty for NULL); valid until the next Step().
  virtual std::string_view Blob(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
};

// A database connection lent to a plugin for the duration of one call; inside Host::Write and
// the statement hooks it is inside the transaction that will commit the work. A plugin keeps
// its SQL in its own .sql files; the host knows nothing of the plugin's tables.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Prepares `sql` (cached by its text for the connection's lifetime).
  virtual Result<std::unique_ptr<SqlQuery>> Prepare(std::string_view sql) = 0;
  // Runs one or more statements that return no rows.
  virtual Status Exec(std::string_view sql) = 0;
  virtual int64_t LastInsertRowid() = 0;
  virtual int Changes() = 0;
};

// A statement as it is stored.
struct StoredStatement {
  int64_t store_id = 0;
  int64_t seq = 0;  // position in stored order
  std::string_view id;
  int64_t stored_us = 0;
  // The statement in the exact format, except "stored" (and "timestamp" when the LRS sets it).
  const json::Value* statement = nullptr;
  // Stored already voided: its voiding statement arrived first. It does not count.
  bool voided = false;
  // Its position in the batch as submitted (Plugin::Prepare's `statements`).
  size_t index = 0;
  // What the receiver's Prepare returned for the statement's batch (null: nothing), alive
  // during the call.
  const void* prepared = nullptr;
};

// One step of a plugin's schema.
struct Migration {
  std::string name;  // unique within the plugin, applied in the order given, once
  std::string sql;
};

// How `outcome-lrs migrate` (lrs/store/migration.h) copies one of a plugin's tables from an
// SQLite database into a PostgreSQL one, and verifies the copy: the plugin's SQL in both
// dialects (parameters ?1, ?2, ...), since the LRS knows nothing of the plugin's tables.
struct TableCopy {
  // How a column is read (SqlQuery::Int64, Double, Text, Blob), passed to postgres_insert, and
  // compared: integers and texts exactly, reals as the same double, bytes as bytes.
  // kNumberList: a text of numbers and separators ("DAY:VALUE;DAY:VALUE") that the two databases
  // may write differently for the same doubles (SQLite "0.10000000000000001", PostgreSQL "0.1"):
  // compared by its separators and its numbers read as doubles.
  enum class Kind { kInteger, kReal, kText, kBlob, kNumberList };
  struct Column {
    std::string name;
    Kind kind = Kind::kInteger;
  };

  // The table's name, the same in both databases (it is also the name of its progress).
  std::string table;
  // The columns both page queries read, in order; the first `key_columns` of them are a unique
  // key (the first an integer, the others integers or texts), by which the rows are read.
  std::vector<Column> columns;
  size_t key_columns = 1;
  // SQLite: the rows whose key is greater than (?1, ..., ?K) (K = key_columns), in key order
  // (texts in byte order), at most ?K+1 of them. The first page is asked after the least
  // integer and empty texts.
  std::string sqlite_page;
  // PostgreSQL: the same query on the copy, for the verification: the same columns in the same
  // key order (texts COLLATE "C").
  std::string postgres_page;
  // PostgreSQL: inserts the rows of the JSON array ?1, one object per row, its members named by
  // column: integers and reals as JSON numbers (a real written so it reads back as the same
  // double), texts as strings, bytes as lower-case hex strings, NULL as null. It computes what
  // PostgreSQL's table has beyond the columns (hashes of texts, ...). One batch of rows per
  // call, in key order, each batch in a transaction of its own. Empty: the table is not copied
  // but made on the target by the copy of the tables before it (by a trigger), and verified.
  std::string postgres_insert;
  // PostgreSQL, optional: run once, in the transaction of the table's last batch (e.g. setval of
  // an identity past the keys copied). No parameters.
  std::string postgres_after;
  // PostgreSQL, optional: one row of one integer, the rows of the copy whose columns computed by
  // postgres_insert (or the trigger) do not match their source columns: 0 after a good copy.
  std::string postgres_bad_rows;
};

}  // namespace lrs::ext
