#include "lrs/store/postgres/postgres_store.h"

#include <algorithm>
#include <limits>

#include "lrs/core/log.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/store/postgres/extension_connection.h"
#include "lrs/store/postgres/sql_catalog.h"
#include "lrs/store/postgres/writer_rows.h"
#include "lrs/store/statement_writer.h"

namespace lrs::store::postgres {

namespace {

// A filter's selectivity is estimated by counting its index entries up to this bound.
constexpr int64_t kEstimateCap = 4000;

// Holds the migrations lock of `conn` (queries/migrations_lock.sql) for a scope.
class MigrationsLock {
 public:
  explicit MigrationsLock(Connection& conn) : conn_(conn) {
    auto q = conn_.Prepare("migrations_lock");
    held_ = q.ok() ? q.value().Run() : Status(q.error());
  }
  ~MigrationsLock() {
    if (!held_.ok()) return;
    auto q = conn_.Prepare("migrations_unlock");
    if (q.ok()) (void)q.value().Run();
  }
  MigrationsLock(const MigrationsLock&) = delete;
  MigrationsLock& operator=(const MigrationsLock&) = delete;
  const Status& held() const { return held_; }

 private:
  Connection& conn_;
  Status held_;
};

Status Migrate(Connection& conn, int* schema_version) {
  MigrationsLock lock(conn);
  LRS_RETURN_IF_ERROR(lock.held());
  int version = 0;
  {
    auto q = conn.Prepare("schema_table_count");
    if (!q.ok()) return q.error();
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    const int64_t tables = row.value() ? q.value().Int64(0) : 0;
    const bool ours = row.value() && q.value().Int64(1) != 0;
    if (tables > 0 && !ours) {
      return Error::Internal(
          "the PostgreSQL database holds tables, but not those of Outcome LRS; refusing to "
          "modify it (give outcome-lrs an empty database of its own)");
    }
    if (ours) {
      auto v = conn.Prepare("schema_version_get");
      if (!v.ok()) return v.error();
      auto vrow = v.value().Step();
      if (!vrow.ok()) return vrow.error();
      version = vrow.value() ? static_cast<int>(v.value().Int64(0)) : 0;
    }
  }
  const auto& migrations = MigrationEntries();
  if (version > static_cast<int>(migrations.size())) {
    return Error::Internal("the PostgreSQL database has schema version " + std::to_string(version) +
                           ", newer than this outcome-lrs (" + std::to_string(migrations.size()) +
                           "); upgrade outcome-lrs");
  }
  for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
    LRS_RETURN_IF_ERROR(conn.Exec("BEGIN"));
    Status applied = conn.Exec(migrations[i].text);
    if (applied.ok()) {
      auto q = conn.Prepare("schema_version_set");
      applied = q.ok() ? q.value().Bind(1, static_cast<int64_t>(i + 1)).Run() : Status(q.error());
    }
    if (!applied.ok()) {
      (void)conn.Exec("ROLLBACK");
      return Error::Internal("migration " + std::string(migrations[i].name) +
                             " failed: " + applied.error().message());
    }
    LRS_RETURN_IF_ERROR(conn.Exec("COMMIT"));
  }
  *schema_version = static_cast<int>(migrations.size());
  return Status();
}

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
  return c;
}

// Rank of a filter kind when estimates tie: the usually most selective first.
int KindRank(xapi::IndexKind kind) {
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

Result<int64_t> SingleInt(Connection& conn, const char* query, StoreId store, int64_t arg,
                          bool with_arg) {
  auto q = conn.Prepare(query);
  if (!q.ok()) return q.error();
  q.value().Bind(1, store);
  if (with_arg) q.value().Bind(2, arg);
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.value().Int64(0) : 0;
}

Result<Connection*> Unwrapped(ext::SqlConnection& txn) {
  Connection* conn = ExtensionConnection::Unwrap(txn);
  if (conn == nullptr) return Error::Internal("a connection the store did not lend");
  return conn;
}

}  // namespace

Result<std::unique_ptr<PostgresStore>> PostgresStore::Open(const PostgresOptions& options) {
  std::unique_ptr<PostgresStore> store(new PostgresStore());
  ConnectionSettings settings;
  settings.conninfo = options.uri;
  settings.statement_timeout_ms = std::max(0, options.statement_timeout_ms);
  settings.lock_timeout_ms = std::max(0, options.lock_timeout_ms);

  auto first = Connection::Open(settings);
  if (!first.ok()) return first.error();
  LRS_RETURN_IF_ERROR(Migrate(*first.value(), &store->schema_version_));
  store->pool_.push_back(std::move(first).value());
  for (int i = 1; i < std::max(1, options.pool_size); ++i) {
    auto conn = Connection::Open(settings);
    if (!conn.ok()) return conn.error();
    store->pool_.push_back(std::move(conn).value());
  }
  auto writer = Connection::Open(settings);
  if (!writer.ok()) return writer.error();
  store->writer_ = std::make_unique<StatementWriter>(
      std::make_unique<PostgresWriterRows>(std::move(writer).value()));
  return store;
}

