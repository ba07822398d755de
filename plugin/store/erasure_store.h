// What the outcome plugin holds about a person, removed when the LRS erases them
// (ext::Plugin::OnAgentErased): their roster row, their teams' manager entries, and their KPI
// observations. (Their tags, rollups and learner rows go with their statements: Tagger::Erase.)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/extension/sql.h"

namespace outcomes::store {

using lrs::Status;
using lrs::ext::SqlConnection;

// Removes the person known by `agent_keys` (xapi::AgentKeys) from the roster and the KPI
// observations of `store_id`; as a manager (by the identifiers their keys hold: an e-mail
// address with and without "mailto:", an account name, an OpenID), their teams are left without
// a manager.
Status EraseAgent(SqlConnection& txn, int64_t store_id, const std::vector<std::string>& agent_keys);

}  // namespace outcomes::store
