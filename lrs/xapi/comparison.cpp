#include "lrs/xapi/comparison.h"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/xapi/duration.h"

namespace lrs::xapi {

namespace {

using json::Value;

class Normalizer {
 public:
  Normalizer(json::Allocator& alloc, Version version) : alloc_(alloc), version_(version) {}

  void Statement(Value& s, bool sub) {
    if (!s.IsObject()) return;
    if (version_ == Version::k2_0_0) s.RemoveMember("attachments");
    if (sub) {
      NormalizeTimestamp(s);
    } else {
      for (const char* name : {"id", "authority", "stored", "timestamp", "version"}) {
        s.RemoveMember(name);
      }
    }
    if (Value* actor = json::Find(s, "actor")) Actor(*actor);
    if (Value* verb = json::Find(s, "verb"); verb && verb->IsObject())
      verb->RemoveMember("display");
    if (Value* object = json::Find(s, "object")) Object(*object, sub);
    if (Value* result = json::Find(s, "result"); result && result->IsObject()) {
      if (Value* d = json::Find(*result, "duration"); d && d->IsString()) {
        SetString(*d, DurationForComparison(json::View(*d)));
      }
    }
    if (Value* context = json::Find(s, "context")) Context(*context);
    if (Value* attachments = json::Find(s, "attachments"); attachments && attachments->IsArray()) {
      for (Value& a : attachments->GetArray()) {
        if (!a.IsObject()) continue;
        if (Value* d = json::Find(a, "display")) LanguageMapKeys(*d);
        if (Value* d = json::Find(a, "description")) LanguageMapKeys(*d);
      }
    }
  }

 private:
  void SetString(Value& v, const std::string& s) {
    v.SetString(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc_);
  }

  void NormalizeTimestamp(Value& holder) {
    Value* ts = json::Find(holder, "timestamp");
    if (ts == nullptr || !ts->IsString()) return;
    if (auto parsed = ParseTimestamp(json::View(*ts))) {
      // Compare instants at full precision, whatever the serialization.
      Timestamp t = *parsed;
      t.fraction_digits = 9;
      SetString(*ts, FormatTimestamp(t));
    }
  }

  void LowerString(Value* v) {
    if (v != nullptr && v->IsString()) SetString(*v, AsciiLower(json::View(*v)));
  }

  void LanguageMapKeys(Value& map) {
    if (!map.IsObject()) return;
    for (auto& m : map.GetObject()) {
      std::string lower = AsciiLower(json::View(m.name));
      m.name.SetString(lower.data(), static_cast<rapidjson::SizeType>(lower.size()), alloc_);
    }
  }

  void Agent(Value& a) {
    if (!a.IsObject()) return;
    if (Value* type = json::Find(a, "objectType");
        type && type->IsString() && json::View(*type) == "Agent") {
      a.RemoveMember("objectType");
    }
    if (Value* mbox = json::Find(a, "mbox"); mbox && mbox->IsString()) {
      std::string m(json::View(*mbox));
      size_t at = m.rfind('@');
      if (at != std::string::npos) m = m.substr(0, at + 1) + AsciiLower(m.substr(at + 1));
      SetString(*mbox, m);
    }
    LowerString(json::Find(a, "mbox_sha1sum"));
  }

