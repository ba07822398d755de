#include "plugin/model/outcome.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/validator.h"
#include "plugin/model/days.h"
#include "plugin/model/schema_check.h"

namespace outcomes {

namespace {

using json::Value;
using lrs::Error;

const SchemaCheck& Schema() {
  static const SchemaCheck* check = new SchemaCheck(OutcomeSchemaText());
  return *check;
}

// ---- Checks the schema cannot express ----

Error Fail(const std::string& path, const std::string& message) {
  return Error::BadRequest(path + ": " + message);
}

Result<int64_t> DayOf(const std::string& date, const std::string& path) {
  auto day = DayOfDate(date);
  if (!day) return Fail(path, "\"" + date + "\" is not a calendar date");
  return *day;
}

Status CheckIri(const std::string& iri, const std::string& path) {
  if (!lrs::xapi::IsAbsoluteIri(iri)) return Fail(path, "\"" + iri + "\" is not an absolute IRI");
  return Status();
}

Result<KpiPoint> ParsePoint(const Value& v, const std::string& path) {
  KpiPoint p;
  p.value = v["value"].GetDouble();
  p.date = std::string(json::View(v["date"]));
  auto day = DayOf(p.date, path + ".date");
  if (!day.ok()) return day.error();
  p.day = day.value();
  return p;
}

std::vector<std::string> IriList(const Value& v) {
  std::vector<std::string> out;
  if (v.IsString()) {
    out.emplace_back(json::View(v));
  } else {
    for (const Value& e : v.GetArray())
      out.emplace_back(json::View(e));
  }
  return out;
}

Result<IdMatch> ParseMatch(const Value& v, const std::string& path) {
  IdMatch m;
  const Value* id = json::Find(v, "id");
  const Value* prefix = json::Find(v, "prefix");
  if ((id == nullptr) == (prefix == nullptr)) {
    return Fail(path, "needs exactly one of \"id\" (exact match) and \"prefix\"");
  }
  m.prefix = prefix != nullptr;
  m.value = std::string(json::View(m.prefix ? *prefix : *id));
  LRS_RETURN_IF_ERROR(CheckIri(m.value, path + (m.prefix ? ".prefix" : ".id")));
  return m;
}

Result<TaggingRule> ParseRule(const Value& v, size_t index, const std::string& path) {
  TaggingRule rule;
  int conditions = 0;
  rule.id = "rule-" + std::to_string(index + 1);
  if (const Value* id = json::Find(v, "id")) rule.id = std::string(json::View(*id));
  if (rule.id == kExplicitRule) {
    return Fail(path + ".id", "\"explicit\" is reserved for explicit tags");
  }
  if (const Value* a = json::Find(v, "activity")) {
    auto m = ParseMatch(*a, path + ".activity");
    if (!m.ok()) return m.error();
    rule.activity = m.value();
    ++conditions;
  }
  if (const Value* t = json::Find(v, "activity_type")) {
    rule.activity_types = IriList(*t);
    for (const auto& iri : rule.activity_types) {
      LRS_RETURN_IF_ERROR(CheckIri(iri, path + ".activity_type"));
    }
    ++conditions;
  }
  if (const Value* verbs = json::Find(v, "verb")) {
    rule.verbs = IriList(*verbs);
    for (const auto& iri : rule.verbs)
      LRS_RETURN_IF_ERROR(CheckIri(iri, path + ".verb"));
    ++conditions;
  }
  if (const Value* c = json::Find(v, "context_activity")) {
    TaggingRule::ContextActivity ca;
    auto m = ParseMatch(*c, path + ".context_activity");
    if (!m.ok()) return m.error();
    ca.match = m.value();
    if (const Value* kind = json::Find(*c, "kind")) {
      std::string_view k = json::View(*kind);
      ca.kind = k == "parent"     ? ContextKind::kParent
                : k == "grouping" ? ContextKind::kGrouping
                : k == "category" ? ContextKind::kCategory
                : k == "other"    ? ContextKind::kOther
                                  : ContextKind::kAny;
    }
    rule.context_activity = ca;
    ++conditions;
  }
  if (const Value* r = json::Find(v, "registration")) {
    if (!lrs::uuid::IsValid(json::View(*r))) {
      return Fail(path + ".registration", "is not a UUID in standard string form");
    }
    rule.registration = lrs::AsciiLower(json::View(*r));
    ++conditions;
  }
  if (const Value* s = json::Find(v, "success")) {
    rule.success = s->GetBool();
    ++conditions;
  }
  if (const Value* c = json::Find(v, "completion")) {
    rule.completion = c->GetBool();
    ++conditions;
  }
  if (const Value* e = json::Find(v, "extension")) {
    TaggingRule::Extension ext;
    ext.in_context = json::View((*e)["in"]) == "context";
    ext.key = std::string(json::View((*e)["key"]));
    LRS_RETURN_IF_ERROR(CheckIri(ext.key, path + ".extension.key"));
    ext.value = json::WriteCanonical((*e)["equals"]);
    rule.extension = ext;
    ++conditions;
  }
  if (conditions == 0) return Fail(path, "a rule needs at least one condition");
  return rule;
}

// ---- Reading statements ----

std::string_view ObjectType(const Value& object) {
  const Value* type = json::Find(object, "objectType");
  return (type != nullptr && type->IsString()) ? json::View(*type) : std::string_view("Activity");
}

const Value* Child(const Value* v, std::string_view name) {
  return (v != nullptr && v->IsObject()) ? json::Find(*v, name) : nullptr;
}

bool MatchesContextKind(std::string_view name, ContextKind kind) {
  switch (kind) {
    case ContextKind::kAny:
      return true;
    case ContextKind::kParent:
      return name == "parent";
    case ContextKind::kGrouping:
      return name == "grouping";
    case ContextKind::kCategory:
      return name == "category";
    case ContextKind::kOther:
      return name == "other";
  }
  return false;
}

}  // namespace

bool IdMatch::Matches(std::string_view iri) const {
  return prefix ? lrs::StartsWith(iri, value) : iri == value;
}

bool TaggingRule::Matches(const json::Value& statement) const {
  const Value* object = Child(&statement, "object");
  const bool object_is_activity = object != nullptr && ObjectType(*object) == "Activity";
  if (activity) {
    const Value* id = object_is_activity ? Child(object, "id") : nullptr;
    if (id == nullptr || !activity->Matches(json::View(*id))) return false;
  }
  if (!activity_types.empty()) {
    const Value* type = object_is_activity ? Child(Child(object, "definition"), "type") : nullptr;
    if (type == nullptr || !type->IsString() ||
        std::find(activity_types.begin(), activity_types.end(), json::View(*type)) ==
            activity_types.end()) {
      return false;
    }
  }
  if (!verbs.empty()) {
    const Value* verb = Child(Child(&statement, "verb"), "id");
    if (verb == nullptr ||
        std::find(verbs.begin(), verbs.end(), json::View(*verb)) == verbs.end()) {
      return false;
    }
  }
  const Value* context = Child(&statement, "context");
  if (context_activity) {
    bool found = false;
    if (const Value* ca = Child(context, "contextActivities"); ca != nullptr && ca->IsObject()) {
      for (const auto& kind : ca->GetObject()) {
        if (!MatchesContextKind(json::View(kind.name), context_activity->kind)) continue;
        if (!kind.value.IsArray()) continue;  // stored statements hold arrays only
        for (const Value& a : kind.value.GetArray()) {
          const Value* id = Child(&a, "id");
          if (id != nullptr && context_activity->match.Matches(json::View(*id))) found = true;
        }
      }
    }
    if (!found) return false;
  }
  if (registration) {
    const Value* reg = Child(context, "registration");
    if (reg == nullptr || lrs::AsciiLower(json::View(*reg)) != *registration) return false;
  }
  const Value* result = Child(&statement, "result");
  if (success) {
    const Value* s = Child(result, "success");
    if (s == nullptr || !s->IsBool() || s->GetBool() != *success) return false;
  }
  if (completion) {
    const Value* c = Child(result, "completion");
    if (c == nullptr || !c->IsBool() || c->GetBool() != *completion) return false;
  }
  if (extension) {
    const Value* ext = Child(extension->in_context ? context : result, "extensions");
    const Value* value = Child(ext, extension->key);
    if (value == nullptr || json::WriteCanonical(*value) != extension->value) return false;
  }
  return true;
}

std::string Outcome::TaggingFingerprint() const {
  json::Document d;
  d.SetArray();
  d.PushBack(json::Copy(iri, d.GetAllocator()), d.GetAllocator());
  json::Document declaration;
  if (json::Parse(document, &declaration).ok() && declaration.HasMember("rules")) {
    d.PushBack(json::Value(declaration["rules"], d.GetAllocator()), d.GetAllocator());
  }
  return json::WriteCanonical(d);
}

Result<Outcome> ParseOutcome(const json::Value& declaration) {
  LRS_RETURN_IF_ERROR(Schema().Check(declaration, "declaration"));
  Outcome o;
  o.id = std::string(json::View(declaration["id"]));
  for (std::string_view reserved : kReservedOutcomeIds) {
    if (o.id == reserved) {
      return lrs::Error::BadRequest("declaration.id: \"" + o.id + "\" is reserved (/outcomes/" +
                                    o.id + " is part of the API); choose another id");
    }
  }
  o.name = std::string(json::View(declaration["name"]));
  if (const Value* d = json::Find(declaration, "description")) o.description = json::View(*d);
  o.iri = "urn:outcome-lrs:outcome:" + o.id;
  if (const Value* iri = json::Find(declaration, "iri")) {
    o.iri = std::string(json::View(*iri));
    LRS_RETURN_IF_ERROR(CheckIri(o.iri, "iri"));
  }

  const Value& kpi = declaration["kpi"];
  o.kpi.name = std::string(json::View(kpi["name"]));
  o.kpi.unit = std::string(json::View(kpi["unit"]));
  o.kpi.increase = json::View(kpi["direction"]) == "increase";
  auto baseline = ParsePoint(kpi["baseline"], "kpi.baseline");
  if (!baseline.ok()) return baseline.error();
  auto target = ParsePoint(kpi["target"], "kpi.target");
  if (!target.ok()) return target.error();
  o.kpi.baseline = baseline.value();
  o.kpi.target = target.value();
  if (o.kpi.increase ? !(o.kpi.target.value > o.kpi.baseline.value)
                     : !(o.kpi.target.value < o.kpi.baseline.value)) {
    return Fail("kpi.target.value", std::string("must be ") + (o.kpi.increase ? "above" : "below") +
                                        " the baseline for a KPI that must " +
                                        (o.kpi.increase ? "increase" : "decrease"));
  }
  if (o.kpi.target.day < o.kpi.baseline.day) {
    return Fail("kpi.target.date", "must not be before the baseline date");
  }

  if (const Value* stakeholders = json::Find(declaration, "stakeholders")) {
    for (const auto& s : stakeholders->GetObject()) {
      if (const Value* agent = json::Find(s.value, "agent")) {
        const std::string path = "stakeholders." + std::string(json::View(s.name)) + ".agent";
        LRS_RETURN_IF_ERROR(lrs::xapi::ValidateAgentParameter(*agent, path));
      }
    }
  }

  const Value& audience = declaration["audience"];
  o.segment = std::string(json::View(audience["segment"]));
  o.audience_size = audience["size"].GetInt64();
  const Value* custom = json::Find(audience, "custom_segment");
  if (o.segment == "custom") {
    if (custom == nullptr) {
      return Fail("audience.custom_segment", "is required when the segment is \"custom\"");
    }
    o.segment = std::string(json::View(*custom));
  } else if (custom != nullptr) {
    return Fail("audience.custom_segment", "is only for the segment \"custom\"");
  }
  if (const Value* skills = json::Find(declaration, "skills")) {
    for (const Value& s : skills->GetArray())
      o.skills.emplace_back(json::View(s));
  }

  std::set<std::string> rule_ids;
  const Value& rules = declaration["rules"];
  for (rapidjson::SizeType i = 0; i < rules.Size(); ++i) {
    const std::string path = "rules[" + std::to_string(i) + "]";
    auto rule = ParseRule(rules[i], i, path);
    if (!rule.ok()) return rule.error();
    if (!rule_ids.insert(rule.value().id).second) {
      return Fail(path + ".id", "\"" + rule.value().id + "\" is the id of another rule");
    }
    o.rules.push_back(std::move(rule).value());
  }
  o.document = json::Write(declaration);
  return o;
}

Result<Outcome> ParseStoredOutcome(std::string_view document) {
  json::Document doc;
  LRS_RETURN_IF_ERROR(json::Parse(document, &doc));
  auto outcome = ParseOutcome(doc);
  if (!outcome.ok()) {
    return Error::Internal("a stored declaration is no longer valid: " + outcome.error().message());
  }
  return outcome;
}

}  // namespace outcomes
