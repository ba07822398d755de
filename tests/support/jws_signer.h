// Test-only JWS signing (RFC 7515 Compact Serialization, RS256/384/512) with an RSA key and a
// self-signed X.509 certificate generated when the signer is created, so no key material lives
// in the tree. Header-only, so both the unit and the HTTP tests can use it; needs OpenSSL.
#pragma once

#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "lrs/core/crypto.h"

namespace lrs::test_support {

class JwsSigner {
 public:
  // A fresh 2048-bit RSA key and a self-signed certificate for it (CN=`common_name`, valid for
  // a day). Throws std::runtime_error when OpenSSL fails.
  explicit JwsSigner(const std::string& common_name = "Outcome LRS test signer")
      : key_(EVP_RSA_gen(2048), &EVP_PKEY_free), cert_(X509_new(), &X509_free) {
    if (!key_ || !cert_) throw std::runtime_error("cannot generate an RSA key");
    X509* x = cert_.get();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), 0);
    X509_gmtime_adj(X509_getm_notAfter(x), 24 * 3600);
    X509_set_pubkey(x, key_.get());
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    X509_set_issuer_name(x, name);
    if (X509_sign(x, key_.get(), EVP_sha256()) <= 0) {
      throw std::runtime_error("cannot sign the certificate");
    }
  }

  // The certificate, DER-encoded.
  std::string CertificateDer() const {
    unsigned char* der = nullptr;
    int length = i2d_X509(cert_.get(), &der);
    if (length <= 0) throw std::runtime_error("cannot encode the certificate");
    std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(length));
    OPENSSL_free(der);
    return out;
  }

  // The JOSE header {"alg":ALG,"x5c":[certificate]} (without "x5c" when `with_x5c` is false).
  std::string Header(std::string_view alg, bool with_x5c = true) const {
    std::string header = "{\"alg\":\"" + std::string(alg) + "\"";
    if (with_x5c) header += ",\"x5c\":[\"" + crypto::Base64Encode(CertificateDer()) + "\"]";
    return header + "}";
  }

  // RSASSA-PKCS1-v1_5 signature of `data` with SHA-256, SHA-384 or SHA-512 (`bits`).
  std::string RawSign(std::string_view data, int bits = 256) const {
    const EVP_MD* md = bits == 512 ? EVP_sha512() : bits == 384 ? EVP_sha384() : EVP_sha256();
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, md, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), nullptr, &length,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
      throw std::runtime_error("cannot sign");
    }
    std::string signature(length, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                       reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
      throw std::runtime_error("cannot sign");
    }
    signature.resize(length);
    return signature;
  }

  // header.payload.signature, signed with SHA-`bits` whatever `header` says (so tests can lie).
  std::string SignCompact(std::string_view header, std::string_view payload, int bits = 256) const {
    const std::string input =
        crypto::Base64UrlEncode(header) + "." + crypto::Base64UrlEncode(payload);
    return input + "." + crypto::Base64UrlEncode(RawSign(input, bits));
  }

  // The usual case: an RS256 JWS with x5c over `payload`.
  std::string Sign(std::string_view payload) const {
    return SignCompact(Header("RS256"), payload, 256);
  }

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
  std::unique_ptr<X509, decltype(&X509_free)> cert_;
};

}  // namespace lrs::test_support
