#include "plugin/api/lti_service.h"

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "plugin/lti/jwks_client.h"
#include "plugin/lti/rsa.h"

namespace outcomes {

using lrs::Error;

namespace {

constexpr std::string_view kLaunchPath = "/outcomes/lti/launch";

std::string RandomToken() {
  return lrs::crypto::Base64UrlEncode(lrs::crypto::RandomBytes(32));
}

std::string Param(const lrs::http::Params& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

// "https://lms.example.com:8443" of "https://lms.example.com:8443/path?x"; "" when not http(s).
std::string OriginOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  const std::string_view name = url.substr(0, scheme);
  if (name != "http" && name != "https") return "";
  const size_t end = url.find_first_of("/?#", scheme + 3);
  return std::string(url.substr(0, end));
}

// The path of an absolute URL ("/a/b" of "https://h/a/b?x").
std::string_view PathOf(std::string_view url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return "";
  const size_t start = url.find('/', scheme + 3);
  if (start == std::string_view::npos) return "/";
  const std::string_view rest = url.substr(start);
  return rest.substr(0, rest.find_first_of("?#"));
}

// The issuer and client ids a token says it is from and for, before it is trusted: they only
// choose the registration whose key must then verify it. The azp when given, else every aud.
std::pair<std::string, std::vector<std::string>> ClaimedIssuerAndClients(
    const json::Value& payload) {
  std::string issuer;
  if (const json::Value* iss = json::Find(payload, "iss"); iss && iss->IsString()) {
    issuer = std::string(json::View(*iss));
  }
  std::vector<std::string> clients;
  if (const json::Value* azp = json::Find(payload, "azp"); azp && azp->IsString()) {
    clients.emplace_back(json::View(*azp));
  } else if (const json::Value* aud = json::Find(payload, "aud"); aud && aud->IsString()) {
    clients.emplace_back(json::View(*aud));
  } else if (aud && aud->IsArray()) {
    for (const json::Value& a : aud->GetArray()) {
      if (a.IsString()) clients.emplace_back(json::View(a));
    }
  }
  return {issuer, clients};
}

// The values of a link's custom parameter `name` ("a,b"); empty when absent.
std::vector<std::string> CustomList(const lti::Launch& launch, const std::string& name) {
  std::vector<std::string> ids;
  auto custom = launch.custom.find(name);
  if (custom == launch.custom.end()) return ids;
  for (std::string_view id : lrs::Split(custom->second, ',')) {
    if (!lrs::Trim(id).empty()) ids.emplace_back(lrs::Trim(id));
  }
  return ids;
}

std::vector<std::string> CustomOutcomes(const lti::Launch& launch) {
  return CustomList(launch, "outcome");
}

std::string BrowserHash(const std::string& secret) {
  return lrs::crypto::HexEncode(lrs::crypto::Sha256(secret));
}

}  // namespace

std::string LtiCookieName(const std::string& state) {
  return "lti_" + state.substr(0, 16);
}

std::string LtiStorageKey(const std::string& state) {
  return "outcome-lrs-state-" + state;
}

Result<LtiPlatformRow> LtiService::AddPlatform(int64_t store_id, LtiPlatformRow row) {
  row.store_id = store_id;
  for (auto [name, value] : {std::pair<const char*, std::string*>{"issuer", &row.issuer},
                             {"client id", &row.client_id},
                             {"auth URL", &row.auth_url},
                             {"token URL", &row.token_url},
                             {"JWKS URL", &row.jwks_url}}) {
    *value = std::string(lrs::Trim(*value));
    if (value->empty())
      return Error::BadRequest(std::string("the platform's ") + name + " is required");
  }
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"auth URL", &row.auth_url},
                             {"token URL", &row.token_url},
                             {"JWKS URL", &row.jwks_url}}) {
    Status url = lti::CheckFetchUrl(*value);
    if (!url.ok()) return Error::BadRequest(std::string(name) + ": " + url.error().message());
  }
  std::vector<std::string> deployments;
  for (const std::string& d : row.deployments) {
    if (!lrs::Trim(d).empty()) deployments.emplace_back(lrs::Trim(d));
  }
  if (deployments.empty()) return Error::BadRequest("at least one deployment id is required");
  if (row.agent_match != "email" && row.agent_match != "account") {
    return Error::BadRequest("agent match: \"" + row.agent_match +
                             "\" is neither email nor account");
  }
  row.deployments = std::move(deployments);
  row.created = lrs::FormatMillisUtc(lrs::NowMicros());
  Status written = host_.Write([&](SqlConnection& txn) -> Status {
    auto id = store::AddLtiPlatform(txn, row);
    if (!id.ok()) return id.error();
    row.id = id.value();
    return Status();
  });
  if (!written.ok()) return written.error();
  return row;
}

