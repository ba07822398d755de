// The member definitions of SqlStore (sql_store.h). Included only by a backend's store .cpp,
// which instantiates SqlStore for its Connection (template class SqlStore<Connection>;) once.
#pragma once

#include <algorithm>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/store/document_update.h"
#include "lrs/store/erasure_rows.h"
#include "lrs/store/lent_connection.h"
#include "lrs/store/sql_store.h"
#include "lrs/store/statement_writer.h"
#include "lrs/store/terms.h"

namespace lrs::store {

namespace sql_store_internal {

// A filter's selectivity is estimated by counting its index entries up to this bound.
constexpr int64_t kEstimateCap = 4000;

// Rank of a filter kind when estimates tie: the usually most selective first.
inline int KindRank(xapi::IndexKind kind) {
  switch (kind) {
    case xapi::IndexKind::kRegistration:
      return 0;
    case xapi::IndexKind::kActivity:
      return 1;
    case xapi::IndexKind::kAgent:
      return 2;
    case xapi::IndexKind::kVerb:
      return 3;
  }
  return 4;
}

// The credential of the current row of `q` (queries/credential_find.sql's columns).
template <typename Query>
CredentialRecord ReadCredential(const Query& q) {
  CredentialRecord c;
  c.id = q.Int64(0);
  c.store_id = q.Int64(1);
  c.store_name = std::string(q.Text(2));
  c.key = std::string(q.Text(3));
  c.secret_hash = std::string(q.Blob(4));
  c.salt = std::string(q.Blob(5));
  c.iterations = static_cast<int>(q.Int64(6));
  c.scopes = std::string(q.Text(7));
  c.name = std::string(q.Text(8));
  c.authority = std::string(q.Text(9));
  c.created = std::string(q.Text(10));
  if (!q.IsNull(11)) c.revoked = std::string(q.Text(11));
  if (!q.IsNull(12)) c.store_disabled = std::string(q.Text(12));
  return c;
}

// The store of the current row of `q` (queries/store_list.sql's columns).
template <typename Query>
StoreRecord ReadStore(const Query& q) {
  StoreRecord r;
  r.id = q.Int64(0);
  r.name = std::string(q.Text(1));
  r.created = std::string(q.Text(2));
  if (!q.IsNull(3)) r.disabled = std::string(q.Text(3));
  return r;
}

// Steps `q` to its end; whether it returned a row (an UPDATE ... RETURNING that changed one).
template <typename Query>
Result<bool> StepAll(Query& q) {
  bool any = false;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return any;
    any = true;
  }
}

// The query type of `Connection` (what its Prepare returns).
template <typename Connection>
using QueryOf = std::remove_reference_t<decltype(std::declval<Connection&>().Prepare("").value())>;

// What a `read` callable makes of the current row of a Connection's query.
template <typename Connection, typename Read>
using RowOf = std::decay_t<std::invoke_result_t<Read&, QueryOf<Connection>&>>;

// The `bind` of QueryOne or QueryAll for a query without parameters.
struct NoParameters {
  template <typename Query>
  void operator()(Query& /*query*/) const {}
};

// Runs catalog query `name` on `conn`: `bind(query)` binds its parameters, then the first row,
// if there is one, is made into a value by `read(query)`, which must copy what it keeps (a
// column's text is valid only while `read` runs). nullopt when the query returns no row; rows
// after the first are not read. The error of Prepare or Step (a failed bind included) is
// returned as it is. The query is released before QueryOne returns.
template <typename Connection, typename Bind, typename Read>
Result<std::optional<RowOf<Connection, Read>>> QueryOne(Connection& conn, std::string_view name,
                                                        Bind&& bind, Read&& read) {
  using Found = std::optional<RowOf<Connection, Read>>;
  auto q = conn.Prepare(name);
  if (!q.ok()) return q.error();
  bind(q.value());
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return Found();
  return Found(read(q.value()));
}

// Runs catalog query `name` on `conn` with the parameters `bind(query)` binds, and makes each
// row, in the query's order, into a value by `read(query)` (which must copy what it keeps, as
// for QueryOne). The error of Prepare or Step (a failed bind included) is returned as it is,
// with none of the rows read before it. The query is released before QueryAll returns.
template <typename Connection, typename Bind, typename Read>
Result<std::vector<RowOf<Connection, Read>>> QueryAll(Connection& conn, std::string_view name,
                                                      Bind&& bind, Read&& read) {
  auto q = conn.Prepare(name);
  if (!q.ok()) return q.error();
  bind(q.value());
  std::vector<RowOf<Connection, Read>> out;
  while (true) {
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    out.push_back(read(q.value()));
  }
}

// The text in the first column of the single row of catalog query `name` with parameters
// (store, key); nullopt when there is no row.
template <typename Connection>
Result<std::optional<std::string>> TextOf(Connection& conn, std::string_view name, StoreId store,
                                          const std::string& key) {
  return QueryOne(
      conn, name, [&](auto& q) { q.Bind(1, store).Bind(2, key); },
      [](const auto& q) { return std::string(q.Text(0)); });
}

// The number in the first column of the single row of catalog query `name` with parameters
// (store) or (store, arg); 0 when there is no row.
template <typename Connection>
Result<int64_t> NumberOf(Connection& conn, std::string_view name, StoreId store,
                         std::optional<int64_t> arg = std::nullopt) {
  auto number = QueryOne(
      conn, name,
      [&](auto& q) {
        q.Bind(1, store);
        if (arg) q.Bind(2, *arg);
      },
      [](const auto& q) { return q.Int64(0); });
  if (!number.ok()) return number.error();
  return number.value().value_or(0);
}

// The interned key of the index value (`kind`, `value`) of `store`
// (queries/index_key_find.sql); nullopt when that value was never indexed.
template <typename Connection>
Result<std::optional<int64_t>> IndexKeyOf(Connection& conn, StoreId store, xapi::IndexKind kind,
                                          const std::string& value) {
  return QueryOne(
      conn, "index_key_find",
      [&](auto& q) { q.Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value); },
      [](const auto& q) { return q.Int64(0); });
}

