// Calendar days as the plugin counts them: days since 1970-01-01, in UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace outcomes {

inline constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

// The day holding the instant `micros` (microseconds since the epoch; negative before 1970).
int64_t DayOfMicros(int64_t micros);

// The day of a calendar date "YYYY-MM-DD"; nullopt when it is not a real date.
std::optional<int64_t> DayOfDate(std::string_view date);

// "YYYY-MM-DD" of a day.
std::string DateOfDay(int64_t day);

}  // namespace outcomes
