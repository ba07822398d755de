#include "lrs/xapi/duration.h"

namespace lrs::xapi {

namespace {

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// Reads "digits[(.|,)digits]" at *i; reports whether a fraction was present.
bool ReadNumber(std::string_view s, size_t* i, bool* has_fraction) {
  size_t start = *i;
  while (*i < s.size() && IsDigit(s[*i]))
    ++*i;
  if (*i == start) return false;
  *has_fraction = false;
  if (*i < s.size() && (s[*i] == '.' || s[*i] == ',')) {
    ++*i;
    size_t frac_start = *i;
    while (*i < s.size() && IsDigit(s[*i]))
      ++*i;
    if (*i == frac_start) return false;
    *has_fraction = true;
  }
  return true;
}

}  // namespace

bool IsDuration(std::string_view d) {
  if (d.size() < 3 || d[0] != 'P') return false;
  size_t i = 1;
  // Weeks stand alone.
  {
    size_t j = i;
    bool frac = false;
    if (ReadNumber(d, &j, &frac) && j < d.size() && d[j] == 'W') return j + 1 == d.size();
  }
  static const char kDateUnits[] = {'Y', 'M', 'D'};
  static const char kTimeUnits[] = {'H', 'M', 'S'};
  int elements = 0;
  bool fraction_seen = false;
  size_t next_unit = 0;
  bool in_time = false;
  int time_elements = 0;
  while (i < d.size()) {
    if (d[i] == 'T') {
      if (in_time) return false;
      in_time = true;
      next_unit = 0;
      ++i;
      continue;
    }
    if (fraction_seen) return false;  // a fraction must be on the last element
    bool frac = false;
    if (!ReadNumber(d, &i, &frac)) return false;
    if (i >= d.size()) return false;
    const char* units = in_time ? kTimeUnits : kDateUnits;
    size_t u = next_unit;
    while (u < 3 && units[u] != d[i])
      ++u;
    if (u == 3) return false;  // unknown or out-of-order unit
    next_unit = u + 1;
    ++i;
    ++elements;
    if (in_time) ++time_elements;
    fraction_seen = frac;
  }
  if (elements == 0) return false;
  if (in_time && time_elements == 0) return false;
  return true;
}

std::string DurationForComparison(std::string_view d) {
  std::string out(d);
  if (out.empty() || out.back() != 'S') return out;
  size_t sep = out.find_last_of(".,");
  if (sep == std::string::npos) return out;
  size_t digits = out.size() - 1 - (sep + 1);
  if (digits > 2) out.erase(sep + 3, digits - 2);
  return out;
}

}  // namespace lrs::xapi
