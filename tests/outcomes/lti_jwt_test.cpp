// The LTI 1.3 id_token checks (plugin/lti/jwt.h, rsa.h): each check accepts the good token and
// refuses the bad one naming itself, with real RSA keys made by OpenSSL.
#include <gtest/gtest.h>

#include <string>

#include "lrs/core/crypto.h"
#include "plugin/lti/jwt.h"
#include "plugin/lti/rsa.h"

namespace outcomes::lti {
namespace {

using lrs::crypto::Base64UrlEncode;

constexpr int64_t kNow = 1'800'000'000;
constexpr char kClaim[] = "https://purl.imsglobal.org/spec/lti/claim/";

const std::string& PlatformPem() {
  static const std::string pem = GenerateRsaKeyPem().value();
  return pem;
}

const std::string& OtherPem() {
  static const std::string pem = GenerateRsaKeyPem().value();
  return pem;
}

std::string Sign(const std::string& header, const std::string& payload,
                 const std::string& pem = PlatformPem()) {
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(SignRs256(pem, input).value());
}

std::string Claims(const std::string& aud = "\"client-1\"", int64_t exp = kNow + 300,
                   int64_t iat = kNow - 5, const std::string& extra = "") {
  return "{\"iss\":\"https://lms.example\",\"aud\":" + aud + ",\"exp\":" + std::to_string(exp) +
         ",\"iat\":" + std::to_string(iat) + ",\"nonce\":\"n-1\",\"sub\":\"u-1\"" + extra + "}";
}

Expected Registration() {
  return Expected{"https://lms.example", "client-1", {"dep-1", "dep-2"}, kNow};
}

Result<std::string> CheckClaims(const std::string& payload) {
  json::Document doc;
  EXPECT_TRUE(json::Parse(payload, &doc).ok()) << payload;
  return CheckTokenClaims(doc, Registration());
}

std::string MessageOf(const Result<std::string>& r) {
  return r.ok() ? "ok" : r.error().message();
}

TEST(LtiJwt, AnRs256TokenSignedByThePlatformVerifies) {
  auto jws = DecodeJws(Sign(R"({"alg":"RS256","kid":"k1","typ":"JWT"})", Claims()));
  ASSERT_TRUE(jws.ok()) << jws.error().message();
  EXPECT_EQ(jws.value().kid, "k1");
  EXPECT_TRUE(CheckAlgorithm(jws.value()).ok());
  EXPECT_TRUE(VerifySignature(jws.value(), PublicKeyOfPem(PlatformPem()).value()).ok());
}

TEST(LtiJwt, AlgNoneIsRefusedBeforeAnyKey) {
  const std::string token =
      Base64UrlEncode(R"({"alg":"none","kid":"k1"})") + "." + Base64UrlEncode(Claims()) + ".";
  auto jws = DecodeJws(token);
  ASSERT_TRUE(jws.ok()) << jws.error().message();
  lrs::Status alg = CheckAlgorithm(jws.value());
  ASSERT_FALSE(alg.ok());
  EXPECT_EQ(alg.error().code(), lrs::ErrorCode::kUnauthorized);
  EXPECT_NE(alg.error().message().find("alg"), std::string::npos) << alg.error().message();
}

// The classic confusion attack: HMAC-SHA-256 keyed with the platform's public key bytes.
TEST(LtiJwt, Hs256SignedWithThePublicKeyIsRefused) {
  const RsaPublicKey pub = PublicKeyOfPem(PlatformPem()).value();
  const std::string input =
      Base64UrlEncode(R"({"alg":"HS256","kid":"k1"})") + "." + Base64UrlEncode(Claims());
  const std::string token = input + "." + Base64UrlEncode(lrs::crypto::HmacSha256(pub.n, input));
  auto jws = DecodeJws(token);
  ASSERT_TRUE(jws.ok());
  EXPECT_FALSE(CheckAlgorithm(jws.value()).ok());
  // Even past the algorithm check, the MAC is no RS256 signature.
  EXPECT_FALSE(VerifySignature(jws.value(), pub).ok());
}

TEST(LtiJwt, AnAlteredPayloadOrAnotherKeyFailsTheSignature) {
  const std::string token = Sign(R"({"alg":"RS256","kid":"k1"})", Claims());
  const size_t dot = token.find('.');
  const size_t dot2 = token.find('.', dot + 1);
  const std::string altered = token.substr(0, dot + 1) +
                              Base64UrlEncode(Claims("\"client-1\"", kNow + 99999)) +
                              token.substr(dot2);
  auto jws = DecodeJws(altered);
  ASSERT_TRUE(jws.ok());
  lrs::Status s = VerifySignature(jws.value(), PublicKeyOfPem(PlatformPem()).value());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("signature"), std::string::npos);

