#include "lrs/store/sqlite/backup.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "lrs/store/sqlite/connection.h"

namespace lrs::store::sqlite {

namespace {

namespace fs = std::filesystem;

// fsync of a file or directory by path.
Status SyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::Internal("cannot open \"" + path + "\": " + std::strerror(errno));
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (rc != 0) return Error::Internal("cannot sync \"" + path + "\": " + std::strerror(saved));
  return Status();
}

Result<int64_t> SingleInt(Connection& conn, const char* sql) {
  auto q = conn.PrepareText(sql);
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return Error::Internal(std::string("no row from: ") + sql);
  return q.value().Int64(0);
}

// Checks the copy at `path` and counts what it holds.
Result<BackupReport> Check(const std::string& path) {
  auto opened = Connection::Open(path, /*create=*/false);
  if (!opened.ok()) return opened.error();
  Connection& copy = *opened.value();
  auto q = copy.PrepareText("PRAGMA integrity_check");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value() || q.value().Text(0) != "ok") {
    return Error::Internal("the copy fails SQLite's integrity check: " +
                           std::string(row.value() ? q.value().Text(0) : "no answer"));
  }
  BackupReport report;
  auto version = SingleInt(copy, "PRAGMA user_version");
  if (!version.ok()) return version.error();
  report.schema_version = static_cast<int>(version.value());
  auto statements = SingleInt(copy, "SELECT count(*) FROM statements");
  if (!statements.ok()) return statements.error();
  report.statements = statements.value();
  return report;
}

}  // namespace

Result<BackupReport> Backup(const std::string& from, const std::string& to,
                            std::chrono::milliseconds busy) {
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) {
    return Error::BadRequest("\"" + from + "\" is not a database file");
  }
  if (fs::exists(to, ec) || fs::is_symlink(to, ec)) {
    return Error::Conflict("\"" + to + "\" exists; a backup never overwrites a file");
  }
  auto source_opened = Connection::Open(from, /*create=*/false);
  if (!source_opened.ok()) return source_opened.error();
  Connection& source = *source_opened.value();
  source.SetBusyTimeout(busy);
  {
    // An LRS database: its migrations applied (user_version), its core tables there.
    auto version = SingleInt(source, "PRAGMA user_version");
    auto tables = SingleInt(source,
                            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                            "('stores', 'credentials', 'statements')");
    for (auto* r : {&version, &tables}) {
      if (!r->ok() && r->error().code() == ErrorCode::kUnavailable) return r->error();
    }
    if (!version.ok() || !tables.ok() || version.value() <= 0 || tables.value() != 3) {
      return Error::BadRequest(
          "\"" + from + "\" is not an Outcome LRS database" +
          (version.ok() && tables.ok()
               ? std::string()
               : " (" + (version.ok() ? tables : version).error().message() + ")"));
    }
  }

  const std::string partial = to + ".partial";
  for (const char* suffix : {"", "-journal", "-wal", "-shm"})
    fs::remove(partial + suffix, ec);
  auto failed = [&](Error error) -> Error {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"})
      fs::remove(partial + suffix, ec);
    return error;
  };
  {
    auto dest_opened = Connection::Open(partial, /*create=*/true);
    if (!dest_opened.ok()) return failed(dest_opened.error());
    Connection& dest = *dest_opened.value();
    if (Status copied = source.CopyInto(dest, busy); !copied.ok()) return failed(copied.error());
    // The source's write-ahead-log mode came with its pages: back to one self-contained file.
    if (Status mode = dest.Exec("PRAGMA journal_mode=DELETE"); !mode.ok()) {
      return failed(mode.error());
    }
  }
  auto report = Check(partial);
  if (!report.ok()) return failed(report.error());
  if (Status synced = SyncPath(partial, false); !synced.ok()) return failed(synced.error());
  if (fs::exists(to, ec)) {
    return failed(Error::Conflict("\"" + to + "\" appeared while the copy was made"));
  }
  fs::rename(partial, to, ec);
  if (ec)
    return failed(Error::Internal("cannot rename the copy to \"" + to + "\": " + ec.message()));
  fs::path dir = fs::absolute(to, ec).parent_path();
  if (Status synced = SyncPath(dir.string(), true); !synced.ok()) return synced.error();
  report.value().bytes = static_cast<int64_t>(fs::file_size(to, ec));
  return report;
}

}  // namespace lrs::store::sqlite
