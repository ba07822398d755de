// Timestamps as each xAPI version defines them (statement "timestamp" and "stored", and the
// "since" and "until" parameters): xAPI 1.0.3 takes any ISO 8601 combined date and time (Part
// Two §4.5); xAPI 2.0.0 takes RFC 3339 date-time only (9274.1.1 §4.2.7).
#pragma once

#include <optional>
#include <string_view>

#include "lrs/core/time.h"
#include "lrs/xapi/version.h"

namespace lrs::xapi {

// Parses `text` as a timestamp of `version`. 1.0.3: as ParseTimestamp (extended or basic
// format, optional zone meaning UTC). 2.0.0: exactly "YYYY-MM-DD", "T" (or "t", or a space, which
// RFC 3339 §5.6 allows for readability), "hh:mm:ss", an optional fraction, and "Z" (or "z") or
// "+hh:mm" / "-hh:mm". Both reject impossible dates and the unknown-offset forms ("-00:00").
// nullopt when `text` is not one.
std::optional<Timestamp> ParseStatementTimestamp(std::string_view text, Version version);

// What a timestamp of `version` looks like, for error messages.
std::string_view TimestampFormatName(Version version);

}  // namespace lrs::xapi