  void Actor(Value& a) {
    if (!a.IsObject()) return;
    Value* type = json::Find(a, "objectType");
    bool group = type && type->IsString() && json::View(*type) == "Group";
    Agent(a);
    if (!group) return;
    Value* members = json::Find(a, "member");
    if (members == nullptr || !members->IsArray()) return;
    // Group members are an unordered list.
    std::vector<std::pair<std::string, Value>> keyed;
    for (Value& m : members->GetArray()) {
      Agent(m);
      std::string key;
      key = json::WriteCanonical(m);
      keyed.emplace_back(std::move(key), std::move(m));
    }
    std::sort(keyed.begin(), keyed.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    members->SetArray();
    for (auto& k : keyed)
      members->PushBack(std::move(k.second), alloc_);
  }

  void Activity(Value& a) {
    if (!a.IsObject()) return;
    a.RemoveMember("definition");  // not part of the statement (Part Two §2.3.1)
    if (Value* type = json::Find(a, "objectType");
        type && type->IsString() && json::View(*type) == "Activity") {
      a.RemoveMember("objectType");
    }
  }

  void Object(Value& o, bool sub) {
    if (!o.IsObject()) return;
    Value* type = json::Find(o, "objectType");
    std::string_view t = (type && type->IsString()) ? json::View(*type) : "Activity";
    if (t == "Activity") {
      Activity(o);
    } else if (t == "Agent" || t == "Group") {
      // An Agent object keeps its mandatory objectType; normalize its identifier only.
      Value* keep_type = json::Find(o, "objectType");
      std::string saved = keep_type ? std::string(json::View(*keep_type)) : std::string();
      Actor(o);
      if (json::Find(o, "objectType") == nullptr && !saved.empty()) {
        o.AddMember("objectType", json::Copy(saved, alloc_), alloc_);
      }
    } else if (t == "StatementRef") {
      LowerString(json::Find(o, "id"));
    } else if (t == "SubStatement" && !sub) {
      Statement(o, /*sub=*/true);
    }
  }

  void Context(Value& c) {
    if (!c.IsObject()) return;
    LowerString(json::Find(c, "registration"));
    LowerString(json::Find(c, "language"));
    if (Value* instructor = json::Find(c, "instructor")) Actor(*instructor);
    if (Value* team = json::Find(c, "team")) Actor(*team);
    for (auto [list, member] :
         {std::pair("contextAgents", "agent"), std::pair("contextGroups", "group")}) {
      Value* entries = json::Find(c, list);
      if (entries == nullptr || !entries->IsArray()) continue;
      for (Value& entry : entries->GetArray()) {
        if (Value* actor = json::Find(entry, member)) Actor(*actor);
      }
    }
    if (Value* st = json::Find(c, "statement"); st && st->IsObject()) {
      LowerString(json::Find(*st, "id"));
    }
    if (Value* ca = json::Find(c, "contextActivities"); ca && ca->IsObject()) {
      for (auto& kind : ca->GetObject()) {
        if (kind.value.IsObject()) {
          Value single(std::move(kind.value));
          kind.value.SetArray();
          kind.value.PushBack(std::move(single), alloc_);
        }
        if (kind.value.IsArray()) {
          for (Value& a : kind.value.GetArray())
            Activity(a);
        }
      }
    }
  }

  json::Allocator& alloc_;
  const Version version_;
};

// Every string value of `v` in ASCII lower case, but objectType values (exact enumerations, which
// the normalizer reads); member names are left as they are.
void FoldCase(Value& v, json::Allocator& alloc) {
  if (v.IsString()) {
    std::string lower = AsciiLower(json::View(v));
    v.SetString(lower.data(), static_cast<rapidjson::SizeType>(lower.size()), alloc);
  } else if (v.IsArray()) {
    for (Value& e : v.GetArray())
      FoldCase(e, alloc);
  } else if (v.IsObject()) {
    for (auto& m : v.GetObject()) {
      if (json::View(m.name) != "objectType") FoldCase(m.value, alloc);
    }
  }
}

}  // namespace

std::string ComparisonForm(const json::Value& statement, Version version) {
  json::Document copy;
  copy.CopyFrom(statement, copy.GetAllocator());
  // Case first: Group members are ordered by their normalized form.
  if (version == Version::k2_0_0) FoldCase(copy, copy.GetAllocator());
  Normalizer(copy.GetAllocator(), version).Statement(copy, /*sub=*/false);
  return json::WriteCanonical(copy);
}

bool StatementsEquivalent(const json::Value& a, const json::Value& b, Version version) {
  return ComparisonForm(a, version) == ComparisonForm(b, version);
}

}  // namespace lrs::xapi
