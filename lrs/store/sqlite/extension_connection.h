// ext::SqlConnection over a connection of the SQLite backend (internal to lrs/store/sqlite): how
// plugins run their own SQL on the LRS's database. What the backends share is in
// lrs/store/lent_connection.h.
#pragma once

#include <memory>
#include <string_view>

#include "lrs/store/lent_connection.h"
#include "lrs/store/sqlite/connection.h"

namespace lrs::store::sqlite {

class ExtensionConnection final : public LentConnection<Connection> {
 public:
  using LentConnection::LentConnection;

  // Plugins' SQL is SQLite's own: prepared as written, cached by its text.
  Result<std::unique_ptr<ext::SqlQuery>> Prepare(std::string_view sql) override {
    return Lend(conn_.PrepareCachedText(sql));
  }
  int64_t LastInsertRowid() override { return conn_.LastInsertRowid(); }
  int Changes() override { return conn_.Changes(); }
};

}  // namespace lrs::store::sqlite