Result<std::vector<LtiPlatformRow>> LtiService::ListPlatforms(int64_t store_id) {
  std::vector<LtiPlatformRow> rows;
  Status read = host_.Read([&](SqlConnection& txn) -> Status {
    auto list = store::ListLtiPlatforms(txn, store_id);
    if (!list.ok()) return list.error();
    rows = std::move(list).value();
    return Status();
  });
  if (!read.ok()) return read.error();
  return rows;
}

Status LtiService::RemovePlatform(int64_t store_id, int64_t id) {
  bool removed = false;
  LRS_RETURN_IF_ERROR(host_.Write([&](SqlConnection& txn) -> Status {
    auto r = store::RemoveLtiPlatform(txn, store_id, id);
    if (!r.ok()) return r.error();
    removed = r.value();
    return Status();
  }));
  if (!removed) {
    return Error::NotFound("no LTI platform " + std::to_string(id) + " in this store");
  }
  std::lock_guard<std::mutex> lock(mu_);
  jwks_.erase(id);
  return Status();
}

Result<std::vector<LtiKeyRow>> LtiService::NewestKeys(bool create) {
  std::vector<LtiKeyRow> keys;
  LRS_RETURN_IF_ERROR(host_.Read([&](SqlConnection& txn) -> Status {
    auto k = store::LatestLtiKeys(txn, 2);
    if (!k.ok()) return k.error();
    keys = std::move(k).value();
    return Status();
  }));
  if (!keys.empty() || !create) return keys;
  // The first key. Two first requests at once may each add one: both are then published, the
  // newest signing, which is harmless.
  auto made = RotateKey();
  if (!made.ok()) return made.error();
  return std::vector<LtiKeyRow>{std::move(made).value()};
}

Result<LtiKeyRow> LtiService::RotateKey() {
  auto pem = lti::GenerateRsaKeyPem();
  if (!pem.ok()) return pem.error();
  LtiKeyRow row;
  row.kid = lrs::crypto::Base64UrlEncode(lrs::crypto::RandomBytes(12));
  row.private_pem = std::move(pem).value();
  row.created = lrs::FormatMillisUtc(lrs::NowMicros());
  LRS_RETURN_IF_ERROR(
      host_.Write([&](SqlConnection& txn) -> Status { return store::AddLtiKey(txn, row); }));
  return row;
}

Result<std::string> LtiService::Jwks() {
  auto keys = NewestKeys(/*create=*/true);
  if (!keys.ok()) return keys.error();
  std::vector<lti::Jwk> jwks;
  for (const LtiKeyRow& row : keys.value()) {
    auto key = lti::PublicKeyOfPem(row.private_pem);
    if (!key.ok()) return key.error();
    jwks.push_back(lti::Jwk{row.kid, std::move(key).value()});
  }
  return lti::WriteJwks(jwks);
}

