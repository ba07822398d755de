#include "lrs/xapi/iri.h"

#include "lrs/core/strings.h"

namespace lrs::xapi {

namespace {
bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
}  // namespace

bool IsAbsoluteIri(std::string_view iri) {
  size_t colon = iri.find(':');
  if (colon == std::string_view::npos || colon == 0) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = iri[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool ok = alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return false;
  }
  if (colon + 1 >= iri.size()) return false;
  for (size_t i = colon + 1; i < iri.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(iri[i]);
    if (c <= 0x20 || c == 0x7F) return false;
    switch (c) {
      case '<':
      case '>':
      case '"':
      case '{':
      case '}':
      case '|':
      case '\\':
      case '^':
      case '`':
        return false;
      case '%':
        if (i + 2 >= iri.size() || !IsHex(iri[i + 1]) || !IsHex(iri[i + 2])) return false;
        break;
      default:
        break;
    }
  }
  return true;
}

bool IsMailtoIri(std::string_view mbox) {
  if (!StartsWith(mbox, "mailto:")) return false;
  if (!IsAbsoluteIri(mbox)) return false;
  std::string_view address = mbox.substr(7);
  size_t at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  return true;
}

}  // namespace lrs::xapi
