#include "lrs/service/statement_service.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <rapidjson/document.h>

#include "lrs/core/crypto.h"
#include "lrs/core/log.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/core/uuid.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/conversion.h"
#include "lrs/xapi/iri.h"
#include "lrs/xapi/signature.h"
#include "lrs/xapi/statement.h"
#include "lrs/xapi/timestamp.h"

namespace lrs::service {

namespace {

using json::Value;

// Canonical metadata read from the store, memoized for one request.
class StoreMetadata final : public xapi::CanonicalMetadata {
 public:
  StoreMetadata(store::StatementStore& store, store::StoreId store_id)
      : store_(store), store_id_(store_id) {}

  const Value* ActivityDefinition(std::string_view activity_id) const override {
    return Lookup(activities_, activity_id, /*activity=*/true);
  }
  const Value* VerbDisplay(std::string_view verb_id) const override {
    return Lookup(verbs_, verb_id, /*activity=*/false);
  }

 private:
  using Memo = std::map<std::string, std::unique_ptr<json::Document>, std::less<>>;

  const Value* Lookup(Memo& memo, std::string_view id, bool activity) const {
    auto it = memo.find(id);
    if (it == memo.end()) {
      std::string key(id);
      auto text = activity ? store_.GetActivityDefinition(store_id_, key)
                           : store_.GetVerbDisplay(store_id_, key);
      std::unique_ptr<json::Document> doc;
      if (!text.ok()) {
        log::Warn("canonical metadata lookup failed: " + text.error().message());
      } else if (text.value()) {
        doc = std::make_unique<json::Document>();
        if (!json::Parse(*text.value(), doc.get()).ok()) doc.reset();
      }
      it = memo.emplace(std::move(key), std::move(doc)).first;
    }
    return it->second ? it->second.get() : nullptr;
  }

