#include "lrs/xapi/validator.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/duration.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/language.h"
#include "lrs/xapi/timestamp.h"

namespace lrs::xapi {

namespace {

using json::Value;

enum class ObjectKind { kActivity, kAgent, kGroup, kStatementRef, kSubStatement };

bool IsHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// An Internet Media Type: type "/" subtype, optionally followed by ";" parameters.
bool IsMediaType(std::string_view s) {
  std::string_view main = s.substr(0, s.find(';'));
  while (!main.empty() && main.back() == ' ')
    main.remove_suffix(1);
  size_t slash = main.find('/');
  if (slash == std::string_view::npos) return false;
  return IsToken(main.substr(0, slash)) && IsToken(main.substr(slash + 1));
}

// "1.0" or "1.0.N": the statement versions an xAPI 1.0.x LRS accepts (Part Two §2.4.10); under
// 2.0.0 also "2.0.0", the version of every 2.0 statement (9274.1.1 §4.1.7, §4.2.4.2: an LRS
// should not reject a statement for its version alone, but other majors and minors are not
// xAPI versions it can read).
bool IsAcceptedStatementVersion(std::string_view v, Version version) {
  if (version == Version::k2_0_0 && v == "2.0.0") return true;
  if (v == "1.0") return true;
  if (v.size() < 5 || v.substr(0, 4) != "1.0.") return false;
  std::string_view patch = v.substr(4);
  return std::all_of(patch.begin(), patch.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class Validator {
 public:
  Validator(std::string_view root, const ValidationOptions& options)
      : path_(root), options_(options) {}

  Status Statement(const Value& v, bool sub);
  Status AgentParameter(const Value& v);

 private:
  // Appends a path segment for the lifetime of the returned guard.
  class Segment {
   public:
    Segment(std::string* path, size_t len) : path_(path), len_(len) {}
    ~Segment() { path_->resize(len_); }
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;

   private:
    std::string* path_;
    size_t len_;
  };
  Segment Key(std::string_view key) {
    size_t len = path_.size();
    path_.push_back('.');
    path_.append(key.data(), key.size());
    return Segment(&path_, len);
  }
  Segment Index(size_t i) {
    size_t len = path_.size();
    path_ += "[" + std::to_string(i) + "]";
    return Segment(&path_, len);
  }

  Error Fail(std::string_view message) const {
    return Error::BadRequest(path_ + ": " + std::string(message));
  }
  Error WrongType(const Value& v, std::string_view expected) const {
    if (v.IsNull()) return Fail("must not be null (expected " + std::string(expected) + ")");
    return Fail("must be " + std::string(expected) + ", not " + json::TypeName(v));
  }

  Status Object(const Value& v) const;
  Status NoDuplicateNames(const Value& obj) const;
  Status OnlyNames(const Value& obj, std::initializer_list<std::string_view> allowed) const;
  Status Required(const Value& obj, std::string_view name) const;

  Status String(const Value& v) const { return v.IsString() ? Status() : WrongType(v, "a string"); }
  Status Boolean(const Value& v) const {
    return v.IsBool() ? Status() : WrongType(v, "true or false");
  }
  Status Number(const Value& v) const { return v.IsNumber() ? Status() : WrongType(v, "a number"); }
  Status Iri(const Value& v) const;
  Status Uuid(const Value& v) const;
  Status Timestamp(const Value& v) const;
  Status LanguageMap(const Value& v);
  Status Extensions(const Value& v);

  Status Actor(const Value& v);
  Status Agent(const Value& v);
  Status Group(const Value& v);
  Status InverseFunctionalIdentifiers(const Value& v, int* count);
  Status Account(const Value& v);
  Status Authority(const Value& v);
  Status Verb(const Value& v, std::string_view* verb_id);
  Status ObjectProperty(const Value& v, bool sub, ObjectKind* kind);
  Status Activity(const Value& v);
  Status ActivityDefinition(const Value& v);
  Status InteractionComponents(const Value& v);
  Status StatementRef(const Value& v);
  Status Result(const Value& v);
  Status Score(const Value& v);
  Status Context(const Value& v, bool object_is_activity);
  Status ContextActivities(const Value& v);
  Status ContextAgents(const Value& v);
  Status ContextGroups(const Value& v);
  Status RelevantTypes(const Value& v);
  Status Attachments(const Value& v);
  Status Attachment(const Value& v);

  std::string path_;
  const ValidationOptions& options_;
};

Status Validator::Object(const Value& v) const {
  if (!v.IsObject()) return WrongType(v, "an object");
  return NoDuplicateNames(v);
}

Status Validator::NoDuplicateNames(const Value& obj) const {
  const rapidjson::SizeType n = obj.MemberCount();
  if (n < 2) return Status();
  std::vector<std::string_view> names;
  names.reserve(n);
  for (const auto& m : obj.GetObject())
    names.push_back(json::View(m.name));
  std::sort(names.begin(), names.end());
  auto dup = std::adjacent_find(names.begin(), names.end());
  if (dup != names.end()) {
    return Fail("property \"" + std::string(*dup) + "\" appears more than once");
  }
  return Status();
}

Status Validator::OnlyNames(const Value& obj,
                            std::initializer_list<std::string_view> allowed) const {
  for (const auto& m : obj.GetObject()) {
    std::string_view name = json::View(m.name);
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      return Fail("unknown property \"" + std::string(name) +
                  "\" (xAPI property names are case sensitive)");
    }
  }
  return Status();
}

Status Validator::Required(const Value& obj, std::string_view name) const {
  if (json::Find(obj, name) == nullptr) {
    return Fail("missing required property \"" + std::string(name) + "\"");
  }
  return Status();
}

Status Validator::Iri(const Value& v) const {
  LRS_RETURN_IF_ERROR(String(v));
  if (!IsAbsoluteIri(json::View(v))) {
    return Fail("\"" + std::string(json::View(v)) + "\" is not an absolute IRI (with a scheme)");
  }
  return Status();
}

Status Validator::Uuid(const Value& v) const {
  LRS_RETURN_IF_ERROR(String(v));
  if (!uuid::IsValid(json::View(v))) {
    return Fail("\"" + std::string(json::View(v)) + "\" is not a UUID in standard string form");
  }
  return Status();
}

Status Validator::Timestamp(const Value& v) const {
  LRS_RETURN_IF_ERROR(String(v));
  if (!ParseStatementTimestamp(json::View(v), options_.version)) {
    return Fail("\"" + std::string(json::View(v)) + "\" is not " +
                std::string(TimestampFormatName(options_.version)));
  }
  return Status();
}

Status Validator::LanguageMap(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  for (const auto& m : v.GetObject()) {
    std::string_view tag = json::View(m.name);
    auto seg = Key(tag);
    if (!IsLanguageTag(tag)) {
      return Fail("\"" + std::string(tag) + "\" is not an RFC 5646 language tag");
    }
    LRS_RETURN_IF_ERROR(String(m.value));
  }
  return Status();
}

Status Validator::Extensions(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  for (const auto& m : v.GetObject()) {
    std::string_view key = json::View(m.name);
    if (!IsAbsoluteIri(key)) {
      auto seg = Key(key);
      return Fail("extension keys must be absolute IRIs");
    }
    // Values are free-form JSON (nulls included): an LRS must not reject a statement for them.
  }
  return Status();
}

Status Validator::Actor(const Value& v) {
  if (!v.IsObject()) return WrongType(v, "an Agent or Group object");
  const Value* type = json::Find(v, "objectType");
  if (type == nullptr) return Agent(v);
  if (type->IsString() && json::View(*type) == "Agent") return Agent(v);
  if (type->IsString() && json::View(*type) == "Group") return Group(v);
  auto seg = Key("objectType");
  return Fail("must be \"Agent\" or \"Group\"");
}

Status Validator::InverseFunctionalIdentifiers(const Value& v, int* count) {
  *count = 0;
  if (const Value* mbox = json::Find(v, "mbox")) {
    auto seg = Key("mbox");
    LRS_RETURN_IF_ERROR(String(*mbox));
    if (!IsMailtoIri(json::View(*mbox))) {
      return Fail("\"" + std::string(json::View(*mbox)) +
                  "\" is not a mailto IRI (\"mailto:\" followed by an e-mail address)");
    }
    ++*count;
  }
  if (const Value* sha = json::Find(v, "mbox_sha1sum")) {
    auto seg = Key("mbox_sha1sum");
    LRS_RETURN_IF_ERROR(String(*sha));
    if (sha->GetStringLength() != 40 || !IsHex(json::View(*sha))) {
      return Fail("must be the 40 hexadecimal digits of a SHA-1 hash");
    }
    ++*count;
  }
  if (const Value* openid = json::Find(v, "openid")) {
    auto seg = Key("openid");
    LRS_RETURN_IF_ERROR(Iri(*openid));
    ++*count;
  }
  if (const Value* account = json::Find(v, "account")) {
    auto seg = Key("account");
    LRS_RETURN_IF_ERROR(Account(*account));
    ++*count;
  }
  return Status();
}

Status Validator::Account(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(v, {"homePage", "name"}));
  LRS_RETURN_IF_ERROR(Required(v, "homePage"));
  LRS_RETURN_IF_ERROR(Required(v, "name"));
  {
    auto seg = Key("homePage");
    LRS_RETURN_IF_ERROR(Iri(v["homePage"]));
  }
  auto seg = Key("name");
  return String(v["name"]);
}

Status Validator::Agent(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(
      OnlyNames(v, {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}));
  if (const Value* type = json::Find(v, "objectType")) {
    auto seg = Key("objectType");
    if (!type->IsString() || json::View(*type) != "Agent") return Fail("must be \"Agent\"");
  }
  if (const Value* name = json::Find(v, "name")) {
    auto seg = Key("name");
    LRS_RETURN_IF_ERROR(String(*name));
  }
  int ifis = 0;
  LRS_RETURN_IF_ERROR(InverseFunctionalIdentifiers(v, &ifis));
  if (ifis != 1) {
    return Fail(
        "an Agent must have exactly one inverse functional identifier (mbox, "
        "mbox_sha1sum, openid or account); it has " +
        std::to_string(ifis));
  }
  return Status();
}

Status Validator::Group(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(
      OnlyNames(v, {"objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"}));
  {
    const Value* type = json::Find(v, "objectType");
    auto seg = Key("objectType");
    if (type == nullptr) return Fail("a Group must have objectType \"Group\"");
    if (!type->IsString() || json::View(*type) != "Group") return Fail("must be \"Group\"");
  }
  if (const Value* name = json::Find(v, "name")) {
    auto seg = Key("name");
    LRS_RETURN_IF_ERROR(String(*name));
  }
  int ifis = 0;
  LRS_RETURN_IF_ERROR(InverseFunctionalIdentifiers(v, &ifis));
  if (ifis > 1) {
    return Fail("an identified Group must have exactly one inverse functional identifier; it has " +
                std::to_string(ifis));
  }
  const Value* members = json::Find(v, "member");
  if (ifis == 0 && members == nullptr) {
    return Fail(
        "an anonymous Group (one without an inverse functional identifier) must have "
        "\"member\"");
  }
  if (members != nullptr) {
    auto seg = Key("member");
    if (!members->IsArray()) return WrongType(*members, "an array of Agents");
    for (rapidjson::SizeType i = 0; i < members->Size(); ++i) {
      auto idx = Index(i);
      const Value& m = (*members)[i];
      if (m.IsObject()) {
        const Value* type = json::Find(m, "objectType");
        if (type != nullptr && type->IsString() && json::View(*type) == "Group") {
          return Fail("a Group's members must be Agents, not Groups");
        }
      }
      LRS_RETURN_IF_ERROR(Agent(m));
    }
  }
  return Status();
}

Status Validator::Authority(const Value& v) {
  LRS_RETURN_IF_ERROR(Actor(v));
  if (!IsGroup(v)) return Status();
  // Part Two §2.4.9: a Group is an authority only in 3-legged OAuth, as the pair of the
  // application (an Agent identified by an account) and the user: an anonymous Group of
  // exactly those two Agents.
  int ifis = 0;
  LRS_RETURN_IF_ERROR(InverseFunctionalIdentifiers(v, &ifis));
  if (ifis != 0) {
    return Fail(
        "an identified Group cannot be an authority; a Group authority is the anonymous pair "
        "of an application and a user (3-legged OAuth)");
  }
  const Value& members = v["member"];  // required of an anonymous Group, checked by Actor
  if (members.Size() != 2) {
    return Fail("a Group authority (3-legged OAuth) must have exactly two member Agents, not " +
                std::to_string(members.Size()));
  }
  const bool has_application =
      json::Find(members[0], "account") != nullptr || json::Find(members[1], "account") != nullptr;
  if (!has_application) {
    return Fail(
        "a Group authority (3-legged OAuth) must have the application among its two members, "
        "an Agent identified by an account");
  }
  return Status();
}

Status Validator::Verb(const Value& v, std::string_view* verb_id) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(v, {"id", "display"}));
  LRS_RETURN_IF_ERROR(Required(v, "id"));
  {
    auto seg = Key("id");
    LRS_RETURN_IF_ERROR(Iri(v["id"]));
    *verb_id = json::View(v["id"]);
  }
  if (const Value* display = json::Find(v, "display")) {
    auto seg = Key("display");
    LRS_RETURN_IF_ERROR(LanguageMap(*display));
  }
  return Status();
}

