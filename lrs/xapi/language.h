// Language tags (RFC 5646) and language maps (xAPI Part Two §4.2), and the Accept-Language
// selection used by the "canonical" statement format (Part Three §2.1.3).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/json.h"

namespace lrs::xapi {

// True when `tag` is a well-formed RFC 5646 language tag: langtag, private use or one of the
// irregular grandfathered tags. Checks the sequence of subtag kinds and lengths (what xAPI
// requires at least); does not consult the IANA registry.
bool IsLanguageTag(std::string_view tag);

// An Accept-Language header (RFC 7231 §5.3.5) as ranges with weights, best first.
class LanguagePreferences {
 public:
  // Parses the header value; malformed entries are skipped. An empty value means "no preference".
  static LanguagePreferences Parse(std::string_view header);

  // Returns the name of the entry of language map `map` (an object) to keep when only one may be
  // returned: the entry whose tag has the highest weight (a range matches a tag equal to it or
  // starting with it followed by '-'; "*" matches any tag), and among equals the first in map
  // order. With no preference or no acceptable entry, the first entry. Empty for an empty map.
  std::string_view Choose(const json::Value& map) const;

 private:
  struct Range {
    std::string range;  // lower case
    double weight;
  };
  std::vector<Range> ranges_;
};

}  // namespace lrs::xapi
