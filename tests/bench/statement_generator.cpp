#include "tests/bench/statement_generator.h"

#include <algorithm>
#include <cstdio>

#include "lrs/core/json.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"

namespace lrs::bench {

namespace {

constexpr int64_t kWindowEndSeconds = 1748736000;  // 2025-06-01T00:00:00Z
constexpr int64_t kWindowSeconds = 90 * 86400;
constexpr int64_t kMicros = 1000000;

const std::string kCmi5Category = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const std::string kSessionExtension = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const std::string kProgressExtension = "https://w3id.org/xapi/cmi5/result/extensions/progress";
const std::string kBrowserExtension = "http://id.tincanapi.com/extension/browser-info";
const std::string kActivityObjectType = "Activity";

struct Browser {
  const char* name;
  const char* version;
  const char* os;
};
constexpr Browser kBrowsers[] = {{"Chrome", "124.0.6367.91", "Windows 11"},
                                 {"Edge", "124.0.2478.67", "Windows 10"},
                                 {"Firefox", "125.0.3", "Ubuntu 22.04"},
                                 {"Safari", "17.4.1", "macOS 14.4"},
                                 {"Safari", "17.4", "iOS 17.4"},
                                 {"Chrome", "124.0.6367.82", "Android 14"}};

constexpr const char* kComments[] = {"The example in the second video was really helpful.",
                                     "Could we get a printable version of the checklist?",
                                     "I am not sure how this applies to contractors on site.",
                                     "Great scenario, very close to what happens in our team.",
                                     "The audio in part three is hard to hear.",
                                     "Does this replace the procedure we were given last year?"};

enum class SessionKind { kLesson, kAssessment, kClassroom };

// What every statement of one session shares.
struct Session {
  int learner = 0;
  int course = 0;
  int module = 0;
  int lesson = 0;
  SessionKind kind = SessionKind::kLesson;
  int instructor = 0;
  int browser = 0;
  bool cmi5 = false;
  bool german = false;
  double skill = 0;  // assessment sessions: the chance of answering a question right
  int64_t start_us = 0;
  int64_t step_us = 0;
  std::string id;
  std::vector<int> team;  // classroom sessions: the learner's team mates
};

Session MakeSession(const Population& population, uint64_t number) {
  Rng rng(Derive(population.seed(), 3, number));
  Session s;
  // Some learners are far busier than others.
  s.learner = static_cast<int>(rng.Skewed(population.learners().size(), 1.6));
  const Learner& learner = population.learners()[static_cast<size_t>(s.learner)];
  s.course = learner.courses[rng.Below(learner.courses.size())];
  const Course& course = population.courses()[static_cast<size_t>(s.course)];
  // Learners drop out as a course goes on: early modules and lessons see the most traffic.
  s.module = static_cast<int>(rng.Skewed(course.modules.size(), 1.5));
  const Module& module = course.modules[static_cast<size_t>(s.module)];
  s.lesson = static_cast<int>(rng.Skewed(module.lessons.size(), 1.3));
  double kind = rng.Real();
  s.kind = kind < 0.65   ? SessionKind::kLesson
           : kind < 0.90 ? SessionKind::kAssessment
                         : SessionKind::kClassroom;
  s.instructor = static_cast<int>(rng.Below(population.instructors().size()));
  s.browser = static_cast<int>(rng.Below(std::size(kBrowsers)));
  s.cmi5 = rng.Chance(0.5);
  s.german = !course.activity.name_de.empty() && rng.Chance(0.4);
  s.skill = 0.4 + 0.6 * rng.Real();
  s.start_us = (kWindowEndSeconds - kWindowSeconds) * kMicros +
               static_cast<int64_t>(rng.Real() * static_cast<double>(kWindowSeconds * kMicros));
  s.step_us = rng.Between(30, 240) * kMicros;
  s.id = UuidFromBits(rng.Next(), rng.Next());
  if (s.kind == SessionKind::kClassroom) {
    int mates = rng.Between(2, 3);
    for (int i = 0; i < mates; ++i) {
      s.team.push_back(static_cast<int>(rng.Below(population.learners().size())));
    }
  }
  return s;
}

// Where in a course an object sits, which decides its context activities.
enum class Level { kCourse, kModule, kLesson, kAssessment, kQuestion };

struct Plan {
  Verb verb = Verb::kExperienced;
  Level level = Level::kLesson;
  const Activity* object = nullptr;
  bool team_actor = false;
};

Plan MakePlan(const Session& s, const Course& course, uint64_t step, Rng& rng) {
  const Module& module = course.modules[static_cast<size_t>(s.module)];
  const Activity& lesson = module.lessons[static_cast<size_t>(s.lesson)];
  const uint64_t last = StatementGenerator::kSessionLength - 1;
  Plan p;
  switch (s.kind) {
    case SessionKind::kLesson: {
      p.level = Level::kLesson;
      p.object = &lesson;
      if (step == 0) {
        p.verb = Verb::kLaunched;
      } else if (step == 1) {
        p.verb = Verb::kInitialized;
      } else if (step == last) {
        p.verb = Verb::kTerminated;
      } else if (step == last - 1) {
        p.verb = rng.Chance(0.8) ? Verb::kCompleted : Verb::kProgressed;
      } else {
        double u = rng.Real();
        p.verb = u < 0.40   ? Verb::kExperienced
                 : u < 0.65 ? Verb::kProgressed
                 : u < 0.80 ? Verb::kInteracted
                 : u < 0.85 ? Verb::kCommented
                 : u < 0.90 ? Verb::kSuspended
                 : u < 0.95 ? Verb::kResumed
                            : Verb::kAttempted;
      }
      break;
    }
    case SessionKind::kAssessment: {
      p.level = Level::kAssessment;
      p.object = &module.assessment;
      if (step == 0) {
        p.verb = Verb::kLaunched;
      } else if (step == 1) {
        p.verb = Verb::kAttempted;
      } else if (step == last) {
        p.verb = Verb::kTerminated;
      } else if (step == last - 1) {
        p.verb = s.skill >= 0.95 ? Verb::kMastered : s.skill >= 0.7 ? Verb::kPassed : Verb::kFailed;
      } else {
        p.verb = Verb::kAnswered;
        p.level = Level::kQuestion;
        p.object = &module.questions[(step - 2) % module.questions.size()];
      }
      break;
    }
    case SessionKind::kClassroom: {
      p.level = Level::kModule;
      p.object = &module.activity;
      if (step == 0) {
        p.verb = Verb::kRegistered;
        p.level = Level::kCourse;
        p.object = &course.activity;
      } else if (step == 1) {
        p.verb = Verb::kAttended;
      } else if (step == last) {
        p.verb = Verb::kCompleted;
      } else {
        double u = rng.Real();
        p.verb = u < 0.25   ? Verb::kAsked
                 : u < 0.50 ? Verb::kCommented
                 : u < 0.70 ? Verb::kShared
                 : u < 0.85 ? Verb::kExperienced
                            : Verb::kScored;
        if (p.verb == Verb::kShared || p.verb == Verb::kExperienced) {
          p.level = Level::kLesson;
          p.object = &lesson;
        }
        p.team_actor = (p.verb == Verb::kShared || p.verb == Verb::kCommented) && rng.Chance(0.35);
      }
      break;
    }
  }
  return p;
}

std::string Duration(int64_t seconds, int tenths) {
  char buf[48];
  if (seconds >= 3600) {
    std::snprintf(buf, sizeof(buf), "PT%lldH%lldM%lldS", static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60));
  } else if (seconds >= 60) {
    std::snprintf(buf, sizeof(buf), "PT%lldM%lld.%dS", static_cast<long long>(seconds / 60),
                  static_cast<long long>(seconds % 60), tenths);
  } else {
    std::snprintf(buf, sizeof(buf), "PT%lld.%dS", static_cast<long long>(seconds), tenths);
  }
  return buf;
}

// Builds the parts of one statement in one document's allocator. Strings owned by the
// Population are referenced, not copied: the population outlives every document.
class Builder {
 public:
  explicit Builder(json::Allocator& alloc) : a_(alloc) {}

