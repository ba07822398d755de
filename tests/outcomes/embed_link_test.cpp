// Signed dashboard links (plugin/embed/link.h), without a server: what a token carries, and each
// way a token is refused.
#include "plugin/embed/link.h"

#include <gtest/gtest.h>

#include "lrs/core/crypto.h"

namespace outcomes {
namespace {

const std::string kKey(32, 'k');

std::function<Result<std::optional<std::string>>(int64_t)> KeyFor(int64_t store, std::string key) {
  return [store, key](int64_t asked) -> Result<std::optional<std::string>> {
    if (asked != store) return std::optional<std::string>();
    return std::optional<std::string>(key);
  };
}

EmbedGrant Grant() {
  EmbedGrant g;
  g.store_id = 7;
  g.outcomes = {"cut-incidents", "time-to-proficiency"};
  g.team = "plant-north";
  g.expires_s = 2'000'000'000;
  return g;
}

TEST(EmbedLinkTest, AGenuineTokenGivesBackItsGrant) {
  const std::string token = SignEmbedToken(Grant(), kKey);
  auto grant = VerifyEmbedToken(token, KeyFor(7, kKey), 1'900'000'000);
  ASSERT_TRUE(grant.ok()) << grant.error().message();
  EXPECT_EQ(grant.value().store_id, 7);
  EXPECT_EQ(grant.value().outcomes, Grant().outcomes);
  EXPECT_EQ(grant.value().team, std::optional<std::string>("plant-north"));
  EXPECT_EQ(grant.value().expires_s, 2'000'000'000);
  EXPECT_TRUE(grant.value().AllowsOutcome("cut-incidents"));
  EXPECT_FALSE(grant.value().AllowsOutcome("cut"));
}

TEST(EmbedLinkTest, AnExpiredTokenIsRefusedSayingWhen) {
  const std::string token = SignEmbedToken(Grant(), kKey);
  auto grant = VerifyEmbedToken(token, KeyFor(7, kKey), 2'000'000'000);
  ASSERT_FALSE(grant.ok());
  EXPECT_EQ(grant.error().code(), lrs::ErrorCode::kUnauthorized);
  EXPECT_NE(grant.error().message().find("expired at 2033-05-18"), std::string::npos)
      << grant.error().message();
}

TEST(EmbedLinkTest, AnyAlterationIsRefused) {
  const std::string token = SignEmbedToken(Grant(), kKey);
  // Another team in the payload, the signature kept.
  EmbedGrant other = Grant();
  other.team = "plant-south";
  const std::string forged_body = SignEmbedToken(other, "not the key");
  const std::string swapped =
      forged_body.substr(0, forged_body.find('.')) + token.substr(token.find('.'));
  for (const std::string& bad : {swapped, token.substr(0, token.size() - 2) + "AA",
                                 SignEmbedToken(Grant(), std::string(32, 'x'))}) {
    auto grant = VerifyEmbedToken(bad, KeyFor(7, kKey), 1'900'000'000);
    ASSERT_FALSE(grant.ok()) << bad;
    EXPECT_EQ(grant.error().code(), lrs::ErrorCode::kUnauthorized);
    EXPECT_NE(grant.error().message().find("altered"), std::string::npos)
        << grant.error().message();
  }
  // A store without a key cannot have issued it.
  auto no_key = VerifyEmbedToken(token, KeyFor(8, kKey), 1'900'000'000);
  ASSERT_FALSE(no_key.ok());
  EXPECT_NE(no_key.error().message().find("altered"), std::string::npos);
}

TEST(EmbedLinkTest, MalformedTokensAreRefused) {
  const std::string payload = lrs::crypto::Base64UrlEncode(R"({"v":1,"s":7,"o":[],"e":1})");
  for (const std::string& bad :
       {std::string(""), std::string("abc"), std::string("a.b.c"), std::string("!!.??"),
        lrs::crypto::Base64UrlEncode("[1]") + ".AAAA", payload + ".AAAA"}) {
    auto grant = VerifyEmbedToken(bad, KeyFor(7, kKey), 0);
    ASSERT_FALSE(grant.ok()) << bad;
    EXPECT_EQ(grant.error().code(), lrs::ErrorCode::kUnauthorized);
    EXPECT_NE(grant.error().message().find("malformed"), std::string::npos)
        << grant.error().message();
  }
}

TEST(EmbedLinkTest, TtlsAreParsed) {
  EXPECT_EQ(ParseTtl("90s").value(), 90);
  EXPECT_EQ(ParseTtl("15m").value(), 900);
  EXPECT_EQ(ParseTtl("1h").value(), 3600);
  EXPECT_EQ(ParseTtl("7d").value(), 7 * 86400);
  EXPECT_EQ(ParseTtl("366d").value(), 366 * 86400);
  for (const char* bad : {"", "h", "0h", "1w", "-1h", "1.5h", "367d", "99999999999999999999s"}) {
    EXPECT_FALSE(ParseTtl(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace outcomes
