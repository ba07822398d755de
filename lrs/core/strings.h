// Small string utilities shared by every layer. ASCII-only case handling on purpose: xAPI's
// case-insensitive items (UUIDs, language tags, e-mail domains, HTTP tokens) are ASCII.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lrs {

std::string AsciiLower(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
// Strips spaces and horizontal tabs from both ends.
std::string_view Trim(std::string_view s);
// Splits on every occurrence of `sep`; "a,,b" gives {"a", "", "b"}; "" gives {""}.
std::vector<std::string_view> Split(std::string_view s, char sep);

// Decodes %XX escapes; when `plus_is_space`, '+' decodes to ' ' (form encoding). Returns nullopt
// for a malformed escape or when the decoded bytes are not valid UTF-8.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);
// Encodes everything except RFC 3986 unreserved characters as %XX.
std::string PercentEncode(std::string_view s);

// `s` as HTML text or a quoted attribute value (either quote): & < > " ' become &amp; &lt; &gt;
// &quot; &#39;; every other byte is kept as it is.
std::string HtmlEscape(std::string_view s);

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Parses a decimal unsigned integer with no sign, spaces or leading '+'; nullopt on overflow.
std::optional<unsigned long long> ParseUnsigned(std::string_view s);

}  // namespace lrs
