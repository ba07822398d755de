#include "plugin/tagging/rule_index.h"

#include <algorithm>

#include "lrs/core/strings.h"

namespace outcomes {

namespace {

using json::Value;

const Value* Child(const Value* v, std::string_view name) {
  return (v != nullptr && v->IsObject()) ? json::Find(*v, name) : nullptr;
}

std::string_view StringOf(const Value* v) {
  return (v != nullptr && v->IsString()) ? json::View(*v) : std::string_view();
}

}  // namespace

void PrefixTrie::Insert(std::string_view prefix, Ref ref) {
  uint32_t node = 0;
  for (char c : prefix) {
    auto& children = nodes_[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), c,
                               [](const auto& child, char ch) { return child.first < ch; });
    if (it != children.end() && it->first == c) {
      node = it->second;
    } else {
      const uint32_t created = static_cast<uint32_t>(nodes_.size());
      children.insert(it, {c, created});
      nodes_.emplace_back();  // may move `children`; not used after this
      node = created;
    }
  }
  nodes_[node].refs.push_back(ref);
}

void PrefixTrie::Collect(std::string_view iri, std::vector<Ref>* out) const {
  uint32_t node = 0;
  out->insert(out->end(), nodes_[0].refs.begin(), nodes_[0].refs.end());
  for (char c : iri) {
    const auto& children = nodes_[node].children;
    auto it = std::lower_bound(children.begin(), children.end(), c,
                               [](const auto& child, char ch) { return child.first < ch; });
    if (it == children.end() || it->first != c) return;
    node = it->second;
    out->insert(out->end(), nodes_[node].refs.begin(), nodes_[node].refs.end());
  }
}

RuleIndex::RuleIndex(std::vector<Entry> entries) : entries_(std::move(entries)) {
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    explicit_[entries_[e].iri].push_back({e, -1});
    for (int32_t r = 0; r < static_cast<int32_t>(entries_[e].rules.size()); ++r) {
      File(entries_[e].rules[static_cast<size_t>(r)], {e, r});
    }
  }
}

// Files `rule` under its most selective condition that can be looked up.
void RuleIndex::File(const TaggingRule& rule, Ref ref) {
  // Covering finds a rule by its Activity conditions: those it is not filed under are listed.
  const bool by_activity = (rule.activity && !rule.activity->prefix) ||
                           (rule.context_activity && !rule.context_activity->match.prefix) ||
                           !rule.registration;
  if ((rule.activity && rule.context_activity) ||
      (!by_activity && (rule.activity || rule.context_activity))) {
    activity_elsewhere_.push_back(ref);
  }
  if (rule.activity && !rule.activity->prefix) {
    activity_exact_[rule.activity->value].push_back(ref);
  } else if (rule.context_activity && !rule.context_activity->match.prefix) {
    context_exact_[rule.context_activity->match.value].push_back(ref);
  } else if (rule.registration) {
    registration_[*rule.registration].push_back(ref);
  } else if (rule.activity) {
    activity_prefix_.Insert(rule.activity->value, ref);
  } else if (rule.context_activity) {
    context_prefix_.Insert(rule.context_activity->match.value, ref);
  } else if (!rule.activity_types.empty()) {
    for (const std::string& type : rule.activity_types)
      type_[type].push_back(ref);
  } else if (!rule.verbs.empty()) {
    for (const std::string& verb : rule.verbs)
      verb_[verb].push_back(ref);
  } else {
    unanchored_.push_back(ref);
  }
}

void RuleIndex::Lookup(const Map& map, std::string_view key, std::vector<Ref>* out) {
  if (map.empty() || key.empty()) return;
  auto it = map.find(std::string(key));
  if (it != map.end()) out->insert(out->end(), it->second.begin(), it->second.end());
}