Result<LtiLoginStart> LtiService::Login(const lrs::http::Params& params) {
  const std::string issuer = Param(params, "iss");
  const std::string login_hint = Param(params, "login_hint");
  const std::string target = Param(params, "target_link_uri");
  const std::string client_id = Param(params, "client_id");
  const std::string deployment = Param(params, "lti_deployment_id");
  for (auto [name, value] : {std::pair<const char*, const std::string*>{"iss", &issuer},
                             {"login_hint", &login_hint},
                             {"target_link_uri", &target},
                             {"client_id", &client_id}}) {
    if (value->empty()) {
      return Error::BadRequest(std::string("login: the parameter ") + name + " is required");
    }
  }
  if (PathOf(target) != kLaunchPath) {
    return Error::BadRequest("target_link_uri: \"" + target + "\" is not this tool's launch URL (" +
                             std::string(kLaunchPath) + ")");
  }
  std::optional<LtiPlatformRow> platform;
  LtiLoginStart start;
  start.state = RandomToken();
  start.browser_secret = RandomToken();
  start.storage_target = Param(params, "lti_storage_target");
  start.storage = !start.storage_target.empty();
  const std::string& state = start.state;
  const std::string nonce = RandomToken();
  const int64_t now_us = lrs::NowMicros();
  LRS_RETURN_IF_ERROR(host_.Write([&](SqlConnection& txn) -> Status {
    auto found = store::FindLtiPlatform(txn, issuer, client_id);
    if (!found.ok()) return found.error();
    platform = std::move(found).value();
    if (!platform) {
      return Error::BadRequest("login: no LTI platform is registered with issuer \"" + issuer +
                               "\" and client id \"" + client_id +
                               "\" (outcome-lrs lti add-platform registers one)");
    }
    if (!deployment.empty()) {
      bool known = false;
      for (const std::string& d : platform->deployments)
        known = known || d == deployment;
      if (!known) {
        return Error::BadRequest("lti_deployment_id: \"" + deployment +
                                 "\" is not registered for this platform");
      }
    }
    store::LtiLoginRow login{platform->id,
                             state,
                             now_us + kLtiLoginSeconds * 1'000'000,
                             BrowserHash(start.browser_secret),
                             start.storage,
                             start.storage_target};
    LRS_RETURN_IF_ERROR(store::AddLtiLogin(txn, login, nonce, now_us));
    // Counted after the insert (which purged the expired), in its transaction: concurrent
    // logins cannot all see room for one more.
    auto live = store::LiveLtiLogins(txn, platform->id, now_us);
    if (!live.ok()) return live.error();
    if (live.value() > kLtiLiveLoginsPerPlatform) {
      return Error(lrs::ErrorCode::kUnavailable,
                   "login: this platform has " + std::to_string(kLtiLiveLoginsPerPlatform) +
                       " logins awaiting their launch already; try again shortly");
    }
    return Status();
  }));
  lrs::http::Params out{{"scope", "openid"},
                        {"response_type", "id_token"},
                        {"response_mode", "form_post"},
                        {"prompt", "none"},
                        {"client_id", client_id},
                        {"redirect_uri", target},
                        {"state", state},
                        {"nonce", nonce},
                        {"login_hint", login_hint}};
  if (auto hint = params.find("lti_message_hint"); hint != params.end()) {
    out["lti_message_hint"] = hint->second;
  }
  const char joiner = platform->auth_url.find('?') == std::string::npos ? '?' : '&';
  start.location = platform->auth_url + joiner + lrs::http::EncodeParams(out);
  start.platform_origin = OriginOf(platform->auth_url);
  return start;
}

Result<lti::RsaPublicKey> LtiService::PlatformKey(const LtiPlatformRow& platform,
                                                  const std::string& kid) {
  if (kid.empty()) return Error::Unauthorized("id_token kid: missing from the header");
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jwks_.find(platform.id);
    if (it != jwks_.end() && it->second.url == platform.jwks_url) {
      if (const lti::Jwk* key = lti::FindKey(it->second.keys, kid)) return key->key;
    }
  }
  // Not cached, or an unknown kid (the platform may have rotated its key): fetch once, and on
  // an unknown kid not again within kLtiJwksRefetchSeconds.
  const int64_t now_us = lrs::NowMicros();
  bool refetch = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = jwks_.find(platform.id);
    if (it != jwks_.end() && it->second.url == platform.jwks_url) {
      refetch = true;
      if (now_us - it->second.refetched_us < kLtiJwksRefetchSeconds * 1'000'000) {
        return Error::Unauthorized(
            "id_token kid: \"" + kid + "\" is not a key of the platform's JWKS (" +
            platform.jwks_url + ", fetched again at most every " +
            std::to_string(kLtiJwksRefetchSeconds) + " s on an unknown kid)");
      }
      // Claimed before the fetch, so concurrent launches do not all fetch.
      it->second.refetched_us = now_us;
    }
  }
  auto text = lti::FetchText(platform.jwks_url);
  if (!text.ok()) return text.error();
  auto keys = lti::ParseJwks(text.value());
  if (!keys.ok()) {
    return Error(lrs::ErrorCode::kUnavailable,
                 "the platform's JWKS at " + platform.jwks_url + ": " + keys.error().message());
  }
  std::lock_guard<std::mutex> lock(mu_);
  CachedJwks& cached = jwks_[platform.id];
  cached.url = platform.jwks_url;
  cached.keys = std::move(keys).value();
  if (refetch) cached.refetched_us = now_us;
  if (const lti::Jwk* key = lti::FindKey(cached.keys, kid)) return key->key;
  return Error::Unauthorized("id_token kid: \"" + kid + "\" is not a key of the platform's JWKS (" +
                             platform.jwks_url + ")");
}