// The backend connection behind a connection this store lent.
template <typename Connection>
Result<Connection*> Unwrapped(ext::SqlConnection& txn) {
  Connection* conn = LentConnection<Connection>::Unwrap(txn);
  if (conn == nullptr) return Error::Internal("a connection the store did not lend");
  return conn;
}

// Binds ?1..?5 of the document queries: store, kind, activity, agent, and the registration (''
// for none when `any_registration` is false, NULL for any when it is true and none is given).
template <typename Query>
void BindDocumentContext(Query& q, StoreId store, const DocumentContext& context,
                         bool any_registration) {
  q.Bind(1, store)
      .Bind(2, static_cast<int64_t>(context.kind))
      .Bind(3, context.activity_id)
      .Bind(4, context.agent_key);
  if (context.registration) {
    q.Bind(5, *context.registration);
  } else if (any_registration) {
    q.BindNull(5);
  } else {
    q.Bind(5, std::string_view(""));  // not a null pointer, which would bind NULL
  }
}

template <typename Connection>
Result<std::optional<StoredDocument>> ReadDocument(Connection& conn, StoreId store,
                                                   const DocumentKey& key) {
  return QueryOne(
      conn, "document_get",
      [&](auto& q) {
        BindDocumentContext(q, store, key.context, /*any_registration=*/false);
        q.Bind(6, key.id);
      },
      [](const auto& q) {
        StoredDocument doc;
        doc.content_type = std::string(q.Text(0));
        doc.contents = std::string(q.Blob(1));
        doc.etag = std::string(q.Text(2));
        doc.updated_us = q.Int64(3);
        return doc;
      });
}

}  // namespace sql_store_internal

// Document `key` of `store` on the writer's connection.
template <typename Connection>
class SqlStore<Connection>::DocumentRowOn final : public DocumentRow {
 public:
  DocumentRowOn(Connection& conn, StoreId store, const DocumentKey& key)
      : conn_(conn), store_(store), key_(key) {}

  Result<std::optional<StoredDocument>> Read() override {
    return sql_store_internal::ReadDocument(conn_, store_, key_);
  }
  Status Replace(const DocumentWrite& w, int64_t updated_us) override {
    auto q = conn_.Prepare("document_put");
    if (!q.ok()) return q.error();
    sql_store_internal::BindDocumentContext(q.value(), store_, key_.context,
                                            /*any_registration=*/false);
    q.value()
        .Bind(6, key_.id)
        .Bind(7, w.content_type)
        .BindBlob(8, w.contents)
        .Bind(9, w.etag)
        .Bind(10, updated_us);
    return q.value().Run();
  }
  Status Delete() override {
    auto q = conn_.Prepare("document_delete");
    if (!q.ok()) return q.error();
    sql_store_internal::BindDocumentContext(q.value(), store_, key_.context,
                                            /*any_registration=*/false);
    q.value().Bind(6, key_.id);
    return q.value().Run();
  }

 private:
  Connection& conn_;
  StoreId store_;
  const DocumentKey& key_;
};

template <typename Connection>
SqlStore<Connection>::SqlStore() = default;

template <typename Connection>
SqlStore<Connection>::~SqlStore() {
  StopWriter();
}

template <typename Connection>
void SqlStore<Connection>::StopWriter() {
  if (writer_) writer_->Stop();
  writer_.reset();
}

template <typename Connection>
template <typename Work>
auto SqlStore<Connection>::Reading(ReadKind kind, Work&& work)
    -> decltype(work(std::declval<Connection&>())) {
  using Outcome = decltype(work(std::declval<Connection&>()));
  std::optional<Outcome> outcome;
  Status ran = RunRead(kind, [&](Connection& conn) -> Status {
    outcome.emplace(work(conn));
    return outcome->ok() ? Status() : Status(outcome->error());
  });
  if (!ran.ok()) return ran.error();
  if (!outcome) return Error::Internal("a read did not run");
  return std::move(*outcome);
}

template <typename Connection>
template <typename Work>
auto SqlStore<Connection>::Administering(Work&& work)
    -> decltype(work(std::declval<Connection&>())) {
  using Outcome = decltype(work(std::declval<Connection&>()));
  std::optional<Outcome> outcome;
  Status ran = RunAdmin([&](Connection& conn) -> Status {
    outcome.emplace(work(conn));
    return outcome->ok() ? Status() : Status(outcome->error());
  });
  if (!ran.ok()) return ran.error();
  if (!outcome) return Error::Internal("an administrative write did not run");
  return std::move(*outcome);
}

