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
// move. Not copied: extension_migrations and plugins' tables (the outcome plugin does not run on
// PostgreSQL yet: a source holding plugin data is refused unless the caller leaves it behind);
// SQLite's own tables. PostgreSQL's own: schema_version (its migrations'), commit_clock (set as
// said), migrate_progress (this copy's).
//
// The source is read under one read transaction per run and never written. The copy goes in
// bounded batches (a number of rows, and a few MiB of data), each committed in one PostgreSQL
// transaction together with its progress (table migrate_progress), so a run interrupted at any
// moment (kill -9, a lost connection) is resumed by running it again, and ends as an
// uninterrupted run would. Verification reads both sides in key order (text in byte order) and
// compares row counts and a checksum per table.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"

namespace lrs::store {

struct MigrationOptions {
  // The SQLite database file of the LRS (its server stopped).
  std::string sqlite_path;
  // A libpq connection URI without a password (CheckPostgresUri).
  std::string postgres_uri;
  // Copy the core alone when the source holds plugin data, rather than refusing.
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
// canonical text form (integers in decimal, booleans 0/1, bytes in hex, each length-prefixed,
// NULL marked), so both sides compute it alike.
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
  // migrations were applied to the source.
  std::vector<std::string> left_behind_tables;
  std::vector<std::string> left_behind_plugins;
  // One per table copied, in copy order (empty when stopped).
  std::vector<TableCheck> checks;
  // The tables whose checks differ.
  std::vector<std::string> Mismatches() const;
};

// Copies (unless verify_only) and verifies. Refusals are kBadRequest with a message saying why:
// a URI with a password, a source that is not an Outcome LRS database or has another schema
// version than this outcome-lrs, plugin data without without_plugin_data, a target holding data
// that is not a partial copy of this source, another migrate copying into the target; a
// verify_only on a target that holds no finished copy. kUnavailable: a database unreachable or
// the connection lost (run again to resume). A verification that finds differences is not an
// error: see MigrationReport::Mismatches. `progress` is told, in words, what is being done.
Result<MigrationReport> MigrateSqliteToPostgres(
    const MigrationOptions& options, const std::function<void(std::string_view)>& progress);

}  // namespace lrs::store
