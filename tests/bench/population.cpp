#include "tests/bench/population.h"

#include <algorithm>

#include "lrs/core/json.h"

namespace lrs::bench {

namespace {

constexpr const char* kFirstNames[] = {
    "Ada",   "Ben",   "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro",  "Ines",  "Jonas",
    "Kemal", "Lena",  "Mateo", "Nadia",  "Oskar", "Priya", "Quinn", "Rosa",  "Sven",  "Tara",
    "Umar",  "Vera",  "Wei",   "Ximena", "Yusuf", "Zoe",   "Amara", "Bruno", "Carla", "Diego",
    "Emeka", "Freya", "Gita",  "Hamza",  "Ivy",   "Jules", "Kai",   "Lucia", "Milan", "Noor"};
constexpr const char* kLastNames[] = {
    "Abbott",  "Bauer",  "Castro",   "Dubois", "Eriksen", "Fischer",  "Garcia", "Hansen",
    "Ibrahim", "Jansen", "Kowal",    "Lopez",  "Moreau",  "Nakamura", "Okafor", "Petrov",
    "Quint",   "Rossi",  "Schmid",   "Tanaka", "Usman",   "Varga",    "Weber",  "Xu",
    "Yilmaz",  "Zhang",  "Andersen", "Brandt", "Costa",   "Novak"};
constexpr const char* kDomains[] = {"example.com", "corp.example.org", "learners.example.net"};

constexpr const char* kTopics[] = {"Workplace Safety",
                                   "Data Protection",
                                   "Anti-Bribery",
                                   "Customer Service",
                                   "Negotiation",
                                   "Project Management",
                                   "Agile Delivery",
                                   "Financial Literacy",
                                   "Leadership",
                                   "Coaching",
                                   "Cyber Security",
                                   "Cloud Fundamentals",
                                   "SQL for Analysts",
                                   "Forklift Operation",
                                   "First Aid",
                                   "Fire Warden Duties",
                                   "Diversity and Inclusion",
                                   "Sales Pipeline",
                                   "Product Knowledge",
                                   "Quality Management",
                                   "Lean Manufacturing",
                                   "Presentation Skills",
                                   "Time Management",
                                   "Conflict Resolution",
                                   "Export Control"};
constexpr const char* kLevels[] = {"Foundations of", "Advanced"};
constexpr const char* kModuleTopics[] = {
    "Introduction",  "Key Concepts", "Regulations", "Case Studies", "Tools",
    "Best Practice", "Common Risks", "Procedures",  "Reporting",    "Review"};
constexpr const char* kLessonTopics[] = {
    "Overview", "Terminology", "Walkthrough", "Worked Example", "Checklist",
    "Scenario", "Pitfalls",    "Practice",    "Summary",        "Deep Dive"};
constexpr const char* kPlatforms[] = {"Outcome LMS 4.2", "Moodle 4.1", "Articulate Rise 360",
                                      "Adapt Learning 5", "Mobile App 2.8"};
constexpr const char* kProgramNames[] = {"Compliance", "Sales Academy",    "Engineering",
                                         "Operations", "Leadership Track", "Onboarding"};

// Activity types, from the ADL and Tin Can vocabularies.
constexpr const char* kCourseType = "http://adlnet.gov/expapi/activities/course";
constexpr const char* kModuleType = "http://adlnet.gov/expapi/activities/module";
constexpr const char* kLessonType = "http://adlnet.gov/expapi/activities/lesson";
constexpr const char* kAssessmentType = "http://adlnet.gov/expapi/activities/assessment";
constexpr const char* kInteractionType = "http://adlnet.gov/expapi/activities/cmi.interaction";
constexpr const char* kCurriculumType = "http://id.tincanapi.com/activitytype/curriculum";

template <typename T, size_t N>
const T& Pick(const T (&items)[N], Rng& rng) {
  return items[rng.Below(N)];
}

std::string Slug(std::string_view text) {
  std::string out;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-')
    out.pop_back();
  return out;
}

Person MakeLearner(int index, Rng& rng) {
  Person p;
  std::string first = Pick(kFirstNames, rng);
  std::string last = Pick(kLastNames, rng);
  p.name = first + " " + last;
  // Most organisations identify learners by e-mail; SSO-backed platforms by account.
  if (rng.Chance(0.7)) {
    p.mbox = "mailto:" + Slug(first) + "." + Slug(last) + "." + std::to_string(index) + "@" +
             Pick(kDomains, rng);
  } else {
    p.account_home_page = "https://sso.example.com";
    p.account_name = "u" + std::to_string(100000 + index);
  }
  return p;
}

Activity MakeQuestion(const std::string& base, int q, Rng& rng) {
  Activity a;
  a.id = base + "/questions/q" + std::to_string(q + 1);
  a.type = kInteractionType;
  a.name_en = "Question " + std::to_string(q + 1);
  a.description_en = "Which of the following best describes the " +
                     std::string(Pick(kLessonTopics, rng)) + " step?";
  int n = rng.Between(3, 4);
  for (int c = 0; c < n; ++c) {
    a.choices.push_back("Option " + std::string(1, static_cast<char>('A' + c)) + ": " +
                        Pick(kModuleTopics, rng));
  }
  a.correct_choice = static_cast<int>(rng.Below(static_cast<size_t>(n)));
  return a;
}

Course MakeCourse(int index, Rng& rng) {
  Course c;
  const char* topic = kTopics[index % std::size(kTopics)];
  const char* level = kLevels[(index / std::size(kTopics)) % std::size(kLevels)];
  std::string title = std::string(level) + " " + topic;
  std::string base = "https://lms.example.com/courses/" + Slug(title);
  c.activity.id = base;
  c.activity.type = kCourseType;
  c.activity.name_en = title;
  if (rng.Chance(0.3)) c.activity.name_de = "Kurs: " + title;
  c.activity.description_en = "A self-paced course on " + std::string(topic) +
                              " with practical scenarios, quizzes and a final assessment.";
  c.program = static_cast<int>(rng.Below(std::size(kProgramNames)));
  c.platform = Pick(kPlatforms, rng);
  int modules = rng.Between(2, 4);
  for (int m = 0; m < modules; ++m) {
    Module mod;
    std::string mbase = base + "/modules/m" + std::to_string(m + 1);
    mod.activity.id = mbase;
    mod.activity.type = kModuleType;
    mod.activity.name_en = "Module " + std::to_string(m + 1) + ": " + Pick(kModuleTopics, rng);
    mod.activity.description_en = mod.activity.name_en + " of " + title + ".";
    int lessons = rng.Between(2, 4);
    for (int l = 0; l < lessons; ++l) {
      Activity lesson;
      lesson.id = mbase + "/lessons/l" + std::to_string(l + 1);
      lesson.type = kLessonType;
      lesson.name_en = "Lesson " + std::to_string(l + 1) + ": " + Pick(kLessonTopics, rng);
      if (!c.activity.name_de.empty()) lesson.name_de = "Lektion " + std::to_string(l + 1);
      lesson.description_en = "Short interactive lesson with video, reading and practice.";
      mod.lessons.push_back(std::move(lesson));
    }
    mod.assessment.id = mbase + "/assessment";
    mod.assessment.type = kAssessmentType;
    mod.assessment.name_en = "Module " + std::to_string(m + 1) + " Quiz";
    mod.assessment.description_en = "Checks the learning objectives of the module.";
    int questions = rng.Between(2, 4);
    for (int q = 0; q < questions; ++q) {
      mod.questions.push_back(MakeQuestion(mod.assessment.id, q, rng));
    }
    c.modules.push_back(std::move(mod));
  }
  return c;
}

}  // namespace

std::string Person::AgentJson() const {
  json::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("objectType", "Agent", a);
  if (!mbox.empty()) {
    doc.AddMember("mbox", json::Ref(mbox), a);
  } else {
    json::Value account(rapidjson::kObjectType);
    account.AddMember("homePage", json::Ref(account_home_page), a);
    account.AddMember("name", json::Ref(account_name), a);
    doc.AddMember("account", account, a);
  }
  return json::Write(doc);
}

namespace {

struct VerbInfo {
  std::string id;
  std::string display;
};

const std::vector<VerbInfo>& Verbs() {
  static const std::vector<VerbInfo> verbs = [] {
    const char* names[kVerbCount] = {"launched",   "initialized", "experienced", "progressed",
                                     "interacted", "commented",   "suspended",   "resumed",
                                     "attempted",  "completed",   "terminated",  "answered",
                                     "passed",     "failed",      "mastered",    "scored",
                                     "registered", "attended",    "asked",       "shared"};
    std::vector<VerbInfo> v;
    for (const char* n : names)
      v.push_back({std::string("http://adlnet.gov/expapi/verbs/") + n, n});
    return v;
  }();
  return verbs;
}

}  // namespace

const std::string& VerbId(Verb verb) {
  return Verbs()[static_cast<size_t>(verb)].id;
}
const std::string& VerbDisplay(Verb verb) {
  return Verbs()[static_cast<size_t>(verb)].display;
}

std::string UuidFromBits(uint64_t hi, uint64_t lo) {
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                         // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    uint64_t word = i < 16 ? hi : lo;
    int shift = 60 - 4 * (i % 16);
    out.push_back(kHex[(word >> shift) & 0xF]);
    if (i == 7 || i == 11 || i == 15 || i == 19) out.push_back('-');
  }
  return out;
}

