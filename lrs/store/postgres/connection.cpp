#include "lrs/store/postgres/connection.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "lrs/store/postgres/sql_catalog.h"

namespace lrs::store::postgres {

namespace {

// Type OIDs of pg_type that need decoding (src/include/catalog/pg_type.dat).
constexpr Oid kBoolOid = 16;
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kTextOid = 25;
constexpr Oid kBpcharOid = 1042;
constexpr Oid kVarcharOid = 1043;

// Whose binary form is the text form's bytes.
bool IsTextType(Oid type) {
  return type == kTextOid || type == kVarcharOid || type == kBpcharOid;
}

// Binary format: a big-endian two's complement integer of `size` bytes (2, 4 or 8).
int64_t BigEndianInteger(const char* v, int size) {
  uint64_t u = 0;
  for (int i = 0; i < size; ++i)
    u = (u << 8) | static_cast<unsigned char>(v[i]);
  if (size < 8) {
    const uint64_t sign = uint64_t{1} << (size * 8 - 1);
    u = (u ^ sign) - sign;  // sign-extends
  }
  return static_cast<int64_t>(u);
}

std::string HexForm(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 15]);
  }
  return hex;
}

std::string Trimmed(const char* message) {
  std::string m = message != nullptr ? message : "";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' '))
    m.pop_back();
  return m;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool IsTransientSqlState(std::string_view sqlstate) {
  if (sqlstate.size() != 5) return false;
  const std::string_view cls = sqlstate.substr(0, 2);
  return cls == "08"              // connection exception
         || cls == "53"           // insufficient resources (too many connections, ...)
         || sqlstate == "40001"   // serialization_failure
         || sqlstate == "40P01"   // deadlock_detected
         || sqlstate == "55P03"   // lock_not_available (lock_timeout)
         || sqlstate == "57014"   // query_canceled (statement_timeout)
         || sqlstate == "57P01"   // admin_shutdown
         || sqlstate == "57P02"   // crash_shutdown
         || sqlstate == "57P03";  // cannot_connect_now
}

// ---- Query ----

bool Query::Check(int index) {
  if (index >= 1 && static_cast<size_t>(index) <= values_.size()) return true;
  if (bad_index_ == 0) bad_index_ = index;
  return false;
}

Query& Query::Bind(int index, int64_t value) {
  if (Check(index)) {
    values_[index - 1] = std::to_string(value);
    formats_[index - 1] = 0;
  }
  return *this;
}

Query& Query::BindDouble(int index, double value) {
  if (Check(index)) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.17g", value);
    values_[index - 1] = std::string(buf);
    formats_[index - 1] = 0;
  }
  return *this;
}

Query& Query::Bind(int index, std::string_view text) {
  if (Check(index)) {
    values_[index - 1] = std::string(text);
    formats_[index - 1] = 0;
  }
  return *this;
}

Query& Query::BindBlob(int index, std::string_view bytes) {
  if (Check(index)) {
    values_[index - 1] = std::string(bytes);
    formats_[index - 1] = 1;
  }
  return *this;
}

Query& Query::BindNull(int index) {
  if (Check(index)) values_[index - 1].reset();
  return *this;
}

Status Query::Execute() {
  if (bad_index_ != 0) {
    return Error::Internal("binding parameter " + std::to_string(bad_index_) + " of a query with " +
                           std::to_string(values_.size()) + " parameters");
  }
  std::vector<const char*> values(values_.size());
  std::vector<int> lengths(values_.size());
  for (size_t i = 0; i < values_.size(); ++i) {
    values[i] = values_[i] ? values_[i]->data() : nullptr;
    lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
  }
  result_.reset(PQexecPrepared(conn_->conn_, statement_.c_str(), static_cast<int>(values.size()),
                               values.data(), lengths.data(), formats_.data(),
                               /*resultFormat=*/binary_rows_ ? 1 : 0));
  const ExecStatusType status = result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = conn_->ErrorOf(result_.get(), "query");
    result_.reset();
    return e;
  }
  conn_->last_affected_ = Affected();
  return Status();
}

Result<bool> Query::Step() {
  if (!result_) {
    LRS_RETURN_IF_ERROR(Execute());
    row_ = -1;
  }
  blobs_.clear();
  if (row_ + 1 >= PQntuples(result_.get())) {
    row_ = PQntuples(result_.get());
    return false;
  }
  ++row_;
  return true;
}

Status Query::Run() {
  if (!result_) return Execute();
  return Status();
}