Result<std::vector<std::pair<std::string, std::string>>> LtiService::Serves(
    int64_t store_id, const lti::Launch& launch) {
  std::vector<std::pair<std::string, std::string>> serves;
  for (const std::string& activity : CustomList(launch, "activity")) {
    OutcomeListQuery query;
    query.activity = activity;
    auto listing = outcomes_.List(store_id, query);
    if (!listing.ok()) return listing.error();
    for (const OutcomeView& v : listing.value().outcomes) {
      bool seen = false;
      for (const auto& s : serves)
        seen = seen || s.first == v.row.outcome_id;
      if (seen) continue;
      auto outcome = ParseStoredOutcome(v.row.document);
      serves.emplace_back(v.row.outcome_id, outcome.ok() ? outcome.value().name : "");
    }
  }
  return serves;
}

Status LtiService::DashboardLink(int64_t store_id, LtiLaunchResult& result) {
  const lti::Launch& launch = result.launch;
  TeamFilter filter;
  EmbedService::TeamCheck check = EmbedService::TeamCheck::kInRoster;
  auto chosen = launch.custom.find("team");
  if (chosen != launch.custom.end() && !chosen->second.empty()) {
    // The team the link was placed for (deep linking).
    filter.team = chosen->second;
  } else if (result.view == lti::View::kInstructor) {
    // The course's learners only: its team, named by the context id, whether the roster has it
    // yet or not (never the whole store: the roster may still be on its way from the LMS, or
    // the LMS offers none and it is to be imported).
    if (launch.context_id.empty()) {
      return Error::Forbidden(
          "context: this launch names no course; an instructor, mentor or manager sees the "
          "outcomes of the course they launch from, for that course's learners only: launch the "
          "tool from a course");
    }
    filter.team = launch.context_id;
    auto listed = roster_.List(store_id, filter);
    if (!listed.ok() && listed.error().code() != lrs::ErrorCode::kNotFound) return listed.error();
    result.course_team_missing = !listed.ok();
    check = EmbedService::TeamCheck::kMayBeAbsent;
  }
  std::vector<std::string> ids = CustomOutcomes(launch);
  // A course link naming its Activities (and no outcome) shows the outcomes they serve.
  if (result.view == lti::View::kInstructor && ids.empty()) {
    for (const auto& s : result.serves)
      ids.push_back(s.first);
  }
  if (ids.empty()) {
    auto listing = outcomes_.List(store_id);
    if (!listing.ok()) return listing.error();
    for (const OutcomeView& v : listing.value().outcomes)
      ids.push_back(v.row.outcome_id);
  }
  if (ids.empty()) {
    return Error::NotFound("this store has no outcome declared yet: there is no dashboard to show");
  }
  // The token is used by a page of this LRS (a relative URL); the base only satisfies Issue.
  auto link = embeds_.Issue(store_id, ids, filter, kLtiLinkSeconds, "http://lti.invalid", check);
  if (!link.ok()) return link.error();
  result.link = std::move(link).value();
  return Status();
}

