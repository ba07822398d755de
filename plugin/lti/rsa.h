// RSA keys for LTI 1.3 (RS256 JSON Web Signatures, RFC 7515/7518; JSON Web Keys, RFC 7517), made
// and used with OpenSSL's EVP API. Pure functions: no database, no network.
#pragma once

#include <string>
#include <string_view>

#include "lrs/core/error.h"

namespace outcomes::lti {

using lrs::Result;
using lrs::Status;

// The public half of an RSA key as a JWK carries it: the modulus and exponent as unsigned
// big-endian bytes (the base64url-decoded "n" and "e").
struct RsaPublicKey {
  std::string n;
  std::string e;
};

// The fewest bits of modulus accepted from a platform, and made for the tool.
inline constexpr int kMinRsaBits = 2048;

// A new RSA-2048 private key, as PKCS#8 PEM text. kInternal if OpenSSL fails.
Result<std::string> GenerateRsaKeyPem();

// The public key of the PEM private key `pem`. kInternal when it is not an RSA private key.
Result<RsaPublicKey> PublicKeyOfPem(std::string_view pem);

// The RSASSA-PKCS1-v1_5 SHA-256 signature (JWS RS256) of `data` with PEM private key `pem`.
Result<std::string> SignRs256(std::string_view pem, std::string_view data);

// Whether `signature` is a valid RS256 signature of `data` under `key`. kBadRequest when the key
// is not a usable RSA public key or is shorter than kMinRsaBits.
Result<bool> VerifyRs256(const RsaPublicKey& key, std::string_view data,
                         std::string_view signature);

}  // namespace outcomes::lti
