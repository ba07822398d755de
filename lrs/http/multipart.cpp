#include "lrs/http/multipart.h"

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"

namespace lrs::http {

namespace {

bool IsBoundaryChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '\'':
    case '(':
    case ')':
    case '+':
    case '_':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case '=':
    case '?':
    case ' ':
      return true;
    default:
      return false;
  }
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t';
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && IsSpace(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back()))
    s.remove_suffix(1);
  return s;
}

// Parses one part's bytes (between the CRLF after a delimiter and the CRLF before the next).
Result<MultipartPart> ParsePart(std::string_view content, size_t index) {
  MultipartPart part;
  std::string_view header_block;
  if (content.substr(0, 2) == "\r\n") {
    part.body = std::string(content.substr(2));
  } else {
    size_t end = content.find("\r\n\r\n");
    if (end == std::string_view::npos) {
      header_block = content;  // headers only, no body (RFC 2046: the body is optional)
    } else {
      header_block = content.substr(0, end);
      part.body = std::string(content.substr(end + 4));
    }
  }
  std::string name;
  std::string value;
  auto flush = [&]() -> Status {
    if (name.empty()) return Status();
    part.headers.Set(name, TrimSpaces(value));
    name.clear();
    value.clear();
    return Status();
  };
  const std::string where = "multipart part " + std::to_string(index + 1) + ": ";
  size_t pos = 0;
  while (pos < header_block.size()) {
    size_t eol = header_block.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = header_block.size();
    std::string_view line = header_block.substr(pos, eol - pos);
    pos = eol + 2;
    if (line.find('\n') != std::string_view::npos || line.find('\r') != std::string_view::npos) {
      return Error::BadRequest(where + "header lines must end with CRLF");
    }
    if (!line.empty() && IsSpace(line.front())) {
      if (name.empty()) return Error::BadRequest(where + "a folded header line has no field");
      value.push_back(' ');
      value += TrimSpaces(line);
      continue;
    }
    LRS_RETURN_IF_ERROR(flush());
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Error::BadRequest(where + "header line \"" + std::string(line.substr(0, 60)) +
                               "\" has no colon");
    }
    std::string_view field = TrimSpaces(line.substr(0, colon));
    if (field.empty()) return Error::BadRequest(where + "a header line has no field name");
    name = std::string(field);
    value = std::string(line.substr(colon + 1));
  }
  LRS_RETURN_IF_ERROR(flush());
  return part;
}

}  // namespace

Result<std::string> MultipartBoundary(std::string_view content_type) {
  size_t semi = content_type.find(';');
  std::string_view rest =
      semi == std::string_view::npos ? std::string_view() : content_type.substr(semi + 1);
  std::optional<std::string> boundary;
  while (!rest.empty()) {
    rest = TrimSpaces(rest);
    size_t eq = rest.find('=');
    size_t next_semi = rest.find(';');
    if (eq == std::string_view::npos || (next_semi != std::string_view::npos && next_semi < eq)) {
      // A parameter without a value: skip it.
      if (next_semi == std::string_view::npos) break;
      rest.remove_prefix(next_semi + 1);
      continue;
    }
    std::string name = AsciiLower(TrimSpaces(rest.substr(0, eq)));
    rest.remove_prefix(eq + 1);
    rest = TrimSpaces(rest);
    std::string value;
    if (!rest.empty() && rest.front() == '"') {
      size_t i = 1;
      bool closed = false;
      for (; i < rest.size(); ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) {
          value.push_back(rest[++i]);
        } else if (rest[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value.push_back(rest[i]);
        }
      }
      if (!closed) return Error::BadRequest("Content-Type: unterminated quoted parameter value");
      rest.remove_prefix(i);
      rest = TrimSpaces(rest);
      if (!rest.empty() && rest.front() != ';') {
        return Error::BadRequest("Content-Type: text after a quoted parameter value");
      }
      if (!rest.empty()) rest.remove_prefix(1);
    } else {
      size_t end = rest.find(';');
      value = std::string(TrimSpaces(rest.substr(0, end)));
      rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    if (name == "boundary") boundary = std::move(value);
  }
  if (!boundary) {
    return Error::BadRequest("Content-Type: multipart/mixed needs a boundary parameter");
  }
  if (boundary->empty() || boundary->size() > 70 || boundary->back() == ' ') {
    return Error::BadRequest(
        "Content-Type: the multipart boundary must be 1 to 70 characters, not ending in a space");
  }
  for (char c : *boundary) {
    if (!IsBoundaryChar(c)) {
      return Error::BadRequest(
          "Content-Type: the multipart boundary contains a character RFC "
          "2046 does not allow");
    }
  }
  return *boundary;
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body,
                                                  std::string_view boundary) {
  const std::string dash = "--" + std::string(boundary);
  const std::string delimiter = "\r\n" + dash;
  size_t pos = 0;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    size_t first = body.find(delimiter);
    if (first == std::string_view::npos) {
      return Error::BadRequest("multipart body: the boundary \"" + std::string(boundary) +
                               "\" declared in Content-Type does not occur in the body");
    }
    pos = first + delimiter.size();
  }
  std::vector<MultipartPart> parts;
  while (true) {
    // `pos` is just after a delimiter's boundary.
    if (body.substr(pos, 2) == "--") return parts;  // the close delimiter; the epilogue is ignored
    while (pos < body.size() && IsSpace(body[pos]))
      ++pos;
    if (body.substr(pos, 2) != "\r\n") {
      return Error::BadRequest(
          "multipart body: a boundary delimiter line must end with CRLF (or \"--\" for the "
          "last one)");
    }
    pos += 2;
    size_t next = body.find(delimiter, pos);
    // A part may be empty: then the CRLF ending the delimiter line starts the next delimiter.
    if (body.substr(pos - 2, delimiter.size()) == delimiter) next = pos - 2;
    if (next == std::string_view::npos) {
      return Error::BadRequest("multipart body: the close delimiter \"" + dash +
                               "--\" is missing (the body is incomplete)");
    }
    std::string_view content = next >= pos ? body.substr(pos, next - pos) : std::string_view();
    auto part = ParsePart(content, parts.size());
    if (!part.ok()) return part.error();
    parts.push_back(std::move(part).value());
    pos = next + delimiter.size();
  }
}

std::string ChooseBoundary(const std::vector<MultipartPart>& parts) {
  while (true) {
    std::string boundary = "outcome-lrs-" + crypto::HexEncode(crypto::RandomBytes(12));
    bool clash = false;
    for (const MultipartPart& p : parts) {
      if (p.body.find(boundary) != std::string::npos) clash = true;
    }
    if (!clash) return boundary;
  }
}

std::string WriteMultipart(const std::vector<MultipartPart>& parts, std::string_view boundary) {
  size_t size = boundary.size() + 8;
  for (const MultipartPart& p : parts) {
    size += p.body.size() + boundary.size() + 8;
    for (const auto& [name, value] : p.headers.entries())
      size += name.size() + value.size() + 4;
  }
  std::string out;
  out.reserve(size);
  for (const MultipartPart& p : parts) {
    out += "--";
    out += boundary;
    out += "\r\n";
    for (const auto& [name, value] : p.headers.entries()) {
      out += name;
      out += ": ";
      out += value;
      out += "\r\n";
    }
    out += "\r\n";
    out += p.body;
    out += "\r\n";
  }
  out += "--";
  out += boundary;
  out += "--\r\n";
  return out;
}

}  // namespace lrs::http
