#include "lrs/store/terms.h"

#include <algorithm>
#include <charconv>

#include "lrs/xapi/statement.h"

namespace lrs::store {

std::string EncodeTerms(const IndexTerms& terms) {
  std::string out;
  for (const auto& [key, flags] : terms) {
    if (!out.empty()) out.push_back(' ');
    out += std::to_string(key);
    out.push_back(':');
    out += std::to_string(static_cast<int>(flags));
  }
  return out;
}

IndexTerms DecodeTerms(std::string_view text) {
  IndexTerms terms;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find(' ', i);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(i, end - i);
    size_t colon = item.find(':');
    if (colon != std::string_view::npos) {
      int64_t key = 0;
      int flags = 0;
      std::from_chars(item.data(), item.data() + colon, key);
      std::from_chars(item.data() + colon + 1, item.data() + item.size(), flags);
      terms.emplace_back(key, static_cast<uint8_t>(flags));
    }
    i = end + 1;
  }
  return terms;
}

IndexTerms MergeTermsGained(IndexTerms* terms, const IndexTerms& extra) {
  IndexTerms gained;
  for (const auto& [key, flags] : extra) {
    auto it = std::find_if(terms->begin(), terms->end(),
                           [key = key](const auto& t) { return t.first == key; });
    if (it == terms->end()) {
      terms->emplace_back(key, flags);
      gained.emplace_back(key, flags);
    } else if ((it->second | flags) != it->second) {
      gained.emplace_back(key, static_cast<uint8_t>(flags & ~it->second));
      it->second |= flags;
    }
  }
  return gained;
}

bool MergeTerms(IndexTerms* terms, const IndexTerms& extra) {
  return !MergeTermsGained(terms, extra).empty();
}

IndexTerms InheritableTerms(const IndexTerms& terms) {
  IndexTerms inheritable;
  for (const auto& [key, flags] : terms) {
    if (flags & xapi::kIndexInheritable) {
      inheritable.emplace_back(key, static_cast<uint8_t>(flags & xapi::kIndexInheritable));
    }
  }
  return inheritable;
}

}  // namespace lrs::store
