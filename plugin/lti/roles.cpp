#include "plugin/lti/roles.h"

#include <algorithm>

namespace outcomes::lti {

namespace {

constexpr std::string_view kLis = "http://purl.imsglobal.org/vocab/lis/v2/";
constexpr std::string_view kLti11 = "urn:lti:";

bool Starts(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The view of a context (membership) role's name, as a short form or a URI's fragment.
View OfContextRole(std::string_view name) {
  if (name == "Instructor" || name == "Mentor" || name == "Manager" || name == "Administrator" ||
      name == "TeachingAssistant") {
    return View::kInstructor;
  }
  if (name == "Learner") return View::kLearner;
  return View::kNone;
}

View OfInstitutionRole(std::string_view name) {
  if (name == "Instructor" || name == "Faculty" || name == "Mentor" || name == "Administrator") {
    return View::kInstructor;
  }
  if (name == "Student" || name == "Learner") return View::kLearner;
  return View::kNone;
}

View OfSystemRole(std::string_view name) {
  return name == "Administrator" || name == "SysAdmin" ? View::kAdministrator : View::kNone;
}

}  // namespace

View ViewOfRole(std::string_view role) {
  if (Starts(role, kLis)) {
    std::string_view rest = role.substr(kLis.size());
    const size_t hash = rest.find('#');
    if (hash == std::string_view::npos) return View::kNone;
    const std::string_view vocabulary = rest.substr(0, hash);
    const std::string_view name = rest.substr(hash + 1);
    if (vocabulary == "system/person") return OfSystemRole(name);
    if (vocabulary == "institution/person") return OfInstitutionRole(name);
    if (vocabulary == "membership") return OfContextRole(name);
    // A sub-role (membership/Instructor#TeachingAssistant) has its principal role's view.
    if (Starts(vocabulary, "membership/")) {
      return OfContextRole(vocabulary.substr(std::string_view("membership/").size()));
    }
    // Deprecated v2/person#...: system roles first, else institution roles.
    if (vocabulary == "person") {
      return OfSystemRole(name) != View::kNone ? View::kAdministrator : OfInstitutionRole(name);
    }
    return View::kNone;
  }
  if (Starts(role, kLti11)) {
    // urn:lti:sysrole:ims/lis/Administrator, urn:lti:instrole:ims/lis/Instructor,
    // urn:lti:role:ims/lis/Learner (and .../Instructor/TeachingAssistant).
    std::string_view rest = role.substr(kLti11.size());
    const size_t colon = rest.find(':');
    if (colon == std::string_view::npos) return View::kNone;
    const std::string_view kind = rest.substr(0, colon);
    std::string_view name = rest.substr(colon + 1);
    if (!Starts(name, "ims/lis/")) return View::kNone;
    name = name.substr(std::string_view("ims/lis/").size());
    name = name.substr(0, name.find('/'));
    if (kind == "sysrole") return OfSystemRole(name);
    if (kind == "instrole") return OfInstitutionRole(name);
    if (kind == "role") return OfContextRole(name);
    return View::kNone;
  }
  if (role.find(':') != std::string_view::npos || role.find('#') != std::string_view::npos) {
    return View::kNone;  // a URI of a vocabulary not known here
  }
  return OfContextRole(role);
}

View ViewOfRoles(const std::vector<std::string>& roles) {
  View widest = View::kNone;
  for (const std::string& role : roles)
    widest = std::max(widest, ViewOfRole(role));
  return widest;
}

namespace {

bool Ends(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Mentor in any vocabulary: "Mentor", "...#Mentor", "urn:lti:...:ims/lis/Mentor", and the
// sub-roles "membership/Mentor#...".
bool IsMentorRole(std::string_view role) {
  return role == "Mentor" || Ends(role, "#Mentor") || Ends(role, "/Mentor") ||
         role.find("/membership/Mentor#") != std::string_view::npos ||
         role.find("ims/lis/Mentor/") != std::string_view::npos;
}

}  // namespace

View ViewOfScopedRoles(const std::vector<std::string>& roles, bool has_mentees) {
  const View widest = ViewOfRoles(roles);
  if (!has_mentees || widest != View::kInstructor) return widest;
  View others = View::kNone;
  bool mentor = false;
  for (const std::string& role : roles) {
    if (IsMentorRole(role)) {
      mentor = mentor || ViewOfRole(role) == View::kInstructor;
    } else {
      others = std::max(others, ViewOfRole(role));
    }
  }
  return mentor && others < View::kInstructor ? View::kMentor : widest;
}

const char* ViewName(View view) {
  switch (view) {
    case View::kAdministrator:
      return "administrator";
    case View::kInstructor:
      return "instructor";
    case View::kMentor:
      return "mentor";
    case View::kLearner:
      return "learner";
    case View::kNone:
      return "none";
  }
  return "none";
}

}  // namespace outcomes::lti