std::vector<RuleIndex::Match> RuleIndex::Matches(const json::Value& statement) const {
  std::vector<Match> matches;
  if (entries_.empty()) return matches;

  // The statement's values that rules are filed under.
  std::vector<Ref> candidates = unanchored_;
  const Value* object = Child(&statement, "object");
  const std::string_view type = StringOf(Child(object, "objectType"));
  if (type.empty() || type == "Activity") {
    const std::string_view id = StringOf(Child(object, "id"));
    Lookup(activity_exact_, id, &candidates);
    activity_prefix_.Collect(id, &candidates);
    Lookup(type_, StringOf(Child(Child(object, "definition"), "type")), &candidates);
  }
  Lookup(verb_, StringOf(Child(Child(&statement, "verb"), "id")), &candidates);
  const Value* context = Child(&statement, "context");
  if (const Value* reg = Child(context, "registration"); reg != nullptr && reg->IsString()) {
    Lookup(registration_, lrs::AsciiLower(json::View(*reg)), &candidates);
  }
  if (const Value* ca = Child(context, "contextActivities"); ca != nullptr && ca->IsObject()) {
    for (const auto& kind : ca->GetObject()) {
      if (!kind.value.IsArray()) continue;
      const std::string_view kind_name = json::View(kind.name);
      const bool names_outcomes = kind_name == "category" || kind_name == "grouping";
      for (const Value& activity : kind.value.GetArray()) {
        const std::string_view id = StringOf(Child(&activity, "id"));
        Lookup(context_exact_, id, &candidates);
        context_prefix_.Collect(id, &candidates);
        if (names_outcomes) Lookup(explicit_, id, &candidates);
      }
    }
  }
  if (candidates.empty()) return matches;

  // Each candidate once, in (outcome, rule) order; explicit (-1) sorts first.
  std::sort(candidates.begin(), candidates.end(), [](const Ref& a, const Ref& b) {
    return a.entry != b.entry ? a.entry < b.entry : a.rule < b.rule;
  });
  uint32_t matched_entry = UINT32_MAX;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const Ref ref = candidates[i];
    if (ref.entry == matched_entry) continue;  // this outcome has its tag
    if (i > 0 && candidates[i - 1].entry == ref.entry && candidates[i - 1].rule == ref.rule) {
      continue;  // the same rule reached through two values
    }
    const Entry& entry = entries_[ref.entry];
    if (ref.rule < 0) {
      matches.push_back({entry.outcome_key, kExplicitRule});
      matched_entry = ref.entry;
    } else if (entry.rules[static_cast<size_t>(ref.rule)].Matches(statement)) {
      matches.push_back({entry.outcome_key, entry.rules[static_cast<size_t>(ref.rule)].id});
      matched_entry = ref.entry;
    }
  }
  return matches;
}

std::vector<RuleIndex::Match> RuleIndex::Covering(std::string_view activity) const {
  std::vector<Match> matches;
  if (entries_.empty() || activity.empty()) return matches;
  std::vector<Ref> candidates = activity_elsewhere_;
  Lookup(explicit_, activity, &candidates);
  Lookup(activity_exact_, activity, &candidates);
  activity_prefix_.Collect(activity, &candidates);
  Lookup(context_exact_, activity, &candidates);
  context_prefix_.Collect(activity, &candidates);
  std::sort(candidates.begin(), candidates.end(), [](const Ref& a, const Ref& b) {
    return a.entry != b.entry ? a.entry < b.entry : a.rule < b.rule;
  });
  uint32_t matched_entry = UINT32_MAX;
  for (const Ref ref : candidates) {
    if (ref.entry == matched_entry) continue;
    const Entry& entry = entries_[ref.entry];
    if (ref.rule < 0) {
      matches.push_back({entry.outcome_key, kExplicitRule});
      matched_entry = ref.entry;
      continue;
    }
    const TaggingRule& rule = entry.rules[static_cast<size_t>(ref.rule)];
    if ((rule.activity && rule.activity->Matches(activity)) ||
        (rule.context_activity && rule.context_activity->match.Matches(activity))) {
      matches.push_back({entry.outcome_key, rule.id});
      matched_entry = ref.entry;
    }
  }
  return matches;
}

}  // namespace outcomes
