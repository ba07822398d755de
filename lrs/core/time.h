// Points in time and their ISO 8601 / HTTP serializations. All arithmetic is UTC; no time zone
// database or locale is consulted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lrs {

// A point in time as seconds and nanoseconds since 1970-01-01T00:00:00Z; nanos in [0, 1e9).
struct Instant {
  int64_t seconds = 0;
  int32_t nanos = 0;

  friend bool operator==(const Instant& a, const Instant& b) {
    return a.seconds == b.seconds && a.nanos == b.nanos;
  }
  friend bool operator<(const Instant& a, const Instant& b) {
    return a.seconds != b.seconds ? a.seconds < b.seconds : a.nanos < b.nanos;
  }
};

// A parsed ISO 8601 timestamp: the instant and how many fractional-second digits it carried.
struct Timestamp {
  Instant instant;
  int fraction_digits = 0;  // 0..9 (digits beyond 9 are truncated)
};

// Parses an ISO 8601 combined date and time: extended ("2015-11-18T12:17:00.123+01:00") or basic
// ("20151118T121700Z") format, with optional fraction ('.' or ','), and an optional zone "Z",
// "+hh:mm", "+hhmm" or "+hh" (no zone means UTC). Rejects the "unknown offset" forms "-00",
// "-0000" and "-00:00", which ISO 8601 does not allow. Returns nullopt for anything invalid,
// including impossible dates such as February 30.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

// Formats as RFC 3339 UTC, "YYYY-MM-DDThh:mm:ss.fffZ", with max(3, fraction_digits) digits.
std::string FormatTimestamp(const Timestamp& ts);

// Microseconds since the epoch, UTC, from the system clock.
int64_t NowMicros();

// Converts an instant to microseconds since the epoch, rounding down.
int64_t ToMicros(const Instant& instant);

// Formats microseconds since the epoch as "YYYY-MM-DDThh:mm:ss.fffZ" (millisecond precision,
// truncated).
std::string FormatMillisUtc(int64_t micros);

// Formats microseconds since the epoch as "YYYY-MM-DDThh:mm:ss.ffffffZ" (microsecond precision).
std::string FormatMicrosUtc(int64_t micros);

// Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12, d 1..31; not checked).
int64_t DaysFromCivil(int64_t y, int m, int d);

// The proleptic Gregorian date of `days` since 1970-01-01 (the inverse of DaysFromCivil).
void CivilFromDays(int64_t days, int64_t* y, int* m, int* d);

// Formats days since 1970-01-01 as the date "YYYY-MM-DD" (the date part of FormatMillisUtc).
std::string FormatDateUtc(int64_t days);

// Formats microseconds since the epoch as an RFC 7231 HTTP-date ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string FormatHttpDate(int64_t micros);

}  // namespace lrs
