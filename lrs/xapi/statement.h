// Statement processing between validation and storage: the LRS-assigned properties
// (Part Two §2.4.1, §2.4.7-2.4.10), and the index terms that serve GET /statements filters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lrs/core/json.h"
#include "lrs/xapi/version.h"

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
  // The agent of a contextAgents entry or the group (and its members) of a contextGroups entry,
  // in the statement or its SubStatement (xAPI 2.0.0): what related_agents adds under 2.0.0
  // (9274.1.1 §4.1.6.1), and only then, so that 1.0.3 queries keep their 1.0.3 meaning.
  kIndexContextAgent = 8,
};

// What related_agents matches under each version (with kIndexDirect, what "agent" matches).
inline constexpr uint8_t kIndexRelatedAgents103 = kIndexDirect | kIndexRelated;
inline constexpr uint8_t kIndexRelatedAgents200 = kIndexDirect | kIndexRelated | kIndexContextAgent;

// The flags a StatementRef passes from its target to the statement that references it: a
// statement targeting another matches the filters its target matches (Part Three §2.1.3,
// "Filter Conditions for StatementRefs"), but "mine" is about the statement's own authority.
inline constexpr uint8_t kIndexInheritable = kIndexDirect | kIndexRelated | kIndexContextAgent;

struct IndexTerm {
  IndexKind kind;
  std::string value;  // AgentKey, activity IRI, verb IRI, or lower-case registration UUID
  uint8_t flags;
};

// The index terms of a valid statement (after PrepareForStorage), one per distinct
// (kind, value) with the union of its flags.
std::vector<IndexTerm> ExtractIndexTerms(const json::Value& statement);

// Brings a statement valid under `version` into the form the LRS stores and returns (the
// "exact" format), in place: lower-cases "id" or assigns a new random one; replaces "authority"
// with `authority`; sets "version", when absent, to "1.0.0" under 1.0.3 (Part Two §2.4.10) and
// to "2.0.0" under 2.0.0 (9274.1.1 §4.2.4.3); removes "stored" (the store assigns it at commit);
// writes every contextActivities value as an array; rewrites timestamps in UTC as
// "YYYY-MM-DDThh:mm:ss.fffZ" (keeping their precision, at least milliseconds), so that every
// stored statement, whatever version it came with, has RFC 3339 timestamps. Everything else is
// left exactly as received. `alloc` must be the allocator of the document holding `statement`.
void PrepareForStorage(json::Value& statement, json::Allocator& alloc, const json::Value& authority,
                       Version version = Version::k1_0_3);
inline void PrepareForStorage(json::Document& statement, const json::Value& authority,
                              Version version = Version::k1_0_3) {
  PrepareForStorage(statement, statement.GetAllocator(), authority, version);
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
// context agents and groups, authority, and those of a SubStatement) that carries a "name", as
// distinct (AgentKey, name) pairs in the order met; the names point into `statement`. What the
// Agents resource knows of a person comes from these.
std::vector<std::pair<std::string, std::string_view>> AgentNames(const json::Value& statement);

}  // namespace lrs::xapi
