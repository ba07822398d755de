// Rosters from the LMS (LTI Names and Role Provisioning Services 2.0; plugin/api/lti_service.h):
// an OAuth2 client-credentials token with a JWT assertion signed by the tool's key (1EdTech
// Security Framework 1.0 §4.1), the course's memberships page by page, the course kept as a
// roster team.
#include <rapidjson/document.h>

#include <chrono>
#include <cstdlib>
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

// The environment variable `name` as a number >= 0; `fallback` when unset or not one.
int64_t NumberFromEnvironment(const char* name, int64_t fallback) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const long long value = std::strtoll(text, &end, 10);
  return *end == '\0' && value >= 0 ? static_cast<int64_t>(value) : fallback;
}

}  // namespace

LtiRosterTiming LtiRosterTiming::FromEnvironment() {
  LtiRosterTiming timing;
  timing.wait_ms = NumberFromEnvironment("OUTCOME_LRS_LTI_ROSTER_WAIT_MS", timing.wait_ms);
  timing.max_age_s = NumberFromEnvironment("OUTCOME_LRS_LTI_ROSTER_MAX_AGE", timing.max_age_s);
  return timing;
}

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
  std::optional<store::LtiContextRow> course;
  LRS_RETURN_IF_ERROR(host_.Read([&](SqlConnection& txn) -> Status {
    auto found = store::GetLtiPlatform(txn, platform_id);
    if (!found.ok()) return found.error();
    platform = std::move(found).value();
    if (!platform || context_id.empty()) return Status();
    auto remembered = store::GetLtiContext(txn, platform_id, context_id);
    if (!remembered.ok()) return remembered.error();
    course = std::move(remembered).value();
    return Status();
  }));
  if (!platform || platform->store_id != store_id) {
    return Error::NotFound("no LTI platform " + std::to_string(platform_id) + " in this store");
  }
  if (context_id.empty()) return Error::BadRequest("roster sync: the course's context id is empty");
  std::string url = memberships_url;
  if (url.empty()) {
    if (!course || course->memberships_url.empty()) {
      return Error::BadRequest(
          "roster sync: no memberships URL is known for course \"" + context_id +
          "\" of platform " + std::to_string(platform_id) +
          ": a launch from that course offering NRPS must happen first, or give the "
          "memberships URL");
    }
    url = course->memberships_url;
  }
  // One sync of a course at a time in this process: wait for a launch's, then run this one here.
  const CourseKey key{platform_id, context_id};
  auto job = std::make_shared<SyncJob>();
  {
    std::unique_lock<std::mutex> lock(sync_mu_);
    for (;;) {
      if (stopping_) {
        return Error(lrs::ErrorCode::kUnavailable, "roster sync: the server is stopping");
      }
      auto running = syncs_.find(key);
      if (running == syncs_.end()) break;
      std::shared_ptr<SyncJob> other = running->second;
      sync_cv_.wait(lock, [&] { return other->done || stopping_; });
    }
    syncs_[key] = job;
  }
  auto sync = Sync(*platform, context_id, url);
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    job->done = true;
    syncs_.erase(key);
  }
  sync_cv_.notify_all();
  return sync;
}

bool LtiService::Stopping() {
  std::lock_guard<std::mutex> lock(sync_mu_);
  return stopping_;
}

void LtiService::Stop() {
  std::vector<std::shared_ptr<SyncJob>> jobs;
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    stopping_ = true;
    for (auto& [key, job] : syncs_)
      jobs.push_back(job);
    jobs.insert(jobs.end(), finished_.begin(), finished_.end());
    finished_.clear();
  }
  sync_cv_.notify_all();
  for (auto& job : jobs) {
    if (job->thread.joinable()) job->thread.join();
  }
}