Status Validator::ObjectProperty(const Value& v, bool sub, ObjectKind* kind) {
  if (!v.IsObject()) return WrongType(v, "an object");
  const Value* type = json::Find(v, "objectType");
  std::string_view type_name = "Activity";
  if (type != nullptr) {
    if (!type->IsString()) {
      auto seg = Key("objectType");
      return WrongType(*type, "a string");
    }
    type_name = json::View(*type);
  }
  if (type_name == "Activity") {
    *kind = ObjectKind::kActivity;
    return Activity(v);
  }
  if (type_name == "Agent") {
    *kind = ObjectKind::kAgent;
    return Agent(v);
  }
  if (type_name == "Group") {
    *kind = ObjectKind::kGroup;
    return Group(v);
  }
  if (type_name == "StatementRef") {
    *kind = ObjectKind::kStatementRef;
    return StatementRef(v);
  }
  if (type_name == "SubStatement") {
    *kind = ObjectKind::kSubStatement;
    if (sub) return Fail("a SubStatement must not contain another SubStatement");
    return Statement(v, /*sub=*/true);
  }
  auto seg = Key("objectType");
  return Fail("\"" + std::string(type_name) +
              "\" is not one of Activity, Agent, Group, StatementRef, SubStatement");
}

Status Validator::Activity(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(v, {"objectType", "id", "definition"}));
  if (const Value* type = json::Find(v, "objectType")) {
    auto seg = Key("objectType");
    if (!type->IsString() || json::View(*type) != "Activity") return Fail("must be \"Activity\"");
  }
  LRS_RETURN_IF_ERROR(Required(v, "id"));
  {
    auto seg = Key("id");
    LRS_RETURN_IF_ERROR(Iri(v["id"]));
  }
  if (const Value* def = json::Find(v, "definition")) {
    auto seg = Key("definition");
    LRS_RETURN_IF_ERROR(ActivityDefinition(*def));
  }
  return Status();
}

