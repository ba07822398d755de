#include "plugin/store/outcome_store.h"

#include <limits>

#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

namespace {

using lrs::ext::SqlQuery;
using sql::Prepare;
using sql::SingleInt;

DeclarationRow ReadDeclaration(const SqlQuery& q) {
  DeclarationRow r;
  r.key = q.Int64(0);
  r.store_id = q.Int64(1);
  r.outcome_id = std::string(q.Text(2));
  r.document = std::string(q.Text(3));
  r.fingerprint = std::string(q.Text(4));
  r.created = std::string(q.Text(5));
  r.updated = std::string(q.Text(6));
  r.tagging_state = std::string(q.Text(7));
  r.tagging_until = q.Int64(8);
  r.tagging_cursor = q.Int64(9);
  r.tagging_total = q.Int64(10);
  r.tagging_processed = q.Int64(11);
  return r;
}

Result<std::vector<DeclarationRow>> ReadDeclarations(SqlQuery& q) {
  std::vector<DeclarationRow> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    out.push_back(ReadDeclaration(q));
  }
}

Result<std::optional<DeclarationRow>> ReadOne(SqlQuery& q) {
  auto rows = ReadDeclarations(q);
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) return std::optional<DeclarationRow>();
  return std::optional<DeclarationRow>(std::move(rows.value().front()));
}

// Binds what outcome_tags and outcome_tag_log share: ?3 rule, ?4 stored_us, ?5 timestamp_us,
// ?7 completed, ?8 scaled (?6 is the learner in one, the agent in the other).
void BindTagColumns(const TagRow& tag, SqlQuery* q) {
  q->Bind(3, tag.rule).Bind(4, tag.stored_us).Bind(5, tag.facts.timestamp_us);
  q->Bind(7, static_cast<int64_t>(tag.facts.completed ? 1 : 0));
  if (tag.facts.scaled) {
    q->BindDouble(8, *tag.facts.scaled);
  } else {
    q->BindNull(8);
  }
}

}  // namespace

Result<int64_t> DeclarationsVersion(SqlConnection& txn) {
  auto q = Prepare(txn, "version_get");
  if (!q.ok()) return q.error();
  return SingleInt(*q.value());
}

Status BumpDeclarationsVersion(SqlConnection& txn) {
  auto q = Prepare(txn, "version_bump");
  if (!q.ok()) return q.error();
  return q.value()->Run();
}

Result<std::optional<DeclarationRow>> FindDeclaration(SqlConnection& txn, int64_t store_id,
                                                      std::string_view outcome_id) {
  auto q = Prepare(txn, "declaration_find");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, outcome_id);
  return ReadOne(*q.value());
}

Result<std::optional<DeclarationRow>> DeclarationByKey(SqlConnection& txn, int64_t key) {
  auto q = Prepare(txn, "declaration_by_key");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  return ReadOne(*q.value());
}

Result<std::vector<DeclarationRow>> LiveDeclarations(SqlConnection& txn,
                                                     std::optional<int64_t> store_id) {
  auto q = Prepare(txn, store_id ? "declaration_list" : "declaration_all_live");
  if (!q.ok()) return q.error();
  if (store_id) q.value()->Bind(1, *store_id);
  return ReadDeclarations(*q.value());
}

Result<std::vector<std::pair<int64_t, std::string>>> PendingWork(SqlConnection& txn) {
  auto q = Prepare(txn, "declaration_pending_work");
  if (!q.ok()) return q.error();
  std::vector<std::pair<int64_t, std::string>> out;
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    out.emplace_back(q.value()->Int64(0), std::string(q.value()->Text(1)));
  }
}

Result<TaggingBacklog> ReadTaggingBacklog(SqlConnection& txn) {
  auto q = Prepare(txn, "declaration_tagging_backlog");
  if (!q.ok()) return q.error();
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  TaggingBacklog backlog;
  if (row.value()) {
    backlog.generations = q.value()->Int64(0);
    backlog.statements = q.value()->Int64(1);
  }
  return backlog;
}

Result<int64_t> InsertDeclaration(SqlConnection& txn, const DeclarationRow& row) {
  auto q = Prepare(txn, "declaration_insert");
  if (!q.ok()) return q.error();
  SqlQuery& insert = *q.value();
  insert.Bind(1, row.store_id).Bind(2, row.outcome_id).Bind(3, row.document);
  insert.Bind(4, row.fingerprint).Bind(5, row.created).Bind(6, row.tagging_state);
  insert.Bind(7, row.tagging_until).Bind(8, row.tagging_total);
  LRS_RETURN_IF_ERROR(insert.Run());
  return txn.LastInsertRowid();
}

Status UpdateDocument(SqlConnection& txn, int64_t key, const std::string& document,
                      const std::string& updated) {
  auto q = Prepare(txn, "declaration_update_document");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, document).Bind(3, updated);
  return q.value()->Run();
}

