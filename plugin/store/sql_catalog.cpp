#include "plugin/store/sql_catalog.h"

#include <cstdio>
#include <cstdlib>

namespace outcomes::sql {

std::string_view Query(std::string_view name) {
  for (const SqlEntry& e : QueryEntries()) {
    if (e.name == name) return e.text;
  }
  std::fprintf(stderr, "fatal: no SQL query named \"%.*s\" in schemas/sqlite/outcomes/queries\n",
               static_cast<int>(name.size()), name.data());
  std::abort();
}

lrs::Result<std::unique_ptr<lrs::ext::SqlQuery>> Prepare(lrs::ext::SqlConnection& txn,
                                                         std::string_view name) {
  return txn.Prepare(Query(name));
}

lrs::Result<int64_t> SingleInt(lrs::ext::SqlQuery& q) {
  auto row = q.Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.Int64(0) : 0;
}

std::vector<lrs::ext::Migration> Migrations() {
  std::vector<lrs::ext::Migration> out;
  for (const SqlEntry& e : MigrationEntries()) {
    out.push_back({std::string(e.name), std::string(e.text)});
  }
  return out;
}

}  // namespace outcomes::sql
