#include "plugin/api/outcome_service.h"

#include <algorithm>

#include "lrs/core/time.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/statement.h"
#include "plugin/model/days.h"
#include "plugin/store/rollup_store.h"
#include "plugin/store/roster_store.h"
#include "plugin/store/sql_catalog.h"
#include "plugin/tagging/rule_index.h"

namespace outcomes {

namespace {

using lrs::Error;
using lrs::ext::SqlConnection;

// Fills in what `view` says beyond its declaration row; the learner figures of `team`'s
// learners only, when given.
Status Complete(SqlConnection& txn, OutcomeView* view, const Team* team = nullptr) {
  auto count = store::CountTags(txn, view->row.key);
  if (!count.ok()) return count.error();
  view->tagged_statements = count.value();
  if (team != nullptr) {
    auto learners = store::TeamLearners(txn, view->row.key, *team);
    if (!learners.ok()) return learners.error();
    view->learners = static_cast<int64_t>(learners.value().size());
    view->completers =
        std::count_if(learners.value().begin(), learners.value().end(),
                      [](const LearnerRollup& l) { return l.completed_us.has_value(); });
    view->audience_size = team->size();
  } else {
    auto learners = store::LearnerCounts(txn, view->row.key);
    if (!learners.ok()) return learners.error();
    view->learners = learners.value().first;
    view->completers = learners.value().second;
  }
  auto kpi = store::SummarizeKpi(txn, view->row.store_id, view->row.outcome_id,
                                 DayOfMicros(lrs::NowMicros()));
  if (!kpi.ok()) return kpi.error();
  view->kpi = std::move(kpi.value());
  return Status();
}

// Whether a statement passes the filters of `query` that are not about time.
bool PassesFilters(const json::Value& statement, const TaggedQuery& query) {
  if (!query.agent && !query.verb && !query.activity && !query.registration) return true;
  const std::vector<lrs::xapi::IndexTerm> terms = lrs::xapi::ExtractIndexTerms(statement);
  auto has = [&](lrs::xapi::IndexKind kind, const std::string& value, uint8_t mask) {
    return std::any_of(terms.begin(), terms.end(), [&](const lrs::xapi::IndexTerm& t) {
      return t.kind == kind && t.value == value && (t.flags & mask) != 0;
    });
  };
  const uint8_t direct = lrs::xapi::kIndexDirect;
  const uint8_t related = lrs::xapi::kIndexDirect | lrs::xapi::kIndexRelated;
  if (query.agent &&
      !has(lrs::xapi::IndexKind::kAgent, *query.agent, query.related_agents ? related : direct)) {
    return false;
  }
  if (query.verb && !has(lrs::xapi::IndexKind::kVerb, *query.verb, direct)) return false;
  if (query.activity && !has(lrs::xapi::IndexKind::kActivity, *query.activity,
                             query.related_activities ? related : direct)) {
    return false;
  }
  if (query.registration &&
      !has(lrs::xapi::IndexKind::kRegistration, *query.registration, direct)) {
    return false;
  }
  return true;
}

}  // namespace

Result<PutOutcome> OutcomeService::Put(int64_t store_id, const json::Value& declaration,
                                       std::optional<std::string_view> id) {
  json::Document doc;
  doc.CopyFrom(declaration, doc.GetAllocator());
  if (id && doc.IsObject()) {
    const json::Value* given = json::Find(doc, "id");
    if (given == nullptr) {
      doc.AddMember("id", json::Copy(*id, doc.GetAllocator()), doc.GetAllocator());
    } else if (!given->IsString() || json::View(*given) != *id) {
      return Error::BadRequest("id: the declaration's id differs from the one in the URL (\"" +
                               std::string(*id) + "\")");
    }
  }
  auto outcome = ParseOutcome(doc);
  if (!outcome.ok()) return outcome.error();
  const Outcome& o = outcome.value();
  const std::string fingerprint = o.TaggingFingerprint();

  PutOutcome result;
  lrs::Status written = host_.Write([&](SqlConnection& txn) -> lrs::Status {
    result = PutOutcome{};
    // The answer counts every tag. And SQLite may give the key of a generation deleted since
    // to the one inserted below: no logged tag of the old one may be left to fold into it.
    LRS_RETURN_IF_ERROR(tag_log_.Fold(txn));
    const std::string now = lrs::FormatMillisUtc(lrs::NowMicros());
    auto existing = store::FindDeclaration(txn, store_id, o.id);
    if (!existing.ok()) return existing.error();
    if (existing.value() && existing.value()->fingerprint == fingerprint) {
      DeclarationRow row = *existing.value();
      if (row.document != o.document) {
        LRS_RETURN_IF_ERROR(store::UpdateDocument(txn, row.key, o.document, now));
        LRS_RETURN_IF_ERROR(store::BumpDeclarationsVersion(txn));
        row.document = o.document;
        row.updated = now;
        result.changed = true;
      }
      result.outcome.row = std::move(row);
    } else {
      if (existing.value()) {
        LRS_RETURN_IF_ERROR(store::RetireDeclaration(txn, existing.value()->key, now));
      }
      auto until = host_.LastSeq(txn, store_id);
      if (!until.ok()) return until.error();
      auto total = host_.CountStatements(txn, store_id, until.value());
      if (!total.ok()) return total.error();
      DeclarationRow row;
      row.store_id = store_id;
      row.outcome_id = o.id;
      row.document = o.document;
      row.fingerprint = fingerprint;
      row.created = existing.value() ? existing.value()->created : now;
      row.updated = now;
      row.tagging_state = std::string(total.value() > 0 ? kTaggingRunning : kTaggingDone);
      row.tagging_until = until.value();
      row.tagging_total = total.value();
      auto key = store::InsertDeclaration(txn, row);
      if (!key.ok()) return key.error();
      row.key = key.value();
      LRS_RETURN_IF_ERROR(store::BumpDeclarationsVersion(txn));
      result.created = !existing.value();
      result.retagging = total.value() > 0;
      result.changed = true;
      result.outcome.row = std::move(row);
    }
    return Complete(txn, &result.outcome);
  });
  if (!written.ok()) return written.error();
  if (result.changed) background_.Wake();
  return result;
}

Result<bool> OutcomeService::Delete(int64_t store_id, std::string_view id) {
  bool deleted = false;
  lrs::Status written = host_.Write([&](SqlConnection& txn) -> lrs::Status {
    auto existing = store::FindDeclaration(txn, store_id, id);
    if (!existing.ok()) return existing.error();
    deleted = existing.value().has_value();
    if (!deleted) return lrs::Status();
    LRS_RETURN_IF_ERROR(store::RetireDeclaration(txn, existing.value()->key,
                                                 lrs::FormatMillisUtc(lrs::NowMicros())));
    LRS_RETURN_IF_ERROR(store::DeleteKpi(txn, store_id, id));
    return store::BumpDeclarationsVersion(txn);
  });
  if (!written.ok()) return written.error();
  if (deleted) background_.Wake();
  return deleted;
}

Result<std::optional<OutcomeView>> OutcomeService::Get(int64_t store_id, std::string_view id) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  std::optional<OutcomeView> view;
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return lrs::Status();
    view = OutcomeView{};
    view->row = std::move(*row.value());
    return Complete(txn, &*view);
  });
  if (!read.ok()) return read.error();
  return view;
}

