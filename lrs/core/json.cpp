#include "lrs/core/json.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace lrs::json {

namespace {

// Numbers come from the parser as text and are converted below, by std::from_chars.
constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                 rapidjson::kParseValidateEncodingFlag |
                                 rapidjson::kParseNumbersAsStringsFlag;

// The power of ten of the highest non-zero digit of a JSON number (0 for zero).
long DecimalMagnitude(std::string_view number) {
  constexpr long kExponentCap = 1000000;  // saturate: anything beyond is out of range anyway
  long digits_before_point = 0;           // counted from the first non-zero digit
  long zeros_after_point = 0;             // zeros between the point and the first non-zero digit
  bool nonzero = false;
  bool after_point = false;
  size_t i = 0;
  for (; i < number.size() && number[i] != 'e' && number[i] != 'E'; ++i) {
    const char c = number[i];
    if (c == '.') {
      after_point = true;
    } else if (c >= '1' && c <= '9') {
      nonzero = true;
      if (!after_point) ++digits_before_point;
    } else if (c == '0') {
      if (nonzero && !after_point) ++digits_before_point;
      if (!nonzero && after_point) ++zeros_after_point;
    }
  }
  if (!nonzero) return 0;
  long exponent = 0;
  bool minus = false;
  for (++i; i < number.size(); ++i) {
    if (number[i] == '-') minus = true;
    if (number[i] >= '0' && number[i] <= '9') {
      exponent = std::min(kExponentCap, exponent * 10 + (number[i] - '0'));
    }
  }
  const long top = digits_before_point > 0 ? digits_before_point - 1 : -zeros_after_point - 1;
  return top + (minus ? -exponent : exponent);
}

// Builds a Document from the parser's events, converting each number itself.
//
// RapidJSON 1.1.0 (Debian 12) converts numbers wrongly and unsafely: its full-precision
// conversion reads outside its table of powers of ten for a long mantissa with an exponent near
// -330 (a crash found by fuzz_statement) and turns 0e-218 or 4.2e-328 into huge numbers and
// 10e308 into a tiny negative one; its default conversion is up to three units in the last place
// off and turns 1.7976931348623157e308 into infinity. std::from_chars rounds correctly.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(Document* doc) : doc_(doc) {}

  bool Null() { return doc_->Null(); }
  bool Bool(bool b) { return doc_->Bool(b); }
  bool Int(int i) { return doc_->Int(i); }
  bool Uint(unsigned u) { return doc_->Uint(u); }
  bool Int64(int64_t i) { return doc_->Int64(i); }
  bool Uint64(uint64_t u) { return doc_->Uint64(u); }
  bool Double(double d) { return doc_->Double(d); }
  bool String(const char* str, rapidjson::SizeType length, bool copy) {
    return WholeCharacters(str, length) && doc_->String(str, length, copy);
  }
  bool StartObject() { return doc_->StartObject(); }
  bool Key(const char* str, rapidjson::SizeType length, bool copy) {
    return WholeCharacters(str, length) && doc_->Key(str, length, copy);
  }
  bool EndObject(rapidjson::SizeType members) { return doc_->EndObject(members); }
  bool StartArray() { return doc_->StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return doc_->EndArray(elements); }

  // The parser has checked the JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool RawNumber(const char* str, rapidjson::SizeType length, bool /*copy*/) {
    const char* end = str + length;
    const bool integer =
        std::string_view(str, length).find_first_of(".eE") == std::string_view::npos;
    if (integer && str[0] == '-') {
      int64_t i = 0;
      if (std::from_chars(str, end, i).ec == std::errc()) return doc_->Int64(i);
    } else if (integer) {
      uint64_t u = 0;
      if (std::from_chars(str, end, u).ec == std::errc()) return doc_->Uint64(u);
    }
    double d = 0;
    const std::from_chars_result r = std::from_chars(str, end, d);
    if (r.ec == std::errc()) return doc_->Double(d);
    if (DecimalMagnitude(std::string_view(str, length)) >= 0) {  // beyond the largest double
      out_of_range_.assign(str, std::min<size_t>(length, 40));
      return false;
    }
    return doc_->Double(str[0] == '-' ? -0.0 : 0.0);  // nearer to zero than any double
  }

  // The number that stopped the parse, empty if none did.
  const std::string& out_of_range() const { return out_of_range_; }
  // Whether a string holding a lone surrogate stopped the parse.
  bool lone_surrogate() const { return lone_surrogate_; }

 private:
  // RapidJSON 1.1.0 decodes an escaped low surrogate (\uDC00-\uDFFF) with no high surrogate
  // before it as the three bytes ED B0-BF xx: not UTF-8, so the text written from the value
  // would not parse again. (A lone high surrogate is refused by the parser itself, and raw
  // bytes are validated as UTF-8, where ED is always a lead byte.) Such a string stops the
  // parse.
  bool WholeCharacters(const char* str, rapidjson::SizeType length) {
    const char* end = str + length;
    for (const char* p = str; (p = static_cast<const char*>(std::memchr(p, '\xED', end - p)));
         ++p) {
      if (p + 1 < end && static_cast<unsigned char>(p[1]) >= 0xA0) {
        lone_surrogate_ = true;
        return false;
      }
    }
    return true;
  }

  Document* doc_;
  std::string out_of_range_;
  bool lone_surrogate_ = false;
};

// An output stream for rapidjson::Writer that appends to a std::string.
class StringSink {
 public:
  using Ch = char;
  explicit StringSink(std::string* out) : out_(out) {}
  void Put(char c) { out_->push_back(c); }
  void Flush() {}

 private:
  std::string* out_;
};

