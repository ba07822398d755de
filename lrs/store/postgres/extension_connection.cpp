#include "lrs/store/postgres/extension_connection.h"

#include <cctype>

namespace lrs::store::postgres {

std::string PlaceholdersToDollar(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a string literal or quoted identifier, copied whole
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string_view::npos ? sql.size() : end + 1;
      out.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a line comment
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop;
    } else if (c == '?' && i + 1 < sql.size() &&
               std::isdigit(static_cast<unsigned char>(sql[i + 1]))) {
      out.push_back('$');
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<ext::SqlQuery>> ExtensionConnection::Prepare(std::string_view sql) {
  return Lend(conn_.PrepareText(PlaceholdersToDollar(sql)));
}

int64_t ExtensionConnection::LastInsertRowid() {
  // lastval() fails when no sequence was used in the session: inside a transaction that would
  // abort it, so the question is asked under a savepoint of its own.
  const bool in_transaction = conn_.InTransaction();
  if (in_transaction && !conn_.Exec("SAVEPOINT last_insert_id").ok()) return 0;
  int64_t id = 0;
  bool ok = false;
  {
    auto q = conn_.Prepare("last_insert_id");
    if (q.ok()) {
      auto row = q.value().Step();
      ok = row.ok();
      if (ok && row.value()) id = q.value().Int64(0);
    }
  }
  if (in_transaction) {
    (void)conn_.Exec(ok ? "RELEASE SAVEPOINT last_insert_id"
                        : "ROLLBACK TO SAVEPOINT last_insert_id; RELEASE SAVEPOINT last_insert_id");
  }
  return id;
}

}  // namespace lrs::store::postgres