Population::Population(uint64_t seed) : seed_(seed) {
  Rng rng(Derive(seed, 1));
  for (int p = 0; p < kPrograms; ++p) {
    Activity a;
    a.id = "https://lms.example.com/programs/" + Slug(kProgramNames[p]);
    a.type = kCurriculumType;
    a.name_en = std::string(kProgramNames[p]) + " Program";
    a.description_en = "All courses of the " + std::string(kProgramNames[p]) + " curriculum.";
    programs_.push_back(std::move(a));
  }
  for (int c = 0; c < kCourses; ++c)
    courses_.push_back(MakeCourse(c, rng));
  for (int i = 0; i < kInstructors; ++i) {
    Person p;
    std::string first = Pick(kFirstNames, rng);
    std::string last = Pick(kLastNames, rng);
    p.name = first + " " + last;
    p.mbox = "mailto:" + Slug(first) + "." + Slug(last) + "@trainers.example.com";
    instructors_.push_back(std::move(p));
  }
  for (int l = 0; l < kLearners; ++l) {
    Learner learner;
    learner.person = MakeLearner(l, rng);
    // Enrolment is skewed: mandatory compliance-style courses (the first ones) are everyone's.
    int enrolled = rng.Between(2, 6);
    for (int k = 0; k < enrolled; ++k) {
      int course = static_cast<int>(rng.Skewed(kCourses, 1.8));
      if (std::find(learner.courses.begin(), learner.courses.end(), course) ==
          learner.courses.end()) {
        learner.courses.push_back(course);
      }
    }
    learners_.push_back(std::move(learner));
  }
}