  auto other = DecodeJws(Sign(R"({"alg":"RS256","kid":"k1"})", Claims(), OtherPem()));
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(VerifySignature(other.value(), PublicKeyOfPem(PlatformPem()).value()).ok());
}

TEST(LtiJwt, MalformedTokensAreBadRequests) {
  for (const std::string token : {"", "abc", "a.b", "a.b.c.d", "!!.e30.", "e30.!!.", "e30.e30.!"}) {
    auto jws = DecodeJws(token);
    ASSERT_FALSE(jws.ok()) << token;
    EXPECT_EQ(jws.error().code(), lrs::ErrorCode::kBadRequest) << token;
  }
}

TEST(LtiJwt, JwksKeepsRsaSigningKeysAndRoundTrips) {
  const RsaPublicKey a = PublicKeyOfPem(PlatformPem()).value();
  const RsaPublicKey b = PublicKeyOfPem(OtherPem()).value();
  const std::string text = WriteJwks({{"a", a}, {"b", b}});
  auto keys = ParseJwks(text);
  ASSERT_TRUE(keys.ok()) << keys.error().message();
  ASSERT_EQ(keys.value().size(), 2u);
  ASSERT_NE(FindKey(keys.value(), "b"), nullptr);
  EXPECT_EQ(FindKey(keys.value(), "b")->key.n, b.n);
  EXPECT_EQ(FindKey(keys.value(), "a")->key.e, a.e);
  EXPECT_EQ(FindKey(keys.value(), "c"), nullptr);

  auto mixed = ParseJwks(R"({"keys":[{"kty":"EC","kid":"e","crv":"P-256","x":"AA","y":"AA"},
      {"kty":"RSA","kid":"enc","use":"enc","n":"AQAB","e":"AQAB"},
      {"kty":"RSA","kid":"r","n":"AQAB","e":"AQAB"}]})");
  ASSERT_TRUE(mixed.ok());
  ASSERT_EQ(mixed.value().size(), 1u);
  EXPECT_EQ(mixed.value()[0].kid, "r");
  EXPECT_FALSE(ParseJwks("{}").ok());
  EXPECT_FALSE(ParseJwks("[]").ok());
}

TEST(LtiJwt, TheClaimsOfAGoodTokenPassAndGiveTheNonce) {
  auto nonce = CheckClaims(Claims());
  ASSERT_TRUE(nonce.ok()) << nonce.error().message();
  EXPECT_EQ(nonce.value(), "n-1");
  EXPECT_TRUE(
      CheckClaims(Claims(R"(["client-1","other"])", kNow + 300, kNow - 5, R"(,"azp":"client-1")"))
          .ok());
  EXPECT_TRUE(CheckClaims(Claims(R"(["client-1"])")).ok());
}