PostgresStore::~PostgresStore() {
  if (writer_) writer_->Stop();
  writer_.reset();
}

PostgresStore::Lease::Lease(PostgresStore* store, std::unique_ptr<Connection> conn)
    : store_(store), conn_(std::move(conn)) {}

PostgresStore::Lease::~Lease() {
  {
    std::lock_guard<std::mutex> lock(store_->pool_mu_);
    store_->pool_.push_back(std::move(conn_));
  }
  store_->pool_cv_.notify_one();
}

PostgresStore::Lease PostgresStore::Acquire() {
  std::unique_lock<std::mutex> lock(pool_mu_);
  pool_cv_.wait(lock, [this] { return !pool_.empty(); });
  std::unique_ptr<Connection> conn = std::move(pool_.back());
  pool_.pop_back();
  return Lease(this, std::move(conn));
}

Status PostgresStore::BeginRead(Connection& conn) {
  return conn.Exec(QuerySql("read_begin"));
}

int64_t PostgresStore::ConsistentThroughMicros() {
  auto through = WithConnection([](Connection& conn) -> Result<int64_t> {
    auto q = conn.Prepare("consistent_through");
    if (!q.ok()) return q.error();
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    return row.value() ? q.value().Int64(0) : 0;
  });
  int64_t reported = consistent_through_.load();
  if (!through.ok()) {
    log::Warn("X-Experience-API-Consistent-Through: " + through.error().message());
    return reported;
  }
  // Once reported, a time stays true: statements stored up to it remain readable.
  while (through.value() > reported &&
         !consistent_through_.compare_exchange_weak(reported, through.value())) {
  }
  return std::max(reported, through.value());
}

Status PostgresStore::StoreStatements(StoreId store, std::vector<StatementRecord> batch) {
  return writer_->Submit(store, std::move(batch));
}

Result<std::optional<StoredStatement>> PostgresStore::GetStatement(StoreId store,
                                                                   const std::string& id) {
  using Found = std::optional<StoredStatement>;
  return WithConnection([&](Connection& conn) -> Result<Found> {
    auto q = conn.Prepare("statement_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, id);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Found();
    StoredStatement s;
    s.seq = q.value().Int64(0);
    s.id = id;
    s.stored_us = q.value().Int64(1);
    s.voided = q.value().Int64(2) != 0;
    s.body = std::string(q.value().Text(5));
    s.version = xapi::VersionFromName(q.value().Text(6)).value_or(xapi::Version::k1_0_3);
    return Found(std::move(s));
  });
}

Result<bool> PostgresStore::StatementHasTerm(StoreId store, int64_t seq, xapi::IndexKind kind,
                                             const std::string& value, uint8_t mask) {
  return WithReadTransaction([&](Connection& conn) -> Result<bool> {
    int64_t key = 0;
    {
      auto q = conn.Prepare("index_key_find");
      if (!q.ok()) return q.error();
      q.value().Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value);
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return false;
      key = q.value().Int64(0);
    }
    auto q = conn.Prepare("statement_index_flags");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key).Bind(2, seq);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    return row.value() && (q.value().Int64(0) & mask) != 0;
  });
}

Result<StatementPage> PostgresStore::QueryStatements(StoreId store, const StatementQuery& query) {
  return WithReadTransaction(
      [&](Connection& conn) -> Result<StatementPage> { return QueryWith(conn, store, query); });
}

