// The tagging rules of every outcome of one store, indexed so that tagging a statement costs
// about the same with 1,000 outcomes as with one: each rule is filed under one of its
// conditions that can be looked up (an exact id in a hash map, a prefix in a trie, a verb, a
// type, a registration); a statement is checked only against the rules its own values lead to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugin/model/outcome.h"

namespace outcomes {

// IRIs sharing prefixes, each with the rules filed under it.
class PrefixTrie {
 public:
  struct Ref {
    uint32_t entry;
    int32_t rule;
  };
  void Insert(std::string_view prefix, Ref ref);
  // Appends the refs of every inserted prefix of `iri` (the empty prefix included) to `out`.
  void Collect(std::string_view iri, std::vector<Ref>* out) const;

 private:
  struct Node {
    std::vector<std::pair<char, uint32_t>> children;  // sorted by char
    std::vector<Ref> refs;
  };
  std::vector<Node> nodes_{Node{}};
};

class RuleIndex {
 public:
  // One outcome, as indexed.
  struct Entry {
    int64_t outcome_key = 0;
    std::string iri;  // explicit tags
    std::vector<TaggingRule> rules;
  };
  struct Match {
    int64_t outcome_key;
    std::string_view rule;  // the rule id, or kExplicitRule; valid while the index lives
  };

  RuleIndex() = default;
  explicit RuleIndex(std::vector<Entry> entries);

  // The outcomes `statement` serves, at most one match per outcome, in entry order: an
  // explicit tag when the statement names the outcome's IRI as a category or grouping context
  // Activity, else the first of its rules, in declared order, whose conditions all hold.
  std::vector<Match> Matches(const json::Value& statement) const;

  // The outcomes whose learning covers Activity `activity`, at most one match per outcome, in
  // entry order: kExplicitRule when it is the outcome's own IRI (statements naming it as their
  // category or grouping are tagged explicitly), else the first rule, in declared order, whose
  // object Activity condition or context Activity condition matches it (the rule's other
  // conditions, on verbs, results..., aside). Rules without an Activity condition cover no
  // particular Activity.
  std::vector<Match> Covering(std::string_view activity) const;

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

 private:
  using Ref = PrefixTrie::Ref;
  using Map = std::unordered_map<std::string, std::vector<Ref>>;

  void File(const TaggingRule& rule, Ref ref);
  static void Lookup(const Map& map, std::string_view key, std::vector<Ref>* out);

  std::vector<Entry> entries_;
  Map explicit_;        // outcome IRI (category/grouping ids)
  Map activity_exact_;  // object Activity id
  Map context_exact_;   // any context Activity id
  Map registration_;    // context.registration
  Map type_;            // object definition.type
  Map verb_;            // verb.id
  PrefixTrie activity_prefix_;
  PrefixTrie context_prefix_;
  std::vector<Ref> unanchored_;  // rules with only result/extension conditions
  // Rules with an Activity condition they are not filed under (both an object and a context
  // Activity condition, or filed under a registration): Covering checks them whatever it asks.
  std::vector<Ref> activity_elsewhere_;
};

}  // namespace outcomes
