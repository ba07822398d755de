#include "lrs/xapi/timestamp.h"

#include <string>

namespace lrs::xapi {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// The shape of an RFC 3339 date-time (§5.6), before its values are checked.
bool HasRfc3339Shape(std::string_view s) {
  auto digits = [&s](size_t at, size_t n) {
    if (s.size() < at + n) return false;
    for (size_t i = at; i < at + n; ++i) {
      if (!IsDigit(s[i])) return false;
    }
    return true;
  };
  // YYYY-MM-DDThh:mm:ss
  if (!digits(0, 4) || s.size() < 19 || s[4] != '-' || !digits(5, 2) || s[7] != '-' ||
      !digits(8, 2) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(11, 2) ||
      s[13] != ':' || !digits(14, 2) || s[16] != ':' || !digits(17, 2)) {
    return false;
  }
  if ((s[11] - '0') * 10 + (s[12] - '0') > 23) return false;  // no "24:00" in RFC 3339
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const size_t start = i;
    while (i < s.size() && IsDigit(s[i]))
      ++i;
    if (i == start) return false;
  }
  std::string_view zone = s.substr(i);
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && IsDigit(zone[1]) &&
         IsDigit(zone[2]) && zone[3] == ':' && IsDigit(zone[4]) && IsDigit(zone[5]);
}

}  // namespace

std::optional<Timestamp> ParseStatementTimestamp(std::string_view text, Version version) {
  if (version == Version::k1_0_3) return ParseTimestamp(text);
  if (!HasRfc3339Shape(text)) return std::nullopt;
  if (text[10] != ' ') return ParseTimestamp(text);
  std::string with_t(text);
  with_t[10] = 'T';
  return ParseTimestamp(with_t);
}

std::string_view TimestampFormatName(Version version) {
  return version == Version::k1_0_3 ? "an ISO 8601 timestamp"
                                    : "an RFC 3339 timestamp (YYYY-MM-DDThh:mm:ss[.f](Z|±hh:mm))";
}

}  // namespace lrs::xapi