template <typename Connection>
Result<std::vector<StoreRecord>> SqlStore<Connection>::ListStores() {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryAll(
        conn, "store_list", sql_store_internal::NoParameters(),
        [](const auto& q) { return sql_store_internal::ReadStore(q); });
  });
}

template <typename Connection>
Result<std::optional<StoreRecord>> SqlStore<Connection>::GetStore(const std::string& name) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryOne(
        conn, "store_get", [&](auto& q) { q.Bind(1, name); },
        [](const auto& q) { return sql_store_internal::ReadStore(q); });
  });
}

template <typename Connection>
Result<bool> SqlStore<Connection>::SetStoreDisabled(StoreId store,
                                                    const std::optional<std::string>& when) {
  return Administering([&](Connection& conn) -> Result<bool> {
    auto q = conn.Prepare("store_set_disabled");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store);
    if (when) {
      q.value().Bind(2, *when);
    } else {
      q.value().BindNull(2);
    }
    return sql_store_internal::StepAll(q.value());
  });
}

template <typename Connection>
Result<bool> SqlStore<Connection>::ReplaceCredentialSecret(const std::string& key,
                                                           const std::string& secret_hash,
                                                           const std::string& salt,
                                                           int iterations) {
  return Administering([&](Connection& conn) -> Result<bool> {
    auto q = conn.Prepare("credential_set_secret");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key).BindBlob(2, secret_hash).BindBlob(3, salt);
    q.value().Bind(4, static_cast<int64_t>(iterations));
    return sql_store_internal::StepAll(q.value());
  });
}

template <typename Connection>
Result<int64_t> SqlStore<Connection>::AddAuditEntry(const AuditEntry& entry) {
  return Administering([&](Connection& conn) -> Result<int64_t> {
    auto q = conn.Prepare("audit_insert");
    if (!q.ok()) return q.error();
    q.value().Bind(1, entry.time).Bind(2, entry.store_id).Bind(3, entry.actor);
    q.value().Bind(4, entry.action).Bind(5, entry.target).Bind(6, entry.detail);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Error::Internal("an audit entry was not recorded");
    const int64_t id = q.value().Int64(0);
    auto rest = sql_store_internal::StepAll(q.value());
    if (!rest.ok()) return rest.error();
    return id;
  });
}

template <typename Connection>
Result<std::vector<AuditEntry>> SqlStore<Connection>::ListAuditEntries(const AuditQuery& query) {
  auto bind = [&](auto& q) {
    if (query.store) {
      q.Bind(1, *query.store);
    } else {
      q.BindNull(1);
    }
    if (query.before_id) {
      q.Bind(2, *query.before_id);
    } else {
      q.BindNull(2);
    }
    q.Bind(3, static_cast<int64_t>(std::max<size_t>(query.limit, 1)));
  };
  auto read = [](const auto& q) {
    AuditEntry e;
    e.id = q.Int64(0);
    e.time = std::string(q.Text(1));
    e.store_id = q.Int64(2);
    e.store_name = std::string(q.Text(3));
    e.actor = std::string(q.Text(4));
    e.action = std::string(q.Text(5));
    e.target = std::string(q.Text(6));
    e.detail = std::string(q.Text(7));
    return e;
  };
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryAll(conn, "audit_list", bind, read);
  });
}

template <typename Connection>
Status SqlStore<Connection>::AddJob(const JobRecord& job) {
  return Administering([&](Connection& conn) -> Status {
    auto q = conn.Prepare("job_insert");
    if (!q.ok()) return q.error();
    q.value().Bind(1, job.id).Bind(2, job.kind).Bind(3, job.store_id).Bind(4, job.state);
    q.value().Bind(5, job.created);
    return q.value().Run();
  });
}

template <typename Connection>
Result<bool> SqlStore<Connection>::UpdateJob(const JobRecord& job) {
  return Administering([&](Connection& conn) -> Result<bool> {
    auto q = conn.Prepare("job_update");
    if (!q.ok()) return q.error();
    q.value().Bind(1, job.id).Bind(2, job.state).Bind(3, job.updated);
    if (job.result) {
      q.value().Bind(4, *job.result);
    } else {
      q.value().BindNull(4);
    }
    if (job.error) {
      q.value().Bind(5, *job.error);
    } else {
      q.value().BindNull(5);
    }
    return sql_store_internal::StepAll(q.value());
  });
}

template <typename Connection>
Result<std::optional<JobRecord>> SqlStore<Connection>::GetJob(const std::string& id) {
  auto read = [](const auto& q) {
    JobRecord j;
    j.id = std::string(q.Text(0));
    j.kind = std::string(q.Text(1));
    j.store_id = q.Int64(2);
    j.store_name = std::string(q.Text(3));
    j.state = std::string(q.Text(4));
    j.created = std::string(q.Text(5));
    j.updated = std::string(q.Text(6));
    if (!q.IsNull(7)) j.result = std::string(q.Text(7));
    if (!q.IsNull(8)) j.error = std::string(q.Text(8));
    return j;
  };
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryOne(
        conn, "job_get", [&](auto& q) { q.Bind(1, id); }, read);
  });
}

template <typename Connection>
Result<std::vector<std::string>> SqlStore<Connection>::FailUnfinishedJobs(
    const std::string& message, const std::string& when) {
  return Administering([&](Connection& conn) {
    return sql_store_internal::QueryAll(
        conn, "job_fail_unfinished", [&](auto& q) { q.Bind(1, message).Bind(2, when); },
        [](const auto& q) { return std::string(q.Text(0)); });
  });
}

