// JSON helpers for the unit tests of the xAPI model: a document built from text and edited by
// JSON Pointer (RFC 6901), so each test states only how its statement differs from a base one.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <rapidjson/pointer.h>

#include "lrs/core/json.h"

namespace lrs::test {

// `s` as a JSON string literal (quoted and escaped).
inline std::string JsonString(std::string_view s) {
  return json::Write(json::Ref(s));
}

// A JSON document parsed from text. Malformed text, an invalid pointer or a missing value to
// remove fails the current test (the document is then left as it was).
class JsonDoc {
 public:
  explicit JsonDoc(std::string_view text) {
    Status parsed = json::Parse(text, &doc_);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message()) << "\n" << text;
  }
  JsonDoc(JsonDoc&&) = default;
  JsonDoc& operator=(JsonDoc&&) = default;

  // Sets the value at `pointer` (creating missing objects on the way) to the JSON `value`.
  JsonDoc& Set(const std::string& pointer, std::string_view value) {
    json::Document fragment;
    Status parsed = json::Parse(value, &fragment);
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().message()) << "\n" << value;
    rapidjson::Pointer p(pointer.c_str());
    EXPECT_TRUE(p.IsValid()) << pointer;
    if (!parsed.ok() || !p.IsValid()) return *this;
    json::Value copy(fragment, doc_.GetAllocator());
    p.Set(doc_, copy);
    return *this;
  }

  // Removes the value at `pointer`, which must exist.
  JsonDoc& Remove(const std::string& pointer) {
    rapidjson::Pointer p(pointer.c_str());
    EXPECT_TRUE(p.IsValid() && p.Erase(doc_)) << "nothing to remove at " << pointer;
    return *this;
  }

  json::Document& doc() { return doc_; }
  const json::Document& doc() const { return doc_; }
  operator const json::Value&() const { return doc_; }  // NOLINT: implicit for readability
  std::string Text() const { return json::Write(doc_); }

 private:
  json::Document doc_;
};

}  // namespace lrs::test