Status Validator::ActivityDefinition(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(
      OnlyNames(v, {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                    "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}));
  for (const char* map : {"name", "description"}) {
    if (const Value* m = json::Find(v, map)) {
      auto seg = Key(map);
      LRS_RETURN_IF_ERROR(LanguageMap(*m));
    }
  }
  for (const char* iri : {"type", "moreInfo"}) {
    if (const Value* m = json::Find(v, iri)) {
      auto seg = Key(iri);
      LRS_RETURN_IF_ERROR(Iri(*m));
    }
  }
  if (const Value* ext = json::Find(v, "extensions")) {
    auto seg = Key("extensions");
    LRS_RETURN_IF_ERROR(Extensions(*ext));
  }

  static const char* kLists[] = {"choices", "scale", "source", "target", "steps"};
  const Value* interaction_type = json::Find(v, "interactionType");
  if (interaction_type == nullptr) {
    if (json::Find(v, "correctResponsesPattern") != nullptr) {
      return Fail("\"correctResponsesPattern\" requires \"interactionType\"");
    }
    for (const char* list : kLists) {
      if (json::Find(v, list) != nullptr) {
        return Fail("\"" + std::string(list) + "\" requires \"interactionType\"");
      }
    }
    return Status();
  }

  std::string_view type;
  {
    auto seg = Key("interactionType");
    LRS_RETURN_IF_ERROR(String(*interaction_type));
    type = json::View(*interaction_type);
  }
  // Which component lists each interaction type supports (Part Two §2.4.4.1).
  std::vector<std::string_view> supported;
  if (type == "choice" || type == "sequencing") {
    supported = {"choices"};
  } else if (type == "likert") {
    supported = {"scale"};
  } else if (type == "matching") {
    supported = {"source", "target"};
  } else if (type == "performance") {
    supported = {"steps"};
  } else if (type != "true-false" && type != "fill-in" && type != "long-fill-in" &&
             type != "numeric" && type != "other") {
    auto seg = Key("interactionType");
    return Fail("\"" + std::string(type) +
                "\" is not one of true-false, choice, fill-in, long-fill-in, matching, "
                "performance, sequencing, likert, numeric, other");
  }
  if (const Value* crp = json::Find(v, "correctResponsesPattern")) {
    auto seg = Key("correctResponsesPattern");
    if (!crp->IsArray()) return WrongType(*crp, "an array of strings");
    for (rapidjson::SizeType i = 0; i < crp->Size(); ++i) {
      auto idx = Index(i);
      LRS_RETURN_IF_ERROR(String((*crp)[i]));
    }
  }
  for (const char* list : kLists) {
    const Value* components = json::Find(v, list);
    if (components == nullptr) continue;
    auto seg = Key(list);
    if (std::find(supported.begin(), supported.end(), list) == supported.end()) {
      return Fail("is not an interaction component list of interactionType \"" + std::string(type) +
                  "\"");
    }
    LRS_RETURN_IF_ERROR(InteractionComponents(*components));
  }
  return Status();
}

Status Validator::InteractionComponents(const Value& v) {
  if (!v.IsArray()) return WrongType(v, "an array of interaction components");
  std::vector<std::string_view> ids;
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    auto idx = Index(i);
    const Value& c = v[i];
    LRS_RETURN_IF_ERROR(Object(c));
    LRS_RETURN_IF_ERROR(OnlyNames(c, {"id", "description"}));
    LRS_RETURN_IF_ERROR(Required(c, "id"));
    {
      auto seg = Key("id");
      LRS_RETURN_IF_ERROR(String(c["id"]));
      if (c["id"].GetStringLength() == 0) return Fail("must not be empty");
      std::string_view id = json::View(c["id"]);
      if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
        return Fail("\"" + std::string(id) + "\" is used by another component of this list");
      }
      ids.push_back(id);
    }
    if (const Value* d = json::Find(c, "description")) {
      auto seg = Key("description");
      LRS_RETURN_IF_ERROR(LanguageMap(*d));
    }
  }
  return Status();
}

Status Validator::StatementRef(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(v, {"objectType", "id"}));
  {
    const Value* type = json::Find(v, "objectType");
    auto seg = Key("objectType");
    if (type == nullptr) return Fail("a Statement Reference must have objectType \"StatementRef\"");
    if (!type->IsString() || json::View(*type) != "StatementRef") {
      return Fail("must be \"StatementRef\"");
    }
  }
  LRS_RETURN_IF_ERROR(Required(v, "id"));
  auto seg = Key("id");
  return Uuid(v["id"]);
}