template <typename Connection>
Result<std::vector<AppliedMigration>> SqlStore<Connection>::ListAppliedMigrations() {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryAll(
        conn, "extension_migration_list", sql_store_internal::NoParameters(), [](const auto& q) {
          return AppliedMigration{std::string(q.Text(0)), std::string(q.Text(1)),
                                  std::string(q.Text(2))};
        });
  });
}

template <typename Connection>
Status SqlStore<Connection>::StoreStatements(StoreId store, std::vector<StatementRecord> batch) {
  return writer_->Submit(store, std::move(batch));
}

template <typename Connection>
Result<std::optional<StoredStatement>> SqlStore<Connection>::GetStatement(StoreId store,
                                                                          const std::string& id) {
  auto read = [&](const auto& q) {
    StoredStatement s;
    s.seq = q.Int64(0);
    s.id = id;
    s.stored_us = q.Int64(1);
    s.voided = q.Int64(2) != 0;
    s.body = std::string(q.Text(5));
    s.version = xapi::VersionFromName(q.Text(6)).value_or(xapi::Version::k1_0_3);
    return s;
  };
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryOne(
        conn, "statement_find", [&](auto& q) { q.Bind(1, store).Bind(2, id); }, read);
  });
}

template <typename Connection>
Result<bool> SqlStore<Connection>::StatementHasTerm(StoreId store, int64_t seq,
                                                    xapi::IndexKind kind, const std::string& value,
                                                    uint8_t mask) {
  return Reading(ReadKind::kSnapshot, [&](Connection& conn) -> Result<bool> {
    auto key = sql_store_internal::IndexKeyOf(conn, store, kind, value);
    if (!key.ok()) return key.error();
    if (!key.value()) return false;
    auto q = conn.Prepare("statement_index_flags");
    if (!q.ok()) return q.error();
    q.value().Bind(1, *key.value()).Bind(2, seq);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    return row.value() && (q.value().Int64(0) & mask) != 0;
  });
}

template <typename Connection>
Result<StatementPage> SqlStore<Connection>::QueryStatements(StoreId store,
                                                            const StatementQuery& query) {
  return Reading(ReadKind::kSnapshot, [&](Connection& conn) -> Result<StatementPage> {
    return QueryPage(conn, store, query);
  });
}

template <typename Connection>
Result<StatementPage> SqlStore<Connection>::QueryPage(Connection& conn, StoreId store,
                                                      const StatementQuery& query) {
  StatementPage page;
  if (query.filters.size() > 5) return Error::Internal("too many statement filters");

  // The seq window: (lo, hi), both exclusive.
  int64_t lo = 0;
  int64_t hi = std::numeric_limits<int64_t>::max();
  auto seq_at_or_before = [&](int64_t micros) {
    return sql_store_internal::QueryOne(
        conn, "statement_seq_at_or_before", [&](auto& q) { q.Bind(1, store).Bind(2, micros); },
        [](const auto& q) { return q.Int64(0); });
  };
  if (query.since_us) {
    auto s = seq_at_or_before(*query.since_us);
    if (!s.ok()) return s.error();
    if (s.value()) lo = *s.value();
  }
  if (query.until_us) {
    auto u = seq_at_or_before(*query.until_us);
    if (!u.ok()) return u.error();
    if (!u.value()) return page;  // nothing stored that early
    hi = *u.value() + 1;
  }
  if (query.after_seq) {
    if (query.ascending) {
      lo = std::max(lo, *query.after_seq);
    } else {
      hi = std::min(hi, *query.after_seq);
    }
  }
  if (lo + 1 >= hi) return page;

  // Resolve filters to interned keys; a value never seen matches nothing.
  struct Resolved {
    int64_t key;
    uint8_t mask;
    int rank;
    int64_t estimate;
  };
  std::vector<Resolved> resolved;
  for (const IndexFilter& f : query.filters) {
    auto key = sql_store_internal::IndexKeyOf(conn, store, f.kind, f.value);
    if (!key.ok()) return key.error();
    if (!key.value()) return page;
    resolved.push_back({*key.value(), f.mask, sql_store_internal::KindRank(f.kind), 0});
  }

  const int64_t fetch = static_cast<int64_t>(query.limit) + 1;
  auto collect = [&](auto& q) -> Status {
    while (true) {
      auto row = q.Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return Status();
      StoredStatement s;
      s.seq = q.Int64(0);
      s.id = std::string(q.Text(1));
      s.stored_us = q.Int64(2);
      s.body = std::string(q.Text(3));
      s.version = xapi::VersionFromName(q.Text(4)).value_or(xapi::Version::k1_0_3);
      page.statements.push_back(std::move(s));
    }
  };

  if (resolved.empty()) {
    auto q = conn.Prepare(query.ascending ? "statement_query_all_asc" : "statement_query_all_desc");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, lo).Bind(3, hi).Bind(4, fetch);
    LRS_RETURN_IF_ERROR(collect(q.value()));
  } else {
    // Drive the query from the most selective filter.
    if (resolved.size() > 1) {
      for (Resolved& r : resolved) {
        auto q = conn.Prepare("statement_key_estimate");
        if (!q.ok()) return q.error();
        q.value().Bind(1, r.key).Bind(2, r.mask).Bind(3, lo).Bind(4, hi).Bind(
            5, sql_store_internal::kEstimateCap);
        auto row = q.value().Step();
        if (!row.ok()) return row.error();
        r.estimate = row.value() ? q.value().Int64(0) : 0;
        if (r.estimate == 0) return page;
      }
      std::stable_sort(resolved.begin(), resolved.end(), [](const Resolved& a, const Resolved& b) {
        return a.estimate != b.estimate ? a.estimate < b.estimate : a.rank < b.rank;
      });
    }
    auto q = conn.Prepare(query.ascending ? "statement_query_by_key_asc"
                                          : "statement_query_by_key_desc");
    if (!q.ok()) return q.error();
    auto& run = q.value();
    run.Bind(1, resolved[0].key).Bind(2, resolved[0].mask).Bind(3, lo).Bind(4, hi);
    for (size_t slot = 0; slot < 4; ++slot) {
      const int key_index = 5 + static_cast<int>(slot) * 2;
      if (slot + 1 < resolved.size()) {
        run.Bind(key_index, resolved[slot + 1].key).Bind(key_index + 1, resolved[slot + 1].mask);
      } else {
        run.BindNull(key_index).Bind(key_index + 1, 0);
      }
    }
    run.Bind(13, fetch);
    LRS_RETURN_IF_ERROR(collect(run));
  }

  if (page.statements.size() > query.limit) {
    page.statements.resize(query.limit);
    page.next_after_seq = page.statements.back().seq;
  }
  return page;
}

