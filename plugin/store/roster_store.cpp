#include "plugin/store/roster_store.h"

#include <algorithm>
#include <set>

#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

namespace {

using lrs::Error;
using lrs::ext::SqlQuery;
using sql::Prepare;

void BindOptional(SqlQuery& q, int index, const std::optional<std::string>& v) {
  if (v) {
    q.Bind(index, *v);
  } else {
    q.BindNull(index);
  }
}

}  // namespace

Status ReplaceRoster(SqlConnection& txn, int64_t store_id,
                     const std::vector<RosterEntry>& entries) {
  auto del = Prepare(txn, "roster_delete");
  if (!del.ok()) return del.error();
  del.value()->Bind(1, store_id);
  LRS_RETURN_IF_ERROR(del.value()->Run());
  for (const RosterEntry& e : entries) {
    auto q = Prepare(txn, "roster_insert");  // cached by the connection
    if (!q.ok()) return q.error();
    SqlQuery& insert = *q.value();
    insert.Bind(1, store_id).Bind(2, e.agent).Bind(3, e.team).Bind(4, e.manager);
    insert.Bind(5, e.segment);
    LRS_RETURN_IF_ERROR(insert.Run());
  }
  return Status();
}

Result<std::vector<RosterEntry>> RosterRows(SqlConnection& txn, int64_t store_id,
                                            const TeamFilter& filter) {
  auto q = Prepare(txn, "roster_members");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id);
  BindOptional(*q.value(), 2, filter.team);
  BindOptional(*q.value(), 3, filter.manager);
  std::vector<RosterEntry> out;
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    const SqlQuery& r = *q.value();
    RosterEntry e;
    e.agent = std::string(r.Text(0));
    e.team = std::string(r.Text(1));
    e.manager = std::string(r.Text(2));
    e.segment = std::string(r.Text(3));
    out.push_back(std::move(e));
  }
}

Result<Team> TeamOf(SqlConnection& txn, int64_t store_id, const TeamFilter& filter) {
  if (filter.team && filter.manager) {
    return Error::BadRequest("team and manager cannot be combined: give one");
  }
  auto rows = RosterRows(txn, store_id, filter);
  if (!rows.ok()) return rows.error();
  if (rows.value().empty()) {
    if (filter.team) {
      return Error::NotFound("no team \"" + *filter.team +
                             "\" in the roster (outcome-lrs roster import, PUT /outcomes/roster)");
    }
    return Error::NotFound("no team in the roster has manager \"" + filter.manager.value_or("") +
                           "\"");
  }
  Team team;
  team.name = filter.team;
  team.manager = filter.manager;
  std::set<std::string> teams, managers;
  for (RosterEntry& e : rows.value()) {
    teams.insert(e.team);
    if (!e.manager.empty()) managers.insert(e.manager);
    team.agents.push_back(std::move(e.agent));
  }
  std::sort(team.agents.begin(), team.agents.end());
  team.teams.assign(teams.begin(), teams.end());
  team.managers.assign(managers.begin(), managers.end());
  return team;
}

Result<std::vector<LearnerRollup>> TeamLearners(SqlConnection& txn, int64_t key, const Team& team) {
  std::vector<LearnerRollup> out;
  for (const std::string& agent : team.agents) {
    auto learner = FindLearner(txn, key, agent);
    if (!learner.ok()) return learner.error();
    if (learner.value()) out.push_back(std::move(*learner.value()));
  }
  std::sort(out.begin(), out.end(),
            [](const LearnerRollup& a, const LearnerRollup& b) { return a.ordinal < b.ordinal; });
  return out;
}

}  // namespace outcomes::store
