#include "lrs/xapi/activity_definition.h"

namespace lrs::xapi {

namespace {

// Merges object `incoming` into object `canonical` member by member; values are replaced, not
// merged further.
bool MergeMembers(json::Value& canonical, const json::Value& incoming, json::Allocator& alloc) {
  bool changed = false;
  for (const auto& m : incoming.GetObject()) {
    json::Value* existing = json::Find(canonical, json::View(m.name));
    if (existing == nullptr) {
      canonical.AddMember(json::Value(m.name, alloc), json::Value(m.value, alloc), alloc);
      changed = true;
    } else if (*existing != m.value) {
      existing->CopyFrom(m.value, alloc);
      changed = true;
    }
  }
  return changed;
}

}  // namespace

bool MergeLanguageMap(json::Value& canonical, const json::Value& incoming, json::Allocator& alloc) {
  if (!canonical.IsObject()) canonical.SetObject();
  if (!incoming.IsObject()) return false;
  return MergeMembers(canonical, incoming, alloc);
}

bool MergeActivityDefinition(json::Value& canonical, const json::Value& incoming,
                             json::Allocator& alloc) {
  if (!canonical.IsObject()) canonical.SetObject();
  if (!incoming.IsObject()) return false;
  bool changed = false;
  for (const char* map : {"name", "description", "extensions"}) {
    const json::Value* in = json::Find(incoming, map);
    if (in == nullptr || !in->IsObject()) continue;
    json::Value* existing = json::Find(canonical, map);
    if (existing == nullptr) {
      canonical.AddMember(json::Value(map, alloc), json::Value(*in, alloc), alloc);
      changed = true;
    } else {
      changed |= MergeMembers(*existing, *in, alloc);
    }
  }
  for (const char* scalar : {"type", "moreInfo"}) {
    const json::Value* in = json::Find(incoming, scalar);
    if (in == nullptr) continue;
    json::Value* existing = json::Find(canonical, scalar);
    if (existing == nullptr) {
      canonical.AddMember(json::Value(scalar, alloc), json::Value(*in, alloc), alloc);
      changed = true;
    } else if (*existing != *in) {
      existing->CopyFrom(*in, alloc);
      changed = true;
    }
  }
  if (json::Find(canonical, "interactionType") == nullptr) {
    for (const char* p : {"interactionType", "correctResponsesPattern", "choices", "scale",
                          "source", "target", "steps"}) {
      if (const json::Value* in = json::Find(incoming, p)) {
        canonical.AddMember(json::Value(p, alloc), json::Value(*in, alloc), alloc);
        changed = true;
      }
    }
  }
  return changed;
}

}  // namespace lrs::xapi
