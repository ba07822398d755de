// `outcome-lrs backup`: a consistent copy of a live SQLite LRS database, taken while servers go
// on reading and writing it, that `serve` opens as it is.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "lrs/core/error.h"

namespace lrs::store::sqlite {

struct BackupReport {
  int64_t bytes = 0;       // size of the copy
  int64_t statements = 0;  // statements it holds (voided ones included)
  int schema_version = 0;
};

// Copies the LRS database file `from` into the new file `to` with SQLite's online backup API:
// one read snapshot of `from` (in WAL mode writers are not held up), so the copy holds exactly
// the transactions committed before it began, every table of the core and of plugins. The copy
// is written as `to`.partial, checked (PRAGMA integrity_check, the schema version readable, the
// statements counted), made durable (fsync) and only then renamed to `to`, so `to` is either
// absent or a whole copy; it is left in rollback-journal mode, a single self-contained file.
// Errors: kBadRequest when `from` is missing or not an Outcome LRS database; kConflict when `to`
// exists (never overwritten); kUnavailable when `from` stays locked past `busy`; kInternal for
// any other failure (the partial file is removed).
Result<BackupReport> Backup(const std::string& from, const std::string& to,
                            std::chrono::milliseconds busy = std::chrono::seconds(30));

}  // namespace lrs::store::sqlite
