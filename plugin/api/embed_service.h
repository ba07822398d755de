// Issuing and checking signed dashboard links (plugin/embed/link.h) for the HTTP API and the
// `embed-url` command. Keys live in the database and are cached once read.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lrs/extension/extension.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"
#include "plugin/embed/link.h"

namespace outcomes {

struct IssuedLink {
  EmbedGrant grant;
  std::string token;
  std::string url;  // <base>/outcomes/ui/?token=<token>
};

class EmbedService {
 public:
  EmbedService(lrs::ext::Host& host, OutcomeService& outcomes, RosterService& roster)
      : host_(host), outcomes_(outcomes), roster_(roster) {}

  // Whether the team or manager a link is limited to must be in the roster when it is issued.
  // kMayBeAbsent: a team the roster will have (an LTI course whose roster has not arrived yet);
  // the link's dashboards answer kNotFound ("no team ...") until it has.
  enum class TeamCheck { kInRoster, kMayBeAbsent };

  // A link to the dashboards of `outcome_ids` (at least one, each declared in `store_id`),
  // limited to the team or manager of `filter` when it names one (in the roster, unless
  // `check` is kMayBeAbsent), valid for `ttl_s` seconds from now, whose URL starts with
  // `base_url` (scheme, host and port of the LRS as the browser reaches it). Makes the store's
  // key on first use. kBadRequest for no outcome, a bad base URL, or both a team and a manager;
  // kNotFound naming an unknown outcome, team or manager.
  Result<IssuedLink> Issue(int64_t store_id, const std::vector<std::string>& outcome_ids,
                           const TeamFilter& filter, int64_t ttl_s, std::string_view base_url,
                           TeamCheck check = TeamCheck::kInRoster);

  // The grant of a link's `token` (see VerifyEmbedToken; kUnauthorized saying why not).
  Result<EmbedGrant> Verify(std::string_view token);

 private:
  // The key of `store_id`: cached, else read, else (when `create`) made and stored.
  Result<std::optional<std::string>> KeyOf(int64_t store_id, bool create);

  lrs::ext::Host& host_;
  OutcomeService& outcomes_;
  RosterService& roster_;
  std::mutex mu_;
  std::unordered_map<int64_t, std::string> keys_;
};

}  // namespace outcomes
