#include "lrs/store/sqlite/connection.h"

#include "lrs/store/sqlite/sql_catalog.h"

namespace lrs::store::sqlite {

Query::~Query() {
  if (stmt_ == nullptr) return;
  auto adhoc = conn_->adhoc_.find(stmt_);
  if (adhoc != conn_->adhoc_.end()) {
    conn_->adhoc_.erase(adhoc);
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Query& Query::Bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Query& Query::BindDouble(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Query& Query::Bind(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Query& Query::BindBlob(int index, std::string_view bytes) {
  sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

Result<bool> Query::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  if (rc == SQLITE_BUSY) {
    return Error(ErrorCode::kUnavailable, "the database is busy; try again");
  }
  return conn_->LastError("SQLite step failed");
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

std::string_view Query::BlobView(int column) const {
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
    return Error::Internal(message);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [name, stmt] : cache_)
    sqlite3_finalize(stmt);
  for (auto& [text, stmt] : text_cache_)
    sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string m = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if (rc == SQLITE_BUSY || (rc & 0xFF) == SQLITE_BUSY) {
      return Error(ErrorCode::kUnavailable, "the database is busy: " + m);
    }
    return Error::Internal("SQLite: " + m);
  }
  return Status();
}

Result<Query> Connection::Prepare(std::string_view name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return Query(it->second, this);
  std::string_view sql = QuerySql(name);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("cannot prepare query " + std::string(name));
  cache_.emplace(std::string(name), stmt);
  return Query(stmt, this);
}

Result<Query> Connection::PrepareCachedText(std::string_view sql) {
  auto it = text_cache_.find(sql);
  if (it != text_cache_.end()) return Query(it->second, this);
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("cannot prepare SQL");
  text_cache_.emplace(std::string(sql), stmt);
  return Query(stmt, this);
}

Result<Query> Connection::PrepareText(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
  if (rc != SQLITE_OK) return LastError("cannot prepare SQL");
  adhoc_[stmt] = true;
  return Query(stmt, this);
}

void Connection::SetWalHook(std::function<void(int frames)> hook) {
  wal_hook_ = std::move(hook);
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int frames) {
        static_cast<Connection*>(self)->wal_hook_(frames);
        return SQLITE_OK;
      },
      this);
}

Status Connection::CheckpointPassive() {
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) return LastError("checkpoint failed");
  return Status();
}

Error Connection::LastError(std::string_view what) const {
  return Error::Internal(std::string(what) + ": " + sqlite3_errmsg(db_));
}

}  // namespace lrs::store::sqlite
