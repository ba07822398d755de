// ext::SqlConnection over a connection of the PostgreSQL backend (internal to
// lrs/store/postgres): how plugins run their own SQL on the LRS's database. Their parameters
// are written ?1, ?2, ... as on SQLite (lrs/extension/sql.h); they become $1, $2, ... here.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lrs/extension/sql.h"
#include "lrs/store/postgres/connection.h"

namespace lrs::store::postgres {

class ExtensionConnection final : public ext::SqlConnection {
 public:
  // `conn` must outlive this object and every query prepared from it.
  explicit ExtensionConnection(Connection& conn) : conn_(conn) {}

  Result<std::unique_ptr<ext::SqlQuery>> Prepare(std::string_view sql) override;
  Status Exec(std::string_view sql) override { return conn_.Exec(sql); }
  // The value the last insert took from a sequence (an identity or serial column) in this
  // session; 0 when none did.
  int64_t LastInsertRowid() override;
  int Changes() override { return static_cast<int>(conn_.LastAffected()); }

  // The backend connection behind `txn`, when `txn` is an ExtensionConnection; else nullptr.
  static Connection* Unwrap(ext::SqlConnection& txn);

 private:
  Connection& conn_;
};

// `sql` with every ?N parameter (outside quotes, identifiers and comments) written $N.
std::string PlaceholdersToDollar(std::string_view sql);

}  // namespace lrs::store::postgres