  json::Value Own(std::string_view s) { return json::Copy(s, a_); }

  json::Value LanguageMap(const std::string& en, const std::string& de) {
    json::Value map(rapidjson::kObjectType);
    map.AddMember("en-US", json::Ref(en), a_);
    if (!de.empty()) map.AddMember("de-DE", json::Ref(de), a_);
    return map;
  }

  json::Value Agent(const Person& p) {
    json::Value agent(rapidjson::kObjectType);
    agent.AddMember("objectType", "Agent", a_);
    agent.AddMember("name", json::Ref(p.name), a_);
    if (!p.mbox.empty()) {
      agent.AddMember("mbox", json::Ref(p.mbox), a_);
    } else {
      json::Value account(rapidjson::kObjectType);
      account.AddMember("homePage", json::Ref(p.account_home_page), a_);
      account.AddMember("name", json::Ref(p.account_name), a_);
      agent.AddMember("account", account, a_);
    }
    return agent;
  }

  // The object Activity; with its definition unless `bare`.
  json::Value Activity(const bench::Activity& act, bool bare) {
    json::Value obj(rapidjson::kObjectType);
    obj.AddMember("objectType", json::Ref(kActivityObjectType), a_);
    obj.AddMember("id", json::Ref(act.id), a_);
    if (bare) return obj;
    json::Value def(rapidjson::kObjectType);
    def.AddMember("name", LanguageMap(act.name_en, act.name_de), a_);
    def.AddMember("description", LanguageMap(act.description_en, ""), a_);
    def.AddMember("type", json::Ref(act.type), a_);
    if (!act.choices.empty()) {
      def.AddMember("interactionType", "choice", a_);
      json::Value pattern(rapidjson::kArrayType);
      pattern.PushBack(Own(ChoiceId(act.correct_choice)), a_);
      def.AddMember("correctResponsesPattern", pattern, a_);
      json::Value choices(rapidjson::kArrayType);
      for (size_t i = 0; i < act.choices.size(); ++i) {
        json::Value choice(rapidjson::kObjectType);
        choice.AddMember("id", Own(ChoiceId(static_cast<int>(i))), a_);
        choice.AddMember("description", LanguageMap(act.choices[i], ""), a_);
        choices.PushBack(choice, a_);
      }
      def.AddMember("choices", choices, a_);
    }
    obj.AddMember("definition", def, a_);
    return obj;
  }

