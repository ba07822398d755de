// UUIDs in the RFC 4122 standard string form ("8-4-4-4-12" hex digits), as xAPI requires.
#pragma once

#include <string>
#include <string_view>

namespace lrs::uuid {

// True when `s` is in the standard string form (either letter case). xAPI accepts every version
// of the RFC 4122 variant; the form is what is checked, as Part Two §4.4 requires.
bool IsValid(std::string_view s);

// A new random (version 4) UUID, lower case.
std::string NewV4();

}  // namespace lrs::uuid
