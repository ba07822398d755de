#include "lrs/core/json.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
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

// fuzz_outcome found that RapidJSON 1.1.0 accepts an escaped low surrogate with no high
// surrogate before it and stores it as bytes that are not UTF-8: the text written from the value
// did not parse again (an outcome declaration accepted, then unreadable once stored).
TEST(JsonTest, RefusesLoneSurrogateEscapesAndKeepsPairs) {
  json::Document d;
  for (const char* text : {R"({"a": "x\udddd y"})", R"({"\udc00": 1})", R"(["\udfff"])",
                           R"({"a": "\ud800 x"})", R"({"a": "\ud800\u0041"})"}) {
    Status parsed = json::Parse(text, &d);
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kBadRequest) << text;
  }
  EXPECT_NE(json::Parse(R"({"a": "x\udddd"})", &d)
                .error()
                .message()
                .find("lone UTF-16 "
                      "surrogate"),
            std::string::npos);
  // A pair is one character (U+1F600), written as UTF-8, and what is written parses again.
  ASSERT_TRUE(json::Parse(R"({"\ud83d\ude00": "a\ud83d\ude00b"})", &d).ok());
  const std::string written = json::Write(d);
  EXPECT_EQ(written,
            "{\"\xF0\x9F\x98\x80\":\"a\xF0\x9F\x98\x80"
            "b\"}");
  json::Document again;
  EXPECT_TRUE(json::Parse(written, &again).ok());
  // Characters next to the surrogates' range are kept.
  ASSERT_TRUE(json::Parse(R"(["\ud7ff\ue000"])", &d).ok());
  EXPECT_EQ(std::string(d[0].GetString()), "\xED\x9F\xBF\xEE\x80\x80");
}

// fuzz_statement found RapidJSON's full-precision conversion reading outside its table of powers
// of ten for a long mantissa with an exponent near -330 (a crash under AddressSanitizer, and a
// read of whatever memory lies there without it); it also turned 0e-218 into 1.08e273. Numbers
// are now converted by std::from_chars.
TEST(JsonTest, ConvertsNumbersFarBelowOneSafely) {
  json::Document d;
  ASSERT_TRUE(
      json::Parse("[8.3000888888000000000000510088888800000000000051482183E-333]", &d).ok());
  EXPECT_EQ(d[0].GetDouble(), 0.0);  // below the smallest subnormal double, 4.9e-324
  const std::string zeros(400, '0');
  ASSERT_TRUE(json::Parse("[0." + zeros +
                              "1234567890123456789012, -1e-400, 0e-218, 0e287, "
                              "425.64867e-330, 2.5e-324]",
                          &d)
                  .ok());
  EXPECT_EQ(d[0].GetDouble(), 0.0);
  EXPECT_EQ(d[1].GetDouble(), 0.0);
  EXPECT_TRUE(std::signbit(d[1].GetDouble()));
  EXPECT_EQ(d[2].GetDouble(), 0.0);
  EXPECT_EQ(d[3].GetDouble(), 0.0);
  EXPECT_EQ(d[4].GetDouble(), 0.0);
  EXPECT_EQ(d[5].GetDouble(), 4.9406564584124654e-324);
  const std::string long_mantissa = "1." + std::string(60, '1') + "e-300";
  ASSERT_TRUE(json::Parse("[" + long_mantissa + "]", &d).ok());
  EXPECT_EQ(d[0].GetDouble(), std::strtod(long_mantissa.c_str(), nullptr));
  // A string that looks like a number is not one.
  ASSERT_TRUE(json::Parse(R"(["1e-999", 0.1])", &d).ok());
  EXPECT_EQ(d[1].GetDouble(), 0.1);
}

