#include "plugin/tagging/rollups.h"

#include <algorithm>
#include <vector>

#include "plugin/model/bitmap.h"
#include "plugin/model/days.h"

namespace outcomes {

void RollupBatch::Add(int64_t outcome_key, const TagFacts& facts) {
  const int64_t day = DayOfMicros(facts.timestamp_us);
  DailyRollup& d = days_[{outcome_key, day}];
  d.day = day;
  ++d.statements;
  if (facts.scaled) {
    ++d.scored;
    d.scaled_sum += *facts.scaled;
  }
  if (!facts.agent) return;
  ++d.learner_statements;
  auto [it, created] = learners_.try_emplace({outcome_key, *facts.agent});
  LearnerRollup& l = it->second.delta;
  if (created) {
    l.agent = *facts.agent;
    l.first_us = facts.timestamp_us;
  }
  l.first_us = std::min(l.first_us, facts.timestamp_us);
  if (facts.completed) {
    l.completed_us = std::min(l.completed_us.value_or(facts.timestamp_us), facts.timestamp_us);
  }
  ++l.statements;
  if (facts.scaled) {
    ++l.scored;
    l.scaled_sum += *facts.scaled;
  }
  ++it->second.days[day];
}

Status RollupBatch::Flush(SqlConnection& txn) {
  // Learners first: their ordinals say which bits the days' bitmaps gain.
  std::map<std::pair<int64_t, int64_t>, std::vector<int64_t>> newly_active;
  for (const auto& [where, learner] : learners_) {
    const int64_t key = where.first;
    auto ordinal = store::AddLearner(txn, key, learner.delta);
    if (!ordinal.ok()) return ordinal.error();
    for (const auto& [day, statements] : learner.days) {
      auto count = store::AddLearnerDay(txn, key, day, ordinal.value(), statements);
      if (!count.ok()) return count.error();
      if (count.value() == statements) newly_active[{key, day}].push_back(ordinal.value());
    }
  }
  for (const auto& [where, delta] : days_) {
    auto active = newly_active.find(where);
    if (active == newly_active.end()) {
      LRS_RETURN_IF_ERROR(store::AddDaily(txn, where.first, delta, nullptr));
      continue;
    }
    auto bits = store::DailyLearners(txn, where.first, where.second);
    if (!bits.ok()) return bits.error();
    for (int64_t ordinal : active->second)
      bitmap::Set(&bits.value(), ordinal);
    LRS_RETURN_IF_ERROR(store::AddDaily(txn, where.first, delta, &bits.value()));
  }
  days_.clear();
  learners_.clear();
  return Status();
}

Status RemoveFromRollups(SqlConnection& txn, int64_t outcome_key, const TagFacts& facts) {
  const int64_t day = DayOfMicros(facts.timestamp_us);
  DailyRollup delta;
  delta.day = day;
  delta.statements = -1;
  if (facts.scaled) {
    delta.scored = -1;
    delta.scaled_sum = -*facts.scaled;
  }
  if (!facts.agent) return store::AddDaily(txn, outcome_key, delta, nullptr);
  delta.learner_statements = -1;

  auto found = store::FindLearner(txn, outcome_key, *facts.agent);
  if (!found.ok()) return found.error();
  if (!found.value()) return store::AddDaily(txn, outcome_key, delta, nullptr);
  LearnerRollup learner = std::move(*found.value());

  auto left = store::RemoveLearnerDayStatement(txn, outcome_key, day, learner.ordinal);
  if (!left.ok()) return left.error();
  if (left.value() == 0) {
    auto bits = store::DailyLearners(txn, outcome_key, day);
    if (!bits.ok()) return bits.error();
    bitmap::Clear(&bits.value(), learner.ordinal);
    LRS_RETURN_IF_ERROR(store::AddDaily(txn, outcome_key, delta, &bits.value()));
  } else {
    LRS_RETURN_IF_ERROR(store::AddDaily(txn, outcome_key, delta, nullptr));
  }

  if (--learner.statements <= 0) return store::ForgetLearner(txn, outcome_key, *facts.agent);
  if (facts.scaled) {
    --learner.scored;
    learner.scaled_sum -= *facts.scaled;
  }
  // The first statement or the first completion may have gone: read them from the tags again.
  if (facts.timestamp_us == learner.first_us ||
      (facts.completed && learner.completed_us == facts.timestamp_us)) {
    auto times = store::LearnerTimesFromTags(txn, outcome_key, *facts.agent);
    if (!times.ok()) return times.error();
    learner.first_us = times.value().first.value_or(learner.first_us);
    learner.completed_us = times.value().second;
  }
  return store::SetLearner(txn, outcome_key, learner);
}

}  // namespace outcomes
