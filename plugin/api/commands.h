// The outcome plugin's command line:
//   outcome-lrs outcomes apply --db PATH --plugin PATH [--store NAME] FILE...
//   outcome-lrs outcomes list  --db PATH --plugin PATH [--store NAME]
#pragma once

#include <string>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/api/outcome_service.h"

namespace outcomes {

// Runs `outcomes ARGS...`; returns the exit status (0 ok, 1 failure, 2 usage error).
int RunOutcomesCommand(lrs::ext::Host& host, OutcomeService& service,
                       const std::vector<std::string>& args);

}  // namespace outcomes
