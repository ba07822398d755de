#include "lrs/xapi/statement.h"

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/timestamp.h"
#include "lrs/xapi/validator.h"

namespace lrs::xapi {

namespace {

using json::Value;

std::string_view ObjectType(const Value& object) {
  const Value* type = json::Find(object, "objectType");
  return (type != nullptr && type->IsString()) ? json::View(*type) : std::string_view("Activity");
}

class TermCollector {
 public:
  void Add(IndexKind kind, std::string value, uint8_t flags) {
    for (IndexTerm& t : terms_) {
      if (t.kind == kind && t.value == value) {
        t.flags |= flags;
        return;
      }
    }
    terms_.push_back({kind, std::move(value), flags});
  }

  // The actor itself (when identified) with `flags`, and each member of a Group with
  // `member_flags`.
  void AddActor(const Value& actor, uint8_t flags, uint8_t member_flags) {
    if (!actor.IsObject()) return;
    if (auto key = AgentKey(actor)) Add(IndexKind::kAgent, std::move(*key), flags);
    if (IsGroup(actor)) {
      if (const Value* members = json::Find(actor, "member"); members && members->IsArray()) {
        for (const Value& m : members->GetArray()) {
          if (auto key = AgentKey(m)) Add(IndexKind::kAgent, std::move(*key), member_flags);
        }
      }
    }
  }

  void AddContextActivities(const Value& statement, uint8_t flags) {
    const Value* context = json::Find(statement, "context");
    if (context == nullptr) return;
    if (const Value* ca = json::Find(*context, "contextActivities")) {
      for (const auto& kind : ca->GetObject()) {
        if (kind.value.IsArray()) {
          for (const Value& a : kind.value.GetArray())
            AddActivity(a, flags);
        } else {
          AddActivity(kind.value, flags);
        }
      }
    }
  }

  void AddContextAgents(const Value& statement, uint8_t flags) {
    const Value* context = json::Find(statement, "context");
    if (context == nullptr) return;
    if (const Value* instructor = json::Find(*context, "instructor")) {
      AddActor(*instructor, flags, flags);
    }
    if (const Value* team = json::Find(*context, "team")) AddActor(*team, flags, flags);
  }

  // contextAgents[].agent and contextGroups[].group (xAPI 2.0.0), with `flags`.
  void AddContextAgentEntries(const Value& statement, uint8_t flags) {
    const Value* context = json::Find(statement, "context");
    if (context == nullptr) return;
    for (auto [list, member] :
         {std::pair("contextAgents", "agent"), std::pair("contextGroups", "group")}) {
      const Value* entries = json::Find(*context, list);
      if (entries == nullptr || !entries->IsArray()) continue;
      for (const Value& entry : entries->GetArray()) {
        if (const Value* actor = json::Find(entry, member)) AddActor(*actor, flags, flags);
      }
    }
  }

  void AddActivity(const Value& activity, uint8_t flags) {
    if (const Value* id = json::Find(activity, "id"); id && id->IsString()) {
      Add(IndexKind::kActivity, std::string(json::View(*id)), flags);
    }
  }

  // The object of a statement or SubStatement.
  void AddObject(const Value& object, uint8_t flags) {
    std::string_view type = ObjectType(object);
    if (type == "Activity") {
      AddActivity(object, flags);
    } else if (type == "Agent" || type == "Group") {
      AddActor(object, flags, flags);
    } else if (type == "SubStatement") {
      // Every part of a SubStatement counts for related_agents / related_activities only.
      if (const Value* actor = json::Find(object, "actor")) {
        AddActor(*actor, kIndexRelated, kIndexRelated);
      }
      if (const Value* sub_object = json::Find(object, "object")) {
        AddObject(*sub_object, kIndexRelated);
      }
      AddContextAgents(object, kIndexRelated);
      AddContextAgentEntries(object, kIndexContextAgent);
      AddContextActivities(object, kIndexRelated);
    }
  }

