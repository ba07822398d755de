#include "lrs/service/document_service.h"

#include <memory>
#include <utility>
#include <vector>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/timestamp.h"
#include "lrs/xapi/validator.h"

namespace lrs::service {

namespace {

// A document sent without a Content-Type is stored as bytes of unknown type.
constexpr std::string_view kDefaultContentType = "application/octet-stream";

bool IsState(DocumentKind kind) {
  return kind == DocumentKind::kState;
}

std::string_view ScopeName(DocumentKind kind) {
  return IsState(kind) ? "state" : "profile";
}

Status CheckScope(const Principal& principal, DocumentKind kind, bool write) {
  const uint32_t own = IsState(kind) ? kScopeState : kScopeProfile;
  const uint32_t allowed = write ? (own | kScopeAll) : (own | kScopeAllRead | kScopeAll);
  if (principal.Has(allowed)) return Status();
  return Error::Forbidden(std::string("this credential may not ") + (write ? "write" : "read") +
                          " " + (IsState(kind) ? "State" : "Profile") + " documents (needs \"" +
                          std::string(ScopeName(kind)) + "\"" + (write ? "" : ", \"all/read\"") +
                          " or \"all\")");
}

// "application/json; charset=utf-8" and "Application/JSON" are JSON; the merge of §2.2 applies
// only to documents of that media type.
bool IsJsonType(std::string_view content_type) {
  const size_t semicolon = content_type.find(';');
  if (semicolon != std::string_view::npos) content_type = content_type.substr(0, semicolon);
  return AsciiLower(Trim(content_type)) == "application/json";
}

// The context of `params` for `kind`: parameters that do not apply to `kind` must be absent
// (the HTTP layer rejects them as unknown), those that do are required (but registration).
Result<store::DocumentContext> ContextOf(DocumentKind kind, const DocumentParams& params) {
  store::DocumentContext context;
  context.kind = kind;
  if (kind != DocumentKind::kAgentProfile) {
    if (!params.activity_id) return Error::BadRequest("the activityId parameter is required");
    if (!xapi::IsAbsoluteIri(*params.activity_id)) {
      return Error::BadRequest("activityId: \"" + *params.activity_id +
                               "\" is not an absolute IRI");
    }
    context.activity_id = *params.activity_id;
  } else if (params.activity_id) {
    return Error::BadRequest("activityId is not a parameter of the Agent Profile resource");
  }
  if (kind != DocumentKind::kActivityProfile) {
    if (!params.agent) return Error::BadRequest("the agent parameter is required");
    json::Document agent;
    LRS_RETURN_IF_ERROR(xapi::ParseAgentOnlyParameter(*params.agent, "agent", &agent));
    auto key = xapi::AgentKey(agent);
    if (!key) return Error::BadRequest("agent: has no inverse functional identifier");
    context.agent_key = std::move(*key);
  } else if (params.agent) {
    return Error::BadRequest("agent is not a parameter of the Activity Profile resource");
  }
  if (params.registration) {
    if (!IsState(kind)) {
      return Error::BadRequest("registration is a parameter of the State resource only");
    }
    if (!uuid::IsValid(*params.registration)) {
      return Error::BadRequest("registration: \"" + *params.registration +
                               "\" is not a UUID in standard string form");
    }
    context.registration = AsciiLower(*params.registration);
  }
  return context;
}

Result<store::DocumentKey> KeyOf(DocumentKind kind, const DocumentParams& params) {
  auto context = ContextOf(kind, params);
  if (!context.ok()) return context.error();
  const std::string name(DocumentIdParameter(kind));
  if (!params.id) return Error::BadRequest("the " + name + " parameter is required");
  if (params.id->empty()) return Error::BadRequest(name + ": must not be empty");
  return store::DocumentKey{std::move(context).value(), *params.id};
}

// One entity tag of an If-Match / If-None-Match list.
struct EntityTag {
  std::string opaque;  // without quotes
  bool weak = false;
};

// A parsed If-Match / If-None-Match value: "*" or a list of entity tags.
struct TagList {
  bool any = false;
  std::vector<EntityTag> tags;
};

// Parses `value` of header `name` (RFC 7232 §3.1-3.2). Unquoted tags are accepted as if quoted,
// for clients that send the bare SHA-1.
Result<TagList> ParseTags(std::string_view name, std::string_view value) {
  TagList list;
  for (std::string_view part : Split(value, ',')) {
    std::string_view t = Trim(part);
    if (t.empty()) continue;
    if (t == "*") {
      list.any = true;
      continue;
    }
    EntityTag tag;
    if (StartsWith(t, "W/")) {
      tag.weak = true;
      t.remove_prefix(2);
    }
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"') t = t.substr(1, t.size() - 2);
    if (t.empty() || t.find('"') != std::string_view::npos) {
      return Error::BadRequest(std::string(name) + ": \"" + std::string(part) +
                               "\" is not an entity tag");
    }
    tag.opaque = std::string(t);
    list.tags.push_back(std::move(tag));
  }
  if (!list.any && list.tags.empty()) {
    return Error::BadRequest(std::string(name) + ": must be \"*\" or a list of entity tags");
  }
  return list;
}

// Whether `list` names `etag`. If-Match compares strongly (a weak tag never matches), If-None-Match
// weakly. Hex digits are compared in any case.
bool Names(const TagList& list, const std::string& etag, bool strong) {
  for (const EntityTag& tag : list.tags) {
    if (strong && tag.weak) continue;
    if (EqualsIgnoreCase(tag.opaque, etag)) return true;
  }
  return false;
}

struct ParsedPreconditions {
  std::optional<TagList> if_match;
  std::optional<TagList> if_none_match;
  bool any() const { return if_match || if_none_match; }
};

Result<ParsedPreconditions> Parse(const Preconditions& preconditions) {
  ParsedPreconditions parsed;
  if (preconditions.if_match) {
    auto list = ParseTags("If-Match", *preconditions.if_match);
    if (!list.ok()) return list.error();
    parsed.if_match = std::move(list).value();
  }
  if (preconditions.if_none_match) {
    auto list = ParseTags("If-None-Match", *preconditions.if_none_match);
    if (!list.ok()) return list.error();
    parsed.if_none_match = std::move(list).value();
  }
  return parsed;
}

Error PreconditionFailed(std::string message) {
  return Error(ErrorCode::kPreconditionFailed, std::move(message));
}

// RFC 7232 §3.1-3.2 against the current document (nullopt: none).
Status Check(const ParsedPreconditions& p, const std::optional<store::StoredDocument>& current) {
  if (p.if_match) {
    if (!current) return PreconditionFailed("If-Match: there is no such document");
    if (!p.if_match->any && !Names(*p.if_match, current->etag, /*strong=*/true)) {
      return PreconditionFailed("If-Match: the document has changed; its ETag is now \"" +
                                current->etag + "\"");
    }
  }
  if (p.if_none_match && current &&
      (p.if_none_match->any || Names(*p.if_none_match, current->etag, /*strong=*/false))) {
    return PreconditionFailed("If-None-Match: the document exists (ETag \"" + current->etag +
                              "\")");
  }
  return Status();
}

// The §2.2 JSON procedure: every top-level property of `posted` is set on `existing`.
Result<std::string> Merge(const store::StoredDocument& existing, const json::Value& posted) {
  if (!IsJsonType(existing.content_type)) {
    return Error::BadRequest("cannot merge into the stored document: its Content-Type is \"" +
                             existing.content_type +
                             "\", not application/json (replace it with PUT)");
  }
  json::Document merged;
  if (!json::Parse(existing.contents, &merged).ok() || !merged.IsObject()) {
    return Error::BadRequest(
        "cannot merge into the stored document: it is not a JSON object (replace it with PUT)");
  }
  auto& alloc = merged.GetAllocator();
  for (const auto& member : posted.GetObject()) {
    json::Value value(member.value, alloc);
    if (json::Value* target = json::Find(merged, json::View(member.name))) {
      *target = std::move(value);
    } else {
      merged.AddMember(json::Copy(json::View(member.name), alloc), std::move(value), alloc);
    }
  }
  return json::Write(merged);
}

}  // namespace

std::string_view DocumentIdParameter(DocumentKind kind) {
  return IsState(kind) ? "stateId" : "profileId";
}

Result<store::StoredDocument> DocumentService::Get(const Principal& principal, DocumentKind kind,
                                                   const DocumentParams& params) {
  LRS_RETURN_IF_ERROR(CheckScope(principal, kind, /*write=*/false));
  auto key = KeyOf(kind, params);
  if (!key.ok()) return key.error();
  auto doc = store_.GetDocument(principal.store_id, key.value());
  if (!doc.ok()) return doc.error();
  if (!doc.value()) {
    return Error::NotFound("no document with " + std::string(DocumentIdParameter(kind)) + " \"" +
                           key.value().id + "\" here");
  }
  return std::move(*doc.value());
}

Result<DocumentIdList> DocumentService::ListIds(const Principal& principal, DocumentKind kind,
                                                const DocumentParams& params,
                                                const std::optional<std::string>& since,
                                                xapi::Version version) {
  LRS_RETURN_IF_ERROR(CheckScope(principal, kind, /*write=*/false));
  auto context = ContextOf(kind, params);
  if (!context.ok()) return context.error();
  std::optional<int64_t> since_us;
  if (since) {
    auto ts = xapi::ParseStatementTimestamp(*since, version);
    if (!ts) {
      return Error::BadRequest("since: \"" + *since + "\" is not " +
                               std::string(xapi::TimestampFormatName(version)));
    }
    since_us = ToMicros(ts->instant);
  }
  return store_.ListDocumentIds(principal.store_id, context.value(), since_us);
}

Result<DocumentVersion> DocumentService::Put(const Principal& principal, DocumentKind kind,
                                             const DocumentParams& params, DocumentContent content,
                                             const Preconditions& preconditions,
                                             xapi::Version version) {
  return Write(principal, kind, params, std::move(content), preconditions, WriteMethod::kPut,
               version);
}

Result<DocumentVersion> DocumentService::Post(const Principal& principal, DocumentKind kind,
                                              const DocumentParams& params, DocumentContent content,
                                              const Preconditions& preconditions,
                                              xapi::Version version) {
  return Write(principal, kind, params, std::move(content), preconditions, WriteMethod::kPost,
               version);
}

Status DocumentService::Delete(const Principal& principal, DocumentKind kind,
                               const DocumentParams& params, const Preconditions& preconditions) {
  // DELETE follows the same rules under both versions.
  auto written = Write(principal, kind, params, DocumentContent(), preconditions,
                       WriteMethod::kDelete, xapi::Version::k2_0_0);
  if (!written.ok()) return written.error();
  return Status();
}

Status DocumentService::DeleteAll(const Principal& principal, DocumentKind kind,
                                  const DocumentParams& params) {
  LRS_RETURN_IF_ERROR(CheckScope(principal, kind, /*write=*/true));
  if (!IsState(kind)) {
    return Error::BadRequest(
        "the profileId parameter is required: profile documents are deleted one at a time");
  }
  auto context = ContextOf(kind, params);
  if (!context.ok()) return context.error();
  return store_.DeleteDocuments(principal.store_id, context.value());
}

Result<DocumentVersion> DocumentService::Write(const Principal& principal, DocumentKind kind,
                                               const DocumentParams& params,
                                               DocumentContent content,
                                               const Preconditions& preconditions,
                                               WriteMethod method, xapi::Version rules) {
  LRS_RETURN_IF_ERROR(CheckScope(principal, kind, /*write=*/true));
  auto key = KeyOf(kind, params);
  if (!key.ok()) return key.error();
  auto parsed = Parse(preconditions);
  if (!parsed.ok()) return parsed.error();
  const ParsedPreconditions& checks = parsed.value();
  if (content.content_type.empty()) content.content_type = std::string(kDefaultContentType);

  // Work that needs no current document is done here, off the store's writer.
  std::string etag;
  if (method != WriteMethod::kDelete) etag = crypto::Sha1Hex(content.contents);
  json::Document posted;
  if (method == WriteMethod::kPost && IsJsonType(content.content_type)) {
    // A document POSTed as JSON is a set of variables to merge (Part Three §2.2): it must be a
    // JSON object, also when there is nothing to merge it into yet.
    if (!json::Parse(content.contents, &posted).ok() || !posted.IsObject()) {
      return Error::BadRequest(
          "a document POSTed as application/json must be a JSON object; the posted document is "
          "not one (send other content with its own Content-Type, or with PUT)");
    }
  }

  DocumentVersion version;
  Status updated = store_.UpdateDocument(
      principal.store_id, key.value(),
      [&](const std::optional<store::StoredDocument>& current) -> Result<store::DocumentWrite> {
        LRS_RETURN_IF_ERROR(Check(checks, current));
        store::DocumentWrite write;
        if (method == WriteMethod::kDelete) {
          write.action = store::DocumentWrite::Action::kDelete;
          return write;
        }
        write.action = store::DocumentWrite::Action::kReplace;
        // A PUT without a precondition. Under 1.0.3 (Part Three §3.1) a client must send one
        // to a profile resource: over an existing document 409 tells it to look first, without
        // one the request is incomplete; State writes need none. Under 2.0.0 (9274.1.1 §4.1.4)
        // all three resources answer 409 over an existing document and create a missing one.
        const bool v2 = rules == xapi::Version::k2_0_0;
        if (method == WriteMethod::kPut && !checks.any() && (v2 || !IsState(kind))) {
          if (current) {
            return Error::Conflict(
                "the document already exists: check its current state (GET), then send the PUT "
                "again with If-Match set to its current ETag (\"" +
                current->etag + "\")");
          }
          if (!v2) {
            return Error::BadRequest(
                "a PUT to a profile resource needs If-Match or If-None-Match (Part Three §3.1): "
                "send If-None-Match: * to create the document");
          }
        }
        if (method == WriteMethod::kPost && current) {
          if (!IsJsonType(content.content_type)) {
            return Error::BadRequest(
                "POST to an existing document merges JSON: the posted "
                "Content-Type must be application/json, not \"" +
                content.content_type + "\"");
          }
          auto merged = Merge(*current, posted);
          if (!merged.ok()) return merged.error();
          write.content_type = current->content_type;
          write.contents = std::move(merged).value();
          write.etag = crypto::Sha1Hex(write.contents);
        } else {
          write.content_type = content.content_type;
          write.contents = std::move(content.contents);  // `decide` runs once
          write.etag = etag;
        }
        version.etag = write.etag;
        return write;
      });
  if (!updated.ok()) return updated.error();
  return version;
}

}  // namespace lrs::service
