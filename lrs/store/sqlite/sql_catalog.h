// The SQL of the SQLite backend, compiled in from schemas/sqlite (see cmake/EmbedSql.cmake).
#pragma once

#include <string_view>
#include <vector>

#include "lrs/store/sql_catalog.h"

namespace lrs::store::sqlite {

// Numbered migrations ("001_initial", ...) in the order they must be applied.
const std::vector<SqlEntry>& MigrationEntries();

// Named queries (schemas/sqlite/queries/<name>.sql).
const std::vector<SqlEntry>& QueryEntries();

// The text of query `name`. A missing name is a programming error: the process aborts with a
// message naming it.
inline std::string_view QuerySql(std::string_view name) {
  return FindQuerySql(QueryEntries(), name, "schemas/sqlite/queries");
}

}  // namespace lrs::store::sqlite
