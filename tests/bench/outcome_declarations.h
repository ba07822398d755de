// Outcome declarations over the benchmark's population, for measuring what tagging costs
// (the outcome plugin). Deterministic: the same count gives the same declarations.
#pragma once

#include <string>
#include <vector>

#include "tests/bench/population.h"
#include "tests/bench/xapi_client.h"

namespace lrs::bench {

// `count` declarations (JSON) with ids "bench-outcome-N". Outcome N is served by the statements
// of one course module; every tenth also by a whole course, every seventh also by the
// assessments passed in its programme. With the population's 50 courses of 4-6 modules, 100
// outcomes tag about one statement in two, and 1,000 outcomes several tags per statement.
std::vector<std::string> OutcomeDeclarations(const Population& population, int count);

// The tags of the "bench-outcome-N" outcomes, summed from GET /outcomes; -1 when it fails.
long long CountBenchTags(const Endpoint& endpoint);

}  // namespace lrs::bench
