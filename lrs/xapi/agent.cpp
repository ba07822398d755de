#include "lrs/xapi/agent.h"

#include "lrs/core/strings.h"

namespace lrs::xapi {

std::optional<std::string> AgentKey(const json::Value& agent) {
  if (!agent.IsObject()) return std::nullopt;
  if (const json::Value* mbox = json::Find(agent, "mbox"); mbox && mbox->IsString()) {
    std::string_view m = json::View(*mbox);
    size_t at = m.rfind('@');
    std::string key = "mbox|";
    if (at == std::string_view::npos) {
      key.append(m);
    } else {
      key.append(m.substr(0, at + 1));
      key += AsciiLower(m.substr(at + 1));
    }
    return key;
  }
  if (const json::Value* sha = json::Find(agent, "mbox_sha1sum"); sha && sha->IsString()) {
    return "mbox_sha1sum|" + AsciiLower(json::View(*sha));
  }
  if (const json::Value* openid = json::Find(agent, "openid"); openid && openid->IsString()) {
    return "openid|" + std::string(json::View(*openid));
  }
  if (const json::Value* account = json::Find(agent, "account"); account && account->IsObject()) {
    const json::Value* home = json::Find(*account, "homePage");
    const json::Value* name = json::Find(*account, "name");
    if (home && name && home->IsString() && name->IsString()) {
      return "account|" + std::string(json::View(*home)) + "|" + std::string(json::View(*name));
    }
  }
  return std::nullopt;
}

json::Value IdentifierOfKey(std::string_view key, json::Allocator& alloc) {
  const size_t bar = key.find('|');
  if (bar == std::string_view::npos) return json::Value(rapidjson::kNullType);
  const std::string_view kind = key.substr(0, bar);
  const std::string_view rest = key.substr(bar + 1);
  json::Value out(rapidjson::kObjectType);
  if (kind == "mbox" || kind == "mbox_sha1sum" || kind == "openid") {
    out.AddMember(json::Copy(kind, alloc), json::Copy(rest, alloc), alloc);
    return out;
  }
  const size_t home_end = rest.find('|');
  if (kind != "account" || home_end == std::string_view::npos) {
    return json::Value(rapidjson::kNullType);
  }
  json::Value account(rapidjson::kObjectType);
  account.AddMember("homePage", json::Copy(rest.substr(0, home_end), alloc), alloc);
  account.AddMember("name", json::Copy(rest.substr(home_end + 1), alloc), alloc);
  out.AddMember("account", std::move(account), alloc);
  return out;
}

bool IsGroup(const json::Value& actor) {
  const json::Value* type = json::Find(actor, "objectType");
  return type != nullptr && type->IsString() && json::View(*type) == "Group";
}

}  // namespace lrs::xapi