Result<std::vector<LearnerStanding>> OutcomeService::Standings(int64_t store_id,
                                                               const std::string& agent) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  std::vector<LearnerStanding> out;
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    auto rows = store::LiveDeclarations(txn, store_id);
    if (!rows.ok()) return rows.error();
    for (DeclarationRow& row : rows.value()) {
      auto learner = store::FindLearner(txn, row.key, agent);
      if (!learner.ok()) return learner.error();
      out.push_back(LearnerStanding{std::move(row), std::move(learner).value()});
    }
    return lrs::Status();
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<OutcomeListing> OutcomeService::List(int64_t store_id, const OutcomeListQuery& query) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  OutcomeListing listing;
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    const TeamFilter filter{query.team, query.manager};
    if (!filter.everyone()) {
      auto team = store::TeamOf(txn, store_id, filter);
      if (!team.ok()) return team.error();
      listing.team = std::move(team.value());
    }
    auto rows = store::LiveDeclarations(txn, store_id);
    if (!rows.ok()) return rows.error();
    std::unordered_map<int64_t, std::string> covering;  // by generation key: the rule
    if (query.activity) {
      std::vector<RuleIndex::Entry> entries;
      for (const DeclarationRow& row : rows.value()) {
        auto outcome = ParseStoredOutcome(row.document);
        if (!outcome.ok()) return outcome.error();
        entries.push_back({row.key, outcome.value().iri, std::move(outcome.value().rules)});
      }
      const RuleIndex index(std::move(entries));
      for (const RuleIndex::Match& m : index.Covering(*query.activity))
        covering.emplace(m.outcome_key, std::string(m.rule));
    }
    for (DeclarationRow& row : rows.value()) {
      auto covered = covering.find(row.key);
      if (query.activity && covered == covering.end()) continue;
      listing.outcomes.emplace_back();
      if (query.activity) listing.outcomes.back().covered_by = covered->second;
      listing.outcomes.back().row = std::move(row);
      LRS_RETURN_IF_ERROR(
          Complete(txn, &listing.outcomes.back(), listing.team ? &*listing.team : nullptr));
    }
    return lrs::Status();
  });
  if (!read.ok()) return read.error();
  return listing;
}

