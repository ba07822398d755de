// Rosters from the LMS (LTI Names and Role Provisioning Services 2.0; plugin/api/lti_service.h):
// an OAuth2 client-credentials token with a JWT assertion signed by the tool's key (1EdTech
// Security Framework 1.0 §4.1), the course's memberships page by page, the course kept as a
// roster team.
#include <rapidjson/document.h>

#include <set>

#include "lrs/core/crypto.h"
#include "lrs/core/time.h"
#include "lrs/xapi/agent.h"
#include "plugin/api/lti_service.h"
#include "plugin/lti/jwks_client.h"

namespace outcomes {

using lrs::Error;

namespace {

constexpr char kMembershipsType[] = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";

std::string StringOf(const json::Value& object, std::string_view name) {
  const json::Value* v = json::Find(object, name);
  return v != nullptr && v->IsString() ? std::string(json::View(*v)) : std::string();
}

}  // namespace

Result<std::string> LtiService::NrpsToken(const LtiPlatformRow& platform) {
  json::Document assertion;
  assertion.SetObject();
  auto& a = assertion.GetAllocator();
  const int64_t now_s = lrs::NowMicros() / 1'000'000;
  assertion.AddMember("iss", json::Copy(platform.client_id, a), a);
  assertion.AddMember("sub", json::Copy(platform.client_id, a), a);
  assertion.AddMember("aud", json::Copy(platform.token_url, a), a);
  assertion.AddMember("iat", now_s, a);
  assertion.AddMember("exp", now_s + 300, a);
  assertion.AddMember("jti",
                      json::Copy(lrs::crypto::Base64UrlEncode(lrs::crypto::RandomBytes(16)), a), a);
  auto jwt = SignWithToolKey(assertion);
  if (!jwt.ok()) return jwt.error();
  auto answer = lti::PostForm(
      platform.token_url,
      {{"grant_type", "client_credentials"},
       {"client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
       {"client_assertion", jwt.value()},
       {"scope", std::string(kNrpsScope)}});
  if (!answer.ok()) {
    return Error(answer.error().code(), "NRPS token: " + answer.error().message());
  }
  json::Document token;
  if (!json::Parse(answer.value(), &token).ok() || !token.IsObject() ||
      StringOf(token, "access_token").empty()) {
    return Error(lrs::ErrorCode::kUnavailable,
                 "NRPS token: the platform's token endpoint answered no access_token");
  }
  return StringOf(token, "access_token");
}

Result<LtiRosterSync> LtiService::SyncRoster(int64_t store_id, int64_t platform_id,
                                             const std::string& context_id,
                                             const std::string& memberships_url) {
  std::optional<LtiPlatformRow> platform;
  LRS_RETURN_IF_ERROR(host_.Read([&](SqlConnection& txn) -> Status {
    auto found = store::GetLtiPlatform(txn, platform_id);
    if (!found.ok()) return found.error();
    platform = std::move(found).value();
    return Status();
  }));
  if (!platform || platform->store_id != store_id) {
    return Error::NotFound("no LTI platform " + std::to_string(platform_id) + " in this store");
  }
  return Sync(*platform, context_id, memberships_url);
}

Result<LtiRosterSync> LtiService::Sync(const LtiPlatformRow& platform,
                                       const std::string& context_id,
                                       const std::string& memberships_url) {
  if (context_id.empty()) return Error::BadRequest("roster sync: the course's context id is empty");
  LRS_RETURN_IF_ERROR(lti::CheckFetchUrl(memberships_url));
  auto token = NrpsToken(platform);
  if (!token.ok()) return token.error();

  LtiRosterSync sync;
  sync.team = context_id;
  std::vector<RosterEntry> course;
  std::set<std::string> agents;
  std::string url = memberships_url;
  while (!url.empty()) {
    if (++sync.pages > kLtiMaxMembershipPages) {
      return Error(lrs::ErrorCode::kUnavailable,
                   "roster sync: more than " + std::to_string(kLtiMaxMembershipPages) + " pages");
    }
    auto page = lti::FetchPage(url, token.value(), kMembershipsType);
    if (!page.ok())
      return Error(page.error().code(), "NRPS memberships: " + page.error().message());
    json::Document doc;
    if (!json::Parse(page.value().body, &doc).ok() || !doc.IsObject()) {
      return Error(lrs::ErrorCode::kUnavailable, "NRPS memberships: " + url + " is not JSON");
    }
    const json::Value* members = json::Find(doc, "members");
    if (members == nullptr || !members->IsArray()) {
      return Error(lrs::ErrorCode::kUnavailable, "NRPS memberships: no members array at " + url);
    }
    for (const json::Value& m : members->GetArray()) {
      if (!m.IsObject()) continue;
      if (++sync.members > kLtiMaxMembers) {
        return Error(lrs::ErrorCode::kUnavailable,
                     "roster sync: more than " + std::to_string(kLtiMaxMembers) + " members");
      }
      const std::string user = StringOf(m, "user_id");
      const std::string status = StringOf(m, "status");
      std::vector<std::string> roles;
      if (const json::Value* r = json::Find(m, "roles"); r && r->IsArray()) {
        for (const json::Value& role : r->GetArray()) {
          if (role.IsString()) roles.emplace_back(json::View(role));
        }
      }
      if (!status.empty() && status != "Active") continue;           // Inactive, Deleted
      if (lti::ViewOfRoles(roles) != lti::View::kLearner) continue;  // instructors etc.
      json::Document agent;
      agent.SetObject();
      auto& a = agent.GetAllocator();
      if (platform.agent_match == "account") {
        json::Value account(rapidjson::kObjectType);
        account.AddMember("homePage", json::Copy(platform.issuer, a), a);
        account.AddMember("name", json::Copy(user, a), a);
        agent.AddMember("account", std::move(account), a);
      } else if (const std::string email = StringOf(m, "email"); !email.empty()) {
        agent.AddMember("mbox", json::Copy("mailto:" + email, a), a);
      } else {
        sync.skipped.push_back(user + ": no e-mail (the platform matches users by e-mail)");
        continue;
      }
      auto key = user.empty() && platform.agent_match == "account" ? std::nullopt
                                                                   : lrs::xapi::AgentKey(agent);
      if (!key) {
        sync.skipped.push_back(user + ": not a valid xAPI agent");
        continue;
      }
      if (agents.insert(*key).second) course.push_back(RosterEntry{*key, context_id, "", ""});
    }
    url = page.value().next;
  }

  // The course replaces its team; the roster's other teams stay, and keep their learners.
  auto roster = roster_.List(platform.store_id, TeamFilter{});
  if (!roster.ok()) return roster.error();
  std::vector<RosterEntry> entries;
  std::set<std::string> elsewhere;
  for (RosterEntry& e : roster.value().entries) {
    if (e.team == context_id) continue;
    elsewhere.insert(e.agent);
    entries.push_back(std::move(e));
  }
  for (RosterEntry& e : course) {
    if (elsewhere.count(e.agent)) {
      sync.skipped.push_back(e.agent + ": in another team of the roster already");
      continue;
    }
    ++sync.learners;
    entries.push_back(std::move(e));
  }
  LRS_RETURN_IF_ERROR(roster_.Replace(platform.store_id, entries));
  return sync;
}

}  // namespace outcomes
