// The roster of a store (teams, managers), for the HTTP API and the command line.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/roster/roster.h"

namespace outcomes {

using lrs::Result;
using lrs::Status;

struct RosterListing {
  std::vector<RosterEntry> entries;  // by team, then learner
  std::optional<Team> team;          // when the listing was for a team or manager
};

class RosterService {
 public:
  explicit RosterService(lrs::ext::Host& host) : host_(host) {}

  // Replaces the roster of `store_id` with `entries` (distinct learners, as ParseRosterCsv
  // gives them), in one transaction.
  Status Replace(int64_t store_id, const std::vector<RosterEntry>& entries);
  // The roster of `store_id`, or the rows of the team or manager `filter` names (kNotFound when
  // there is none, kBadRequest when it names both).
  Result<RosterListing> List(int64_t store_id, const TeamFilter& filter);

 private:
  lrs::ext::Host& host_;
};

}  // namespace outcomes
