// The roster: which team each learner is in, and who manages it. A team view of a dashboard
// counts only the learners of one team (or of every team of one manager).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"

namespace outcomes {

// One learner's place in the roster.
struct RosterEntry {
  std::string agent;    // the learner's identity (xapi::AgentKey), as tags key learners
  std::string team;     // never empty
  std::string manager;  // the manager's identifier (an e-mail, an account name...); "" for none
  std::string segment;  // "" for none
};

// Whose figures a view counts: everyone (neither set), one team, or every team one of whose
// rows names `manager`. Setting both is an error (TeamOf says kBadRequest).
struct TeamFilter {
  std::optional<std::string> team;
  std::optional<std::string> manager;

  bool everyone() const { return !team && !manager; }
};

// The learners a team filter selects, as a dashboard reports them.
struct Team {
  std::optional<std::string> name;     // the team asked for
  std::optional<std::string> manager;  // the manager asked for
  std::vector<std::string> teams;      // the teams selected, sorted
  std::vector<std::string> managers;   // their managers, sorted, without repeats
  std::vector<std::string> agents;     // their learners' identities (xapi::AgentKey), sorted

  int64_t size() const { return static_cast<int64_t>(agents.size()); }
};

// A roster from CSV (the RFC 4180 reader of plugin/kpi/csv.h). The first row names the columns
// (any case, any order): the learner as an xAPI inverse functional identifier, by one of
// `mbox` (a mailto IRI or an e-mail address), `mbox_sha1sum` (40 hex digits) or
// `account_homepage` with `account_name`; then `team` (required), and optionally `manager` and
// `segment`. Each row names its learner by exactly one identifier; a learner appears once. All
// or nothing: kBadRequest listing every bad line ("line 7: team is empty"), up to 20 of them.
lrs::Result<std::vector<RosterEntry>> ParseRosterCsv(std::string_view text);

}  // namespace outcomes
