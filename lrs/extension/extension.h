// The extension interface of Outcome LRS: what a plugin (a shared library loaded with
// `outcome-lrs ... --plugin PATH`) implements, and what the LRS offers it. A plugin talks to the
// LRS only through this header, lrs/extension/sql.h, and the plain value types they name
// (lrs/core/error.h, lrs/core/json.h, lrs/http/http_types.h); it never includes other LRS headers.
// It may use the statement model of lrs/xapi (validation, agent identity) linked into itself.
//
// Plugins are C++: they must be built by the same compiler and standard library as the server
// (in practice, from the same CMake tree). The loader refuses a plugin whose
// outcome_lrs_plugin_abi() differs from kAbiVersion, with a message saying both.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/core/metrics.h"
#include "lrs/extension/sql.h"
#include "lrs/http/http_types.h"

namespace lrs::ext {

// Bumped on any change to the declarations of this header or of lrs/extension/sql.h.
inline constexpr int kAbiVersion = 8;

// ---- Erasure of a person -----------------------------------------------------------------------

// A person being erased (GDPR Art. 17; `outcome-lrs forget`, lrs/service/forget.h).
struct AgentErasure {
  // The person's identity keys, as lrs/xapi/agent.h's AgentKey writes them ("mbox|mailto:...",
  // "mbox_sha1sum|...", "openid|...", "account|HOMEPAGE|NAME"): every form a statement may
  // name them by.
  std::vector<std::string> agent_keys;
  // The AgentKey of the pseudonym (an account) that now stands for the person in statements
  // that remain (others' statements naming them); empty when no statement needed one.
  std::string pseudonym_key;
  // The statements about to be deleted (the person's own, and those voiding them): still
  // readable with Host::GetStatements on the hook's connection.
  std::vector<int64_t> deleted_seqs;
};

// ---- Who is calling
// ------------------------------------------------------------------------------

// An HTTP caller: the credential's store and scopes when the LRS authenticated the request;
// nothing but `authenticated == false` when the plugin authenticates it itself
// (Plugin::AuthenticatesItself).
struct Caller {
  bool authenticated = false;
  int64_t store_id = 0;
  std::string store_name;
  std::string key;
  std::vector<std::string> scopes;  // e.g. "all", "outcomes/read"

  bool HasScope(std::string_view scope) const {
    for (const std::string& s : scopes) {
      if (s == scope) return true;
    }
    return false;
  }
};

// ---- The host ----------------------------------------------------------------------------------

// What the LRS offers a plugin once started. Thread-safe.
class Host {
 public:
  virtual ~Host() = default;

  // Runs `work` on the LRS's single writer, inside a transaction shared with concurrent
  // statement batches but isolated from their failures (a savepoint of its own), and returns
  // once that transaction has committed (or failed): `work`'s writes are then durable. Writes
  // are serialized with statement storage, so no statement is stored while `work` runs.
  // An error returned (or an exception thrown) by `work` rolls back its writes only. Called on
  // the writer itself (from a statement hook, or inside another Write's `work`), it fails at
  // once with kInternal rather than wait for itself: use the connection you were lent. When
  // the database stays locked by another process past the busy timeout: kUnavailable.
  virtual Status Write(std::function<Status(SqlConnection&)> work) = 0;

  // Runs `work` on a read-only connection inside one read transaction (a consistent snapshot).
  // `work` runs once: a busy or locked database is its query's kUnavailable error.
  virtual Status Read(std::function<Status(SqlConnection&)> work) = 0;

  // The store (tenant) named `name`, nullopt when there is none.
  virtual Result<std::optional<int64_t>> FindStore(const std::string& name) = 0;

  // -- Reading the LRS's statements, on the connection of a Write or Read call --

