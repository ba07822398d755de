// The outcome plugin's SQL in its two dialects (schemas/sqlite/outcomes,
// schemas/postgres/outcomes): the same migrations and the same queries by name, so that no
// behaviour exists on one database only, and the dialect is chosen as the LRS names it. The one
// exception: what `outcome-lrs migrate` runs on the PostgreSQL copy alone (migrate_*_insert,
// migrate_*_after, migrate_*_bad_rows), since a migrate only ever writes into PostgreSQL; its
// migrate_*_page queries are in both (the source's rows, and the copy's to verify them).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <set>
#include <string>
#include <vector>

#include "plugin/store/copied_tables.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes::sql {
namespace {

std::vector<std::string> Names(const std::vector<SqlEntry>& entries) {
  std::vector<std::string> out;
  for (const SqlEntry& e : entries)
    out.emplace_back(e.name);
  return out;
}

TEST(SqlCatalogTest, BothDialectsHaveTheSameMigrationsInTheSameOrder) {
  EXPECT_EQ(Names(sqlite::MigrationEntries()), Names(postgres::MigrationEntries()));
  EXPECT_FALSE(sqlite::MigrationEntries().empty());
}

TEST(SqlCatalogTest, BothDialectsHaveTheSameQueries) {
  const std::vector<std::string> lite = Names(sqlite::QueryEntries());
  const std::vector<std::string> pg = Names(postgres::QueryEntries());
  const std::set<std::string> a(lite.begin(), lite.end()), b(pg.begin(), pg.end());
  for (const std::string& name : a)
    EXPECT_TRUE(b.count(name)) << name << ": SQLite only";
  for (const std::string& name : b) {
    const bool copy_only = name.rfind("migrate_", 0) == 0 &&
                           (name.size() > 7 && (name.rfind("_insert") == name.size() - 7 ||
                                                name.rfind("_after") == name.size() - 6 ||
                                                name.rfind("_bad_rows") == name.size() - 9));
    EXPECT_TRUE(a.count(name) || copy_only) << name << ": PostgreSQL only";
  }
}

// migrate copies every table the SQLite migrations create, each once, with its SQL present: a
// table added to the schema without saying how to copy it fails here, not in a user's migrate.
TEST(SqlCatalogTest, CopiedTablesAreEveryTableOfTheSqliteSchemaWithTheirSql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(":memory:", &db), SQLITE_OK);
  for (const SqlEntry& m : sqlite::MigrationEntries()) {
    char* error = nullptr;
    const std::string text(m.text);
    ASSERT_EQ(sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error), SQLITE_OK)
        << m.name << ": " << (error != nullptr ? error : "");
  }
  std::set<std::string> schema;
  sqlite3_stmt* q = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &q,
                               nullptr),
            SQLITE_OK);
  while (sqlite3_step(q) == SQLITE_ROW) {
    schema.insert(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
  }
  sqlite3_finalize(q);
  sqlite3_close(db);

  std::set<std::string> copied;
  for (const lrs::ext::TableCopy& t : CopiedTables()) {
    EXPECT_TRUE(copied.insert(t.table).second) << t.table << " twice";
    EXPECT_FALSE(t.sqlite_page.empty()) << t.table;
    EXPECT_FALSE(t.postgres_page.empty()) << t.table;
    EXPECT_GE(t.columns.size(), t.key_columns) << t.table;
    EXPECT_EQ(t.columns.at(0).kind, lrs::ext::TableCopy::Kind::kInteger) << t.table;
    // Only the series are made on the target (by the trigger on outcome_kpi, copied before).
    EXPECT_EQ(t.postgres_insert.empty(), t.table == "outcome_kpi_series") << t.table;
  }
  EXPECT_EQ(copied, schema);
}

TEST(SqlCatalogTest, TheDialectIsChosenAsTheLrsNamesItAndUnknownOnesAreRefused) {
  ASSERT_TRUE(UseDialect("postgresql").ok());
  EXPECT_EQ(Dialect(), "postgresql");
  EXPECT_EQ(Query("rollup_epoch").find("pragma"), std::string_view::npos);
  EXPECT_EQ(Migrations().size(), postgres::MigrationEntries().size());
  lrs::Status refused = UseDialect("mysql");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("mysql"), std::string::npos);
  EXPECT_EQ(Dialect(), "postgresql");  // unchanged by a refusal
  ASSERT_TRUE(UseDialect("sqlite").ok());
  EXPECT_EQ(Dialect(), "sqlite");
  EXPECT_NE(Query("rollup_epoch").find("pragma_data_version"), std::string_view::npos);
}

}  // namespace
}  // namespace outcomes::sql
