// The storage interface of the LRS. Storage knows xAPI's data model (lrs/xapi) but nothing of
// HTTP. Two implementations of the same contracts, SQLite (lrs/store/sqlite) and PostgreSQL
// (lrs/store/postgres), chosen by lrs/store/database.h; no SQL dialect appears above this header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/extension/sql.h"
#include "lrs/xapi/statement.h"
#include "lrs/xapi/version.h"

namespace lrs::store {

// A store (tenant). Every statement, credential and document belongs to exactly one store, and
// no operation given one store id ever reads or writes another store's rows.
using StoreId = int64_t;

// The store every database starts with.
inline constexpr std::string_view kDefaultStoreName = "default";

// Canonical metadata a statement carries: an Activity definition or a Verb display, serialized.
struct MetadataUpdate {
  std::string id;    // activity or verb IRI
  std::string json;  // the Activity Definition object, or the display language map
};

// The raw data of an attachment (Part Two §2.4.11), identified by its hash.
struct AttachmentPayload {
  std::string sha2;          // lower-case hex SHA-2 of `content`
  std::string content_type;  // the Internet Media Type to report it with
  // Shared by every statement of a request that references the same data.
  std::shared_ptr<const std::string> content;
};

// One statement ready to be stored: validated and prepared (xapi::PrepareForStorage) by the
// caller.
struct StatementRecord {
  // The lower-case statement id.
  std::string id;
  // The prepared statement, used to compare with an already stored statement of the same id.
  // It may point into a larger document (the whole request body), which it keeps alive.
  std::shared_ptr<const json::Value> statement;
  // Its serialization without "stored" (and without "timestamp" when `needs_timestamp`); the
  // store adds those at commit.
  std::string body;
  // The statement had no timestamp: it gets the value of "stored" (Part Two §2.4.7).
  bool needs_timestamp = false;
  std::vector<xapi::IndexTerm> terms;
  // Lower-case id of the StatementRef object, empty when the object is not a StatementRef.
  std::string ref_target;
  bool is_voiding = false;
  // The statement's Activity definitions and Verb display, to merge into the canonical
  // metadata; left empty when the credential may not define (the "define" scope).
  std::vector<MetadataUpdate> activity_definitions;
  std::optional<MetadataUpdate> verb_display;
  // The names the statement gives its identified agents (xapi::AgentNames): (AgentKey, name),
  // remembered for the Agents resource.
  std::vector<std::pair<std::string, std::string>> agent_names;
  // Data of attachments the statement references, received with it (verified by the caller:
  // each hashes to its sha2). Stored once per store and hash, in the batch's transaction.
  std::vector<AttachmentPayload> attachments;
  // The version of the request that brought it: the rules it was validated and prepared under,
  // by which it is compared with a stored statement of the same id, and kept with it.
  xapi::Version version = xapi::Version::k1_0_3;
};

// A stored statement as read back.
struct StoredStatement {
  int64_t seq = 0;  // position in stored order
  std::string id;
  int64_t stored_us = 0;  // "stored", microseconds since the epoch
  std::string body;       // the exact format
  bool voided = false;
  // The version of the request that stored it (StatementRecord::version).
  xapi::Version version = xapi::Version::k1_0_3;
};

// A filter on one index value: matches statements carrying `value` of `kind` with any flag in
// `mask` (see xapi::IndexFlag).
struct IndexFilter {
  xapi::IndexKind kind;
  std::string value;
  uint8_t mask;
};

// A GET /statements query, already validated. Results exclude voided statements.
struct StatementQuery {
  std::vector<IndexFilter> filters;  // all must match; at most 5
  std::optional<int64_t> since_us;   // stored strictly after
  std::optional<int64_t> until_us;   // stored at or before
  bool ascending = false;            // stored order; newest first by default
  // Continue after this seq (exclusive, in the query's direction): a "more" cursor.
  std::optional<int64_t> after_seq;
  size_t limit = 100;  // at least 1
};

struct StatementPage {
  std::vector<StoredStatement> statements;
  // Set when more statements match: the cursor to continue from.
  std::optional<int64_t> next_after_seq;
};

struct CredentialRecord {
  int64_t id = 0;
  StoreId store_id = 0;
  std::string store_name;
  std::string key;
  std::string secret_hash;  // PBKDF2-HMAC-SHA256 output, raw bytes
  std::string salt;         // raw bytes
  int iterations = 0;
  std::string scopes;     // space-separated
  std::string name;       // who the credential is for, for people
  std::string authority;  // JSON Agent used as statement authority
  std::string created;    // ISO 8601
  std::optional<std::string> revoked;
  // When the credential's store was disabled (read only: set with AdminStore); nullopt while
  // the store is enabled.
  std::optional<std::string> store_disabled;
};

// Statement storage. Implementations are safe to call from many threads at once.
class StatementStore {
 public:
  virtual ~StatementStore() = default;

