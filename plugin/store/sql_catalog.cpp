#include "plugin/store/sql_catalog.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace outcomes::sql {

namespace {

// Set once, before the plugin starts its threads; read by every query.
std::atomic<bool> on_postgres{false};

}  // namespace

lrs::Status UseDialect(std::string_view dialect) {
  if (dialect == "sqlite") {
    on_postgres = false;
  } else if (dialect == "postgresql") {
    on_postgres = true;
  } else {
    return lrs::Error::BadRequest("its SQL is written for SQLite and PostgreSQL, not \"" +
                                  std::string(dialect) + "\"");
  }
  return lrs::Status();
}

std::string_view Dialect() {
  return on_postgres ? "postgresql" : "sqlite";
}

const std::vector<SqlEntry>& MigrationEntries() {
  return on_postgres ? postgres::MigrationEntries() : sqlite::MigrationEntries();
}

const std::vector<SqlEntry>& QueryEntries() {
  return on_postgres ? postgres::QueryEntries() : sqlite::QueryEntries();
}

std::string_view Query(std::string_view name) {
  for (const SqlEntry& e : QueryEntries()) {
    if (e.name == name) return e.text;
  }
  std::fprintf(stderr, "fatal: no SQL query named \"%.*s\" in schemas/%s/outcomes/queries\n",
               static_cast<int>(name.size()), name.data(), on_postgres ? "postgres" : "sqlite");
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
