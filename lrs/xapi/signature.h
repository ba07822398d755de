// Signed statements (Part Two §2.6): a statement whose Attachment of usageType
// kSignatureUsageType carries a JWS (RFC 7515) of the statement as it was before the signature
// was added. The LRS rejects malformed signatures; it does not decide whom to trust.
#pragma once

#include <string_view>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/xapi/attachments.h"
#include "lrs/xapi/version.h"

namespace lrs::xapi {

// Checks `jws` (JWS Compact Serialization) as the signature of `statement` (as received, before
// the LRS assigned any property). kBadRequest, with a message saying which rule failed, unless:
// it has three base64url parts; its JOSE header is a JSON object whose "alg" is RS256, RS384 or
// RS512; its payload is a JSON object logically equivalent to `statement` (StatementsEquivalent,
// after removing the signature Attachments from both, and with "id" and "timestamp" compared too
// when both carry them); its signature is not empty; and, when the header has "x5c", the
// signature verifies with the public key of the first certificate of that chain. The chain
// itself is not validated (Part Two §2.6: the check catches mistakes, it is not security).
// Equivalence and timestamps follow the rules of `version`, the version the statement came with.
Status VerifyJws(std::string_view jws, const json::Value& statement,
                 Version version = Version::k1_0_3);

// Checks every signature Attachment of `statement` (validated; `path` names it in messages):
// its contentType is application/octet-stream, its data (the JWS) is in `data` and passes
// VerifyJws. Ok when the statement has no signature Attachment.
Status VerifyStatementSignatures(const json::Value& statement, std::string_view path,
                                 const AttachmentDataByHash& data,
                                 Version version = Version::k1_0_3);

}  // namespace lrs::xapi
