// The statement formats of GET /statements (Part Three §2.1.3, "format" parameter).
#pragma once

#include <optional>
#include <string_view>

#include "lrs/core/json.h"
#include "lrs/xapi/language.h"

namespace lrs::xapi {

enum class StatementFormat { kExact, kIds, kCanonical };

// "exact", "ids" or "canonical" (case sensitive); nullopt otherwise.
std::optional<StatementFormat> ParseStatementFormat(std::string_view name);

// Where the canonical format finds the LRS's canonical metadata. Implementations return nullptr
// when they know nothing better than what the statement carries.
class CanonicalMetadata {
 public:
  virtual ~CanonicalMetadata() = default;
  // The canonical Activity Definition of `activity_id`, or nullptr.
  virtual const json::Value* ActivityDefinition(std::string_view activity_id) const = 0;
  // The canonical display language map of verb `verb_id`, or nullptr.
  virtual const json::Value* VerbDisplay(std::string_view verb_id) const = 0;
};

// Rewrites a stored statement (the exact format) into `format`, in place; `alloc` must be the
// allocator of the document holding `statement`.
//  * kExact: unchanged.
//  * kIds: Agents and identified Groups keep only objectType (an Agent's written out when it was
//    implicit) and their identifier, Anonymous Groups only objectType and their members so
//    reduced, Activities only their id, Verbs only their id; the same inside SubStatements and
//    for the agent or group of each contextAgents / contextGroups entry (which keeps its
//    objectType and relevantTypes).
//  * kCanonical: Activities carry their canonical definition (or their own when `metadata` has
//    none) and Verbs their canonical display, with each of their language maps reduced to the
//    one entry `languages` prefers; Agents and Groups are returned as in kExact.
void ApplyStatementFormat(json::Value& statement, json::Allocator& alloc, StatementFormat format,
                          const LanguagePreferences& languages, const CanonicalMetadata* metadata);

}  // namespace lrs::xapi