Status Validator::Result(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(
      OnlyNames(v, {"score", "success", "completion", "response", "duration", "extensions"}));
  if (const Value* score = json::Find(v, "score")) {
    auto seg = Key("score");
    LRS_RETURN_IF_ERROR(Score(*score));
  }
  for (const char* flag : {"success", "completion"}) {
    if (const Value* b = json::Find(v, flag)) {
      auto seg = Key(flag);
      LRS_RETURN_IF_ERROR(Boolean(*b));
    }
  }
  if (const Value* response = json::Find(v, "response")) {
    auto seg = Key("response");
    LRS_RETURN_IF_ERROR(String(*response));
  }
  if (const Value* duration = json::Find(v, "duration")) {
    auto seg = Key("duration");
    LRS_RETURN_IF_ERROR(String(*duration));
    if (!IsDuration(json::View(*duration))) {
      return Fail("\"" + std::string(json::View(*duration)) + "\" is not an ISO 8601 duration");
    }
  }
  if (const Value* ext = json::Find(v, "extensions")) {
    auto seg = Key("extensions");
    LRS_RETURN_IF_ERROR(Extensions(*ext));
  }
  return Status();
}

Status Validator::Score(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(v, {"scaled", "raw", "min", "max"}));
  for (const char* n : {"scaled", "raw", "min", "max"}) {
    if (const Value* x = json::Find(v, n)) {
      auto seg = Key(n);
      LRS_RETURN_IF_ERROR(Number(*x));
    }
  }
  const Value* scaled = json::Find(v, "scaled");
  const Value* raw = json::Find(v, "raw");
  const Value* min = json::Find(v, "min");
  const Value* max = json::Find(v, "max");
  if (scaled != nullptr && (scaled->GetDouble() < -1.0 || scaled->GetDouble() > 1.0)) {
    auto seg = Key("scaled");
    return Fail("must be between -1 and 1 inclusive");
  }
  if (min != nullptr && max != nullptr && !(min->GetDouble() < max->GetDouble())) {
    auto seg = Key("min");
    return Fail("must be less than \"max\"");
  }
  if (raw != nullptr && min != nullptr && raw->GetDouble() < min->GetDouble()) {
    auto seg = Key("raw");
    return Fail("must not be less than \"min\"");
  }
  if (raw != nullptr && max != nullptr && raw->GetDouble() > max->GetDouble()) {
    auto seg = Key("raw");
    return Fail("must not be greater than \"max\"");
  }
  return Status();
}

