#include "lrs/core/json.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace lrs::json {

namespace {

constexpr unsigned kParseFlags = rapidjson::kParseIterativeFlag |
                                 rapidjson::kParseValidateEncodingFlag |
                                 rapidjson::kParseFullPrecisionFlag;

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
  doc->Parse<kParseFlags>(text.data(), text.size());
  if (doc->HasParseError()) {
    std::string message = "malformed JSON at byte ";
    message += std::to_string(doc->GetErrorOffset());
    message += ": ";
    message += rapidjson::GetParseError_En(doc->GetParseError());
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