  json::Value ActivityRef(const std::string& id) {
    json::Value obj(rapidjson::kObjectType);
    obj.AddMember("id", json::Ref(id), a_);
    return obj;
  }

  static std::string ChoiceId(int i) { return std::string(1, static_cast<char>('a' + i)); }

 private:
  json::Allocator& a_;
};

}  // namespace

void StatementGenerator::Append(uint64_t index, const std::string& id, std::string* out) const {
  const uint64_t step = index % kSessionLength;
  const Session s = MakeSession(population_, index / kSessionLength);
  const Learner& learner = population_.learners()[static_cast<size_t>(s.learner)];
  const Course& course = population_.courses()[static_cast<size_t>(s.course)];
  const Module& module = course.modules[static_cast<size_t>(s.module)];
  const Activity& program = population_.programs()[static_cast<size_t>(course.program)];
  Rng rng(Derive(population_.seed(), 4, index));
  const Plan plan = MakePlan(s, course, step, rng);

  json::Document doc(rapidjson::kObjectType);
  json::Allocator& a = doc.GetAllocator();
  Builder b(a);
  doc.AddMember("id", b.Own(id), a);

  if (plan.team_actor) {
    json::Value group(rapidjson::kObjectType);
    group.AddMember("objectType", "Group", a);
    group.AddMember("name", b.Own("Team " + std::to_string(s.learner % 97)), a);
    json::Value members(rapidjson::kArrayType);
    members.PushBack(b.Agent(learner.person), a);
    for (int mate : s.team) {
      members.PushBack(b.Agent(population_.learners()[static_cast<size_t>(mate)].person), a);
    }
    group.AddMember("member", members, a);
    doc.AddMember("actor", group, a);
  } else {
    doc.AddMember("actor", b.Agent(learner.person), a);
  }

  json::Value verb(rapidjson::kObjectType);
  verb.AddMember("id", json::Ref(VerbId(plan.verb)), a);
  json::Value display(rapidjson::kObjectType);
  display.AddMember("en-US", json::Ref(VerbDisplay(plan.verb)), a);
  verb.AddMember("display", display, a);
  doc.AddMember("verb", verb, a);
  // Content packages send the definition with every statement; LMS-side statements (about a
  // launch or a registration) often send the id alone. Interactions always carry theirs.
  const bool bare = plan.object->choices.empty() && rng.Chance(0.25);
  doc.AddMember("object", b.Activity(*plan.object, bare), a);

  // Result, where the verb has one to report.
  json::Value result(rapidjson::kObjectType);
  const int64_t elapsed = (static_cast<int64_t>(step) + 1) * s.step_us / kMicros;
  const int tenths = rng.Between(0, 9);
  switch (plan.verb) {
    case Verb::kCompleted:
      result.AddMember("completion", true, a);
      result.AddMember("duration", b.Own(Duration(elapsed, tenths)), a);
      break;
    case Verb::kProgressed: {
      json::Value ext(rapidjson::kObjectType);
      ext.AddMember(json::Ref(kProgressExtension), json::Value(rng.Between(10, 90)), a);
      result.AddMember("completion", false, a);
      result.AddMember("extensions", ext, a);
      result.AddMember("duration", b.Own(Duration(elapsed, tenths)), a);
      break;
    }
    case Verb::kExperienced:
    case Verb::kSuspended:
    case Verb::kTerminated:
      result.AddMember("duration", b.Own(Duration(elapsed, tenths)), a);
      break;
    case Verb::kAttended:
      result.AddMember("duration", b.Own(Duration(rng.Between(45, 180) * 60, 0)), a);
      break;
    case Verb::kAnswered: {
      bool right = rng.Chance(s.skill);
      int choices = static_cast<int>(plan.object->choices.size());
      int answer = right ? plan.object->correct_choice
                         : (plan.object->correct_choice + rng.Between(1, choices - 1)) % choices;
      result.AddMember("response", b.Own(Builder::ChoiceId(answer)), a);
      result.AddMember("success", right, a);
      result.AddMember("duration", b.Own(Duration(rng.Between(5, 90), tenths)), a);
      break;
    }
    case Verb::kPassed:
    case Verb::kFailed:
    case Verb::kMastered:
    case Verb::kScored: {
      double scaled = std::clamp(s.skill + (rng.Real() - 0.5) * 0.1, 0.0, 1.0);
      if (plan.verb == Verb::kPassed) scaled = std::max(scaled, 0.7);
      if (plan.verb == Verb::kFailed) scaled = std::min(scaled, 0.69);
      int raw = static_cast<int>(scaled * 100.0 + 0.5);
      json::Value score(rapidjson::kObjectType);
      score.AddMember("scaled", raw / 100.0, a);
      score.AddMember("raw", raw, a);
      score.AddMember("min", 0, a);
      score.AddMember("max", 100, a);
      result.AddMember("score", score, a);
      if (plan.verb != Verb::kScored) {
        result.AddMember("success", plan.verb != Verb::kFailed, a);
        result.AddMember("completion", true, a);
        result.AddMember("duration", b.Own(Duration(elapsed, tenths)), a);
      }
      break;
    }
    case Verb::kCommented:
    case Verb::kAsked:
      result.AddMember("response",
                       json::Ref(std::string_view(kComments[rng.Below(std::size(kComments))])), a);
      break;
    default:
      break;
  }
  if (result.MemberCount() > 0) doc.AddMember("result", result, a);

  // Context: the registration, where the object sits in the course, and the player.
  json::Value context(rapidjson::kObjectType);
  context.AddMember("registration", b.Own(population_.Registration(s.learner, s.course)), a);
  if (s.kind == SessionKind::kClassroom) {
    context.AddMember("instructor",
                      b.Agent(population_.instructors()[static_cast<size_t>(s.instructor)]), a);
  }
  json::Value activities(rapidjson::kObjectType);
  json::Value parent(rapidjson::kArrayType);
  json::Value grouping(rapidjson::kArrayType);
  switch (plan.level) {
    case Level::kCourse:
      break;
    case Level::kModule:
      parent.PushBack(b.ActivityRef(course.activity.id), a);
      break;
    case Level::kLesson:
    case Level::kAssessment:
      parent.PushBack(b.ActivityRef(module.activity.id), a);
      grouping.PushBack(b.ActivityRef(course.activity.id), a);
      break;
    case Level::kQuestion:
      parent.PushBack(b.ActivityRef(module.assessment.id), a);
      grouping.PushBack(b.ActivityRef(module.activity.id), a);
      grouping.PushBack(b.ActivityRef(course.activity.id), a);
      break;
  }
  grouping.PushBack(b.ActivityRef(program.id), a);
  if (!parent.Empty()) activities.AddMember("parent", parent, a);
  activities.AddMember("grouping", grouping, a);
  if (s.cmi5) {
    json::Value category(rapidjson::kArrayType);
    category.PushBack(b.ActivityRef(kCmi5Category), a);
    activities.AddMember("category", category, a);
  }
  context.AddMember("contextActivities", activities, a);
  context.AddMember("platform", json::Ref(course.platform), a);
  context.AddMember("language", rapidjson::StringRef(s.german ? "de-DE" : "en-US"), a);
  json::Value extensions(rapidjson::kObjectType);
  extensions.AddMember(json::Ref(kSessionExtension), json::Ref(s.id), a);
  // Players report the learner's environment when a session starts.
  if (s.kind != SessionKind::kClassroom && step < 2) {
    const Browser& browser = kBrowsers[s.browser];
    json::Value info(rapidjson::kObjectType);
    info.AddMember("name", rapidjson::StringRef(browser.name), a);
    info.AddMember("version", rapidjson::StringRef(browser.version), a);
    info.AddMember("os", rapidjson::StringRef(browser.os), a);
    extensions.AddMember(json::Ref(kBrowserExtension), info, a);
  }
  context.AddMember("extensions", extensions, a);
  doc.AddMember("context", context, a);

  const int64_t timestamp = s.start_us + static_cast<int64_t>(step) * s.step_us +
                            static_cast<int64_t>(rng.Below(static_cast<size_t>(s.step_us / 2)));
  doc.AddMember("timestamp", b.Own(FormatMillisUtc(timestamp)), a);

  json::AppendTo(doc, out);
}

std::string StatementGenerator::Batch(uint64_t first, size_t count,
                                      std::vector<std::string>* ids) const {
  std::string body;
  body.reserve(count * 1400 + 2);
  ids->clear();
  body.push_back('[');
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) body.push_back(',');
    ids->push_back(uuid::NewV4());
    Append(first + i, ids->back(), &body);
  }
  body.push_back(']');
  return body;
}

}  // namespace lrs::bench
