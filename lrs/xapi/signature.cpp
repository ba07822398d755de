#include "lrs/xapi/signature.h"

#include <string>
#include <vector>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/xapi/comparison.h"
#include "lrs/xapi/timestamp.h"

namespace lrs::xapi {

namespace {

bool IsSignature(const json::Value& attachment) {
  const json::Value* usage = json::Find(attachment, "usageType");
  return usage != nullptr && usage->IsString() && json::View(*usage) == kSignatureUsageType;
}

// A copy of `statement` without its signature Attachments (and without "attachments" when
// nothing else is left): the statement "before the signature was added".
json::Document WithoutSignatures(const json::Value& statement) {
  json::Document copy;
  copy.CopyFrom(statement, copy.GetAllocator());
  json::Value* list = copy.IsObject() ? json::Find(copy, "attachments") : nullptr;
  if (list == nullptr || !list->IsArray()) return copy;
  json::Value kept(rapidjson::kArrayType);
  for (json::Value& a : list->GetArray()) {
    if (!(a.IsObject() && IsSignature(a))) kept.PushBack(std::move(a), copy.GetAllocator());
  }
  if (kept.Empty()) {
    copy.RemoveMember("attachments");
  } else {
    *list = std::move(kept);
  }
  return copy;
}

// Whether the string members `name` of `a` and `b` differ when both are present; `same`
// compares them.
template <typename Same>
bool BothPresentAndDiffer(const json::Value& a, const json::Value& b, const char* name, Same same) {
  const json::Value* x = json::Find(a, name);
  const json::Value* y = json::Find(b, name);
  if (x == nullptr || y == nullptr) return false;
  if (!x->IsString() || !y->IsString()) return true;
  return !same(json::View(*x), json::View(*y));
}

Status Malformed(const std::string& why) {
  return Error::BadRequest("malformed statement signature: " + why);
}

}  // namespace

Status VerifyJws(std::string_view jws, const json::Value& statement, Version version) {
  if (!jws.empty() && jws.front() == '{') {
    return Malformed(
        "the JWS must use the Compact Serialization (header.payload.signature); the JSON "
        "Serialization is not supported");
  }
  std::vector<std::string_view> parts = Split(jws, '.');
  if (parts.size() != 3) {
    return Malformed("a JWS in Compact Serialization has three base64url parts separated by dots");
  }
  auto header_text = crypto::Base64UrlDecode(parts[0]);
  auto payload_text = crypto::Base64UrlDecode(parts[1]);
  auto signature = crypto::Base64UrlDecode(parts[2]);
  if (!header_text || !payload_text || !signature) {
    return Malformed("a part of the JWS is not unpadded base64url");
  }
  json::Document header;
  if (!json::Parse(*header_text, &header).ok() || !header.IsObject()) {
    return Malformed("the JOSE header is not a JSON object");
  }
  const json::Value* alg = json::Find(header, "alg");
  if (alg == nullptr || !alg->IsString()) return Malformed("the JOSE header has no \"alg\"");
  crypto::Sha2 digest;
  const std::string_view alg_name = json::View(*alg);
  if (alg_name == "RS256") {
    digest = crypto::Sha2::k256;
  } else if (alg_name == "RS384") {
    digest = crypto::Sha2::k384;
  } else if (alg_name == "RS512") {
    digest = crypto::Sha2::k512;
  } else {
    return Malformed("the algorithm must be RS256, RS384 or RS512, not \"" + std::string(alg_name) +
                     "\"");
  }
  if (signature->empty()) return Malformed("the JWS signature is empty");

  json::Document payload;
  if (!json::Parse(*payload_text, &payload).ok() || !payload.IsObject()) {
    return Malformed("the JWS payload is not a JSON statement object");
  }
  json::Document signed_form = WithoutSignatures(payload);
  json::Document received_form = WithoutSignatures(statement);
  const bool ids_differ = BothPresentAndDiffer(
      signed_form, received_form, "id",
      [](std::string_view x, std::string_view y) { return EqualsIgnoreCase(x, y); });
  const bool timestamps_differ = BothPresentAndDiffer(
      signed_form, received_form, "timestamp", [version](std::string_view x, std::string_view y) {
        auto tx = ParseStatementTimestamp(x, version);
        auto ty = ParseStatementTimestamp(y, version);
        return tx && ty && tx->instant == ty->instant;
      });
  if (ids_differ || timestamps_differ ||
      !StatementsEquivalent(signed_form, received_form, version)) {
    return Malformed(
        "the JWS payload is not the statement that carries it (they must be logically "
        "equivalent, Part Two §2.3.1)");
  }

  if (const json::Value* x5c = json::Find(header, "x5c")) {
    if (!x5c->IsArray() || x5c->Empty() || !(*x5c)[0].IsString()) {
      return Malformed("\"x5c\" in the JOSE header must be a non-empty array of certificates");
    }
    auto der = crypto::Base64Decode(json::View((*x5c)[0]));
    if (!der) return Malformed("the first \"x5c\" certificate is not base64");
    const std::string signing_input = std::string(parts[0]) + "." + std::string(parts[1]);
    auto verified = crypto::VerifyRsaSignature(*der, digest, signing_input, *signature);
    if (!verified.ok()) return Malformed("\"x5c\": " + verified.error().message());
    if (!verified.value()) {
      return Malformed(
          "the signature does not verify with the public key of the first "
          "\"x5c\" certificate");
    }
  }
  return Status();
}

Status VerifyStatementSignatures(const json::Value& statement, std::string_view path,
                                 const AttachmentDataByHash& data, Version version) {
  const json::Value* list = json::Find(statement, "attachments");
  if (list == nullptr || !list->IsArray()) return Status();
  for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
    const json::Value& a = (*list)[i];
    if (!a.IsObject() || !IsSignature(a)) continue;
    const std::string where = std::string(path) + ".attachments[" + std::to_string(i) + "]: ";
    const json::Value* type = json::Find(a, "contentType");
    std::string media =
        type && type->IsString() ? AsciiLower(Trim(Split(json::View(*type), ';')[0])) : "";
    if (media != "application/octet-stream") {
      return Error::BadRequest(where +
                               "a signature Attachment must have contentType "
                               "application/octet-stream");
    }
    auto it = data.find(AsciiLower(json::View(a["sha2"])));
    if (it == data.end()) {
      return Error::BadRequest(where +
                               "the signature (JWS) must be sent as attachment data, so that "
                               "the LRS can check it");
    }
    Status verified = VerifyJws(*it->second.content, statement, version);
    if (!verified.ok()) return Error::BadRequest(where + verified.error().message());
  }
  return Status();
}

}  // namespace lrs::xapi
