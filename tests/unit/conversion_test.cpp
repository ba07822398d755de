// One stored form, two kinds of readers (lrs/xapi/conversion.h): a statement received under
// 2.0.0 reads as a valid 1.0.3 statement under 1.0.3, one received under 1.0.3 reads as a
// valid 2.0.0 statement under 2.0.0, and neither is changed for a reader of its own version.
#include "lrs/xapi/conversion.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "lrs/xapi/statement.h"
#include "lrs/xapi/validator.h"
#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;

constexpr char kAuthority[] =
    R"({"objectType": "Agent", "account": {"homePage": "http://lrs.example.com", "name": "key1"}})";

// A statement only xAPI 2.0.0 can carry: context agents and groups, at the top and in a
// SubStatement.
constexpr char kTwoZero[] = R"({
  "actor": {"mbox": "mailto:ann@example.com"},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
  "object": {"objectType": "SubStatement",
             "actor": {"mbox": "mailto:ann@example.com"},
             "verb": {"id": "http://example.com/verbs/will-meet"},
             "object": {"id": "http://example.com/activities/review"},
             "context": {"contextAgents": [{"objectType": "contextAgent",
                                            "agent": {"mbox": "mailto:mentor@example.com"}}],
                         "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7"}},
  "context": {
    "contextAgents": [{"objectType": "contextAgent", "agent": {"mbox": "mailto:coach@example.com"},
                       "relevantTypes": ["http://example.com/roles/coach"]}],
    "contextGroups": [{"objectType": "contextGroup",
                       "group": {"objectType": "Group", "openid": "http://example.com/cohort"}}],
    "contextActivities": {"parent": {"id": "http://example.com/activities/course"}},
    "language": "en-US"
  },
  "timestamp": "2023-05-04 12:00:00-05:00"
})";

// A statement using much of what xAPI 1.0.3 allows, with timestamps 2.0.0 would not take as
// sent (basic ISO 8601, no offset).
constexpr char kOneZero[] = R"({
  "actor": {"objectType": "Group", "name": "Pair", "member": [
    {"mbox": "mailto:ann@example.com"}, {"name": "Bob", "openid": "http://openid.example.com/bob"}]},
  "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
  "object": {"id": "http://example.com/q1", "definition": {"interactionType": "choice",
             "choices": [{"id": "a", "description": {"en-US": "A"}}],
             "correctResponsesPattern": ["a"]}},
  "result": {"score": {"scaled": 1}, "duration": "PT2.25S", "response": "a"},
  "context": {"instructor": {"mbox": "mailto:teacher@example.com"},
              "team": {"objectType": "Group", "openid": "http://example.com/team"},
              "contextActivities": {"grouping": {"id": "http://example.com/quiz"}},
              "revision": "3", "platform": "web"},
  "timestamp": "20151118T121700.5",
  "version": "1.0.3"
})";

ValidationOptions Under(Version version) {
  ValidationOptions options;
  options.version = version;
  return options;
}

// `text` validated and prepared as a request under `version` would store it.
JsonDoc Stored(const char* text, Version version) {
  JsonDoc statement(text);
  Status valid = ValidateStatement(statement.doc(), "statement", Under(version));
  EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message());
  JsonDoc authority(kAuthority);
  PrepareForStorage(statement.doc(), authority, version);
  return statement;
}

TEST(ConversionTest, OnlyTwoZeroStatementsReadUnder103AreConverted) {
  EXPECT_TRUE(NeedsConversion(Version::k2_0_0, Version::k1_0_3));
  EXPECT_FALSE(NeedsConversion(Version::k2_0_0, Version::k2_0_0));
  EXPECT_FALSE(NeedsConversion(Version::k1_0_3, Version::k1_0_3));
  EXPECT_FALSE(NeedsConversion(Version::k1_0_3, Version::k2_0_0));
}