Result<TaggedPage> OutcomeService::Statements(int64_t store_id, std::string_view id,
                                              const TaggedQuery& query) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  TaggedPage page;
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    auto row = store::FindDeclaration(txn, store_id, id);
    if (!row.ok()) return row.error();
    if (!row.value()) return Error::NotFound("no outcome \"" + std::string(id) + "\"");
    const int64_t key = row.value()->key;
    // A team's statements: the tags of its learners' ordinals.
    std::optional<std::string> learners;
    const TeamFilter filter{query.team, query.manager};
    if (!filter.everyone()) {
      auto team = store::TeamOf(txn, store_id, filter);
      if (!team.ok()) return team.error();
      auto members = store::TeamLearners(txn, key, team.value());
      if (!members.ok()) return members.error();
      if (members.value().empty()) return lrs::Status();  // none of them has a tag
      learners = "[";
      for (const LearnerRollup& l : members.value()) {
        if (learners->size() > 1) learners->push_back(',');
        *learners += std::to_string(l.ordinal);
      }
      learners->push_back(']');
    }
    int64_t cursor = query.after_seq ? *query.after_seq : (query.ascending ? 0 : INT64_MAX);
    int64_t examined = 0;
    const int64_t batch = std::max<int64_t>(50, static_cast<int64_t>(query.limit) * 2);
    while (true) {
      auto tags = store::TagPage(txn, key, cursor, query.ascending, query.window, batch,
                                 learners ? &*learners : nullptr);
      if (!tags.ok()) return tags.error();
      std::vector<int64_t> seqs;
      for (const auto& tag : tags.value())
        seqs.push_back(tag.first);
      bool full = false;
      LRS_RETURN_IF_ERROR(host_.GetStatements(
          txn, store_id, seqs, [&](int64_t seq, std::string_view text, bool voided) -> lrs::Status {
            if (full) return lrs::Status();
            cursor = seq;
            ++examined;
            if (!voided) {
              json::Document statement;
              LRS_RETURN_IF_ERROR(json::Parse(text, &statement));
              if (PassesFilters(statement, query)) {
                page.statements.emplace_back(text);
                page.seqs.push_back(seq);
              }
            }
            full = page.statements.size() >= query.limit || examined >= kMaxTagsPerPage;
            return lrs::Status();
          }));
      if (full) {
        page.next_after_seq = cursor;  // more may follow
        return lrs::Status();
      }
      if (static_cast<int64_t>(seqs.size()) < batch) return lrs::Status();  // all read
      cursor = seqs.back();
    }
  });
  if (!read.ok()) return read.error();
  return page;
}

Result<std::unordered_map<int64_t, std::vector<std::string>>> OutcomeService::OutcomeIdsOf(
    int64_t store_id, const std::vector<int64_t>& seqs) {
  std::unordered_map<int64_t, std::vector<std::string>> out;
  if (seqs.empty()) return out;
  // (Not a structured binding: C++17 does not let the lambda below capture one.)
  const auto bounds = std::minmax_element(seqs.begin(), seqs.end());
  const int64_t low = *bounds.first;
  const int64_t high = *bounds.second;
  std::unordered_map<int64_t, bool> wanted;
  for (int64_t seq : seqs)
    wanted[seq] = true;
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    auto rows = store::LiveDeclarations(txn, store_id);
    if (!rows.ok()) return rows.error();
    for (const DeclarationRow& row : rows.value()) {
      auto q = sql::Prepare(txn, "tag_seqs_between");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, row.key).Bind(2, low).Bind(3, high);
      while (true) {
        auto step = q.value()->Step();
        if (!step.ok()) return step.error();
        if (!step.value()) break;
        const int64_t seq = q.value()->Int64(0);
        if (wanted.count(seq) > 0) out[seq].push_back(row.outcome_id);
      }
    }
    return lrs::Status();
  });
  if (!read.ok()) return read.error();
  for (auto& [seq, ids] : out)
    std::sort(ids.begin(), ids.end());
  return out;
}

