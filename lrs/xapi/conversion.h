// One stored form, two kinds of readers. Every statement is stored once, as received under its
// version (xapi::PrepareForStorage), and returned to a reader under another version in a form
// that reader's version accepts:
//  * received under 2.0.0, read under 1.0.3: "contextAgents" and "contextGroups" are removed
//    from the context (and from a SubStatement's), since 1.0.3 does not define them and a 1.0.3
//    reader must reject unknown properties (Part Two §2.2); a "version" of 2.0.x becomes
//    "1.0.0", the version of a statement in the 1.0 format, since a 1.0.3 reader rejects
//    statements of any version not starting with "1.0." (Part Two §2.4.10);
//  * received under 1.0.3, read under 2.0.0: unchanged. It is a valid 2.0.0 statement: its
//    timestamps were stored in RFC 3339 UTC form, and 2.0.0 keeps the version a statement was
//    accepted with (9274.1.1 §4.2.4.3).
// See docs/XAPI.md for why, and for what this means for signed statements.
#pragma once

#include "lrs/core/json.h"
#include "lrs/xapi/version.h"

namespace lrs::xapi {

// Whether a statement received under `received` reads differently under `reader`: only a
// statement received under 2.0.0 and read under 1.0.3.
bool NeedsConversion(Version received, Version reader);

// Rewrites a stored statement (the exact format) received under `received` into the form a
// reader under `reader` gets, in place, as described above. `alloc` must be the allocator of the
// document holding `statement`. Nothing changes when !NeedsConversion(received, reader).
void ConvertForReader(json::Value& statement, json::Allocator& alloc, Version received,
                      Version reader);

}  // namespace lrs::xapi
