#include "plugin/store/rollup_store.h"

#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

namespace {

using lrs::ext::SqlQuery;
using sql::Prepare;

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

// Reads ordinal, first_us, completed_us, statements, scored, scaled_sum from `column` on.
void ReadLearner(const SqlQuery& q, int column, LearnerRollup* l) {
  l->ordinal = q.Int64(column);
  l->first_us = q.Int64(column + 1);
  l->completed_us = OptionalInt(q, column + 2);
  l->statements = q.Int64(column + 3);
  l->scored = q.Int64(column + 4);
  l->scaled_sum = q.Double(column + 5);
}

// Reads the rows of `q`: ordinal, agent, first_us, completed_us, statements, scored, scaled_sum.
Result<std::vector<LearnerRollup>> ReadLearners(SqlQuery& q) {
  std::vector<LearnerRollup> out;
  while (true) {
    auto row = q.Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    LearnerRollup l;
    l.agent = std::string(q.Text(1));
    l.ordinal = q.Int64(0);
    l.first_us = q.Int64(2);
    l.completed_us = OptionalInt(q, 3);
    l.statements = q.Int64(4);
    l.scored = q.Int64(5);
    l.scaled_sum = q.Double(6);
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

Status AddDaily(SqlConnection& txn, int64_t key, const DailyRollup& delta,
                const std::string* learners) {
  auto q = Prepare(txn, "daily_add");
  if (!q.ok()) return q.error();
  SqlQuery& add = *q.value();
  add.Bind(1, key).Bind(2, delta.day).Bind(3, delta.statements).Bind(4, delta.scored);
  add.BindDouble(5, delta.scaled_sum).Bind(6, delta.learner_statements);
  if (learners != nullptr) {
    add.BindBlob(7, *learners);
  } else {
    add.BindNull(7);
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
    d.scaled_sum = r.Double(3);
    d.learner_statements = r.Int64(4);
    d.learners = std::string(r.Blob(5));
    out.push_back(std::move(d));
  }
}

Result<int64_t> AddLearner(SqlConnection& txn, int64_t key, const LearnerRollup& delta) {
  auto q = Prepare(txn, "learner_add");
  if (!q.ok()) return q.error();
  SqlQuery& add = *q.value();
  add.Bind(1, key).Bind(2, delta.agent).Bind(3, delta.first_us);
  BindOptional(add, 4, delta.completed_us);
  add.Bind(5, delta.statements).Bind(6, delta.scored).BindDouble(7, delta.scaled_sum);
  auto row = add.Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return lrs::Error::Internal("learner_add returned no ordinal");
  const int64_t ordinal = add.Int64(0);
  LRS_RETURN_IF_ERROR(add.Run());
  return ordinal;
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
  ReadLearner(*q.value(), 0, &l);
  return std::optional<LearnerRollup>(std::move(l));
}

Status SetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner) {
  auto q = Prepare(txn, "learner_set");
  if (!q.ok()) return q.error();
  SqlQuery& set = *q.value();
  set.Bind(1, key).Bind(2, learner.agent).Bind(3, learner.first_us);
  BindOptional(set, 4, learner.completed_us);
  set.Bind(5, learner.statements).Bind(6, learner.scored).BindDouble(7, learner.scaled_sum);
  return set.Run();
}

Status ForgetLearner(SqlConnection& txn, int64_t key, std::string_view agent) {
  auto q = Prepare(txn, "learner_forget");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, agent);
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

Result<std::pair<std::optional<int64_t>, std::optional<int64_t>>> LearnerTimesFromTags(
    SqlConnection& txn, int64_t key, std::string_view agent) {
  auto q = Prepare(txn, "tag_times_of_learner");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, agent);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::make_pair(std::optional<int64_t>(), std::optional<int64_t>());
  return std::make_pair(OptionalInt(*q.value(), 0), OptionalInt(*q.value(), 1));
}

Result<int64_t> AddLearnerDay(SqlConnection& txn, int64_t key, int64_t day, int64_t ordinal,
                              int64_t statements) {
  auto q = Prepare(txn, "learner_day_add");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, day).Bind(3, ordinal).Bind(4, statements);
  auto count = sql::SingleInt(*q.value());
  if (!count.ok()) return count.error();
  LRS_RETURN_IF_ERROR(q.value()->Run());
  return count.value();
}

Result<int64_t> RemoveLearnerDayStatement(SqlConnection& txn, int64_t key, int64_t day,
                                          int64_t ordinal) {
  int64_t left = 0;
  {
    auto q = Prepare(txn, "learner_day_remove");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, key).Bind(2, day).Bind(3, ordinal);
    auto count = sql::SingleInt(*q.value());
    if (!count.ok()) return count.error();
    LRS_RETURN_IF_ERROR(q.value()->Run());
    left = count.value();
  }
  if (left <= 0) {
    auto q = Prepare(txn, "learner_day_forget");
    if (!q.ok()) return q.error();
    q.value()->Bind(1, key).Bind(2, day).Bind(3, ordinal);
    LRS_RETURN_IF_ERROR(q.value()->Run());
    left = 0;
  }
  return left;
}

Result<std::optional<TagFacts>> GetTag(SqlConnection& txn, int64_t key, int64_t seq) {
  auto q = Prepare(txn, "tag_get");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, seq);
  auto row = q.value()->Step();
  if (!row.ok()) return row.error();
  if (!row.value()) return std::optional<TagFacts>();
  // timestamp_us, agent, completed, scaled
  const SqlQuery& r = *q.value();
  TagFacts tag;
  tag.timestamp_us = r.Int64(0);
  if (!r.IsNull(1)) tag.agent = std::string(r.Text(1));
  tag.completed = r.Int64(2) != 0;
  if (!r.IsNull(3)) tag.scaled = r.Double(3);
  return std::optional<TagFacts>(std::move(tag));
}

Result<int64_t> DeleteSomeRollups(SqlConnection& txn, int64_t key, int64_t limit) {
  int64_t deleted = 0;
  for (std::string_view query : {"rollup_learner_days_delete_some", "rollup_learners_delete_some",
                                 "rollup_daily_delete_some"}) {
    auto n = DeleteSome(txn, query, key, limit - deleted);
    if (!n.ok()) return n.error();
    deleted += n.value();
    if (deleted >= limit) break;
  }
  return deleted;
}

}  // namespace outcomes::store
