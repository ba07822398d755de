#include "plugin/store/copied_tables.h"

#include <string>

#include "plugin/store/sql_catalog.h"

namespace outcomes::sql {

namespace {

using lrs::ext::TableCopy;
using Kind = TableCopy::Kind;

// The text of query `name` in `entries`; empty when there is none.
std::string Find(const std::vector<SqlEntry>& entries, const std::string& name) {
  for (const SqlEntry& e : entries) {
    if (e.name == name) return std::string(e.text);
  }
  return "";
}

TableCopy Table(const std::string& name, size_t keys, std::vector<TableCopy::Column> columns,
                bool derived = false) {
  TableCopy t;
  t.table = name;
  t.key_columns = keys;
  t.columns = std::move(columns);
  const std::string prefix = "migrate_" + name;
  t.sqlite_page = Find(sqlite::QueryEntries(), prefix + "_page");
  t.postgres_page = Find(postgres::QueryEntries(), prefix + "_page");
  if (!derived) t.postgres_insert = Find(postgres::QueryEntries(), prefix + "_insert");
  t.postgres_after = Find(postgres::QueryEntries(), prefix + "_after");
  t.postgres_bad_rows = Find(postgres::QueryEntries(), prefix + "_bad_rows");
  return t;
}

}  // namespace

std::vector<TableCopy> CopiedTables() {
  return {
      Table("outcome_declarations_version", 1,
            {{"id", Kind::kInteger}, {"version", Kind::kInteger}}),
      Table("outcome_declarations", 1,
            {{"key", Kind::kInteger},
             {"store_id", Kind::kInteger},
             {"outcome_id", Kind::kText},
             {"document", Kind::kText},
             {"fingerprint", Kind::kText},
             {"created", Kind::kText},
             {"updated", Kind::kText},
             {"tagging_state", Kind::kText},
             {"tagging_until", Kind::kInteger},
             {"tagging_cursor", Kind::kInteger},
             {"tagging_total", Kind::kInteger},
             {"tagging_processed", Kind::kInteger}}),
      Table("outcome_learners", 2,
            {{"outcome_key", Kind::kInteger},
             {"agent", Kind::kText},
             {"ordinal", Kind::kInteger},
             {"first_us", Kind::kInteger},
             {"completed_us", Kind::kInteger}}),
      Table("outcome_tags", 2,
            {{"outcome_key", Kind::kInteger},
             {"seq", Kind::kInteger},
             {"rule", Kind::kText},
             {"stored_us", Kind::kInteger},
             {"timestamp_us", Kind::kInteger},
             {"learner", Kind::kInteger},
             {"completed", Kind::kInteger},
             {"scaled", Kind::kReal}}),
      Table("outcome_tag_log", 2,
            {{"seq", Kind::kInteger},
             {"outcome_key", Kind::kInteger},
             {"rule", Kind::kText},
             {"stored_us", Kind::kInteger},
             {"timestamp_us", Kind::kInteger},
             {"agent", Kind::kText},
             {"completed", Kind::kInteger},
             {"scaled", Kind::kReal}}),
      Table("outcome_daily", 2,
            {{"outcome_key", Kind::kInteger},
             {"day", Kind::kInteger},
             {"statements", Kind::kInteger},
             {"scored", Kind::kInteger},
             {"scaled_micros", Kind::kInteger},
             {"learners", Kind::kBlob}}),
      Table("outcome_kpi", 4,
            {{"store_id", Kind::kInteger},
             {"outcome_id", Kind::kText},
             {"day", Kind::kInteger},
             {"subject", Kind::kText},
             {"value", Kind::kReal},
             {"agent", Kind::kText},
             {"team", Kind::kText},
             {"recorded", Kind::kText}}),
      Table("outcome_kpi_series", 3,
            {{"store_id", Kind::kInteger},
             {"outcome_id", Kind::kText},
             {"subject", Kind::kText},
             {"observations", Kind::kInteger},
             {"last_day", Kind::kInteger},
             {"series", Kind::kNumberList}},
            /*derived=*/true),
      Table("outcome_roster", 2,
            {{"store_id", Kind::kInteger},
             {"agent", Kind::kText},
             {"team", Kind::kText},
             {"manager", Kind::kText},
             {"segment", Kind::kText}}),
      Table("outcome_embed_keys", 1,
            {{"store_id", Kind::kInteger}, {"key", Kind::kBlob}, {"created", Kind::kText}}),
      Table("lti_platforms", 1,
            {{"id", Kind::kInteger},
             {"store_id", Kind::kInteger},
             {"issuer", Kind::kText},
             {"client_id", Kind::kText},
             {"auth_url", Kind::kText},
             {"token_url", Kind::kText},
             {"jwks_url", Kind::kText},
             {"deployments", Kind::kText},
             {"created", Kind::kText},
             {"agent_match", Kind::kText}}),
      Table("lti_tool_keys", 1,
            {{"ordinal", Kind::kInteger},
             {"kid", Kind::kText},
             {"private_pem", Kind::kText},
             {"created", Kind::kText}}),
      Table("lti_logins", 2,
            {{"platform_id", Kind::kInteger},
             {"state", Kind::kText},
             {"nonce", Kind::kText},
             {"expires_us", Kind::kInteger},
             {"browser_hash", Kind::kText},
             {"storage", Kind::kInteger},
             {"storage_target", Kind::kText}}),
      Table("lti_contexts", 2,
            {{"platform_id", Kind::kInteger},
             {"context_id", Kind::kText},
             {"memberships_url", Kind::kText},
             {"synced_us", Kind::kInteger}}),
  };
}

}  // namespace outcomes::sql
