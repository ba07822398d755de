// ext::SqlConnection over a connection of the SQLite backend (internal to lrs/store/sqlite): how
// plugins run their own SQL on the LRS's database.
#pragma once

#include <memory>
#include <string_view>

#include "lrs/extension/sql.h"
#include "lrs/store/sqlite/connection.h"

namespace lrs::store::sqlite {

class ExtensionConnection final : public ext::SqlConnection {
 public:
  // `conn` must outlive this object and every query prepared from it.
  explicit ExtensionConnection(Connection& conn) : conn_(conn) {}

  Result<std::unique_ptr<ext::SqlQuery>> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override { return conn_.Exec(sql); }
  int64_t LastInsertRowid() override { return conn_.LastInsertRowid(); }
  int Changes() override { return conn_.Changes(); }

  // The backend connection behind `txn`, when `txn` is an ExtensionConnection; else nullptr.
  static Connection* Unwrap(ext::SqlConnection& txn);

 private:
  Connection& conn_;
};

}  // namespace lrs::store::sqlite
