#include "lrs/store/postgres/writer_rows.h"

#include <algorithm>

#include "lrs/store/postgres/sql_catalog.h"

namespace lrs::store::postgres {

namespace {

// writer_begin.sql and then writer_clock.sql with its $1 written as the number `not_before`, to
// run as one simple query: the transaction, the writers' lock and the commit clock in one round
// trip (the simple protocol takes no parameters; a decimal integer is all that is spliced in),
// after DISCARD PLANS when `replan`.
std::string BeginAndClockSql(int64_t not_before, bool replan) {
  std::string sql = replan ? "DISCARD PLANS;\n" : "";
  sql += QuerySql("writer_begin");
  sql.push_back('\n');
  const std::string_view clock = QuerySql("writer_clock");
  const std::string number = std::to_string(not_before);
  for (size_t i = 0; i < clock.size(); ++i) {
    const bool placeholder = clock[i] == '$' && i + 1 < clock.size() && clock[i + 1] == '1' &&
                             (i + 2 == clock.size() || clock[i + 2] < '0' || clock[i + 2] > '9');
    if (placeholder) {
      sql += number;
      ++i;
    } else {
      sql.push_back(clock[i]);
    }
  }
  return sql;
}

}  // namespace

Result<int64_t> PostgresWriterRows::BeginGroup(int64_t not_before) {
  if (conn_->Broken()) LRS_RETURN_IF_ERROR(conn_->Reconnect());
  const bool replan = last_seq_ >= replan_at_;
  const std::string sql = BeginAndClockSql(not_before, replan);
  auto stored = conn_->ExecInt64(sql);
  if (!stored.ok() && conn_->Broken()) {
    // Lost while idle (a server restart, a failover): nothing was done yet, so once more on a
    // new connection.
    LRS_RETURN_IF_ERROR(conn_->Reconnect());
    stored = conn_->ExecInt64(sql);
  }
  if (stored.ok() && replan) replan_at_ = 2 * last_seq_;
  return stored;
}

Status PostgresWriterRows::Commit() {
  if (conn_->TransactionFailed()) {
    (void)conn_->Exec("ROLLBACK");
    return Error::Internal("the write transaction had failed; it was rolled back");
  }
  return conn_->Exec("COMMIT");
}

namespace {

// The index terms as two array literals of numbers, {k1,k2,...} and {f1,f2,...}, for unnest().
std::pair<std::string, std::string> TermArrays(const IndexTerms& terms) {
  std::string keys = "{";
  std::string flags = "{";
  for (const auto& [key, flag] : terms) {
    if (keys.size() > 1) {
      keys.push_back(',');
      flags.push_back(',');
    }
    keys += std::to_string(key);
    flags += std::to_string(static_cast<int>(flag));
  }
  keys.push_back('}');
  flags.push_back('}');
  return {keys, flags};
}

// A PostgreSQL array literal of numbers: {1,2,3}.
std::string NumberArray(const std::vector<int64_t>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += std::to_string(values[i]);
  }
  out.push_back('}');
  return out;
}

std::string BoolArray(const std::vector<bool>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back(values[i] ? 't' : 'f');
  }
  out.push_back('}');
  return out;
}

// A PostgreSQL array literal of texts, each element quoted (backslash and double quote escaped),
// so any text passes unchanged; with `empty_is_null`, an empty text is NULL.
template <typename Text>
std::string TextArray(const std::vector<Text>& values, bool empty_is_null = false) {
  size_t size = 2;
  for (const auto& v : values)
    size += v.size() + 3;
  std::string out;
  out.reserve(size);
  out.push_back('{');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    std::string_view v = values[i];
    if (empty_is_null && v.empty()) {
      out += "NULL";
      continue;
    }
    out.push_back('"');
    for (char c : v) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

}  // namespace

Status PostgresWriterRows::FindStatements(StoreId store, const std::vector<std::string>& ids,
                                          std::unordered_map<std::string, StatementRow>* out) {
  if (ids.empty()) return Status();
  auto q = conn_->Prepare("statement_find_many");
  if (!q.ok()) return q.error();
  Query& find = q.value();
  const std::string id_array = TextArray(ids);
  find.Bind(1, store).Bind(2, id_array);
  while (true) {
    auto row = find.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
    (*out)[std::string(find.Text(6))] = ReadStatementRow(find);
  }
}

