// lrs/core/strings.h: the HTML escaper shared by the LRS's error pages and the outcome plugin's
// LTI pages.
#include <gtest/gtest.h>

#include "lrs/core/strings.h"

namespace lrs {
namespace {

TEST(HtmlEscapeTest, EscapesTheFiveCharactersOfMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("&<>\"'"), "&amp;&lt;&gt;&quot;&#39;");
  EXPECT_EQ(HtmlEscape("<script>alert('x')</script>"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(HtmlEscape("\" onload=\"x"), "&quot; onload=&quot;x");
  EXPECT_EQ(HtmlEscape("' onload='x"), "&#39; onload=&#39;x");
}

TEST(HtmlEscapeTest, EscapesAnAmpersandOnceAndNothingElse) {
  // An escape already in the text is text: its & is escaped again, as a browser must show it.
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
  EXPECT_EQ(HtmlEscape("a=1&b=2"), "a=1&amp;b=2");
  EXPECT_EQ(HtmlEscape(""), "");
  const std::string plain = "Plain text, digits 0-9, UTF-8 \xC3\xA9\xE2\x82\xAC, tab\tand\nnewline";
  EXPECT_EQ(HtmlEscape(plain), plain);
  const std::string with_nul("a\0b", 3);
  EXPECT_EQ(HtmlEscape(with_nul), with_nul);
}

}  // namespace
}  // namespace lrs
