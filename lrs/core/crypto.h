// Hashing, key derivation, randomness and RSA signature verification, all from OpenSSL's libcrypto.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "lrs/core/error.h"

namespace lrs::crypto {

// The SHA-2 functions the LRS computes (attachment hashes, JWS algorithms).
enum class Sha2 { k224, k256, k384, k512 };

// Lower-case hexadecimal SHA-1 of `data` (ETags, mbox_sha1sum).
std::string Sha1Hex(std::string_view data);

// Raw 32-byte SHA-256 of `data`.
std::string Sha256(std::string_view data);

// Raw 32-byte HMAC-SHA-256 of `data` under `key` (RFC 2104).
std::string HmacSha256(std::string_view key, std::string_view data);

// The SHA-2 function whose lower-case hex digest is `hex_length` characters long (56, 64, 96 or
// 128); nullopt for any other length.
std::optional<Sha2> Sha2ForHexLength(size_t hex_length);

// Lower-case hexadecimal digest of `data` with `algorithm`.
std::string Sha2Hex(Sha2 algorithm, std::string_view data);

// Verifies `signature`, an RSASSA-PKCS1-v1_5 signature over `data` with digest `algorithm` (the
// JWS algorithms RS256/RS384/RS512, RFC 7518 §3.3), against the public key of the DER-encoded
// X.509 certificate `certificate_der`. Returns whether the signature is valid; kBadRequest when
// the certificate cannot be parsed or its key is not an RSA key. The certificate itself (dates,
// chain, revocation) is not checked.
Result<bool> VerifyRsaSignature(std::string_view certificate_der, Sha2 algorithm,
                                std::string_view data, std::string_view signature);

// Raw `length`-byte PBKDF2-HMAC-SHA256 of `secret` with `salt` and `iterations` rounds.
std::string Pbkdf2Sha256(std::string_view secret, std::string_view salt, int iterations,
                         size_t length);

// `n` bytes from OpenSSL's CSPRNG. Aborts the process if the CSPRNG cannot be seeded, since no
// credential or identifier may then be issued safely.
std::string RandomBytes(size_t n);

// Compares in time that depends only on the lengths.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

std::string HexEncode(std::string_view bytes);

// Standard base64 (RFC 4648 §4), with padding.
std::string Base64Encode(std::string_view bytes);
// Decodes standard base64; padding required; nullopt on any invalid character or length.
std::optional<std::string> Base64Decode(std::string_view text);

// URL-safe base64 (RFC 4648 §5) without padding.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace lrs::crypto
