// A declared business outcome and its tagging rules (schemas/outcome.schema.json).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"

namespace outcomes {

using lrs::Result;
using lrs::Status;
namespace json = lrs::json;

// The rule id of an explicit tag: a statement whose context category or grouping activities
// include the outcome's own IRI.
inline constexpr std::string_view kExplicitRule = "explicit";

// An IRI compared exactly or as a prefix.
struct IdMatch {
  std::string value;
  bool prefix = false;

  bool Matches(std::string_view iri) const;
};

enum class ContextKind { kParent, kGrouping, kCategory, kOther, kAny };

// A conjunction of conditions; an outcome's rules are alternatives.
struct TaggingRule {
  std::string id;  // as declared, or "rule-N" (1-based position)

  std::optional<IdMatch> activity;          // the object Activity's id
  std::vector<std::string> activity_types;  // the object's definition.type, any of
  std::vector<std::string> verbs;           // verb.id, any of
  struct ContextActivity {
    IdMatch match;
    ContextKind kind = ContextKind::kAny;
  };
  std::optional<ContextActivity> context_activity;  // some context Activity of that kind
  std::optional<std::string> registration;          // context.registration, lower case
  std::optional<bool> success;                      // result.success
  std::optional<bool> completion;                   // result.completion
  struct Extension {
    bool in_context = true;  // context.extensions, else result.extensions
    std::string key;
    std::string value;  // json::WriteCanonical of the expected value
  };
  std::optional<Extension> extension;

  // Whether `statement` (a valid xAPI statement) meets every condition.
  bool Matches(const json::Value& statement) const;
};

struct KpiPoint {
  double value = 0;
  std::string date;  // YYYY-MM-DD
  int64_t day = 0;   // days since 1970-01-01
};

struct Outcome {
  std::string id;
  std::string iri;  // declared, or urn:outcome-lrs:outcome:{id}
  std::string name;
  std::string description;
  struct Kpi {
    std::string name;
    std::string unit;
    bool increase = true;  // direction
    KpiPoint baseline;
    KpiPoint target;
  } kpi;
  std::string segment;  // employees, customers, partners, contractors, or the custom name
  int64_t audience_size = 0;
  std::vector<std::string> skills;
  std::vector<TaggingRule> rules;
  // The declaration as accepted (compact JSON, as given).
  std::string document;

  // Changes exactly when what decides tagging changes (the IRI and the rules): a declaration
  // whose fingerprint changed must be re-tagged against the whole history.
  std::string TaggingFingerprint() const;
};

// Parses a declaration and checks it against schemas/outcome.schema.json, then against what
// the schema cannot say: IRIs are absolute, stakeholder agents are valid xAPI Agents or
// identified Groups, dates exist, the target lies in the KPI's direction from the baseline, a
// custom segment is named, every rule has a condition and rule ids are distinct. kBadRequest
// with a message that names the field, like "rules[1].verb: ...".
Result<Outcome> ParseOutcome(const json::Value& declaration);

// Ids an outcome cannot have: the API's own paths under /outcomes.
inline constexpr std::string_view kReservedOutcomeIds[] = {"embed", "export", "roster", "ui"};

// A declaration as stored (accepted earlier by ParseOutcome); kInternal if it no longer parses.
Result<Outcome> ParseStoredOutcome(std::string_view document);

// The JSON Schema of declarations (schemas/outcome.schema.json, compiled in).
std::string_view OutcomeSchemaText();

}  // namespace outcomes
