#include "plugin/api/http_context.h"

#include <algorithm>

#include "lrs/core/strings.h"
#include "plugin/model/days.h"

namespace outcomes {

using lrs::Error;

Result<TeamFilter> RequestContext::Within(TeamFilter asked) const {
  if (grant == nullptr || (!grant->team && !grant->manager)) return asked;
  const char* kind = grant->team ? "team" : "manager";
  const std::string& name = grant->team ? *grant->team : *grant->manager;
  const std::optional<std::string>& same = grant->team ? asked.team : asked.manager;
  const std::optional<std::string>& other = grant->team ? asked.manager : asked.team;
  if ((same && *same != name) || other) {
    return Error::Forbidden("this dashboard link is for " + std::string(kind) + " \"" + name +
                            "\" only");
  }
  TeamFilter forced;
  (grant->team ? forced.team : forced.manager) = name;
  return forced;
}

Result<TeamFilter> RequestContext::TeamView() const {
  auto asked = TeamParams(params);
  if (!asked.ok()) return asked.error();
  return Within(std::move(asked).value());
}

Status RejectUnknown(const Params& params, std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : params) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return Error::BadRequest("unknown parameter \"" + name + "\"");
    }
  }
  return Status();
}

Result<bool> Flag(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return false;
  if (it->second == "true") return true;
  if (it->second == "false") return false;
  return Error::BadRequest(std::string(name) + ": must be true or false");
}

Result<std::optional<int64_t>> DateParam(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return std::optional<int64_t>();
  auto day = DayOfDate(it->second);
  if (!day) {
    return Error::BadRequest(std::string(name) + ": \"" + it->second +
                             "\" is not a date (YYYY-MM-DD)");
  }
  return std::optional<int64_t>(*day);
}

Result<TeamFilter> TeamParams(const Params& params) {
  TeamFilter filter;
  for (auto [name, field] :
       {std::make_pair("team", &filter.team), std::make_pair("manager", &filter.manager)}) {
    auto it = params.find(name);
    if (it == params.end()) continue;
    if (it->second.empty()) return Error::BadRequest(std::string(name) + ": must not be empty");
    *field = it->second;
  }
  if (filter.team && filter.manager) {
    return Error::BadRequest("team and manager cannot be combined: give one");
  }
  return filter;
}

std::string TeamSuffix(const TeamFilter& filter) {
  if (filter.team) return "&team=" + lrs::PercentEncode(*filter.team);
  if (filter.manager) return "&manager=" + lrs::PercentEncode(*filter.manager);
  return "";
}

Result<DashboardQuery> DashboardQueryOf(const RequestContext& ctx, const Params& params) {
  DashboardQuery query;
  auto from = DateParam(params, "from");
  if (!from.ok()) return from.error();
  query.from_day = from.value();
  auto to = DateParam(params, "to");
  if (!to.ok()) return to.error();
  query.to_day = to.value();
  if (auto it = params.find("bucket"); it != params.end()) {
    auto bucket = ParseBucket(it->second);
    if (!bucket) return Error::BadRequest("bucket: must be day, week or month");
    query.bucket = *bucket;
  }
  auto asked = TeamParams(params);
  if (!asked.ok()) return asked.error();
  auto team = ctx.Within(std::move(asked).value());
  if (!team.ok()) return team.error();
  query.team = std::move(team.value().team);
  query.manager = std::move(team.value().manager);
  return query;
}

Result<HttpResponse> JsonAnswer(int status, const json::Value& value) {
  auto text = json::WriteChecked(value);
  if (!text.ok()) return text.error();
  return lrs::http::JsonResponse(status, std::move(text).value());
}

}  // namespace outcomes
