#include "lrs/store/sql_catalog.h"

#include <cstdio>
#include <cstdlib>

namespace lrs::store {

std::string_view FindQuerySql(const std::vector<SqlEntry>& queries, std::string_view name,
                              std::string_view folder) {
  for (const SqlEntry& e : queries) {
    if (e.name == name) return e.text;
  }
  std::fprintf(stderr, "fatal: no SQL query named \"%.*s\" in %.*s\n",
               static_cast<int>(name.size()), name.data(), static_cast<int>(folder.size()),
               folder.data());
  std::abort();
}

}  // namespace lrs::store