TEST(ConversionTest, TwoZeroStatementReadUnder103) {
  JsonDoc statement = Stored(kTwoZero, Version::k2_0_0);
  EXPECT_EQ(json::View(statement.doc()["version"]), "2.0.0");
  const std::string stored = statement.Text();
  ConvertForReader(statement.doc(), statement.doc().GetAllocator(), Version::k2_0_0,
                   Version::k1_0_3);
  const json::Value& s = statement.doc();
  EXPECT_FALSE(s["context"].HasMember("contextAgents"));
  EXPECT_FALSE(s["context"].HasMember("contextGroups"));
  EXPECT_FALSE(s["object"]["context"].HasMember("contextAgents"));
  EXPECT_EQ(json::View(s["version"]), "1.0.0");
  // The rest is as stored.
  EXPECT_EQ(json::View(s["context"]["language"]), "en-US");
  EXPECT_EQ(json::View(s["object"]["context"]["registration"]),
            "ec531277-b57b-4c15-8d91-d292c5b2b8f7");
  EXPECT_EQ(json::View(s["timestamp"]), "2023-05-04T17:00:00.000Z");
  // What the reader gets is a statement 1.0.3 accepts; what was stored is not.
  JsonDoc before(stored);
  EXPECT_FALSE(ValidateStatement(before.doc(), "statement", Under(Version::k1_0_3)).ok());
  Status valid = ValidateStatement(s, "statement", Under(Version::k1_0_3));
  EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message()) << "\n"
                          << statement.Text();
}

TEST(ConversionTest, AStatementsOwnVersionIsKeptForItsOwnReaders) {
  JsonDoc two = Stored(kTwoZero, Version::k2_0_0);
  const std::string as_stored = two.Text();
  ConvertForReader(two.doc(), two.doc().GetAllocator(), Version::k2_0_0, Version::k2_0_0);
  EXPECT_EQ(two.Text(), as_stored);

  JsonDoc one = Stored(kOneZero, Version::k1_0_3);
  const std::string one_stored = one.Text();
  ConvertForReader(one.doc(), one.doc().GetAllocator(), Version::k1_0_3, Version::k1_0_3);
  EXPECT_EQ(one.Text(), one_stored);
}

TEST(ConversionTest, OneZeroStatementReadUnder200IsUnchangedAndValid) {
  // The other way round: the stored form of a 1.0.3 statement (UTC RFC 3339 timestamps,
  // contextActivities as arrays) is a valid 2.0.0 statement, and 2.0.0 keeps its version.
  JsonDoc sent(kOneZero);
  EXPECT_FALSE(ValidateStatement(sent.doc(), "statement", Under(Version::k2_0_0)).ok())
      << "as sent, its timestamp is not RFC 3339";
  JsonDoc statement = Stored(kOneZero, Version::k1_0_3);
  const std::string stored = statement.Text();
  ConvertForReader(statement.doc(), statement.doc().GetAllocator(), Version::k1_0_3,
                   Version::k2_0_0);
  EXPECT_EQ(statement.Text(), stored);
  EXPECT_EQ(json::View(statement.doc()["version"]), "1.0.3");
  EXPECT_EQ(json::View(statement.doc()["timestamp"]), "2015-11-18T12:17:00.500Z");
  Status valid = ValidateStatement(statement.doc(), "statement", Under(Version::k2_0_0));
  EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message());
}

TEST(ConversionTest, ExampleStatementsStoredUnderEitherVersionReadUnderTheOther) {
  // The statements of schemas/examples and those above: each stored under a version whose rules
  // it follows, then converted for a reader of the other version, validates under the reader's
  // rules.
  std::vector<std::string> texts = {kOneZero, kTwoZero};
  const std::filesystem::path dir =
      std::filesystem::path(OUTCOME_LRS_SOURCE_DIR) / "schemas" / "examples";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("statement", 0) != 0 || entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream buffer;
    buffer << in.rdbuf();
    JsonDoc file(buffer.str());
    if (file.doc().IsArray()) {
      for (const json::Value& statement : file.doc().GetArray())
        texts.push_back(json::Write(statement));
    } else {
      texts.push_back(file.Text());
    }
  }
  ASSERT_GT(texts.size(), 10u);
  int converted = 0;
  for (const std::string& text : texts) {
    for (auto [from, to] : {std::pair(Version::k1_0_3, Version::k2_0_0),
                            std::pair(Version::k2_0_0, Version::k1_0_3)}) {
      JsonDoc statement(text);
      if (!ValidateStatement(statement.doc(), "statement", Under(from)).ok()) continue;
      JsonDoc authority(kAuthority);
      PrepareForStorage(statement.doc(), authority, from);
      ConvertForReader(statement.doc(), statement.doc().GetAllocator(), from, to);
      Status valid = ValidateStatement(statement.doc(), "statement", Under(to));
      EXPECT_TRUE(valid.ok()) << (valid.ok() ? "" : valid.error().message()) << "\n"
                              << statement.Text();
      ++converted;
    }
  }
  EXPECT_GE(converted, static_cast<int>(texts.size()));
}

}  // namespace
}  // namespace lrs::xapi
