#include "plugin/store/roster_store.h"

#include <algorithm>
#include <set>

#include "lrs/core/json.h"
#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

namespace {

using lrs::Error;
using lrs::ext::SqlQuery;
using sql::Prepare;
namespace json = lrs::json;

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
  json::Document agents;
  agents.SetArray();
  for (const std::string& agent : team.agents)
    agents.PushBack(json::Ref(agent), agents.GetAllocator());
  auto q = Prepare(txn, "team_learners");
  if (!q.ok()) return q.error();
  q.value()->Bind(1, key).Bind(2, json::Write(agents));
  std::vector<LearnerRollup> out;
  while (true) {
    auto row = q.value()->Step();
    if (!row.ok()) return row.error();
    if (!row.value()) return out;
    // ordinal, agent, first_us, completed_us
    const SqlQuery& r = *q.value();
    LearnerRollup& l = out.emplace_back();
    l.ordinal = r.Int64(0);
    l.agent = std::string(r.Text(1));
    l.first_us = r.Int64(2);
    if (!r.IsNull(3)) l.completed_us = r.Int64(3);
  }
}

}  // namespace outcomes::store
