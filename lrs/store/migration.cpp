#include "lrs/store/migration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/store/database.h"
#include "lrs/store/postgres/connection.h"
#include "lrs/store/postgres/extension_connection.h"
#include "lrs/store/postgres/postgres_store.h"
#include "lrs/store/postgres/sql_catalog.h"
#include "lrs/store/sqlite/connection.h"
#include "lrs/store/sqlite/sql_catalog.h"

namespace lrs::store {

namespace {

using crypto::HexEncode;
using crypto::Sha256;

// A batch also ends once its rows hold this much data, so a batch of large attachments or
// documents stays bounded in memory.
constexpr size_t kBatchBytes = 8u << 20;
// Rows per page of the tables holding bytes (attachments, documents) when verifying, where a
// page is read whole into memory.
constexpr int kBlobPageRows = 16;

// kReal: a double; kNumbers: a text of numbers and separators, compared by the numbers read
// as doubles (ext::TableCopy::Kind::kNumberList).
enum class Kind { kInt, kBool, kReal, kText, kBlob, kNumbers };

struct Column {
  std::string name;
  Kind kind;
};

// A table as both backends hold it: its columns in the order its page queries (both backends)
// read them, the key first (`keys` columns: an integer, then texts or integers), and its copy
// query (PostgreSQL) takes them as JSON objects. A core table's queries are the catalogs'
// migrate_<name>_page and migrate_<name>_copy; a plugin's are the SQL it gave (ext::TableCopy).
struct Table {
  Table() = default;
  Table(std::string name, size_t keys, bool bytes, std::vector<Column> columns)
      : name(std::move(name)), keys(keys), bytes(bytes), columns(std::move(columns)) {}