  // Stores `batch` in `store` as one all-or-nothing unit and returns once it is durable (the
  // transaction holding it has committed). Per statement, in order:
  //  * an id already stored with an equivalent statement (xapi::StatementsEquivalent under the
  //    record's version) is skipped and nothing about it changes; with a different statement the
  //    whole batch fails with kConflict;
  //  * a voiding statement voids its target when the target is stored (or when it arrives
  //    later); targeting a voiding statement fails the batch with kBadRequest, since a voiding
  //    statement cannot be voided;
  //  * a statement whose object is a StatementRef carries its target's direct and related index
  //    terms (transitively, whenever the target arrives);
  //  * "stored" is assigned at commit, never decreasing in stored order, and "timestamp" is set
  //    to it where missing;
  //  * `activity_definitions` and `verb_display` are merged into the canonical metadata;
  //  * the `attachments` data is stored unless data with that hash is stored in `store` already
  //    (also for a statement skipped as already stored).
  // On any error nothing of the batch is stored. Duplicate ids within `batch` are the caller's
  // to reject.
  virtual Status StoreStatements(StoreId store, std::vector<StatementRecord> batch) = 0;

  // The statement `id` (lower case) of `store`, voided or not; nullopt when there is none.
  virtual Result<std::optional<StoredStatement>> GetStatement(StoreId store,
                                                              const std::string& id) = 0;

  // Whether statement `seq` carries index value (kind, value) with a flag in `mask`.
  virtual Result<bool> StatementHasTerm(StoreId store, int64_t seq, xapi::IndexKind kind,
                                        const std::string& value, uint8_t mask) = 0;

  // The statements matching `query`, at most query.limit of them, in the query's order.
  virtual Result<StatementPage> QueryStatements(StoreId store, const StatementQuery& query) = 0;

  // The stored attachment data of `store` with each of the lower-case hashes `sha2s`, in that
  // order; hashes without stored data (attachments known only by fileUrl) are left out.
  virtual Result<std::vector<AttachmentPayload>> GetAttachments(
      StoreId store, const std::vector<std::string>& sha2s) = 0;

  // The canonical Activity definition (JSON) of `activity_id`, nullopt when none.
  virtual Result<std::optional<std::string>> GetActivityDefinition(
      StoreId store, const std::string& activity_id) = 0;

  // Every name stored statements of `store` gave the agent with xapi::AgentKey `agent_key`,
  // in byte order; empty when none.
  virtual Result<std::vector<std::string>> GetAgentNames(StoreId store,
                                                         const std::string& agent_key) = 0;

  // The canonical Verb display (JSON language map) of `verb_id`, nullopt when none.
  virtual Result<std::optional<std::string>> GetVerbDisplay(StoreId store,
                                                            const std::string& verb_id) = 0;

  // Microseconds since the epoch up to which every statement that has or will have a "stored"
  // time at or before it is readable (X-Experience-API-Consistent-Through): recent even when
  // nothing is being written, and always before the "stored" time of a statement that is not
  // readable yet (a batch whose commit is still in progress).
  virtual int64_t ConsistentThroughMicros() = 0;
};

// Stores (tenants) and credentials.
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;

  // The id of the store named `name`, nullopt when there is none.
  virtual Result<std::optional<StoreId>> FindStore(const std::string& name) = 0;
  // The id of the store named `name`, creating it when needed.
  virtual Result<StoreId> EnsureStore(const std::string& name) = 0;

  // Adds `record` (its id and store_name are ignored). kConflict when the key exists.
  virtual Status AddCredential(const CredentialRecord& record) = 0;
  // The credential with `key`, revoked or not; nullopt when there is none.
  virtual Result<std::optional<CredentialRecord>> FindCredential(const std::string& key) = 0;
  // All credentials, or those of the store named `store_name`.
  virtual Result<std::vector<CredentialRecord>> ListCredentials(
      const std::optional<std::string>& store_name) = 0;
  // Revokes the active credential `key`; false when no active credential has that key.
  virtual Result<bool> RevokeCredential(const std::string& key, const std::string& when) = 0;
};

