#include "plugin/tagging/tagger.h"

#include <algorithm>

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

// Adds the tags of `s` by every outcome generation of `matches` to `batch`.
void Tag(const std::vector<RuleIndex::Match>& matches, const StoredStatement& s, TagBatch* batch) {
  if (matches.empty()) return;
  TagRow tag;
  tag.seq = s.seq;
  tag.stored_us = s.stored_us;
  tag.facts = FactsOf(*s.statement, s.stored_us);
  for (const RuleIndex::Match& m : matches) {
    tag.outcome_key = m.outcome_key;
    tag.rule = std::string(m.rule);
    batch->Add(tag);
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

Status Tagger::Refresh(SqlConnection& txn) {
  auto version = store::DeclarationsVersion(txn);
  if (!version.ok()) return version.error();
  if (version.value() == version_) return Status();
  auto rows = store::LiveDeclarations(txn, std::nullopt);
  if (!rows.ok()) return rows.error();
  std::unordered_map<int64_t, std::vector<RuleIndex::Entry>> entries;
  std::unordered_map<int64_t, std::vector<int64_t>> keys;
  for (const DeclarationRow& row : rows.value()) {
    auto outcome = ParseStoredOutcome(row.document);
    if (!outcome.ok()) return outcome.error();
    entries[row.store_id].push_back({row.key, outcome.value().iri, outcome.value().rules});
    keys[row.store_id].push_back(row.key);
  }
  indexes_.clear();
  for (auto& [store_id, store_entries] : entries) {
    indexes_[store_id] = std::make_unique<RuleIndex>(std::move(store_entries));
  }
  live_keys_ = std::move(keys);
  version_ = version.value();
  return Status();
}

Status Tagger::TagStored(SqlConnection& txn, const std::vector<StoredStatement>& statements) {
  LRS_RETURN_IF_ERROR(Refresh(txn));
  if (indexes_.empty()) return Status();
  TagBatch batch;
  for (const StoredStatement& s : statements) {
    if (s.voided) continue;  // it does not count
    auto index = indexes_.find(s.store_id);
    if (index == indexes_.end()) continue;
    Tag(index->second->Matches(*s.statement), s, &batch);
  }
  return batch.Flush(txn);
}

Status Tagger::UntagVoided(SqlConnection& txn, int64_t store_id, const std::vector<int64_t>& seqs) {
  LRS_RETURN_IF_ERROR(Refresh(txn));
  auto keys = live_keys_.find(store_id);
  if (keys == live_keys_.end()) return Status();
  for (int64_t seq : seqs) {
    for (int64_t key : keys->second)
      LRS_RETURN_IF_ERROR(Untag(txn, key, seq));
  }
  return Status();
}

Result<bool> BackgroundStep(Host& host, SqlConnection& txn, int64_t key, size_t limit) {
  auto row = store::DeclarationByKey(txn, key);
  if (!row.ok()) return row.error();
  if (!row.value()) return true;
  const DeclarationRow& d = *row.value();

  if (d.tagging_state == kTaggingDeleted) {
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
  TagBatch batch;
  Status scan = host.ScanStatements(txn, d.store_id, d.tagging_cursor, d.tagging_until, limit,
                                    [&](const StoredStatement& s) -> lrs::Status {
                                      ++scanned;
                                      cursor = s.seq;
                                      if (!s.voided)
                                        Tag(index.value().Matches(*s.statement), s, &batch);
                                      return Status();
                                    });
  LRS_RETURN_IF_ERROR(scan);
  LRS_RETURN_IF_ERROR(batch.Flush(txn));
  const bool done = scanned < static_cast<int64_t>(limit);
  if (done) cursor = d.tagging_until;
  const int64_t processed =
      done ? d.tagging_total : std::min(d.tagging_total, d.tagging_processed + scanned);
  LRS_RETURN_IF_ERROR(
      store::RecordProgress(txn, key, cursor, processed, done ? kTaggingDone : kTaggingRunning));
  return done;
}

}  // namespace outcomes