std::string Population::Registration(int learner, int course) const {
  uint64_t d =
      Derive(seed_, 2, static_cast<uint64_t>(learner) * 1000 + static_cast<uint64_t>(course));
  return UuidFromBits(d, Mix(d));
}

size_t Population::ActivityCount() const {
  size_t n = programs_.size();
  for (const Course& c : courses_) {
    ++n;
    for (const Module& m : c.modules)
      n += 2 + m.lessons.size() + m.questions.size();
  }
  return n;
}

const Person& Population::RandomAgent(Rng& rng) const {
  return learners_[rng.Below(learners_.size())].person;
}

const std::string& Population::RandomVerbId(Rng& rng) const {
  return VerbId(static_cast<Verb>(rng.Below(kVerbCount)));
}

const std::string& Population::RandomObjectActivity(Rng& rng) const {
  const Course& c = courses_[rng.Below(courses_.size())];
  const Module& m = c.modules[rng.Below(c.modules.size())];
  double u = rng.Real();
  if (u < 0.15) return c.activity.id;
  if (u < 0.30) return m.activity.id;
  if (u < 0.45) return m.assessment.id;
  if (u < 0.65) return m.questions[rng.Below(m.questions.size())].id;
  return m.lessons[rng.Below(m.lessons.size())].id;
}

const std::string& Population::RandomRelatedActivity(Rng& rng) const {
  const Course& c = courses_[rng.Below(courses_.size())];
  const Module& m = c.modules[rng.Below(c.modules.size())];
  double u = rng.Real();
  if (u < 0.10) return programs_[rng.Below(programs_.size())].id;
  if (u < 0.40) return c.activity.id;
  if (u < 0.70) return m.activity.id;
  if (u < 0.85) return m.assessment.id;
  return m.lessons[rng.Below(m.lessons.size())].id;
}

}  // namespace lrs::bench
