#include "plugin/analytics/periods.h"

#include <algorithm>

#include "plugin/model/days.h"

namespace outcomes {
namespace {

struct Civil {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Days since 1970-01-01 of a proleptic Gregorian date. Counts in 400-year eras (146097 days)
// of years that start on March 1st, so the leap day is the last day of its year.
int64_t DaysOfCivil(int64_t year, int month, int day) {
  const int64_t y = month <= 2 ? year - 1 : year;
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;                            // 0..399
  const int64_t shifted_month = month > 2 ? month - 3 : month + 9;      // March = 0
  const int64_t day_of_year = (153 * shifted_month + 2) / 5 + day - 1;  // 0..365
  const int64_t day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;  // 0..146096
  return era * 146097 + day_of_era - 719468;  // 719468: days from 0000-03-01 to 1970-01-01
}

// The inverse of DaysOfCivil.
Civil CivilOfDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;
  Civil c;
  c.day = static_cast<int>(day_of_year - (153 * shifted_month + 2) / 5 + 1);
  c.month = static_cast<int>(shifted_month < 10 ? shifted_month + 3 : shifted_month - 9);
  c.year = year_of_era + era * 400 + (c.month <= 2 ? 1 : 0);
  return c;
}

}  // namespace

std::optional<PeriodKind> ParsePeriodKind(std::string_view name) {
  if (name == "week") return PeriodKind::kWeek;
  if (name == "month") return PeriodKind::kMonth;
  if (name == "quarter") return PeriodKind::kQuarter;
  return std::nullopt;
}

const char* PeriodKindName(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kWeek:
      return "week";
    case PeriodKind::kMonth:
      return "month";
    case PeriodKind::kQuarter:
      return "quarter";
  }
  return "month";
}

int64_t PeriodStart(int64_t day, PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kWeek: {
      // 1970-01-01 was a Thursday: the Monday-based weekday is (day + 3) mod 7.
      const int64_t weekday = ((day + 3) % 7 + 7) % 7;
      return day - weekday;
    }
    case PeriodKind::kMonth: {
      const Civil c = CivilOfDays(day);
      return DaysOfCivil(c.year, c.month, 1);
    }
    case PeriodKind::kQuarter: {
      const Civil c = CivilOfDays(day);
      return DaysOfCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1);
    }
  }
  return day;
}

int64_t NextPeriodStart(int64_t start, PeriodKind kind) {
  return PeriodStart(start + LongestPeriodDays(kind), kind);
}

int LongestPeriodDays(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kWeek:
      return 7;
    case PeriodKind::kMonth:
      return 31;
    case PeriodKind::kQuarter:
      return 92;
  }
  return 31;
}

PeriodCalendar::PeriodCalendar(PeriodKind kind, int64_t from_day, int64_t to_day) : kind_(kind) {
  int64_t s = PeriodStart(from_day, kind);
  for (; s <= to_day; s = NextPeriodStart(s, kind))
    starts_.push_back(s);
  starts_.push_back(s);
}

int64_t PeriodCalendar::End(int index) const {
  return starts_[static_cast<size_t>(index) + 1] - 1;
}

std::string PeriodCalendar::Name(int index) const {
  return DateOfDay(Start(index));
}

std::vector<std::string> PeriodCalendar::Names() const {
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(size()));
  for (int i = 0; i < size(); ++i)
    names.push_back(Name(i));
  return names;
}

std::optional<int> PeriodCalendar::IndexOfDay(int64_t day) const {
  if (size() == 0 || day < starts_.front() || day >= starts_.back()) return std::nullopt;
  const auto it = std::upper_bound(starts_.begin(), starts_.end(), day);
  return static_cast<int>(it - starts_.begin()) - 1;
}

std::optional<int> PeriodCalendar::IndexOfName(std::string_view name) const {
  const std::optional<int64_t> day = DayOfDate(name);
  if (!day) return std::nullopt;
  const std::optional<int> index = IndexOfDay(*day);
  if (!index || Start(*index) != *day) return std::nullopt;
  return index;
}

std::optional<int> WindowLastEventTime(PeriodKind kind, int days) {
  if (days <= 0) return std::nullopt;
  const int longest = LongestPeriodDays(kind);
  return (days - 1) / longest;  // the largest e with e * longest < days
}

}  // namespace outcomes