template <typename Connection>
Result<std::vector<AttachmentPayload>> SqlStore<Connection>::GetAttachments(
    StoreId store, const std::vector<std::string>& sha2s) {
  using Found = std::vector<AttachmentPayload>;
  if (sha2s.empty()) return Found();
  // The data of one response comes from one snapshot.
  return Reading(ReadKind::kSnapshot, [&](Connection& conn) -> Result<Found> {
    Found found;
    for (const std::string& sha2 : sha2s) {
      auto attachment = sql_store_internal::QueryOne(
          conn, "attachment_get", [&](auto& q) { q.Bind(1, store).Bind(2, sha2); },
          [&](const auto& q) {
            return AttachmentPayload{sha2, std::string(q.Text(0)),
                                     std::make_shared<const std::string>(q.Blob(1))};
          });
      if (!attachment.ok()) return attachment.error();
      if (attachment.value()) found.push_back(std::move(*attachment.value()));
    }
    return found;
  });
}

template <typename Connection>
Result<std::optional<std::string>> SqlStore<Connection>::GetActivityDefinition(
    StoreId store, const std::string& activity_id) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::TextOf(conn, "activity_get", store, activity_id);
  });
}

template <typename Connection>
Result<std::vector<std::string>> SqlStore<Connection>::GetAgentNames(StoreId store,
                                                                     const std::string& agent_key) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryAll(
        conn, "agent_names_get", [&](auto& q) { q.Bind(1, store).Bind(2, agent_key); },
        [](const auto& q) { return std::string(q.Text(0)); });
  });
}

template <typename Connection>
Result<std::optional<std::string>> SqlStore<Connection>::GetVerbDisplay(
    StoreId store, const std::string& verb_id) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::TextOf(conn, "verb_get", store, verb_id);
  });
}

template <typename Connection>
Result<std::optional<StoreId>> SqlStore<Connection>::FindStore(const std::string& name) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryOne(
        conn, "store_find", [&](auto& q) { q.Bind(1, name); },
        [](const auto& q) -> StoreId { return q.Int64(0); });
  });
}

template <typename Connection>
Result<std::optional<CredentialRecord>> SqlStore<Connection>::FindCredential(
    const std::string& key) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryOne(
        conn, "credential_find", [&](auto& q) { q.Bind(1, key); },
        [](const auto& q) { return sql_store_internal::ReadCredential(q); });
  });
}

template <typename Connection>
Result<std::vector<CredentialRecord>> SqlStore<Connection>::ListCredentials(
    const std::optional<std::string>& store_name) {
  auto bind = [&](auto& q) {
    if (store_name) {
      q.Bind(1, *store_name);
    } else {
      q.BindNull(1);
    }
  };
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::QueryAll(conn, "credential_list", bind, [](const auto& q) {
      return sql_store_internal::ReadCredential(q);
    });
  });
}

template <typename Connection>
template <typename Query>
void SqlStore<Connection>::BindCredentialInsert(Query& insert, const CredentialRecord& record) {
  insert.Bind(1, record.store_id).Bind(2, record.key).BindBlob(3, record.secret_hash);
  insert.BindBlob(4, record.salt).Bind(5, static_cast<int64_t>(record.iterations));
  insert.Bind(6, record.scopes).Bind(7, record.name).Bind(8, record.authority);
  insert.Bind(9, record.created);
}

template <typename Connection>
void SqlStore<Connection>::SetObserver(StatementObserver* observer) {
  writer_->SetObserver(observer);
}

template <typename Connection>
Status SqlStore<Connection>::Write(std::function<Status(ext::SqlConnection&)> work) {
  return writer_->SubmitWork(std::move(work));
}

