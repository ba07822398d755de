#include "lrs/store/postgres/postgres_store.h"

#include <algorithm>

#include "lrs/core/log.h"
#include "lrs/core/time.h"
#include "lrs/store/postgres/extension_connection.h"
#include "lrs/store/postgres/sql_catalog.h"
#include "lrs/store/postgres/writer_rows.h"
#include "lrs/store/sql_store_impl.h"
#include "lrs/store/statement_writer.h"

namespace lrs::store {
template class SqlStore<postgres::Connection>;
}

namespace lrs::store::postgres {

namespace {

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
    LRS_RETURN_IF_ERROR(ApplyMigration(
        conn, "BEGIN", std::string(migrations[i].name), migrations[i].text, [&]() -> Status {
          auto q = conn.Prepare("schema_version_set");
          if (!q.ok()) return q.error();
          return q.value().Bind(1, static_cast<int64_t>(i + 1)).Run();
        }));
  }
  *schema_version = static_cast<int>(migrations.size());
  return Status();
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
  store->pool_.Add(std::move(first).value());
  for (int i = 1; i < std::max(1, options.pool_size); ++i) {
    auto conn = Connection::Open(settings);
    if (!conn.ok()) return conn.error();
    store->pool_.Add(std::move(conn).value());
  }
  auto writer = Connection::Open(settings);
  if (!writer.ok()) return writer.error();
  store->writer_ = std::make_unique<StatementWriter>(
      std::make_unique<PostgresWriterRows>(std::move(writer).value()));
  return store;
}

PostgresStore::~PostgresStore() {
  StopWriter();
}

Status PostgresStore::RunRead(ReadKind kind, const std::function<Status(Connection&)>& read) {
  if (kind == ReadKind::kSnapshot) return WithReadTransaction(read);
  return WithConnection(read);
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
    BindCredentialInsert(q.value(), record);
    LRS_RETURN_IF_ERROR(q.value().Run());
    if (q.value().Affected() == 0) {
      return Error::Conflict("a credential with key \"" + record.key + "\" exists");
    }
    return Status();
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

Status PostgresStore::RunAdmin(const std::function<Status(Connection&)>& write) {
  return WithConnection([&](Connection& conn) -> Status { return write(conn); });
}

Status PostgresStore::ApplyMigrations(const std::string& owner,
                                      const std::vector<ext::Migration>& migrations) {
  return WithConnection([&](Connection& conn) -> Status {
    MigrationsLock lock(conn);
    LRS_RETURN_IF_ERROR(lock.held());
    return ApplyPluginMigrations(conn, "BEGIN", owner, migrations);
  });
}

Status PostgresStore::Read(std::function<Status(ext::SqlConnection&)> work) {
  auto conn = pool_.Acquire();
  if (conn->Broken()) LRS_RETURN_IF_ERROR(conn->Reconnect());
  LRS_RETURN_IF_ERROR(BeginRead(*conn));
  ExtensionConnection ext(*conn);
  Status done = work(ext);
  if (conn->InTransaction()) (void)conn->Exec(done.ok() ? "COMMIT" : "ROLLBACK");
  return done;
}

Status PostgresStore::ScrubErased() {
  return WithConnection(
      [&](Connection& conn) -> Status { return conn.Exec(QuerySql("erasure_vacuum")); });
}

}  // namespace lrs::store::postgres