Status Validator::Context(const Value& v, bool object_is_activity) {
  LRS_RETURN_IF_ERROR(Object(v));
  if (options_.version == Version::k2_0_0) {
    LRS_RETURN_IF_ERROR(OnlyNames(
        v, {"registration", "instructor", "team", "contextActivities", "contextAgents",
            "contextGroups", "revision", "platform", "language", "statement", "extensions"}));
  } else {
    for (const char* v2 : {"contextAgents", "contextGroups"}) {
      if (json::Find(v, v2) != nullptr) {
        auto seg = Key(v2);
        return Fail(
            "is a property of xAPI 2.0.0, not of 1.0.3; send the statement with "
            "X-Experience-API-Version: 2.0.0");
      }
    }
    LRS_RETURN_IF_ERROR(
        OnlyNames(v, {"registration", "instructor", "team", "contextActivities", "revision",
                      "platform", "language", "statement", "extensions"}));
  }
  if (const Value* reg = json::Find(v, "registration")) {
    auto seg = Key("registration");
    LRS_RETURN_IF_ERROR(Uuid(*reg));
  }
  if (const Value* instructor = json::Find(v, "instructor")) {
    auto seg = Key("instructor");
    LRS_RETURN_IF_ERROR(Actor(*instructor));
  }
  if (const Value* team = json::Find(v, "team")) {
    auto seg = Key("team");
    if (!team->IsObject()) return WrongType(*team, "a Group object");
    LRS_RETURN_IF_ERROR(Group(*team));
  }
  if (const Value* ca = json::Find(v, "contextActivities")) {
    auto seg = Key("contextActivities");
    LRS_RETURN_IF_ERROR(ContextActivities(*ca));
  }
  if (const Value* agents = json::Find(v, "contextAgents")) {
    auto seg = Key("contextAgents");
    LRS_RETURN_IF_ERROR(ContextAgents(*agents));
  }
  if (const Value* groups = json::Find(v, "contextGroups")) {
    auto seg = Key("contextGroups");
    LRS_RETURN_IF_ERROR(ContextGroups(*groups));
  }
  for (const char* s : {"revision", "platform"}) {
    if (const Value* x = json::Find(v, s)) {
      auto seg = Key(s);
      LRS_RETURN_IF_ERROR(String(*x));
      if (!object_is_activity) {
        return Fail("may only be used when the statement's object is an Activity");
      }
    }
  }
  if (const Value* lang = json::Find(v, "language")) {
    auto seg = Key("language");
    LRS_RETURN_IF_ERROR(String(*lang));
    if (!IsLanguageTag(json::View(*lang))) {
      return Fail("\"" + std::string(json::View(*lang)) + "\" is not an RFC 5646 language tag");
    }
  }
  if (const Value* st = json::Find(v, "statement")) {
    auto seg = Key("statement");
    LRS_RETURN_IF_ERROR(StatementRef(*st));
  }
  if (const Value* ext = json::Find(v, "extensions")) {
    auto seg = Key("extensions");
    LRS_RETURN_IF_ERROR(Extensions(*ext));
  }
  return Status();
}

