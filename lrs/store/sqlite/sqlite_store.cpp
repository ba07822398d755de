#include "lrs/store/sqlite/sqlite_store.h"

#include <algorithm>
#include <limits>

#include "lrs/core/log.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/store/sqlite/checkpointer.h"
#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/extension_connection.h"
#include "lrs/store/sqlite/sql_catalog.h"
#include "lrs/store/sqlite/writer_rows.h"
#include "lrs/store/statement_writer.h"

namespace lrs::store::sqlite {

namespace {

// The background checkpointer starts once the write-ahead log holds this many pages (SQLite's
// own default threshold).
constexpr int kCheckpointFrames = 1000;
// A checkpoint running beside the writer can copy the log but never finish it while writes keep
// coming, and SQLite only rewinds a finished log: past this length the writer itself completes
// the checkpoint after its commit (only the tail the background thread has not copied yet),
// which keeps the log, and the disk it uses, bounded.
constexpr int kCatchUpFrames = 4 * kCheckpointFrames;
// A filter's selectivity is estimated by counting its index entries up to this bound.
constexpr int64_t kEstimateCap = 4000;

Status Configure(Connection& conn, const SqliteOptions& options, int cache_mib, bool read_only) {
  conn.SetBusyTimeout(std::chrono::milliseconds(std::max(0, options.busy_timeout_ms)));
  std::string pragmas = "PRAGMA foreign_keys = ON;";
  pragmas += "PRAGMA temp_store = MEMORY;";
  pragmas += "PRAGMA cache_size = -" + std::to_string(cache_mib * 1024) + ";";
  pragmas +=
      options.synchronous_full ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;";
  if (read_only) pragmas += "PRAGMA query_only = ON;";
  return conn.Exec(pragmas);
}

Result<int> UserVersion(Connection& conn) {
  auto q = conn.PrepareText("PRAGMA user_version");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  return row.value() ? static_cast<int>(q.value().Int64(0)) : 0;
}

Result<int64_t> CountTables(Connection& conn) {
  auto q = conn.PrepareText("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  return row.value() ? q.value().Int64(0) : 0;
}

Status Migrate(Connection& conn, const std::string& path, int* schema_version) {
  auto version = UserVersion(conn);
  if (!version.ok()) return version.error();
  const auto& migrations = MigrationEntries();
  if (version.value() == 0) {
    auto tables = CountTables(conn);
    if (!tables.ok()) return tables.error();
    if (tables.value() > 0) {
      return Error::Internal("\"" + path +
                             "\" is an SQLite database, but not one of Outcome LRS; refusing to "
                             "modify it");
    }
  }
  if (version.value() > static_cast<int>(migrations.size())) {
    return Error::Internal("\"" + path + "\" has schema version " +
                           std::to_string(version.value()) + ", newer than this outcome-lrs (" +
                           std::to_string(migrations.size()) + "); upgrade outcome-lrs");
  }
  for (size_t i = static_cast<size_t>(version.value()); i < migrations.size(); ++i) {
    LRS_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
    Status applied = conn.Exec(migrations[i].text);
    if (applied.ok()) {
      applied = conn.Exec("PRAGMA user_version = " + std::to_string(i + 1));
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

// Ends a read transaction on every path out of a scope.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& conn) : conn_(conn) { begun_ = conn_.Exec("BEGIN").ok(); }
  ~ReadTransaction() {
    if (begun_) (void)conn_.Exec("COMMIT");
  }
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;

 private:
  Connection& conn_;
  bool begun_ = false;
};

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

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path,
                                                       const SqliteOptions& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore());
  store->path_ = path;

  auto admin = Connection::Open(path, /*create=*/true);
  if (!admin.ok()) return admin.error();
  store->admin_ = std::move(admin).value();
  store->admin_->SetBusyTimeout(std::chrono::milliseconds(std::max(0, options.busy_timeout_ms)));
  {
    auto mode = store->admin_->PrepareText("PRAGMA journal_mode = WAL");
    if (!mode.ok()) return mode.error();
    auto row = mode.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value() || mode.value().Text(0) != "wal") {
      return Error::Internal("cannot switch \"" + path + "\" to WAL journal mode");
    }
  }
  LRS_RETURN_IF_ERROR(Configure(*store->admin_, options, 2, /*read_only=*/false));
  LRS_RETURN_IF_ERROR(Migrate(*store->admin_, path, &store->schema_version_));

  auto checkpoints = Connection::Open(path, /*create=*/false);
  if (!checkpoints.ok()) return checkpoints.error();
  LRS_RETURN_IF_ERROR(Configure(*checkpoints.value(), options, 2, /*read_only=*/false));
  store->checkpointer_ =
      std::make_unique<Checkpointer>(std::move(checkpoints).value(), kCheckpointFrames);

  auto writer = Connection::Open(path, /*create=*/false);
  if (!writer.ok()) return writer.error();
  LRS_RETURN_IF_ERROR(
      Configure(*writer.value(), options, options.writer_cache_mib, /*read_only=*/false));
  Checkpointer* checkpointer = store->checkpointer_.get();
  Connection* writer_conn = writer.value().get();
  writer.value()->SetWalHook([checkpointer, writer_conn](int frames) {
    if (frames >= kCatchUpFrames) {
      Status caught_up = writer_conn->CheckpointPassive();
      if (!caught_up.ok()) log::Warn("checkpoint after commit: " + caught_up.error().message());
      return;
    }
    checkpointer->LogGrew(frames);
  });
  store->writer_ = std::make_unique<StatementWriter>(
      std::make_unique<SqliteWriterRows>(std::move(writer).value()));

  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    auto reader = Connection::Open(path, /*create=*/false);
    if (!reader.ok()) return reader.error();
    LRS_RETURN_IF_ERROR(
        Configure(*reader.value(), options, options.reader_cache_mib, /*read_only=*/true));
    store->readers_.push_back(std::move(reader).value());
  }
  return store;
}

SqliteStore::SqliteStore() = default;

SqliteStore::~SqliteStore() {
  if (writer_) writer_->Stop();
  writer_.reset();
  checkpointer_.reset();
}

SqliteStore::Lease::Lease(SqliteStore* store, std::unique_ptr<Connection> conn)
    : store_(store), conn_(std::move(conn)) {}

SqliteStore::Lease::~Lease() {
  {
    std::lock_guard<std::mutex> lock(store_->readers_mu_);
    store_->readers_.push_back(std::move(conn_));
  }
  store_->readers_cv_.notify_one();
}

SqliteStore::Lease SqliteStore::AcquireReader() {
  std::unique_lock<std::mutex> lock(readers_mu_);
  readers_cv_.wait(lock, [this] { return !readers_.empty(); });
  std::unique_ptr<Connection> conn = std::move(readers_.back());
  readers_.pop_back();
  return Lease(this, std::move(conn));
}

Status SqliteStore::StoreStatements(StoreId store, std::vector<StatementRecord> batch) {
  return writer_->Submit(store, std::move(batch));
}

Result<std::optional<StoredStatement>> SqliteStore::GetStatement(StoreId store,
                                                                 const std::string& id) {
  std::optional<StoredStatement> found;
  Lease lease = AcquireReader();
  LRS_RETURN_IF_ERROR(ReadInTransaction(*lease, [&](Connection& conn) -> Status {
    found.reset();
    auto q = conn.Prepare("statement_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, id);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
    StoredStatement s;
    s.seq = q.value().Int64(0);
    s.id = id;
    s.stored_us = q.value().Int64(1);
    s.voided = q.value().Int64(2) != 0;
    s.body = std::string(q.value().Text(5));
    s.version = xapi::VersionFromName(q.value().Text(6)).value_or(xapi::Version::k1_0_3);
    found = std::move(s);
    return Status();
  }));
  return found;
}

Result<bool> SqliteStore::StatementHasTerm(StoreId store, int64_t seq, xapi::IndexKind kind,
                                           const std::string& value, uint8_t mask) {
  bool has = false;
  Lease lease = AcquireReader();
  LRS_RETURN_IF_ERROR(ReadInTransaction(*lease, [&](Connection& conn) -> Status {
    has = false;
    int64_t key = 0;
    {
      auto q = conn.Prepare("index_key_find");
      if (!q.ok()) return q.error();
      q.value().Bind(1, store).Bind(2, static_cast<int64_t>(kind)).Bind(3, value);
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) return Status();
      key = q.value().Int64(0);
    }
    auto q = conn.Prepare("statement_index_flags");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key).Bind(2, seq);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    has = row.value() && (q.value().Int64(0) & mask) != 0;
    return Status();
  }));
  return has;
}

