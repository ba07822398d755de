// Which outcome view an LTI user's roles allow (LTI Core 1.3 §5.3.7 and Appendix A: system,
// institution and context role vocabularies). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace outcomes::lti {

// Ordered by what they see: a user with several roles gets the widest.
enum class View {
  kNone,           // sees nothing (guest, observer, staff, ...); told why
  kLearner,        // their own progress only
  kMentor,         // their mentees' progress only (a Mentor role with role_scope_mentor)
  kInstructor,     // the course's outcomes, for the course's learners (instructor, mentor, manager)
  kAdministrator,  // every outcome of the store
};

// The view of one role as the platform sends it: a full URI of the LIS v2 vocabularies
// (".../vocab/lis/v2/system/person#SysAdmin", ".../institution/person#Instructor",
// ".../membership#Instructor", sub-roles ".../membership/Instructor#TeachingAssistant"), the
// deprecated ".../vocab/lis/v2/person#..." forms, the LTI 1.1 URNs ("urn:lti:role:ims/lis/..."),
// or a short context role ("Instructor", "Learner"). Administrator: system Administrator or
// SysAdmin. Instructor: context Instructor (and its sub-roles), Mentor, Manager, Administrator;
// institution Instructor, Faculty, Mentor, Administrator. Learner: context Learner (and its
// sub-roles), institution Student or Learner. Anything else: kNone.
View ViewOfRole(std::string_view role);

// The widest view of `roles` (kNone for none).
View ViewOfRoles(const std::vector<std::string>& roles);

// The view of a launch's `roles` when `has_mentees` (its role_scope_mentor claim names users):
// kMentor when only a Mentor role (context, institution, or a sub-role of Mentor) makes it wider
// than a learner's, else ViewOfRoles. Without mentees, ViewOfRoles.
View ViewOfScopedRoles(const std::vector<std::string>& roles, bool has_mentees);

// "administrator", "instructor", "mentor", "learner", "none".
const char* ViewName(View view);

}  // namespace outcomes::lti
