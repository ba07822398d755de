// What the backends' SQL catalogs share (internal to lrs/store and its backends): each backend's
// SQL is compiled in from schemas/<backend> (see cmake/EmbedSql.cmake) as a list of entries, and
// declared in its own sql_catalog.h.
#pragma once

#include <string_view>
#include <vector>

namespace lrs::store {

struct SqlEntry {
  std::string_view name;  // file name without ".sql"
  std::string_view text;
};

// The text of the entry `name` of `queries`. A missing name is a programming error: the process
// aborts with a message naming it and `folder` (where the query should be).
std::string_view FindQuerySql(const std::vector<SqlEntry>& queries, std::string_view name,
                              std::string_view folder);

}  // namespace lrs::store
