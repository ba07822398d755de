#include "lrs/store/sqlite/sqlite_store.h"

#include <algorithm>

#include "lrs/core/log.h"
#include "lrs/core/time.h"
#include "lrs/store/sql_store_impl.h"
#include "lrs/store/sqlite/checkpointer.h"
#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/extension_connection.h"
#include "lrs/store/sqlite/sql_catalog.h"
#include "lrs/store/sqlite/writer_rows.h"
#include "lrs/store/statement_writer.h"

namespace lrs::store {
template class SqlStore<sqlite::Connection>;
}

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
    LRS_RETURN_IF_ERROR(ApplyMigration(
        conn, "BEGIN IMMEDIATE", std::string(migrations[i].name), migrations[i].text,
        [&] { return conn.Exec("PRAGMA user_version = " + std::to_string(i + 1)); }));
  }
  *schema_version = static_cast<int>(migrations.size());
  return Status();
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
    store->readers_.Add(std::move(reader).value());
  }
  return store;
}

SqliteStore::SqliteStore() = default;

SqliteStore::~SqliteStore() {
  StopWriter();
  checkpointer_.reset();
}

Status SqliteStore::RunRead(ReadKind /*kind*/, const std::function<Status(Connection&)>& read) {
  auto lease = readers_.Acquire();
  return ReadInTransaction(*lease, read);
}

int64_t SqliteStore::ConsistentThroughMicros() {
  return writer_->ConsistentThroughMicros();
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
  BindCredentialInsert(q.value(), record);
  return q.value().Run();
}

Result<bool> SqliteStore::RevokeCredential(const std::string& key, const std::string& when) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  auto q = admin_->Prepare("credential_revoke");
  if (!q.ok()) return q.error();
  q.value().Bind(1, key).Bind(2, when);
  LRS_RETURN_IF_ERROR(q.value().Run());
  return admin_->Changes() > 0;
}

Status SqliteStore::RunAdmin(const std::function<Status(Connection&)>& write) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  return write(*admin_);
}

Status SqliteStore::ApplyMigrations(const std::string& owner,
                                    const std::vector<ext::Migration>& migrations) {
  std::lock_guard<std::mutex> lock(admin_mu_);
  return ApplyPluginMigrations(*admin_, "BEGIN IMMEDIATE", owner, migrations);
}

Status SqliteStore::Read(std::function<Status(ext::SqlConnection&)> work) {
  auto conn = readers_.Acquire();
  ReadTransaction txn(*conn);
  ExtensionConnection ext(*conn);
  return work(ext);
}

Status SqliteStore::ScrubErased() {
  std::lock_guard<std::mutex> lock(admin_mu_);
  auto q = admin_->Prepare("erasure_checkpoint");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value() || q.value().Int64(0) != 0) {
    return Error(ErrorCode::kUnavailable,
                 "the write-ahead log could not be checkpointed and truncated: a reader still "
                 "uses it; the erased rows are deleted, but their old pages stay in the log until "
                 "the next complete checkpoint");
  }
  return Status();
}

}  // namespace lrs::store::sqlite
