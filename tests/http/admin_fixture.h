// What the tests of the administration API share (tests/http/admin_api_test.cpp, the API;
// tests/http/admin_forget_test.cpp, POST /admin/forget): an admin credential of the default
// store ("root") besides the fixture's `all` one, stores made with an admin of their own, JSON
// posts, and SQL run on the server's database as another process would.
#pragma once

#include <string>

#include "tests/http/http_test.h"

namespace lrs::http_test {

inline constexpr char kRootKey[] = "root";
inline constexpr char kRootSecret[] = "root-secret-1";

// POST with a JSON body.
HttpResult PostJson(const XapiClient& client, const std::string& path, const std::string& body);

// Creates store `name` (with `root`, an admin of the default store) and an admin (and `all`)
// credential `key` of it; its secret. Records a failure and returns "" when either is refused.
std::string MakeStoreWithAdmin(const XapiClient& root, const std::string& name,
                               const std::string& key);

// Runs `sql` on the database of `lrs` (SQLite or PostgreSQL, as it runs), as another process
// would; records a failure when it fails.
void RunSqlOn(const LrsProcess& lrs, const std::string& sql);

// `Base` (LrsHttpTest or a fixture derived from it) with the root admin credential.
template <class Base>
class WithRootAdmin : public Base {
 protected:
  void SetUp() override {
    Base::SetUp();
    if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;
    ASSERT_TRUE(this->lrs().AddCredential(kRootKey, kRootSecret, "admin").ok());
  }

  // A client with the root admin credential.
  XapiClient Root() const { return this->ClientFor(kRootKey, kRootSecret); }

  // MakeStoreWithAdmin with Root().
  std::string MakeStoreWithAdmin(const std::string& name, const std::string& key) const {
    return http_test::MakeStoreWithAdmin(Root(), name, key);
  }

  // RunSqlOn this test's server.
  void RunSql(const std::string& sql) { RunSqlOn(this->lrs(), sql); }
};

}  // namespace lrs::http_test