  std::string name;
  size_t keys = 1;
  bool bytes = false;  // holds large values: small pages when verifying
  std::vector<Column> columns;
  // A plugin's table: the plugin's name and SQL (parameters ?N); empty for the core's.
  std::string plugin;
  std::string sqlite_page, postgres_page, postgres_insert, postgres_after, postgres_bad_rows;
  // Not copied: made on the target by the copy of tables before it; verified only.
  bool derived = false;
};

// In copy order (a row's store before it).
const std::vector<Table>& CoreTables() {
  static const std::vector<Table> kTables = {
      {"stores",
       1,
       false,
       {{"id", Kind::kInt},
        {"name", Kind::kText},
        {"created", Kind::kText},
        {"disabled", Kind::kText}}},
      {"credentials",
       1,
       false,
       {{"id", Kind::kInt},
        {"store_id", Kind::kInt},
        {"api_key", Kind::kText},
        {"secret_hash", Kind::kBlob},
        {"salt", Kind::kBlob},
        {"iterations", Kind::kInt},
        {"scopes", Kind::kText},
        {"name", Kind::kText},
        {"authority", Kind::kText},
        {"created", Kind::kText},
        {"revoked", Kind::kText}}},
      {"index_keys",
       1,
       false,
       {{"id", Kind::kInt},
        {"store_id", Kind::kInt},
        {"kind", Kind::kInt},
        {"value", Kind::kText}}},
      {"statements",
       1,
       false,
       {{"seq", Kind::kInt},
        {"store_id", Kind::kInt},
        {"statement_id", Kind::kText},
        {"stored_us", Kind::kInt},
        {"voided", Kind::kBool},
        {"is_voiding", Kind::kBool},
        {"ref_target", Kind::kText},
        {"terms", Kind::kText},
        {"body", Kind::kText},
        {"xapi_version", Kind::kText}}},
      {"statement_index",
       2,
       false,
       {{"key_id", Kind::kInt}, {"seq", Kind::kInt}, {"flags", Kind::kInt}}},
      {"activities",
       2,
       false,
       {{"store_id", Kind::kInt}, {"activity_id", Kind::kText}, {"definition", Kind::kText}}},
      {"verbs",
       2,
       false,
       {{"store_id", Kind::kInt}, {"verb_id", Kind::kText}, {"display", Kind::kText}}},
      {"agent_names",
       3,
       false,
       {{"store_id", Kind::kInt}, {"agent_key", Kind::kText}, {"name", Kind::kText}}},
      {"attachments",
       2,
       true,
       {{"store_id", Kind::kInt},
        {"sha2", Kind::kText},
        {"content_type", Kind::kText},
        {"content", Kind::kBlob}}},
      {"documents",
       1,
       true,
       {{"id", Kind::kInt},
        {"store_id", Kind::kInt},
        {"kind", Kind::kInt},
        {"activity_id", Kind::kText},
        {"agent_key", Kind::kText},
        {"registration", Kind::kText},
        {"document_id", Kind::kText},
        {"content_type", Kind::kText},
        {"contents", Kind::kBlob},
        {"etag", Kind::kText},
        {"updated_us", Kind::kInt}}},
      {"admin_audit",
       1,
       false,
       {{"id", Kind::kInt},
        {"time", Kind::kText},
        {"store_id", Kind::kInt},
        {"actor", Kind::kText},
        {"action", Kind::kText},
        {"target", Kind::kText},
        {"detail", Kind::kText}}},
      {"jobs",
       1,
       false,
       {{"seq", Kind::kInt},
        {"job_id", Kind::kText},
        {"kind", Kind::kText},
        {"store_id", Kind::kInt},
        {"state", Kind::kText},
        {"created", Kind::kText},
        {"updated", Kind::kText},
        {"result", Kind::kText},
        {"error", Kind::kText}}},
      {"erasure_salt", 1, false, {{"id", Kind::kInt}, {"salt", Kind::kBlob}}},
      {"erased_agents",
       2,
       false,
       {{"store_id", Kind::kInt},
        {"key_hash", Kind::kText},
        {"blocked", Kind::kBool},
        {"erased", Kind::kText}}},
  };
  return kTables;
}

// The core's tables that are not copied: which plugins' migrations were applied (plugins' data
// is not copied, so neither is the record of their schemas).
const std::set<std::string, std::less<>> kCoreNotCopied = {"extension_migrations"};

struct Cell {
  bool null = false;
  int64_t number = 0;
  double real = 0;
  std::string text;  // text, or the bytes of a blob
};
using Row = std::vector<Cell>;

// Reads the current row of `q` (an SQLite or a PostgreSQL query) as `table` lays it out.
template <typename Q>
Row ReadRow(const Q& q, const Table& table) {
  Row row(table.columns.size());
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const int c = static_cast<int>(i);
    Cell& cell = row[i];
    cell.null = q.IsNull(c);
    if (cell.null) continue;
    switch (table.columns[i].kind) {
      case Kind::kInt:
        cell.number = q.Int64(c);
        break;
      case Kind::kBool:
        cell.number = q.Int64(c) != 0 ? 1 : 0;
        break;
      case Kind::kReal:
        cell.real = q.Double(c);
        break;
      case Kind::kText:
      case Kind::kNumbers:
        cell.text = std::string(q.Text(c));
        break;
      case Kind::kBlob:
        cell.text = std::string(q.Blob(c));
        break;
    }
  }
  return row;
}

size_t RowBytes(const Row& row) {
  size_t n = 0;
  for (const Cell& c : row)
    n += 16 + c.text.size() * 2;
  return n;
}

// A double as text that reads back as the same double, alike whichever database it came from.
std::string ExactDouble(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// `text` with every number in it (a run of digits, signs, points and exponents) read as a double
// and written by ExactDouble, and the separators between the numbers kept.
std::string CanonicalNumbers(const std::string& text) {
  const auto in_number = [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    if (!in_number(text[i])) {
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && in_number(text[end]))
      ++end;
    const std::string number = text.substr(i, end - i);
    char* stop = nullptr;
    const double v = std::strtod(number.c_str(), &stop);
    // Not a number after all: kept as it is, so it still has to be equal on both sides.
    out += stop == number.c_str() + number.size() ? ExactDouble(v) : number;
    i = end;
  }
  return out;
}

// The canonical text form of a row (see TableCheck).
std::string CanonicalRow(const Row& row, const Table& table) {
  std::string out;
  for (size_t i = 0; i < row.size(); ++i) {
    const Cell& c = row[i];
    if (c.null) {
      out += "N;";
      continue;
    }
    switch (table.columns[i].kind) {
      case Kind::kInt:
      case Kind::kBool:
        out += "I" + std::to_string(c.number) + ";";
        break;
      case Kind::kReal:
        out += "R" + ExactDouble(c.real) + ";";
        break;
      case Kind::kText:
        out += "T" + std::to_string(c.text.size()) + ":" + c.text;
        break;
      case Kind::kNumbers: {
        const std::string numbers = CanonicalNumbers(c.text);
        out += "L" + std::to_string(numbers.size()) + ":" + numbers;
        break;
      }
      case Kind::kBlob:
        out += "B" + std::to_string(c.text.size()) + ":" + HexEncode(c.text);
        break;
    }
  }
  out += "\n";
  return out;
}

// The key of a row as JSON (migrate_progress.after_key), and back.
std::string KeyJson(const Row& row, const Table& table) {
  json::Document doc;
  doc.SetArray();
  for (size_t i = 0; i < table.keys; ++i) {
    if (table.columns[i].kind == Kind::kInt) {
      doc.PushBack(json::Value(static_cast<int64_t>(row[i].number)), doc.GetAllocator());
    } else {
      doc.PushBack(json::Copy(row[i].text, doc.GetAllocator()), doc.GetAllocator());
    }
  }
  return json::Write(doc);
}

// The key before every row: the least integer, the empty text.
Row StartKey(const Table& table) {
  Row key(table.keys);
  for (size_t i = 0; i < table.keys; ++i)
    key[i].number = std::numeric_limits<int64_t>::min();
  return key;
}

// The query reading a page of `table`, on the SQLite source or on the PostgreSQL target.
Result<sqlite::Query> PreparePage(sqlite::Connection& conn, const Table& table) {
  if (table.plugin.empty()) return conn.Prepare("migrate_" + table.name + "_page");
  return conn.PrepareCachedText(table.sqlite_page);
}
Result<postgres::Query> PreparePage(postgres::Connection& conn, const Table& table) {
  if (table.plugin.empty()) return conn.Prepare("migrate_" + table.name + "_page");
  return conn.PrepareText(postgres::PlaceholdersToDollar(table.postgres_page));
}

Result<Row> ParseKey(std::string_view text, const Table& table) {
  json::Document doc;
  LRS_RETURN_IF_ERROR(json::Parse(text, &doc));
  if (!doc.IsArray() || doc.Size() != table.keys) {
    return Error::Internal("migrate_progress holds a malformed key for " + std::string(table.name) +
                           ": " + std::string(text));
  }
  Row key(table.keys);
  for (size_t i = 0; i < table.keys; ++i) {
    const json::Value& v = doc[static_cast<rapidjson::SizeType>(i)];
    const bool is_int = table.columns[i].kind == Kind::kInt;
    if (is_int ? !v.IsInt64() : !v.IsString()) {
      return Error::Internal("migrate_progress holds a malformed key for " +
                             std::string(table.name) + ": " + std::string(text));
    }
    if (is_int) {
      key[i].number = v.GetInt64();
    } else {
      key[i].text = std::string(json::View(v));
    }
  }
  return key;
}

// One page of `table` after `after` from `conn` (either backend), at most `limit` rows, ending
// early past `budget` bytes. Sets *complete when the table holds no rows past the page.
template <typename Conn>
Status ReadPage(Conn& conn, const Table& table, const Row& after, int limit, size_t budget,
                std::vector<Row>* rows, bool* complete) {
  rows->clear();
  auto q = PreparePage(conn, table);
  if (!q.ok()) return q.error();
  for (size_t i = 0; i < table.keys; ++i) {
    const int index = static_cast<int>(i) + 1;
    if (table.columns[i].kind == Kind::kInt) {
      q.value().Bind(index, after[i].number);
    } else {
      q.value().Bind(index, std::string_view(after[i].text));
    }
  }
  q.value().Bind(static_cast<int>(table.keys) + 1, static_cast<int64_t>(limit));
  size_t bytes = 0;
  *complete = true;
  while (true) {
    auto more = q.value().Step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    rows->push_back(ReadRow(q.value(), table));
    bytes += RowBytes(rows->back());
    if (static_cast<int>(rows->size()) >= limit || bytes >= budget) {
      *complete = false;
      break;
    }
  }
  return Status();
}

// The JSON array migrate_<table>_copy takes: one object per row, named by column, bytes in hex,
// reals as numbers that read back as the same doubles. kBadRequest for a real that is not
// finite, which JSON cannot hold.
Result<std::string> RowsJson(const std::vector<Row>& rows, const Table& table) {
  json::Document doc;
  doc.SetArray();
  auto& alloc = doc.GetAllocator();
  for (const Row& row : rows) {
    json::Value obj(rapidjson::kObjectType);
    for (size_t i = 0; i < row.size(); ++i) {
      const Cell& c = row[i];
      json::Value v;
      if (c.null) {
        v.SetNull();
      } else {
        switch (table.columns[i].kind) {
          case Kind::kInt:
          case Kind::kBool:
            v.SetInt64(c.number);
            break;
          case Kind::kReal:
            if (!std::isfinite(c.real)) {
              return Error::BadRequest(table.name + "." + table.columns[i].name +
                                       " holds a value that is not a finite number (" +
                                       ExactDouble(c.real) + "), which cannot be copied");
            }
            v.SetDouble(c.real);
            break;
          case Kind::kText:
          case Kind::kNumbers:
            v = json::Ref(c.text);
            break;
          case Kind::kBlob:
            v = json::Copy(HexEncode(c.text), alloc);
            break;
        }
      }
      obj.AddMember(json::Ref(table.columns[i].name), v, alloc);
    }
    doc.PushBack(obj, alloc);
  }
  return json::Write(doc);
}

struct Progress {
  std::string source;
  std::optional<std::string> after_key;
  int64_t copied = 0;
  bool done = false;
};

// Holds an SQLite read transaction (one snapshot) for a scope.
class SourceSnapshot {
 public:
  explicit SourceSnapshot(sqlite::Connection& conn) : conn_(conn) {}
  Status Begin() {
    LRS_RETURN_IF_ERROR(conn_.Exec("BEGIN"));
    begun_ = true;
    return Status();
  }
  ~SourceSnapshot() {
    if (begun_) (void)conn_.Exec("COMMIT");
  }
  SourceSnapshot(const SourceSnapshot&) = delete;
  SourceSnapshot& operator=(const SourceSnapshot&) = delete;

 private:
  sqlite::Connection& conn_;
  bool begun_ = false;
};

Error Refuse(std::string message) {
  return Error::BadRequest(std::move(message));
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

// Rolls back `conn`'s open transaction (a failed batch); the connection may be lost already.
void RollBack(postgres::Connection& conn) {
  if (!conn.Broken() && conn.InTransaction()) (void)conn.Exec("ROLLBACK");
}

Status CopyTable(sqlite::Connection& source, postgres::Connection& target, const Table& table,
                 Progress* progress, const MigrationOptions& options, MigrationReport* report,
                 const std::function<void(std::string_view)>& say) {
  Row after = StartKey(table);
  if (progress->after_key) {
    auto parsed = ParseKey(*progress->after_key, table);
    if (!parsed.ok()) return parsed.error();
    after = std::move(parsed).value();
  }
  const int limit = std::max(1, options.batch_rows);
  std::vector<Row> rows;
  while (!progress->done) {
    bool complete = false;
    LRS_RETURN_IF_ERROR(ReadPage(source, table, after, limit, kBatchBytes, &rows, &complete));
    const std::string key =
        rows.empty() ? progress->after_key.value_or("") : KeyJson(rows.back(), table);
    auto json = RowsJson(rows, table);
    if (!json.ok()) return json.error();
    Status batch = target.Exec("BEGIN");
    if (batch.ok() && !rows.empty()) {
      auto copy = table.plugin.empty()
                      ? target.Prepare("migrate_" + table.name + "_copy")
                      : target.PrepareText(postgres::PlaceholdersToDollar(table.postgres_insert));
      batch = copy.ok() ? copy.value().Bind(1, json.value()).Run() : Status(copy.error());
    }
    if (batch.ok() && complete && !table.postgres_after.empty()) {
      auto after_sql = target.PrepareText(postgres::PlaceholdersToDollar(table.postgres_after));
      batch = after_sql.ok() ? after_sql.value().Run() : Status(after_sql.error());
    }
    if (batch.ok()) {
      auto advance = target.Prepare("migrate_progress_advance");
      if (!advance.ok()) {
        batch = advance.error();
      } else {
        advance.value().Bind(1, table.name);
        if (key.empty()) {
          advance.value().BindNull(2);
        } else {
          advance.value().Bind(2, std::string_view(key));
        }
        advance.value()
            .Bind(3, static_cast<int64_t>(rows.size()))
            .Bind(4, static_cast<int64_t>(complete ? 1 : 0));
        batch = advance.value().Run();
      }
    }
    if (batch.ok() && options.stop_after_batches > 0 &&
        report->batches >= options.stop_after_batches) {
      // For tests: end as a kill -9 would, in the middle of a batch: its rows are written but
      // never committed (the connection closes, and the server rolls them back).
      report->stopped = true;
      return Status();
    }
    if (batch.ok()) batch = target.Exec("COMMIT");
    if (!batch.ok()) {
      RollBack(target);
      return Error(batch.error().code(),
                   "copying " + std::string(table.name) + ": " + batch.error().message());
    }
    progress->copied += static_cast<int64_t>(rows.size());
    progress->done = complete;
    if (!key.empty()) progress->after_key = key;
    if (!rows.empty()) after = rows.back();
    report->batches += 1;
    report->rows_copied += static_cast<int64_t>(rows.size());
  }
  say(std::string(table.name) + ": " + std::to_string(progress->copied) + " rows");
  return Status();
}

// Counts and checksums `table` on one side, page by page in key order.
template <typename Conn>
Status Checksum(Conn& conn, const Table& table, int page_rows, int64_t* rows_out,
                std::string* sha_out) {
  Row after = StartKey(table);
  std::string chain;
  int64_t count = 0;
  std::vector<Row> rows;
  bool complete = false;
  do {
    LRS_RETURN_IF_ERROR(ReadPage(conn, table, after, page_rows, std::numeric_limits<size_t>::max(),
                                 &rows, &complete));
    for (const Row& row : rows) {
      chain = Sha256(chain + CanonicalRow(row, table));
      ++count;
    }
    if (!rows.empty()) after = rows.back();
  } while (!complete && !rows.empty());
  *rows_out = count;
  *sha_out = HexEncode(Sha256(chain));
  return Status();
}

Status Verify(sqlite::Connection& source, postgres::Connection& target,
              const std::vector<Table>& tables, const MigrationOptions& options,
              MigrationReport* report) {
  LRS_RETURN_IF_ERROR(target.Exec(postgres::QuerySql("read_begin")));
  for (const Table& table : tables) {
    const int page = table.bytes ? kBlobPageRows : std::max(1, options.batch_rows);
    TableCheck check;
    check.table = table.name;
    Status s = Checksum(source, table, page, &check.source_rows, &check.source_sha256);
    if (s.ok()) s = Checksum(target, table, page, &check.target_rows, &check.target_sha256);
    if (s.ok() && !table.postgres_bad_rows.empty()) {
      auto bad = target.PrepareText(postgres::PlaceholdersToDollar(table.postgres_bad_rows));
      if (!bad.ok()) {
        s = bad.error();
      } else {
        auto row = bad.value().Step();
        if (!row.ok()) {
          s = row.error();
        } else if (row.value()) {
          check.target_bad_hashes = bad.value().Int64(0);
        }
      }
    }
    if (!s.ok()) {
      RollBack(target);
      return Error(s.error().code(),
                   "verifying " + std::string(table.name) + ": " + s.error().message());
    }
    report->checks.push_back(std::move(check));
  }
  auto derived = target.Prepare("migrate_derived_check");
  if (!derived.ok()) {
    RollBack(target);
    return derived.error();
  }
  while (true) {
    auto more = derived.value().Step();
    if (!more.ok()) {
      RollBack(target);
      return more.error();
    }
    if (!more.value()) break;
    for (TableCheck& check : report->checks) {
      if (check.table == derived.value().Text(0)) {
        check.target_bad_hashes = derived.value().Int64(1);
      }
    }
  }
  return target.Exec("COMMIT");
}

// The source's schema, checked: an Outcome LRS database of this outcome-lrs's schema version.
Status CheckSource(sqlite::Connection& source, const std::string& path,
                   std::vector<std::string>* tables) {
  auto version = source.PrepareText("PRAGMA user_version");
  if (!version.ok()) return version.error();
  auto vrow = version.value().Step();
  if (!vrow.ok()) {
    return Refuse("\"" + path +
                  "\" cannot be read as an SQLite database: " + vrow.error().message());
  }
  const int64_t schema = vrow.value() ? version.value().Int64(0) : 0;
  auto listed = source.Prepare("migrate_source_tables");
  if (!listed.ok()) return listed.error();
  while (true) {
    auto more = listed.value().Step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    tables->emplace_back(listed.value().Text(0));
  }
  const auto has = [&](std::string_view name) {
    return std::find(tables->begin(), tables->end(), name) != tables->end();
  };
  bool ours = schema > 0 && has("extension_migrations");
  for (const Table& t : CoreTables())
    ours = ours && has(t.name);
  const int64_t current = static_cast<int64_t>(sqlite::MigrationEntries().size());
  if (schema > current) {
    return Refuse("\"" + path + "\" has schema version " + std::to_string(schema) +
                  ", newer than this outcome-lrs (" + std::to_string(current) +
                  "); migrate it with the outcome-lrs that wrote it");
  }
  if (!ours) {
    return Refuse("\"" + path + "\" is not an Outcome LRS database; nothing to migrate");
  }
  if (schema < current) {
    return Refuse("\"" + path + "\" has schema version " + std::to_string(schema) +
                  ", older than this outcome-lrs (" + std::to_string(current) +
                  "); open it once with this outcome-lrs first (for example `outcome-lrs "
                  "credentials list --db " +
                  path + "`), which brings it up to date");
  }
  return Status();
}

// What identifies the source: its first store, created with the database.
Result<std::string> SourceIdentity(sqlite::Connection& source) {
  auto q = source.Prepare("migrate_source_identity");
  if (!q.ok()) return q.error();
  auto row = q.value().Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return Refuse("the SQLite database has no default store (id 1)");
  const std::string canonical = std::to_string(q.value().Int64(0)) + "\t" +
                                std::string(q.value().Text(1)) + "\t" +
                                std::string(q.value().Text(2));
  return "sqlite:" + HexEncode(Sha256(canonical));
}

// The plugins whose migrations were applied to the source: their names, and the names of their
// migrations in order of name.
Result<std::map<std::string, std::vector<std::string>>> SourcePlugins(sqlite::Connection& source) {
  std::map<std::string, std::vector<std::string>> plugins;
  auto q = source.Prepare("migrate_source_plugins");
  if (!q.ok()) return q.error();
  while (true) {
    auto more = q.value().Step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    plugins[std::string(q.value().Text(0))].emplace_back(q.value().Text(1));
  }
  return plugins;
}

Kind KindOf(ext::TableCopy::Kind kind) {
  switch (kind) {
    case ext::TableCopy::Kind::kInteger:
      return Kind::kInt;
    case ext::TableCopy::Kind::kReal:
      return Kind::kReal;
    case ext::TableCopy::Kind::kText:
      return Kind::kText;
    case ext::TableCopy::Kind::kBlob:
      return Kind::kBlob;
    case ext::TableCopy::Kind::kNumberList:
      return Kind::kNumbers;
  }
  return Kind::kText;
}

// The tables of `plugin` as the copy handles them; kBadRequest (naming the plugin) for a table
// the plugin describes in a way the copy cannot follow.
Result<std::vector<Table>> PluginTables(const PluginCopy& plugin,
                                        std::set<std::string, std::less<>>* names) {
  std::vector<Table> out;
  for (const ext::TableCopy& t : plugin.tables) {
    const auto refuse = [&](const std::string& why) {
      return Error::BadRequest("plugin \"" + plugin.name + "\" describes the copy of its table \"" +
                               t.table + "\" wrongly: " + why);
    };
    if (t.table.empty() || !names->insert(t.table).second) {
      return refuse("the name is empty or names another table copied");
    }
    if (t.key_columns == 0 || t.key_columns > t.columns.size()) {
      return refuse("its key must be 1 to " + std::to_string(t.columns.size()) + " columns");
    }
    if (t.columns[0].kind != ext::TableCopy::Kind::kInteger) {
      return refuse("the first column of its key must be an integer");
    }
    for (size_t i = 1; i < t.key_columns; ++i) {
      if (t.columns[i].kind != ext::TableCopy::Kind::kInteger &&
          t.columns[i].kind != ext::TableCopy::Kind::kText) {
        return refuse("its key columns must be integers or texts");
      }
    }
    if (t.sqlite_page.empty() || t.postgres_page.empty()) {
      return refuse("it lacks the query reading a page of rows in SQLite or in PostgreSQL");
    }
    Table table;
    table.name = t.table;
    table.keys = t.key_columns;
    table.bytes = false;
    for (const ext::TableCopy::Column& c : t.columns) {
      table.columns.push_back({c.name, KindOf(c.kind)});
      table.bytes = table.bytes || c.kind == ext::TableCopy::Kind::kBlob;
    }
    table.plugin = plugin.name;
    table.sqlite_page = t.sqlite_page;
    table.postgres_page = t.postgres_page;
    table.postgres_insert = t.postgres_insert;
    table.postgres_after = t.postgres_after;
    table.postgres_bad_rows = t.postgres_bad_rows;
    table.derived = t.postgres_insert.empty();
    out.push_back(std::move(table));
  }
  return out;
}

Result<std::map<std::string, Progress>> ReadProgress(postgres::Connection& target) {
  std::map<std::string, Progress> out;
  auto q = target.Prepare("migrate_progress_get");
  if (!q.ok()) return q.error();
  while (true) {
    auto more = q.value().Step();
    if (!more.ok()) return more.error();
    if (!more.value()) break;
    Progress p;
    p.source = std::string(q.value().Text(1));
    if (!q.value().IsNull(2)) p.after_key = std::string(q.value().Text(2));
    p.copied = q.value().Int64(3);
    p.done = q.value().Int64(4) != 0;
    out.emplace(std::string(q.value().Text(0)), std::move(p));
  }
  return out;
}

// Refuses a target holding LRS data; otherwise records the start of a copy of `identity`, of
// `tables`.
Status StartCopy(postgres::Connection& target, const std::string& identity,
                 const std::vector<Table>& tables) {
  LRS_RETURN_IF_ERROR(target.Exec("BEGIN"));
  Status s;
  std::vector<std::string> held;
  {
    auto q = target.Prepare("migrate_target_rows");
    if (!q.ok()) {
      s = q.error();
    } else {
      while (s.ok()) {
        auto more = q.value().Step();
        if (!more.ok()) {
          s = more.error();
          break;
        }
        if (!more.value()) break;
        held.push_back(std::string(q.value().Text(0)) + ": " + std::to_string(q.value().Int64(1)) +
                       " rows");
      }
    }
  }
  if (s.ok() && !held.empty()) {
    s = Refuse("the PostgreSQL database already holds LRS data (" + Join(held) +
               ") that is not a partial copy of this SQLite database; migrate copies into an empty "
               "database only (create a new one, e.g. createdb -E UTF8 NAME)");
  }
  for (const Table& t : tables) {
    if (!s.ok()) break;
    if (t.derived) continue;
    auto q = target.Prepare("migrate_progress_start");
    s = q.ok() ? q.value().Bind(1, t.name).Bind(2, identity).Run() : Status(q.error());
  }
  if (s.ok()) s = target.Exec("COMMIT");
  if (!s.ok()) RollBack(target);
  return s;
}

}  // namespace

std::vector<std::string> MigrationReport::Mismatches() const {
  std::vector<std::string> out;
  for (const TableCheck& c : checks) {
    if (!c.equal()) out.push_back(c.table);
  }
  return out;
}

Result<MigrationReport> MigrateSqliteToPostgres(
    const MigrationOptions& options, const std::function<void(std::string_view)>& progress) {
  const auto say = [&](std::string_view what) {
    if (progress) progress(what);
  };
  MigrationReport report;
  if (!IsPostgresUri(options.postgres_uri)) {
    return Refuse("--to must be a PostgreSQL connection URI (postgresql://USER@HOST/DBNAME)");
  }
  LRS_RETURN_IF_ERROR(CheckPostgresUri(options.postgres_uri));

  // The source, read only, under one snapshot for the whole run.
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.sqlite_path, ec)) {
    return Refuse("\"" + options.sqlite_path + "\" is not a file");
  }
  auto opened = sqlite::Connection::Open(options.sqlite_path, /*create=*/false);
  if (!opened.ok()) return Refuse(opened.error().message());
  sqlite::Connection& source = *opened.value();
  source.SetBusyTimeout(std::chrono::milliseconds(10000));
  LRS_RETURN_IF_ERROR(source.Exec("PRAGMA query_only = ON"));
  SourceSnapshot snapshot(source);
  LRS_RETURN_IF_ERROR(snapshot.Begin());
  std::vector<std::string> source_tables;
  LRS_RETURN_IF_ERROR(CheckSource(source, options.sqlite_path, &source_tables));
  auto source_plugins = SourcePlugins(source);
  if (!source_plugins.ok()) return source_plugins.error();

