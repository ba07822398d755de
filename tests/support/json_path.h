// Reading a JSON answer by dotted path, for the test suites.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lrs/core/json.h"

namespace lrs::test_support {

// The value at a dotted path ("actor.mbox", "statements.0.id"; numbers index arrays), or nullptr.
const json::Value* At(const json::Value& root, std::string_view path);
// The string at `path`, or "" when it is missing or not a string.
std::string StringAt(const json::Value& root, std::string_view path);
// The compact JSON of the value at `path`, or "" when missing.
std::string JsonAt(const json::Value& root, std::string_view path);
// The integer at `path`, or -1 when it is missing or not an integer.
int64_t IntAt(const json::Value& root, std::string_view path);
// The number at `path`, or NaN when it is missing or not a number.
double NumberAt(const json::Value& root, std::string_view path);

}  // namespace lrs::test_support
