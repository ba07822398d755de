// Turns a statement number into a realistic xAPI statement about the Population: the same
// number and seed always give the same statement (apart from its id, which the caller chooses),
// whichever thread asks and in whichever order.
//
// Statements come in sessions of kSessionLength consecutive numbers, as a course player emits
// them: one learner, one course, one registration; a lesson session (launched, initialized,
// experienced/progressed/interacted..., completed, terminated), an assessment session
// (launched, attempted, answered..., passed/failed/mastered, terminated) or an instructor-led
// session (registered/attended, asked, commented, shared..., some by a team Group). Results
// carry score, success, completion, duration and extensions where the verb calls for them;
// context carries registration, parent/grouping/category activities, platform, language,
// instructor and extensions. Timestamps spread over the 90 days before 2025-06-01.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/bench/population.h"

namespace lrs::bench {

class StatementGenerator {
 public:
  static constexpr uint64_t kSessionLength = 8;

  // `population` must outlive the generator.
  explicit StatementGenerator(const Population& population) : population_(population) {}

  // Appends statement number `index`, with `id` as its id, as compact JSON to `*out`.
  void Append(uint64_t index, const std::string& id, std::string* out) const;

  // Returns a JSON array of statements `first` to `first + count - 1`, each with a new random
  // UUID, and stores those ids, in order, in `*ids`.
  std::string Batch(uint64_t first, size_t count, std::vector<std::string>* ids) const;

 private:
  const Population& population_;
};

}  // namespace lrs::bench