template <typename Connection>
Status SqlStore<Connection>::ApplyPluginMigrations(Connection& conn, std::string_view begin,
                                                   const std::string& owner,
                                                   const std::vector<ext::Migration>& migrations) {
  for (const ext::Migration& m : migrations) {
    {
      auto q = conn.Prepare("extension_migration_applied");
      if (!q.ok()) return q.error();
      q.value().Bind(1, owner).Bind(2, m.name);
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (row.value()) continue;
    }
    LRS_RETURN_IF_ERROR(
        ApplyMigration(conn, begin, m.name + " of plugin " + owner, m.sql, [&]() -> Status {
          auto q = conn.Prepare("extension_migration_record");
          if (!q.ok()) return q.error();
          q.value().Bind(1, owner).Bind(2, m.name).Bind(3, FormatMillisUtc(NowMicros()));
          return q.value().Run();
        }));
  }
  return Status();
}

template <typename Connection>
Status SqlStore<Connection>::ScanStatements(
    ext::SqlConnection& txn, StoreId store, int64_t after_seq, int64_t up_to_seq, size_t limit,
    const std::function<Status(const ext::StoredStatement&)>& visit) {
  auto conn = sql_store_internal::Unwrapped<Connection>(txn);
  if (!conn.ok()) return conn.error();
  // Read the rows first: `visit` may use the connection (and this cached query) itself.
  struct Row {
    int64_t seq;
    std::string id;
    int64_t stored_us;
    bool voided;
    std::string body;
  };
  auto rows = sql_store_internal::QueryAll(
      *conn.value(), "statement_scan",
      [&](auto& q) {
        q.Bind(1, store).Bind(2, after_seq).Bind(3, up_to_seq);
        q.Bind(4, static_cast<int64_t>(limit));
      },
      [](const auto& q) {
        return Row{q.Int64(0), std::string(q.Text(1)), q.Int64(2), q.Int64(3) != 0,
                   std::string(q.Text(4))};
      });
  if (!rows.ok()) return rows.error();
  for (const Row& r : rows.value()) {
    json::Document doc;
    if (!json::Parse(r.body, &doc, json::kMaxStoredDepth).ok()) {
      return Error::Internal("stored statement " + r.id + " is unreadable");
    }
    ext::StoredStatement s{store, r.seq, r.id, r.stored_us, &doc, r.voided};
    LRS_RETURN_IF_ERROR(visit(s));
  }
  return Status();
}

template <typename Connection>
Status SqlStore<Connection>::GetStatements(
    ext::SqlConnection& txn, StoreId store, const std::vector<int64_t>& seqs,
    const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) {
  auto conn = sql_store_internal::Unwrapped<Connection>(txn);
  if (!conn.ok()) return conn.error();
  struct Row {
    std::string body;
    bool voided;
  };
  for (int64_t seq : seqs) {
    // The row is copied (and the query released) before `visit` runs: it may use the connection
    // (and this query) itself.
    auto row = sql_store_internal::QueryOne(
        *conn.value(), "statement_by_seq", [&](auto& q) { q.Bind(1, store).Bind(2, seq); },
        [](const auto& q) {
          return Row{std::string(q.Text(0)), q.Int64(1) != 0};
        });
    if (!row.ok()) return row.error();
    if (!row.value()) continue;
    LRS_RETURN_IF_ERROR(visit(seq, row.value()->body, row.value()->voided));
  }
  return Status();
}

template <typename Connection>
Result<std::optional<int64_t>> SqlStore<Connection>::FindStatement(ext::SqlConnection& txn,
                                                                   StoreId store,
                                                                   std::string_view statement_id) {
  auto conn = sql_store_internal::Unwrapped<Connection>(txn);
  if (!conn.ok()) return conn.error();
  return sql_store_internal::QueryOne(
      *conn.value(), "statement_find",
      [&](auto& q) { q.Bind(1, store).Bind(2, AsciiLower(statement_id)); },
      [](const auto& q) { return q.Int64(0); });
}

template <typename Connection>
Result<int64_t> SqlStore<Connection>::LastSeq(ext::SqlConnection& txn, StoreId store) {
  auto conn = sql_store_internal::Unwrapped<Connection>(txn);
  if (!conn.ok()) return conn.error();
  return sql_store_internal::NumberOf(*conn.value(), "statement_last_seq", store);
}

template <typename Connection>
Result<int64_t> SqlStore<Connection>::CountStatements(ext::SqlConnection& txn, StoreId store,
                                                      int64_t up_to_seq) {
  auto conn = sql_store_internal::Unwrapped<Connection>(txn);
  if (!conn.ok()) return conn.error();
  return sql_store_internal::NumberOf(*conn.value(), "statement_count_up_to", store, up_to_seq);
}

template <typename Connection>
Result<std::optional<StoredDocument>> SqlStore<Connection>::GetDocument(StoreId store,
                                                                        const DocumentKey& key) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) {
    return sql_store_internal::ReadDocument(conn, store, key);
  });
}

template <typename Connection>
Result<DocumentIds> SqlStore<Connection>::ListDocumentIds(StoreId store,
                                                          const DocumentContext& context,
                                                          std::optional<int64_t> since_us) {
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) -> Result<DocumentIds> {
    auto q = conn.Prepare("document_list_ids");
    if (!q.ok()) return q.error();
    sql_store_internal::BindDocumentContext(q.value(), store, context, /*any_registration=*/true);
    if (since_us) {
      q.value().Bind(6, *since_us);
    } else {
      q.value().BindNull(6);
    }
    DocumentIds out;
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      out.ids.emplace_back(q.value().Text(0));
      out.last_updated_us = std::max(out.last_updated_us, q.value().Int64(1));
    }
    return out;
  });
}

