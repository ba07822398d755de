#include "plugin/model/learner_days.h"

#include <algorithm>
#include <cmath>

namespace outcomes {

namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view bytes, size_t* at, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && *at < bytes.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(bytes[(*at)++]);
    *v |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace

int64_t ScaledMicros(double scaled) {
  return static_cast<int64_t>(std::llround(scaled * 1e6));
}

std::string EncodeLearnerDays(const std::vector<LearnerDay>& days) {
  std::string out;
  int64_t previous = 0;
  for (const LearnerDay& d : days) {
    PutVarint(static_cast<uint64_t>(d.ordinal - previous), &out);
    PutVarint(static_cast<uint64_t>(d.statements), &out);
    PutVarint(static_cast<uint64_t>(d.scored), &out);
    PutVarint(ZigZag(d.scaled_micros), &out);
    previous = d.ordinal;
  }
  return out;
}

bool DecodeLearnerDays(std::string_view bytes, std::vector<LearnerDay>* out) {
  size_t at = 0;
  int64_t previous = 0;
  while (at < bytes.size()) {
    uint64_t gap, statements, scored, micros;
    if (!GetVarint(bytes, &at, &gap) || !GetVarint(bytes, &at, &statements) ||
        !GetVarint(bytes, &at, &scored) || !GetVarint(bytes, &at, &micros)) {
      return false;
    }
    LearnerDay d;
    d.ordinal = previous + static_cast<int64_t>(gap);
    d.statements = static_cast<int64_t>(statements);
    d.scored = static_cast<int64_t>(scored);
    d.scaled_micros = UnZigZag(micros);
    previous = d.ordinal;
    out->push_back(d);
  }
  return true;
}

std::optional<std::string> MergeLearnerDays(std::string_view bytes,
                                            std::vector<LearnerDay> deltas) {
  std::vector<LearnerDay> days;
  if (!DecodeLearnerDays(bytes, &days)) return std::nullopt;
  days.insert(days.end(), deltas.begin(), deltas.end());
  std::stable_sort(days.begin(), days.end(),
                   [](const LearnerDay& a, const LearnerDay& b) { return a.ordinal < b.ordinal; });
  std::vector<LearnerDay> merged;
  for (const LearnerDay& d : days) {
    if (!merged.empty() && merged.back().ordinal == d.ordinal) {
      merged.back().statements += d.statements;
      merged.back().scored += d.scored;
      merged.back().scaled_micros += d.scaled_micros;
    } else {
      merged.push_back(d);
    }
  }
  merged.erase(std::remove_if(merged.begin(), merged.end(),
                              [](const LearnerDay& d) { return d.statements <= 0; }),
               merged.end());
  return EncodeLearnerDays(merged);
}

}  // namespace outcomes
