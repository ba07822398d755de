// ISO 8601 durations as xAPI uses them (Part Two §4.6).
#pragma once

#include <string>
#include <string_view>

namespace lrs::xapi {

// True when `d` is an ISO 8601:2004 §4.4.3.2 duration: "P" then either "nW", or
// [nY][nM][nD]["T"[nH][nM][nS]] with at least one element (and at least one after "T"). Only
// the last element present may carry a decimal fraction ('.' or ','). The alternative format
// ("P0003-01-29T04:35:59") is rejected, as xAPI requires.
bool IsDuration(std::string_view d);

// The form of a valid duration used to compare statements: seconds truncated to 0.01 s
// ("PT1.2345S" -> "PT1.23S"), since finer precision must not count (Part Two §4.6).
std::string DurationForComparison(std::string_view d);

}  // namespace lrs::xapi