Status Validator::ContextActivities(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(v, {"parent", "grouping", "category", "other"}));
  for (const auto& m : v.GetObject()) {
    auto seg = Key(json::View(m.name));
    if (m.value.IsObject()) {
      LRS_RETURN_IF_ERROR(Activity(m.value));
    } else if (m.value.IsArray()) {
      for (rapidjson::SizeType i = 0; i < m.value.Size(); ++i) {
        auto idx = Index(i);
        if (!m.value[i].IsObject()) return WrongType(m.value[i], "an Activity object");
        LRS_RETURN_IF_ERROR(Activity(m.value[i]));
      }
    } else {
      return WrongType(m.value, "an Activity or an array of Activities");
    }
  }
  return Status();
}

// 9274.1.1 §4.2.2.5: an array of contextAgent objects, each {"objectType": "contextAgent",
// "agent": an Agent, "relevantTypes": optional non-empty array of IRIs} and nothing else.
Status Validator::ContextAgents(const Value& v) {
  if (!v.IsArray()) return WrongType(v, "an array of contextAgent objects");
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    auto idx = Index(i);
    const Value& entry = v[i];
    LRS_RETURN_IF_ERROR(Object(entry));
    LRS_RETURN_IF_ERROR(OnlyNames(entry, {"objectType", "agent", "relevantTypes"}));
    LRS_RETURN_IF_ERROR(Required(entry, "objectType"));
    LRS_RETURN_IF_ERROR(Required(entry, "agent"));
    {
      auto seg = Key("objectType");
      const Value& type = entry["objectType"];
      if (!type.IsString() || json::View(type) != "contextAgent") {
        return Fail("must be \"contextAgent\"");
      }
    }
    {
      auto seg = Key("agent");
      const Value& agent = entry["agent"];
      if (agent.IsObject() && IsGroup(agent)) {
        return Fail("must be an Agent, not a Group (a Group goes in contextGroups)");
      }
      LRS_RETURN_IF_ERROR(Agent(agent));
    }
    if (const Value* types = json::Find(entry, "relevantTypes")) {
      auto seg = Key("relevantTypes");
      LRS_RETURN_IF_ERROR(RelevantTypes(*types));
    }
  }
  return Status();
}

