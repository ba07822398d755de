#include "plugin/embed/link.h"

#include <rapidjson/document.h>

#include <algorithm>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"

namespace outcomes {

namespace json = lrs::json;
using lrs::Error;

namespace {

constexpr int64_t kMaxTtlSeconds = 366 * 86400;

Error Malformed(std::string_view why) {
  return Error::Unauthorized("this dashboard link is malformed (" + std::string(why) +
                             "); ask for a new link");
}

}  // namespace

bool EmbedGrant::AllowsOutcome(std::string_view id) const {
  return std::find(outcomes.begin(), outcomes.end(), id) != outcomes.end();
}

std::string SignEmbedToken(const EmbedGrant& grant, std::string_view key) {
  json::Document payload;
  payload.SetObject();
  auto& a = payload.GetAllocator();
  payload.AddMember("v", 1, a);
  payload.AddMember("s", grant.store_id, a);
  json::Value outcomes(rapidjson::kArrayType);
  for (const std::string& id : grant.outcomes)
    outcomes.PushBack(json::Copy(id, a), a);
  payload.AddMember("o", std::move(outcomes), a);
  if (grant.team) payload.AddMember("t", json::Copy(*grant.team, a), a);
  if (grant.manager) payload.AddMember("m", json::Copy(*grant.manager, a), a);
  payload.AddMember("e", grant.expires_s, a);
  const std::string body = lrs::crypto::Base64UrlEncode(json::Write(payload));
  return body + "." + lrs::crypto::Base64UrlEncode(lrs::crypto::HmacSha256(key, body));
}

Result<EmbedGrant> VerifyEmbedToken(
    std::string_view token,
    const std::function<Result<std::optional<std::string>>(int64_t store_id)>& key_of,
    int64_t now_s) {
  const size_t dot = token.find('.');
  if (dot == std::string_view::npos || token.find('.', dot + 1) != std::string_view::npos) {
    return Malformed("not two dot-separated parts");
  }
  const std::string_view body = token.substr(0, dot);
  auto signature = lrs::crypto::Base64UrlDecode(token.substr(dot + 1));
  auto payload_text = lrs::crypto::Base64UrlDecode(body);
  if (!signature || !payload_text) return Malformed("not base64url");
  json::Document payload;
  if (!json::Parse(*payload_text, &payload).ok() || !payload.IsObject()) {
    return Malformed("payload is not a JSON object");
  }
  const json::Value* version = json::Find(payload, "v");
  const json::Value* store = json::Find(payload, "s");
  const json::Value* outcomes = json::Find(payload, "o");
  const json::Value* team = json::Find(payload, "t");
  const json::Value* manager = json::Find(payload, "m");
  const json::Value* expires = json::Find(payload, "e");
  if (!version || !version->IsInt() || version->GetInt() != 1 || !store || !store->IsInt64() ||
      !outcomes || !outcomes->IsArray() || outcomes->Empty() || !expires || !expires->IsInt64() ||
      (team && !team->IsString()) || (manager && !manager->IsString()) || (team && manager)) {
    return Malformed("unexpected payload");
  }
  EmbedGrant grant;
  grant.store_id = store->GetInt64();
  grant.expires_s = expires->GetInt64();
  for (const json::Value& id : outcomes->GetArray()) {
    if (!id.IsString()) return Malformed("unexpected payload");
    grant.outcomes.emplace_back(json::View(id));
  }
  if (team) grant.team = std::string(json::View(*team));
  if (manager) grant.manager = std::string(json::View(*manager));

  // The signature is checked before anything the payload says is trusted or reported.
  auto key = key_of(grant.store_id);
  if (!key.ok()) return key.error();
  if (!key.value() ||
      !lrs::crypto::ConstantTimeEquals(*signature, lrs::crypto::HmacSha256(*key.value(), body))) {
    return Error::Unauthorized(
        "this dashboard link was altered or was not made by this LRS; ask for a new link");
  }
  if (grant.expires_s <= now_s) {
    return Error::Unauthorized("this dashboard link expired at " +
                               lrs::FormatMillisUtc(grant.expires_s * 1'000'000) +
                               "; ask for a new link");
  }
  return grant;
}

Result<int64_t> ParseTtl(std::string_view text) {
  const std::string t = lrs::Trim(text).empty() ? "" : std::string(lrs::Trim(text));
  if (t.size() < 2) {
    return Error::BadRequest("ttl: \"" + t + "\" is not a duration such as 90s, 15m, 1h or 7d");
  }
  const char unit = t.back();
  const int64_t scale = unit == 's'   ? 1
                        : unit == 'm' ? 60
                        : unit == 'h' ? 3600
                        : unit == 'd' ? 86400
                                      : 0;
  auto n = lrs::ParseUnsigned(std::string_view(t).substr(0, t.size() - 1));
  if (scale == 0 || !n || *n == 0) {
    return Error::BadRequest("ttl: \"" + t + "\" is not a duration such as 90s, 15m, 1h or 7d");
  }
  if (*n > static_cast<unsigned long long>(kMaxTtlSeconds / scale)) {
    return Error::BadRequest("ttl: \"" + t + "\" is longer than the 366 days a link may live");
  }
  return static_cast<int64_t>(*n) * scale;
}

}  // namespace outcomes
