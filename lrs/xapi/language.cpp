#include "lrs/xapi/language.h"

#include <algorithm>
#include <cstdlib>

#include "lrs/core/strings.h"

namespace lrs::xapi {

namespace {

bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlnum(char c) {
  return IsAlpha(c) || IsDigit(c);
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return std::all_of(s.begin(), s.end(), pred);
}

bool IsIrregularGrandfathered(std::string_view tag) {
  static const char* kTags[] = {"en-GB-oed", "i-ami",     "i-bnn", "i-default", "i-enochian",
                                "i-hak",     "i-klingon", "i-lux", "i-mingo",   "i-navajo",
                                "i-pwn",     "i-tao",     "i-tay", "i-tsu",     "sgn-BE-FR",
                                "sgn-BE-NL", "sgn-CH-DE"};
  for (const char* t : kTags) {
    if (EqualsIgnoreCase(tag, t)) return true;
  }
  return false;
}

bool IsPrivateUse(const std::vector<std::string_view>& parts, size_t from) {
  // "x" 1*("-" (1*8alphanum))
  if (from >= parts.size() || !EqualsIgnoreCase(parts[from], "x")) return false;
  if (from + 1 >= parts.size()) return false;
  for (size_t i = from + 1; i < parts.size(); ++i) {
    if (parts[i].empty() || parts[i].size() > 8 || !AllOf(parts[i], IsAlnum)) return false;
  }
  return true;
}

}  // namespace

bool IsLanguageTag(std::string_view tag) {
  if (tag.empty()) return false;
  if (IsIrregularGrandfathered(tag)) return true;
  std::vector<std::string_view> parts = Split(tag, '-');
  for (auto p : parts) {
    if (p.empty() || p.size() > 8 || !AllOf(p, IsAlnum)) return false;
  }
  if (IsPrivateUse(parts, 0)) return true;

  size_t i = 0;
  // language: 2*3ALPHA ["-" extlang] / 4ALPHA / 5*8ALPHA
  std::string_view language = parts[i];
  if (language.size() < 2 || !AllOf(language, IsAlpha)) return false;
  ++i;
  if (language.size() <= 3) {
    // extlang: 3ALPHA *2("-" 3ALPHA)
    int extlangs = 0;
    while (i < parts.size() && parts[i].size() == 3 && AllOf(parts[i], IsAlpha) && extlangs < 3) {
      ++extlangs;
      ++i;
    }
  }
  // script: 4ALPHA
  if (i < parts.size() && parts[i].size() == 4 && AllOf(parts[i], IsAlpha)) ++i;
  // region: 2ALPHA / 3DIGIT
  if (i < parts.size() && ((parts[i].size() == 2 && AllOf(parts[i], IsAlpha)) ||
                           (parts[i].size() == 3 && AllOf(parts[i], IsDigit)))) {
    ++i;
  }
  // variant: 5*8alphanum / (DIGIT 3alphanum)
  while (i < parts.size() &&
         ((parts[i].size() >= 5) || (parts[i].size() == 4 && IsDigit(parts[i][0])))) {
    ++i;
  }
  // extension: singleton 1*("-" (2*8alphanum)), singletons not repeated
  std::string seen_singletons;
  while (i < parts.size() && parts[i].size() == 1 && !EqualsIgnoreCase(parts[i], "x")) {
    char singleton = AsciiLower(parts[i])[0];
    if (seen_singletons.find(singleton) != std::string::npos) return false;
    seen_singletons.push_back(singleton);
    ++i;
    int subtags = 0;
    while (i < parts.size() && parts[i].size() >= 2) {
      ++subtags;
      ++i;
    }
    if (subtags == 0) return false;
  }
  if (i == parts.size()) return true;
  return IsPrivateUse(parts, i);
}

LanguagePreferences LanguagePreferences::Parse(std::string_view header) {
  LanguagePreferences prefs;
  for (std::string_view item : Split(header, ',')) {
    std::vector<std::string_view> fields = Split(item, ';');
    std::string_view range = Trim(fields[0]);
    if (range.empty()) continue;
    if (range != "*" && !IsLanguageTag(range)) continue;
    double weight = 1.0;
    bool ok = true;
    for (size_t f = 1; f < fields.size(); ++f) {
      std::string_view param = Trim(fields[f]);
      if (StartsWith(param, "q=") || StartsWith(param, "Q=")) {
        std::string value(param.substr(2));
        char* end = nullptr;
        weight = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || *end != '\0' || weight < 0 || weight > 1) ok = false;
      }
    }
    if (ok) prefs.ranges_.push_back({AsciiLower(range), weight});
  }
  std::stable_sort(prefs.ranges_.begin(), prefs.ranges_.end(),
                   [](const Range& a, const Range& b) { return a.weight > b.weight; });
  return prefs;
}

std::string_view LanguagePreferences::Choose(const json::Value& map) const {
  if (!map.IsObject() || map.MemberCount() == 0) return {};
  std::string_view best = json::View(map.MemberBegin()->name);
  double best_weight = 0;
  for (const auto& member : map.GetObject()) {
    std::string tag = AsciiLower(json::View(member.name));
    // The weight of a tag is that of the most specific range matching it.
    double weight = -1;
    size_t specificity = 0;
    bool matched = false;
    for (const Range& r : ranges_) {
      bool match =
          r.range == "*" || tag == r.range ||
          (StartsWith(tag, r.range) && tag.size() > r.range.size() && tag[r.range.size()] == '-');
      if (!match) continue;
      size_t spec = r.range == "*" ? 0 : r.range.size() + 1;
      if (!matched || spec > specificity) {
        matched = true;
        specificity = spec;
        weight = r.weight;
      }
    }
    if (matched && weight > best_weight) {
      best_weight = weight;
      best = json::View(member.name);
    }
  }
  return best;
}

}  // namespace lrs::xapi
