// `outcome-lrs backup`: a consistent copy of a live SQLite database, taken while a client goes on
// writing through the server, that a server opens as it is.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "tests/http/http_test.h"

namespace lrs::http_test {
namespace {

using HttpBackup = LrsHttpTest;

TEST_F(HttpBackup, ACopyTakenUnderWriteLoadHoldsEveryStatementAcknowledgedBeforeIt) {
  if (lrs().on_postgres()) {
    // PostgreSQL has its own tools, and the command says so instead of copying anything.
    auto refused =
        lrs().RunCommand({"backup", "--db", lrs().db(), "--to", lrs().directory() + "/copy.db"});
    ASSERT_TRUE(refused.ok()) << refused.error().message();
    EXPECT_EQ(refused.value().status.code, 2);
    EXPECT_NE(refused.value().err.find("pg_dump"), std::string::npos) << refused.value().err;
    EXPECT_FALSE(std::filesystem::exists(lrs().directory() + "/copy.db"));
    return;
  }
  // A client stores batches of 20 without pause; the ids of each acknowledged batch are noted.
  std::mutex mu;
  std::vector<std::string> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  XapiClient writer = ClientFor(kAdminKey, kAdminSecret);
  std::thread load([&] {
    while (!stop.load()) {
      std::vector<std::string> ids;
      const std::string batch = CourseBatch(20, &ids);
      HttpResult r = writer.Post(kStatements, batch);
      if (r.status != 200) {
        ++failures;
        continue;
      }
      std::lock_guard<std::mutex> lock(mu);
      acknowledged.insert(acknowledged.end(), ids.begin(), ids.end());
    }
  });
  auto acknowledged_count = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return acknowledged.size();
  };
  while (acknowledged_count() < 400 && failures.load() == 0)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::vector<std::string> before;
  {
    std::lock_guard<std::mutex> lock(mu);
    before = acknowledged;
  }
  const std::string copy = lrs().directory() + "/copy.db";
  auto backup = lrs().RunCommand({"backup", "--db", lrs().db(), "--to", copy});
  const size_t during = acknowledged_count();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  stop = true;
  load.join();
  ASSERT_TRUE(backup.ok()) << backup.error().message();
  ASSERT_TRUE(backup.value().status.clean()) << backup.value().err;
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(acknowledged_count(), during) << "the writes did not go on after the copy";
  EXPECT_NE(backup.value().out.find(" statements, "), std::string::npos) << backup.value().out;
  EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
  EXPECT_FALSE(std::filesystem::exists(copy + "-wal"));

  // Served as it is, with the same credentials: every statement acknowledged before the copy
  // began is there, and nothing is there twice.
  auto restored = LrsProcess::CreateOn(copy);
  ASSERT_TRUE(restored.ok()) << restored.error().message();
  ASSERT_TRUE(restored.value()->Start().ok()) << restored.value()->ServerLog();
  XapiClient reader(restored.value()->base_url());
  reader.SetBasicAuth(kAdminKey, kAdminSecret);
  std::vector<std::string> in_copy = QueryIds({{"limit", "500"}}, &reader, 1000);
  std::set<std::string> held(in_copy.begin(), in_copy.end());
  EXPECT_EQ(held.size(), in_copy.size());
  EXPECT_GE(held.size(), before.size());
  for (const std::string& id : before)
    ASSERT_EQ(held.count(id), 1u) << id << " was acknowledged before the copy but is not in it";
  EXPECT_EQ(restored.value()->Stop().code, 0);

  // A file is never overwritten: a second copy to the same name is refused and changes nothing.
  const auto size = std::filesystem::file_size(copy);
  auto again = lrs().RunCommand({"backup", "--db", lrs().db(), "--to", copy});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().status.code, 2);
  EXPECT_NE(again.value().err.find("exists"), std::string::npos) << again.value().err;
  EXPECT_EQ(std::filesystem::file_size(copy), size);
}

TEST_F(HttpBackup, RefusesWhatIsNotAnLrsDatabaseAndMissingOptions) {
  if (lrs().on_postgres()) GTEST_SKIP() << "SQLite files only";
  const std::string junk = lrs().directory() + "/junk.db";
  {
    std::FILE* f = std::fopen(junk.c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("not a database at all", f);
    std::fclose(f);
  }
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"backup", "--db", junk, "--to", junk + ".copy"},
        {"backup", "--db", lrs().directory() + "/missing.db", "--to", junk + ".copy"},
        {"backup", "--db", lrs().db()},
        {"backup", "--to", junk + ".copy"}}) {
    auto out = lrs().RunCommand(args);
    ASSERT_TRUE(out.ok());
    EXPECT_EQ(out.value().status.code, 2) << out.value().err;
    EXPECT_FALSE(out.value().err.empty());
    EXPECT_FALSE(std::filesystem::exists(junk + ".copy"));
    EXPECT_FALSE(std::filesystem::exists(junk + ".copy.partial"));
  }
}

}  // namespace
}  // namespace lrs::http_test
