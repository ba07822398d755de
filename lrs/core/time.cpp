#include "lrs/core/time.h"

#include <chrono>
#include <cstdio>

namespace lrs {

namespace {

bool IsLeapYear(int64_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int DaysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeapYear(y)) ? 29 : kDays[m - 1];
}

// A cursor over the text with helpers to read fixed-width digit groups.
struct Scanner {
  std::string_view s;
  size_t i = 0;

  bool Done() const { return i >= s.size(); }
  char Peek() const { return Done() ? '\0' : s[i]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i;
    return true;
  }
  bool Digits(int n, int* out) {
    int v = 0;
    for (int k = 0; k < n; ++k) {
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
      ++i;
    }
    *out = v;
    return true;
  }
};

void FormatCivil(int64_t seconds, char* buf, size_t size) {
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  std::snprintf(buf, size, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(y), m, d,
                static_cast<int>(rem / 3600), static_cast<int>((rem % 3600) / 60),
                static_cast<int>(rem % 60));
}

// Formats microseconds since the epoch with `digits` (3 or 6) fractional digits, truncating.
std::string FormatMicros(int64_t micros, int digits) {
  int64_t seconds = micros / 1000000;
  int64_t rem = micros % 1000000;
  if (rem < 0) {
    rem += 1000000;
    seconds -= 1;
  }
  const int64_t unit = digits == 3 ? 1000 : 1;
  Timestamp ts;
  ts.instant.seconds = seconds;
  ts.instant.nanos = static_cast<int32_t>((rem / unit) * unit * 1000);
  ts.fraction_digits = digits;
  return FormatTimestamp(ts);
}

}  // namespace

// The "days from civil" method: count days in 400-year eras, with years starting in March so
// the leap day is last.
int64_t DaysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (m + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(int64_t z, int64_t* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

std::string FormatDateUtc(int64_t days) {
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  if (y < 0 || y > 9999) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(y), m, d);
    return buf;
  }
  std::string out(10, '-');
  const auto year = static_cast<int>(y);
  out[0] = static_cast<char>('0' + year / 1000);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
  return out;
}

std::optional<Timestamp> ParseTimestamp(std::string_view text) {
  Scanner sc{text};
  int year, month, day, hour, minute, second = 0;
  if (!sc.Digits(4, &year)) return std::nullopt;
  const bool extended = sc.Eat('-');
  if (!sc.Digits(2, &month)) return std::nullopt;
  if (extended && !sc.Eat('-')) return std::nullopt;
  if (!sc.Digits(2, &day)) return std::nullopt;
  if (!sc.Eat('T') && !sc.Eat('t')) return std::nullopt;
  if (!sc.Digits(2, &hour)) return std::nullopt;
  if (extended && !sc.Eat(':')) return std::nullopt;
  if (!sc.Digits(2, &minute)) return std::nullopt;
  // Seconds may be omitted (reduced precision), in which case no fraction may follow.
  bool has_seconds = extended ? sc.Eat(':') : (sc.Peek() >= '0' && sc.Peek() <= '9');
  if (has_seconds && !sc.Digits(2, &second)) return std::nullopt;

  int32_t nanos = 0;
  int fraction_digits = 0;
  if (has_seconds && (sc.Eat('.') || sc.Eat(','))) {
    int32_t scale = 100000000;
    while (!sc.Done() && sc.Peek() >= '0' && sc.Peek() <= '9') {
      if (fraction_digits < 9) {
        nanos += (sc.Peek() - '0') * scale;
        scale /= 10;
      }
      ++fraction_digits;
      ++sc.i;
    }
    if (fraction_digits == 0) return std::nullopt;
    if (fraction_digits > 9) fraction_digits = 9;
  }

  int offset_seconds = 0;
  if (sc.Eat('Z') || sc.Eat('z')) {
    // UTC
  } else if (sc.Peek() == '+' || sc.Peek() == '-') {
    const bool negative = sc.Peek() == '-';
    ++sc.i;
    int oh = 0, om = 0;
    if (!sc.Digits(2, &oh)) return std::nullopt;
    if (!sc.Done()) {
      sc.Eat(':');  // "+hh:mm" and "+hhmm" are both seen in practice
      if (!sc.Digits(2, &om)) return std::nullopt;
    }
    if (oh > 23 || om > 59) return std::nullopt;
    if (negative && oh == 0 && om == 0) return std::nullopt;  // "-00", "-0000", "-00:00"
    offset_seconds = (oh * 3600 + om * 60) * (negative ? -1 : 1);
  }
  if (!sc.Done()) return std::nullopt;

  if (month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > DaysInMonth(year, month)) return std::nullopt;
  if (minute > 59 || second > 60) return std::nullopt;
  if (hour > 24 || (hour == 24 && (minute != 0 || second != 0 || nanos != 0))) return std::nullopt;

  // A leap second (:60) and 24:00:00 are valid notations; both normalise into the next unit.
  Timestamp ts;
  ts.instant.seconds =
      DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  ts.instant.nanos = nanos;
  ts.fraction_digits = fraction_digits;
  return ts;
}

std::string FormatTimestamp(const Timestamp& ts) {
  char buf[64];
  FormatCivil(ts.instant.seconds, buf, sizeof(buf));
  std::string out(buf);
  const int digits = ts.fraction_digits < 3 ? 3 : ts.fraction_digits;
  char frac[16];
  std::snprintf(frac, sizeof(frac), "%09d", ts.instant.nanos);
  out.push_back('.');
  out.append(frac, static_cast<size_t>(digits));
  out.push_back('Z');
  return out;
}

int64_t NowMicros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t ToMicros(const Instant& instant) {
  return instant.seconds * 1000000 + instant.nanos / 1000;
}

std::string FormatMillisUtc(int64_t micros) {
  return FormatMicros(micros, 3);
}

std::string FormatMicrosUtc(int64_t micros) {
  return FormatMicros(micros, 6);
}

std::string FormatHttpDate(int64_t micros) {
  static const char* kWeekdays[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t seconds = micros / 1000000;
  if (micros < 0 && micros % 1000000 != 0) seconds -= 1;
  int64_t days = seconds / 86400;
  int64_t rem = seconds % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  int64_t y;
  int m, d;
  CivilFromDays(days, &y, &m, &d);
  int weekday = static_cast<int>(((days % 7) + 7) % 7);  // 1970-01-01 was a Thursday
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04lld %02d:%02d:%02d GMT", kWeekdays[weekday], d,
                kMonths[m - 1], static_cast<long long>(y), static_cast<int>(rem / 3600),
                static_cast<int>((rem % 3600) / 60), static_cast<int>(rem % 60));
  return buf;
}

}  // namespace lrs