Status RetireDeclaration(SqlConnection& txn, int64_t key, const std::string& updated) {
  auto q = Prepare(txn, "declaration_retire");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, updated);
  return q.value()->Run();
}

Status RecordProgress(SqlConnection& txn, int64_t key, int64_t cursor, int64_t processed,
                      std::string_view state) {
  auto q = Prepare(txn, "declaration_progress");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, cursor).Bind(3, processed).Bind(4, state);
  return q.value()->Run();
}

Status DeleteRetired(SqlConnection& txn, int64_t key) {
  auto q = Prepare(txn, "declaration_delete");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  return q.value()->Run();
}

Result<bool> InsertTag(SqlConnection& txn, const TagRow& tag) {
  auto q = Prepare(txn, "tag_insert");
  if (!q.ok()) return q.error();
  SqlQuery& insert = *q.value();
  insert.Bind(1, tag.outcome_key).Bind(2, tag.seq);
  BindTagColumns(tag, &insert);
  if (tag.learner) {
    insert.Bind(6, *tag.learner);
  } else {
    insert.BindNull(6);
  }
  LRS_RETURN_IF_ERROR(insert.Run());
  return txn.Changes() > 0;
}

Status LogTag(SqlConnection& txn, const TagRow& tag) {
  auto q = Prepare(txn, "tag_log_append");
  if (!q.ok()) return q.error();
  SqlQuery& append = *q.value();
  append.Bind(1, tag.seq).Bind(2, tag.outcome_key);
  BindTagColumns(tag, &append);
  if (tag.facts.agent) {
    append.Bind(6, *tag.facts.agent);
  } else {
    append.BindNull(6);
  }
  return append.Run();
}

Result<std::vector<TagRow>> LoggedTags(SqlConnection& txn) {
  auto q = Prepare(txn, "tag_log_live");
  if (!q.ok()) return q.error();
  SqlQuery& rows = *q.value();
  std::vector<TagRow> out;
  while (true) {
    auto row = rows.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    TagRow t;
    t.outcome_key = rows.Int64(0);
    t.seq = rows.Int64(1);
    t.rule = std::string(rows.Text(2));
    t.stored_us = rows.Int64(3);
    t.facts.timestamp_us = rows.Int64(4);
    if (!rows.IsNull(5)) t.facts.agent = std::string(rows.Text(5));
    t.facts.completed = rows.Int64(6) != 0;
    if (!rows.IsNull(7)) t.facts.scaled = rows.Double(7);
    out.push_back(std::move(t));
  }
}

Status ClearTagLog(SqlConnection& txn) {
  auto q = Prepare(txn, "tag_log_clear");
  if (!q.ok()) return q.error();
  return q.value()->Run();
}

Result<int64_t> CountLoggedTags(SqlConnection& txn, int64_t up_to) {
  auto q = Prepare(txn, "tag_log_count");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, up_to);
  return SingleInt(*q.value());
}

Status DeleteTag(SqlConnection& txn, int64_t outcome_key, int64_t seq) {
  auto q = Prepare(txn, "tag_delete");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, outcome_key).Bind(2, seq);
  return q.value()->Run();
}

Result<int64_t> DeleteSomeTags(SqlConnection& txn, int64_t outcome_key, int64_t limit) {
  auto q = Prepare(txn, "tag_delete_some");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, outcome_key).Bind(2, limit);
  LRS_RETURN_IF_ERROR(q.value()->Run());
  return static_cast<int64_t>(txn.Changes());
}

Result<int64_t> CountTags(SqlConnection& txn, int64_t outcome_key) {
  auto q = Prepare(txn, "tag_count");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, outcome_key);
  return SingleInt(*q.value());
}

Result<std::optional<std::string>> TagRule(SqlConnection& txn, int64_t outcome_key, int64_t seq) {
  auto q = Prepare(txn, "tag_rule");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, outcome_key).Bind(2, seq);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(q.value()->Text(0)));
}

Result<std::vector<std::pair<int64_t, std::string>>> TagPage(SqlConnection& txn,
                                                             int64_t outcome_key, int64_t after_seq,
                                                             bool ascending,
                                                             const TagWindow& window, int64_t limit,
                                                             const std::string* learners) {
  const char* query = learners != nullptr
                          ? (ascending ? "roster_tag_page_asc" : "roster_tag_page_desc")
                          : (ascending ? "tag_page_asc" : "tag_page_desc");
  auto q = Prepare(txn, query);
  if (!q.ok()) return q.error();
  q.value()->Bind(1, outcome_key).Bind(2, after_seq).Bind(3, window.since_us);
  q.value()->Bind(4, window.until_us).Bind(5, limit).Bind(6, window.from_us);
  q.value()->Bind(7, window.to_us);
  if (learners != nullptr) q.value()->Bind(8, *learners);
  std::vector<std::pair<int64_t, std::string>> out;
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    out.emplace_back(q.value()->Int64(0), std::string(q.value()->Text(1)));
  }
}

}  // namespace outcomes::store