template <typename Connection>
Status SqlStore<Connection>::UpdateDocument(
    StoreId store, const DocumentKey& key,
    const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
        decide) {
  // The decision's error is carried out beside the job rather than failing it: nothing was
  // written, and a failed job would make the writer roll back and drop its caches for nothing.
  Status decided;
  Status written = writer_->SubmitWork([&](ext::SqlConnection& txn) -> Status {
    auto conn = sql_store_internal::Unwrapped<Connection>(txn);
    if (!conn.ok()) return conn.error();
    DocumentRowOn row(*conn.value(), store, key);
    return DecideAndApply(row, decide, &decided);
  });
  LRS_RETURN_IF_ERROR(written);
  return decided;
}

template <typename Connection>
Status SqlStore<Connection>::DeleteDocuments(StoreId store, const DocumentContext& context) {
  return writer_->SubmitWork([&](ext::SqlConnection& txn) -> Status {
    auto conn = sql_store_internal::Unwrapped<Connection>(txn);
    if (!conn.ok()) return conn.error();
    auto q = conn.value()->Prepare("document_delete_set");
    if (!q.ok()) return q.error();
    sql_store_internal::BindDocumentContext(q.value(), store, context, /*any_registration=*/true);
    return q.value().Run();
  });
}

// ---- Erasure ----

namespace sql_store_internal {

// ErasureRows over a backend's connection (the writer's, inside an erasure's job).
template <typename Connection>
class SqlErasureRows final : public ErasureRows {
 public:
  explicit SqlErasureRows(Connection& conn) : conn_(conn) {}

  Result<std::optional<int64_t>> FindAgentKey(StoreId store,
                                              const std::string& agent_key) override {
    return IndexKeyOf(conn_, store, xapi::IndexKind::kAgent, agent_key);
  }

  Result<int64_t> InternAgentKey(StoreId store, const std::string& agent_key) override {
    {
      auto q = conn_.Prepare("erasure_key_intern");
      if (!q.ok()) return q.error();
      q.value().Bind(1, store).Bind(2, agent_key);
      LRS_RETURN_IF_ERROR(q.value().Run());
    }
    auto found = FindAgentKey(store, agent_key);
    if (!found.ok()) return found.error();
    if (!found.value()) return Error::Internal("the pseudonym's index key was not interned");
    return *found.value();
  }

  Status StatementsWithKey(int64_t key_id, std::vector<int64_t>* seqs) override {
    auto q = conn_.Prepare("erasure_key_seqs");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key_id);
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return Status();
      seqs->push_back(q.value().Int64(0));
    }
  }

  Result<std::optional<ErasureStatement>> GetStatement(int64_t seq) override {
    return QueryOne(
        conn_, "erasure_statement_get", [&](auto& q) { q.Bind(1, seq); },
        [](const auto& q) {
          ErasureStatement s;
          s.id = std::string(q.Text(0));
          s.body = std::string(q.Text(1));
          s.is_voiding = q.Int64(3) != 0;
          return s;
        });
  }

  Status VoidersOf(StoreId store, const std::string& id, std::vector<int64_t>* seqs) override {
    auto q = conn_.Prepare("statement_referrers");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, id);
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return Status();
      if (q.value().Int64(3) != 0) seqs->push_back(q.value().Int64(0));
    }
  }

  Status DeleteStatement(int64_t seq) override {
    auto terms = Terms(seq);
    if (!terms.ok()) return terms.error();
    for (const auto& [key, flags] : terms.value()) {
      (void)flags;
      LRS_RETURN_IF_ERROR(DeleteIndexEntry(key, seq));
    }
    auto q = conn_.Prepare("erasure_statement_delete");
    if (!q.ok()) return q.error();
    q.value().Bind(1, seq);
    return q.value().Run();
  }

  Status RewriteStatement(int64_t seq, const std::string& body,
                          const std::vector<int64_t>& from_keys, int64_t to_key) override {
    auto terms = Terms(seq);
    if (!terms.ok()) return terms.error();
    IndexTerms kept;
    uint8_t moved = 0;
    for (const auto& [key, flags] : terms.value()) {
      if (std::find(from_keys.begin(), from_keys.end(), key) == from_keys.end()) {
        kept.emplace_back(key, flags);
        continue;
      }
      moved |= flags;
      LRS_RETURN_IF_ERROR(DeleteIndexEntry(key, seq));
    }
    if (moved != 0) {
      MergeTerms(&kept, {{to_key, moved}});
      auto put = conn_.Prepare("erasure_index_put");
      if (!put.ok()) return put.error();
      put.value().Bind(1, to_key).Bind(2, seq).Bind(3, static_cast<int64_t>(moved));
      LRS_RETURN_IF_ERROR(put.value().Run());
    }
    auto q = conn_.Prepare("erasure_statement_update");
    if (!q.ok()) return q.error();
    q.value().Bind(1, seq).Bind(2, body).Bind(3, EncodeTerms(kept));
    return q.value().Run();
  }

  Status DeleteIndexKey(int64_t key_id) override {
    auto q = conn_.Prepare("erasure_index_key_delete");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key_id);
    return q.value().Run();
  }

  Status DeleteAgentNames(StoreId store, const std::string& agent_key) override {
    auto q = conn_.Prepare("erasure_agent_names_delete");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, agent_key);
    return q.value().Run();
  }

  Result<int64_t> DeleteAgentDocuments(StoreId store, const std::string& agent_key) override {
    auto q = conn_.Prepare("erasure_documents_delete");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, agent_key);
    return CountRows(q.value());
  }

  Result<bool> AttachmentReferenced(StoreId store, const std::string& sha2) override {
    auto q = conn_.Prepare("erasure_attachment_referenced");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, sha2);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    return row.value();
  }

  Result<bool> DeleteAttachment(StoreId store, const std::string& sha2) override {
    auto q = conn_.Prepare("erasure_attachment_delete");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, sha2);
    auto n = CountRows(q.value());
    if (!n.ok()) return n.error();
    return n.value() > 0;
  }

  Result<std::string> Salt(const std::string& candidate) override {
    {
      auto q = conn_.Prepare("erasure_salt_put");
      if (!q.ok()) return q.error();
      q.value().BindBlob(1, candidate);
      LRS_RETURN_IF_ERROR(q.value().Run());
    }
    auto q = conn_.Prepare("erasure_salt_get");
    if (!q.ok()) return q.error();
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Error::Internal("the erasure salt was not stored");
    return std::string(q.value().Blob(0));
  }

  Status PutBlockEntry(StoreId store, const std::string& key_hash, bool blocked,
                       const std::string& erased_at) override {
    auto q = conn_.Prepare("erasure_block_put");
    if (!q.ok()) return q.error();
    q.value()
        .Bind(1, store)
        .Bind(2, key_hash)
        .Bind(3, static_cast<int64_t>(blocked ? 1 : 0))
        .Bind(4, erased_at);
    return q.value().Run();
  }

 private:
  // The terms of statement `seq` (none when it is gone).
  Result<IndexTerms> Terms(int64_t seq) {
    auto terms = QueryOne(
        conn_, "erasure_statement_get", [&](auto& q) { q.Bind(1, seq); },
        [](const auto& q) { return DecodeTerms(q.Text(2)); });
    if (!terms.ok()) return terms.error();
    return std::move(terms.value()).value_or(IndexTerms());
  }

  Status DeleteIndexEntry(int64_t key, int64_t seq) {
    auto q = conn_.Prepare("erasure_index_delete");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key).Bind(2, seq);
    return q.value().Run();
  }

  template <typename Query>
  static Result<int64_t> CountRows(Query& q) {
    int64_t n = 0;
    while (true) {
      auto row = q.Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return n;
      ++n;
    }
  }

  Connection& conn_;
};

}  // namespace sql_store_internal