Result<StatementPage> SqliteStore::QueryStatements(StoreId store, const StatementQuery& query) {
  StatementPage page;
  Lease lease = AcquireReader();
  LRS_RETURN_IF_ERROR(ReadInTransaction(*lease, [&](Connection& conn) -> Status {
    auto found = QueryWith(conn, store, query);
    if (!found.ok()) return found.error();
    page = std::move(found).value();
    return Status();
  }));
  return page;
}

Result<StatementPage> SqliteStore::QueryWith(Connection& conn, StoreId store,
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

Result<std::vector<AttachmentPayload>> SqliteStore::GetAttachments(
    StoreId store, const std::vector<std::string>& sha2s) {
  std::vector<AttachmentPayload> found;
  if (sha2s.empty()) return found;
  // The data of one response comes from one snapshot.
  Lease lease = AcquireReader();
  LRS_RETURN_IF_ERROR(ReadInTransaction(*lease, [&](Connection& conn) -> Status {
    found.clear();
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
    return Status();
  }));
  return found;
}

Result<std::optional<std::string>> SqliteStore::GetActivityDefinition(
    StoreId store, const std::string& activity_id) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<std::optional<std::string>> {
    auto q = conn.Prepare("activity_get");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, activity_id);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(std::string(q.value().Text(0)));
  });
}

