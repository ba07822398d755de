// The CSV imports of the outcome plugin: KPI observations (`kpi import`, POST .../kpi as text/csv)
// and rosters (`roster import`). The first byte chooses which; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/kpi/csv.h"
#include "plugin/kpi/observation.h"
#include "plugin/roster/roster.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      (void)outcomes::ParseCsv(text);
      break;
    case 1: {
      auto observations = outcomes::ParseKpiCsv(text);
      if (observations.ok()) {
        for (const auto& o : observations.value())
          (void)o.Subject();
      }
      break;
    }
    default: {
      auto roster = outcomes::ParseRosterCsv(text);
      if (roster.ok()) {
        for (const auto& entry : roster.value())
          FUZZ_CHECK(!entry.agent.empty(), "a roster row without a learner was accepted");
      }
      break;
    }
  }
  return 0;
}
