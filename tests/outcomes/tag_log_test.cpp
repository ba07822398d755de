// TagLog (plugin/tagging/tag_log.h) on a real SQLite database: tags wait in the log until it
// holds enough of them, a fold leaves outcome_tags and the rollups exactly as writing the tags
// directly would, tags of a generation retired meanwhile are dropped, and after a rollback the
// log is counted again rather than trusted.
#include "plugin/tagging/tag_log.h"

#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/store/sqlite/sqlite_store.h"
#include "plugin/store/sql_catalog.h"
#include "plugin/tagging/rollup_audit.h"
#include "plugin/tagging/rollups.h"
#include "plugin/tagging/tagging_metrics.h"

namespace outcomes {
namespace {

using lrs::store::sqlite::SqliteStore;

constexpr int64_t kDay = 20000;  // 2024-10-04
constexpr int64_t kMicrosPerDay = 86'400'000'000;

class TagLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "tag-log-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    auto db = SqliteStore::Open(dir_ + "/lrs.db", {});
    ASSERT_TRUE(db.ok()) << db.error().message();
    db_ = std::move(db).value();
    ASSERT_TRUE(db_->ApplyMigrations("outcomes", sql::Migrations()).ok());
  }
  void TearDown() override {
    // The rollup invariant: the rollups equal what the tags say (plugin/tagging/rollup_audit.h).
    if (db_) {
      Status audited = db_->Read([&](SqlConnection& txn) -> Status {
        auto audit = AuditRollups(txn, std::nullopt, /*repair=*/false, nullptr);
        if (!audit.ok()) return audit.error();
        for (const std::string& difference : audit.value().differences)
          ADD_FAILURE() << "rollup invariant: " << difference;
        return Status();
      });
      EXPECT_TRUE(audited.ok()) << audited.error().message();
    }
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A live generation of outcome `id` (its history tagging in `state`, `processed` of `total`
  // statements scanned); returns its key.
  int64_t Declare(const std::string& id, std::string_view state = kTaggingDone, int64_t total = 0,
                  int64_t processed = 0) {
    int64_t key = 0;
    Write([&](SqlConnection& txn) -> Status {
      DeclarationRow row;
      row.store_id = 1;
      row.outcome_id = id;
      row.document = "{}";
      row.fingerprint = id;
      row.created = row.updated = "2024-10-01T00:00:00.000Z";
      row.tagging_state = std::string(state);
      row.tagging_total = total;
      auto inserted = store::InsertDeclaration(txn, row);
      if (!inserted.ok()) return inserted.error();
      key = inserted.value();
      if (processed == 0) return Status();
      auto set =
          txn.Prepare("UPDATE outcome_declarations SET tagging_processed = ?1 WHERE key = ?2");
      if (!set.ok()) return set.error();
      set.value()->Bind(1, processed).Bind(2, key);
      return set.value()->Run();
    });
    return key;
  }

  void Write(const std::function<Status(SqlConnection&)>& work) {
    Status s = db_->Write(work);
    ASSERT_TRUE(s.ok()) << s.error().message();
  }

  int64_t Count(const std::string& sql) {
    int64_t n = -1;
    Status s = db_->Read([&](SqlConnection& txn) -> Status {
      auto q = txn.Prepare(sql);
      if (!q.ok()) return q.error();
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      n = q.value()->Int64(0);
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.error().message();
    return n;
  }
  int64_t Logged() { return Count("SELECT count(*) FROM outcome_tag_log"); }
  int64_t Tags(int64_t key) {
    return Count("SELECT count(*) FROM outcome_tags WHERE outcome_key = " + std::to_string(key));
  }

  // What the rollups of `key` say: each day, and each learner (agent, first, completion).
  using Days = std::vector<std::tuple<int64_t, int64_t, int64_t, int64_t, std::string>>;
  using People = std::vector<std::tuple<std::string, int64_t, std::optional<int64_t>>>;
  std::pair<Days, People> Rollups(int64_t key) {
    Days days;
    People people;
    Status s = db_->Read([&](SqlConnection& txn) -> Status {
      auto daily = store::DailyRange(txn, key, 0, 100000);
      if (!daily.ok()) return daily.error();
      for (const DailyRollup& d : daily.value()) {
        days.emplace_back(d.day, d.statements, d.scored, d.scaled_micros, d.learners);
      }
      auto learners = store::Learners(txn, key);
      if (!learners.ok()) return learners.error();
      for (const LearnerRollup& l : learners.value()) {
        people.emplace_back(l.agent, l.first_us, l.completed_us);
      }
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.error().message();
    return {days, people};
  }

  std::string dir_;
  std::unique_ptr<SqliteStore> db_;
  RollupCache cache_;
};

// Tag of statement `seq` by `key`: `who` did it on `day` + `hour` hours.
TagRow Tag(int64_t key, int64_t seq, const char* who, int64_t day, int64_t hour,
           bool completed = false, std::optional<double> scaled = std::nullopt) {
  TagRow t;
  t.outcome_key = key;
  t.seq = seq;
  t.rule = "r";
  t.stored_us = seq;
  t.facts.timestamp_us = day * kMicrosPerDay + hour * 3'600'000'000;
  if (who != nullptr) t.facts.agent = std::string("mbox:mailto:") + who + "@example.com";
  t.facts.completed = completed;
  t.facts.scaled = scaled;
  return t;
}

TEST_F(TagLogTest, TagsWaitInTheLogUntilItHoldsFoldAtTags) {
  const int64_t key = Declare("safety");
  TagLog log(cache_, 4);
  Write([&](SqlConnection& txn) {
    return log.Append(txn, {Tag(key, 1, "ann", kDay, 9), Tag(key, 2, "bob", kDay, 10)});
  });
  Write([&](SqlConnection& txn) { return log.Append(txn, {Tag(key, 3, "ann", kDay + 1, 9)}); });
  EXPECT_EQ(Logged(), 3);
  EXPECT_EQ(Tags(key), 0);
  EXPECT_TRUE(Rollups(key).first.empty());

  Write([&](SqlConnection& txn) { return log.Append(txn, {Tag(key, 4, "cy", kDay + 1, 9)}); });
  EXPECT_EQ(Logged(), 0);
  EXPECT_EQ(Tags(key), 4);
  const auto [days, people] = Rollups(key);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(std::get<1>(days[0]), 2);  // statements on kDay
  EXPECT_EQ(std::get<1>(days[1]), 2);
  EXPECT_EQ(people.size(), 3u);
}

TEST_F(TagLogTest, AFoldLeavesWhatWritingTheTagsDirectlyLeaves) {
  const int64_t logged = Declare("via-log");
  const int64_t direct = Declare("direct");
  // Out of time order, repeat learners, completions, scores and an anonymous actor.
  auto tags_of = [](int64_t key) {
    return std::vector<TagRow>{
        Tag(key, 10, "ann", kDay + 2, 9, false, 0.5),
        Tag(key, 11, "bob", kDay, 8),
        Tag(key, 12, "ann", kDay, 7, true, 0.75),
        Tag(key, 13, nullptr, kDay + 1, 9),
        Tag(key, 14, "bob", kDay + 2, 1, true),
        Tag(key, 15, "ann", kDay + 2, 3, false, -0.25),
    };
  };
  TagLog log(cache_, 1000);
  Write([&](SqlConnection& txn) {
    auto tags = tags_of(logged);
    return log.Append(txn, {tags.begin(), tags.begin() + 3});
  });
  Write([&](SqlConnection& txn) {
    auto tags = tags_of(logged);
    return log.Append(txn, {tags.begin() + 3, tags.end()});
  });
  Write([&](SqlConnection& txn) -> Status {
    LRS_RETURN_IF_ERROR(cache_.Check(txn));
    return TagBatch(tags_of(direct)).Flush(txn, cache_);
  });
  EXPECT_EQ(Tags(logged), 0);
  Write([&](SqlConnection& txn) { return log.Fold(txn); });

  EXPECT_EQ(Tags(logged), 6);
  EXPECT_EQ(Logged(), 0);
  const auto via_log = Rollups(logged);
  const auto written = Rollups(direct);
  EXPECT_EQ(via_log.first, written.first);
  EXPECT_EQ(via_log.second, written.second);
  ASSERT_EQ(via_log.second.size(), 2u);
  EXPECT_EQ(std::get<1>(via_log.second[0]), kDay * kMicrosPerDay + 7 * 3'600'000'000);  // ann
  EXPECT_EQ(Count("SELECT count(*) FROM outcome_tags WHERE learner IS NULL AND outcome_key = " +
                  std::to_string(logged)),
            1);
}

TEST_F(TagLogTest, TagsOfAGenerationRetiredMeanwhileAreDropped) {
  const int64_t retired = Declare("retired");
  const int64_t live = Declare("live");
  TagLog log(cache_, 1000);
  Write([&](SqlConnection& txn) {
    return log.Append(txn, {Tag(retired, 1, "ann", kDay, 9), Tag(live, 1, "ann", kDay, 9)});
  });
  Write([&](SqlConnection& txn) {
    return store::RetireDeclaration(txn, retired, "2024-10-05T00:00:00.000Z");
  });
  Write([&](SqlConnection& txn) { return log.Fold(txn); });
  EXPECT_EQ(Logged(), 0);
  EXPECT_EQ(Tags(retired), 0);
  EXPECT_TRUE(Rollups(retired).second.empty());
  EXPECT_EQ(Tags(live), 1);
}

TEST_F(TagLogTest, AfterARollbackTheLogIsCountedAgain) {
  const int64_t key = Declare("safety");
  TagLog log(cache_, 3);
  Status failed = db_->Write([&](SqlConnection& txn) -> Status {
    LRS_RETURN_IF_ERROR(
        log.Append(txn, {Tag(key, 1, "ann", kDay, 9), Tag(key, 2, "bob", kDay, 9)}));
    return lrs::Error::Internal("the batch fails after its tags were logged");
  });
  ASSERT_FALSE(failed.ok());
  log.Invalidate();  // what Plugin::OnRollback does
  EXPECT_EQ(Logged(), 0);

  // Two tags logged would reach 3 with one more; after the rollback only one is there.
  Write([&](SqlConnection& txn) { return log.Append(txn, {Tag(key, 3, "ann", kDay, 9)}); });
  EXPECT_EQ(Logged(), 1);
  EXPECT_EQ(Tags(key), 0);
}

// GET /metrics (plugin/tagging/tagging_metrics.h): a fold reports its time and the tags it folded;
// folding an empty log is no fold.
TEST_F(TagLogTest, FoldsAreMeasured) {
  lrs::metrics::Registry registry;
  TaggingMetrics metrics(registry);
  const int64_t key = Declare("safety");
  TagLog log(cache_, 1000);
  log.Measure(&metrics);
  Write([&](SqlConnection& txn) { return log.Fold(txn); });
  EXPECT_EQ(metrics.folded_tags.value(), 0u);
  EXPECT_EQ(metrics.fold_seconds.CumulativeCounts().back(), 0u);

  Write([&](SqlConnection& txn) {
    return log.Append(txn, {Tag(key, 1, "ann", kDay, 9), Tag(key, 2, "bob", kDay, 10),
                            Tag(key, 3, "cy", kDay + 1, 9)});
  });
  EXPECT_EQ(metrics.folded_tags.value(), 0u);  // logged, not folded yet
  Write([&](SqlConnection& txn) { return log.Fold(txn); });
  EXPECT_EQ(metrics.folded_tags.value(), 3u);
  EXPECT_EQ(metrics.fold_seconds.CumulativeCounts().back(), 1u);
  EXPECT_GT(metrics.fold_seconds.sum(), 0.0);
  const std::string text = registry.Render();
  EXPECT_NE(text.find("outcome_lrs_outcomes_folded_tags_total 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("outcome_lrs_outcomes_fold_seconds_count 1\n"), std::string::npos) << text;
}

// The backlog: generations whose history is being tagged (statements still to scan) or whose
// tags are being removed; finished generations count for nothing.
TEST_F(TagLogTest, TheTaggingBacklogCountsWhatIsLeft) {
  Declare("done", kTaggingDone, 900, 900);
  Declare("halfway", kTaggingRunning, 5000, 1200);
  Declare("starting", kTaggingRunning, 300, 0);
  Declare("retired", kTaggingDeleted, 700, 700);
  store::TaggingBacklog backlog;
  Status s = db_->Read([&](SqlConnection& txn) -> Status {
    auto read = store::ReadTaggingBacklog(txn);
    if (!read.ok()) return read.error();
    backlog = read.value();
    return Status();
  });
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(backlog.generations, 3);
  EXPECT_EQ(backlog.statements, 3800 + 300);

  lrs::metrics::Registry registry;
  TaggingMetrics metrics(registry);
  metrics.Show(backlog);
  const std::string text = registry.Render();
  EXPECT_NE(text.find("outcome_lrs_outcomes_tagging_backlog_generations 3\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("outcome_lrs_outcomes_tagging_backlog_statements 4100\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace outcomes