Status PostgresWriterRows::InsertStatements(StoreId store, const std::vector<NewStatementRow>& rows,
                                            const std::vector<IndexTerms>& terms,
                                            std::vector<int64_t>* seqs) {
  if (rows.empty()) return Status();
  std::vector<std::string_view> ids, ref_targets, encoded, bodies, versions;
  std::vector<int64_t> stored, term_rows, term_keys, term_flags;
  std::vector<bool> voided, voiding;
  for (size_t i = 0; i < rows.size(); ++i) {
    const NewStatementRow& row = rows[i];
    ids.push_back(row.id);
    stored.push_back(row.stored_us);
    voided.push_back(row.voided);
    voiding.push_back(row.is_voiding);
    ref_targets.push_back(row.ref_target);
    encoded.push_back(row.terms);
    bodies.push_back(row.body);
    versions.push_back(xapi::VersionName(row.version));
    for (const auto& [key, flag] : terms[i]) {
      term_rows.push_back(static_cast<int64_t>(i) + 1);
      term_keys.push_back(key);
      term_flags.push_back(static_cast<int64_t>(flag));
    }
  }
  const std::string a_ids = TextArray(ids), a_stored = NumberArray(stored),
                    a_voided = BoolArray(voided), a_voiding = BoolArray(voiding),
                    a_refs = TextArray(ref_targets, /*empty_is_null=*/true),
                    a_terms = TextArray(encoded), a_bodies = TextArray(bodies),
                    a_versions = TextArray(versions), a_term_rows = NumberArray(term_rows),
                    a_term_keys = NumberArray(term_keys), a_term_flags = NumberArray(term_flags);
  auto q = conn_->Prepare("statement_insert_many");
  if (!q.ok()) return q.error();
  Query& insert = q.value();
  insert.Bind(1, store).Bind(2, a_ids).Bind(3, a_stored).Bind(4, a_voided).Bind(5, a_voiding);
  insert.Bind(6, a_refs).Bind(7, a_terms).Bind(8, a_bodies).Bind(9, a_versions);
  insert.Bind(10, a_term_rows).Bind(11, a_term_keys).Bind(12, a_term_flags);
  std::unordered_map<std::string_view, int64_t> seq_of;
  while (true) {
    auto row = insert.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    seq_of[insert.Text(1)] = insert.Int64(0);
  }
  if (seq_of.size() != rows.size()) {
    return Error::Internal("inserting " + std::to_string(rows.size()) + " statements returned " +
                           std::to_string(seq_of.size()) + " seqs");
  }
  int64_t last = 0;
  for (const NewStatementRow& row : rows) {
    auto it = seq_of.find(row.id);
    if (it == seq_of.end() || it->second <= last) {
      return Error::Internal("the seqs of inserted statements do not follow their order");
    }
    last = it->second;
    seqs->push_back(last);
  }
  last_seq_ = std::max(last_seq_, last);
  return Status();
}

Status PostgresWriterRows::AddInheritedTerms(int64_t seq, const std::string& encoded,
                                             const IndexTerms& gained) {
  auto q = conn_->Prepare("statement_add_inherited_terms");
  if (!q.ok()) return q.error();
  const auto [keys, flags] = TermArrays(gained);
  q.value().Bind(1, seq).Bind(2, encoded).Bind(3, keys).Bind(4, flags);
  return q.value().Run();
}

Status PostgresWriterRows::FindReferrersOf(
    StoreId store, const std::vector<std::string>& ids,
    std::unordered_map<std::string, std::vector<ReferrerRow>>* out) {
  if (ids.empty()) return Status();
  auto q = conn_->Prepare("statement_referrers_many");
  if (!q.ok()) return q.error();
  Query& find = q.value();
  const std::string id_array = TextArray(ids);
  find.Bind(1, store).Bind(2, id_array);
  while (true) {
    auto row = find.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
    (*out)[std::string(find.Text(4))].push_back(ReadReferrerRow(find));
  }
}

Result<int64_t> PostgresWriterRows::InternKey(StoreId store, xapi::IndexKind kind,
                                              const std::string& value) {
  // A second try sees a key another transaction inserted at the same moment (see the query).
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto q = conn_->Prepare("index_key_intern");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (row.value()) return q.value().Int64(0);
  }
  return Error::Internal("an index key could not be interned");
}

Status PostgresWriterRows::InternKeys(
    StoreId store, const std::vector<std::pair<xapi::IndexKind, std::string>>& keys,
    std::vector<int64_t>* ids) {
  if (keys.empty()) return Status();
  std::vector<int64_t> kinds;
  std::vector<std::string_view> values;
  for (const auto& [kind, value] : keys) {
    kinds.push_back(static_cast<int64_t>(kind));
    values.push_back(value);
  }
  auto q = conn_->Prepare("index_key_intern_many");
  if (!q.ok()) return q.error();
  Query& intern = q.value();
  intern.Bind(1, store).Bind(2, NumberArray(kinds)).Bind(3, TextArray(values));
  std::vector<std::optional<int64_t>> found(keys.size());
  while (true) {
    auto row = intern.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    const int64_t position = intern.Int64(0);
    if (position < 1 || position > static_cast<int64_t>(keys.size())) {
      return Error::Internal("interning index keys returned an unknown position");
    }
    if (!intern.IsNull(1)) found[static_cast<size_t>(position - 1)] = intern.Int64(1);
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!found[i]) {
      auto id = InternKey(store, keys[i].first, keys[i].second);
      if (!id.ok()) return id.error();
      found[i] = id.value();
    }
    ids->push_back(*found[i]);
  }
  return Status();
}

}  // namespace lrs::store::postgres
