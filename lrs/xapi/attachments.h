// Attachment data and the statements that reference it (Part Two §2.4.11, Part Three §1.5.2):
// which raw data a batch of statements needs, and whether the data that arrived with it is
// exactly that. The data is matched to Attachment Objects by SHA-2 hash only.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/core/json.h"

namespace lrs::xapi {

// The usageType of the Attachment that carries a statement's JWS signature (Part Two §2.6).
inline constexpr std::string_view kSignatureUsageType =
    "http://adlnet.gov/expapi/attachments/signature";

// The raw data of one attachment as received (one part after the first of a multipart/mixed
// statement request).
struct AttachmentData {
  std::string hash;          // the X-Experience-API-Hash its sender declared, as sent
  std::string content_type;  // the part's Content-Type, empty when it had none
  std::shared_ptr<const std::string> content;
};

// Received attachment data by lower-case hex SHA-2 hash; one entry per distinct hash.
using AttachmentDataByHash = std::map<std::string, AttachmentData, std::less<>>;

// The Attachment Objects of `statement` and of its SubStatement object, if any.
std::vector<const json::Value*> AttachmentObjects(const json::Value& statement);

// The lower-case "sha2" of every Attachment Object of `statement` (and its SubStatement), each
// once, in order of appearance.
std::vector<std::string> AttachmentHashes(const json::Value& statement);

// Matches `data` against the Attachment Objects of `statements` (already validated; `paths`
// name them in messages). Returns the data by hash. kBadRequest, nothing matched, when a datum's
// bytes do not hash to its declared hash (the hash's length selects SHA-224/256/384/512), when
// its hash is not that of any Attachment Object, or when an Attachment Object without "fileUrl"
// has no datum. The same data sent twice counts once.
Result<AttachmentDataByHash> MatchAttachmentData(const std::vector<const json::Value*>& statements,
                                                 const std::vector<std::string>& paths,
                                                 std::vector<AttachmentData> data);

}  // namespace lrs::xapi
