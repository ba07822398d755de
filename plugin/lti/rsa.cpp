#include "plugin/lti/rsa.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

namespace outcomes::lti {

using lrs::Error;

namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
template <typename T>
using Owned = std::unique_ptr<T, Free>;

Result<Owned<EVP_PKEY>> ReadPrivate(std::string_view pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Error::Internal("cannot read the key: out of memory");
  Owned<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    return Error::Internal("the stored tool key is not an RSA private key in PEM");
  }
  return key;
}

std::string Bytes(const BIGNUM* bn) {
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

}  // namespace

Result<std::string> GenerateRsaKeyPem() {
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), kMinRsaBits) <= 0 ||
      EVP_PKEY_generate(ctx.get(), &raw) <= 0) {
    return Error::Internal("OpenSSL could not generate an RSA key");
  }
  Owned<EVP_PKEY> key(raw);
  Owned<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Error::Internal("OpenSSL could not write the RSA key as PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

Result<RsaPublicKey> PublicKeyOfPem(std::string_view pem) {
  auto key = ReadPrivate(pem);
  if (!key.ok()) return key.error();
  BIGNUM* n = nullptr;
  BIGNUM* e = nullptr;
  if (EVP_PKEY_get_bn_param(key.value().get(), OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
      EVP_PKEY_get_bn_param(key.value().get(), OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
    BN_free(n);
    return Error::Internal("OpenSSL could not read the RSA key's modulus and exponent");
  }
  Owned<BIGNUM> own_n(n), own_e(e);
  return RsaPublicKey{Bytes(n), Bytes(e)};
}

Result<std::string> SignRs256(std::string_view pem, std::string_view data) {
  auto key = ReadPrivate(pem);
  if (!key.ok()) return key.error();
  Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
  size_t length = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key.value().get()) != 1 ||
      EVP_DigestSign(md.get(), nullptr, &length, in, data.size()) != 1) {
    return Error::Internal("OpenSSL could not sign with the tool key");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, in,
                     data.size()) != 1) {
    return Error::Internal("OpenSSL could not sign with the tool key");
  }
  signature.resize(length);
  return signature;
}

Result<bool> VerifyRs256(const RsaPublicKey& key, std::string_view data,
                         std::string_view signature) {
  const auto* n_bytes = reinterpret_cast<const unsigned char*>(key.n.data());
  const auto* e_bytes = reinterpret_cast<const unsigned char*>(key.e.data());
  Owned<BIGNUM> n(BN_bin2bn(n_bytes, static_cast<int>(key.n.size()), nullptr));
  Owned<BIGNUM> e(BN_bin2bn(e_bytes, static_cast<int>(key.e.size()), nullptr));
  Owned<OSSL_PARAM_BLD> build(OSSL_PARAM_BLD_new());
  if (!n || !e || !build || BN_is_zero(e.get()) ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return Error::BadRequest("the platform's key is not a usable RSA public key");
  }
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(build.get()));
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0) {
    return Error::BadRequest("the platform's key is not a usable RSA public key");
  }
  Owned<EVP_PKEY> pkey(raw);
  if (EVP_PKEY_get_bits(pkey.get()) < kMinRsaBits) {
    return Error::BadRequest("the platform's RSA key has " +
                             std::to_string(EVP_PKEY_get_bits(pkey.get())) + " bits; at least " +
                             std::to_string(kMinRsaBits) + " are required");
  }
  Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, pkey.get()) != 1) {
    return Error::Internal("OpenSSL could not start an RS256 verification");
  }
  const int verdict = EVP_DigestVerify(
      md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
      reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return verdict == 1;
}

}  // namespace outcomes::lti
