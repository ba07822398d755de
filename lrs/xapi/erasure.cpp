#include "lrs/xapi/erasure.h"

#include <algorithm>
#include <string_view>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/validator.h"

namespace lrs::xapi {

namespace {

constexpr std::string_view kIdentifiers[] = {"mbox", "mbox_sha1sum", "openid", "account"};

bool Contains(const std::vector<std::string>& keys, const std::string& key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Replaces the person in `value` and everything below it (an explicit work list: a statement
// is at most json::kMaxDepth deep, but no recursion is needed).
int ReplaceBelow(json::Value& value, const std::vector<std::string>& keys,
                 const json::Value& pseudonym_account, json::Allocator& alloc) {
  int replaced = 0;
  std::vector<json::Value*> work{&value};
  while (!work.empty()) {
    json::Value* v = work.back();
    work.pop_back();
    if (v->IsArray()) {
      for (json::Value& item : v->GetArray())
        work.push_back(&item);
      continue;
    }
    if (!v->IsObject()) continue;
    if (auto key = AgentKey(*v); key && Contains(keys, *key)) {
      // EraseMember keeps the order of the other members (RemoveMember would not).
      for (auto it = v->MemberBegin(); it != v->MemberEnd();) {
        const std::string_view name = json::View(it->name);
        const bool identifying =
            name == "name" || std::find(std::begin(kIdentifiers), std::end(kIdentifiers), name) !=
                                  std::end(kIdentifiers);
        it = identifying ? v->EraseMember(it) : it + 1;
      }
      v->AddMember("account", json::Value(pseudonym_account, alloc), alloc);
      ++replaced;
    }
    for (auto& member : v->GetObject())
      work.push_back(&member.value);
  }
  return replaced;
}

}  // namespace

Result<std::vector<std::string>> ErasedAgentKeys(const json::Value& agent) {
  LRS_RETURN_IF_ERROR(ValidateAgentParameter(agent, "agent"));
  int identifiers = 0;
  for (std::string_view name : kIdentifiers) {
    if (json::Find(agent, name) != nullptr) ++identifiers;
  }
  if (identifiers != 1) {
    return Error::BadRequest(
        "agent: the person to erase must be named by exactly one inverse functional identifier "
        "(mbox, mbox_sha1sum, openid or account)");
  }
  auto key = AgentKey(agent);
  if (!key) return Error::BadRequest("agent: has no inverse functional identifier");
  std::vector<std::string> keys{*key};
  if (const json::Value* mbox = json::Find(agent, "mbox")) {
    const std::string given(json::View(*mbox));
    // The key holds the mailto IRI with its domain in lower case.
    const std::string normalized = key->substr(std::string_view("mbox|").size());
    for (const std::string& iri : {given, normalized}) {
      std::string sha = "mbox_sha1sum|" + crypto::Sha1Hex(iri);
      if (!Contains(keys, sha)) keys.push_back(std::move(sha));
    }
  }
  return keys;
}

bool IsErasedAgent(const json::Value& actor, const std::vector<std::string>& keys) {
  auto key = AgentKey(actor);
  return key && Contains(keys, *key);
}

int ReplaceErasedAgent(json::Value& statement, const std::vector<std::string>& keys,
                       const json::Value& pseudonym_account, json::Allocator& alloc) {
  return ReplaceBelow(statement, keys, pseudonym_account, alloc);
}

}  // namespace lrs::xapi
