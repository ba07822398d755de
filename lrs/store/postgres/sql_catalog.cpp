#include "lrs/store/postgres/sql_catalog.h"

#include <cstdio>
#include <cstdlib>

namespace lrs::store::postgres {

std::string_view QuerySql(std::string_view name) {
  for (const SqlEntry& e : QueryEntries()) {
    if (e.name == name) return e.text;
  }
  std::fprintf(stderr, "fatal: no SQL query named \"%.*s\" in schemas/postgres/queries\n",
               static_cast<int>(name.size()), name.data());
  std::abort();
}

}  // namespace lrs::store::postgres
