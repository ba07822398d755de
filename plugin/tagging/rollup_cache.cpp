#include "plugin/tagging/rollup_cache.h"

#include <functional>

#include "plugin/store/sql_catalog.h"

namespace outcomes {

size_t RollupCache::KeyHash::operator()(const std::pair<int64_t, std::string>& k) const {
  return std::hash<std::string>()(k.second) * 31 + std::hash<int64_t>()(k.first);
}

size_t RollupCache::KeyHash::operator()(const std::pair<int64_t, int64_t>& k) const {
  return std::hash<int64_t>()(k.first) * 1'000'003 + std::hash<int64_t>()(k.second);
}

Status RollupCache::Check(SqlConnection& txn) {
  auto epoch = store::EnterRollupWrite(txn);
  if (!epoch.ok()) return epoch.error();
  if (epoch_ != epoch.value().seen) Clear();
  epoch_ = epoch.value().next;
  return Status();
}

void RollupCache::Clear() {
  learners_.clear();
  next_ordinals_.clear();
  days_.clear();
  day_bytes_ = 0;
}

void RollupCache::Remember(int64_t key, const LearnerRollup& learner) {
  if (learners_.size() >= kMaxLearners) learners_.clear();
  learners_[{key, learner.agent}] =
      Learner{learner.ordinal, learner.first_us, learner.completed_us};
}

Result<std::optional<LearnerRollup>> RollupCache::FindLearner(SqlConnection& txn, int64_t key,
                                                              std::string_view agent) {
  auto it = learners_.find({key, std::string(agent)});
  if (it != learners_.end()) {
    LearnerRollup l;
    l.ordinal = it->second.ordinal;
    l.agent = std::string(agent);
    l.first_us = it->second.first_us;
    l.completed_us = it->second.completed_us;
    return std::optional<LearnerRollup>(std::move(l));
  }
  auto found = store::FindLearner(txn, key, agent);
  if (found.ok() && found.value()) Remember(key, *found.value());
  return found;
}

Result<int64_t> RollupCache::InsertLearner(SqlConnection& txn, int64_t key,
                                           const LearnerRollup& learner) {
  auto next = next_ordinals_.find(key);
  if (next == next_ordinals_.end()) {
    auto first = store::NextLearnerOrdinal(txn, key);
    if (!first.ok()) return first.error();
    next = next_ordinals_.emplace(key, first.value()).first;
  }
  LearnerRollup stored = learner;
  stored.ordinal = next->second;
  LRS_RETURN_IF_ERROR(store::InsertLearner(txn, key, stored));
  ++next->second;
  Remember(key, stored);
  return stored.ordinal;
}

Status RollupCache::SetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner) {
  LRS_RETURN_IF_ERROR(store::SetLearner(txn, key, learner));
  Remember(key, learner);
  return Status();
}

Status RollupCache::ForgetLearner(SqlConnection& txn, int64_t key, const LearnerRollup& learner) {
  LRS_RETURN_IF_ERROR(store::ForgetLearner(txn, key, learner.ordinal));
  learners_.erase({key, learner.agent});
  return Status();
}

const std::string& RollupCache::RememberDay(int64_t key, int64_t day, std::string learners) {
  auto it = days_.find({key, day});
  if (it != days_.end()) {
    day_bytes_ -= it->second.size();
    days_.erase(it);
  }
  if (day_bytes_ + learners.size() > kMaxDayBytes) {
    days_.clear();
    day_bytes_ = 0;
  }
  day_bytes_ += learners.size();
  return days_.emplace(std::make_pair(key, day), std::move(learners)).first->second;
}

Result<std::string_view> RollupCache::DailyLearners(SqlConnection& txn, int64_t key, int64_t day) {
  auto it = days_.find({key, day});
  if (it != days_.end()) return std::string_view(it->second);
  auto bytes = store::DailyLearners(txn, key, day);
  if (!bytes.ok()) return bytes.error();
  return std::string_view(RememberDay(key, day, std::move(bytes).value()));
}

Status RollupCache::AddDaily(SqlConnection& txn, int64_t key, const DailyRollup& delta,
                             std::optional<std::string> learners) {
  LRS_RETURN_IF_ERROR(store::AddDaily(txn, key, delta, learners ? &*learners : nullptr));
  if (learners) RememberDay(key, delta.day, std::move(*learners));
  return Status();
}

void RollupCache::ForgetGeneration(int64_t key) {
  next_ordinals_.erase(key);
  for (auto it = learners_.begin(); it != learners_.end();) {
    it = it->first.first == key ? learners_.erase(it) : std::next(it);
  }
  for (auto it = days_.begin(); it != days_.end();) {
    if (it->first.first == key) {
      day_bytes_ -= it->second.size();
      it = days_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace outcomes
