#include "plugin/store/rollup_store.h"

#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

namespace {

using lrs::ext::SqlQuery;
using sql::Prepare;
using sql::SingleInt;

std::optional<int64_t> OptionalInt(const SqlQuery& q, int column) {
  return q.IsNull(column) ? std::nullopt : std::optional<int64_t>(q.Int64(column));
}

void BindOptional(SqlQuery& q, int index, const std::optional<int64_t>& v) {
  if (v) {
    q.Bind(index, *v);
  } else {
    q.BindNull(index);
  }
}

// Reads the rows of `q`: ordinal, agent, first_us, completed_us.
Result<std::vector<LearnerRollup>> ReadLearners(SqlQuery& q) {
  std::vector<LearnerRollup> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    LearnerRollup l;
    l.ordinal = q.Int64(0);
    l.agent = std::string(q.Text(1));
    l.first_us = q.Int64(2);
    l.completed_us = OptionalInt(q, 3);
    out.push_back(std::move(l));
  }
}

// Runs a "delete up to ?2 rows of generation ?1" query; returns how many it deleted.
Result<int64_t> DeleteSome(SqlConnection& txn, std::string_view query, int64_t key, int64_t limit) {
  auto q = Prepare(txn, query);
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, limit);
  LRS_RETURN_IF_ERROR(q.value()->Run());
  return static_cast<int64_t>(txn.Changes());
}

}  // namespace

Result<RollupEpoch> EnterRollupWrite(SqlConnection& txn) {
  auto q = Prepare(txn, "rollup_epoch");
  if (!q.ok()) return q.error();
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return lrs::Error::Internal("the rollup epoch has no row");
  return RollupEpoch{q.value()->Int64(0), q.value()->Int64(1)};
}

Status AddDaily(SqlConnection& txn, int64_t key, const DailyRollup& delta,
                const std::string* learners) {
  auto q = Prepare(txn, "daily_add");
  if (!q.ok()) return q.error();
  SqlQuery& add = *q.value();
  add.Bind(1, key).Bind(2, delta.day).Bind(3, delta.statements).Bind(4, delta.scored);
  add.Bind(5, delta.scaled_micros);
  if (learners != nullptr) {
    add.BindBlob(6, *learners);
  } else {
    add.BindNull(6);
  }
  return add.Run();
}

Result<std::string> DailyLearners(SqlConnection& txn, int64_t key, int64_t day) {
  auto q = Prepare(txn, "daily_learners");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, day);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  return row.value() ? std::string(q.value()->Blob(0)) : std::string();
}

Result<std::vector<DailyRollup>> DailyRange(SqlConnection& txn, int64_t key, int64_t from_day,
                                            int64_t to_day) {
  auto q = Prepare(txn, "daily_range");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, from_day).Bind(3, to_day);
  std::vector<DailyRollup> out;
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    const SqlQuery& r = *q.value();
    DailyRollup d;
    d.day = r.Int64(0);
    d.statements = r.Int64(1);
    d.scored = r.Int64(2);
    d.scaled_micros = r.Int64(3);
    d.learners = std::string(r.Blob(4));
    out.push_back(std::move(d));
  }
}

Result<std::optional<LearnerRollup>> FindLearner(SqlConnection& txn, int64_t key,
                                                 std::string_view agent) {
  auto q = Prepare(txn, "learner_find");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, agent);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<LearnerRollup>();
  LearnerRollup l;
  l.agent = std::string(agent);
  l.ordinal = q.value()->Int64(0);
  l.first_us = q.value()->Int64(1);
  l.completed_us = OptionalInt(*q.value(), 2);
  return std::optional<LearnerRollup>(std::move(l));
}

Result<std::optional<LearnerRollup>> LearnerByOrdinal(SqlConnection& txn, int64_t key,
                                                      int64_t ordinal) {
  auto q = Prepare(txn, "learner_by_ordinal");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, ordinal);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<LearnerRollup>();
  LearnerRollup l;
  l.ordinal = ordinal;
  l.agent = std::string(q.value()->Text(0));
  l.first_us = q.value()->Int64(1);
  l.completed_us = OptionalInt(*q.value(), 2);
  return std::optional<LearnerRollup>(std::move(l));
}

