// The PostgreSQL implementation of the storage interfaces: any number of outcome-lrs processes
// on one database. Each process has one writer connection (group commit, as on SQLite, under the
// writers' lock that orders the writers of all processes: see writer_rows.h) and a pool of
// connections for reads and administration. What both backends do alike is SqlStore's
// (lrs/store/sql_store.h); here is what PostgreSQL does its own way.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "lrs/store/connection_pool.h"
#include "lrs/store/postgres/connection.h"
#include "lrs/store/sql_store.h"

namespace lrs::store {
extern template class SqlStore<postgres::Connection>;
}

namespace lrs::store::postgres {

struct PostgresOptions {
  // A libpq connection URI, postgresql://user@host:port/dbname?sslmode=..., without a password
  // (libpq takes it from PGPASSWORD, the password file or a service file).
  std::string uri;
  // Connections for reads and administration, besides the writer's.
  int pool_size = 8;
  // statement_timeout of every statement in milliseconds; 0: none.
  int statement_timeout_ms = 0;
  // How long a write waits for the writers' lock (another process's commit) or any other lock,
  // in milliseconds, before it fails with kUnavailable (503 with Retry-After over HTTP).
  int lock_timeout_ms = 10000;
};

class PostgresStore final : public SqlStore<Connection> {
 public:
  // Connects, and applies every pending migration (one process at a time). Fails when the
  // database holds tables but not those of this product, or comes from a newer version.
  static Result<std::unique_ptr<PostgresStore>> Open(const PostgresOptions& options);
  // Finishes the statement batches already submitted, then closes every connection.
  ~PostgresStore() override;

  // The schema version (number of migrations applied).
  int SchemaVersion() const { return schema_version_; }

  // StatementStore: microseconds since the epoch up to which every statement that has or will
  // have a "stored" time at or before it is readable, whichever process stores it
  // (X-Experience-API-Consistent-Through; queries/consistent_through.sql). Never less than a
  // value it returned before; that value again when the database cannot be asked.
  int64_t ConsistentThroughMicros() override;

  // CredentialStore: the writes, each one statement on a pooled connection, safe beside other
  // processes.
  Result<StoreId> EnsureStore(const std::string& name) override;
  Status AddCredential(const CredentialRecord& record) override;
  Result<bool> RevokeCredential(const std::string& key, const std::string& when) override;

  // ExtensionStore
  std::string_view SqlDialect() const override { return "postgresql"; }
  // One process at a time applies migrations (a session-level advisory lock), each in its own
  // transaction.
  Status ApplyMigrations(const std::string& owner,
                         const std::vector<ext::Migration>& migrations) override;
  // A REPEATABLE READ, READ ONLY transaction on a pooled connection.
  Status Read(std::function<Status(ext::SqlConnection&)> work) override;

  // ErasureStore: VACUUM (queries/erasure_vacuum.sql) on a pooled connection.
  Status ScrubErased() override;

 private:
  PostgresStore() = default;

  // kOneQuery: WithConnection; kSnapshot: WithReadTransaction.
  Status RunRead(ReadKind kind, const std::function<Status(Connection&)>& read) override;
  // WithConnection.
  Status RunAdmin(const std::function<Status(Connection&)>& write) override;

  // Runs `use(conn)` (returning a Status or a Result) on a pooled connection, connected again
  // first when it was lost; when it fails because the connection was lost meanwhile (a server
  // restart), once more on a new connection.
  template <typename Use>
  auto WithConnection(Use&& use) -> decltype(use(std::declval<Connection&>())) {
    auto conn = pool_.Acquire();
    for (int attempt = 0;; ++attempt) {
      if (conn->Broken()) {
        Status reconnected = conn->Reconnect();
        if (!reconnected.ok()) return reconnected.error();
      }
      auto outcome = use(*conn);
      if (outcome.ok() || attempt > 0 || !conn->Broken()) return outcome;
    }
  }
  // WithConnection, with `work(conn)` inside one REPEATABLE READ, READ ONLY transaction: one
  // snapshot. `work` must be safe to repeat.
  template <typename Work>
  auto WithReadTransaction(Work&& work) -> decltype(work(std::declval<Connection&>())) {
    using Outcome = decltype(work(std::declval<Connection&>()));
    return WithConnection([&](Connection& conn) -> Outcome {
      Status begun = BeginRead(conn);
      if (!begun.ok()) return begun.error();
      Outcome outcome = work(conn);
      if (conn.InTransaction()) {
        Status ended = conn.Exec(outcome.ok() ? "COMMIT" : "ROLLBACK");
        if (outcome.ok() && !ended.ok()) return ended.error();
      }
      return outcome;
    });
  }
  static Status BeginRead(Connection& conn);

  int schema_version_ = 0;
  std::atomic<int64_t> consistent_through_{0};

  // Connections for reads and administration.
  ConnectionPool<Connection> pool_;
};

}  // namespace lrs::store::postgres