Result<std::vector<std::string>> SqliteStore::GetAgentNames(StoreId store,
                                                            const std::string& agent_key) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<std::vector<std::string>> {
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

Result<std::optional<std::string>> SqliteStore::GetVerbDisplay(StoreId store,
                                                               const std::string& verb_id) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<std::optional<std::string>> {
    auto q = conn.Prepare("verb_get");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, verb_id);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<std::string>();
    return std::optional<std::string>(std::string(q.value().Text(0)));
  });
}

int64_t SqliteStore::ConsistentThroughMicros() {
  return writer_->ConsistentThroughMicros();
}

Result<std::optional<StoreId>> SqliteStore::FindStore(const std::string& name) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<std::optional<StoreId>> {
    auto q = conn.Prepare("store_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, name);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return std::optional<StoreId>();
    return std::optional<StoreId>(q.value().Int64(0));
  });
}

Result<StoreId> SqliteStore::EnsureStore(const std::string& name) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  {
    auto q = admin_->Prepare("store_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, name);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (row.value()) return q.value().Int64(0);
  }
  auto q = admin_->Prepare("store_insert");
  if (!q.ok()) return q.error();
  q.value().Bind(1, name).Bind(2, FormatMillisUtc(NowMicros()));
  LRS_RETURN_IF_ERROR(q.value().Run());
  return admin_->LastInsertRowid();
}

Status SqliteStore::AddCredential(const CredentialRecord& record) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  {
    auto q = admin_->Prepare("credential_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, record.key);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (row.value()) return Error::Conflict("a credential with key \"" + record.key + "\" exists");
  }
  auto q = admin_->Prepare("credential_insert");
  if (!q.ok()) return q.error();
  Query& insert = q.value();
  insert.Bind(1, record.store_id).Bind(2, record.key).BindBlob(3, record.secret_hash);
  insert.BindBlob(4, record.salt).Bind(5, static_cast<int64_t>(record.iterations));
  insert.Bind(6, record.scopes).Bind(7, record.name).Bind(8, record.authority);
  insert.Bind(9, record.created);
  return insert.Run();
}

Result<std::optional<CredentialRecord>> SqliteStore::FindCredential(const std::string& key) {
  using Found = std::optional<CredentialRecord>;
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<Found> {
    auto q = conn.Prepare("credential_find");
    if (!q.ok()) return q.error();
    q.value().Bind(1, key);
    auto row = q.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Found();
    return Found(ReadCredential(q.value()));
  });
}

