// Language tags (RFC 5646) and the Accept-Language choice of one language map entry
// (lrs/xapi/language.h).
#include "lrs/xapi/language.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "tests/unit/test_json.h"

namespace lrs::xapi {
namespace {

using test::JsonDoc;

TEST(LanguageTagTest, AcceptsWellFormedTags) {
  for (const char* tag : {
           "en",
           "de",
           "en-US",
           "EN-us",
           "es-419",
           "zh-Hant-TW",
           "zh-Hant",
           "sr-Latn-RS",
           "zh-yue-HK",               // extlang
           "zh-abc-def-ghi-HK",       // at most three extlangs
           "de-CH-1901",              // variant starting with a digit
           "sl-rozaj-biske",          // two variants
           "hy-Latn-IT-arevela",      // script, region and variant
           "en-US-u-islamcal",        // extension
           "en-a-bbb-b-ccc",          // two extensions
           "en-US-x-twain",           // private use after a langtag
           "qaa-Qaaa-QM-x-southern",  // private use language, script and region
           "x-private",               // private use tags
           "X-whatever",
           "x-a-b-c",
           "i-klingon",  // irregular grandfathered tags
           "i-default",
           "en-GB-oed",
           "sgn-BE-FR",
           "abcde",  // 5-8 letters: a registered language subtag
       }) {
    EXPECT_TRUE(IsLanguageTag(tag)) << tag;
  }
}

TEST(LanguageTagTest, RejectsMalformedTags) {
  for (const char* tag : {
           "",
           "e",
           "en_US",
           "english123",
           "123",
           "abcdefghi",
           "en-",
           "-en",
           "en--US",
           "en US",
           "x",
           "x-",
           "en-x",
           "en-US-x",
           "en-a",                // extension singleton without a subtag
           "en-a-b",              // extension subtags are 2 to 8 characters
           "en-a-bbb-a-ccc",      // repeated extension singleton
           "zh-Hant-Hans",        // two scripts
           "zh-abc-def-ghi-jkl",  // four extlangs
           "de-419-DE",           // two regions
           "en-US-abcdefghi",
           "i-foo",
           "en-US-",
           "é",
       }) {
    EXPECT_FALSE(IsLanguageTag(tag)) << tag;
  }
}

// The entry of `map` (a JSON object) that `header` prefers.
std::string Choose(std::string_view header, std::string_view map) {
  JsonDoc doc(map);
  return std::string(LanguagePreferences::Parse(header).Choose(doc));
}

TEST(LanguagePreferencesTest, NoPreferenceChoosesTheFirstEntry) {
  EXPECT_EQ(Choose("", R"({"fr": "Bonjour", "en": "Hello"})"), "fr");
  EXPECT_EQ(Choose("   ", R"({"de": "Hallo", "en": "Hello"})"), "de");
  EXPECT_EQ(Choose("*", R"({"de": "Hallo", "en": "Hello"})"), "de");
}

TEST(LanguagePreferencesTest, EmptyMapChoosesNothing) {
  EXPECT_EQ(Choose("en", "{}"), "");
  EXPECT_EQ(Choose("", "{}"), "");
}

TEST(LanguagePreferencesTest, ExactAndPrefixMatches) {
  EXPECT_EQ(Choose("en", R"({"fr": "Bonjour", "en": "Hello"})"), "en");
  // A range matches a tag that starts with it followed by '-'.
  EXPECT_EQ(Choose("en", R"({"fr": "Bonjour", "en-US": "Hello"})"), "en-US");
  // ... but not a tag that merely starts with the same letters.
  EXPECT_EQ(Choose("en", R"({"fr": "Bonjour", "enm": "Hello"})"), "fr");
  // A more specific range does not match a less specific tag (RFC 4647 basic filtering).
  EXPECT_EQ(Choose("en-US", R"({"fr": "Bonjour", "en": "Hello"})"), "fr");
  // Tags compare without regard to case.
  EXPECT_EQ(Choose("EN-us", R"({"fr": "Bonjour", "en-US": "Hello"})"), "en-US");
}

TEST(LanguagePreferencesTest, HighestWeightWins) {
  EXPECT_EQ(Choose("fr;q=0.5, de;q=0.9", R"({"fr": "Bonjour", "de": "Hallo"})"), "de");
  EXPECT_EQ(Choose("en-US,en;q=0.8", R"({"en-GB": "Colour", "en-US": "Color"})"), "en-US");
  EXPECT_EQ(Choose("ja, *;q=0.5", R"({"en": "Hello", "ja": "Konnichiwa"})"), "ja");
  EXPECT_EQ(Choose("ja;q=0.2, *;q=0.5", R"({"ja": "Konnichiwa", "en": "Hello"})"), "en");
  EXPECT_EQ(Choose(" fr ; q=0.8 , en ;q=0.9", R"({"fr": "Bonjour", "en": "Hello"})"), "en");
}

TEST(LanguagePreferencesTest, MostSpecificMatchingRangeGivesTheWeight) {
  EXPECT_EQ(Choose("en;q=0.1, en-GB;q=0.9", R"({"en-US": "Color", "en-GB": "Colour"})"), "en-GB");
  EXPECT_EQ(Choose("en-US;q=0.1, en;q=0.9", R"({"en-US": "Color", "en-GB": "Colour"})"), "en-GB");
  // q=0 means "not acceptable", even when "*" would accept the tag.
  EXPECT_EQ(Choose("*;q=0.1, fr;q=0", R"({"fr": "Bonjour", "de": "Hallo"})"), "de");
}

TEST(LanguagePreferencesTest, EqualWeightsKeepMapOrder) {
  EXPECT_EQ(Choose("en, fr", R"({"fr": "Bonjour", "en": "Hello"})"), "fr");
  EXPECT_EQ(Choose("en, fr", R"({"en": "Hello", "fr": "Bonjour"})"), "en");
}

TEST(LanguagePreferencesTest, NoAcceptableEntryChoosesTheFirst) {
  EXPECT_EQ(Choose("ja", R"({"fr": "Bonjour", "de": "Hallo"})"), "fr");
  EXPECT_EQ(Choose("fr;q=0, de;q=0", R"({"fr": "Bonjour", "de": "Hallo"})"), "fr");
}

TEST(LanguagePreferencesTest, MalformedEntriesAreSkipped) {
  EXPECT_EQ(Choose("en;q=abc, fr;q=0.4", R"({"en": "Hello", "fr": "Bonjour"})"), "fr");
  EXPECT_EQ(Choose("en;q=2, fr;q=0.4", R"({"en": "Hello", "fr": "Bonjour"})"), "fr");
  EXPECT_EQ(Choose("en;q=-1, fr;q=0.4", R"({"en": "Hello", "fr": "Bonjour"})"), "fr");
  EXPECT_EQ(Choose("en_US, fr;q=0.4", R"({"en_US": "Hello", "fr": "Bonjour"})"), "fr");
  EXPECT_EQ(Choose(",,;q=1, fr;q=0.4", R"({"en": "Hello", "fr": "Bonjour"})"), "fr");
}

}  // namespace
}  // namespace lrs::xapi