  // What is copied: the core's tables, then those of each plugin loaded whose data the source
  // holds (its migrations recorded there, all of them: the plugin's tables then have the
  // columns its queries read).
  std::vector<Table> tables = CoreTables();
  std::set<std::string, std::less<>> copied_names(kCoreNotCopied.begin(), kCoreNotCopied.end());
  for (const Table& t : tables)
    copied_names.insert(t.name);
  std::vector<const PluginCopy*> copied_plugins;
  for (const PluginCopy& plugin : options.plugins) {
    auto recorded = source_plugins.value().find(plugin.name);
    if (recorded == source_plugins.value().end()) {
      say("plugin " + plugin.name + ": no data in " + options.sqlite_path + ", nothing to copy");
      continue;
    }
    std::vector<std::string> expected;
    for (const ext::Migration& m : plugin.migrations)
      expected.push_back(m.name);
    std::sort(expected.begin(), expected.end());
    if (recorded->second != expected) {
      const bool older = std::includes(expected.begin(), expected.end(), recorded->second.begin(),
                                       recorded->second.end());
      return Refuse(
          "\"" + options.sqlite_path + "\" holds the data of plugin " + plugin.name + " at " +
          std::to_string(recorded->second.size()) + " of its migrations (" +
          Join(recorded->second) + "), the plugin loaded has " + std::to_string(expected.size()) +
          " (" + Join(expected) + "): " +
          (older ? "open the file once with this outcome-lrs and the plugin first (for example "
                   "`outcome-lrs credentials list --db " +
                       options.sqlite_path + " --plugin PATH`), which brings it up to date"
                 : "migrate it with the plugin that wrote it"));
    }
    if (plugin.tables.empty()) continue;  // its data stays behind, said below
    auto described = PluginTables(plugin, &copied_names);
    if (!described.ok()) return described.error();
    for (Table& t : described.value())
      tables.push_back(std::move(t));
    copied_plugins.push_back(&plugin);
  }
  const auto copies_plugin = [&](const std::string& name) {
    for (const PluginCopy* p : copied_plugins) {
      if (p->name == name) return true;
    }
    return false;
  };
  for (const std::string& t : source_tables) {
    if (copied_names.count(t) == 0) report.left_behind_tables.push_back(t);
  }
  for (const auto& [owner, migrations] : source_plugins.value()) {
    if (!copies_plugin(owner)) {
      report.left_behind_plugins.push_back(owner + " (" + std::to_string(migrations.size()) +
                                           " migrations)");
    }
  }
  if ((!report.left_behind_tables.empty() || !report.left_behind_plugins.empty()) &&
      !options.without_plugin_data && !options.verify_only) {
    std::string what;
    if (!report.left_behind_plugins.empty()) {
      what += "migrations of plugin " + Join(report.left_behind_plugins);
    }
    if (!report.left_behind_tables.empty()) {
      what += std::string(what.empty() ? "" : "; ") + "tables " + Join(report.left_behind_tables);
    }
    std::vector<std::string> owners;
    for (const auto& [owner, migrations] : source_plugins.value()) {
      if (!copies_plugin(owner)) owners.push_back(owner);
    }
    std::string how;
    for (const std::string& owner : owners) {
      bool loaded = false;
      for (const PluginCopy& p : options.plugins)
        loaded = loaded || p.name == owner;
      how += loaded ? "plugin " + owner + " is loaded but does not say how to copy its tables; "
                    : "load plugin " + owner +
                          " with --plugin PATH (for the outcome plugin: "
                          "--plugin build/plugin/liboutcomes.so) to copy its tables too; ";
    }
    if (owners.empty()) how = "no plugin loaded copies these tables; ";
    return Refuse("\"" + options.sqlite_path + "\" holds plugin data (" + what + "): " + how +
                  "or give --without-plugin-data to copy the rest and leave that data behind in "
                  "the SQLite file");
  }
  auto identity = SourceIdentity(source);
  if (!identity.ok()) return identity.error();