// A store (tenant) as administration sees it.
struct StoreRecord {
  StoreId id = 0;
  std::string name;
  std::string created;                  // ISO 8601
  std::optional<std::string> disabled;  // when it was disabled; nullopt while enabled
};

// One administrative action of the audit log. Never a secret nor erased personal data.
struct AuditEntry {
  int64_t id = 0;             // increasing with time; set by the store
  std::string time;           // ISO 8601
  StoreId store_id = 0;       // the store acted upon
  std::string store_name;     // read only: filled in by ListAuditEntries
  std::string actor;          // the key of the credential that asked, or "cli"
  std::string action;         // "store.create", "credential.revoke", ...
  std::string target;         // what was acted upon: a key, a store's name, a job's id
  std::string detail = "{}";  // a JSON object: counts and settings
};

struct AuditQuery {
  std::optional<StoreId> store;      // only this store's entries; every store's when nullopt
  std::optional<int64_t> before_id;  // only entries older than this one (the next page)
  size_t limit = 100;                // at least 1
};

// A background job as stored (see service::JobRunner).
struct JobRecord {
  std::string id;  // lower-case UUID
  std::string kind;
  StoreId store_id = 0;
  std::string store_name;             // read only: filled in by GetJob
  std::string state;                  // "queued", "running", "done", "failed"
  std::string created, updated;       // ISO 8601
  std::optional<std::string> result;  // JSON, once done
  std::optional<std::string> error;   // why it failed
};

// A plugin migration recorded as applied to the database.
struct AppliedMigration {
  std::string owner;  // the plugin's name
  std::string name;
  std::string applied;  // ISO 8601
};

// What administration stores besides credentials: stores' state, the audit log and jobs. Each
// call is one statement, durable on return; safe to call from many threads at once.
class AdminStore {
 public:
  virtual ~AdminStore() = default;

  // Every store, in order of creation.
  virtual Result<std::vector<StoreRecord>> ListStores() = 0;
  // The store named `name`, nullopt when there is none.
  virtual Result<std::optional<StoreRecord>> GetStore(const std::string& name) = 0;
  // Disables `store` as of `when`, or enables it when `when` is nullopt; false when there is no
  // such store.
  virtual Result<bool> SetStoreDisabled(StoreId store, const std::optional<std::string>& when) = 0;

  // Replaces the secret (its hash, salt and rounds) of the active credential `key`; false when
  // no active credential has that key.
  virtual Result<bool> ReplaceCredentialSecret(const std::string& key,
                                               const std::string& secret_hash,
                                               const std::string& salt, int iterations) = 0;

  // Appends `entry` (its id and store_name are ignored) and returns its id.
  virtual Result<int64_t> AddAuditEntry(const AuditEntry& entry) = 0;
  // The entries `query` asks for, newest first.
  virtual Result<std::vector<AuditEntry>> ListAuditEntries(const AuditQuery& query) = 0;

  // Adds `job` (store_name, result and error are ignored); its id must be new (a new UUID).
  virtual Status AddJob(const JobRecord& job) = 0;
  // Sets the state, update time, result and error of job `job.id`; false when there is none.
  virtual Result<bool> UpdateJob(const JobRecord& job) = 0;
  // Job `id`, nullopt when there is none.
  virtual Result<std::optional<JobRecord>> GetJob(const std::string& id) = 0;
  // Marks every job still queued or running failed at `when` with `message`; their ids.
  virtual Result<std::vector<std::string>> FailUnfinishedJobs(const std::string& message,
                                                              const std::string& when) = 0;

  // Every plugin migration applied to the database, by plugin and name.
  virtual Result<std::vector<AppliedMigration>> ListAppliedMigrations() = 0;
};

