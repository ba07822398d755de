// What each learner did on one day for one outcome generation, as outcome_daily.learners holds
// it: entries in ascending ordinal, each the varints (LEB128) of the ordinal's difference from
// the previous entry's (the first: the ordinal itself), statements, scored statements, and the
// zigzag-encoded sum of their scaled scores in millionths.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace outcomes {

struct LearnerDay {
  int64_t ordinal = 0;
  int64_t statements = 0;
  int64_t scored = 0;         // statements with result.score.scaled
  int64_t scaled_micros = 0;  // the sum of their scores, in millionths
};

// round(scaled * 1e6): scores are summed exactly as integers.
int64_t ScaledMicros(double scaled);

std::string EncodeLearnerDays(const std::vector<LearnerDay>& days);
// False when `bytes` is not an encoding (the entries read so far stay in `out`).
bool DecodeLearnerDays(std::string_view bytes, std::vector<LearnerDay>* out);

// `bytes` with `deltas` added (any order, an ordinal may repeat): counts add up, and a learner
// left with no statement disappears. Nullopt when `bytes` is not an encoding: damage is the
// caller's to report, never rewritten as if it were whole.
std::optional<std::string> MergeLearnerDays(std::string_view bytes, std::vector<LearnerDay> deltas);

}  // namespace outcomes