Result<std::vector<CredentialRecord>> SqliteStore::ListCredentials(
    const std::optional<std::string>& store_name) {
  Lease lease = AcquireReader();
  return ReadInTransaction(*lease, [&](Connection& conn) -> Result<std::vector<CredentialRecord>> {
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

Result<bool> SqliteStore::RevokeCredential(const std::string& key, const std::string& when) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  auto q = admin_->Prepare("credential_revoke");
  if (!q.ok()) return q.error();
  q.value().Bind(1, key).Bind(2, when);
  LRS_RETURN_IF_ERROR(q.value().Run());
  return admin_->Changes() > 0;
}

void SqliteStore::SetObserver(StatementObserver* observer) {
  writer_->SetObserver(observer);
}

Status SqliteStore::ApplyMigrations(const std::string& owner,
                                    const std::vector<ext::Migration>& migrations) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  for (const ext::Migration& m : migrations) {
    {
      auto q = admin_->Prepare("extension_migration_applied");
      if (!q.ok()) return q.error();
      q.value().Bind(1, owner).Bind(2, m.name);
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (row.value()) continue;
    }
    LRS_RETURN_IF_ERROR(admin_->Exec("BEGIN IMMEDIATE"));
    Status applied = admin_->Exec(m.sql);
    if (applied.ok()) {
      auto q = admin_->Prepare("extension_migration_record");
      if (!q.ok()) {
        applied = q.error();
      } else {
        q.value().Bind(1, owner).Bind(2, m.name).Bind(3, FormatMillisUtc(NowMicros()));
        applied = q.value().Run();
      }
    }
    if (!applied.ok()) {
      (void)admin_->Exec("ROLLBACK");
      return Error::Internal("migration " + m.name + " of plugin " + owner +
                             " failed: " + applied.error().message());
    }
    LRS_RETURN_IF_ERROR(admin_->Exec("COMMIT"));
  }
  return Status();
}

Status SqliteStore::Write(std::function<Status(ext::SqlConnection&)> work) {
  return writer_->SubmitWork(std::move(work));
}

Status SqliteStore::Read(std::function<Status(ext::SqlConnection&)> work) {
  Lease conn = AcquireReader();
  ReadTransaction txn(*conn);
  ExtensionConnection ext(*conn);
  return work(ext);
}

namespace {

Result<Connection*> Unwrapped(ext::SqlConnection& txn) {
  Connection* conn = ExtensionConnection::Unwrap(txn);
  if (conn == nullptr) return Error::Internal("a connection the store did not lend");
  return conn;
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

}  // namespace

Status SqliteStore::ScanStatements(
    ext::SqlConnection& txn, StoreId store, int64_t after_seq, int64_t up_to_seq, size_t limit,
    const std::function<Status(const ext::StoredStatement&)>& visit) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  // Read the rows first: `visit` may use the connection (and this cached query) itself.
  struct Row {
    int64_t seq;
    std::string id;
    int64_t stored_us;
    bool voided;
    std::string body;
  };
  std::vector<Row> rows;
  {
    auto q = conn.value()->Prepare("statement_scan");
    if (!q.ok()) return q.error();
    q.value().Bind(1, store).Bind(2, after_seq).Bind(3, up_to_seq);
    q.value().Bind(4, static_cast<int64_t>(limit));
    while (true) {
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) break;
      rows.push_back({q.value().Int64(0), std::string(q.value().Text(1)), q.value().Int64(2),
                      q.value().Int64(3) != 0, std::string(q.value().Text(4))});
    }
  }
  for (const Row& r : rows) {
    json::Document doc;
    if (!json::Parse(r.body, &doc, json::kMaxStoredDepth).ok()) {
      return Error::Internal("stored statement " + r.id + " is unreadable");
    }
    ext::StoredStatement s{store, r.seq, r.id, r.stored_us, &doc, r.voided};
    LRS_RETURN_IF_ERROR(visit(s));
  }
  return Status();
}

Status SqliteStore::GetStatements(
    ext::SqlConnection& txn, StoreId store, const std::vector<int64_t>& seqs,
    const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  for (int64_t seq : seqs) {
    std::string body;
    bool voided = false;
    {
      auto q = conn.value()->Prepare("statement_by_seq");
      if (!q.ok()) return q.error();
      q.value().Bind(1, store).Bind(2, seq);
      auto row = q.value().Step();
      if (!row.ok()) return row.error();
      if (!row.value()) continue;
      body = std::string(q.value().Text(0));
      voided = q.value().Int64(1) != 0;
    }
    LRS_RETURN_IF_ERROR(visit(seq, body, voided));
  }
  return Status();
}

Result<std::optional<int64_t>> SqliteStore::FindStatement(ext::SqlConnection& txn, StoreId store,
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

Result<int64_t> SqliteStore::LastSeq(ext::SqlConnection& txn, StoreId store) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  return SingleInt(*conn.value(), "statement_last_seq", store, 0, false);
}

Result<int64_t> SqliteStore::CountStatements(ext::SqlConnection& txn, StoreId store,
                                             int64_t up_to_seq) {
  auto conn = Unwrapped(txn);
  if (!conn.ok()) return conn.error();
  return SingleInt(*conn.value(), "statement_count_up_to", store, up_to_seq, true);
}

}  // namespace lrs::store::sqlite
