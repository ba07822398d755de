// Moving up: copying an SQLite LRS database into an empty PostgreSQL database
// (`outcome-lrs migrate`), resumable, and verifying the copy table by table.
//
// What is copied, table by table of the core schema (schemas/sqlite/migrations/001..006 against
// schemas/postgres/migrations/001): stores, credentials (hashes and salts as stored), statements
// in stored order with every column (seq, stored time, voided state, index terms, the body as
// stored, the version it came with), index_keys and statement_index (copied, not recomputed: the
// ids are kept, so every statement's `terms` still names its keys, and the terms a statement
// inherited from its StatementRef target when it was stored are kept as they were), activities,
// verbs, agent_names, attachments and documents (ETags and times as stored). What PostgreSQL
// adds is derived: the *_sha columns are computed from the text as the PostgreSQL backend's
// queries compute them, the identities continue after the ids copied, and the commit clock
// stands at the latest stored time, so `stored` and Consistent-Through stay monotone after the
// move.
//
// Then the tables of every plugin the caller loaded (`--plugin PATH`) whose data the source
// holds, as the plugin describes their copy (ext::TableCopy, ext::Plugin::CopiedTables): the host
// knows nothing of them. The plugin's PostgreSQL migrations are applied to the target as a server
// applies them (recorded in extension_migrations), then each table is copied like a core table,
// its rows in key order through the plugin's SQL, in the same resumable batches (its progress in
// migrate_progress under the table's name); a table the plugin says is made on the target by
// the copy of the others (a trigger's) is only verified. The source must hold every migration of
// the plugin loaded, no other. A source holding data of a plugin not loaded, or of one that does
// not describe its copy, is refused, naming it, unless the caller leaves that data behind
// (without_plugin_data: the plugins loaded are still copied). Not copied: extension_migrations
// (the target has its own record) and SQLite's own tables. PostgreSQL's own: schema_version (its
// migrations'), commit_clock (set as said), migrate_progress (this copy's), and what plugins'
// migrations make on PostgreSQL alone.
//
// The source is read under one read transaction per run and never written. The copy goes in
// bounded batches (a number of rows, and a few MiB of data), each committed in one PostgreSQL
// transaction together with its progress (table migrate_progress), so a run interrupted at any
// moment (kill -9, a lost connection) is resumed by running it again, and ends as an
// uninterrupted run would; a resumed run must load the same plugins as the one that began.
// Verification reads both sides in key order (text in byte order) and compares row counts and a
// checksum per table, the plugins' tables included.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/extension/sql.h"

namespace lrs::store {

// A plugin loaded for the copy: its name (as the source's extension_migrations records it), its
// migrations in PostgreSQL's dialect (with the names they have in SQLite's), and how its tables
// are copied, in copy order.
struct PluginCopy {
  std::string name;
  std::vector<ext::Migration> migrations;
  std::vector<ext::TableCopy> tables;
};

struct MigrationOptions {
  // The SQLite database file of the LRS (its server stopped).
  std::string sqlite_path;
  // A libpq connection URI without a password (CheckPostgresUri).
  std::string postgres_uri;
  // The plugins loaded, whose tables are copied when the source holds their data.
  std::vector<PluginCopy> plugins;
  // Leave behind the plugin data that no plugin of `plugins` copies, rather than refusing.
  bool without_plugin_data = false;
  // Only verify a finished copy: nothing is written.
  bool verify_only = false;
  // Most rows in one batch (a batch also ends past a few MiB of data).
  int batch_rows = 2000;
  // For tests: once this many batches are committed, stop in the middle of the next one (its
  // rows written, not committed), as a kill -9 would; 0: never.
  int stop_after_batches = 0;
};

// One table compared: its rows on each side, and the checksum of each side: SHA-256 chained over
// its rows in key order (h = SHA-256(h || row), from h = ""), a row being its columns in a
// canonical text form (integers in decimal, booleans 0/1, reals with 17 significant digits,
// bytes in hex, each length-prefixed, NULL marked; a plugin's lists of numbers with each number
// so written), so both sides compute it alike.
struct TableCheck {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::string source_sha256;  // hex
  std::string target_sha256;  // hex
  // Target rows whose hash columns (PostgreSQL's *_sha, derived from their text) are wrong.
  int64_t target_bad_hashes = 0;
  bool equal() const {
    return source_rows == target_rows && source_sha256 == target_sha256 && target_bad_hashes == 0;
  }
};

struct MigrationReport {
  // A copy of the same source was found in the target and continued (or was already complete).
  bool resumed = false;
  // Batches committed by this run, and the rows in them.
  int64_t batches = 0;
  int64_t rows_copied = 0;
  // Stopped by MigrationOptions::stop_after_batches before the end: nothing verified.
  bool stopped = false;
  // Plugin data not copied (--without-plugin-data): the tables, and the plugins whose
  // migrations were applied to the source ("NAME (N migrations)").
  std::vector<std::string> left_behind_tables;
  std::vector<std::string> left_behind_plugins;
  // One per table copied, in copy order (empty when stopped).
  std::vector<TableCheck> checks;
  // The tables whose checks differ.
  std::vector<std::string> Mismatches() const;
};

// Copies (unless verify_only) and verifies. Refusals are kBadRequest with a message saying why:
// a URI with a password, a source that is not an Outcome LRS database or has another schema
// version than this outcome-lrs, plugin data no plugin loaded copies without
// without_plugin_data, a plugin's data of other migrations than the plugin loaded, a plugin's
// table described wrongly, a target holding data that is not a partial copy of this source, a
// partial copy started with other plugins, another migrate copying into the target; a
// verify_only on a target that holds no finished copy. A real that is not finite (JSON cannot
// carry it) is kBadRequest too. kUnavailable: a database unreachable or
// the connection lost (run again to resume). A verification that finds differences is not an
// error: see MigrationReport::Mismatches. `progress` is told, in words, what is being done.
Result<MigrationReport> MigrateSqliteToPostgres(
    const MigrationOptions& options, const std::function<void(std::string_view)>& progress);

}  // namespace lrs::store
