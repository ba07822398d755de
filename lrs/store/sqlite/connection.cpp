#include "lrs/store/sqlite/connection.h"

#include <exception>

#include "lrs/core/log.h"
#include "lrs/store/sqlite/sql_catalog.h"

namespace lrs::store::sqlite {

namespace {

// Copies of one cached statement kept for nested use; further copies are prepared for their
// use only and finalized after it.
constexpr size_t kMaxCachedCopies = 4;

// The beginning of `stmt`'s SQL, to name it in a message.
std::string SqlHead(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  std::string head = sql != nullptr ? sql : "";
  // Catalog queries start with a comment line saying what they do; show the SQL itself.
  while (head.rfind("--", 0) == 0) {
    const size_t eol = head.find('\n');
    head = eol == std::string::npos ? std::string() : head.substr(eol + 1);
  }
  for (char& c : head) {
    if (c == '\n') c = ' ';
  }
  return head.size() > 60 ? head.substr(0, 60) + "..." : head;
}

}  // namespace

Query::Query(Query&& other) noexcept
    : stmt_(other.stmt_),
      conn_(other.conn_),
      in_use_(other.in_use_),
      bind_rc_(other.bind_rc_),
      bind_index_(other.bind_index_) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Query::~Query() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

void Query::Check(int rc, int index) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
    bind_index_ = index;
  }
}

Query& Query::Bind(int index, int64_t value) {
  Check(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Query& Query::BindDouble(int index, double value) {
  Check(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Query& Query::Bind(int index, std::string_view text) {
  Check(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        index);
  return *this;
}

Query& Query::BindBlob(int index, std::string_view bytes) {
  Check(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), index);
  return *this;
}

Query& Query::BindNull(int index) {
  Check(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Result<bool> Query::Step() {
  if (bind_rc_ != SQLITE_OK) {
    return Error::Internal("cannot bind parameter ?" + std::to_string(bind_index_) + " of \"" +
                           SqlHead(stmt_) + "\": " + sqlite3_errstr(bind_rc_));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return conn_->ErrorFor(rc, "SQLite step failed");
}

Status Query::Run() {
  while (true) {
    Result<bool> row = Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return Status();
  }
}

std::string_view Query::Text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? std::string_view() : std::string_view(reinterpret_cast<const char*>(p), n);
}

std::string_view Query::Blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p == nullptr ? std::string_view() : std::string_view(static_cast<const char*>(p), n);
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open database \"" + path +
                          "\": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    if (IsBusyCode(rc)) return Error(ErrorCode::kUnavailable, message);
    return Error::Internal(message);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (Cache* cache : {&named_, &by_text_}) {
    for (auto& [key, slots] : *cache) {
      for (auto& slot : slots)
        sqlite3_finalize(slot->stmt);
    }
  }
  sqlite3_close_v2(db_);
}

Status Connection::CopyInto(Connection& destination, std::chrono::milliseconds busy) {
  sqlite3_backup* backup = sqlite3_backup_init(destination.db_, "main", db_, "main");
  if (backup == nullptr) return destination.LastError("cannot begin the copy");
  const auto give_up = std::chrono::steady_clock::now() + busy;
  int rc;
  while (true) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_DONE || !IsBusyCode(rc) || std::chrono::steady_clock::now() >= give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    const std::string why = std::string("copying the database: ") + sqlite3_errstr(rc);
    if (IsBusyCode(rc)) return Error(ErrorCode::kUnavailable, why + " (it stayed locked)");
    return Error::Internal(why);
  }
  if (finished != SQLITE_OK) return destination.ErrorFor(finished, "finishing the copy");
  return Status();
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string m = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (IsBusyCode(rc)) return Error(ErrorCode::kUnavailable, "the database is busy: " + m);
    return Error::Internal("SQLite: " + m);
  }
  return Status();
}

Result<Query> Connection::Cached(Cache& cache, std::string_view key, bool named) {
  auto it = cache.find(key);
  if (it != cache.end()) {
    for (auto& slot : it->second) {
      if (!slot->in_use) {
        slot->in_use = true;
        return Query(slot->stmt, this, &slot->in_use);
      }
    }
  }
  const std::string_view sql = named ? QuerySql(key) : key;
  const bool keep = it == cache.end() || it->second.size() < kMaxCachedCopies;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              keep ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error failed =
        ErrorFor(rc, named ? "cannot prepare query " + std::string(key) : "cannot prepare SQL");
    sqlite3_finalize(stmt);
    return failed;
  }
  if (!keep) return Query(stmt, this, nullptr);
  if (it == cache.end())
    it = cache.emplace(std::string(key), std::vector<std::unique_ptr<Slot>>()).first;
  it->second.push_back(std::make_unique<Slot>());
  Slot& slot = *it->second.back();
  slot.stmt = stmt;
  slot.in_use = true;
  return Query(stmt, this, &slot.in_use);
}

Result<Query> Connection::Prepare(std::string_view name) {
  return Cached(named_, name, /*named=*/true);
}

Result<Query> Connection::PrepareCachedText(std::string_view sql) {
  return Cached(by_text_, sql, /*named=*/false);
}

Result<Query> Connection::PrepareText(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) {
    Error failed = ErrorFor(rc, "cannot prepare SQL");
    sqlite3_finalize(stmt);
    return failed;
  }
  return Query(stmt, this, nullptr);
}

void Connection::SetBusyTimeout(std::chrono::milliseconds timeout) {
  busy_timeout_ = timeout;
  sqlite3_busy_timeout(db_, static_cast<int>(timeout.count()));
}

void Connection::SetWalHook(std::function<void(int frames)> hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int frames) {
        try {
          static_cast<Connection*>(self)->wal_hook_(frames);
        } catch (const std::exception& e) {
          log::Error(std::string("after a commit: ") + e.what());
        } catch (...) {
          log::Error("after a commit: an unknown exception");
        }
        return SQLITE_OK;
      },
      this);
}

Status Connection::CheckpointPassive() {
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK && !IsBusyCode(rc)) return LastError("checkpoint failed");
  return Status();
}

Error Connection::LastError(std::string_view what) const {
  return ErrorFor(sqlite3_extended_errcode(db_), what);
}

Error Connection::ErrorFor(int rc, std::string_view what) const {
  if (IsBusyCode(rc)) {
    return Error(ErrorCode::kUnavailable,
                 std::string(what) + ": the database is busy (" + sqlite3_errmsg(db_) + ")");
  }
  return Error::Internal(std::string(what) + ": " + sqlite3_errmsg(db_));
}

}  // namespace lrs::store::sqlite
