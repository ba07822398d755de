// RollupCache (plugin/tagging/rollup_cache.h) on a real SQLite database: it answers from memory
// what it wrote, and forgets it once another connection (another process, such as
// `outcome-lrs outcomes apply`) has changed the tables.
#include "plugin/tagging/rollup_cache.h"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "lrs/store/sqlite/sqlite_store.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes {
namespace {

using lrs::store::sqlite::SqliteStore;

constexpr int64_t kKey = 1;
constexpr char kAnn[] = "mbox:mailto:ann@example.com";

class RollupCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "rollup-cache-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    here_ = Open();
    ASSERT_TRUE(here_);
    ASSERT_TRUE(here_->ApplyMigrations("outcomes", sql::Migrations()).ok());
    elsewhere_ = Open();
    ASSERT_TRUE(elsewhere_);
  }
  void TearDown() override {
    here_.reset();
    elsewhere_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<SqliteStore> Open() {
    auto db = SqliteStore::Open(dir_ + "/lrs.db", {});
    EXPECT_TRUE(db.ok()) << db.error().message();
    return db.ok() ? std::move(db).value() : nullptr;
  }

  // Ann as `cache` finds her on this side, after its Check.
  std::optional<LearnerRollup> FindHere() {
    std::optional<LearnerRollup> found;
    Status s = here_->Write([&](lrs::ext::SqlConnection& txn) -> Status {
      LRS_RETURN_IF_ERROR(cache_.Check(txn));
      auto l = cache_.FindLearner(txn, kKey, kAnn);
      if (!l.ok()) return l.error();
      found = l.value();
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.error().message();
    return found;
  }

  std::string dir_;
  std::unique_ptr<SqliteStore> here_;
  std::unique_ptr<SqliteStore> elsewhere_;
  RollupCache cache_;
};

TEST_F(RollupCacheTest, AnswersWhatItWroteAndForgetsItWhenAnotherConnectionWrites) {
  ASSERT_TRUE(here_
                  ->Write([&](lrs::ext::SqlConnection& txn) -> Status {
                    LRS_RETURN_IF_ERROR(cache_.Check(txn));
                    LearnerRollup ann;
                    ann.agent = kAnn;
                    ann.first_us = 100;
                    auto ordinal = cache_.InsertLearner(txn, kKey, ann);
                    if (!ordinal.ok()) return ordinal.error();
                    EXPECT_EQ(ordinal.value(), 0);
                    return Status();
                  })
                  .ok());
  auto found = FindHere();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first_us, 100);

  // Another connection moves her first statement earlier, bypassing this cache.
  ASSERT_TRUE(elsewhere_
                  ->Write([&](lrs::ext::SqlConnection& txn) -> Status {
                    LearnerRollup ann;
                    ann.agent = kAnn;
                    ann.ordinal = 0;
                    ann.first_us = 50;
                    ann.completed_us = 60;
                    return store::SetLearner(txn, kKey, ann);
                  })
                  .ok());
  found = FindHere();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first_us, 50);
  EXPECT_EQ(found->completed_us, std::optional<int64_t>(60));
}

TEST_F(RollupCacheTest, ADayListWrittenElsewhereIsReadAgain) {
  // Writes day 20000 with `list` as its learners, through `cache` or (null) around it.
  auto write_day = [](lrs::ext::SqlConnection& txn, RollupCache* cache,
                      const std::string& list) -> Status {
    DailyRollup delta;
    delta.day = 20000;
    delta.statements = 1;
    if (cache != nullptr) return cache->AddDaily(txn, kKey, delta, list);
    return store::AddDaily(txn, kKey, delta, &list);
  };
  ASSERT_TRUE(here_
                  ->Write([&](lrs::ext::SqlConnection& txn) -> Status {
                    LRS_RETURN_IF_ERROR(cache_.Check(txn));
                    return write_day(txn, &cache_, "ours");
                  })
                  .ok());
  ASSERT_TRUE(elsewhere_
                  ->Write([&](lrs::ext::SqlConnection& txn) -> Status {
                    return write_day(txn, nullptr, "theirs");
                  })
                  .ok());
  std::string seen;
  ASSERT_TRUE(here_
                  ->Write([&](lrs::ext::SqlConnection& txn) -> Status {
                    LRS_RETURN_IF_ERROR(cache_.Check(txn));
                    auto list = cache_.DailyLearners(txn, kKey, 20000);
                    if (!list.ok()) return list.error();
                    seen = std::string(list.value());
                    return Status();
                  })
                  .ok());
  EXPECT_EQ(seen, "theirs");
}

}  // namespace
}  // namespace outcomes