  store::StatementStore& store_;
  store::StoreId store_id_;
  mutable Memo activities_;
  mutable Memo verbs_;
};

const char* FormatName(xapi::StatementFormat f) {
  switch (f) {
    case xapi::StatementFormat::kExact:
      return "exact";
    case xapi::StatementFormat::kIds:
      return "ids";
    case xapi::StatementFormat::kCanonical:
      return "canonical";
  }
  return "exact";
}

// The continuation token: the query and the cursor, as base64url JSON.
std::string EncodeToken(const StatementQueryParams& p, int64_t after_seq) {
  json::Document d;
  d.SetObject();
  auto& a = d.GetAllocator();
  d.AddMember("v", 1, a);
  auto put = [&](const char* name, const std::optional<std::string>& value) {
    if (value) d.AddMember(rapidjson::StringRef(name), json::Copy(*value, a), a);
  };
  put("agent", p.agent);
  put("verb", p.verb);
  put("activity", p.activity);
  put("registration", p.registration);
  put("since", p.since);
  put("until", p.until);
  if (p.related_activities) d.AddMember("related_activities", true, a);
  if (p.related_agents) d.AddMember("related_agents", true, a);
  if (p.ascending) d.AddMember("ascending", true, a);
  if (p.attachments) d.AddMember("attachments", true, a);
  d.AddMember("limit", static_cast<uint64_t>(p.limit), a);
  d.AddMember("format", rapidjson::StringRef(FormatName(p.format)), a);
  d.AddMember("after", after_seq, a);
  return crypto::Base64UrlEncode(json::Write(d));
}

Result<std::pair<StatementQueryParams, int64_t>> DecodeToken(std::string_view token) {
  const Error invalid = Error::BadRequest("the \"more\" token is not one this LRS issued");
  auto text = crypto::Base64UrlDecode(token);
  if (!text) return invalid;
  json::Document d;
  if (!json::Parse(*text, &d).ok() || !d.IsObject()) return invalid;
  const Value* version = json::Find(d, "v");
  const Value* after = json::Find(d, "after");
  const Value* limit = json::Find(d, "limit");
  const Value* format = json::Find(d, "format");
  if (!version || !version->IsInt() || version->GetInt() != 1 || !after || !after->IsInt64() ||
      !limit || !limit->IsUint64() || !format || !format->IsString()) {
    return invalid;
  }
  StatementQueryParams p;
  for (const auto& m : d.GetObject()) {
    std::string_view name = json::View(m.name);
    std::optional<std::string>* field = nullptr;
    if (name == "agent") field = &p.agent;
    if (name == "verb") field = &p.verb;
    if (name == "activity") field = &p.activity;
    if (name == "registration") field = &p.registration;
    if (name == "since") field = &p.since;
    if (name == "until") field = &p.until;
    if (field != nullptr) {
      if (!m.value.IsString()) return invalid;
      *field = std::string(json::View(m.value));
    }
    bool* flag = nullptr;
    if (name == "related_activities") flag = &p.related_activities;
    if (name == "related_agents") flag = &p.related_agents;
    if (name == "ascending") flag = &p.ascending;
    if (name == "attachments") flag = &p.attachments;
    if (flag != nullptr) {
      if (!m.value.IsBool()) return invalid;
      *flag = m.value.GetBool();
    }
  }
  auto f = xapi::ParseStatementFormat(json::View(*format));
  if (!f) return invalid;
  p.format = *f;
  p.limit = static_cast<size_t>(limit->GetUint64());
  return std::make_pair(p, after->GetInt64());
}

// The Content-Type to keep attachment data `hash` with: the part's, else the contentType of an
// Attachment Object with that hash.
std::string AttachmentContentType(const Value& statement, const std::string& hash,
                                  const xapi::AttachmentData& data) {
  if (!data.content_type.empty()) return data.content_type;
  for (const Value* a : xapi::AttachmentObjects(statement)) {
    const Value* sha2 = json::Find(*a, "sha2");
    const Value* type = json::Find(*a, "contentType");
    if (sha2 && sha2->IsString() && type && type->IsString() &&
        AsciiLower(json::View(*sha2)) == hash) {
      return std::string(json::View(*type));
    }
  }
  return "application/octet-stream";
}

// Appends the hashes of the attachments of `body` (a stored statement) not in `hashes` yet.
Status CollectAttachmentHashes(std::string_view body, std::vector<std::string>* hashes) {
  json::Document doc;
  if (!json::Parse(body, &doc, json::kMaxStoredDepth).ok())
    return Error::Internal("a stored statement is unreadable");
  for (std::string& hash : xapi::AttachmentHashes(doc)) {
    if (std::find(hashes->begin(), hashes->end(), hash) == hashes->end()) {
      hashes->push_back(std::move(hash));
    }
  }
  return Status();
}

Status CheckReadable(const Principal& principal) {
  if (principal.CanReadAllStatements() || principal.CanReadOwnStatements()) return Status();
  return Error::Forbidden(
      "this credential may not read statements (it needs statements/read, "
      "statements/read/mine, all/read or all)");
}

}  // namespace

StatementService::StatementService(store::StatementStore& store, StatementServiceOptions options)
    : store_(store), options_(options) {}

Result<std::vector<std::string>> StatementService::Store(
    const Principal& principal, std::shared_ptr<json::Document> document,
    const std::optional<std::string>& statement_id, const xapi::ValidationOptions& options,
    std::vector<xapi::AttachmentData> attachments) {
  json::Document& content = *document;
  json::Allocator& alloc = content.GetAllocator();
  if (!principal.CanWriteStatements()) {
    return Error::Forbidden(
        "this credential may not write statements (it needs statements/write "
        "or all)");
  }

  std::vector<Value*> statements;
  std::vector<std::string> paths;
  if (statement_id) {
    if (!uuid::IsValid(*statement_id)) {
      return Error::BadRequest("statementId: \"" + *statement_id +
                               "\" is not a UUID in standard string form");
    }
    if (!content.IsObject()) {
      return Error::BadRequest("a PUT to the Statement resource must carry one statement object");
    }
    statements.push_back(&content);
    paths.emplace_back("statement");
  } else if (content.IsArray()) {
    for (rapidjson::SizeType i = 0; i < content.Size(); ++i) {
      statements.push_back(&content[i]);
      paths.push_back("statements[" + std::to_string(i) + "]");
    }
  } else if (content.IsObject()) {
    statements.push_back(&content);
    paths.emplace_back("statement");
  } else {
    return Error::BadRequest(
        "the request body must be a statement object or an array of them, not " +
        std::string(json::TypeName(content)));
  }

  for (size_t i = 0; i < statements.size(); ++i) {
    LRS_RETURN_IF_ERROR(xapi::ValidateStatement(*statements[i], paths[i], options));
  }
  if (statement_id) {
    if (const Value* id = json::Find(content, "id")) {
      if (AsciiLower(json::View(*id)) != AsciiLower(*statement_id)) {
        return Error::BadRequest("statement.id \"" + std::string(json::View(*id)) +
                                 "\" does not match the statementId parameter \"" + *statement_id +
                                 "\"");
      }
    }
  }
  {
    std::set<std::string> seen;
    for (size_t i = 0; i < statements.size(); ++i) {
      const Value* id = json::Find(*statements[i], "id");
      if (id == nullptr) continue;
      if (!seen.insert(AsciiLower(json::View(*id))).second) {
        return Error::BadRequest(paths[i] + ".id: \"" + std::string(json::View(*id)) +
                                 "\" appears more than once in this batch");
      }
    }
  }

  // Attachment data and signatures, on the statements as received.
  auto data =
      xapi::MatchAttachmentData(std::vector<const Value*>(statements.begin(), statements.end()),
                                paths, std::move(attachments));
  if (!data.ok()) return data.error();
  for (size_t i = 0; i < statements.size(); ++i) {
    LRS_RETURN_IF_ERROR(
        xapi::VerifyStatementSignatures(*statements[i], paths[i], data.value(), options.version));
  }

  // Erased persons who were blocked (lrs/service/forget.h): one look-up for the batch.
  if (options_.block_list != nullptr) {
    std::vector<std::string> actors;
    for (const Value* s : statements) {
      if (const Value* actor = json::Find(*s, "actor")) {
        if (auto key = xapi::AgentKey(*actor)) actors.push_back(std::move(*key));
      }
    }
    auto blocked = options_.block_list->AgentBlocked(principal.store_id, actors);
    if (!blocked.ok()) return blocked.error();
    if (blocked.value()) {
      return Error::Forbidden(
          "the actor of a statement was erased from this LRS at their request and is blocked: "
          "statements about them are refused");
    }
  }

  std::vector<store::StatementRecord> records;
  std::vector<std::string> ids;
  records.reserve(statements.size());
  ids.reserve(statements.size());
  for (Value* s : statements) {
    if (statement_id && json::Find(*s, "id") == nullptr) {
      s->AddMember("id", json::Copy(AsciiLower(*statement_id), alloc), alloc);
    }
    const bool needs_timestamp = json::Find(*s, "timestamp") == nullptr;
    xapi::PrepareForStorage(*s, alloc, *principal.authority, options.version);

    store::StatementRecord rec;
    rec.version = options.version;
    rec.id = std::string(json::View((*s)["id"]));
    rec.body = json::Write(*s);
    rec.needs_timestamp = needs_timestamp;
    rec.terms = xapi::ExtractIndexTerms(*s);
    rec.ref_target = xapi::StatementRefTarget(*s);
    rec.is_voiding = xapi::IsVoiding(*s);
    if (principal.CanDefine()) {
      for (const auto& [activity_id, definition] : xapi::ActivityDefinitions(*s)) {
        rec.activity_definitions.push_back({std::string(activity_id), json::Write(*definition)});
      }
      const Value& verb = (*s)["verb"];
      if (const Value* display = json::Find(verb, "display")) {
        rec.verb_display =
            store::MetadataUpdate{std::string(json::View(verb["id"])), json::Write(*display)};
      }
    }
    for (auto& [agent_key, name] : xapi::AgentNames(*s)) {
      rec.agent_names.emplace_back(std::move(agent_key), std::string(name));
    }
    for (const std::string& hash : xapi::AttachmentHashes(*s)) {
      auto it = data.value().find(hash);
      if (it == data.value().end()) continue;
      rec.attachments.push_back(
          {hash, AttachmentContentType(*s, hash, it->second), it->second.content});
    }
    // Points into the request's document, which it keeps alive: no copy per statement.
    rec.statement = std::shared_ptr<const Value>(document, s);
    ids.push_back(rec.id);
    records.push_back(std::move(rec));
  }
  LRS_RETURN_IF_ERROR(store_.StoreStatements(principal.store_id, std::move(records)));
  return ids;
}

Result<FetchedStatement> StatementService::Get(const Principal& principal, std::string_view id,
                                               bool voided, xapi::StatementFormat format,
                                               const xapi::LanguagePreferences& languages,
                                               bool attachments, xapi::Version version) {
  LRS_RETURN_IF_ERROR(CheckReadable(principal));
  const char* param = voided ? "voidedStatementId" : "statementId";
  if (!uuid::IsValid(id)) {
    return Error::BadRequest(std::string(param) + ": \"" + std::string(id) +
                             "\" is not a UUID in standard string form");
  }
  const std::string key = AsciiLower(id);
  auto found = store_.GetStatement(principal.store_id, key);
  if (!found.ok()) return found.error();
  if (!found.value()) return Error::NotFound("no statement with id " + key);
  const store::StoredStatement& s = *found.value();
  if (voided && !s.voided) {
    return Error::NotFound("statement " + key + " is not voided; fetch it with statementId");
  }
  if (!voided && s.voided) {
    return Error::NotFound("statement " + key + " is voided; fetch it with voidedStatementId");
  }
  if (!principal.CanReadAllStatements()) {
    auto mine = store_.StatementHasTerm(principal.store_id, s.seq, xapi::IndexKind::kAgent,
                                        principal.authority_key, xapi::kIndexAuthority);
    if (!mine.ok()) return mine.error();
    if (!mine.value()) return Error::NotFound("no statement with id " + key);
  }
  StoreMetadata metadata(store_, principal.store_id);
  FetchedStatement fetched;
  fetched.stored_us = s.stored_us;
  if (attachments) {
    std::vector<std::string> hashes;
    LRS_RETURN_IF_ERROR(CollectAttachmentHashes(s.body, &hashes));
    auto data = store_.GetAttachments(principal.store_id, hashes);
    if (!data.ok()) return data.error();
    fetched.attachment_data = std::move(data).value();
  }
  auto formatted = Format(s.body, s.version, format, languages, &metadata, version);
  if (!formatted.ok()) return formatted.error();
  fetched.json = std::move(formatted).value();
  return fetched;
}

Result<StatementList> StatementService::Query(const Principal& principal,
                                              const StatementQueryParams& params,
                                              const xapi::LanguagePreferences& languages) {
  return Run(principal, params, std::nullopt, languages);
}

Result<StatementList> StatementService::Continue(const Principal& principal, std::string_view token,
                                                 const xapi::LanguagePreferences& languages,
                                                 xapi::Version version) {
  auto decoded = DecodeToken(token);
  if (!decoded.ok()) return decoded.error();
  decoded.value().first.version = version;
  return Run(principal, decoded.value().first, decoded.value().second, languages);
}

Result<StatementList> StatementService::Run(const Principal& principal,
                                            const StatementQueryParams& params,
                                            std::optional<int64_t> after_seq,
                                            const xapi::LanguagePreferences& languages) {
  LRS_RETURN_IF_ERROR(CheckReadable(principal));
  store::StatementQuery query;
  if (params.agent) {
    json::Document agent;
    Status parsed = json::Parse(*params.agent, &agent);
    if (!parsed.ok()) return Error::BadRequest("agent: " + parsed.error().message());
    LRS_RETURN_IF_ERROR(xapi::ValidateAgentParameter(agent, "agent"));
    // related_agents reaches context agents and groups under 2.0.0 only (9274.1.1 §4.1.6.1).
    uint8_t mask = xapi::kIndexDirect;
    if (params.related_agents) {
      mask = params.version == xapi::Version::k2_0_0 ? xapi::kIndexRelatedAgents200
                                                     : xapi::kIndexRelatedAgents103;
    }
    query.filters.push_back({xapi::IndexKind::kAgent, *xapi::AgentKey(agent), mask});
  }
  if (params.verb) {
    if (!xapi::IsAbsoluteIri(*params.verb)) {
      return Error::BadRequest("verb: \"" + *params.verb + "\" is not an absolute IRI");
    }
    query.filters.push_back({xapi::IndexKind::kVerb, *params.verb, xapi::kIndexDirect});
  }
  if (params.activity) {
    if (!xapi::IsAbsoluteIri(*params.activity)) {
      return Error::BadRequest("activity: \"" + *params.activity + "\" is not an absolute IRI");
    }
    const uint8_t mask =
        params.related_activities ? (xapi::kIndexDirect | xapi::kIndexRelated) : xapi::kIndexDirect;
    query.filters.push_back({xapi::IndexKind::kActivity, *params.activity, mask});
  }
  if (params.registration) {
    if (!uuid::IsValid(*params.registration)) {
      return Error::BadRequest("registration: \"" + *params.registration +
                               "\" is not a UUID in standard string form");
    }
    query.filters.push_back(
        {xapi::IndexKind::kRegistration, AsciiLower(*params.registration), xapi::kIndexDirect});
  }
  if (!principal.CanReadAllStatements()) {
    // statements/read/mine: only statements this credential's authority asserted.
    query.filters.push_back(
        {xapi::IndexKind::kAgent, principal.authority_key, xapi::kIndexAuthority});
  }
  for (auto [name, value, target] : {std::make_tuple("since", &params.since, &query.since_us),
                                     std::make_tuple("until", &params.until, &query.until_us)}) {
    if (!*value) continue;
    auto ts = xapi::ParseStatementTimestamp(**value, params.version);
    if (!ts) {
      return Error::BadRequest(std::string(name) + ": \"" + **value + "\" is not " +
                               std::string(xapi::TimestampFormatName(params.version)));
    }
    *target = ToMicros(ts->instant);
  }
  query.ascending = params.ascending;
  query.after_seq = after_seq;
  query.limit = (params.limit == 0 || params.limit > options_.max_page_size)
                    ? options_.max_page_size
                    : params.limit;

  auto page = store_.QueryStatements(principal.store_id, query);
  if (!page.ok()) return page.error();

  StatementList list;
  list.attachments = params.attachments;
  StoreMetadata metadata(store_, principal.store_id);
  list.statements.reserve(page.value().statements.size());
  if (params.attachments) {
    std::vector<std::string> hashes;
    for (const store::StoredStatement& s : page.value().statements) {
      LRS_RETURN_IF_ERROR(CollectAttachmentHashes(s.body, &hashes));
    }
    auto data = store_.GetAttachments(principal.store_id, hashes);
    if (!data.ok()) return data.error();
    list.attachment_data = std::move(data).value();
  }
  for (store::StoredStatement& s : page.value().statements) {
    list.last_stored_us = std::max(list.last_stored_us, s.stored_us);
    auto formatted =
        Format(std::move(s.body), s.version, params.format, languages, &metadata, params.version);
    if (!formatted.ok()) return formatted.error();
    list.statements.push_back(std::move(formatted).value());
  }
  if (page.value().next_after_seq) list.more = EncodeToken(params, *page.value().next_after_seq);
  return list;
}

Result<std::string> StatementService::Format(std::string body, xapi::Version received,
                                             xapi::StatementFormat format,
                                             const xapi::LanguagePreferences& languages,
                                             const xapi::CanonicalMetadata* metadata,
                                             xapi::Version reader) {
  const bool convert = xapi::NeedsConversion(received, reader);
  // The common case, returned as stored without parsing it.
  if (format == xapi::StatementFormat::kExact && !convert) return body;
  json::Document doc;
  if (!json::Parse(body, &doc, json::kMaxStoredDepth).ok())
    return Error::Internal("a stored statement is unreadable");
  xapi::ConvertForReader(doc, doc.GetAllocator(), received, reader);
  xapi::ApplyStatementFormat(doc, doc.GetAllocator(), format, languages, metadata);
  return json::Write(doc);
}

}  // namespace lrs::service