template <typename Connection>
Status SqlStore<Connection>::WriteErasure(
    std::function<Status(ErasureRows&, ext::SqlConnection&)> work) {
  const bool sqlite = SqlDialect() == "sqlite";
  return writer_->SubmitWork(
      [&](ext::SqlConnection& txn) -> Status {
        auto conn = sql_store_internal::Unwrapped<Connection>(txn);
        if (!conn.ok()) return conn.error();
        // Freed cells and pages are overwritten with zeros while the erasure deletes, so the
        // person's bytes do not stay in the file's free space (SQLite only; Debian's SQLite
        // has it on by default, other builds not; the connection's setting is restored after).
        bool secure_before = true;
        if (sqlite) {
          auto setting = conn.value()->PrepareText("PRAGMA secure_delete");
          if (!setting.ok()) return setting.error();
          auto row = setting.value().Step();
          if (!row.ok()) return row.error();
          secure_before = row.value() && setting.value().Int64(0) != 0;
          if (!secure_before) {
            LRS_RETURN_IF_ERROR(conn.value()->Exec("PRAGMA secure_delete = ON"));
          }
        }
        sql_store_internal::SqlErasureRows<Connection> rows(*conn.value());
        Status done = work(rows, txn);
        if (sqlite && !secure_before) {
          Status restored = conn.value()->Exec("PRAGMA secure_delete = OFF");
          if (done.ok() && !restored.ok()) return restored;
        }
        return done;
      },
      /*forgets_keys=*/true);
}

template <typename Connection>
Result<bool> SqlStore<Connection>::AgentBlocked(StoreId store,
                                                const std::vector<std::string>& agent_keys) {
  if (agent_keys.empty()) return false;
  std::string salt;
  {
    std::lock_guard<std::mutex> lock(salt_mu_);
    salt = erasure_salt_;
  }
  // One query at a time will do: the salt never changes once written.
  return Reading(ReadKind::kOneQuery, [&](Connection& conn) -> Result<bool> {
    if (salt.empty()) {
      auto q = conn.Prepare("erasure_salt_get");
      if (!q.ok()) return q.error();
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return false;  // no erasure yet: nobody is blocked
      salt = std::string(q.value().Blob(0));
      std::lock_guard<std::mutex> lock(salt_mu_);
      erasure_salt_ = salt;
    }
    for (const std::string& key : agent_keys) {
      auto q = conn.Prepare("erasure_blocked");
      if (!q.ok()) return q.error();
      q.value().Bind(1, store).Bind(2, BlockHash(salt, key));
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (row.value()) return true;
    }
    return false;
  });
}

}  // namespace lrs::store