Result<StatementPage> PostgresStore::QueryWith(Connection& conn, StoreId store,
                                               const StatementQuery& query) {
  StatementPage page;
  if (query.filters.size() > 5) return Error::Internal("too many statement filters");

  // The seq window: (lo, hi), both exclusive.
  int64_t lo = 0;
  int64_t hi = std::numeric_limits<int64_t>::max();
  auto seq_at_or_before = [&](int64_t micros) -> Result<std::optional<int64_t>> {
    auto q = conn.Prepare("statement_seq_at_or_before");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, micros);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<int64_t>();
    return std::optional<int64_t>(q.value().Int64(0));
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
    auto q = conn.Prepare("index_key_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, static_cast<int64_t>(f.kind)).Bind(3, f.value);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return page;
    resolved.push_back({q.value().Int64(0), f.mask, KindRank(f.kind), 0});
  }

  const int64_t fetch = static_cast<int64_t>(query.limit) + 1;
  auto collect = [&](Query& q) -> Status {
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
        q.value().Bind(1, r.key).Bind(2, r.mask).Bind(3, lo).Bind(4, hi).Bind(5, kEstimateCap);
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
    Query& run = q.value();
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

Result<std::vector<AttachmentPayload>> PostgresStore::GetAttachments(
    StoreId store, const std::vector<std::string>& sha2s) {
  using Found = std::vector<AttachmentPayload>;
  if (sha2s.empty()) return Found();
  // The data of one response comes from one snapshot.
  return WithReadTransaction([&](Connection& conn) -> Result<Found> {
    Found found;
    for (const std::string& sha2 : sha2s) {
      auto q = conn.Prepare("attachment_get");
      if (!q.ok()) return q.error();
      q.value().Bind(1, store).Bind(2, sha2);
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) continue;
      found.push_back({sha2, std::string(q.value().Text(0)),
                       std::make_shared<const std::string>(q.value().Blob(1))});
    }
    return found;
  });
}

Result<std::optional<std::string>> PostgresStore::GetActivityDefinition(
    StoreId store, const std::string& activity_id) {
  return WithConnection([&](Connection& conn) -> Result<std::optional<std::string>> {
    auto q = conn.Prepare("activity_get");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, activity_id);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(std::string(q.value().Text(0)));
  });
}

Result<std::vector<std::string>> PostgresStore::GetAgentNames(StoreId store,
                                                              const std::string& agent_key) {
  return WithConnection([&](Connection& conn) -> Result<std::vector<std::string>> {
    auto q = conn.Prepare("agent_names_get");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, agent_key);
    std::vector<std::string> names;
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      names.emplace_back(q.value().Text(0));
    }
    return names;
  });
}

Result<std::optional<std::string>> PostgresStore::GetVerbDisplay(StoreId store,
                                                                 const std::string& verb_id) {
  return WithConnection([&](Connection& conn) -> Result<std::optional<std::string>> {
    auto q = conn.Prepare("verb_get");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, verb_id);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(std::string(q.value().Text(0)));
  });
}

Result<std::optional<StoreId>> PostgresStore::FindStore(const std::string& name) {
  return WithConnection([&](Connection& conn) -> Result<std::optional<StoreId>> {
    auto q = conn.Prepare("store_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, name);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<StoreId>();
    return std::optional<StoreId>(q.value().Int64(0));
  });
}

Result<StoreId> PostgresStore::EnsureStore(const std::string& name) {
  return WithConnection([&](Connection& conn) -> Result<StoreId> {
    // Another process may create the same store at the same moment: the insert does nothing
    // then, and the store is found.
    auto insert = conn.Prepare("store_insert");
    if (!insert.ok()) return insert.error();
    insert.value().Bind(1, name).Bind(2, FormatMillisUtc(NowMicros()));
    LRS_RETURN_IF_ERROR(insert.value().Run());
    auto q = conn.Prepare("store_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, name);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Error::Internal("store \"" + name + "\" was not created");
    return q.value().Int64(0);
  });
}

Status PostgresStore::AddCredential(const CredentialRecord& record) {
  return WithConnection([&](Connection& conn) -> Status {
    auto q = conn.Prepare("credential_insert");
    if (!q.ok()) return q.error();
    Query& insert = q.value();
    insert.Bind(1, record.store_id).Bind(2, record.key).BindBlob(3, record.secret_hash);
    insert.BindBlob(4, record.salt).Bind(5, static_cast<int64_t>(record.iterations));
    insert.Bind(6, record.scopes).Bind(7, record.name).Bind(8, record.authority);
    insert.Bind(9, record.created);
    LRS_RETURN_IF_ERROR(insert.Run());
    if (insert.Affected() == 0) {
      return Error::Conflict("a credential with key \"" + record.key + "\" exists");
    }
    return Status();
  });
}

Result<std::optional<CredentialRecord>> PostgresStore::FindCredential(const std::string& key) {
  using Found = std::optional<CredentialRecord>;
  return WithConnection([&](Connection& conn) -> Result<Found> {
    auto q = conn.Prepare("credential_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Found();
    return Found(ReadCredential(q.value()));
  });
}

Result<std::vector<CredentialRecord>> PostgresStore::ListCredentials(
    const std::optional<std::string>& store_name) {
  return WithConnection([&](Connection& conn) -> Result<std::vector<CredentialRecord>> {
    auto q = conn.Prepare("credential_list");
    if (!q.ok()) return q.error();
    if (store_name) {
      q.value().Bind(1, *store_name);
    } else {
      q.value().BindNull(1);
    }
    std::vector<CredentialRecord> out;
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      out.push_back(ReadCredential(q.value()));
    }
    return out;
  });
}

Result<bool> PostgresStore::RevokeCredential(const std::string& key, const std::string& when) {
  return WithConnection([&](Connection& conn) -> Result<bool> {
    auto q = conn.Prepare("credential_revoke");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key).Bind(2, when);
    LRS_RETURN_IF_ERROR(q.value().Run());
    return q.value().Affected() > 0;
  });
}