Result<LtiPlatformRow> LtiService::ClaimedPlatform(const json::Value& payload) {
  // Plain variables: a C++17 lambda cannot capture structured bindings (clang refuses).
  const auto claimed = ClaimedIssuerAndClients(payload);
  const auto& issuer = claimed.first;
  const auto& clients = claimed.second;
  std::optional<LtiPlatformRow> platform;
  LRS_RETURN_IF_ERROR(host_.Read([&](SqlConnection& txn) -> Status {
    for (const std::string& client_id : clients) {
      auto found = store::FindLtiPlatform(txn, issuer, client_id);
      if (!found.ok()) return found.error();
      platform = std::move(found).value();
      if (platform) break;
    }
    return Status();
  }));
  if (!platform) {
    std::string named;
    for (const std::string& c : clients)
      named += (named.empty() ? "\"" : ", \"") + c + "\"";
    return Error::Unauthorized("iss/aud: no LTI platform is registered with issuer \"" + issuer +
                               "\" and client id " + (named.empty() ? "(none)" : named));
  }
  return *platform;
}

Result<std::string> LtiService::StorageOrigin(const std::string& id_token) {
  auto jws = lti::DecodeJws(id_token);
  if (!jws.ok()) return jws.error();
  auto platform = ClaimedPlatform(jws.value().payload);
  if (!platform.ok()) return platform.error();
  return OriginOf(platform.value().auth_url);
}

Result<std::string> LtiService::LoginStorageTarget(const std::string& id_token,
                                                   const std::string& state) {
  auto jws = lti::DecodeJws(id_token);
  if (!jws.ok()) return jws.error();
  auto platform = ClaimedPlatform(jws.value().payload);
  if (!platform.ok()) return platform.error();
  std::optional<std::string> target;
  LRS_RETURN_IF_ERROR(host_.Read([&](SqlConnection& txn) -> Status {
    auto found = store::LtiLoginStorageTarget(txn, platform.value().id, state, lrs::NowMicros());
    if (!found.ok()) return found.error();
    target = std::move(found).value();
    return Status();
  }));
  return target.value_or("");
}