int64_t Query::Int64(int column) const {
  if (IsNull(column)) return 0;
  const char* v = PQgetvalue(result_.get(), row_, column);
  const Oid type = PQftype(result_.get(), column);
  if (binary_rows_) {
    switch (type) {
      case kBoolOid:
        return v[0] != 0 ? 1 : 0;
      case kInt2Oid:
        return BigEndianInteger(v, 2);
      case kInt4Oid:
        return BigEndianInteger(v, 4);
      case kInt8Oid:
        return BigEndianInteger(v, 8);
      default:
        return std::strtoll(TextFormOfBinary(column).data(), nullptr, 10);
    }
  }
  if (type == kBoolOid) return v[0] == 't' ? 1 : 0;
  return std::strtoll(v, nullptr, 10);
}

double Query::Double(int column) const {
  if (IsNull(column)) return 0;
  if (binary_rows_) {
    const Oid type = PQftype(result_.get(), column);
    if (type == kInt2Oid || type == kInt4Oid || type == kInt8Oid) {
      return static_cast<double>(Int64(column));
    }
    return std::strtod(TextFormOfBinary(column).data(), nullptr);
  }
  return std::strtod(PQgetvalue(result_.get(), row_, column), nullptr);
}

bool Query::IsNull(int column) const {
  return !result_ || row_ < 0 || row_ >= PQntuples(result_.get()) ||
         column >= PQnfields(result_.get()) || PQgetisnull(result_.get(), row_, column) != 0;
}

std::string_view Query::Text(int column) const {
  if (IsNull(column)) return {};
  if (binary_rows_) return TextFormOfBinary(column);
  return std::string_view(PQgetvalue(result_.get(), row_, column),
                          static_cast<size_t>(PQgetlength(result_.get(), row_, column)));
}

std::string_view Query::TextFormOfBinary(int column) const {
  const char* v = PQgetvalue(result_.get(), row_, column);
  const std::string_view bytes(v, static_cast<size_t>(PQgetlength(result_.get(), row_, column)));
  const Oid type = PQftype(result_.get(), column);
  if (IsTextType(type)) return bytes;  // NUL-terminated by libpq, as strtoll/strtod need
  std::string form;
  if (type == kByteaOid) {
    form = HexForm(bytes);
  } else if (type == kBoolOid) {
    form = v[0] != 0 ? "t" : "f";
  } else {
    form = std::to_string(Int64(column));  // BinaryRows admits no other type
  }
  text_forms_.push_back(std::make_unique<std::string>(std::move(form)));
  return *text_forms_.back();
}

std::string_view Query::Blob(int column) const {
  if (IsNull(column)) return {};
  if (binary_rows_) {
    if (PQftype(result_.get(), column) == kByteaOid) {
      return std::string_view(PQgetvalue(result_.get(), row_, column),
                              static_cast<size_t>(PQgetlength(result_.get(), row_, column)));
    }
    return Text(column);
  }
  std::string_view text = Text(column);
  if (PQftype(result_.get(), column) != kByteaOid) return text;
  auto cached = blobs_.find(column);
  if (cached != blobs_.end()) return cached->second;
  // The hex format of bytea output (bytea_output = 'hex', set by Configure): "\x" then two hex
  // digits per byte.
  std::string bytes;
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') {
    bytes.reserve((text.size() - 2) / 2);
    for (size_t i = 2; i + 1 < text.size(); i += 2) {
      bytes.push_back(static_cast<char>(HexValue(text[i]) * 16 + HexValue(text[i + 1])));
    }
  }
  return blobs_.emplace(column, std::move(bytes)).first->second;
}