  std::vector<IndexTerm> Take() { return std::move(terms_); }

 private:
  std::vector<IndexTerm> terms_;
};

void NormalizeTimestamp(Value& holder, json::Allocator& alloc, Version version) {
  Value* ts = json::Find(holder, "timestamp");
  if (ts == nullptr || !ts->IsString()) return;
  if (auto parsed = ParseStatementTimestamp(json::View(*ts), version)) {
    std::string normalized = FormatTimestamp(*parsed);
    ts->SetString(normalized.data(), static_cast<rapidjson::SizeType>(normalized.size()), alloc);
  }
}

void NormalizeContextActivities(Value& statement, json::Allocator& alloc) {
  Value* context = json::Find(statement, "context");
  if (context == nullptr) return;
  Value* ca = json::Find(*context, "contextActivities");
  if (ca == nullptr || !ca->IsObject()) return;
  for (auto& kind : ca->GetObject()) {
    if (kind.value.IsObject()) {
      Value single(std::move(kind.value));
      kind.value.SetArray();
      kind.value.PushBack(std::move(single), alloc);
    }
  }
}

}  // namespace

std::vector<IndexTerm> ExtractIndexTerms(const json::Value& statement) {
  TermCollector c;
  if (const Value* actor = json::Find(statement, "actor")) {
    c.AddActor(*actor, kIndexDirect, kIndexDirect);
  }
  if (const Value* verb = json::Find(statement, "verb")) {
    if (const Value* id = json::Find(*verb, "id"); id && id->IsString()) {
      c.Add(IndexKind::kVerb, std::string(json::View(*id)), kIndexDirect);
    }
  }
  if (const Value* object = json::Find(statement, "object")) c.AddObject(*object, kIndexDirect);
  if (const Value* authority = json::Find(statement, "authority")) {
    c.AddActor(*authority, kIndexRelated | kIndexAuthority, kIndexRelated);
  }
  if (const Value* context = json::Find(statement, "context")) {
    if (const Value* reg = json::Find(*context, "registration"); reg && reg->IsString()) {
      c.Add(IndexKind::kRegistration, AsciiLower(json::View(*reg)), kIndexDirect);
    }
  }
  c.AddContextAgents(statement, kIndexRelated);
  c.AddContextAgentEntries(statement, kIndexContextAgent);
  c.AddContextActivities(statement, kIndexRelated);
  return c.Take();
}

void PrepareForStorage(json::Value& statement, json::Allocator& alloc, const json::Value& authority,
                       Version version) {
  // Rebuild the object with "id" first, dropping what the LRS sets itself.
  Value rebuilt(rapidjson::kObjectType);
  std::string id;
  if (const Value* given = json::Find(statement, "id"); given && given->IsString()) {
    id = AsciiLower(json::View(*given));
  } else {
    id = uuid::NewV4();
  }
  rebuilt.AddMember("id", json::Copy(id, alloc), alloc);
  bool has_version = false;
  for (auto& m : statement.GetObject()) {
    std::string_view name = json::View(m.name);
    if (name == "id" || name == "stored" || name == "authority") continue;
    if (name == "version") has_version = true;
    rebuilt.AddMember(std::move(m.name), std::move(m.value), alloc);
  }
  Value authority_copy(authority, alloc);
  rebuilt.AddMember("authority", std::move(authority_copy), alloc);
  if (!has_version) {
    rebuilt.AddMember("version", version == Version::k2_0_0 ? "2.0.0" : "1.0.0", alloc);
  }
  statement.Swap(rebuilt);

  NormalizeTimestamp(statement, alloc, version);
  NormalizeContextActivities(statement, alloc);
  if (Value* object = json::Find(statement, "object"); object && object->IsObject()) {
    if (ObjectType(*object) == "SubStatement") {
      NormalizeTimestamp(*object, alloc, version);
      NormalizeContextActivities(*object, alloc);
    }
  }
}

std::string StatementRefTarget(const json::Value& statement) {
  const Value* object = json::Find(statement, "object");
  if (object == nullptr || ObjectType(*object) != "StatementRef") return {};
  const Value* id = json::Find(*object, "id");
  return (id && id->IsString()) ? AsciiLower(json::View(*id)) : std::string();
}

bool IsVoiding(const json::Value& statement) {
  const Value* verb = json::Find(statement, "verb");
  if (verb == nullptr) return false;
  const Value* id = json::Find(*verb, "id");
  return id != nullptr && id->IsString() && json::View(*id) == kVoidedVerb &&
         !StatementRefTarget(statement).empty();
}

std::vector<std::pair<std::string_view, const json::Value*>> ActivityDefinitions(
    const json::Value& statement) {
  std::vector<std::pair<std::string_view, const Value*>> out;
  auto add = [&out](const Value& activity) {
    const Value* id = json::Find(activity, "id");
    const Value* def = json::Find(activity, "definition");
    if (id && def && id->IsString() && def->IsObject()) out.emplace_back(json::View(*id), def);
  };
  auto add_context = [&add](const Value& stmt) {
    const Value* context = json::Find(stmt, "context");
    if (context == nullptr) return;
    const Value* ca = json::Find(*context, "contextActivities");
    if (ca == nullptr) return;
    for (const auto& kind : ca->GetObject()) {
      if (kind.value.IsArray()) {
        for (const Value& a : kind.value.GetArray())
          add(a);
      } else {
        add(kind.value);
      }
    }
  };
  if (const Value* object = json::Find(statement, "object")) {
    std::string_view type = ObjectType(*object);
    if (type == "Activity") {
      add(*object);
    } else if (type == "SubStatement") {
      if (const Value* sub_object = json::Find(*object, "object");
          sub_object && ObjectType(*sub_object) == "Activity") {
        add(*sub_object);
      }
      add_context(*object);
    }
  }
  add_context(statement);
  return out;
}

std::vector<std::pair<std::string, std::string_view>> AgentNames(const json::Value& statement) {
  std::vector<std::pair<std::string, std::string_view>> out;
  auto add_one = [&out](const Value& agent) {
    if (!agent.IsObject()) return;
    const Value* name = json::Find(agent, "name");
    if (name == nullptr || !name->IsString()) return;
    auto key = AgentKey(agent);
    if (!key) return;
    for (const auto& [k, n] : out) {
      if (k == *key && n == json::View(*name)) return;
    }
    out.emplace_back(std::move(*key), json::View(*name));
  };
  auto add_actor = [&add_one](const Value& actor) {
    add_one(actor);
    if (!actor.IsObject() || !IsGroup(actor)) return;
    if (const Value* members = json::Find(actor, "member"); members && members->IsArray()) {
      for (const Value& m : members->GetArray())
        add_one(m);
    }
  };
  auto add_statement = [&add_actor](const Value& stmt, auto& self) -> void {
    if (const Value* actor = json::Find(stmt, "actor")) add_actor(*actor);
    if (const Value* object = json::Find(stmt, "object")) {
      std::string_view type = ObjectType(*object);
      if (type == "Agent" || type == "Group") add_actor(*object);
      if (type == "SubStatement") self(*object, self);
    }
    if (const Value* authority = json::Find(stmt, "authority")) add_actor(*authority);
    if (const Value* context = json::Find(stmt, "context")) {
      if (const Value* instructor = json::Find(*context, "instructor")) add_actor(*instructor);
      if (const Value* team = json::Find(*context, "team")) add_actor(*team);
      for (auto [list, member] :
           {std::pair("contextAgents", "agent"), std::pair("contextGroups", "group")}) {
        const Value* entries = json::Find(*context, list);
        if (entries == nullptr || !entries->IsArray()) continue;
        for (const Value& entry : entries->GetArray()) {
          if (const Value* actor = json::Find(entry, member)) add_actor(*actor);
        }
      }
    }
  };
  add_statement(statement, add_statement);
  return out;
}

}  // namespace lrs::xapi
