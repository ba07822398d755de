// Outcome declarations: schemas/outcome.schema.json and the checks beyond it (plugin/model).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <rapidjson/pointer.h>

#include "plugin/model/outcome.h"

namespace outcomes {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const char kMinimal[] = R"({
  "id": "cut-incidents",
  "name": "Cut incidents",
  "kpi": {"name": "TRIR", "unit": "rate", "direction": "decrease",
          "baseline": {"value": 5.2, "date": "2025-12-31"},
          "target": {"value": 3.5, "date": "2026-12-31"}},
  "audience": {"segment": "employees", "size": 420},
  "rules": [{"verb": "http://adlnet.gov/expapi/verbs/completed"}]
})";

Result<Outcome> Parse(const std::string& text) {
  json::Document doc;
  Status parsed = json::Parse(text, &doc);
  if (!parsed.ok()) return parsed.error();
  return ParseOutcome(doc);
}

// kMinimal with `pointer` set to the JSON `value` (or removed when `value` is empty).
std::string With(const std::string& pointer, const std::string& value) {
  json::Document doc;
  EXPECT_TRUE(json::Parse(kMinimal, &doc).ok());
  rapidjson::Pointer p(pointer.c_str());
  if (value.empty()) {
    p.Erase(doc);
  } else {
    json::Document v;
    EXPECT_TRUE(json::Parse(value, &v).ok()) << value;
    p.Set(doc, json::Value(v, doc.GetAllocator()));
  }
  return json::Write(doc);
}

void ExpectRejected(const std::string& text, const std::string& message_start) {
  auto parsed = Parse(text);
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error().code(), lrs::ErrorCode::kBadRequest);
  EXPECT_EQ(parsed.error().message().rfind(message_start, 0), 0u)
      << "message: " << parsed.error().message();
}

TEST(OutcomeModelTest, AcceptsAMinimalDeclarationWithDefaults) {
  auto o = Parse(kMinimal);
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o.value().id, "cut-incidents");
  EXPECT_EQ(o.value().iri, "urn:outcome-lrs:outcome:cut-incidents");
  EXPECT_FALSE(o.value().kpi.increase);
  EXPECT_EQ(o.value().kpi.baseline.day, 20453);  // 2025-12-31
  EXPECT_EQ(o.value().audience_size, 420);
  ASSERT_EQ(o.value().rules.size(), 1u);
  EXPECT_EQ(o.value().rules[0].id, "rule-1");
}

TEST(OutcomeModelTest, TheApisOwnPathsAreNotOutcomeIds) {
  for (const char* id : {"embed", "export", "roster", "ui"}) {
    ExpectRejected(With("/id", "\"" + std::string(id) + "\""),
                   "declaration.id: \"" + std::string(id) + "\" is reserved");
  }
  EXPECT_TRUE(Parse(With("/id", "\"ui-design\"")).ok());
}

TEST(OutcomeModelTest, TheShippedExamplesAreValid) {
  const auto dir = std::filesystem::path(OUTCOME_LRS_SOURCE_DIR) / "schemas/examples/outcomes";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto o = Parse(ReadFile(entry.path()));
    EXPECT_TRUE(o.ok()) << entry.path() << ": " << (o.ok() ? "" : o.error().message());
    ++count;
  }
  EXPECT_GE(count, 3);
}

TEST(OutcomeModelTest, TheCompiledSchemaIsTheFileInSchemas) {
  EXPECT_EQ(OutcomeSchemaText(), ReadFile(std::filesystem::path(OUTCOME_LRS_SOURCE_DIR) /
                                          "schemas/outcome.schema.json"));
}

TEST(OutcomeModelTest, SchemaErrorsNameTheField) {
  ExpectRejected(With("/name", ""), "declaration: missing required property \"name\"");
  ExpectRejected(With("/kpi/direction", "\"sideways\""), "kpi.direction: must be one of");
  ExpectRejected(With("/kpi/baseline/date", "\"31/12/2025\""),
                 "kpi.baseline.date: does not match the pattern");
  ExpectRejected(With("/audience/size", "0"), "audience.size: violates minimum 1");
  ExpectRejected(With("/audience/size", "\"many\""), "audience.size: must be of type");
  ExpectRejected(With("/colour", "\"blue\""), "colour: unknown property");
  ExpectRejected(With("/kpi/currency", "\"EUR\""), "kpi.currency: unknown property");
  ExpectRejected(With("/id", "\"Cut Incidents\""), "id: does not match the pattern");
  ExpectRejected(With("/rules/0/verb", "42"), "rules[0].verb: must be one IRI");
  ExpectRejected(With("/rules/0/activity", R"({"id": "a", "prefix": "b"})"),
                 "rules[0].activity: violates maxProperties 1");
  ExpectRejected(With("/skills", R"(["a", "a"])"), "skills[1]: repeats an earlier item");
}

