// The JSON Web Tokens of an LTI 1.3 launch (1EdTech Security Framework 1.0 §5.1.3, LTI Core 1.3
// §5.3): a compact JWS (RFC 7515) signed RS256 by the platform, its JWK Set (RFC 7517), and the
// checks of the id_token's claims. Pure functions: no database, no network, no clock (the time
// is a parameter). Every error names the check that failed, first word: the claim or header.
//
// The order a launch is checked in (plugin/api/lti_service.cpp):
//   DecodeJws → CheckAlgorithm (RS256 only, before any key is looked at) → the key by kid →
//   VerifySignature → CheckTokenClaims (iss, aud/azp, exp, iat, nonce present) → the nonce used
//   once and the state (database) → ReadResourceLinkLaunch (deployment_id, message_type,
//   version, resource_link.id).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "plugin/lti/rsa.h"

namespace outcomes::lti {

namespace json = lrs::json;

// The clock skew allowed on exp and iat, in seconds.
inline constexpr int64_t kClockSkewSeconds = 60;

// One RSA signing key of a JWK Set.
struct Jwk {
  std::string kid;
  RsaPublicKey key;
};

// The RSA keys of the JWK Set `text` ({"keys": [...]}) that may verify RS256 signatures: kty
// "RSA" with a kid, n and e; keys with another kty, "use" other than "sig" or "alg" other than
// RS256 are skipped. kBadRequest when the text is not a JWK Set or a key's n/e is not base64url.
Result<std::vector<Jwk>> ParseJwks(std::string_view text);

// The JWK Set of `keys` as JSON text: each key with kty RSA, alg RS256, use sig, kid, n, e.
std::string WriteJwks(const std::vector<Jwk>& keys);

// The key `kid` of `keys`, or null.
const Jwk* FindKey(const std::vector<Jwk>& keys, std::string_view kid);

// A compact JWS, decoded but not yet trusted.
struct Jws {
  json::Document header;
  json::Document payload;
  std::string signing_input;  // base64url(header) "." base64url(payload), as received
  std::string signature;      // raw bytes
  std::string alg;            // the header's alg ("" when absent or not a string)
  std::string kid;            // the header's kid ("" when absent or not a string)
};

// A compact JWS of the JSON object `payload` signed RS256 with the PEM private key `pem`, its
// header {"alg":"RS256","typ":"JWT","kid":KID}.
Result<std::string> SignJws(const json::Value& payload, std::string_view kid, std::string_view pem);

// Splits and decodes `compact` (three base64url parts, header and payload JSON objects).
// kBadRequest "id_token: ..." when it is not a compact JWS.
Result<Jws> DecodeJws(std::string_view compact);

// kUnauthorized "id_token alg: ..." unless the header's alg is exactly RS256 ("none", HS256 and
// every other algorithm are refused).
lrs::Status CheckAlgorithm(const Jws& jws);

// kUnauthorized "id_token signature: ..." unless the JWS's signature verifies under `key`
// (RS256); the key's own errors are passed on.
lrs::Status VerifySignature(const Jws& jws, const RsaPublicKey& key);

// What the platform registration says a token must carry.
struct Expected {
  std::string issuer;
  std::string client_id;
  std::vector<std::string> deployments;
  int64_t now_s = 0;  // seconds since the epoch
};

// Checks the claims of a verified token, in this order: iss equal to the issuer; aud the client
// id (a string, or an array holding it; with more than one audience, azp must be present and
// equal to the client id; azp, when present, must always be the client id); exp after now - skew;
// iat a number not after now + skew; a non-empty nonce. Returns the nonce. kUnauthorized naming
// the claim otherwise.
Result<std::string> CheckTokenClaims(const json::Value& payload, const Expected& expected);

// What a resource-link launch says about the user and the link.
inline constexpr std::string_view kResourceLinkRequest = "LtiResourceLinkRequest";
inline constexpr std::string_view kDeepLinkingRequest = "LtiDeepLinkingRequest";

// A deep linking request's settings (LTI Deep Linking 2.0 §4.4.1).
struct DeepLinkingSettings {
  std::string return_url;  // deep_link_return_url: where the response is posted
  std::string data;        // data: echoed in the response as given (JSON text); "" when absent
  bool accept_multiple = false;
};

struct Launch {
  std::string message_type;          // kResourceLinkRequest or kDeepLinkingRequest
  DeepLinkingSettings deep_linking;  // for kDeepLinkingRequest
  std::string target_link_uri;       // the URL the platform launched (this tool's launch URL)
  std::string memberships_url;       // NRPS: the course's context_memberships_url, when offered
  std::string deployment_id;
  std::string subject;  // sub: the platform's user id (may be empty: anonymous launch)
  std::string name;
  std::string email;
  std::string resource_link_id;
  std::string context_id;  // the course; empty when absent
  std::string context_title;
  std::vector<std::string> roles;
  std::map<std::string, std::string> custom;  // string values of the custom claim
  std::vector<std::string> mentees;           // role_scope_mentor: the user ids a mentor may see
};

// Reads a resource-link launch after its token's claims were checked, in this order:
// deployment_id one of the registration's; message_type LtiResourceLinkRequest; version 1.3.0;
// resource_link.id a non-empty string. kBadRequest naming the claim otherwise (kUnauthorized for
// an unknown deployment).
Result<Launch> ReadResourceLinkLaunch(const json::Value& payload, const Expected& expected);

// Reads a resource-link launch as ReadResourceLinkLaunch does, or a deep linking request
// (message_type LtiDeepLinkingRequest, no resource link needed): its deep_linking_settings must
// be an object with an absolute http(s) deep_link_return_url, accept_types holding
// "ltiResourceLink" and accept_presentation_document_targets holding "iframe" or "window"
// (kBadRequest naming the setting otherwise).
Result<Launch> ReadLaunch(const json::Value& payload, const Expected& expected);

}  // namespace outcomes::lti
