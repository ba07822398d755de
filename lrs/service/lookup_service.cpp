#include "lrs/service/lookup_service.h"

#include <rapidjson/document.h>

#include <algorithm>

#include "lrs/core/json.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/validator.h"

namespace lrs::service {

namespace {

Status CheckReadable(const Principal& principal, std::string_view resource) {
  if (principal.CanReadAllStatements()) return Status();
  return Error::Forbidden("reading the " + std::string(resource) +
                          " resource needs the statements/read, all/read or all scope");
}

}  // namespace

Result<std::string> LookupService::Activity(const Principal& principal,
                                            std::string_view activity_id) {
  LRS_RETURN_IF_ERROR(CheckReadable(principal, "Activities"));
  if (!xapi::IsAbsoluteIri(activity_id)) {
    return Error::BadRequest("activityId: \"" + std::string(activity_id) +
                             "\" is not an absolute IRI");
  }
  auto definition = store_.GetActivityDefinition(principal.store_id, std::string(activity_id));
  if (!definition.ok()) return definition.error();

  json::Document doc;
  doc.SetObject();
  auto& a = doc.GetAllocator();
  doc.AddMember("objectType", "Activity", a);
  doc.AddMember("id", json::Copy(activity_id, a), a);
  if (definition.value()) {
    json::Document parsed;
    Status ok = json::Parse(*definition.value(), &parsed);
    if (!ok.ok())
      return Error::Internal("stored definition of " + std::string(activity_id) +
                             " is unreadable: " + ok.error().message());
    if (parsed.IsObject() && parsed.MemberCount() > 0) {
      doc.AddMember("definition", json::Value(parsed, a), a);
    }
  }
  return json::Write(doc);
}

Result<std::string> LookupService::Person(const Principal& principal, std::string_view agent_json) {
  LRS_RETURN_IF_ERROR(CheckReadable(principal, "Agents"));
  json::Document agent;
  LRS_RETURN_IF_ERROR(xapi::ParseAgentOnlyParameter(agent_json, "agent", &agent));
  const std::string key = *xapi::AgentKey(agent);
  auto stored = store_.GetAgentNames(principal.store_id, key);
  if (!stored.ok()) return stored.error();
  std::vector<std::string> names = std::move(stored).value();
  if (const json::Value* name = json::Find(agent, "name"); name && name->IsString()) {
    names.emplace_back(json::View(*name));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());

  json::Document person;
  person.SetObject();
  auto& a = person.GetAllocator();
  person.AddMember("objectType", "Person", a);
  if (!names.empty()) {
    json::Value list(rapidjson::kArrayType);
    for (const std::string& n : names)
      list.PushBack(json::Copy(n, a), a);
    person.AddMember("name", std::move(list), a);
  }
  // The identifier exactly as given (the parameter holds exactly one).
  for (const char* ifi : {"mbox", "mbox_sha1sum", "openid", "account"}) {
    if (const json::Value* value = json::Find(agent, ifi)) {
      json::Value list(rapidjson::kArrayType);
      list.PushBack(json::Value(*value, a), a);
      person.AddMember(rapidjson::StringRef(ifi), std::move(list), a);
    }
  }
  return json::Write(person);
}

}  // namespace lrs::service
