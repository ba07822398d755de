// Export rows (plugin/export/rows.h) without a server: flattening, CSV quoting, NDJSON types.
#include "plugin/export/rows.h"

#include <gtest/gtest.h>

namespace outcomes {
namespace {

namespace json = lrs::json;

TEST(ExportRowsTest, CsvQuotesOnlyWhatNeedsItAndNdjsonKeepsTypes) {
  json::Document statement;
  ASSERT_TRUE(json::Parse(R"({
    "id": "6fbd600f-d17c-4c74-801a-2ec2e53231f7", "stored": "2026-03-02T10:00:01.000Z",
    "timestamp": "2026-03-02T10:00:00.000Z",
    "actor": {"name": "Smith, \"Ann\"", "account": {"homePage": "https://lms.example.com", "name": "a1"}},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"fr": "a répondu", "en": "answered"}},
    "object": {"id": "https://lms.example.com/q1", "definition": {"name": {"de": "Frage"},
               "type": "http://adlnet.gov/expapi/activities/cmi.interaction"}},
    "result": {"success": false, "score": {"raw": 3, "min": 0, "max": 5}, "response": "line1\nline2"}
  })",
                          &statement)
                  .ok());
  const auto row = StatementRow(statement, {"a", "b"}, std::nullopt);
  ASSERT_EQ(row.size(), StatementColumns().size());
  std::string csv;
  AppendRow(ExportFormat::kCsv, StatementColumns(), row, &csv);
  EXPECT_EQ(csv,
            "2026-03-02T10:00:01.000Z,2026-03-02T10:00:00.000Z,6fbd600f-d17c-4c74-801a-"
            "2ec2e53231f7,account|https://lms.example.com|a1,\"Smith, \"\"Ann\"\"\","
            "http://adlnet.gov/expapi/verbs/answered,answered,https://lms.example.com/q1,"
            "http://adlnet.gov/expapi/activities/cmi.interaction,Frage,,false,,,3,0,5,,"
            "\"line1\nline2\",a b,\r\n");
  std::string ndjson;
  AppendRow(ExportFormat::kNdjson, StatementColumns(), row, &ndjson);
  json::Document parsed;
  ASSERT_EQ(ndjson.back(), '\n');
  ASSERT_TRUE(json::Parse(ndjson, &parsed).ok()) << ndjson;
  EXPECT_TRUE(parsed["result_success"].IsBool());
  EXPECT_FALSE(parsed["result_success"].GetBool());
  EXPECT_TRUE(parsed["result_score_raw"].IsInt());
  EXPECT_TRUE(parsed["result_completion"].IsNull());
  EXPECT_TRUE(parsed["team"].IsNull());
  EXPECT_EQ(json::View(parsed["actor_name"]), "Smith, \"Ann\"");
}

TEST(ExportRowsTest, FormatsAreNamed) {
  EXPECT_EQ(ParseExportFormat("").value(), ExportFormat::kNdjson);
  EXPECT_EQ(ParseExportFormat("csv").value(), ExportFormat::kCsv);
  EXPECT_FALSE(ParseExportFormat("CSV").ok());
}

}  // namespace
}  // namespace outcomes
