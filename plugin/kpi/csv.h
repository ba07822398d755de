// CSV as ERP, CRM and HR systems export it (RFC 4180): fields separated by commas, records by
// CRLF or LF; a field may be quoted with '"' (a quote inside doubled) and then hold commas and
// line breaks. Unquoted fields are trimmed of spaces; blank lines are skipped; a UTF-8 byte
// order mark is ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lrs/core/error.h"

namespace outcomes {

struct CsvRecord {
  int line = 0;  // 1-based line where the record starts
  std::vector<std::string> fields;
};

// kBadRequest naming the line for an unterminated quoted field or a quote inside an unquoted one.
lrs::Result<std::vector<CsvRecord>> ParseCsv(std::string_view text);

}  // namespace outcomes