// Told about statement writes, inside the transaction that makes them (the extension host,
// which forwards to plugins). Called on the writer only, but for Prepare.
class StatementObserver {
 public:
  virtual ~StatementObserver() = default;
  // On the thread that submits `batch` of `store`, before it is queued for the writer: what
  // the observer wants worked out off the writer. It comes back as StoredStatement::prepared
  // of the batch's statements, and is released before the submitter's call returns. An error
  // fails the batch before it is queued: nothing of it is stored.
  virtual Result<std::shared_ptr<const void>> Prepare(
      StoreId store, const std::vector<StatementRecord>& batch) = 0;
  // Newly stored statements of one batch, in stored order, before the batch's savepoint is
  // released. An error fails the batch.
  virtual Status OnStatementsStored(ext::SqlConnection& txn,
                                    const std::vector<ext::StoredStatement>& statements) = 0;
  // Statements stored earlier that the batch voided. An error fails the batch.
  virtual Status OnStatementsVoided(ext::SqlConnection& txn, StoreId store,
                                    const std::vector<int64_t>& seqs) = 0;
  // After any rollback on the writer (of a batch, a Write, or a whole commit).
  virtual void OnRollback() = 0;
  // Inside the transaction of an erasure (ErasureStore::WriteErasure) of store `store`, before
  // the LRS deletes anything: the person known by the xapi::AgentKeys `agent_keys` is being
  // erased; `deleted_seqs` are the statements about to be deleted (readable still), and
  // `pseudonym_key` the AgentKey that replaces the person in the statements that remain. An
  // error fails the erasure: nothing of it happens.
  virtual Status OnAgentErased(ext::SqlConnection& txn, StoreId store,
                               const std::vector<std::string>& agent_keys,
                               const std::string& pseudonym_key,
                               const std::vector<int64_t>& deleted_seqs) {
    (void)txn, (void)store, (void)agent_keys, (void)pseudonym_key, (void)deleted_seqs;
    return Status();  // an observer that keeps nothing about agents has nothing to erase
  }
};

// What the extension host needs from storage: plugin schemas and transactions, and the
// statement observer. Implementations are safe to call from many threads at once.
class ExtensionStore {
 public:
  virtual ~ExtensionStore() = default;

  // The SQL dialect of the database, which plugins' SQL must be written in: "sqlite" or
  // "postgresql" (ext::Plugin::UseDatabase). Plugins' query parameters are ?1, ?2, ... on both.
  virtual std::string_view SqlDialect() const = 0;

  // Sets the observer of statement writes (nullptr: none). Returns once no commit still uses
  // the previous observer, which may then be destroyed.
  virtual void SetObserver(StatementObserver* observer) = 0;

  // Applies, in order and each in its own transaction, the migrations of `owner` not applied
  // before (they are recorded by owner and name). kInternal naming the failing one.
  virtual Status ApplyMigrations(const std::string& owner,
                                 const std::vector<ext::Migration>& migrations) = 0;

  // See ext::Host::Write and ext::Host::Read.
  virtual Status Write(std::function<Status(ext::SqlConnection&)> work) = 0;
  virtual Status Read(std::function<Status(ext::SqlConnection&)> work) = 0;

  // See the statement readers of ext::Host. `txn` must be a connection this store lent to a
  // Write or Read call (or to a StatementObserver); kInternal otherwise.
  virtual Status ScanStatements(
      ext::SqlConnection& txn, StoreId store, int64_t after_seq, int64_t up_to_seq, size_t limit,
      const std::function<Status(const ext::StoredStatement&)>& visit) = 0;
  virtual Status GetStatements(
      ext::SqlConnection& txn, StoreId store, const std::vector<int64_t>& seqs,
      const std::function<Status(int64_t seq, std::string_view json, bool voided)>& visit) = 0;
  virtual Result<std::optional<int64_t>> FindStatement(ext::SqlConnection& txn, StoreId store,
                                                       std::string_view statement_id) = 0;
  virtual Result<int64_t> LastSeq(ext::SqlConnection& txn, StoreId store) = 0;
  virtual Result<int64_t> CountStatements(ext::SqlConnection& txn, StoreId store,
                                          int64_t up_to_seq) = 0;
};

// ---- Documents (Part Three §2.2-2.7): State, Activity Profile and Agent Profile ----

// Which document resource a document belongs to. Each resource has its own namespace of ids.
enum class DocumentKind : int { kState = 0, kActivityProfile = 1, kAgentProfile = 2 };

// Where documents live: the Activity and/or Agent (and, for State, registration) they belong to.
struct DocumentContext {
  DocumentKind kind = DocumentKind::kState;
  // The Activity id (State, Activity Profile); empty for Agent Profile.
  std::string activity_id;
  // xapi::AgentKey of the Agent (State, Agent Profile); empty for Activity Profile.
  std::string agent_key;
  // State only, a lower-case UUID. For one document, nullopt is the document stored without a
  // registration; for a set of documents (listing, deleting), nullopt means any registration.
  std::optional<std::string> registration;
};

