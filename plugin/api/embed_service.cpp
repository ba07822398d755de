#include "plugin/api/embed_service.h"

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "plugin/store/embed_store.h"

namespace outcomes {

using lrs::Error;

namespace {

constexpr size_t kKeyBytes = 32;

int64_t NowSeconds() {
  return lrs::NowMicros() / 1'000'000;
}

}  // namespace

Result<std::optional<std::string>> EmbedService::KeyOf(int64_t store_id, bool create) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = keys_.find(store_id);
    if (it != keys_.end()) return std::optional<std::string>(it->second);
  }
  std::optional<std::string> key;
  lrs::Status read = host_.Read([&](SqlConnection& txn) -> lrs::Status {
    auto k = store::EmbedKey(txn, store_id);
    if (!k.ok()) return k.error();
    key = std::move(k).value();
    return lrs::Status();
  });
  if (!read.ok()) return read.error();
  if (!key && create) {
    // Two first links at once: INSERT OR IGNORE keeps one key, and both read it back.
    const std::string fresh = lrs::crypto::RandomBytes(kKeyBytes);
    lrs::Status written = host_.Write([&](SqlConnection& txn) -> lrs::Status {
      LRS_RETURN_IF_ERROR(
          store::AddEmbedKey(txn, store_id, fresh, lrs::FormatMillisUtc(lrs::NowMicros())));
      auto k = store::EmbedKey(txn, store_id);
      if (!k.ok()) return k.error();
      key = std::move(k).value();
      return lrs::Status();
    });
    if (!written.ok()) return written.error();
  }
  if (key) {
    std::lock_guard<std::mutex> lock(mu_);
    keys_.emplace(store_id, *key);
  }
  return key;
}

Result<IssuedLink> EmbedService::Issue(int64_t store_id,
                                       const std::vector<std::string>& outcome_ids,
                                       const TeamFilter& filter, int64_t ttl_s,
                                       std::string_view base_url, TeamCheck check) {
  if (outcome_ids.empty()) return Error::BadRequest("a link needs at least one outcome");
  std::string base(lrs::Trim(base_url));
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  if (!lrs::StartsWith(base, "http://") && !lrs::StartsWith(base, "https://")) {
    return Error::BadRequest("base: \"" + base +
                             "\" is not an http(s) URL such as https://lrs.example.com");
  }
  if ((filter.team && filter.team->empty()) || (filter.manager && filter.manager->empty())) {
    return Error::BadRequest("team and manager must not be empty");
  }
  if (filter.team && filter.manager) {
    return Error::BadRequest("team and manager cannot be combined: give one");
  }
  if (!filter.everyone() && check == TeamCheck::kInRoster) {
    // The team or manager must be in the roster (kNotFound).
    auto listing = roster_.List(store_id, filter);
    if (!listing.ok()) return listing.error();
  }
  for (const std::string& id : outcome_ids) {
    auto view = outcomes_.Get(store_id, id);
    if (!view.ok()) return view.error();
    if (!view.value()) return Error::NotFound("no outcome \"" + id + "\" in this store");
  }
  auto key = KeyOf(store_id, /*create=*/true);
  if (!key.ok()) return key.error();
  IssuedLink link;
  link.grant.store_id = store_id;
  link.grant.outcomes = outcome_ids;
  link.grant.team = filter.team;
  link.grant.manager = filter.manager;
  link.grant.expires_s = NowSeconds() + ttl_s;
  link.token = SignEmbedToken(link.grant, *key.value());
  link.url = base + "/outcomes/ui/?token=" + link.token;
  return link;
}

Result<EmbedGrant> EmbedService::Verify(std::string_view token) {
  return VerifyEmbedToken(
      token, [this](int64_t store_id) { return KeyOf(store_id, /*create=*/false); }, NowSeconds());
}

}  // namespace outcomes
