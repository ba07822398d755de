// The synthetic learning organisation the benchmark's statements describe: learners enrolled in
// courses, courses made of modules, lessons, assessments and questions, instructors, and the ADL
// verbs courses emit. Built deterministically from a seed, independent of how many statements
// are generated, so a later queries-only run on a kept database draws its query parameters from
// the same people and activities the database holds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/bench/rng.h"

namespace lrs::bench {

// An Agent, identified by mbox or by account.
struct Person {
  std::string name;
  std::string mbox;  // "mailto:..."; empty when identified by account
  std::string account_home_page;
  std::string account_name;
  // The Agent as a compact JSON object, for the `agent` query parameter.
  std::string AgentJson() const;
};

struct Learner {
  Person person;
  std::vector<int> courses;  // indices into Population::courses(), at least one
};

// An Activity with the definition its statements carry.
struct Activity {
  std::string id;
  std::string type;  // activity type IRI
  std::string name_en;
  std::string name_de;  // empty when the content has no German title
  std::string description_en;
  // Questions only (type cmi.interaction, interactionType "choice").
  std::vector<std::string> choices;
  int correct_choice = 0;
};

struct Module {
  Activity activity;
  std::vector<Activity> lessons;
  Activity assessment;
  std::vector<Activity> questions;  // of the assessment
};

struct Course {
  Activity activity;
  int program = 0;  // index into Population::programs()
  std::string platform;
  std::vector<Module> modules;
};

// The verbs, all from the ADL vocabulary (http://adlnet.gov/expapi/verbs/).
enum class Verb {
  kLaunched,
  kInitialized,
  kExperienced,
  kProgressed,
  kInteracted,
  kCommented,
  kSuspended,
  kResumed,
  kAttempted,
  kCompleted,
  kTerminated,
  kAnswered,
  kPassed,
  kFailed,
  kMastered,
  kScored,
  kRegistered,
  kAttended,
  kAsked,
  kShared,
};
inline constexpr int kVerbCount = 20;

// The verb's IRI and its en-US display.
const std::string& VerbId(Verb verb);
const std::string& VerbDisplay(Verb verb);

class Population {
 public:
  static constexpr int kLearners = 5000;
  static constexpr int kInstructors = 40;
  static constexpr int kCourses = 50;
  static constexpr int kPrograms = 6;

  explicit Population(uint64_t seed);
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;

  uint64_t seed() const { return seed_; }
  const std::vector<Learner>& learners() const { return learners_; }
  const std::vector<Person>& instructors() const { return instructors_; }
  const std::vector<Course>& courses() const { return courses_; }
  const std::vector<Activity>& programs() const { return programs_; }

  // The registration (a UUID) of learner `learner` in course `course`: stable per pair.
  std::string Registration(int learner, int course) const;

  // How many distinct activities the population has (programs included).
  size_t ActivityCount() const;

  // Query parameters drawn with `rng`, from the whole population. RandomObjectActivity favours
  // what statements have as their object (lessons, assessments, questions);
  // RandomRelatedActivity favours what they have as context (programs, courses, modules).
  const Person& RandomAgent(Rng& rng) const;
  const std::string& RandomVerbId(Rng& rng) const;
  const std::string& RandomObjectActivity(Rng& rng) const;
  const std::string& RandomRelatedActivity(Rng& rng) const;

 private:
  uint64_t seed_;
  std::vector<Learner> learners_;
  std::vector<Person> instructors_;
  std::vector<Activity> programs_;
  std::vector<Course> courses_;
};

// Formats 128 random bits as an RFC 4122 version 4 UUID, lower case.
std::string UuidFromBits(uint64_t hi, uint64_t lo);

}  // namespace lrs::bench