// One document: its context and its id (stateId or profileId).
struct DocumentKey {
  DocumentContext context;
  std::string id;
};

// A stored document, as read back.
struct StoredDocument {
  std::string content_type;  // as it was given, byte for byte
  std::string contents;      // byte for byte
  std::string etag;          // what the writer decided (lower-case hex SHA-1 of the contents)
  int64_t updated_us = 0;    // when it was last written, microseconds since the epoch
};

// What to do with one document, decided from its current version (see UpdateDocument).
struct DocumentWrite {
  enum class Action { kKeep, kReplace, kDelete };
  Action action = Action::kKeep;
  // For kReplace: the new document.
  std::string content_type;
  std::string contents;
  std::string etag;
};

// The ids of a set of documents and when the most recently written of them was written.
struct DocumentIds {
  std::vector<std::string> ids;  // sorted, without repeats
  int64_t last_updated_us = 0;   // 0 when `ids` is empty
};

// Document storage. Implementations are safe to call from many threads at once.
class DocumentStore {
 public:
  virtual ~DocumentStore() = default;

  // The document `key` of `store`; nullopt when there is none.
  virtual Result<std::optional<StoredDocument>> GetDocument(StoreId store,
                                                            const DocumentKey& key) = 0;

  // The ids of the documents of `store` in `context` (any registration when
  // context.registration is nullopt), limited to those written strictly after `since_us` when
  // given.
  virtual Result<DocumentIds> ListDocumentIds(StoreId store, const DocumentContext& context,
                                              std::optional<int64_t> since_us) = 0;

  // Reads document `key` of `store` and calls `decide` with it (nullopt when there is none),
  // then applies the decision; nothing else writes the document in between, so a decision
  // taken on the current version (a precondition check, a merge) is never based on stale data.
  // A replaced document gets the current time as its `updated_us`. When `decide` returns an
  // error nothing changes and that error is returned. Returns once the change is durable.
  // `decide` runs on another thread (the writer's) before this returns; it must be quick and
  // must not call the store.
  virtual Status UpdateDocument(
      StoreId store, const DocumentKey& key,
      const std::function<Result<DocumentWrite>(const std::optional<StoredDocument>& current)>&
          decide) = 0;

  // Deletes every document of `store` in `context` (any registration when
  // context.registration is nullopt). Returns once the change is durable.
  virtual Status DeleteDocuments(StoreId store, const DocumentContext& context) = 0;
};

// ---- Erasure of a person (lrs/service/forget.h) ----

class ErasureRows;  // lrs/store/erasure_rows.h

class ErasureStore {
 public:
  virtual ~ErasureStore() = default;

  // Runs `work` as one job of the statement writer, like ExtensionStore::Write (one savepoint:
  // all of it or nothing, durable on return), with the erasure's rows and the connection they
  // use (to lend to StatementObserver::OnAgentErased). On SQLite the job runs with
  // secure_delete on, so what it deletes is overwritten with zeros. Afterwards the writer
  // forgets the index keys it remembers, since `work` may delete some.
  virtual Status WriteErasure(std::function<Status(ErasureRows&, ext::SqlConnection&)> work) = 0;

  // After an erasure committed: makes what it deleted unrecoverable from the database's own
  // files as far as the backend allows. SQLite (which erased with secure_delete on, so freed
  // pages hold zeros): copies the write-ahead log into the database file and truncates it;
  // kUnavailable when a reader kept it from finishing. PostgreSQL: VACUUM of the tables an
  // erasure writes, so their dead tuples' space is marked free (their bytes stay on disk until
  // overwritten; VACUUM FULL, which rewrites the files, is left to the administrator).
  virtual Status ScrubErased() = 0;

  // Whether one of `agent_keys` (xapi::AgentKey) is blocked in `store`: its salted hash has a
  // block entry that refuses statements. False while the database has no salt (no erasure yet).
  virtual Result<bool> AgentBlocked(StoreId store, const std::vector<std::string>& agent_keys) = 0;
};

// Everything one database offers: the storage contracts of one backend.
class Database : public StatementStore,
                 public CredentialStore,
                 public AdminStore,
                 public ExtensionStore,
                 public DocumentStore,
                 public ErasureStore {};

}  // namespace lrs::store
