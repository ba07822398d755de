// Statement processing between validation and storage: the LRS-assigned properties
// (Part Two §2.4.1, §2.4.7-2.4.10), and the index terms that serve GET /statements filters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/core/json.h"

namespace lrs::xapi {

// The kinds of values GET /statements can filter on.
enum class IndexKind : int { kAgent = 1, kActivity = 2, kVerb = 3, kRegistration = 4 };

// How a statement carries an index value.
enum IndexFlag : uint8_t {
  // The actor or object (or a member of an actor/object Group), the object Activity, the verb,
  // the registration: what the plain "agent", "activity", "verb" and "registration" filters see.
  kIndexDirect = 1,
  // Anything else related_agents / related_activities include: authority, instructor, team,
  // context Activities, and every part of a SubStatement.
  kIndexRelated = 2,
  // The authority itself (for the statements/read/mine scope).
  kIndexAuthority = 4,
};

// The flags a StatementRef passes from its target to the statement that references it: a
// statement targeting another matches the filters its target matches (Part Three §2.1.3,
// "Filter Conditions for StatementRefs"), but "mine" is about the statement's own authority.
inline constexpr uint8_t kIndexInheritable = kIndexDirect | kIndexRelated;

struct IndexTerm {
  IndexKind kind;
  std::string value;  // AgentKey, activity IRI, verb IRI, or lower-case registration UUID
  uint8_t flags;
};

// The index terms of a valid statement (after PrepareForStorage), one per distinct
// (kind, value) with the union of its flags.
std::vector<IndexTerm> ExtractIndexTerms(const json::Value& statement);

// Brings a valid statement into the form the LRS stores and returns (the "exact" format), in
// place: lower-cases "id" or assigns a new random one; replaces "authority" with `authority`;
// sets "version" to "1.0.0" when absent; removes "stored" (the store assigns it at commit);
// writes every contextActivities value as an array; rewrites timestamps in UTC (keeping their
// precision, at least milliseconds). Everything else is left exactly as received. `alloc` must
// be the allocator of the document holding `statement`.
void PrepareForStorage(json::Value& statement, json::Allocator& alloc,
                       const json::Value& authority);
inline void PrepareForStorage(json::Document& statement, const json::Value& authority) {
  PrepareForStorage(statement, statement.GetAllocator(), authority);
}

// The lower-case id of the statement the object of `statement` refers to, when its object is a
// StatementRef; empty otherwise.
std::string StatementRefTarget(const json::Value& statement);

// True when `statement` uses the voiding verb (its object is then a StatementRef).
bool IsVoiding(const json::Value& statement);

// Every Activity of `statement` (object, context Activities, and those of a SubStatement) that
// carries a definition, as (activity id, definition) pairs pointing into `statement`.
std::vector<std::pair<std::string_view, const json::Value*>> ActivityDefinitions(
    const json::Value& statement);

// Every identified Agent or Group of `statement` (actor, object, Group members, instructor, team,
// authority, and those of a SubStatement) that carries a "name", as distinct (AgentKey, name)
// pairs in the order met; the names point into `statement`. What the Agents resource knows of
// a person comes from these.
std::vector<std::pair<std::string, std::string_view>> AgentNames(const json::Value& statement);

}  // namespace lrs::xapi
