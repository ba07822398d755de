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
  explicit Normalizer(json::Allocator& alloc) : alloc_(alloc) {}

  void Statement(Value& s, bool sub) {
    if (!s.IsObject()) return;
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
};

}  // namespace

std::string ComparisonForm(const json::Value& statement) {
  json::Document copy;
  copy.CopyFrom(statement, copy.GetAllocator());
  Normalizer(copy.GetAllocator()).Statement(copy, /*sub=*/false);
  return json::WriteCanonical(copy);
}

bool StatementsEquivalent(const json::Value& a, const json::Value& b) {
  return ComparisonForm(a) == ComparisonForm(b);
}

}  // namespace lrs::xapi
