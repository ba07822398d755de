// KPI observations from JSON and from CSV exports (plugin/kpi).
#include <string>

#include <gtest/gtest.h>

#include "plugin/kpi/csv.h"
#include "plugin/kpi/observation.h"

namespace outcomes {
namespace {

namespace json = lrs::json;

lrs::Result<KpiObservation> FromJson(const std::string& text) {
  json::Document doc;
  EXPECT_TRUE(json::Parse(text, &doc).ok()) << text;
  return ParseObservation(doc, "observation");
}

std::string ErrorOf(const lrs::Result<std::vector<KpiObservation>>& r) {
  return r.ok() ? "(accepted)" : r.error().message();
}

TEST(KpiObservationTest, AcceptsAudienceAgentAndTeamValues) {
  auto audience = FromJson(R"({"date": "2026-03-31", "value": 4.2})");
  ASSERT_TRUE(audience.ok()) << audience.error().message();
  EXPECT_EQ(audience.value().Subject(), "");
  EXPECT_EQ(audience.value().date, "2026-03-31");

  auto agent =
      FromJson(R"({"date": "2026-03-31", "value": 17, "agent": {"mbox": "mailto:A@x.org"}})");
  ASSERT_TRUE(agent.ok()) << agent.error().message();
  EXPECT_EQ(agent.value().Subject().rfind("agent:", 0), 0u);

  auto team = FromJson(R"({"date": "2026-03-31", "value": -1.5, "team": "emea"})");
  ASSERT_TRUE(team.ok()) << team.error().message();
  EXPECT_EQ(team.value().Subject(), "team:emea");
}

TEST(KpiObservationTest, RejectionsNameTheField) {
  auto expect = [](const std::string& text, const std::string& start) {
    auto o = FromJson(text);
    ASSERT_FALSE(o.ok()) << text;
    EXPECT_EQ(o.error().code(), lrs::ErrorCode::kBadRequest);
    EXPECT_EQ(o.error().message().rfind(start, 0), 0u) << o.error().message();
  };
  expect(R"({"value": 1})", "observation: missing required property \"date\"");
  expect(R"({"date": "2026-02-30", "value": 1})", "observation.date: \"2026-02-30\" is not a date");
  expect(R"({"date": "2026-03-01", "value": "1"})", "observation.value: must be of type");
  expect(R"({"date": "2026-03-01", "value": 1, "unit": "%"})",
         "observation.unit: unknown property");
  expect(R"({"date": "2026-03-01", "value": 1, "agent": {"name": "no identifier"}})",
         "observation.agent");
  expect(R"({"date": "2026-03-01", "value": 1, "team": "a", "agent": {"mbox": "mailto:a@x.org"}})",
         "observation: an observation is for an agent or a team, not both");
}

TEST(KpiCsvTest, HeaderColumnsAreFoundByNameInAnyOrder) {
  auto rows = ParseKpiCsv(
      "\xEF\xBB\xBF"
      "Email,Metric,Period\r\n"
      "ann@example.com,12.5,2026-03-31\r\n"
      "\"mailto:ben@example.com\",\"1,5\",2026-03-31T23:30:00-02:00\r\n");
  ASSERT_FALSE(rows.ok());  // "1,5" is not a number: decimal commas are not guessed
  EXPECT_NE(ErrorOf(rows).find("line 3: value \"1,5\" is not a number"), std::string::npos)
      << ErrorOf(rows);

  rows = ParseKpiCsv(
      "Email,Metric,Period\n"
      "ann@example.com,12.5,2026-03-31\n"
      "\n"
      "\"mailto:ben@example.com\",9,2026-03-31T23:30:00-02:00\n");
  ASSERT_TRUE(rows.ok()) << ErrorOf(rows);
  ASSERT_EQ(rows.value().size(), 2u);
  EXPECT_EQ(rows.value()[0].value, 12.5);
  EXPECT_EQ(*rows.value()[0].agent_key, "mbox|mailto:ann@example.com");
  EXPECT_EQ(rows.value()[1].date, "2026-04-01");  // 23:30 at UTC-2 is the next day in UTC
}

TEST(KpiCsvTest, WithoutAHeaderColumnsAreDateValueAgentTeam) {
  auto rows = ParseKpiCsv("2026-01-31,4.1\n2026-02-28,3.9,,night-shift\n");
  ASSERT_TRUE(rows.ok()) << ErrorOf(rows);
  ASSERT_EQ(rows.value().size(), 2u);
  EXPECT_EQ(rows.value()[0].Subject(), "");
  EXPECT_EQ(rows.value()[1].Subject(), "team:night-shift");
}

TEST(KpiCsvTest, BadRowsAreAllNamedAndNothingIsLoaded) {
  auto rows = ParseKpiCsv(
      "date,value,agent,team\n"
      "2026-01-31,4.1,,\n"
      "31/01/2026,4.1,,\n"
      "2026-02-28,n/a,,\n"
      "2026-02-28,3,not an address,\n"
      "2026-02-28,3,ann@example.com,emea\n"
      "2026-02-28,3,,emea,extra\n");
  ASSERT_FALSE(rows.ok());
  const std::string message = ErrorOf(rows);
  EXPECT_EQ(message.rfind("5 bad rows, nothing imported", 0), 0u) << message;
  for (const char* line : {"line 3: date", "line 4: value \"n/a\"", "line 5: agent",
                           "line 6: a row is for an agent or a team", "line 7: 5 fields"}) {
    EXPECT_NE(message.find(line), std::string::npos) << line << " in " << message;
  }
  EXPECT_EQ(message.find("line 2"), std::string::npos) << message;
}

TEST(KpiCsvTest, ValuesAreDecimalNumbers) {
  auto rows = ParseKpiCsv("2026-01-31,-1.5e1\n2026-02-28,+2\n");
  ASSERT_TRUE(rows.ok()) << ErrorOf(rows);
  EXPECT_EQ(rows.value()[0].value, -15.0);
  for (const char* value : {"0x10", "0x1p3", "inf", "NaN", "\"1,5\"", "12 %"}) {
    EXPECT_NE(ErrorOf(ParseKpiCsv(std::string("2026-01-31,") + value + "\n")).find("line 1: value"),
              std::string::npos)
        << value;
  }
}

TEST(KpiCsvTest, UnknownHeadersAndEmptyFilesAreRejected) {
  EXPECT_NE(ErrorOf(ParseKpiCsv("date,value,colour\n2026-01-01,1,red\n"))
                .find("line 1: unknown column \"colour\""),
            std::string::npos);
  EXPECT_NE(ErrorOf(ParseKpiCsv("agent,value\nann@example.com,1\n"))
                .find("needs a date and a value column"),
            std::string::npos);
  EXPECT_FALSE(ParseKpiCsv("").ok());
  EXPECT_FALSE(ParseKpiCsv("date,value\n").ok());
}

TEST(CsvTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  auto records = ParseCsv("a,\"b,\"\"c\"\"\nd\",e\n\nf\n");
  ASSERT_TRUE(records.ok()) << records.error().message();
  ASSERT_EQ(records.value().size(), 2u);
  EXPECT_EQ(records.value()[0].fields[1], "b,\"c\"\nd");
  EXPECT_EQ(records.value()[1].line, 4);
  auto open = ParseCsv("a,\"b\n");
  ASSERT_FALSE(open.ok());
  EXPECT_NE(open.error().message().find("line 1"), std::string::npos) << open.error().message();
}

}  // namespace
}  // namespace outcomes