// RapidJSON keeps the state of the schema's "pattern" regular expressions in the shared schema
// document; declarations checked at once by several HTTP threads once got each other's verdicts.
TEST(OutcomeModelTest, DeclarationsCheckedConcurrentlyGetTheirOwnVerdicts) {
  const std::string good = kMinimal;
  const std::string bad = With("/kpi/baseline/date", "\"31/12/2025\"");
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const bool expect_ok = (i + t) % 2 == 0;
        if (Parse(expect_ok ? good : bad).ok() != expect_ok) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  for (size_t t = 0; t < wrong.size(); ++t)
    EXPECT_EQ(wrong[t], 0) << "thread " << t;
}

TEST(OutcomeModelTest, ChecksBeyondTheSchemaNameTheField) {
  ExpectRejected(With("/iri", "\"not an iri\""), "iri: \"not an iri\" is not an absolute IRI");
  ExpectRejected(With("/kpi/target/value", "6"),
                 "kpi.target.value: must be below the baseline for a KPI that must decrease");
  ExpectRejected(With("/kpi/target/date", "\"2025-01-01\""),
                 "kpi.target.date: must not be before the baseline date");
  ExpectRejected(With("/kpi/baseline/date", "\"2025-02-30\""),
                 "kpi.baseline.date: \"2025-02-30\" is not a calendar date");
  ExpectRejected(With("/audience/segment", "\"custom\""),
                 "audience.custom_segment: is required when the segment is \"custom\"");
  ExpectRejected(With("/audience/custom_segment", "\"dealers\""),
                 "audience.custom_segment: is only for the segment \"custom\"");
  ExpectRejected(With("/stakeholders", R"({"sponsor": {"agent": {"name": "no ifi"}}})"),
                 "stakeholders.sponsor.agent: ");
  ExpectRejected(With("/rules/0", R"({"id": "only-an-id"})"),
                 "rules[0]: a rule needs at least one condition");
  ExpectRejected(With("/rules/0", R"({"verb": "completed"})"),
                 "rules[0].verb: \"completed\" is not an absolute IRI");
  ExpectRejected(With("/rules/0", R"({"context_activity": {"kind": "parent"}})"),
                 "rules[0].context_activity: needs exactly one of");
  ExpectRejected(With("/rules/0", R"({"registration": "00000000-0000-0000-0000-00000000000g"})"),
                 "rules[0].registration: is not a UUID");
  ExpectRejected(With("/rules", R"([{"id": "a", "success": true}, {"id": "a", "success": false}])"),
                 "rules[1].id: \"a\" is the id of another rule");
  ExpectRejected(With("/rules/0", R"({"id": "explicit", "success": true})"),
                 "rules[0].id: \"explicit\" is reserved");
  // The custom segment is accepted with a name.
  std::string custom = With("/audience", R"({"segment": "custom", "custom_segment": "dealers",
                                              "size": 30})");
  auto o = Parse(custom);
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o.value().segment, "dealers");
}

TEST(OutcomeModelTest, TheFingerprintFollowsIriAndRulesOnly) {
  auto base = Parse(kMinimal);
  auto renamed = Parse(With("/name", "\"A better name\""));
  auto new_target = Parse(With("/kpi/target/value", "3.0"));
  auto new_rule = Parse(With("/rules/0/verb", "\"http://adlnet.gov/expapi/verbs/passed\""));
  auto new_iri = Parse(With("/iri", "\"https://x.example/o\""));
  ASSERT_TRUE(base.ok() && renamed.ok() && new_target.ok() && new_rule.ok() && new_iri.ok());
  EXPECT_EQ(base.value().TaggingFingerprint(), renamed.value().TaggingFingerprint());
  EXPECT_EQ(base.value().TaggingFingerprint(), new_target.value().TaggingFingerprint());
  EXPECT_NE(base.value().TaggingFingerprint(), new_rule.value().TaggingFingerprint());
  EXPECT_NE(base.value().TaggingFingerprint(), new_iri.value().TaggingFingerprint());
}

}  // namespace
}  // namespace outcomes
