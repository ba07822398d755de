// The outcome plugin's SQL, compiled in from schemas/sqlite/outcomes (cmake/EmbedSql.cmake).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/extension/sql.h"

namespace outcomes::sql {

struct SqlEntry {
  std::string_view name;
  std::string_view text;
};

const std::vector<SqlEntry>& MigrationEntries();
const std::vector<SqlEntry>& QueryEntries();

// The text of query `name`; aborts naming it when there is none (a programming error).
std::string_view Query(std::string_view name);

// Query `name` prepared on `txn`.
lrs::Result<std::unique_ptr<lrs::ext::SqlQuery>> Prepare(lrs::ext::SqlConnection& txn,
                                                         std::string_view name);

// Steps `q` once: its first column as an integer, 0 when there is no row.
lrs::Result<int64_t> SingleInt(lrs::ext::SqlQuery& q);

// The migrations as the extension interface takes them.
std::vector<lrs::ext::Migration> Migrations();

}  // namespace outcomes::sql
