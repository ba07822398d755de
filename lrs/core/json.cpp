#include "lrs/core/json.h"

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

}  // namespace

Status Parse(std::string_view text, Document* doc) {
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
  if (Depth(*doc) > kMaxDepth) {
    doc->SetNull();
    return Error::BadRequest("JSON nested deeper than " + std::to_string(kMaxDepth) +
                             " levels is not accepted");
  }
  return Status::Ok();
}

void AppendTo(const Value& value, std::string* out) {
  StringSink sink(out);
  rapidjson::Writer<StringSink> writer(sink);
  value.Accept(writer);
}

std::string Write(const Value& value) {
  std::string out;
  AppendTo(value, &out);
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
