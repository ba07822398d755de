#include "plugin/tagging/tagger.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "lrs/core/time.h"
#include "lrs/xapi/agent.h"

namespace outcomes {

namespace {

using json::Value;

const Value* Child(const Value* v, std::string_view name) {
  return (v != nullptr && v->IsObject()) ? json::Find(*v, name) : nullptr;
}

bool IsCompletionVerb(std::string_view verb) {
  return verb == "http://adlnet.gov/expapi/verbs/completed" ||
         verb == "http://adlnet.gov/expapi/verbs/passed" ||
         verb == "https://w3id.org/xapi/adl/verbs/mastered" ||
         verb == "http://adlnet.gov/expapi/verbs/mastered";
}

// "stored" is not known yet when a statement is prepared: a timestamp equal to this stands for it.
constexpr int64_t kStoredLater = INT64_MIN;

// What Prepare works out for one statement.
struct PreparedStatement {
  std::vector<RuleIndex::Match> matches;
  TagFacts facts;  // when there are matches
};

// Adds the tags of `s` by every outcome generation of `matches` to `tags`.
void Tag(const std::vector<RuleIndex::Match>& matches, TagFacts facts, const StoredStatement& s,
         std::vector<TagRow>* tags) {
  if (matches.empty()) return;
  TagRow tag;
  tag.seq = s.seq;
  tag.stored_us = s.stored_us;
  if (facts.timestamp_us == kStoredLater) facts.timestamp_us = s.stored_us;
  tag.facts = std::move(facts);
  for (const RuleIndex::Match& m : matches) {
    tag.outcome_key = m.outcome_key;
    tag.rule = std::string(m.rule);
    tags->push_back(tag);
  }
}

}  // namespace

TagFacts FactsOf(const json::Value& statement, int64_t stored_us) {
  TagFacts facts;
  facts.timestamp_us = stored_us;
  if (const Value* ts = Child(&statement, "timestamp"); ts != nullptr && ts->IsString()) {
    if (auto parsed = lrs::ParseTimestamp(json::View(*ts))) {
      facts.timestamp_us = lrs::ToMicros(parsed->instant);
    }
  }
  if (const Value* actor = Child(&statement, "actor")) facts.agent = lrs::xapi::AgentKey(*actor);
  const Value* verb = Child(Child(&statement, "verb"), "id");
  const Value* result = Child(&statement, "result");
  const Value* success = Child(result, "success");
  const Value* completion = Child(result, "completion");
  facts.completed = (verb != nullptr && verb->IsString() && IsCompletionVerb(json::View(*verb))) ||
                    (success != nullptr && success->IsBool() && success->GetBool()) ||
                    (completion != nullptr && completion->IsBool() && completion->GetBool());
  if (const Value* scaled = Child(Child(result, "score"), "scaled");
      scaled != nullptr && scaled->IsNumber()) {
    facts.scaled = scaled->GetDouble();
  }
  return facts;
}

Result<RuleIndex> IndexOf(const DeclarationRow& row) {
  auto outcome = ParseStoredOutcome(row.document);
  if (!outcome.ok()) return outcome.error();
  std::vector<RuleIndex::Entry> entries;
  entries.push_back({row.key, outcome.value().iri, std::move(outcome.value().rules)});
  return RuleIndex(std::move(entries));
}

struct Tagger::PreparedBatch {
  std::shared_ptr<const Rules> rules;  // matched against these
  std::vector<PreparedStatement> statements;
};

Status Tagger::Refresh(SqlConnection& txn) {
  auto version = store::DeclarationsVersion(txn);
  if (!version.ok()) return version.error();
  if (!stale_ && rules_ && version.value() == rules_->version) return Status();
  auto rows = store::LiveDeclarations(txn, std::nullopt);
  if (!rows.ok()) return rows.error();
  std::unordered_map<int64_t, std::vector<RuleIndex::Entry>> entries;
  auto rules = std::make_shared<Rules>();
  for (const DeclarationRow& row : rows.value()) {
    auto outcome = ParseStoredOutcome(row.document);
    if (!outcome.ok()) return outcome.error();
    entries[row.store_id].push_back({row.key, outcome.value().iri, outcome.value().rules});
    rules->live_keys[row.store_id].push_back(row.key);
  }
  for (auto& [store_id, store_entries] : entries) {
    rules->indexes[store_id] = std::make_unique<RuleIndex>(std::move(store_entries));
  }
  rules->version = version.value();
  rules_ = std::move(rules);
  stale_ = false;
  std::lock_guard<std::mutex> lock(published_mu_);
  published_ = rules_;
  return Status();
}

std::shared_ptr<const void> Tagger::Prepare(
    int64_t store_id, const std::vector<const json::Value*>& statements) const {
  std::shared_ptr<const Rules> rules;
  {
    std::lock_guard<std::mutex> lock(published_mu_);
    rules = published_;
  }
  if (!rules) return nullptr;
  auto prepared = std::make_shared<PreparedBatch>();
  prepared->statements.resize(statements.size());
  auto index = rules->indexes.find(store_id);
  if (index != rules->indexes.end()) {
    for (size_t i = 0; i < statements.size(); ++i) {
      if (statements[i] == nullptr) continue;
      PreparedStatement& p = prepared->statements[i];
      p.matches = index->second->Matches(*statements[i]);
      if (!p.matches.empty()) p.facts = FactsOf(*statements[i], kStoredLater);
    }
  }
  prepared->rules = std::move(rules);
  return prepared;
}

Status Tagger::TagStored(SqlConnection& txn, const std::vector<StoredStatement>& statements) {
  LRS_RETURN_IF_ERROR(Refresh(txn));
  if (rules_->indexes.empty()) return Status();
  std::vector<TagRow> tags;
  for (const StoredStatement& s : statements) {
    if (s.voided) continue;  // it does not count
    auto index = rules_->indexes.find(s.store_id);
    if (index == rules_->indexes.end()) continue;
    const auto* prepared = static_cast<const PreparedBatch*>(s.prepared);
    if (prepared != nullptr && prepared->rules == rules_ && s.index < prepared->statements.size()) {
      const PreparedStatement& p = prepared->statements[s.index];
      Tag(p.matches, p.facts, s, &tags);
    } else {
      auto matches = index->second->Matches(*s.statement);
      if (!matches.empty()) Tag(matches, FactsOf(*s.statement, s.stored_us), s, &tags);
    }
  }
  return log_.Append(txn, tags);
}

Status Tagger::UntagVoided(SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs) {
  LRS_RETURN_IF_ERROR(Refresh(txn));
  auto keys = rules_->live_keys.find(store_id);
  if (keys == rules_->live_keys.end()) return Status();
  LRS_RETURN_IF_ERROR(cache_.Check(txn));
  LRS_RETURN_IF_ERROR(log_.Fold(txn));
  for (int64_t seq : seqs) {
    for (int64_t key : keys->second)
      LRS_RETURN_IF_ERROR(Untag(txn, cache_, key, seq));
  }
  return Status();
}

Result<bool> BackgroundStep(Host& host, SqlConnection& txn, RollupCache& cache, int64_t key,
                            size_t limit) {
  LRS_RETURN_IF_ERROR(cache.Check(txn));
  auto row = store::DeclarationByKey(txn, key);
  if (!row.ok()) return row.error();
  if (!row.value()) return true;
  const DeclarationRow& d = *row.value();

  if (d.tagging_state == kTaggingDeleted) {
    cache.ForgetGeneration(key);
    const int64_t budget = static_cast<int64_t>(limit);
    auto removed = store::DeleteSomeTags(txn, key, budget);
    if (!removed.ok()) return removed.error();
    if (removed.value() >= budget) return false;
    auto rollups = store::DeleteSomeRollups(txn, key, budget - removed.value());
    if (!rollups.ok()) return rollups.error();
    if (removed.value() + rollups.value() >= budget) return false;
    LRS_RETURN_IF_ERROR(store::DeleteRetired(txn, key));
    return true;
  }
  if (d.tagging_state != kTaggingRunning) return true;

  auto index = IndexOf(d);
  if (!index.ok()) return index.error();
  int64_t cursor = d.tagging_cursor;
  int64_t scanned = 0;
  std::vector<TagRow> tags;
  Status scan = host.ScanStatements(txn, d.store_id, d.tagging_cursor, d.tagging_until, limit,
                                    [&](const StoredStatement& s) -> lrs::Status {
                                      ++scanned;
                                      cursor = s.seq;
                                      if (s.voided) return Status();
                                      auto matches = index.value().Matches(*s.statement);
                                      if (!matches.empty()) {
                                        Tag(matches, FactsOf(*s.statement, s.stored_us), s, &tags);
                                      }
                                      return Status();
                                    });
  LRS_RETURN_IF_ERROR(scan);
  LRS_RETURN_IF_ERROR(TagBatch(std::move(tags)).Flush(txn, cache));
  const bool done = scanned < static_cast<int64_t>(limit);
  if (done) cursor = d.tagging_until;
  const int64_t processed =
      done ? d.tagging_total : std::min(d.tagging_total, d.tagging_processed + scanned);
  LRS_RETURN_IF_ERROR(
      store::RecordProgress(txn, key, cursor, processed, done ? kTaggingDone : kTaggingRunning));
  return done;
}

}  // namespace outcomes