Result<LtiLaunchResult> LtiService::Launch(const std::string& id_token, const std::string& state,
                                           const LtiBrowserProof& proof) {
  if (id_token.empty()) return Error::BadRequest("id_token: missing from the launch's form");
  if (state.empty()) return Error::BadRequest("state: missing from the launch's form");
  auto jws = lti::DecodeJws(id_token);
  if (!jws.ok()) return jws.error();
  // RS256 only, before any key is looked at.
  LRS_RETURN_IF_ERROR(lti::CheckAlgorithm(jws.value()));

  auto claimed = ClaimedPlatform(jws.value().payload);
  if (!claimed.ok()) return claimed.error();
  const std::optional<LtiPlatformRow> platform = std::move(claimed).value();
  auto key = PlatformKey(*platform, jws.value().kid);
  if (!key.ok()) return key.error();
  LRS_RETURN_IF_ERROR(lti::VerifySignature(jws.value(), key.value()));

  lti::Expected expected{platform->issuer, platform->client_id, platform->deployments,
                         lrs::NowMicros() / 1'000'000};
  auto nonce = lti::CheckTokenClaims(jws.value().payload, expected);
  if (!nonce.ok()) return nonce.error();

  // The nonce is used once: its login is deleted in the transaction that reads it.
  std::optional<store::LtiLoginRow> login;
  LRS_RETURN_IF_ERROR(host_.Write([&](SqlConnection& txn) -> Status {
    auto taken = store::TakeLtiLogin(txn, nonce.value());
    if (!taken.ok()) return taken.error();
    login = std::move(taken).value();
    return Status();
  }));
  if (!login) {
    return Error::Unauthorized("nonce: not issued by this tool, or used already (a replay)");
  }
  if (login->platform_id != platform->id) {
    return Error::Unauthorized("nonce: issued for a login of another platform registration");
  }
  if (login->expires_us < lrs::NowMicros()) {
    return Error::Unauthorized("nonce: its login expired (logins last " +
                               std::to_string(kLtiLoginSeconds) + " s)");
  }
  if (!lrs::crypto::ConstantTimeEquals(login->state, state)) {
    return Error::Unauthorized("state: does not match the login that issued the token's nonce");
  }
  if (login->storage) {
    if (proof.storage_secret.empty()) {
      return Error::Unauthorized(
          "state: the login kept its secret in the platform's storage (lti_storage_target), and "
          "the launch did not show it");
    }
    if (!proof.same_origin) {
      return Error::Unauthorized(
          "state: the secret read from the platform's storage must be posted by this tool's "
          "page (its Origin header)");
    }
    if (!lrs::crypto::ConstantTimeEquals(BrowserHash(proof.storage_secret), login->browser_hash)) {
      return Error::Unauthorized(
          "state: the secret read from the platform's storage is not the one of this login");
    }
  } else if (proof.cookie_secret.empty()) {
    return Error::Unauthorized(
        "state: this browser did not start the login (its cookie " + LtiCookieName(state) +
        " is missing: another browser, or one refusing the tool's cookies in the LMS's frame; a "
        "platform offering lti_storage_target avoids the cookie)");
  } else if (!lrs::crypto::ConstantTimeEquals(BrowserHash(proof.cookie_secret),
                                              login->browser_hash)) {
    return Error::Unauthorized("state: the login's cookie holds another browser's secret");
  }

  auto launch = lti::ReadLaunch(jws.value().payload, expected);
  if (!launch.ok()) return launch.error();

  LtiLaunchResult result;
  result.launch = std::move(launch).value();
  result.store_id = platform->store_id;
  result.view = lti::ViewOfScopedRoles(result.launch.roles, !result.launch.mentees.empty());
  auto platforms = ListPlatforms(platform->store_id);
  if (!platforms.ok()) return platforms.error();
  for (const LtiPlatformRow& p : platforms.value()) {
    for (const std::string* url : {&p.issuer, &p.auth_url}) {
      const std::string origin = OriginOf(*url);
      bool seen = origin.empty();
      for (const std::string& o : result.frame_ancestors)
        seen = seen || o == origin;
      if (!seen) result.frame_ancestors.push_back(origin);
    }
  }
  if (result.launch.message_type == lti::kDeepLinkingRequest) {
    if (result.view != lti::View::kAdministrator && result.view != lti::View::kInstructor) {
      return Error::Forbidden(
          "deep linking: only administrators and instructors place outcome dashboards in a "
          "course");
    }
    auto picker = Picker(*platform, result.launch);
    if (!picker.ok()) return picker.error();
    result.picker = std::move(picker).value();
    return result;
  }
  for (const char* name : {"from", "to", "bucket"}) {
    auto value = result.launch.custom.find(name);
    if (value != result.launch.custom.end()) result.dashboard_params[name] = value->second;
  }
  if (result.view == lti::View::kLearner) {
    const lti::Launch& l = result.launch;
    auto own = ProgressOf(*platform, l.subject, l.email, l.name.empty() ? l.subject : l.name,
                          CustomOutcomes(l));
    if (!own.ok()) return own.error();
    result.progress.push_back(std::move(own).value());
  }
  if (result.view == lti::View::kMentor) {
    // Each mentee is named by the LMS's user id only (no e-mail).
    for (size_t i = 0; i < result.launch.mentees.size() && i < kLtiMaxMentees; ++i) {
      const std::string& mentee = result.launch.mentees[i];
      auto theirs = ProgressOf(*platform, mentee, "", mentee, CustomOutcomes(result.launch));
      if (!theirs.ok()) return theirs.error();
      result.progress.push_back(std::move(theirs).value());
    }
  }
  if (result.view == lti::View::kAdministrator || result.view == lti::View::kInstructor) {
    // The course's roster from the LMS, when it offers NRPS: before the link, which names the
    // course's team (the first sync waited for a few seconds; later ones in the background).
    LRS_RETURN_IF_ERROR(RosterAtLaunch(*platform, result));
    auto serves = Serves(platform->store_id, result.launch);
    if (!serves.ok()) return serves.error();
    result.serves = std::move(serves).value();
    LRS_RETURN_IF_ERROR(DashboardLink(platform->store_id, result));
  }
  return result;
}

}  // namespace outcomes
