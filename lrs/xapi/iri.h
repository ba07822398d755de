// Best-effort IRI validation (RFC 3987), as Part Two §2.2 allows ("MAY use best-effort
// validation for IRL and IRI formats"), and the mailto IRI of an Agent's "mbox".
#pragma once

#include <string_view>

namespace lrs::xapi {

// True when `iri` is an absolute IRI: a scheme (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")), ':',
// then a non-empty remainder without spaces, control characters, or the characters
// <>"{}|\^` that may never appear unescaped, and whose '%' escapes are well formed. Non-ASCII
// characters (already valid UTF-8) are allowed, as in IRIs.
bool IsAbsoluteIri(std::string_view iri);

// True when `mbox` is "mailto:" followed by an e-mail address: one '@' with a non-empty local
// part and a non-empty domain, and otherwise a valid IRI.
bool IsMailtoIri(std::string_view mbox);

}  // namespace lrs::xapi
