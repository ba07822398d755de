// The outcome plugin's SQL, compiled in from schemas/sqlite/outcomes and schemas/postgres/outcomes
// (cmake/EmbedSql.cmake): the same migrations and queries, by the same names, in each dialect.
// The LRS names its database's dialect once, before anything else (Plugin::UseDatabase ->
// UseDialect); SQLite until then.
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

// The catalog of each dialect (generated).
namespace sqlite {
const std::vector<SqlEntry>& MigrationEntries();
const std::vector<SqlEntry>& QueryEntries();
}  // namespace sqlite
namespace postgres {
const std::vector<SqlEntry>& MigrationEntries();
const std::vector<SqlEntry>& QueryEntries();
}  // namespace postgres

// Chooses the catalog of `dialect` ("sqlite" or "postgresql") for every call below, for the
// rest of the process. kBadRequest naming any other dialect.
lrs::Status UseDialect(std::string_view dialect);
// "sqlite" or "postgresql": the dialect in use.
std::string_view Dialect();

// The chosen dialect's entries.
const std::vector<SqlEntry>& MigrationEntries();
const std::vector<SqlEntry>& QueryEntries();

// The text of query `name`; aborts naming it when there is none (a programming error).
std::string_view Query(std::string_view name);

// Query `name` prepared on `txn`.
lrs::Result<std::unique_ptr<lrs::ext::SqlQuery>> Prepare(lrs::ext::SqlConnection& txn,
                                                         std::string_view name);

// Steps `q` once: its first column as an integer, 0 when there is no row.
lrs::Result<int64_t> SingleInt(lrs::ext::SqlQuery& q);

// Steps `q` to its end, calling `each(q)` (returning lrs::Status) on every row; stops at the
// first error, the query's or the one `each` returns.
template <typename Each>
lrs::Status ForEachRow(lrs::ext::SqlQuery& q, Each&& each) {
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return lrs::Status::Ok();
    lrs::Status status = each(static_cast<const lrs::ext::SqlQuery&>(q));
    if (!status.ok()) return status;
  }
}

// The migrations as the extension interface takes them.
std::vector<lrs::ext::Migration> Migrations();

}  // namespace outcomes::sql