// As ContextAgents, with {"objectType": "contextGroup", "group": a Group}.
Status Validator::ContextGroups(const Value& v) {
  if (!v.IsArray()) return WrongType(v, "an array of contextGroup objects");
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    auto idx = Index(i);
    const Value& entry = v[i];
    LRS_RETURN_IF_ERROR(Object(entry));
    LRS_RETURN_IF_ERROR(OnlyNames(entry, {"objectType", "group", "relevantTypes"}));
    LRS_RETURN_IF_ERROR(Required(entry, "objectType"));
    LRS_RETURN_IF_ERROR(Required(entry, "group"));
    {
      auto seg = Key("objectType");
      const Value& type = entry["objectType"];
      if (!type.IsString() || json::View(type) != "contextGroup") {
        return Fail("must be \"contextGroup\"");
      }
    }
    {
      auto seg = Key("group");
      const Value& group = entry["group"];
      if (!group.IsObject()) return WrongType(group, "a Group object");
      LRS_RETURN_IF_ERROR(Group(group));
    }
    if (const Value* types = json::Find(entry, "relevantTypes")) {
      auto seg = Key("relevantTypes");
      LRS_RETURN_IF_ERROR(RelevantTypes(*types));
    }
  }
  return Status();
}

Status Validator::RelevantTypes(const Value& v) {
  if (!v.IsArray()) return WrongType(v, "an array of IRIs");
  if (v.Empty()) return Fail("must hold at least one IRI when present");
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    auto idx = Index(i);
    LRS_RETURN_IF_ERROR(Iri(v[i]));
  }
  return Status();
}

Status Validator::Attachments(const Value& v) {
  if (!v.IsArray()) return WrongType(v, "an array of Attachments");
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    auto idx = Index(i);
    LRS_RETURN_IF_ERROR(Attachment(v[i]));
  }
  return Status();
}

