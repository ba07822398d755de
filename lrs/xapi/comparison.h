// Statement comparison (Part Two §2.3.1, "Statement Comparison Requirements"): used to decide
// whether a statement re-sent with a known id is the same statement (accepted, nothing changes)
// or a different one (409 Conflict).
#pragma once

#include <string>

#include "lrs/core/json.h"
#include "lrs/xapi/version.h"

namespace lrs::xapi {

// A string that is equal for two valid statements exactly when they are the same statement.
// Differences the immutability exceptions allow are ignored: the LRS-assigned "id", "authority",
// "stored", "timestamp" and "version"; Verb "display"; Activity definitions; the serialization of
// timestamps (compared as instants) and of contextActivities (single Activity vs array); the
// order of Group members; objectType defaults ("Agent", "Activity"); the case of
// case-insensitive values (UUIDs, e-mail domains, SHA-1 hex, language tags); Result duration
// precision beyond 0.01 s; JSON member order and number spelling. Everything else counts.
// Under xAPI 2.0.0 (9274.1.1 §4.2, the rules of a statement received under 2.0.0), besides:
// letter case anywhere (every string value is compared case-folded) and attachments (not part
// of the statement). Context agents and groups are compared as agents and groups are.
std::string ComparisonForm(const json::Value& statement, Version version = Version::k1_0_3);

// ComparisonForm(a, version) == ComparisonForm(b, version): whether `b`, received under
// `version`, is the statement `a` already stored.
bool StatementsEquivalent(const json::Value& a, const json::Value& b,
                          Version version = Version::k1_0_3);

}  // namespace lrs::xapi
