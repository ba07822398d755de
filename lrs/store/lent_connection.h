// What the backends share in lending a connection to plugins (ext::SqlConnection, internal to
// lrs/store and its backends): the query wrapper, Exec, and finding the backend connection behind
// a lent one. A backend derives its ExtensionConnection from LentConnection<its Connection> and
// adds what differs: how a plugin's SQL is prepared, LastInsertRowid and Changes.
//
// `Connection` is a backend's connection type and `Query` its prepared statement (see
// sqlite/connection.h, postgres/connection.h: the same Bind/Step/Run/column surface).
#pragma once

#include <memory>
#include <string_view>
#include <utility>

#include "lrs/core/error.h"
#include "lrs/extension/sql.h"

namespace lrs::store {

// ext::SqlQuery over a backend's Query: every call forwarded, results as the Query gives them.
template <typename Query>
class LentQuery final : public ext::SqlQuery {
 public:
  explicit LentQuery(Query query) : query_(std::move(query)) {}

  ext::SqlQuery& Bind(int index, int64_t value) override {
    query_.Bind(index, value);
    return *this;
  }
  ext::SqlQuery& BindDouble(int index, double value) override {
    query_.BindDouble(index, value);
    return *this;
  }
  ext::SqlQuery& Bind(int index, std::string_view text) override {
    query_.Bind(index, text);
    return *this;
  }
  ext::SqlQuery& BindBlob(int index, std::string_view bytes) override {
    query_.BindBlob(index, bytes);
    return *this;
  }
  ext::SqlQuery& BindNull(int index) override {
    query_.BindNull(index);
    return *this;
  }
  Result<bool> Step() override { return query_.Step(); }
  Status Run() override { return query_.Run(); }
  int64_t Int64(int column) const override { return query_.Int64(column); }
  double Double(int column) const override { return query_.Double(column); }
  std::string_view Text(int column) const override { return query_.Text(column); }
  std::string_view Blob(int column) const override { return query_.Blob(column); }
  bool IsNull(int column) const override { return query_.IsNull(column); }

 private:
  Query query_;
};

template <typename Connection>
class LentConnection : public ext::SqlConnection {
 public:
  // `conn` must outlive this object and every query prepared from it.
  explicit LentConnection(Connection& conn) : conn_(conn) {}

  Status Exec(std::string_view sql) override { return conn_.Exec(sql); }

  // The backend connection behind `txn` when `txn` is a connection of this backend lent to a
  // plugin; else nullptr (another backend's, or a plugin's own object).
  static Connection* Unwrap(ext::SqlConnection& txn) {
    auto* ours = dynamic_cast<LentConnection*>(&txn);
    return ours == nullptr ? nullptr : &ours->conn_;
  }

 protected:
  // `prepared` (a backend Query, or its error) as a plugin's query.
  template <typename Query>
  static Result<std::unique_ptr<ext::SqlQuery>> Lend(Result<Query> prepared) {
    if (!prepared.ok()) return prepared.error();
    return std::unique_ptr<ext::SqlQuery>(new LentQuery<Query>(std::move(prepared).value()));
  }

  Connection& conn_;
};

}  // namespace lrs::store
