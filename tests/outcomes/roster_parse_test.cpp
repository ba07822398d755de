// The roster CSV (plugin/roster/roster.h): columns by name, every kind of learner identifier
// keyed as tagging keys actors, and every bad row rejected with its line, all or nothing.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugin/roster/roster.h"

namespace outcomes {
namespace {

TEST(RosterCsv, ReadsEveryIdentifierColumnsInAnyOrderAndOptionalCells) {
  auto roster = ParseRosterCsv(
      "\xEF\xBB\xBFTeam,MBOX,mbox_sha1sum,account_homepage,account_name,manager,segment\r\n"
      "line-a,ann@Example.com,,,,mia@example.com,employees\r\n"
      "line-a,mailto:bob@example.com,,,,mia@example.com,\r\n"
      "\r\n"
      "line-b,,D5A5C3E9D1C63F7CBCD4DC2F8C9AE1E3C0F6D8B9,,,,contractors\r\n"
      "\"line b, night\",,,https://hr.example.com,E-1001,max,\r\n");
  ASSERT_TRUE(roster.ok()) << roster.error().message();
  const std::vector<RosterEntry>& r = roster.value();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].agent, "mbox|mailto:ann@example.com");  // the domain in lower case, as tags
  EXPECT_EQ(r[0].team, "line-a");
  EXPECT_EQ(r[0].manager, "mia@example.com");
  EXPECT_EQ(r[0].segment, "employees");
  EXPECT_EQ(r[1].agent, "mbox|mailto:bob@example.com");
  EXPECT_EQ(r[1].segment, "");
  EXPECT_EQ(r[2].agent, "mbox_sha1sum|d5a5c3e9d1c63f7cbcd4dc2f8c9ae1e3c0f6d8b9");
  EXPECT_EQ(r[2].manager, "");
  EXPECT_EQ(r[3].agent, "account|https://hr.example.com|E-1001");
  EXPECT_EQ(r[3].team, "line b, night");
}

TEST(RosterCsv, EveryBadRowIsNamedByItsLineAndNothingIsReturned) {
  auto roster = ParseRosterCsv(
      "mbox,account_homepage,account_name,team,manager\n"
      "ann@example.com,,,line-a,mia\n"                          // 2: fine
      "bob@example.com,,,,mia\n"                                // 3: no team
      ",,,line-a,\n"                                            // 4: no learner
      "carol@example.com,https://hr.example.com,E-1,line-a,\n"  // 5: two identifiers
      ",https://hr.example.com,,line-a,\n"                      // 6: account without a name
      "not an address,,,line-a,\n"                              // 7: not an e-mail address
      "ann@EXAMPLE.com,,,line-b,\n"                             // 8: ann again (same identity)
      ",,,line-a,mia,extra\n"                                   // 9: too many fields
      "dave@example.com,,,line-b,max\n");                       // 10: fine
  ASSERT_FALSE(roster.ok());
  const std::string message = roster.error().message();
  for (const char* part :
       {"7 bad rows, nothing imported", "line 3: team is empty", "line 4: no learner",
        "line 5: more than one identifier", "line 6: an account needs both",
        "line 7: mbox \"not an address\" is not an e-mail address",
        "line 8: the learner is already on line 2", "line 9: 6 fields, expected at most 5"}) {
    EXPECT_NE(message.find(part), std::string::npos) << part << " in " << message;
  }
  EXPECT_EQ(message.find("line 2:"), std::string::npos) << message;
  EXPECT_EQ(message.find("line 10"), std::string::npos) << message;
}

TEST(RosterCsv, TheHeaderMustNameALearnerAndATeamAndOnlyKnownColumns) {
  auto check = [](const std::string& text, const std::string& expected) {
    auto roster = ParseRosterCsv(text);
    ASSERT_FALSE(roster.ok()) << text;
    EXPECT_NE(roster.error().message().find(expected), std::string::npos)
        << roster.error().message();
  };
  check("", "the file holds no rows");
  check("mbox,team\n", "the file holds a header but no rows");
  check("mbox,team,colour\nann@example.com,a,red\n", "line 1: unknown column \"colour\"");
  check("mbox,manager\nann@example.com,mia\n", "line 1: the header needs a team column");
  check("team,manager\na,mia\n", "line 1: the header needs a learner column");
  check("account_homepage,team\nhttps://x.example.com,a\n", "line 1: the header needs a learner");
  check("mbox,account_name,team\nann@example.com,,a\n", "account_homepage and account_name go");
  check("mbox,Team,team\nann@example.com,a,b\n", "line 1: column \"team\" repeats another");
  check("mbox,team\n\"ann@example.com,a\n", "never closed");
}

}  // namespace
}  // namespace outcomes