void PostgresStore::SetObserver(StatementObserver* observer) {
  writer_->SetObserver(observer);
}

Status PostgresStore::ApplyMigrations(const std::string& owner,
                                      const std::vector<ext::Migration>& migrations) {
  return WithConnection([&](Connection& conn) -> Status {
    MigrationsLock lock(conn);
    LRS_RETURN_IF_ERROR(lock.held());
    for (const ext::Migration& m : migrations) {
      {
        auto q = conn.Prepare("extension_migration_applied");
        if (!q.ok()) return q.error();
        q.value().Bind(1, owner).Bind(2, m.name);
        auto row = q.value().Step();
        if (!row.ok()) return row.error();
        if (row.value()) continue;
      }
      LRS_RETURN_IF_ERROR(conn.Exec("BEGIN"));
      Status applied = conn.Exec(m.sql);
      if (applied.ok()) {
        auto q = conn.Prepare("extension_migration_record");
        if (!q.ok()) {
          applied = q.error();
        } else {
          q.value().Bind(1, owner).Bind(2, m.name).Bind(3, FormatMillisUtc(NowMicros()));
          applied = q.value().Run();
        }
      }
      if (!applied.ok()) {
        (void)conn.Exec("ROLLBACK");
        return Error::Internal("migration " + m.name + " of plugin " + owner +
                               " failed: " + applied.error().message());
      }
      LRS_RETURN_IF_ERROR(conn.Exec("COMMIT"));
    }
    return Status();
  });
}

Status PostgresStore::Write(std::function<Status(ext::SqlConnection&)> work) {
  return writer_->SubmitWork(std::move(work));
}

Status PostgresStore::Read(std::function<Status(ext::SqlConnection&)> work) {
  Lease conn = Acquire();
  if (conn->Broken()) LRS_RETURN_IF_ERROR(conn->Reconnect());
  LRS_RETURN_IF_ERROR(BeginRead(*conn));
  ExtensionConnection ext(*conn);
  Status done = work(ext);
  if (conn->InTransaction()) (void)conn->Exec(done.ok() ? "COMMIT" : "ROLLBACK");
  return done;
}

Status PostgresStore::ScanStatements(
    ext::SqlConnection& txn, StoreId store, int64_t after_seq, int64_t up_to_seq, size_t limit,
    const std::function<Status(const ext::StoredStatement&)>& visit) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  // Every row is read before `visit` runs: it may use the connection itself.
  auto q = conn.value()->Prepare("statement_scan");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, after_seq).Bind(3, up_to_seq);
  q.value().Bind(4, static_cast<int64_t>(limit));
  while (true) {
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) break;
    const std::string_view id = q.value().Text(1);
    json::Document doc;
    if (!json::Parse(q.value().Text(4), &doc, json::kMaxStoredDepth).ok()) {
      return Error::Internal("stored statement " + std::string(id) + " is unreadable");
    }
    ext::StoredStatement s{store, q.value().Int64(0),     id, q.value().Int64(2),
                           &doc,  q.value().Int64(3) != 0};
    LRS_RETURN_IF_ERROR(visit(s));
  }
  return Status();
}

Status PostgresStore::GetStatements(
    ext::SqlConnection& txn, StoreId store, const std::vector<int64_t>& seqs,
    const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  for (int64_t seq : seqs) {
    auto q = conn.value()->Prepare("statement_by_seq");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, seq);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) continue;
    LRS_RETURN_IF_ERROR(visit(seq, q.value().Text(0), q.value().Int64(1) != 0));
  }
  return Status();
}

Result<std::optional<int64_t>> PostgresStore::FindStatement(ext::SqlConnection& txn, StoreId store,
                                                            std::string_view statement_id) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  auto q = conn.value()->Prepare("statement_find");
  if (!q.ok()) return q.error();
  q.value().Bind(1, store).Bind(2, AsciiLower(statement_id));
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<int64_t>();
  return std::optional<int64_t>(q.value().Int64(0));
}

Result<int64_t> PostgresStore::LastSeq(ext::SqlConnection& txn, StoreId store) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  return SingleInt(*conn.value(), "statement_last_seq", store, 0, false);
}

Result<int64_t> PostgresStore::CountStatements(ext::SqlConnection& txn, StoreId store,
                                               int64_t up_to_seq) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  return SingleInt(*conn.value(), "statement_count_up_to", store, up_to_seq, true);
}

}  // namespace lrs::store::postgres
