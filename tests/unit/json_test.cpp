#include "lrs/core/json.h"

#include <string>

#include <gtest/gtest.h>

namespace lrs {
namespace {

TEST(JsonTest, ParsesOneValue) {
  json::Document d;
  ASSERT_TRUE(json::Parse(R"({"a": [1, 2.5, "x\u0000y"], "b": null})", &d).ok());
  EXPECT_EQ(d["a"][2].GetStringLength(), 3u);  // an escaped NUL inside a string is fine
}

TEST(JsonTest, RejectsContentAfterARawNulByte) {
  json::Document d;
  const std::string text = std::string(R"({"a": 1})") + '\0' + "trailing garbage";
  Status s = json::Parse(text, &d);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kBadRequest);
  EXPECT_NE(s.error().message().find("NUL"), std::string::npos);
}

TEST(JsonTest, RejectsTrailingContentMalformedTextAndInvalidUtf8) {
  json::Document d;
  EXPECT_FALSE(json::Parse(R"({"a": 1} {"b": 2})", &d).ok());
  EXPECT_FALSE(json::Parse(R"({"a": )", &d).ok());
  EXPECT_FALSE(json::Parse("", &d).ok());
  EXPECT_FALSE(json::Parse("{\"a\": \"\xC3\x28\"}", &d).ok());
  EXPECT_FALSE(json::Parse(R"({"a": 1e400})", &d).ok());
  EXPECT_FALSE(json::Parse(R"({"a": NaN})", &d).ok());
}

TEST(JsonTest, RejectsDeepNestingWithoutExhaustingTheStack) {
  json::Document d;
  std::string deep(200000, '[');
  deep += std::string(200000, ']');
  Status s = json::Parse(deep, &d);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("nested deeper"), std::string::npos);
  std::string ok(json::kMaxDepth, '[');
  ok += std::string(json::kMaxDepth, ']');
  EXPECT_TRUE(json::Parse(ok, &d).ok());
}

TEST(JsonTest, WritesCompactUtf8) {
  json::Document d;
  ASSERT_TRUE(json::Parse(R"({ "name" : "Zoë", "n" : [ 1 , 2 ] })", &d).ok());
  EXPECT_EQ(json::Write(d), R"({"name":"Zoë","n":[1,2]})");
}

TEST(JsonTest, CanonicalFormIgnoresMemberOrderAndNumberSpelling) {
  json::Document a, b, c;
  ASSERT_TRUE(json::Parse(R"({"b": [1, {"y": 2, "x": 1}], "a": 1.0})", &a).ok());
  ASSERT_TRUE(json::Parse(R"({"a": 1, "b": [1.0, {"x": 1, "y": 2.0}]})", &b).ok());
  ASSERT_TRUE(json::Parse(R"({"a": 1, "b": [{"x": 1, "y": 2}, 1]})", &c).ok());
  EXPECT_EQ(json::WriteCanonical(a), json::WriteCanonical(b));
  EXPECT_NE(json::WriteCanonical(a), json::WriteCanonical(c));  // array order counts
}

}  // namespace
}  // namespace lrs