TEST(LtiJwt, EachClaimCheckNamesItself) {
  struct Case {
    std::string payload;
    std::string names;
  };
  const std::string wrong_iss = R"({"iss":"https://evil.example","aud":"client-1","exp":)" +
                                std::to_string(kNow + 300) + R"(,"iat":)" + std::to_string(kNow) +
                                R"(,"nonce":"n"})";
  const Case cases[] = {
      {wrong_iss, "iss"},
      {Claims("\"client-2\""), "aud"},
      {Claims(R"(["client-2","client-3"])"), "aud"},
      {Claims(R"(["client-1","other"])"), "azp"},
      {Claims(R"(["client-1","other"])", kNow + 300, kNow - 5, R"(,"azp":"other")"), "azp"},
      {Claims("\"client-1\"", kNow - kClockSkewSeconds - 1), "exp"},
      {Claims("\"client-1\"", kNow + 300, kNow + kClockSkewSeconds + 1), "iat"},
      {R"({"iss":"https://lms.example","aud":"client-1","iat":1,"nonce":"n"})", "exp"},
      {R"({"iss":"https://lms.example","aud":"client-1","exp":)" + std::to_string(kNow + 9) +
           R"(,"iat":)" + std::to_string(kNow) + "}",
       "nonce"},
  };
  for (const Case& c : cases) {
    auto r = CheckClaims(c.payload);
    ASSERT_FALSE(r.ok()) << c.payload;
    EXPECT_EQ(r.error().code(), lrs::ErrorCode::kUnauthorized) << c.payload;
    EXPECT_EQ(r.error().message().rfind(c.names, 0), 0u) << MessageOf(r) << " for " << c.payload;
  }
  // Within the skew: a token expired 59 s ago still passes.
  EXPECT_TRUE(CheckClaims(Claims("\"client-1\"", kNow - kClockSkewSeconds + 1)).ok());
}

std::string LaunchPayload(const std::string& deployment, const std::string& type,
                          const std::string& version, const std::string& link) {
  std::string out = "{\"sub\":\"u-1\",\"name\":\"Ann\"";
  if (!deployment.empty())
    out += ",\"" + std::string(kClaim) + "deployment_id\":\"" + deployment + "\"";
  out += ",\"" + std::string(kClaim) + "message_type\":\"" + type + "\"";
  out += ",\"" + std::string(kClaim) + "version\":\"" + version + "\"";
  if (!link.empty()) out += ",\"" + std::string(kClaim) + "resource_link\":" + link;
  out += ",\"" + std::string(kClaim) +
         "roles\":[\"http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor\"]";
  out += ",\"" + std::string(kClaim) + "context\":{\"id\":\"course-7\",\"title\":\"Safety\"}";
  out += ",\"" + std::string(kClaim) + "custom\":{\"outcome\":\"cut-incidents\",\"n\":3}}";
  return out;
}

Result<Launch> ReadLaunch(const std::string& payload) {
  json::Document doc;
  EXPECT_TRUE(json::Parse(payload, &doc).ok()) << payload;
  return ReadResourceLinkLaunch(doc, Registration());
}

TEST(LtiJwt, AResourceLinkLaunchIsRead) {
  auto launch =
      ReadLaunch(LaunchPayload("dep-2", "LtiResourceLinkRequest", "1.3.0", R"({"id":"link-1"})"));
  ASSERT_TRUE(launch.ok()) << launch.error().message();
  EXPECT_EQ(launch.value().deployment_id, "dep-2");
  EXPECT_EQ(launch.value().resource_link_id, "link-1");
  EXPECT_EQ(launch.value().context_id, "course-7");
  EXPECT_EQ(launch.value().subject, "u-1");
  ASSERT_EQ(launch.value().roles.size(), 1u);
  EXPECT_EQ(launch.value().custom.at("outcome"), "cut-incidents");
  EXPECT_EQ(launch.value().custom.count("n"), 0u);  // not a string
}

TEST(LtiJwt, EachLaunchCheckNamesItself) {
  struct Case {
    std::string payload;
    std::string names;
  };
  const Case cases[] = {
      {LaunchPayload("dep-9", "LtiResourceLinkRequest", "1.3.0", R"({"id":"l"})"), "deployment_id"},
      {LaunchPayload("", "LtiResourceLinkRequest", "1.3.0", R"({"id":"l"})"), "deployment_id"},
      {LaunchPayload("dep-1", "LtiDeepLinkingRequest", "1.3.0", R"({"id":"l"})"), "message_type"},
      {LaunchPayload("dep-1", "LtiResourceLinkRequest", "1.1", R"({"id":"l"})"), "version"},
      {LaunchPayload("dep-1", "LtiResourceLinkRequest", "1.3.0", ""), "resource_link"},
      {LaunchPayload("dep-1", "LtiResourceLinkRequest", "1.3.0", R"({"id":""})"), "resource_link"},
  };
  for (const Case& c : cases) {
    auto r = ReadLaunch(c.payload);
    ASSERT_FALSE(r.ok()) << c.payload;
    EXPECT_EQ(r.error().message().rfind(c.names, 0), 0u) << r.error().message();
  }
}

TEST(LtiRsa, ToolKeysAre2048BitsAndSignWhatTheirPublicHalfVerifies) {
  const std::string pem = GenerateRsaKeyPem().value();
  EXPECT_NE(pem.find("BEGIN PRIVATE KEY"), std::string::npos);
  const RsaPublicKey pub = PublicKeyOfPem(pem).value();
  EXPECT_EQ(pub.n.size(), 256u);
  const std::string sig = SignRs256(pem, "data").value();
  EXPECT_TRUE(VerifyRs256(pub, "data", sig).value());
  EXPECT_FALSE(VerifyRs256(pub, "datb", sig).value());
  // A key too short to trust is refused, not used.
  RsaPublicKey weak{pub.n.substr(0, 64), pub.e};
  EXPECT_FALSE(VerifyRs256(weak, "data", sig).ok());
}

}  // namespace
}  // namespace outcomes::lti