  // The target: its schema made by the PostgreSQL backend's own migrations (which refuse a
  // database holding tables of something else); the plugins' are applied once the copy is
  // recorded as started (a target holding a plugin's schema already is not empty).
  std::unique_ptr<postgres::PostgresStore> schema;
  if (!options.verify_only) {
    postgres::PostgresOptions pg;
    pg.uri = options.postgres_uri;
    pg.pool_size = 1;
    auto store = postgres::PostgresStore::Open(pg);
    if (!store.ok()) {
      if (store.error().code() == ErrorCode::kUnavailable) return store.error();
      return Refuse(store.error().message());
    }
    schema = std::move(store).value();
  }
  postgres::ConnectionSettings settings;
  settings.conninfo = options.postgres_uri;
  auto connected = postgres::Connection::Open(settings);
  if (!connected.ok()) return connected.error();
  postgres::Connection& target = *connected.value();
  {
    auto lock = target.Prepare("migrate_lock");
    if (!lock.ok()) return lock.error();
    auto row = lock.value().Step();
    if (!row.ok()) return row.error();
    if (!row.value() || lock.value().Int64(0) == 0) {
      return Refuse("another outcome-lrs migrate is copying into this PostgreSQL database now");
    }
  }
  auto state = ReadProgress(target);
  if (!state.ok()) {
    if (options.verify_only) {
      return Refuse("the PostgreSQL database holds no copy made by outcome-lrs migrate (" +
                    state.error().message() + ")");
    }
    return state.error();
  }
  if (state.value().empty()) {
    if (options.verify_only) {
      return Refuse("the PostgreSQL database holds no copy made by outcome-lrs migrate");
    }
    LRS_RETURN_IF_ERROR(StartCopy(target, identity.value(), tables));
    auto started = ReadProgress(target);
    if (!started.ok()) return started.error();
    state = std::move(started);
    say("copying " + options.sqlite_path + " into an empty PostgreSQL database");
  } else {
    for (const auto& [table, p] : state.value()) {
      if (p.source != identity.value()) {
        return Refuse(
            "the PostgreSQL database holds a copy of another SQLite database (or of this one "
            "as it was before it changed); migrate copies into an empty database only");
      }
    }
    // The same tables as the run that started the copy: the same plugins loaded.
    std::vector<std::string> recorded, now;
    for (const auto& [table, p] : state.value())
      recorded.push_back(table);
    for (const Table& t : tables) {
      if (!t.derived) now.push_back(t.name);
    }
    std::sort(now.begin(), now.end());
    if (recorded != now) {
      std::vector<std::string> missing, extra;
      std::set_difference(recorded.begin(), recorded.end(), now.begin(), now.end(),
                          std::back_inserter(missing));
      std::set_difference(now.begin(), now.end(), recorded.begin(), recorded.end(),
                          std::back_inserter(extra));
      return Refuse(
          "the copy in the PostgreSQL database was started with other plugins loaded than "
          "now (" +
          (missing.empty() ? std::string()
                           : "it copies " + Join(missing) +
                                 ", which no plugin "
                                 "loaded now copies") +
          (missing.empty() || extra.empty() ? "" : "; ") +
          (extra.empty() ? std::string() : "it does not copy " + Join(extra)) +
          "): run migrate with the same --plugin options as the run that started it");
    }
    report.resumed = true;
    bool finished = true;
    for (const auto& [table, p] : state.value())
      finished = finished && p.done;
    if (!options.verify_only) {
      say(finished ? "the copy of " + options.sqlite_path + " is complete already"
                   : "resuming the copy of " + options.sqlite_path);
    }
  }
  for (const Table& table : tables) {
    if (!table.derived && state.value().count(table.name) == 0) {
      return Error::Internal("migrate_progress has no row for " + table.name);
    }
  }

