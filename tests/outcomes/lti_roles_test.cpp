// LTI role URIs → the outcome view they allow (plugin/lti/roles.h), table-driven.
#include <gtest/gtest.h>

#include "plugin/lti/roles.h"

namespace outcomes::lti {
namespace {

TEST(LtiRoles, EachRoleFormMapsToItsView) {
  const std::string lis = "http://purl.imsglobal.org/vocab/lis/v2/";
  const struct {
    std::string role;
    View view;
  } cases[] = {
      // System roles.
      {lis + "system/person#Administrator", View::kAdministrator},
      {lis + "system/person#SysAdmin", View::kAdministrator},
      {lis + "system/person#User", View::kNone},
      {lis + "system/person#SysSupport", View::kNone},
      // Institution roles.
      {lis + "institution/person#Administrator", View::kInstructor},
      {lis + "institution/person#Instructor", View::kInstructor},
      {lis + "institution/person#Faculty", View::kInstructor},
      {lis + "institution/person#Mentor", View::kInstructor},
      {lis + "institution/person#Student", View::kLearner},
      {lis + "institution/person#Learner", View::kLearner},
      {lis + "institution/person#Guest", View::kNone},
      {lis + "institution/person#Staff", View::kNone},
      {lis + "institution/person#Alumni", View::kNone},
      // Context roles, full, sub-roles and short.
      {lis + "membership#Instructor", View::kInstructor},
      {lis + "membership#Mentor", View::kInstructor},
      {lis + "membership#Manager", View::kInstructor},
      {lis + "membership#Administrator", View::kInstructor},
      {lis + "membership#Learner", View::kLearner},
      {lis + "membership#ContentDeveloper", View::kNone},
      {lis + "membership#Member", View::kNone},
      {lis + "membership/Instructor#TeachingAssistant", View::kInstructor},
      {lis + "membership/Learner#NonCreditLearner", View::kLearner},
      {lis + "membership/Manager#AreaManager", View::kInstructor},
      {"Instructor", View::kInstructor},
      {"Learner", View::kLearner},
      {"Mentor", View::kInstructor},
      {"ContentDeveloper", View::kNone},
      // Deprecated v2/person# forms.
      {lis + "person#Administrator", View::kAdministrator},
      {lis + "person#SysAdmin", View::kAdministrator},
      {lis + "person#Instructor", View::kInstructor},
      {lis + "person#Student", View::kLearner},
      {lis + "person#Guest", View::kNone},
      // LTI 1.1 URNs.
      {"urn:lti:sysrole:ims/lis/SysAdmin", View::kAdministrator},
      {"urn:lti:instrole:ims/lis/Instructor", View::kInstructor},
      {"urn:lti:role:ims/lis/Learner", View::kLearner},
      {"urn:lti:role:ims/lis/Instructor/TeachingAssistant", View::kInstructor},
      // Look-alikes are nothing.
      {"http://example.com/vocab/lis/v2/membership#Instructor", View::kNone},
      {lis + "membership#instructor", View::kNone},
      {"", View::kNone},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ViewOfRole(c.role), c.view) << c.role << " gave " << ViewName(ViewOfRole(c.role));
  }
}

TEST(LtiRoles, TheWidestRoleWins) {
  const std::string lis = "http://purl.imsglobal.org/vocab/lis/v2/";
  EXPECT_EQ(ViewOfRoles({}), View::kNone);
  EXPECT_EQ(ViewOfRoles({lis + "membership#Learner", lis + "membership#Instructor"}),
            View::kInstructor);
  EXPECT_EQ(ViewOfRoles({lis + "institution/person#Student", lis + "system/person#SysAdmin"}),
            View::kAdministrator);
  EXPECT_EQ(ViewOfRoles({lis + "institution/person#Guest", "Learner"}), View::kLearner);
}

TEST(LtiRoles, AMentorWithMenteesSeesThemOnly) {
  const std::string lis = "http://purl.imsglobal.org/vocab/lis/v2/";
  for (const std::string& mentor : {lis + "membership#Mentor", lis + "institution/person#Mentor",
                                    lis + "membership/Mentor#Advisor", std::string("Mentor"),
                                    std::string("urn:lti:role:ims/lis/Mentor")}) {
    EXPECT_EQ(ViewOfScopedRoles({mentor}, true), View::kMentor) << mentor;
    EXPECT_EQ(ViewOfScopedRoles({mentor, lis + "membership#Learner"}, true), View::kMentor);
    // Without role_scope_mentor: an instructor's view, as in ViewOfRoles.
    EXPECT_EQ(ViewOfScopedRoles({mentor}, false), View::kInstructor) << mentor;
    // Another role that sees the course keeps its view.
    EXPECT_EQ(ViewOfScopedRoles({mentor, lis + "membership#Instructor"}, true), View::kInstructor);
    EXPECT_EQ(ViewOfScopedRoles({mentor, lis + "system/person#Administrator"}, true),
              View::kAdministrator);
  }
  EXPECT_EQ(ViewOfScopedRoles({lis + "membership#Learner"}, true), View::kLearner);
  EXPECT_EQ(ViewOfScopedRoles({lis + "membership#Manager"}, true), View::kInstructor);
  EXPECT_STREQ(ViewName(View::kMentor), "mentor");
}

}  // namespace
}  // namespace outcomes::lti
