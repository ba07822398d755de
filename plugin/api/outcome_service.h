// Operations on declared outcomes and their tags, for the HTTP API and the command line.
// Writes go through Host::Write, so they are serialized with statement storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/model/outcome.h"
#include "plugin/roster/roster.h"
#include "plugin/store/kpi_store.h"
#include "plugin/store/outcome_store.h"
#include "plugin/store/rollup_store.h"
#include "plugin/tagging/background_tagger.h"
#include "plugin/tagging/rollup_audit.h"
#include "plugin/tagging/tag_log.h"

namespace outcomes {

// The one id an outcome cannot have: /outcomes/roster is the roster.
inline constexpr char kRosterPath[] = "roster";

// A live declaration, how many statements it tags now, and its headline figures.
struct OutcomeView {
  DeclarationRow row;
  int64_t tagged_statements = 0;
  int64_t learners = 0;    // learners with a tagged statement
  int64_t completers = 0;  // of which completed
  KpiSummary kpi;          // as of today
  // In a team view: learners and completers are the team's, adoption is over this (the team's
  // size).
  std::optional<int64_t> audience_size;
  // In a listing by activity: the rule covering it, or kExplicitRule.
  std::optional<std::string> covered_by;
};

// Which headlines to list (GET /outcomes): everyone's, or a team's (as DashboardQuery::team,
// ::manager).
struct OutcomeListQuery {
  std::optional<std::string> team;
  std::optional<std::string> manager;
  // Only the outcomes whose rules or explicit tags cover this Activity IRI
  // (RuleIndex::Covering): "this course serves ...".
  std::optional<std::string> activity;
};

struct OutcomeListing {
  std::vector<OutcomeView> outcomes;
  std::optional<Team> team;  // in a team view
};

struct PutOutcome {
  OutcomeView outcome;
  bool created = false;    // no live declaration had this id
  bool retagging = false;  // its history is (re-)tagged in the background
  bool changed = false;    // anything changed at all
};

// Which tagged statements to list (GET /outcomes/{id}/statements).
struct TaggedQuery {
  size_t limit = 100;
  bool ascending = false;
  TagWindow window;                  // stored since/until; statement timestamp from/to
  std::optional<std::string> agent;  // xapi::AgentKey
  bool related_agents = false;
  std::optional<std::string> verb;
  std::optional<std::string> activity;
  bool related_activities = false;
  std::optional<std::string> registration;  // lower case
  std::optional<int64_t> after_seq;         // continue after this seq
  // Only the statements of the learners of this team of the roster, or of every team of this
  // manager (at most one of the two).
  std::optional<std::string> team;
  std::optional<std::string> manager;
};

struct TaggedPage {
  std::vector<std::string> statements;  // exact format JSON, in the query's order
  std::vector<int64_t> seqs;            // statements[i]'s seq
  std::optional<int64_t> next_after_seq;
};

// One learner's standing on one live outcome: its declaration, and their rollup row when the
// outcome tagged a statement of theirs.
struct LearnerStanding {
  DeclarationRow row;
  std::optional<LearnerRollup> learner;
};

class OutcomeService {
 public:
  // Most tags examined per listing request; a page may hold fewer statements than `limit`
  // (with a continuation) when filters reject many tagged statements.
  static constexpr int64_t kMaxTagsPerPage = 5000;

  // Reads settle `tag_log` first (see TagLog::Settle).
  OutcomeService(lrs::ext::Host& host, BackgroundTagger& background, TagLog& tag_log)
      : host_(host), background_(background), tag_log_(tag_log) {}

  // Declares `declaration` in `store_id`, replacing the live declaration with the same id. The
  // id may come from the URL (`id`), which must then agree with the declaration's. A new
  // outcome, or one whose IRI or rules changed, gets a new generation whose history is tagged
  // in the background; other changes keep the tags. kBadRequest naming the field when invalid.
  Result<PutOutcome> Put(int64_t store_id, const json::Value& declaration,
                         std::optional<std::string_view> id);
  // Retires the outcome and forgets its KPI observations; false when there was none. Its tags
  // and rollups are removed in the background.
  Result<bool> Delete(int64_t store_id, std::string_view id);
  Result<std::optional<OutcomeView>> Get(int64_t store_id, std::string_view id);
  // Every live outcome with its headline; for a team when `query` names one (kNotFound when
  // the roster has no such team).
  Result<OutcomeListing> List(int64_t store_id, const OutcomeListQuery& query = {});
  // Every live outcome of `store_id` with the rollup of learner `agent` (xapi::AgentKey) in it:
  // that learner's figures only.
  Result<std::vector<LearnerStanding>> Standings(int64_t store_id, const std::string& agent);

  // The statements the outcome tags, with filters (kNotFound for an unknown outcome or team).
  Result<TaggedPage> Statements(int64_t store_id, std::string_view id, const TaggedQuery& query);
  // The ids of the live outcomes of `store_id` tagging each statement (by seq) of `seqs`: one
  // range read of each outcome's tags over the seqs' span, so a page of an export costs one
  // query per outcome, not one per statement and outcome. Statements no outcome tags are
  // absent.
  Result<std::unordered_map<int64_t, std::vector<std::string>>> OutcomeIdsOf(
      int64_t store_id, const std::vector<int64_t>& seqs);
  // The rollups of every live outcome (of `store_id` when given) checked against their tags
  // (plugin/tagging/rollup_audit.h), after folding the tag log; with `repair`, the rows that
  // differ are rewritten from the tags, in one Host::Write.
  Result<RollupAudit> CheckRollups(std::optional<int64_t> store_id, bool repair);

  // The outcomes tagging statement `statement_id`: (outcome id, rule) pairs. kNotFound when the
  // store has no such statement, or when `within` names a team (or manager) and the statement's
  // actor is not one of its learners: a team view does not see other people's statements.
  Result<std::vector<std::pair<std::string, std::string>>> OutcomesOf(
      int64_t store_id, std::string_view statement_id, const TeamFilter& within = {});

 private:
  lrs::ext::Host& host_;
  BackgroundTagger& background_;
  TagLog& tag_log_;
};

}  // namespace outcomes