  // Calls `visit` for the statements of `store_id` with seq in (after_seq, up_to_seq], in stored
  // order, at most `limit` of them; StoredStatement::voided tells whether each is voided now.
  // The statement passed is valid during its call only.
  virtual Status ScanStatements(SqlConnection& txn, int64_t store_id, int64_t after_seq,
                                int64_t up_to_seq, size_t limit,
                                const std::function<Status(const StoredStatement&)>& visit) = 0;
  // Calls `visit` with the statement at each seq of `seqs` that belongs to `store_id`, in the
  // order of `seqs`, as the LRS returns it (the exact format, JSON text).
  virtual Status GetStatements(
      SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs,
      const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) = 0;
  // The seq of the statement `statement_id` (any case) of `store_id`, nullopt when there is none.
  virtual Result<std::optional<int64_t>> FindStatement(SqlConnection& txn, int64_t store_id,
                                                       std::string_view statement_id) = 0;
  // The last seq of `store_id` (0 when it has no statement).
  virtual Result<int64_t> LastSeq(SqlConnection& txn, int64_t store_id) = 0;
  // How many statements of `store_id` have a seq at most `up_to_seq`.
  virtual Result<int64_t> CountStatements(SqlConnection& txn, int64_t store_id,
                                          int64_t up_to_seq) = 0;

  // Logs one line on the server's log, at the server's level.
  virtual void LogInfo(std::string_view message) = 0;
  virtual void LogWarn(std::string_view message) = 0;
  virtual void LogError(std::string_view message) = 0;

  // The registry GET /metrics renders, for the plugin's own metric families: their names begin
  // with "outcome_lrs_" and the plugin's Name() ("outcome_lrs_outcomes_..."). A computed gauge
  // the plugin sets must be removed (Registry::RemoveComputedGauge) in its Stop.
  virtual metrics::Registry& Metrics() = 0;
};

// ---- The plugin --------------------------------------------------------------------------------

// The host catches every exception a plugin's method throws: in Prepare it fails the request's
// batch (500), in a statement hook it fails the batch like an error returned (its savepoint is
// rolled back, 500), in OnRollback or Stop it is logged, in Start it fails the start. A plugin
// should still return errors as values; the host's guard is what keeps one plugin's bug from
// ending the process for everyone.
//
// Several processes on one database (PostgreSQL): Host::Write and the statement hooks of every
// process run one at a time (the writers' lock), but a plugin hears only of its own process's
// batches and rollbacks, and its background work runs in every process. What it keeps in
// memory about its tables may be stale when another process wrote: check a version its tables
// carry at the start of every write transaction, and keep background progress in its tables
// (docs/ARCHITECTURE.md, "PostgreSQL: several servers, one database", says how the outcome
// plugin does).

class Plugin {
 public:
  virtual ~Plugin() = default;

  // A short lower-case name ("outcomes"), unique among loaded plugins.
  virtual std::string_view Name() const = 0;
  // Called once, right after the plugin is loaded and before any other call but Name, with the
  // SQL dialect of the LRS's database: "sqlite" or "postgresql". The plugin's migrations and
  // queries must be written in it (parameters are ?1, ?2, ... in both). An error refuses the
  // plugin on that database; the loader reports it with the plugin's name and its message.
  // Default: SQLite only.
  virtual Status UseDatabase(std::string_view sql_dialect) {
    if (sql_dialect == "sqlite") return Status();
    return Error::BadRequest("its SQL is written for SQLite only");
  }
  // The plugin's schema, applied by the host in order, each once, before Start.
  virtual std::vector<Migration> Migrations() const = 0;
  // Scopes the plugin adds, accepted by `credentials add` when the plugin is loaded.
  virtual std::vector<std::string> Scopes() const = 0;
  // How `outcome-lrs migrate --plugin PATH` copies the plugin's tables from an SQLite database
  // into a PostgreSQL one (TableCopy), in copy order: every table its SQLite migrations create,
  // each once. Called after UseDatabase("postgresql"), whose Migrations() migrate applies to the
  // target before the copy (so they must have the names they have on SQLite), and never with
  // Start. Empty (the default): the plugin's data cannot be copied, and migrate refuses a
  // source holding it unless told to leave it behind (--without-plugin-data).
  virtual std::vector<TableCopy> CopiedTables() const { return {}; }

  // Called once the database is ready, before any other call but Migrations/Scopes/Name.
  // `host` outlives the plugin until Stop returns. May start threads.
  virtual Status Start(Host& host) = 0;
  // Called before the host shuts down: stop threads; no call to the host after it returns.
  virtual void Stop() = 0;