// Appends the canonical form of `v` (see WriteCanonical).
void WriteSortedTo(const Value& v, std::string* out) {
  switch (v.GetType()) {
    case rapidjson::kObjectType: {
      std::vector<const Value::Member*> members;
      for (const auto& m : v.GetObject())
        members.push_back(&m);
      std::sort(members.begin(), members.end(), [](const Value::Member* a, const Value::Member* b) {
        return View(a->name) < View(b->name);
      });
      out->push_back('{');
      bool first = true;
      for (const Value::Member* m : members) {
        if (!first) out->push_back(',');
        first = false;
        AppendTo(m->name, out);
        out->push_back(':');
        WriteSortedTo(m->value, out);
      }
      out->push_back('}');
      break;
    }
    case rapidjson::kArrayType: {
      out->push_back('[');
      bool first = true;
      for (const Value& e : v.GetArray()) {
        if (!first) out->push_back(',');
        first = false;
        WriteSortedTo(e, out);
      }
      out->push_back(']');
      break;
    }
    case rapidjson::kNumberType: {
      char buf[40];
      std::snprintf(buf, sizeof(buf), "%.17g", v.GetDouble());
      out->append(buf);
      break;
    }
    default:
      AppendTo(v, out);
  }
}

}  // namespace

Status Parse(std::string_view text, Document* doc, int max_depth) {
  // RapidJSON takes a NUL byte for the end of the input and would ignore what follows it. A raw
  // NUL is never valid JSON (inside strings it must be escaped as \u0000), so reject it here.
  if (size_t nul = text.find('\0'); nul != std::string_view::npos) {
    doc->SetNull();
    return Error::BadRequest("malformed JSON at byte " + std::to_string(nul) +
                             ": a NUL byte is not allowed in JSON text");
  }
  rapidjson::ParseResult result;
  std::string out_of_range;
  bool lone_surrogate = false;
  auto generate = [&](Document& handler) {
    DocumentBuilder builder(&handler);
    rapidjson::MemoryStream bytes(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> input(bytes);
    rapidjson::Reader reader;
    result = reader.Parse<kParseFlags>(input, builder);
    out_of_range = builder.out_of_range();
    lone_surrogate = builder.lone_surrogate();
    return !result.IsError();
  };
  doc->Populate(generate);
  if (!out_of_range.empty()) {
    doc->SetNull();
    return Error::BadRequest("number out of range at byte " + std::to_string(result.Offset()) +
                             ": " + out_of_range + " is beyond the largest double, 1.8e308");
  }
  if (lone_surrogate) {
    doc->SetNull();
    return Error::BadRequest("malformed JSON at byte " + std::to_string(result.Offset()) +
                             ": a string escapes a lone UTF-16 surrogate (a \\uDC00-\\uDFFF "
                             "without a \\uD800-\\uDBFF before it), which is no character");
  }
  if (result.IsError()) {
    std::string message = "malformed JSON at byte ";
    message += std::to_string(result.Offset());
    message += ": ";
    message += rapidjson::GetParseError_En(result.Code());
    doc->SetNull();
    return Error::BadRequest(std::move(message));
  }
  if (Depth(*doc) > max_depth) {
    doc->SetNull();
    return Error::BadRequest("JSON nested deeper than " + std::to_string(max_depth) +
                             " levels is not accepted");
  }
  return Status::Ok();
}

void AppendTo(const Value& value, std::string* out) {
  StringSink sink(out);
  rapidjson::Writer<StringSink> writer(sink);
  value.Accept(writer);
}

std::string WriteCanonical(const Value& value) {
  std::string out;
  WriteSortedTo(value, &out);
  return out;
}

std::string Write(const Value& value) {
  std::string out;
  AppendTo(value, &out);
  return out;
}

bool TryAppendTo(const Value& value, std::string* out) {
  const size_t size = out->size();
  StringSink sink(out);
  rapidjson::Writer<StringSink> writer(sink);
  // The writer refuses NaN and infinities (kWriteNanAndInfFlag is off) and stops there.
  if (value.Accept(writer) && writer.IsComplete()) return true;
  out->resize(size);
  return false;
}

Result<std::string> WriteChecked(const Value& value) {
  std::string out;
  if (!TryAppendTo(value, &out)) {
    return Error::Internal(
        "an answer holds a number JSON cannot represent (not finite); it was not sent");
  }
  return out;
}

int Depth(const Value& value) {
  struct Frame {
    const Value* v;
    int depth;
  };
  int max_depth = 0;
  std::vector<Frame> stack;
  stack.push_back({&value, 0});
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    if (f.v->IsObject()) {
      int d = f.depth + 1;
      if (d > max_depth) max_depth = d;
      for (const auto& m : f.v->GetObject())
        stack.push_back({&m.value, d});
    } else if (f.v->IsArray()) {
      int d = f.depth + 1;
      if (d > max_depth) max_depth = d;
      for (const auto& e : f.v->GetArray())
        stack.push_back({&e, d});
    }
  }
  return max_depth;
}

const char* TypeName(const Value& value) {
  switch (value.GetType()) {
    case rapidjson::kNullType:
      return "null";
    case rapidjson::kFalseType:
    case rapidjson::kTrueType:
      return "boolean";
    case rapidjson::kObjectType:
      return "object";
    case rapidjson::kArrayType:
      return "array";
    case rapidjson::kStringType:
      return "string";
    case rapidjson::kNumberType:
      return "number";
  }
  return "unknown";
}

const Value* Find(const Value& obj, std::string_view name) {
  auto it = obj.FindMember(Ref(name));
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

Value* Find(Value& obj, std::string_view name) {
  auto it = obj.FindMember(Ref(name));
  return it == obj.MemberEnd() ? nullptr : &it->value;
}

}  // namespace lrs::json