  if (!options.verify_only) {
    // The plugins' schemas, as a server loading them applies them (recorded in
    // extension_migrations, each once: nothing to do when resuming).
    for (const PluginCopy* plugin : copied_plugins) {
      Status migrated = schema->ApplyMigrations(plugin->name, plugin->migrations);
      if (!migrated.ok()) {
        return Error(migrated.error().code(),
                     "applying the migrations of plugin " + plugin->name +
                         " to the PostgreSQL database: " + migrated.error().message());
      }
    }
    for (const Table& table : tables) {
      if (table.derived) continue;
      Progress& p = state.value()[table.name];
      LRS_RETURN_IF_ERROR(CopyTable(source, target, table, &p, options, &report, say));
      if (report.stopped) return report;
    }
    LRS_RETURN_IF_ERROR(target.Exec(postgres::QuerySql("migrate_finish")));
  } else {
    for (const auto& [table, p] : state.value()) {
      if (!p.done) {
        return Refuse("the copy into the PostgreSQL database is not finished (" + table +
                      " is partly copied); run migrate without --verify to resume it");
      }
    }
  }
  say("verifying: rows and SHA-256 of every table on both sides");
  LRS_RETURN_IF_ERROR(Verify(source, target, tables, options, &report));
  return report;
}

}  // namespace lrs::store
