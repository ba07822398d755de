// The outcome plugin's command line:
//   outcome-lrs outcomes apply --db PATH --plugin PATH [--store NAME] FILE...
//   outcome-lrs outcomes list  --db PATH --plugin PATH [--store NAME]
//   outcome-lrs outcomes check --db PATH --plugin PATH [--store NAME] [--repair]
//   outcome-lrs kpi import --db PATH --plugin PATH --outcome ID [--store NAME] FILE.csv
//   outcome-lrs kpi list   --db PATH --plugin PATH --outcome ID [--store NAME]
//   outcome-lrs embed-url  --db PATH --plugin PATH --outcome ID[,ID...]
//                          [--team T | --manager M] [--ttl 1h] [--base URL] [--store NAME]
//   outcome-lrs roster import --db PATH --plugin PATH [--store NAME] FILE.csv
//   outcome-lrs roster list   --db PATH --plugin PATH [--store NAME] [--team T | --manager M]
//   outcome-lrs lti add-platform|list|remove|rotate-key ... (kLtiUsage in commands.cpp)
#pragma once

#include <string>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/api/dashboard_service.h"
#include "plugin/api/embed_service.h"
#include "plugin/api/lti_service.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"

namespace outcomes {

// Runs `outcomes ARGS...`; returns the exit status (0 ok, 1 failure, 2 usage error).
int RunOutcomesCommand(lrs::ext::Host& host, OutcomeService& service,
                       const std::vector<std::string>& args);

// Runs `kpi ARGS...`; the same exit statuses.
int RunKpiCommand(lrs::ext::Host& host, DashboardService& dashboards,
                  const std::vector<std::string>& args);

// Runs `embed-url ARGS...` (prints a signed dashboard link); the same exit statuses.
int RunEmbedUrlCommand(lrs::ext::Host& host, EmbedService& embeds,
                       const std::vector<std::string>& args);
// Runs `roster ARGS...`; the same exit statuses.
int RunRosterCommand(lrs::ext::Host& host, RosterService& roster,
                     const std::vector<std::string>& args);
// Runs `lti ARGS...` (LTI 1.3 platform registrations and the tool's key); the same exit
// statuses.
int RunLtiCommand(lrs::ext::Host& host, LtiService& lti, const std::vector<std::string>& args);

}  // namespace outcomes
