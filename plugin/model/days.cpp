#include "plugin/model/days.h"

#include "lrs/core/time.h"

namespace outcomes {

int64_t DayOfMicros(int64_t micros) {
  int64_t day = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --day;
  return day;
}

std::optional<int64_t> DayOfDate(std::string_view date) {
  if (date.size() != 10) return std::nullopt;
  auto ts = lrs::ParseTimestamp(std::string(date) + "T00:00:00Z");
  if (!ts) return std::nullopt;
  return DayOfMicros(lrs::ToMicros(ts->instant));
}

std::string DateOfDay(int64_t day) {
  return lrs::FormatDateUtc(day);
}

}  // namespace outcomes
