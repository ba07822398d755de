// Calendar periods for the impact estimate: weeks (ISO, Monday to Sunday), calendar months and
// calendar quarters (January, April, July, October), in UTC days (plugin/model/days.h). A period
// is named by its first day, "YYYY-MM-DD". Pure arithmetic on the proleptic Gregorian calendar.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace outcomes {

enum class PeriodKind { kWeek, kMonth, kQuarter };

// "week", "month" or "quarter"; nullopt otherwise.
std::optional<PeriodKind> ParsePeriodKind(std::string_view name);
const char* PeriodKindName(PeriodKind kind);

// The first day of the period of `kind` that holds `day`.
int64_t PeriodStart(int64_t day, PeriodKind kind);
// The first day of the period after the one that starts on `start` (which must be a period's
// first day).
int64_t NextPeriodStart(int64_t start, PeriodKind kind);
// The longest a period of `kind` can be, in days: 7, 31 or 92.
int LongestPeriodDays(PeriodKind kind);

// The consecutive periods that cover the days [from_day, to_day], indexed 0..size()-1: index 0
// is the period holding from_day, the last the period holding to_day.
class PeriodCalendar {
 public:
  // Requires from_day <= to_day.
  PeriodCalendar(PeriodKind kind, int64_t from_day, int64_t to_day);

  PeriodKind kind() const { return kind_; }
  int size() const { return static_cast<int>(starts_.size()) - 1; }
  // The first day of period `index` (0 <= index < size()).
  int64_t Start(int index) const { return starts_[static_cast<size_t>(index)]; }
  // The last day of period `index`.
  int64_t End(int index) const;
  // "YYYY-MM-DD" of the first day of period `index`.
  std::string Name(int index) const;
  // Every period's name, in order.
  std::vector<std::string> Names() const;
  // The index of the period holding `day`; nullopt when the day is outside the calendar.
  std::optional<int> IndexOfDay(int64_t day) const;
  // The index of the period named `name` (its first day); nullopt when no period starts there.
  std::optional<int> IndexOfName(std::string_view name) const;

 private:
  PeriodKind kind_;
  std::vector<int64_t> starts_;  // one past the last: the next period's start
};

// The event times e = 0..E that a window of `days` days after completion covers: event time e
// is in the window when period g+e starts fewer than `days` days after the completion period g
// starts, wherever g falls in the calendar, i.e. when e * LongestPeriodDays(kind) < days. Returns
// E, the last event time in the window (90 days: weeks 0..12, months 0..2, quarters 0..0), or
// nullopt when days <= 0.
std::optional<int> WindowLastEventTime(PeriodKind kind, int days);

}  // namespace outcomes
