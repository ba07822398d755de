#include "plugin/lti/jwt.h"

#include <rapidjson/document.h>

#include "lrs/core/crypto.h"

namespace outcomes::lti {

using lrs::Error;
using lrs::Status;

namespace {

constexpr std::string_view kClaim = "https://purl.imsglobal.org/spec/lti/claim/";

std::string StringMember(const json::Value& object, std::string_view name) {
  const json::Value* v = object.IsObject() ? json::Find(object, name) : nullptr;
  return v != nullptr && v->IsString() ? std::string(json::View(*v)) : std::string();
}

const json::Value* LtiClaim(const json::Value& payload, std::string_view name) {
  return json::Find(payload, std::string(kClaim) + std::string(name));
}

Result<json::Document> DecodePart(std::string_view part, std::string_view what) {
  auto bytes = lrs::crypto::Base64UrlDecode(part);
  if (!bytes) return Error::BadRequest("id_token: its " + std::string(what) + " is not base64url");
  json::Document doc;
  if (!json::Parse(*bytes, &doc).ok() || !doc.IsObject()) {
    return Error::BadRequest("id_token: its " + std::string(what) + " is not a JSON object");
  }
  return doc;
}

}  // namespace

Result<std::vector<Jwk>> ParseJwks(std::string_view text) {
  json::Document doc;
  if (!json::Parse(text, &doc).ok() || !doc.IsObject()) {
    return Error::BadRequest("JWKS: not a JSON object");
  }
  const json::Value* keys = json::Find(doc, "keys");
  if (keys == nullptr || !keys->IsArray()) return Error::BadRequest("JWKS: no \"keys\" array");
  std::vector<Jwk> out;
  for (const json::Value& k : keys->GetArray()) {
    if (!k.IsObject() || StringMember(k, "kty") != "RSA") continue;
    const std::string use = StringMember(k, "use");
    const std::string alg = StringMember(k, "alg");
    if ((!use.empty() && use != "sig") || (!alg.empty() && alg != "RS256")) continue;
    Jwk jwk;
    jwk.kid = StringMember(k, "kid");
    if (jwk.kid.empty()) continue;
    auto n = lrs::crypto::Base64UrlDecode(StringMember(k, "n"));
    auto e = lrs::crypto::Base64UrlDecode(StringMember(k, "e"));
    if (!n || !e || n->empty() || e->empty()) {
      return Error::BadRequest("JWKS: key \"" + jwk.kid + "\" has no base64url n and e");
    }
    jwk.key = RsaPublicKey{std::move(*n), std::move(*e)};
    out.push_back(std::move(jwk));
  }
  return out;
}

std::string WriteJwks(const std::vector<Jwk>& keys) {
  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (const Jwk& k : keys) {
    json::Value key(rapidjson::kObjectType);
    key.AddMember("kty", "RSA", a);
    key.AddMember("alg", "RS256", a);
    key.AddMember("use", "sig", a);
    key.AddMember("kid", json::Copy(k.kid, a), a);
    key.AddMember("n", json::Copy(lrs::crypto::Base64UrlEncode(k.key.n), a), a);
    key.AddMember("e", json::Copy(lrs::crypto::Base64UrlEncode(k.key.e), a), a);
    list.PushBack(std::move(key), a);
  }
  doc.AddMember("keys", std::move(list), a);
  return json::Write(doc);
}

const Jwk* FindKey(const std::vector<Jwk>& keys, std::string_view kid) {
  for (const Jwk& k : keys) {
    if (k.kid == kid) return &k;
  }
  return nullptr;
}

Result<std::string> SignJws(const json::Value& payload, std::string_view kid,
                            std::string_view pem) {
  json::Document header;
  header.SetObject();
  auto& a = header.GetAllocator();
  header.AddMember("alg", "RS256", a);
  header.AddMember("typ", "JWT", a);
  header.AddMember("kid", json::Copy(std::string(kid), a), a);
  const std::string input = lrs::crypto::Base64UrlEncode(json::Write(header)) + "." +
                            lrs::crypto::Base64UrlEncode(json::Write(payload));
  auto signature = SignRs256(pem, input);
  if (!signature.ok()) return signature.error();
  return input + "." + lrs::crypto::Base64UrlEncode(signature.value());
}

Result<Jws> DecodeJws(std::string_view compact) {
  const size_t first = compact.find('.');
  const size_t second = first == std::string_view::npos ? first : compact.find('.', first + 1);
  if (compact.empty() || second == std::string_view::npos ||
      compact.find('.', second + 1) != std::string_view::npos) {
    return Error::BadRequest("id_token: not a compact JWS (three base64url parts joined by '.')");
  }
  Jws jws;
  auto header = DecodePart(compact.substr(0, first), "header");
  if (!header.ok()) return header.error();
  jws.header = std::move(header).value();
  auto payload = DecodePart(compact.substr(first + 1, second - first - 1), "payload");
  if (!payload.ok()) return payload.error();
  jws.payload = std::move(payload).value();
  auto signature = lrs::crypto::Base64UrlDecode(compact.substr(second + 1));
  if (!signature) return Error::BadRequest("id_token: its signature is not base64url");
  jws.signature = std::move(*signature);
  jws.signing_input = std::string(compact.substr(0, second));
  jws.alg = StringMember(jws.header, "alg");
  jws.kid = StringMember(jws.header, "kid");
  return jws;
}

Status CheckAlgorithm(const Jws& jws) {
  if (jws.alg == "RS256") return Status();
  return Error::Unauthorized("id_token alg: \"" + jws.alg +
                             "\" is refused; LTI 1.3 tokens must be signed RS256");
}

Status VerifySignature(const Jws& jws, const RsaPublicKey& key) {
  auto valid = VerifyRs256(key, jws.signing_input, jws.signature);
  if (!valid.ok()) return valid.error();
  if (!valid.value()) {
    return Error::Unauthorized("id_token signature: does not verify with the platform's key \"" +
                               jws.kid + "\"");
  }
  return Status();
}

Result<std::string> CheckTokenClaims(const json::Value& payload, const Expected& expected) {
  if (StringMember(payload, "iss") != expected.issuer) {
    return Error::Unauthorized("iss: \"" + StringMember(payload, "iss") +
                               "\" is not the registered issuer \"" + expected.issuer + "\"");
  }
  const json::Value* aud = json::Find(payload, "aud");
  size_t audiences = 0;
  bool ours = false;
  if (aud != nullptr && aud->IsString()) {
    audiences = 1;
    ours = json::View(*aud) == expected.client_id;
  } else if (aud != nullptr && aud->IsArray()) {
    for (const json::Value& a : aud->GetArray()) {
      ++audiences;
      ours = ours || (a.IsString() && json::View(a) == expected.client_id);
    }
  }
  if (!ours) {
    return Error::Unauthorized("aud: the token is not for this tool's client id \"" +
                               expected.client_id + "\"");
  }
  const json::Value* azp = json::Find(payload, "azp");
  if (audiences > 1 && azp == nullptr) {
    return Error::Unauthorized("azp: required when aud names several audiences");
  }
  if (azp != nullptr && !(azp->IsString() && json::View(*azp) == expected.client_id)) {
    return Error::Unauthorized("azp: not this tool's client id \"" + expected.client_id + "\"");
  }
  const json::Value* exp = json::Find(payload, "exp");
  if (exp == nullptr || !exp->IsNumber()) return Error::Unauthorized("exp: missing");
  if (exp->GetDouble() + static_cast<double>(kClockSkewSeconds) <
      static_cast<double>(expected.now_s)) {
    return Error::Unauthorized("exp: the token expired at " +
                               std::to_string(static_cast<int64_t>(exp->GetDouble())) + " (now " +
                               std::to_string(expected.now_s) + ")");
  }
  const json::Value* iat = json::Find(payload, "iat");
  if (iat == nullptr || !iat->IsNumber()) return Error::Unauthorized("iat: missing");
  if (iat->GetDouble() > static_cast<double>(expected.now_s + kClockSkewSeconds)) {
    return Error::Unauthorized("iat: the token is issued in the future");
  }
  std::string nonce = StringMember(payload, "nonce");
  if (nonce.empty()) return Error::Unauthorized("nonce: missing");
  return nonce;
}

namespace {

bool HoldsString(const json::Value* array, std::string_view value) {
  if (array == nullptr || !array->IsArray()) return false;
  for (const json::Value& v : array->GetArray()) {
    if (v.IsString() && json::View(v) == value) return true;
  }
  return false;
}

Result<DeepLinkingSettings> ReadDeepLinkingSettings(const json::Value& payload) {
  const json::Value* settings =
      json::Find(payload, "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings");
  if (settings == nullptr || !settings->IsObject()) {
    return Error::BadRequest("deep_linking_settings: a deep linking request must carry them");
  }
  DeepLinkingSettings out;
  out.return_url = StringMember(*settings, "deep_link_return_url");
  const std::string_view url = out.return_url;
  if (url.substr(0, 8) != "https://" && url.substr(0, 7) != "http://") {
    return Error::BadRequest(
        "deep_linking_settings.deep_link_return_url: an absolute http(s) URL is required");
  }
  if (!HoldsString(json::Find(*settings, "accept_types"), "ltiResourceLink")) {
    return Error::BadRequest(
        "deep_linking_settings.accept_types: must hold ltiResourceLink, the only item this tool "
        "makes");
  }
  const json::Value* targets = json::Find(*settings, "accept_presentation_document_targets");
  if (!HoldsString(targets, "iframe") && !HoldsString(targets, "window")) {
    return Error::BadRequest(
        "deep_linking_settings.accept_presentation_document_targets: must hold iframe or window");
  }
  if (const json::Value* data = json::Find(*settings, "data"); data && data->IsString()) {
    out.data = std::string(json::View(*data));
  }
  if (const json::Value* multiple = json::Find(*settings, "accept_multiple");
      multiple && multiple->IsBool()) {
    out.accept_multiple = multiple->GetBool();
  }
  return out;
}

}  // namespace

Result<Launch> ReadLaunchOf(const json::Value& payload, const Expected& expected,
                            bool deep_linking);

Result<Launch> ReadResourceLinkLaunch(const json::Value& payload, const Expected& expected) {
  return ReadLaunchOf(payload, expected, /*deep_linking=*/false);
}

Result<Launch> ReadLaunch(const json::Value& payload, const Expected& expected) {
  return ReadLaunchOf(payload, expected, /*deep_linking=*/true);
}

// The launch of `payload`; a deep linking request only when `deep_linking`.
Result<Launch> ReadLaunchOf(const json::Value& payload, const Expected& expected,
                            bool deep_linking) {
  Launch launch;
  const json::Value* deployment = LtiClaim(payload, "deployment_id");
  if (deployment == nullptr || !deployment->IsString()) {
    return Error::BadRequest("deployment_id: missing");
  }
  launch.deployment_id = std::string(json::View(*deployment));
  bool known = false;
  for (const std::string& d : expected.deployments)
    known = known || d == launch.deployment_id;
  if (!known) {
    return Error::Unauthorized("deployment_id: \"" + launch.deployment_id +
                               "\" is not registered for this platform");
  }
  const json::Value* type = LtiClaim(payload, "message_type");
  const std::string_view message_type =
      type != nullptr && type->IsString() ? json::View(*type) : std::string_view();
  if (!deep_linking && message_type != kResourceLinkRequest) {
    return Error::BadRequest("message_type: this endpoint takes LtiResourceLinkRequest only");
  }
  if (message_type != kResourceLinkRequest && message_type != kDeepLinkingRequest) {
    return Error::BadRequest(
        "message_type: this endpoint takes LtiResourceLinkRequest and LtiDeepLinkingRequest");
  }
  launch.message_type = std::string(message_type);
  const json::Value* version = LtiClaim(payload, "version");
  if (version == nullptr || !version->IsString() || json::View(*version) != "1.3.0") {
    return Error::BadRequest("version: must be 1.3.0");
  }
  const json::Value* link = LtiClaim(payload, "resource_link");
  launch.resource_link_id = link != nullptr ? StringMember(*link, "id") : "";
  if (launch.message_type == kDeepLinkingRequest) {
    auto settings = ReadDeepLinkingSettings(payload);
    if (!settings.ok()) return settings.error();
    launch.deep_linking = std::move(settings).value();
  } else if (launch.resource_link_id.empty()) {
    return Error::BadRequest("resource_link: a non-empty resource_link.id is required");
  }
  if (const json::Value* target = LtiClaim(payload, "target_link_uri");
      target && target->IsString()) {
    launch.target_link_uri = std::string(json::View(*target));
  }
  if (const json::Value* nrps =
          json::Find(payload, "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice");
      nrps && nrps->IsObject()) {
    launch.memberships_url = StringMember(*nrps, "context_memberships_url");
  }
  launch.subject = StringMember(payload, "sub");
  launch.name = StringMember(payload, "name");
  launch.email = StringMember(payload, "email");
  if (const json::Value* context = LtiClaim(payload, "context")) {
    launch.context_id = StringMember(*context, "id");
    launch.context_title = StringMember(*context, "title");
  }
  if (const json::Value* roles = LtiClaim(payload, "roles"); roles && roles->IsArray()) {
    for (const json::Value& r : roles->GetArray()) {
      if (r.IsString()) launch.roles.emplace_back(json::View(r));
    }
  }
  if (const json::Value* mentees = LtiClaim(payload, "role_scope_mentor");
      mentees && mentees->IsArray()) {
    for (const json::Value& m : mentees->GetArray()) {
      if (m.IsString() && m.GetStringLength() > 0) launch.mentees.emplace_back(json::View(m));
    }
  }
  if (const json::Value* custom = LtiClaim(payload, "custom"); custom && custom->IsObject()) {
    for (const auto& m : custom->GetObject()) {
      if (m.value.IsString()) launch.custom[std::string(json::View(m.name))] = json::View(m.value);
    }
  }
  return launch;
}

}  // namespace outcomes::lti
