// IRIs and mailto IRIs (lrs/xapi/iri.h), ISO 8601 durations (lrs/xapi/duration.h).
#include <gtest/gtest.h>

#include "lrs/xapi/duration.h"
#include "lrs/xapi/iri.h"

namespace lrs::xapi {
namespace {

TEST(IriTest, AcceptsAbsoluteIris) {
  for (const char* iri : {
           "http://example.com",
           "https://example.com/a/b?c=d&e=f#g",
           "urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
           "mailto:ann@example.com",
           "tag:example.com,2024:activities/quiz",
           "http://example.com/فعل/خواندن",  // non-ASCII characters, as IRIs allow
           "http://example.com/a%20b",
           "a+b-c.9:x",
           "HTTP://EXAMPLE.COM/",
           "http://[::1]:8080/x",
       }) {
    EXPECT_TRUE(IsAbsoluteIri(iri)) << iri;
  }
}

TEST(IriTest, RejectsRelativeAndMalformedIris) {
  for (const char* iri : {
           "",
           "example.com",
           "example.com/activities/quiz",
           "/activities/quiz",
           "#quiz",
           ":quiz",
           "http:",
           "1http://example.com",  // a scheme starts with a letter
           "ht tp://example.com",
           "ht_tp://example.com",
           "http://exa mple.com",
           "http://example.com/<quiz>",
           "http://example.com/\"quiz\"",
           "http://example.com/{quiz}",
           "http://example.com/a|b",
           "http://example.com/a\\b",
           "http://example.com/a^b",
           "http://example.com/a`b",
           "http://example.com/a\tb",
           "http://example.com/a\x7f",
           "http://example.com/%2",
           "http://example.com/%zz",
           "http://example.com/%",
       }) {
    EXPECT_FALSE(IsAbsoluteIri(iri)) << iri;
  }
}

TEST(MailtoIriTest, AcceptsMailtoWithAnAddress) {
  EXPECT_TRUE(IsMailtoIri("mailto:ann@example.com"));
  EXPECT_TRUE(IsMailtoIri("mailto:ann.lee+xapi@sub.Example.COM"));
}

TEST(MailtoIriTest, RejectsEverythingElse) {
  for (const char* mbox : {
           "",
           "ann@example.com",
           "mailto:",
           "mailto:ann",
           "mailto:@example.com",
           "mailto:ann@",
           "mailto:ann@b@example.com",
           "mailto:ann lee@example.com",
           "http://example.com/ann",
           "mailto ann@example.com",
           "mailto:ann@exa<mple.com",
       }) {
    EXPECT_FALSE(IsMailtoIri(mbox)) << mbox;
  }
}

TEST(DurationTest, AcceptsIso8601Durations) {
  // Part Two §4.6 examples first.
  for (const char* d : {
           "PT4H35M59.14S",
           "PT16559.14S",
           "P3Y1M29DT4H35M59.14S",
           "P3Y",
           "P4W",
           "PT1H0M0.1S",
           "P1M",
           "PT1M",
           "P1D",
           "P0D",
           "PT0S",
           "PT36H",
           "P1Y2D",
           "P1DT12H",
           "PT1,5S",
           "PT0.001S",
           "P0.5Y",
           "P1DT0.5H",
           "P2.5W",
           "P10Y11M12DT13H14M15.16S",
       }) {
    EXPECT_TRUE(IsDuration(d)) << d;
  }
}

TEST(DurationTest, RejectsEverythingElse) {
  // Not durations at all.
  for (const char* d : {"", "P", "1", "should fail", "pt1h", "-P1D", "+P1D", " PT1H", "PT1H "}) {
    EXPECT_FALSE(IsDuration(d)) << d;
  }
  // Part Two §4.6: weeks "cannot be combined with other time periods. 'P4W1D' is not valid."
  for (const char* d : {"P4W1D", "P1DT1W", "P1W1W"}) {
    EXPECT_FALSE(IsDuration(d)) << d;
  }
  // "T" without a time element, or twice.
  for (const char* d : {"PT", "P1DT", "P1YT1HT1M"}) {
    EXPECT_FALSE(IsDuration(d)) << d;
  }
  // Units that are not numbers, unknown, on the wrong side of "T", repeated or out of order.
  for (const char* d :
       {"PA1H0M0S", "P1H", "PT1D", "P1S", "PT1Y", "P1M1Y", "PT1S1M", "PT1H1H", "P1Y2M3DT4H5M6SZ"}) {
    EXPECT_FALSE(IsDuration(d)) << d;
  }
  // A decimal fraction only on the last element, with digits on both sides.
  for (const char* d : {"P0.5Y1M", "PT1.5H30M", "P1.5DT1H", "PT1.S", "PT.5S", "PT1..5S"}) {
    EXPECT_FALSE(IsDuration(d)) << d;
  }
  // "The alternative format ... MUST NOT be used."
  EXPECT_FALSE(IsDuration("P0003-01-29T04:35:59"));
}

TEST(DurationTest, ComparisonFormTruncatesSecondsToHundredths) {
  EXPECT_EQ(DurationForComparison("PT1.2345S"), "PT1.23S");
  EXPECT_EQ(DurationForComparison("PT1.239S"), "PT1.23S");
  EXPECT_EQ(DurationForComparison("PT16559.149S"), "PT16559.14S");
  EXPECT_EQ(DurationForComparison("P1DT1,2345S"), "P1DT1,23S");
  EXPECT_EQ(DurationForComparison("PT4H35M59.14S"), "PT4H35M59.14S");
  EXPECT_EQ(DurationForComparison("PT1.2S"), "PT1.2S");
  EXPECT_EQ(DurationForComparison("PT1S"), "PT1S");
  EXPECT_EQ(DurationForComparison("P3Y"), "P3Y");
  EXPECT_EQ(DurationForComparison("P4W"), "P4W");
  // Only seconds are truncated; other units keep their fraction.
  EXPECT_EQ(DurationForComparison("PT1.23456H"), "PT1.23456H");
}

}  // namespace
}  // namespace lrs::xapi
