#include "plugin/kpi/csv.h"

#include "lrs/core/strings.h"

namespace outcomes {

lrs::Result<std::vector<CsvRecord>> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  bool quoted = false;     // the current field started with a quote
  bool in_quotes = false;  // inside its quotes
  bool record_has_data = false;
  int line = 1;
  record.line = 1;

  auto end_field = [&]() {
    record.fields.push_back(quoted ? field : std::string(lrs::Trim(field)));
    field.clear();
    quoted = false;
  };
  auto end_record = [&]() {
    end_field();
    const bool blank = record.fields.size() == 1 && record.fields[0].empty() && !record_has_data;
    if (!blank) records.push_back(std::move(record));
    record = CsvRecord{};
    record_has_data = false;
  };

  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty() && lrs::Trim(field).empty()) field.clear();
      if (!field.empty() || quoted) {
        return lrs::Error::BadRequest("line " + std::to_string(line) +
                                      ": a quote inside an unquoted field");
      }
      quoted = true;
      in_quotes = true;
      record_has_data = true;
    } else if (c == ',') {
      end_field();
      record_has_data = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_record();
      ++line;
      record.line = line;
    } else {
      if (quoted) {
        if (c == ' ' || c == '\t') continue;  // spaces after a closing quote
        return lrs::Error::BadRequest("line " + std::to_string(line) +
                                      ": text after a closing quote");
      }
      field.push_back(c);
      if (c != ' ' && c != '\t') record_has_data = true;
    }
  }
  if (in_quotes) {
    return lrs::Error::BadRequest("line " + std::to_string(record.line) +
                                  ": a quoted field is never closed");
  }
  if (record_has_data || !field.empty() || !record.fields.empty()) end_record();
  return records;
}

void CsvRowErrors::Add(std::string message) {
  if (++count_ <= 20) messages_.push_back(std::move(message));
}

lrs::Error CsvRowErrors::ToError() const {
  std::string text =
      std::to_string(count_) + " bad row" + (count_ == 1 ? "" : "s") + ", nothing imported: ";
  for (size_t i = 0; i < messages_.size(); ++i)
    text += (i ? "; " : "") + messages_[i];
  return lrs::Error::BadRequest(text);
}

}  // namespace outcomes
