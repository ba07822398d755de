#include "lrs/store/sqlite/extension_connection.h"

namespace lrs::store::sqlite {

namespace {

class ExtensionQuery final : public ext::SqlQuery {
 public:
  explicit ExtensionQuery(Query query) : query_(std::move(query)) {}

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
  std::string_view Blob(int column) const override { return query_.BlobView(column); }
  bool IsNull(int column) const override { return query_.IsNull(column); }

 private:
  Query query_;
};

}  // namespace

Connection* ExtensionConnection::Unwrap(ext::SqlConnection& txn) {
  auto* ours = dynamic_cast<ExtensionConnection*>(&txn);
  return ours == nullptr ? nullptr : &ours->conn_;
}

Result<std::unique_ptr<ext::SqlQuery>> ExtensionConnection::Prepare(std::string_view sql) {
  auto query = conn_.PrepareCachedText(sql);
  if (!query.ok()) return query.error();
  return std::unique_ptr<ext::SqlQuery>(new ExtensionQuery(std::move(query).value()));
}

}  // namespace lrs::store::sqlite
