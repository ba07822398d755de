// LTI Deep Linking 2.0 (plugin/api/lti_service.h): the picker of a deep linking request and the
// signed LtiDeepLinkingResponse placing one outcome dashboard in a course.
#include <rapidjson/document.h>

#include <algorithm>

#include "lrs/core/crypto.h"
#include "lrs/core/time.h"
#include "plugin/api/lti_service.h"
#include "plugin/lti/rsa.h"
#include "plugin/model/days.h"

namespace outcomes {

using lrs::Error;

namespace {

constexpr std::string_view kSessionType = "outcome-lrs/lti-deep-link";
constexpr std::string_view kDlClaim = "https://purl.imsglobal.org/spec/lti-dl/claim/";
constexpr std::string_view kLtiClaim = "https://purl.imsglobal.org/spec/lti/claim/";

std::string StringOf(const json::Value& object, std::string_view name) {
  const json::Value* v = json::Find(object, name);
  return v != nullptr && v->IsString() ? std::string(json::View(*v)) : std::string();
}

int64_t IntOf(const json::Value& object, std::string_view name) {
  const json::Value* v = json::Find(object, name);
  return v != nullptr && v->IsInt64() ? v->GetInt64() : 0;
}

json::Value Str(const std::string& text, json::Allocator& a) {
  return json::Copy(text, a);
}

}  // namespace

Result<std::string> LtiService::SignWithToolKey(const json::Value& payload) {
  auto keys = NewestKeys(/*create=*/true);
  if (!keys.ok()) return keys.error();
  const LtiKeyRow& newest = keys.value().front();
  return lti::SignJws(payload, newest.kid, newest.private_pem);
}

Result<LtiDeepLinkPicker> LtiService::Picker(const LtiPlatformRow& platform,
                                             const lti::Launch& launch) {
  LtiDeepLinkPicker picker;
  json::Document session;
  session.SetObject();
  auto& a = session.GetAllocator();
  session.AddMember("typ", Str(std::string(kSessionType), a), a);
  session.AddMember("p", platform.id, a);
  session.AddMember("s", platform.store_id, a);
  session.AddMember("d", Str(launch.deployment_id, a), a);
  session.AddMember("r", Str(launch.deep_linking.return_url, a), a);
  session.AddMember("t", Str(launch.target_link_uri, a), a);
  session.AddMember("data", Str(launch.deep_linking.data, a), a);
  session.AddMember("exp", lrs::NowMicros() / 1'000'000 + kLtiDeepLinkSeconds, a);
  auto signed_session = SignWithToolKey(session);
  if (!signed_session.ok()) return signed_session.error();
  picker.session = std::move(signed_session).value();

  auto listing = outcomes_.List(platform.store_id);
  if (!listing.ok()) return listing.error();
  for (const OutcomeView& v : listing.value().outcomes) {
    auto outcome = ParseStoredOutcome(v.row.document);
    picker.outcomes.emplace_back(v.row.outcome_id,
                                 outcome.ok() ? outcome.value().name : v.row.outcome_id);
  }
  auto roster = roster_.List(platform.store_id, TeamFilter{});
  if (!roster.ok()) return roster.error();
  for (const RosterEntry& e : roster.value().entries)
    picker.teams.push_back(e.team);
  std::sort(picker.teams.begin(), picker.teams.end());
  picker.teams.erase(std::unique(picker.teams.begin(), picker.teams.end()), picker.teams.end());
  return picker;
}

Result<LtiDeepLinkResponse> LtiService::DeepLink(const std::string& session,
                                                 const LtiDeepLinkChoice& choice) {
  // The session: signed by one of the tool's keys, not expired, of a platform still registered.
  auto jws = lti::DecodeJws(session);
  if (!jws.ok()) return Error::Unauthorized("session: not a deep linking session of this tool");
  LRS_RETURN_IF_ERROR(lti::CheckAlgorithm(jws.value()));
  auto keys = NewestKeys(/*create=*/false);
  if (!keys.ok()) return keys.error();
  const LtiKeyRow* key = nullptr;
  for (const LtiKeyRow& k : keys.value()) {
    if (k.kid == jws.value().kid) key = &k;
  }
  if (key == nullptr) return Error::Unauthorized("session: not signed by a key of this tool");
  auto public_key = lti::PublicKeyOfPem(key->private_pem);
  if (!public_key.ok()) return public_key.error();
  if (!lti::VerifySignature(jws.value(), public_key.value()).ok()) {
    return Error::Unauthorized("session: its signature is not this tool's");
  }
  const json::Value& s = jws.value().payload;
  if (StringOf(s, "typ") != kSessionType) {
    return Error::Unauthorized("session: not a deep linking session");
  }
  if (IntOf(s, "exp") < lrs::NowMicros() / 1'000'000) {
    return Error::Unauthorized("session: expired (a deep linking choice is made within " +
                               std::to_string(kLtiDeepLinkSeconds) + " s of its launch)");
  }
  std::optional<LtiPlatformRow> platform;
  LRS_RETURN_IF_ERROR(host_.Read([&](SqlConnection& txn) -> Status {
    auto found = store::GetLtiPlatform(txn, IntOf(s, "p"));
    if (!found.ok()) return found.error();
    platform = std::move(found).value();
    return Status();
  }));
  if (!platform || platform->store_id != IntOf(s, "s")) {
    return Error::Unauthorized("session: its platform is no longer registered");
  }
  const int64_t store_id = platform->store_id;

  // The choice.
  if (choice.outcome.empty()) return Error::BadRequest("outcome: choose the dashboard to place");
  auto outcome = outcomes_.Get(store_id, choice.outcome);
  if (!outcome.ok()) return outcome.error();
  if (!outcome.value()) {
    return Error::NotFound("outcome: this store has no outcome \"" + choice.outcome + "\"");
  }
  if (!choice.team.empty()) {
    TeamFilter team;
    team.team = choice.team;
    auto listed = roster_.List(store_id, team);
    if (!listed.ok()) return listed.error();
  }
  for (auto [name, value] :
       {std::pair<const char*, const std::string*>{"from", &choice.from}, {"to", &choice.to}}) {
    if (!value->empty() && !DayOfDate(*value)) {
      return Error::BadRequest(std::string(name) + ": \"" + *value + "\" is not a YYYY-MM-DD date");
    }
  }
  if (!choice.from.empty() && !choice.to.empty() && choice.from > choice.to) {
    return Error::BadRequest("from: after to");
  }
  if (!choice.bucket.empty() && choice.bucket != "day" && choice.bucket != "week" &&
      choice.bucket != "month") {
    return Error::BadRequest("bucket: \"" + choice.bucket + "\" is none of day, week, month");
  }
  auto parsed = ParseStoredOutcome(outcome.value()->row.document);
  const std::string name = parsed.ok() ? parsed.value().name : choice.outcome;

  // The response (LTI Deep Linking 2.0 §4.5).
  json::Document r;
  r.SetObject();
  auto& a = r.GetAllocator();
  const int64_t now_s = lrs::NowMicros() / 1'000'000;
  r.AddMember("iss", Str(platform->client_id, a), a);
  r.AddMember("aud", Str(platform->issuer, a), a);
  r.AddMember("iat", now_s, a);
  r.AddMember("exp", now_s + 300, a);
  r.AddMember("nonce", Str(lrs::crypto::Base64UrlEncode(lrs::crypto::RandomBytes(16)), a), a);
  auto claim = [&](std::string_view prefix, const char* member) {
    return Str(std::string(prefix) + member, a);
  };
  r.AddMember(claim(kLtiClaim, "message_type"), Str("LtiDeepLinkingResponse", a), a);
  r.AddMember(claim(kLtiClaim, "version"), Str("1.3.0", a), a);
  r.AddMember(claim(kLtiClaim, "deployment_id"), Str(StringOf(s, "d"), a), a);
  if (const std::string data = StringOf(s, "data"); !data.empty()) {
    r.AddMember(claim(kDlClaim, "data"), Str(data, a), a);
  }
  json::Value custom(rapidjson::kObjectType);
  custom.AddMember("outcome", Str(choice.outcome, a), a);
  for (auto [member, value] : {std::pair<const char*, const std::string*>{"team", &choice.team},
                               {"from", &choice.from},
                               {"to", &choice.to},
                               {"bucket", &choice.bucket}}) {
    if (!value->empty()) custom.AddMember(Str(member, a), Str(*value, a), a);
  }
  json::Value item(rapidjson::kObjectType);
  item.AddMember("type", "ltiResourceLink", a);
  item.AddMember("title", Str(choice.title.empty() ? name : choice.title, a), a);
  if (const std::string url = StringOf(s, "t"); !url.empty()) {
    item.AddMember("url", Str(url, a), a);
  }
  item.AddMember("custom", std::move(custom), a);
  json::Value items(rapidjson::kArrayType);
  items.PushBack(std::move(item), a);
  r.AddMember(claim(kDlClaim, "content_items"), std::move(items), a);
  auto jwt = SignWithToolKey(r);
  if (!jwt.ok()) return jwt.error();
  return LtiDeepLinkResponse{StringOf(s, "r"), std::move(jwt).value()};
}

}  // namespace outcomes
