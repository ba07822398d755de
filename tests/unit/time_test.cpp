#include "lrs/core/time.h"

#include <gtest/gtest.h>

namespace lrs {
namespace {

TEST(TimestampTest, ParsesExtendedFormatWithOffsetIntoUtc) {
  auto ts = ParseTimestamp("2015-11-18T12:17:00.123+01:00");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(FormatTimestamp(*ts), "2015-11-18T11:17:00.123Z");
}

TEST(TimestampTest, ParsesBasicFormat) {
  auto ts = ParseTimestamp("20151118T121700Z");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(FormatTimestamp(*ts), "2015-11-18T12:17:00.000Z");
}

TEST(TimestampTest, KeepsPrecisionBeyondMilliseconds) {
  auto ts = ParseTimestamp("2015-11-18T12:17:00.123456789Z");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(ts->instant.nanos, 123456789);
  EXPECT_EQ(FormatTimestamp(*ts), "2015-11-18T12:17:00.123456789Z");
}

TEST(TimestampTest, NoZoneMeansUtc) {
  auto ts = ParseTimestamp("2015-11-18T12:17:00");
  ASSERT_TRUE(ts.has_value());
  EXPECT_EQ(FormatTimestamp(*ts), "2015-11-18T12:17:00.000Z");
}

TEST(TimestampTest, RejectsNegativeZeroOffsets) {
  EXPECT_FALSE(ParseTimestamp("2008-09-15T15:53:00.601-00"));
  EXPECT_FALSE(ParseTimestamp("2008-09-15T15:53:00.601-0000"));
  EXPECT_FALSE(ParseTimestamp("2008-09-15T15:53:00.601-00:00"));
  EXPECT_TRUE(ParseTimestamp("2008-09-15T15:53:00.601+00:00"));
}

TEST(TimestampTest, RejectsImpossibleDatesAndJunk) {
  EXPECT_FALSE(ParseTimestamp("2015-02-29T00:00:00Z"));  // not a leap year
  EXPECT_TRUE(ParseTimestamp("2016-02-29T00:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2015-13-01T00:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2015-11-18T25:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("01/011/2015"));
  EXPECT_FALSE(ParseTimestamp("should fail"));
  EXPECT_FALSE(ParseTimestamp("2015-11-18"));
  EXPECT_FALSE(ParseTimestamp("2015-11-18T12:17:00.Z"));
  EXPECT_FALSE(ParseTimestamp(""));
}

TEST(TimestampTest, FormatsHttpDate) {
  // 1994-11-06T08:49:37Z, the example of RFC 7231.
  EXPECT_EQ(FormatHttpDate(784111777LL * 1000000), "Sun, 06 Nov 1994 08:49:37 GMT");
}

TEST(TimestampTest, FormatsMillisecondsTruncated) {
  EXPECT_EQ(FormatMillisUtc(1000999), "1970-01-01T00:00:01.000Z");
  EXPECT_EQ(FormatMillisUtc(0), "1970-01-01T00:00:00.000Z");
}

TEST(TimestampTest, FormatsMicroseconds) {
  EXPECT_EQ(FormatMicrosUtc(1000999), "1970-01-01T00:00:01.000999Z");
  auto back = ParseTimestamp(FormatMicrosUtc(1764000000123456LL));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(ToMicros(back->instant), 1764000000123456LL);
}

TEST(TimestampTest, FormatsDatesOfDaysAsTheDatePartOfATimestamp) {
  EXPECT_EQ(FormatDateUtc(0), "1970-01-01");
  EXPECT_EQ(FormatDateUtc(-1), "1969-12-31");
  EXPECT_EQ(FormatDateUtc(11016), "2000-02-29");
  EXPECT_EQ(FormatDateUtc(DaysFromCivil(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(FormatDateUtc(DaysFromCivil(10000, 1, 1)), "10000-01-01");
  EXPECT_EQ(FormatDateUtc(DaysFromCivil(1, 1, 1)), "0001-01-01");
  // Every day of four centuries around today: the same as the long way, and back again.
  for (int64_t day = -80000; day <= 80000; ++day) {
    const std::string date = FormatDateUtc(day);
    ASSERT_EQ(date, FormatMillisUtc(day * 86400LL * 1000000LL).substr(0, 10)) << day;
    int64_t y;
    int m, d;
    CivilFromDays(day, &y, &m, &d);
    ASSERT_EQ(DaysFromCivil(y, m, d), day) << date;
  }
}

}  // namespace
}  // namespace lrs
