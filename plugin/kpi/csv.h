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

// The bad rows of an all-or-nothing import: counts every one, keeps the first 20 messages.
class CsvRowErrors {
 public:
  void Add(std::string message);
  bool empty() const { return count_ == 0; }
  // "N bad rows, nothing imported: MESSAGE; MESSAGE; ..." as kBadRequest. Requires !empty().
  lrs::Error ToError() const;

 private:
  int count_ = 0;
  std::vector<std::string> messages_;
};

}  // namespace outcomes
