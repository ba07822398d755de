#include "lrs/xapi/format.h"

#include <string>
#include <utility>

namespace lrs::xapi {

namespace {

using json::Value;

std::string_view TypeOf(const Value& v, std::string_view fallback) {
  const Value* type = json::Find(v, "objectType");
  return (type != nullptr && type->IsString()) ? json::View(*type) : fallback;
}

// Applies `fn` to every Activity of a statement or SubStatement (object and context Activities)
// and to every actor-like value (actor, Agent/Group object, instructor, team, the agents and
// groups of contextAgents and contextGroups, authority).
template <typename ActivityFn, typename ActorFn, typename VerbFn>
void VisitStatement(Value& s, ActivityFn&& activity, ActorFn&& actor, VerbFn&& verb) {
  if (!s.IsObject()) return;
  if (Value* a = json::Find(s, "actor")) actor(*a);
  if (Value* v = json::Find(s, "verb")) verb(*v);
  if (Value* auth = json::Find(s, "authority")) actor(*auth);
  if (Value* o = json::Find(s, "object"); o && o->IsObject()) {
    std::string_view type = TypeOf(*o, "Activity");
    if (type == "Activity") {
      activity(*o);
    } else if (type == "Agent" || type == "Group") {
      actor(*o);
    } else if (type == "SubStatement") {
      VisitStatement(*o, activity, actor, verb);
    }
  }
  if (Value* c = json::Find(s, "context"); c && c->IsObject()) {
    if (Value* i = json::Find(*c, "instructor")) actor(*i);
    if (Value* t = json::Find(*c, "team")) actor(*t);
    for (auto [list, member] :
         {std::pair("contextAgents", "agent"), std::pair("contextGroups", "group")}) {
      Value* entries = json::Find(*c, list);
      if (entries == nullptr || !entries->IsArray()) continue;
      for (Value& entry : entries->GetArray()) {
        if (Value* a = json::Find(entry, member)) actor(*a);
      }
    }
    if (Value* ca = json::Find(*c, "contextActivities"); ca && ca->IsObject()) {
      for (auto& kind : ca->GetObject()) {
        if (kind.value.IsArray()) {
          for (Value& a : kind.value.GetArray())
            activity(a);
        } else if (kind.value.IsObject()) {
          activity(kind.value);
        }
      }
    }
  }
}

// Keeps only objectType (written out for an Agent that left it implicit, so every Agent and Group
// of the answer says what it is) and the inverse functional identifier; for an Anonymous Group,
// objectType and the members so reduced.
void IdsActor(Value& a, json::Allocator& alloc) {
  if (!a.IsObject()) return;
  const bool group = TypeOf(a, "Agent") == "Group";
  Value reduced(rapidjson::kObjectType);
  if (json::Find(a, "objectType") == nullptr) reduced.AddMember("objectType", "Agent", alloc);
  bool identified = false;
  for (auto& m : a.GetObject()) {
    std::string_view name = json::View(m.name);
    if (name == "mbox" || name == "mbox_sha1sum" || name == "openid" || name == "account") {
      identified = true;
    }
  }
  for (auto& m : a.GetObject()) {
    std::string_view name = json::View(m.name);
    bool keep = name == "objectType" || name == "mbox" || name == "mbox_sha1sum" ||
                name == "openid" || name == "account" || (group && !identified && name == "member");
    if (keep) reduced.AddMember(std::move(m.name), std::move(m.value), alloc);
  }
  if (group && !identified) {
    if (Value* members = json::Find(reduced, "member"); members && members->IsArray()) {
      for (Value& m : members->GetArray())
        IdsActor(m, alloc);
    }
  }
  a.Swap(reduced);
}

void ReduceLanguageMap(Value& map, const LanguagePreferences& languages, json::Allocator& alloc) {
  if (!map.IsObject() || map.MemberCount() <= 1) return;
  std::string keep(languages.Choose(map));
  Value reduced(rapidjson::kObjectType);
  for (auto& m : map.GetObject()) {
    if (json::View(m.name) == keep) {
      reduced.AddMember(std::move(m.name), std::move(m.value), alloc);
      break;
    }
  }
  map.Swap(reduced);
}

void ReduceDefinitionLanguages(Value& def, const LanguagePreferences& languages,
                               json::Allocator& alloc) {
  if (!def.IsObject()) return;
  for (const char* map : {"name", "description"}) {
    if (Value* m = json::Find(def, map)) ReduceLanguageMap(*m, languages, alloc);
  }
  for (const char* list : {"choices", "scale", "source", "target", "steps"}) {
    Value* components = json::Find(def, list);
    if (components == nullptr || !components->IsArray()) continue;
    for (Value& c : components->GetArray()) {
      if (Value* d = json::Find(c, "description")) ReduceLanguageMap(*d, languages, alloc);
    }
  }
}

}  // namespace

std::optional<StatementFormat> ParseStatementFormat(std::string_view name) {
  if (name == "exact") return StatementFormat::kExact;
  if (name == "ids") return StatementFormat::kIds;
  if (name == "canonical") return StatementFormat::kCanonical;
  return std::nullopt;
}

void ApplyStatementFormat(json::Value& statement, json::Allocator& alloc, StatementFormat format,
                          const LanguagePreferences& languages, const CanonicalMetadata* metadata) {
  switch (format) {
    case StatementFormat::kExact:
      return;
    case StatementFormat::kIds:
      VisitStatement(
          statement,
          [&](Value& activity) {
            // An Activity is identified by its id alone (Part Three §2.1.3).
            activity.RemoveMember("definition");
            activity.RemoveMember("objectType");
          },
          [&](Value& actor) { IdsActor(actor, alloc); },
          [&](Value& verb) { verb.RemoveMember("display"); });
      return;
    case StatementFormat::kCanonical:
      VisitStatement(
          statement,
          [&](Value& activity) {
            const Value* id = json::Find(activity, "id");
            if (id != nullptr && id->IsString() && metadata != nullptr) {
              if (const Value* canonical = metadata->ActivityDefinition(json::View(*id))) {
                if (Value* def = json::Find(activity, "definition")) {
                  def->CopyFrom(*canonical, alloc);
                } else {
                  activity.AddMember("definition", Value(*canonical, alloc), alloc);
                }
              }
            }
            if (Value* def = json::Find(activity, "definition")) {
              ReduceDefinitionLanguages(*def, languages, alloc);
            }
          },
          [](Value&) {},
          [&](Value& verb) {
            const Value* id = json::Find(verb, "id");
            if (id != nullptr && id->IsString() && metadata != nullptr) {
              if (const Value* canonical = metadata->VerbDisplay(json::View(*id))) {
                if (Value* display = json::Find(verb, "display")) {
                  display->CopyFrom(*canonical, alloc);
                } else {
                  verb.AddMember("display", Value(*canonical, alloc), alloc);
                }
              }
            }
            if (Value* display = json::Find(verb, "display")) {
              ReduceLanguageMap(*display, languages, alloc);
            }
          });
      return;
  }
}

}  // namespace lrs::xapi
