// multipart/mixed bodies (RFC 2046 §5.1), as xAPI uses them for statements with attachment data
// (Part Three §1.5.2): reading a request body into parts and writing a response body from parts.
// Parts are kept byte for byte (any octet, NUL and CRLF included); no transfer encoding is
// decoded or applied (xAPI sends attachment data as "binary").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"
#include "lrs/http/http_types.h"

namespace lrs::http {

struct MultipartPart {
  Headers headers;  // the part's header fields, names case-insensitive
  std::string body;
};

// The boundary parameter of a multipart Content-Type value such as
// `multipart/mixed; boundary="abc"` (parameter names case-insensitive, the value a token or a
// quoted string). kBadRequest when it is missing, empty, longer than 70 characters or contains a
// character RFC 2046 does not allow in a boundary.
Result<std::string> MultipartBoundary(std::string_view content_type);

// Splits `body` into its parts. Lines end with CRLF. The preamble before the first delimiter and
// the epilogue after the close delimiter are ignored; a delimiter line may end with spaces or
// tabs (transport padding); header fields may be folded. kBadRequest, saying what is wrong, when
// the body has no delimiter, no close delimiter, a delimiter followed by other text, a header
// line without a colon, or a header block that does not end with an empty line.
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// A boundary that occurs in none of `parts`' bodies (random, "outcome-lrs-" and hex digits).
std::string ChooseBoundary(const std::vector<MultipartPart>& parts);

// Writes `parts` as a multipart body delimited by `boundary`: each part's header fields in
// order, an empty line and its body; the close delimiter ends with CRLF. `boundary` must not occur
// in any body (see ChooseBoundary).
std::string WriteMultipart(const std::vector<MultipartPart>& parts, std::string_view boundary);

}  // namespace lrs::http
