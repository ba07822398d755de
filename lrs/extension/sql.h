// The part of the extension interface the storage layer sees: SQL access lent to plugins, the
// statement events they receive, and their migrations. No HTTP here (storage knows none).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

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

}  // namespace lrs::ext