Result<int64_t> NextLearnerOrdinal(SqlConnection& txn, int64_t key) {
  auto q = Prepare(txn, "learner_next_ordinal");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  return SingleInt(*q.value());
}

Status InsertLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner) {
  auto q = Prepare(txn, "learner_insert");
  if (!q.ok()) return q.error();
  SqlQuery& insert = *q.value();
  insert.Bind(1, key).Bind(2, learner.agent).Bind(3, learner.ordinal).Bind(4, learner.first_us);
  BindOptional(insert, 5, learner.completed_us);
  LRS_RETURN_IF_ERROR(insert.Run());
  if (txn.Changes() == 0) {
    return lrs::Error::Internal("outcome generation " + std::to_string(key) +
                                " already has learner " + learner.agent + " or ordinal " +
                                std::to_string(learner.ordinal));
  }
  return Status();
}

Status SetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner) {
  auto q = Prepare(txn, "learner_set");
  if (!q.ok()) return q.error();
  SqlQuery& set = *q.value();
  set.Bind(1, key).Bind(2, learner.ordinal).Bind(3, learner.first_us);
  BindOptional(set, 4, learner.completed_us);
  return set.Run();
}

Status ForgetLearner(SqlConnection& txn, int64_t key, int64_t ordinal) {
  auto q = Prepare(txn, "learner_forget");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, ordinal);
  return q.value()->Run();
}

Result<std::vector<LearnerRollup>> Learners(SqlConnection& txn, int64_t key) {
  auto q = Prepare(txn, "learners_all");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  return ReadLearners(*q.value());
}

Result<std::vector<LearnerRollup>> LearnersPage(SqlConnection& txn, int64_t key, int64_t after,
                                                int64_t limit) {
  auto q = Prepare(txn, "learners_page");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, after).Bind(3, limit);
  return ReadLearners(*q.value());
}

Result<std::pair<int64_t, int64_t>> LearnerCounts(SqlConnection& txn, int64_t key) {
  auto q = Prepare(txn, "learners_count");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::make_pair(int64_t{0}, int64_t{0});
  return std::make_pair(q.value()->Int64(0), q.value()->Int64(1));
}

Result<LearnerTags> LearnerTagsOf(SqlConnection& txn, int64_t key, int64_t ordinal) {
  auto q = Prepare(txn, "tag_times_of_learner");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, ordinal);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  LearnerTags out;
  if (!row.value()) return out;
  out.first_us = OptionalInt(*q.value(), 0);
  out.completed_us = OptionalInt(*q.value(), 1);
  out.tags = q.value()->Int64(2);
  return out;
}

Result<std::optional<TagRecord>> GetTag(SqlConnection& txn, int64_t key, int64_t seq) {
  auto q = Prepare(txn, "tag_get");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, seq);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<TagRecord>();
  // timestamp_us, learner, completed, scaled
  const SqlQuery& r = *q.value();
  TagRecord tag;
  tag.timestamp_us = r.Int64(0);
  tag.learner = OptionalInt(r, 1);
  tag.completed = r.Int64(2) != 0;
  if (!r.IsNull(3)) tag.scaled = r.Double(3);
  return std::optional<TagRecord>(std::move(tag));
}

Result<int64_t> DeleteSomeRollups(SqlConnection& txn, int64_t key, int64_t limit) {
  int64_t deleted = 0;
  for (std::string_view query : {"rollup_learners_delete_some", "rollup_daily_delete_some"}) {
    auto n = DeleteSome(txn, query, key, limit - deleted);
    if (!n.ok()) return n.error();
    deleted += n.value();
    if (deleted >= limit) break;
  }
  return deleted;
}

}  // namespace outcomes::store
