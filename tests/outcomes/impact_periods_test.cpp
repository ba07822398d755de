// Calendar periods (plugin/analytics/periods.h): weeks from Monday, months, quarters, their
// boundaries and names, and the window in event times.
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "plugin/analytics/periods.h"
#include "plugin/model/days.h"

namespace outcomes {
namespace {

int64_t Day(const char* date) {
  return *DayOfDate(date);
}

std::string Start(const char* date, PeriodKind kind) {
  return DateOfDay(PeriodStart(Day(date), kind));
}

TEST(ImpactPeriods, Names) {
  EXPECT_EQ(ParsePeriodKind("week"), PeriodKind::kWeek);
  EXPECT_EQ(ParsePeriodKind("month"), PeriodKind::kMonth);
  EXPECT_EQ(ParsePeriodKind("quarter"), PeriodKind::kQuarter);
  EXPECT_FALSE(ParsePeriodKind("day"));
  EXPECT_FALSE(ParsePeriodKind("Month"));
  for (PeriodKind k : {PeriodKind::kWeek, PeriodKind::kMonth, PeriodKind::kQuarter})
    EXPECT_EQ(ParsePeriodKind(PeriodKindName(k)), k);
}

TEST(ImpactPeriods, WeeksStartOnMonday) {
  EXPECT_EQ(Start("2024-01-01", PeriodKind::kWeek), "2024-01-01");  // a Monday
  EXPECT_EQ(Start("2024-01-07", PeriodKind::kWeek), "2024-01-01");  // Sunday
  EXPECT_EQ(Start("2023-12-31", PeriodKind::kWeek), "2023-12-25");
  EXPECT_EQ(Start("1970-01-01", PeriodKind::kWeek), "1969-12-29");  // a Thursday
  EXPECT_EQ(Start("1969-12-28", PeriodKind::kWeek), "1969-12-22");
  EXPECT_EQ(DateOfDay(NextPeriodStart(Day("2024-12-30"), PeriodKind::kWeek)), "2025-01-06");
}

TEST(ImpactPeriods, MonthsAndQuarters) {
  EXPECT_EQ(Start("2024-02-29", PeriodKind::kMonth), "2024-02-01");
  EXPECT_EQ(Start("2024-03-01", PeriodKind::kMonth), "2024-03-01");
  EXPECT_EQ(Start("2023-12-31", PeriodKind::kMonth), "2023-12-01");
  EXPECT_EQ(Start("1969-12-31", PeriodKind::kMonth), "1969-12-01");
  EXPECT_EQ(Start("2000-02-29", PeriodKind::kMonth), "2000-02-01");
  EXPECT_EQ(Start("2024-05-15", PeriodKind::kQuarter), "2024-04-01");
  EXPECT_EQ(Start("2024-12-31", PeriodKind::kQuarter), "2024-10-01");
  EXPECT_EQ(Start("2025-01-01", PeriodKind::kQuarter), "2025-01-01");
  EXPECT_EQ(Start("2025-03-31", PeriodKind::kQuarter), "2025-01-01");
  EXPECT_EQ(Start("1969-08-01", PeriodKind::kQuarter), "1969-07-01");
  EXPECT_EQ(DateOfDay(NextPeriodStart(Day("2024-01-01"), PeriodKind::kMonth)), "2024-02-01");
  EXPECT_EQ(DateOfDay(NextPeriodStart(Day("2024-02-01"), PeriodKind::kMonth)), "2024-03-01");
  EXPECT_EQ(DateOfDay(NextPeriodStart(Day("2023-12-01"), PeriodKind::kMonth)), "2024-01-01");
  EXPECT_EQ(DateOfDay(NextPeriodStart(Day("2024-10-01"), PeriodKind::kQuarter)), "2025-01-01");
  EXPECT_EQ(DateOfDay(NextPeriodStart(Day("2024-01-01"), PeriodKind::kQuarter)), "2024-04-01");
}

// Every day around the epoch, of 1996-2030 (2000 is a leap year) and of 2098-2102 (2100 is not)
// against the LRS's own date formatting: its month starts on the first of its "YYYY-MM", its
// quarter on the first of month 1, 4, 7 or 10, its week on the Monday before.
TEST(ImpactPeriods, EveryDayAgreesWithTheCalendar) {
  std::vector<int64_t> days;
  for (auto [from, to] : {std::pair<const char*, const char*>{"1968-01-01", "1972-12-31"},
                          {"1996-01-01", "2030-12-31"},
                          {"2098-01-01", "2102-12-31"}})
    for (int64_t day = Day(from); day <= Day(to); ++day)
      days.push_back(day);
  for (int64_t day : days) {
    const std::string date = DateOfDay(day);
    const std::string month_start = date.substr(0, 8) + "01";
    ASSERT_EQ(DateOfDay(PeriodStart(day, PeriodKind::kMonth)), month_start) << date;
    const int month = std::stoi(date.substr(5, 2));
    const int first_month = (month - 1) / 3 * 3 + 1;
    const std::string quarter_start =
        date.substr(0, 5) + (first_month < 10 ? "0" : "") + std::to_string(first_month) + "-01";
    ASSERT_EQ(DateOfDay(PeriodStart(day, PeriodKind::kQuarter)), quarter_start) << date;
    const int64_t week = PeriodStart(day, PeriodKind::kWeek);
    ASSERT_TRUE(day - week >= 0 && day - week < 7) << date;
    ASSERT_EQ(((week + 3) % 7 + 7) % 7, 0) << date;  // a Monday
  }
}

TEST(ImpactPeriods, Calendar) {
  const PeriodCalendar months(PeriodKind::kMonth, Day("2024-01-15"), Day("2024-06-03"));
  ASSERT_EQ(months.size(), 6);
  EXPECT_EQ(months.Names(), (std::vector<std::string>{"2024-01-01", "2024-02-01", "2024-03-01",
                                                      "2024-04-01", "2024-05-01", "2024-06-01"}));
  EXPECT_EQ(DateOfDay(months.End(1)), "2024-02-29");
  EXPECT_EQ(DateOfDay(months.End(5)), "2024-06-30");
  EXPECT_EQ(months.IndexOfDay(Day("2024-01-01")), 0);  // the period holding from_day, whole
  EXPECT_EQ(months.IndexOfDay(Day("2024-03-31")), 2);
  EXPECT_EQ(months.IndexOfDay(Day("2024-06-30")), 5);
  EXPECT_FALSE(months.IndexOfDay(Day("2023-12-31")));
  EXPECT_FALSE(months.IndexOfDay(Day("2024-07-01")));
  EXPECT_EQ(months.IndexOfName("2024-03-01"), 2);
  EXPECT_FALSE(months.IndexOfName("2024-03-02"));
  EXPECT_FALSE(months.IndexOfName("2024-13-01"));
  EXPECT_FALSE(months.IndexOfName("2024-07-01"));

  const PeriodCalendar weeks(PeriodKind::kWeek, Day("2024-12-25"), Day("2025-01-08"));
  EXPECT_EQ(weeks.Names(), (std::vector<std::string>{"2024-12-23", "2024-12-30", "2025-01-06"}));
  const PeriodCalendar quarters(PeriodKind::kQuarter, Day("2024-02-10"), Day("2024-02-10"));
  EXPECT_EQ(quarters.Names(), (std::vector<std::string>{"2024-01-01"}));
  EXPECT_EQ(DateOfDay(quarters.End(0)), "2024-03-31");
}

// e is in the window when e times the longest period is under the window: months 31 days,
// quarters 92, weeks 7.
TEST(ImpactPeriods, WindowInEventTimes) {
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kMonth, 90), 2);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kWeek, 90), 12);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kQuarter, 90), 0);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kQuarter, 92), 0);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kQuarter, 93), 1);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kMonth, 31), 0);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kMonth, 32), 1);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kMonth, 365), 11);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kWeek, 7), 0);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kWeek, 8), 1);
  EXPECT_EQ(WindowLastEventTime(PeriodKind::kWeek, 1), 0);
  EXPECT_FALSE(WindowLastEventTime(PeriodKind::kMonth, 0));
  EXPECT_FALSE(WindowLastEventTime(PeriodKind::kMonth, -30));
}

}  // namespace
}  // namespace outcomes