Result<std::vector<std::pair<std::string, std::string>>> OutcomeService::OutcomesOf(
    int64_t store_id, std::string_view statement_id, const TeamFilter& within) {
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  std::vector<std::pair<std::string, std::string>> out;
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    const Error none = Error::NotFound("no statement with id " + std::string(statement_id) +
                                       (within.everyone() ? "" : " in this team view"));
    auto seq = host_.FindStatement(txn, store_id, statement_id);
    if (!seq.ok()) return seq.error();
    if (!seq.value()) return none;
    if (!within.everyone()) {
      auto team = store::TeamOf(txn, store_id, within);
      if (!team.ok()) return team.error();
      bool member = false;
      LRS_RETURN_IF_ERROR(host_.GetStatements(
          txn, store_id, {*seq.value()}, [&](int64_t, std::string_view text, bool) -> lrs::Status {
            json::Document statement;
            LRS_RETURN_IF_ERROR(json::Parse(text, &statement));
            const json::Value* actor = json::Find(statement, "actor");
            const auto key = actor ? lrs::xapi::AgentKey(*actor) : std::nullopt;
            const auto& agents = team.value().agents;
            member = key && std::binary_search(agents.begin(), agents.end(), *key);
            return lrs::Status();
          }));
      if (!member) return none;
    }
    auto rows = store::LiveDeclarations(txn, store_id);
    if (!rows.ok()) return rows.error();
    for (const DeclarationRow& row : rows.value()) {
      auto rule = store::TagRule(txn, row.key, *seq.value());
      if (!rule.ok()) return rule.error();
      if (rule.value()) out.emplace_back(row.outcome_id, *rule.value());
    }
    return lrs::Status();
  });
  if (!read.ok()) return read.error();
  return out;
}

Result<RollupAudit> OutcomeService::CheckRollups(std::optional<int64_t> store_id, bool repair) {
  auto audit = [&](bool rewrite) -> Result<RollupAudit> {
    Result<RollupAudit> result = Error::Internal("the rollups were not checked");
    auto work = [&](SqlConnection& txn) -> lrs::Status {
      AgentOfStatement agent_of = [&](int64_t store, int64_t seq) -> Result<std::string> {
        std::optional<std::string> agent;
        LRS_RETURN_IF_ERROR(host_.GetStatements(
            txn, store, {seq}, [&](int64_t, std::string_view text, bool) -> lrs::Status {
              json::Document statement;
              LRS_RETURN_IF_ERROR(json::Parse(text, &statement));
              const json::Value* actor = json::Find(statement, "actor");
              if (actor != nullptr) agent = lrs::xapi::AgentKey(*actor);
              return lrs::Status();
            }));
        if (!agent) return Error::Internal("statement " + std::to_string(seq) + " has no agent");
        return *agent;
      };
      result = AuditRollups(txn, store_id, rewrite, agent_of);
      return result.status();
    };
    LRS_RETURN_IF_ERROR(rewrite ? host_.Write(work) : host_.Read(work));
    return result;
  };
  if (!repair) {
    // Folding the tag log may be what a damaged row prevents: the rows are checked anyway (the
    // tags still logged are in neither), and the failure is one more difference.
    lrs::Status settled = tag_log_.Settle(host_);
    auto checked = audit(false);
    if (checked.ok() && !settled.ok()) {
      checked.value().differences.push_back("the tag log cannot be folded into the rollups: " +
                                            settled.error().message());
    }
    return checked;
  }
  // Rebuild what is there, fold the log into the rebuilt rows, and check again.
  auto first = audit(true);
  if (!first.ok()) return first.error();
  LRS_RETURN_IF_ERROR(tag_log_.Settle(host_));
  auto second = audit(true);
  if (!second.ok()) return second.error();
  RollupAudit& out = first.value();
  out.differences.insert(out.differences.end(), second.value().differences.begin(),
                         second.value().differences.end());
  out.repaired = !out.differences.empty();
  return out;
}

}  // namespace outcomes