Status Validator::Attachment(const Value& v) {
  LRS_RETURN_IF_ERROR(Object(v));
  LRS_RETURN_IF_ERROR(OnlyNames(
      v, {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"}));
  for (const char* r : {"usageType", "display", "contentType", "length", "sha2"}) {
    LRS_RETURN_IF_ERROR(Required(v, r));
  }
  {
    auto seg = Key("usageType");
    LRS_RETURN_IF_ERROR(Iri(v["usageType"]));
  }
  {
    auto seg = Key("display");
    LRS_RETURN_IF_ERROR(LanguageMap(v["display"]));
  }
  if (const Value* d = json::Find(v, "description")) {
    auto seg = Key("description");
    LRS_RETURN_IF_ERROR(LanguageMap(*d));
  }
  {
    auto seg = Key("contentType");
    LRS_RETURN_IF_ERROR(String(v["contentType"]));
    if (!IsMediaType(json::View(v["contentType"]))) {
      return Fail("\"" + std::string(json::View(v["contentType"])) +
                  "\" is not an Internet Media Type");
    }
  }
  {
    auto seg = Key("length");
    const Value& len = v["length"];
    if (!len.IsInt64() && !len.IsUint64()) return WrongType(len, "an integer");
    if (len.IsInt64() && len.GetInt64() < 0) return Fail("must not be negative");
  }
  {
    auto seg = Key("sha2");
    LRS_RETURN_IF_ERROR(String(v["sha2"]));
    std::string_view sha2 = json::View(v["sha2"]);
    bool length_ok =
        sha2.size() == 56 || sha2.size() == 64 || sha2.size() == 96 || sha2.size() == 128;
    if (!length_ok || !IsHex(sha2)) {
      return Fail("must be the hexadecimal SHA-2 (224, 256, 384 or 512) hash of the data");
    }
  }
  const Value* file_url = json::Find(v, "fileUrl");
  if (file_url != nullptr) {
    auto seg = Key("fileUrl");
    LRS_RETURN_IF_ERROR(Iri(*file_url));
  } else if (options_.attachments_need_file_url) {
    return Fail(
        "an Attachment without \"fileUrl\" must have its data sent in a "
        "multipart/mixed request");
  }
  return Status();
}

Status Validator::Statement(const Value& v, bool sub) {
  LRS_RETURN_IF_ERROR(Object(v));
  if (sub) {
    for (const char* forbidden : {"id", "stored", "version", "authority"}) {
      if (json::Find(v, forbidden) != nullptr) {
        return Fail("a SubStatement must not have \"" + std::string(forbidden) + "\"");
      }
    }
    LRS_RETURN_IF_ERROR(OnlyNames(v, {"objectType", "actor", "verb", "object", "result", "context",
                                      "timestamp", "attachments"}));
  } else {
    LRS_RETURN_IF_ERROR(
        OnlyNames(v, {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                      "authority", "version", "attachments"}));
  }
  for (const char* r : {"actor", "verb", "object"})
    LRS_RETURN_IF_ERROR(Required(v, r));

  if (const Value* id = json::Find(v, "id")) {
    auto seg = Key("id");
    LRS_RETURN_IF_ERROR(Uuid(*id));
  }
  {
    auto seg = Key("actor");
    LRS_RETURN_IF_ERROR(Actor(v["actor"]));
  }
  std::string_view verb_id;
  {
    auto seg = Key("verb");
    LRS_RETURN_IF_ERROR(Verb(v["verb"], &verb_id));
  }
  ObjectKind kind = ObjectKind::kActivity;
  {
    auto seg = Key("object");
    LRS_RETURN_IF_ERROR(ObjectProperty(v["object"], sub, &kind));
    if (!sub && verb_id == kVoidedVerb && kind != ObjectKind::kStatementRef) {
      return Fail("the object of a voiding statement (verb " + std::string(kVoidedVerb) +
                  ") must be a StatementRef");
    }
  }
  if (const Value* result = json::Find(v, "result")) {
    auto seg = Key("result");
    LRS_RETURN_IF_ERROR(Result(*result));
  }
  if (const Value* context = json::Find(v, "context")) {
    auto seg = Key("context");
    LRS_RETURN_IF_ERROR(Context(*context, kind == ObjectKind::kActivity));
  }
  for (const char* t : {"timestamp", "stored"}) {
    if (const Value* ts = json::Find(v, t)) {
      auto seg = Key(t);
      LRS_RETURN_IF_ERROR(Timestamp(*ts));
    }
  }
  if (const Value* authority = json::Find(v, "authority")) {
    auto seg = Key("authority");
    LRS_RETURN_IF_ERROR(Authority(*authority));
  }
  if (const Value* version = json::Find(v, "version")) {
    auto seg = Key("version");
    LRS_RETURN_IF_ERROR(String(*version));
    if (!IsAcceptedStatementVersion(json::View(*version), options_.version)) {
      if (options_.version == Version::k2_0_0) {
        return Fail("\"" + std::string(json::View(*version)) +
                    "\" is not a statement version of xAPI 2.0.0 or 1.0.x (2.0.0, 1.0, 1.0.x)");
      }
      return Fail("\"" + std::string(json::View(*version)) +
                  "\" is not a 1.0.x version; under xAPI 1.0.3 this LRS accepts statements of "
                  "version 1.0.x (2.0.0 statements need X-Experience-API-Version: 2.0.0)");
    }
  }
  if (const Value* attachments = json::Find(v, "attachments")) {
    auto seg = Key("attachments");
    LRS_RETURN_IF_ERROR(Attachments(*attachments));
  }
  return Status();
}

Status Validator::AgentParameter(const Value& v) {
  LRS_RETURN_IF_ERROR(Actor(v));
  int ifis = 0;
  LRS_RETURN_IF_ERROR(InverseFunctionalIdentifiers(v, &ifis));
  if (ifis != 1) return Fail("must be an Agent or an identified Group");
  return Status();
}

}  // namespace

Status ValidateStatement(const json::Value& statement, std::string_view path,
                         const ValidationOptions& options) {
  Validator validator(path, options);
  return validator.Statement(statement, /*sub=*/false);
}

Status ValidateAgentParameter(const json::Value& agent, std::string_view path) {
  ValidationOptions options;
  Validator validator(path, options);
  return validator.AgentParameter(agent);
}

Status ParseAgentOnlyParameter(std::string_view text, std::string_view name,
                               json::Document* agent) {
  Status parsed = json::Parse(text, agent);
  if (!parsed.ok()) return Error::BadRequest(std::string(name) + ": " + parsed.error().message());
  LRS_RETURN_IF_ERROR(ValidateAgentParameter(*agent, name));
  if (IsGroup(*agent)) {
    return Error::BadRequest(std::string(name) +
                             ": must be an Agent, not a Group (Part Three §2.3-2.6; use the "
                             "Group's identifier in an Agent object)");
  }
  return Status();
}

}  // namespace lrs::xapi