int64_t Query::Affected() const {
  if (!result_) return 0;
  const char* n = PQcmdTuples(result_.get());
  return n != nullptr && *n != '\0' ? std::strtoll(n, nullptr, 10) : 0;
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::Open(const ConnectionSettings& settings) {
  // Keywords before "dbname" are defaults the URI may override; those after it are the LRS's.
  const char* keys[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                        nullptr};
  const char* values[] = {"10", "outcome-lrs", settings.conninfo.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (conn == nullptr) return Error(ErrorCode::kUnavailable, "cannot allocate a connection");
  std::unique_ptr<Connection> c(new Connection(conn, settings));
  if (PQstatus(conn) != CONNECTION_OK) {
    return Error(ErrorCode::kUnavailable,
                 "cannot connect to PostgreSQL: " + Trimmed(PQerrorMessage(conn)));
  }
  LRS_RETURN_IF_ERROR(c->Configure());
  return c;
}

Connection::~Connection() {
  PQfinish(conn_);
}

Status Connection::Configure() {
  const char* encoding = PQparameterStatus(conn_, "server_encoding");
  if (encoding == nullptr || std::strcmp(encoding, "UTF8") != 0) {
    return Error::Internal(std::string("the PostgreSQL database's encoding is ") +
                           (encoding ? encoding : "unknown") +
                           ", not UTF8; create it with ENCODING 'UTF8'");
  }
  auto q = Prepare("session_configure");
  if (!q.ok()) return q.error();
  q.value()
      .Bind(1, std::to_string(settings_.statement_timeout_ms))
      .Bind(2, std::to_string(settings_.lock_timeout_ms));
  return q.value().Run();
}

Status Connection::Reconnect() {
  prepared_.clear();
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Error(ErrorCode::kUnavailable,
                 "cannot connect to PostgreSQL again: " + Trimmed(PQerrorMessage(conn_)));
  }
  return Configure();
}

Error Connection::ErrorOf(const PGresult* result, std::string_view what) const {
  std::string message = Trimmed(result != nullptr ? PQresultErrorMessage(result) : nullptr);
  if (message.empty()) message = Trimmed(PQerrorMessage(conn_));
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const bool transient =
      PQstatus(conn_) != CONNECTION_OK || (state != nullptr && IsTransientSqlState(state));
  std::string text = std::string(what) + ": " + message;
  if (state != nullptr) text += " (SQLSTATE " + std::string(state) + ")";
  return transient ? Error(ErrorCode::kUnavailable, text) : Error::Internal(text);
}

Status Connection::Exec(std::string_view sql) {
  std::unique_ptr<PGresult, Query::ResultDeleter> result(PQexec(conn_, std::string(sql).c_str()));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    return ErrorOf(result.get(), "SQL");
  }
  return Status();
}

Result<int64_t> Connection::ExecInt64(std::string_view sql) {
  std::unique_ptr<PGresult, Query::ResultDeleter> result(PQexec(conn_, std::string(sql).c_str()));
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_TUPLES_OK) return ErrorOf(result.get(), "SQL");
  if (PQntuples(result.get()) != 1 || PQnfields(result.get()) < 1 ||
      PQgetisnull(result.get(), 0, 0)) {
    return Error::Internal("SQL returned no number where one was expected");
  }
  const char* text = PQgetvalue(result.get(), 0, 0);
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0') {
    return Error::Internal(std::string("SQL returned '") + text + "' where a number was expected");
  }
  return static_cast<int64_t>(value);
}

Result<Query> Connection::PrepareAs(const std::string& key, std::string_view sql) {
  auto it = prepared_.find(key);
  if (it == prepared_.end()) {
    const std::string statement = "q" + std::to_string(++next_statement_);
    std::unique_ptr<PGresult, Query::ResultDeleter> made(
        PQprepare(conn_, statement.c_str(), std::string(sql).c_str(), 0, nullptr));
    if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK) {
      return ErrorOf(made.get(), "preparing " + (key.rfind("sql:", 0) == 0 ? "SQL" : key));
    }
    std::unique_ptr<PGresult, Query::ResultDeleter> described(
        PQdescribePrepared(conn_, statement.c_str()));
    if (!described || PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
      return ErrorOf(described.get(), "describing " + key);
    }
    it = prepared_
             .emplace(key,
                      Prepared{statement, PQnparams(described.get()), BinaryRows(described.get())})
             .first;
  }
  return Query(this, it->second.statement, it->second.params, it->second.binary_rows);
}

bool Connection::BinaryRows(const PGresult* described) {
  bool blob = false;
  for (int i = 0; i < PQnfields(described); ++i) {
    const Oid type = PQftype(described, i);
    if (type == kByteaOid) {
      blob = true;
    } else if (!IsTextType(type) && type != kBoolOid && type != kInt2Oid && type != kInt4Oid &&
               type != kInt8Oid) {
      return false;
    }
  }
  return blob;
}

Result<Query> Connection::Prepare(std::string_view name) {
  return PrepareAs(std::string(name), QuerySql(name));
}

Result<Query> Connection::PrepareText(std::string_view sql) {
  return PrepareAs("sql:" + std::string(sql), sql);
}

bool Connection::InTransaction() const {
  const PGTransactionStatusType t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE ||
         t == PQTRANS_UNKNOWN;
}

}  // namespace lrs::store::postgres
