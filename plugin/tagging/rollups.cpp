#include "plugin/tagging/rollups.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "plugin/model/days.h"
#include "plugin/model/learner_days.h"
#include "plugin/store/outcome_store.h"

namespace outcomes {

namespace {

// The learner ordinal of every identified actor of `tags`, recording new learners and moving
// the first statement or first completion of known ones where these tags come earlier.
Status ResolveLearners(SqlConnection& txn, RollupCache& cache, std::vector<TagRow>* tags) {
  struct Seen {
    int64_t first_us;
    std::optional<int64_t> completed_us;
  };
  std::map<std::pair<int64_t, std::string>, Seen> seen;  // by (generation, agent)
  for (const TagRow& t : *tags) {
    if (!t.facts.agent) continue;
    auto [it, created] =
        seen.try_emplace({t.outcome_key, *t.facts.agent}, Seen{t.facts.timestamp_us, {}});
    Seen& s = it->second;
    s.first_us = std::min(s.first_us, t.facts.timestamp_us);
    if (t.facts.completed) {
      s.completed_us =
          std::min(s.completed_us.value_or(t.facts.timestamp_us), t.facts.timestamp_us);
    }
  }
  std::map<std::pair<int64_t, std::string>, int64_t> ordinals;
  for (const auto& [who, s] : seen) {
    auto known = cache.FindLearner(txn, who.first, who.second);
    if (!known.ok()) return known.error();
    if (!known.value()) {
      LearnerRollup learner;
      learner.agent = who.second;
      learner.first_us = s.first_us;
      learner.completed_us = s.completed_us;
      auto ordinal = cache.InsertLearner(txn, who.first, learner);
      if (!ordinal.ok()) return ordinal.error();
      ordinals[who] = ordinal.value();
      continue;
    }
    LearnerRollup& learner = *known.value();
    ordinals[who] = learner.ordinal;
    const bool earlier_first = s.first_us < learner.first_us;
    const bool earlier_completion =
        s.completed_us && (!learner.completed_us || *s.completed_us < *learner.completed_us);
    if (!earlier_first && !earlier_completion) continue;  // the usual case: nothing to write
    learner.first_us = std::min(learner.first_us, s.first_us);
    if (earlier_completion) learner.completed_us = s.completed_us;
    LRS_RETURN_IF_ERROR(cache.SetLearner(txn, who.first, learner));
  }
  for (TagRow& t : *tags) {
    if (t.facts.agent) t.learner = ordinals.at({t.outcome_key, *t.facts.agent});
  }
  return Status();
}

// The change of one day of one generation.
struct DayChange {
  DailyRollup counts;
  std::vector<LearnerDay> learners;
};

Status ApplyDayChange(SqlConnection& txn, RollupCache& cache, int64_t key,
                      const DayChange& change) {
  if (change.learners.empty()) return cache.AddDaily(txn, key, change.counts, std::nullopt);
  auto bytes = cache.DailyLearners(txn, key, change.counts.day);
  if (!bytes.ok()) return bytes.error();
  std::optional<std::string> merged = MergeLearnerDays(bytes.value(), change.learners);
  if (!merged) {
    // Writing on would drop the learners the damaged list still holds: the batch fails instead,
    // saying where, until the row is rebuilt.
    auto row = store::DeclarationByKey(txn, key);
    const std::string outcome = row.ok() && row.value() ? "\"" + row.value()->outcome_id + "\""
                                                        : "generation " + std::to_string(key);
    return lrs::Error::Internal("the rollup of outcome " + outcome + " for " +
                                DateOfDay(change.counts.day) +
                                " is damaged (its learner list does not decode); "
                                "`outcome-lrs outcomes check --repair` rebuilds it from the tags");
  }
  return cache.AddDaily(txn, key, change.counts, std::move(*merged));
}

// What `sign` (+1 or -1) times one statement of `learner` changes on its day.
void Count(int sign, int64_t timestamp_us, std::optional<int64_t> learner,
           std::optional<double> scaled, DayChange* change) {
  const int64_t micros = scaled ? ScaledMicros(*scaled) : 0;
  change->counts.day = DayOfMicros(timestamp_us);
  change->counts.statements += sign;
  if (scaled) {
    change->counts.scored += sign;
    change->counts.scaled_micros += sign * micros;
  }
  if (learner) change->learners.push_back({*learner, sign, scaled ? sign : 0, sign * micros});
}

}  // namespace

Status TagBatch::Flush(SqlConnection& txn, RollupCache& cache) {
  if (tags_.empty()) return Status();
  LRS_RETURN_IF_ERROR(ResolveLearners(txn, cache, &tags_));
  std::map<std::pair<int64_t, int64_t>, DayChange> days;  // by (generation, day)
  for (const TagRow& t : tags_) {
    auto inserted = store::InsertTag(txn, t);
    if (!inserted.ok()) return inserted.error();
    if (!inserted.value()) continue;
    Count(+1, t.facts.timestamp_us, t.learner, t.facts.scaled,
          &days[{t.outcome_key, DayOfMicros(t.facts.timestamp_us)}]);
  }
  for (const auto& [where, change] : days) {
    LRS_RETURN_IF_ERROR(ApplyDayChange(txn, cache, where.first, change));
  }
  tags_.clear();
  return Status();
}

Status Untag(SqlConnection& txn, RollupCache& cache, int64_t key, int64_t seq) {
  auto tag = store::GetTag(txn, key, seq);
  if (!tag.ok()) return tag.error();
  if (!tag.value()) return Status();
  const TagRecord& t = *tag.value();
  LRS_RETURN_IF_ERROR(store::DeleteTag(txn, key, seq));
  DayChange change;
  Count(-1, t.timestamp_us, t.learner, t.scaled, &change);
  LRS_RETURN_IF_ERROR(ApplyDayChange(txn, cache, key, change));
  if (!t.learner) return Status();

  // The learner's first statement or first completion may have gone: read them from the tags.
  auto learner = store::LearnerByOrdinal(txn, key, *t.learner);
  if (!learner.ok()) return learner.error();
  if (!learner.value()) return Status();
  LearnerRollup& l = *learner.value();
  if (t.timestamp_us != l.first_us && !(t.completed && l.completed_us == t.timestamp_us)) {
    return Status();
  }
  auto left = store::LearnerTagsOf(txn, key, l.ordinal);
  if (!left.ok()) return left.error();
  if (left.value().tags == 0) return cache.ForgetLearner(txn, key, l);
  l.first_us = left.value().first_us.value_or(l.first_us);
  l.completed_us = left.value().completed_us;
  return cache.SetLearner(txn, key, l);
}

}  // namespace outcomes