TEST(JsonTest, KeepsIntegersAsIntegers) {
  json::Document d;
  ASSERT_TRUE(json::Parse("[0, -0, 7, -7, 4294967296, -9223372036854775808, "
                          "18446744073709551615, 18446744073709551616, -9223372036854775809]",
                          &d)
                  .ok());
  EXPECT_TRUE(d[0].IsInt() && d[0].GetInt() == 0);
  EXPECT_TRUE(d[1].IsInt() && d[1].GetInt() == 0);
  EXPECT_TRUE(d[2].IsUint() && d[2].IsInt() && d[2].GetInt() == 7);
  EXPECT_TRUE(d[3].IsInt() && !d[3].IsUint() && d[3].GetInt() == -7);
  EXPECT_TRUE(d[4].IsInt64() && !d[4].IsInt() && d[4].GetInt64() == 4294967296LL);
  EXPECT_TRUE(d[5].IsInt64() && d[5].GetInt64() == INT64_MIN);
  EXPECT_TRUE(d[6].IsUint64() && !d[6].IsInt64() && d[6].GetUint64() == UINT64_MAX);
  EXPECT_TRUE(d[7].IsDouble() && d[7].GetDouble() == 18446744073709551616.0);
  EXPECT_TRUE(d[8].IsDouble() && d[8].GetDouble() == -9223372036854775808.0);
}

// RapidJSON turned 10e308 into a tiny negative number and 1.7976931348623157e308 (the largest
// double) into infinity: numbers beyond the largest double are refused with a message that says
// where, and the largest double itself is kept.
TEST(JsonTest, RefusesNumbersBeyondTheLargestDouble) {
  json::Document d;
  for (const char* text : {"[10e308]", "[1.8e308]", "{\"a\": -1e309}", "[0.00001e314]",
                           "[1000000000000000000000e290]", "[1e400]"}) {
    Status s = json::Parse(text, &d);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.error().code(), ErrorCode::kBadRequest);
    EXPECT_NE(s.error().message().find("at byte"), std::string::npos) << text;
  }
  ASSERT_TRUE(json::Parse("[1.7976931348623157e308, -1e308, 0.00001e313, \"1e999\"]", &d).ok());
  EXPECT_EQ(d[0].GetDouble(), 1.7976931348623157e308);
  EXPECT_EQ(d[1].GetDouble(), -1e308);
  EXPECT_EQ(d[2].GetDouble(), 1e308);
}

// Against the C library's correctly rounded strtod: random mantissas of 1 to 40 digits with
// exponents across the whole range convert to the same double, and every refusal is of a number
// strtod overflows on (or of a zero with an exponent above 308).
TEST(JsonTest, ConvertsNumbersLikeStrtod) {
  std::mt19937_64 random(20261205);
  json::Document d;
  int converted = 0;
  for (int k = 0; k < 20000; ++k) {
    std::string mantissa;
    const int digits = 1 + static_cast<int>(random() % 40);
    for (int j = 0; j < digits; ++j)
      mantissa.push_back(static_cast<char>('0' + random() % 10));
    const int point = static_cast<int>(random() % (digits + 1));
    std::string number = mantissa.substr(0, point);
    number.erase(0, std::min(number.find_first_not_of('0'), number.size()));  // JSON: no 012
    if (number.empty()) number = "0";
    if (point < digits) number += "." + mantissa.substr(point);
    const int exponent = static_cast<int>(random() % 700) - 370;
    number += "e" + std::to_string(exponent);
    if (random() % 2 == 0) number.insert(0, "-");
    const double expected = std::strtod(number.c_str(), nullptr);
    Status s = json::Parse("[" + number + "]", &d);
    if (!s.ok()) {
      // RapidJSON's own check refuses a zero written with an exponent above 308 (0e310), too.
      EXPECT_TRUE(std::isinf(expected) || (expected == 0 && exponent > 308))
          << number << ": " << s.error().message();
      continue;
    }
    ++converted;
    EXPECT_EQ(d[0].GetDouble(), expected) << number;
    EXPECT_EQ(std::signbit(d[0].GetDouble()), std::signbit(expected)) << number;
  }
  EXPECT_GT(converted, 15000);
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
