// ext::SqlConnection over a connection of the PostgreSQL backend (internal to
// lrs/store/postgres): how plugins run their own SQL on the LRS's database. Their parameters
// are written ?1, ?2, ... as on SQLite (lrs/extension/sql.h); they become $1, $2, ... here. What
// the backends share is in lrs/store/lent_connection.h.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lrs/store/lent_connection.h"
#include "lrs/store/postgres/connection.h"

namespace lrs::store::postgres {

class ExtensionConnection final : public LentConnection<Connection> {
 public:
  using LentConnection::LentConnection;

  // Plugins' SQL with its ?N parameters written $N, prepared once and kept by its text.
  Result<std::unique_ptr<ext::SqlQuery>> Prepare(std::string_view sql) override;
  // The value the last insert took from a sequence (an identity or serial column) in this
  // session; 0 when none did.
  int64_t LastInsertRowid() override;
  int Changes() override { return static_cast<int>(conn_.LastAffected()); }
};

// `sql` with every ?N parameter (outside quotes, identifiers and comments) written $N.
std::string PlaceholdersToDollar(std::string_view sql);

}  // namespace lrs::store::postgres
