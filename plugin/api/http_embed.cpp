// POST /outcomes/embed: a signed, expiring dashboard link (plugin/embed/link.h) for an LMS page.
// What a link may then read is decided by the router's route table (http_api.cpp).
#include <rapidjson/document.h>

#include "lrs/core/time.h"
#include "plugin/api/http_handlers.h"

namespace outcomes {

using lrs::Error;

Result<HttpResponse> IssueLink(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  const HttpRequest& request = ctx.request;
  auto type = request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest(
        "send the link's request as application/json: {\"outcomes\": [ID, ...], \"team\": T, "
        "\"ttl\": \"1h\", \"base\": URL}");
  }
  json::Document body;
  LRS_RETURN_IF_ERROR(json::Parse(request.body, &body));
  if (!body.IsObject()) return Error::BadRequest("the body must be a JSON object");
  std::vector<std::string> outcome_ids;
  TeamFilter filter;
  std::string ttl = "1h";
  std::string base;
  if (auto host = request.headers.Get("Host")) base = "http://" + std::string(*host);
  for (const auto& m : body.GetObject()) {
    const std::string_view name = json::View(m.name);
    if (name == "outcomes" && m.value.IsArray()) {
      for (const json::Value& id : m.value.GetArray()) {
        if (!id.IsString()) return Error::BadRequest("outcomes: must be an array of outcome ids");
        outcome_ids.emplace_back(json::View(id));
      }
    } else if (name == "outcome" && m.value.IsString()) {
      outcome_ids.emplace_back(json::View(m.value));
    } else if (name == "team" && m.value.IsString()) {
      filter.team = std::string(json::View(m.value));
    } else if (name == "manager" && m.value.IsString()) {
      filter.manager = std::string(json::View(m.value));
    } else if (name == "ttl" && m.value.IsString()) {
      ttl = std::string(json::View(m.value));
    } else if (name == "base" && m.value.IsString()) {
      base = std::string(json::View(m.value));
    } else {
      return Error::BadRequest("unknown or mistyped member \"" + std::string(name) +
                               "\" (expected outcomes, outcome, team, manager, ttl, base: strings, "
                               "outcomes an array)");
    }
  }
  auto ttl_s = ParseTtl(ttl);
  if (!ttl_s.ok()) return ttl_s.error();
  auto link = s.embeds.Issue(ctx.store_id, outcome_ids, filter, ttl_s.value(), base);
  if (!link.ok()) return link.error();

  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("url", json::Copy(link.value().url, a), a);
  out.AddMember("token", json::Copy(link.value().token, a), a);
  out.AddMember("expires",
                json::Copy(lrs::FormatMillisUtc(link.value().grant.expires_s * 1'000'000), a), a);
  json::Value ids(rapidjson::kArrayType);
  for (const std::string& id : link.value().grant.outcomes)
    ids.PushBack(json::Copy(id, a), a);
  out.AddMember("outcomes", std::move(ids), a);
  if (filter.team) out.AddMember("team", json::Copy(*filter.team, a), a);
  if (filter.manager) out.AddMember("manager", json::Copy(*filter.manager, a), a);
  return JsonAnswer(201, out);
}

}  // namespace outcomes