  // On the thread that submits a batch of statements of store `store_id` (an HTTP request's),
  // before the batch is queued for the writer, concurrently with anything else: whatever the
  // plugin wants worked out there rather than on the single writer. What it returns comes back
  // as StoredStatement::prepared of the batch's statements in OnStatementsStored, and is
  // released before the batch's submitter returns. It must not use the host, and it must not
  // rely on still being right on the writer (declarations may have changed meanwhile).
  // `statements` are valid during the call only. Null (the default): nothing prepared.
  virtual std::shared_ptr<const void> Prepare(int64_t store_id,
                                              const std::vector<const json::Value*>& statements) {
    (void)store_id;
    (void)statements;
    return nullptr;
  }
  // On the writer, inside the savepoint of the batch that stores `statements` (statements
  // already stored are not repeated). An error fails the whole batch: nothing of it is stored.
  virtual Status OnStatementsStored(SqlConnection& txn,
                                    const std::vector<StoredStatement>& statements) = 0;
  // On the writer, inside the savepoint of the batch whose voiding statements voided the
  // statements `seqs` of store `store_id`, stored earlier. An error fails the batch.
  virtual Status OnStatementsVoided(SqlConnection& txn, int64_t store_id,
                                    const std::vector<int64_t>& seqs) = 0;
  // On the writer, inside the transaction of an erasure of a person from store `store_id`,
  // before the LRS deletes anything: the plugin removes the person from its own tables (rows
  // keyed by one of erasure.agent_keys; what it derived from erasure.deleted_seqs), or puts
  // erasure.pseudonym_key in their place where its data must stay for others. An error fails
  // the whole erasure: nothing of it happens. Default: nothing to erase (a plugin that keeps
  // anything about agents must override it).
  virtual Status OnAgentErased(SqlConnection& txn, int64_t store_id, const AgentErasure& erasure) {
    (void)txn;
    (void)store_id;
    (void)erasure;
    return Status();
  }
  // After a rollback on the writer (a failed batch, Write or commit): anything the plugin keeps
  // in memory about its tables must be re-read, since writes it saw may not have happened.
  virtual void OnRollback() = 0;

  // The URL path prefix the plugin serves ("/outcomes"), outside the xAPI paths; empty for none.
  virtual std::string_view HttpPrefix() const = 0;
  // The methods `path` (under HttpPrefix()) answers, as for an Allow header ("GET, PUT"); the
  // LRS sends it with a kMethodNotAllowed error of HandleHttp.
  virtual std::string Allow(std::string_view path) const = 0;
  // Whether the plugin authenticates `request` (under HttpPrefix()) itself rather than the LRS
  // with HTTP Basic: a public page, or a request carrying a token the plugin issued. Called
  // before any authentication; must be cheap and must not trust the request. Default: never.
  virtual bool AuthenticatesItself(const http::HttpRequest& request) const {
    (void)request;
    return false;
  }
  // Answers a request under HttpPrefix(): from a caller the LRS authenticated, or, when
  // AuthenticatesItself(request), from an unauthenticated one the plugin must check itself.
  // Errors are mapped to HTTP statuses by the LRS, like its own. A response may stream its
  // body (HttpResponse::stream).
  virtual Result<http::HttpResponse> HandleHttp(const http::HttpRequest& request,
                                                const Caller& caller) = 0;

  // Command-line subcommands the plugin adds ("outcomes", "kpi").
  virtual std::vector<std::string> Commands() const = 0;
  // Runs `outcome-lrs COMMAND ARGS...` (args after the command, with --db and --plugin taken
  // out) once Start has succeeded; returns the exit status (0 ok, 1 failure, 2 usage error).
  virtual int RunCommand(const std::string& command, const std::vector<std::string>& args) = 0;
};

}  // namespace lrs::ext

// The two functions a plugin library exports (with C linkage, so dlsym finds them):
//   extern "C" int outcome_lrs_plugin_abi();               // returns lrs::ext::kAbiVersion
//   extern "C" lrs::ext::Plugin* outcome_lrs_plugin_create();  // a new plugin; the host deletes it
#define OUTCOME_LRS_PLUGIN_ABI_SYMBOL "outcome_lrs_plugin_abi"
#define OUTCOME_LRS_PLUGIN_CREATE_SYMBOL "outcome_lrs_plugin_create"