std::shared_ptr<LtiService::SyncJob> LtiService::StartSync(const LtiPlatformRow& platform,
                                                           const std::string& context_id,
                                                           const std::string& memberships_url) {
  const CourseKey key{platform.id, context_id};
  std::vector<std::shared_ptr<SyncJob>> ended;
  std::shared_ptr<SyncJob> job;
  {
    std::lock_guard<std::mutex> lock(sync_mu_);
    if (stopping_) return nullptr;
    // Threads of finished syncs only return after marking them done: joined without waiting.
    ended.swap(finished_);
    auto running = syncs_.find(key);
    if (running != syncs_.end()) {
      job = running->second;
    } else {
      job = std::make_shared<SyncJob>();
      syncs_[key] = job;
      // Started under the lock: the thread marks its job done (under the lock) only once
      // job->thread holds it.
      job->thread = std::thread([this, job, key, platform, memberships_url] {
        auto sync = Sync(platform, key.second, memberships_url);
        if (!sync.ok()) {
          host_.LogWarn("LTI roster sync of course \"" + key.second + "\" (platform " +
                        std::to_string(key.first) + "): " + sync.error().message());
        }
        {
          std::lock_guard<std::mutex> lock(sync_mu_);
          job->result = std::move(sync);
          job->done = true;
          auto it = syncs_.find(key);
          if (it != syncs_.end() && it->second == job) syncs_.erase(it);
          finished_.push_back(job);
        }
        sync_cv_.notify_all();
      });
    }
  }
  for (auto& e : ended) {
    if (e->thread.joinable()) e->thread.join();
  }
  return job;
}

Status LtiService::RosterAtLaunch(const LtiPlatformRow& platform, LtiLaunchResult& result) {
  const std::string& context_id = result.launch.context_id;
  const std::string& url = result.launch.memberships_url;
  if (context_id.empty() || url.empty()) return Status();
  if (Status checked = lti::CheckFetchUrl(url); !checked.ok()) {
    result.roster_sync_error = "NRPS memberships: " + checked.error().message();
    return Status();
  }
  std::optional<store::LtiContextRow> course;
  LRS_RETURN_IF_ERROR(host_.Write([&](SqlConnection& txn) -> Status {
    LRS_RETURN_IF_ERROR(store::RememberLtiContext(txn, platform.id, context_id, url));
    auto found = store::GetLtiContext(txn, platform.id, context_id);
    if (!found.ok()) return found.error();
    course = std::move(found).value();
    return Status();
  }));
  result.roster_synced_us = course ? course->synced_us : 0;
  const int64_t age_us = lrs::NowMicros() - result.roster_synced_us;
  if (result.roster_synced_us > 0 && age_us <= timing_.max_age_s * 1'000'000) return Status();
  auto job = StartSync(platform, context_id, url);
  if (!job) return Status();  // stopping: the roster as it is
  if (result.roster_synced_us > 0) {
    // A roster the course had: shown at once, refreshed in the background.
    result.roster_fetching = true;
    return Status();
  }
  // The course's first sync: waited for, a few seconds at most.
  std::unique_lock<std::mutex> lock(sync_mu_);
  if (!sync_cv_.wait_for(lock, std::chrono::milliseconds(timing_.wait_ms),
                         [&] { return job->done; })) {
    result.roster_fetching = true;
    return Status();
  }
  const Result<LtiRosterSync>& sync = *job->result;
  if (sync.ok()) {
    result.roster_sync = sync.value();
    result.roster_synced_us = sync.value().synced_us;
  } else {
    result.roster_sync_error = sync.error().message();
  }
  return Status();
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
    if (Stopping()) {
      return Error(lrs::ErrorCode::kUnavailable, "roster sync: the server is stopping");
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

  // The course replaces its team; the roster's other teams stay, and keep their learners. Read
  // and replaced by one sync at a time (of any course) in this process.
  std::lock_guard<std::mutex> replacing(roster_mu_);
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
  sync.synced_us = lrs::NowMicros();
  LRS_RETURN_IF_ERROR(host_.Write([&](SqlConnection& txn) -> Status {
    return store::MarkLtiContextSynced(txn, platform.id, context_id, memberships_url,
                                       sync.synced_us);
  }));
  return sync;
}

}  // namespace outcomes
