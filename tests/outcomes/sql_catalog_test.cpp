// The outcome plugin's SQL in its two dialects (schemas/sqlite/outcomes,
// schemas/postgres/outcomes): the same migrations and the same queries by name, so that no
// behaviour exists on one database only, and the dialect is chosen as the LRS names it.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

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
  for (const std::string& name : b)
    EXPECT_TRUE(a.count(name)) << name << ": PostgreSQL only";
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
