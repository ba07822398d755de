// Sets of small non-negative integers (learner ordinals) as bitmaps in a byte string: bit i is
// bit (i % 8) of byte i / 8. This is the format of outcome_daily.learners.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace outcomes::bitmap {

// Adds `i`, growing the bitmap as needed.
void Set(std::string* bits, int64_t i);
// Removes `i`, and trailing zero bytes.
void Clear(std::string* bits, int64_t i);
bool Test(std::string_view bits, int64_t i);
// Adds every member of `other`.
void Union(std::string* bits, std::string_view other);
// How many members.
int64_t Count(std::string_view bits);

}  // namespace outcomes::bitmap
