// JSON for the whole project: the one parser entry point and the one writer. All JSON is
// RapidJSON (rapidjson-dev); callers never construct a rapidjson::Reader or Writer themselves.
#pragma once

#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "lrs/core/error.h"

namespace lrs::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;
using Allocator = rapidjson::Document::AllocatorType;

// Deepest nesting of arrays/objects accepted anywhere. Parsing is iterative, so no input can
// exhaust the stack while parsing; this bound keeps every later recursive walk (validation,
// comparison, serialization) shallow as well.
inline constexpr int kMaxDepth = 128;

// Nesting of what the LRS itself stored from input of at most kMaxDepth: storing a statement
// turns a lone context Activity into an array, one level more. Stored data is read back with this
// bound, so a statement accepted (before the store refused such depths) stays readable.
inline constexpr int kMaxStoredDepth = kMaxDepth + 1;

// Parses `text` as exactly one JSON value (RFC 8259) into `*doc`, replacing its content.
// Rejects, with a kBadRequest error whose message says what and where: malformed JSON, invalid
// UTF-8, numbers out of double range, trailing content, and nesting deeper than `max_depth`
// (kMaxDepth for input; kMaxStoredDepth for what the LRS stored).
Status Parse(std::string_view text, Document* doc, int max_depth = kMaxDepth);

// Appends the compact serialization of `value` to `*out`. Strings are written as UTF-8,
// escaping only what JSON requires. `value` must hold only numbers JSON can represent, as every
// parsed value does; values holding computed numbers go through TryAppendTo or WriteChecked.
void AppendTo(const Value& value, std::string* out);

// Returns the compact serialization of `value` (the same requirement as AppendTo).
std::string Write(const Value& value);

// Appends the compact serialization of `value` to `*out` and returns true; returns false and
// leaves `*out` as it was when `value` holds a number JSON cannot represent (NaN, infinity),
// so a caller never sends half a document.
bool TryAppendTo(const Value& value, std::string* out);

// The compact serialization of `value`, or kInternal when it holds a number JSON cannot
// represent: for answers built from computed figures, checked before anything is sent.
Result<std::string> WriteChecked(const Value& value);

// A serialization equal for values that are equal as JSON data: object members sorted by name,
// every number written as a double ("1" and "1.0" alike). For comparisons, not for output.
std::string WriteCanonical(const Value& value);

// Returns the nesting depth of `value` (a scalar has depth 0), without recursion.
int Depth(const Value& value);

// Returns a short description of `value`'s JSON type ("string", "number", ...), for messages.
const char* TypeName(const Value& value);

// Returns a string value referring to `s` without copying; `s` must outlive the value.
inline Value Ref(std::string_view s) {
  return Value(rapidjson::StringRef(s.data(), s.size()));
}

// Returns a string value holding a copy of `s`, allocated from `alloc`.
inline Value Copy(std::string_view s, Allocator& alloc) {
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

// Returns the string content of a string value as a view into it.
inline std::string_view View(const Value& v) {
  return {v.GetString(), v.GetStringLength()};
}

// Returns the member `name` of object `obj`, or nullptr when absent.
const Value* Find(const Value& obj, std::string_view name);
Value* Find(Value& obj, std::string_view name);

}  // namespace lrs::json
