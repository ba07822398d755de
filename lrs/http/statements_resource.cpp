#include "lrs/http/statements_resource.h"

#include <algorithm>
#include <array>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "lrs/http/multipart.h"
#include "lrs/http/params.h"

namespace lrs::http {

namespace {

constexpr std::array<std::string_view, 15> kGetParams = {
    "statementId",        "voidedStatementId", "agent", "verb",  "activity", "registration",
    "related_activities", "related_agents",    "since", "until", "limit",    "format",
    "attachments",        "ascending",         "more"};

Result<bool> ParseBool(const Params& params, std::string_view name) {
  auto it = params.find(name);
  if (it == params.end()) return false;
  if (it->second == "true") return true;
  if (it->second == "false") return false;
  return Error::BadRequest(std::string(name) + ": must be true or false, not \"" + it->second +
                           "\"");
}

// The statements and attachment data of a PUT or POST body (Part Three §1.5): application/json,
// or multipart/mixed with the statements first and then one part per attachment's data.
struct StatementContent {
  std::string_view json;
  std::vector<MultipartPart> parts;  // multipart/mixed: parts[0] holds `json`
  std::vector<xapi::AttachmentData> attachments;
  bool multipart = false;
};

Result<StatementContent> ReadStatementContent(const HttpRequest& request) {
  auto type = request.headers.Get("Content-Type");
  if (!type) {
    return Error::BadRequest(
        "Content-Type is required: send statements as application/json, or as multipart/mixed "
        "with attachment data");
  }
  StatementContent content;
  std::string media = MediaType(*type);
  if (media == "application/json") {
    content.json = request.body;
    return content;
  }
  if (media != "multipart/mixed") {
    return Error::BadRequest("Content-Type \"" + std::string(*type) +
                             "\" does not match the content; statements are application/json "
                             "or multipart/mixed");
  }
  auto boundary = MultipartBoundary(*type);
  if (!boundary.ok()) return boundary.error();
  auto parts = ParseMultipart(request.body, boundary.value());
  if (!parts.ok()) return parts.error();
  content.parts = std::move(parts).value();
  if (content.parts.empty()) {
    return Error::BadRequest("multipart body: the first part must hold the statements");
  }
  auto first_type = content.parts[0].headers.Get("Content-Type");
  if (!first_type || MediaType(*first_type) != "application/json") {
    return Error::BadRequest(
        "multipart body: the first part must hold the statements with Content-Type "
        "application/json");
  }
  for (size_t i = 1; i < content.parts.size(); ++i) {
    const Headers& h = content.parts[i].headers;
    const std::string where = "multipart part " + std::to_string(i + 1) + ": ";
    auto hash = h.Get("X-Experience-API-Hash");
    if (!hash || hash->empty()) {
      return Error::BadRequest(where + "an attachment part needs an X-Experience-API-Hash header");
    }
    // Senders must say "binary"; it is assumed when they do not (Part Three §1.5.2).
    if (auto encoding = h.Get("Content-Transfer-Encoding");
        encoding && !EqualsIgnoreCase(Trim(*encoding), "binary")) {
      return Error::BadRequest(where + "Content-Transfer-Encoding must be binary, not \"" +
                               std::string(*encoding) + "\"");
    }
    content.attachments.push_back(
        {std::string(*hash), std::string(h.Get("Content-Type").value_or("")),
         std::make_shared<const std::string>(std::move(content.parts[i].body))});
  }
  content.json = content.parts[0].body;
  content.multipart = true;
  return content;
}

// The StatementResult object, written without re-parsing the statements.
std::string StatementResult(const std::vector<std::string>& statements,
                            const std::string& more_url) {
  size_t size = 40 + more_url.size();
  for (const auto& s : statements)
    size += s.size() + 1;
  std::string out;
  out.reserve(size);
  out += "{\"statements\":[";
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i > 0) out.push_back(',');
    out += statements[i];
  }
  out += "],\"more\":\"";
  out += more_url;  // path and base64url characters: nothing to escape
  out += "\"}";
  return out;
}

// A multipart/mixed response (Part Three §1.5.2): the JSON first, then each attachment's data
// with its Content-Type, Content-Transfer-Encoding and X-Experience-API-Hash.
HttpResponse Multipart(int status, std::string json,
                       const std::vector<store::AttachmentPayload>& attachments) {
  std::vector<MultipartPart> parts(1 + attachments.size());
  parts[0].headers.Set("Content-Type", "application/json");
  parts[0].body = std::move(json);
  for (size_t i = 0; i < attachments.size(); ++i) {
    MultipartPart& part = parts[i + 1];
    part.headers.Set("Content-Type", attachments[i].content_type);
    part.headers.Set("Content-Transfer-Encoding", "binary");
    part.headers.Set("X-Experience-API-Hash", attachments[i].sha2);
    part.body = *attachments[i].content;
  }
  const std::string boundary = ChooseBoundary(parts);
  HttpResponse response;
  response.status = status;
  response.headers.Set("Content-Type", "multipart/mixed; boundary=" + boundary);
  response.body = WriteMultipart(parts, boundary);
  return response;
}

}  // namespace

Result<HttpResponse> StatementsResource::Handle(const HttpRequest& request,
                                                const service::Principal& principal,
                                                xapi::Version version) {
  auto params = ParseParams(request.query);
  if (!params.ok()) return params.error();
  if (request.method == "GET" || request.method == "HEAD") {
    return Get(request, params.value(), principal, version);
  }
  return Store(request, params.value(), principal, version);
}

Result<HttpResponse> StatementsResource::Get(const HttpRequest& request, const Params& params,
                                             const service::Principal& principal,
                                             xapi::Version version) {
  LRS_RETURN_IF_ERROR(RejectUnknown(params, kGetParams.data(), kGetParams.size()));
  xapi::StatementFormat format = xapi::StatementFormat::kExact;
  if (auto f = Optional(params, "format")) {
    auto parsed = xapi::ParseStatementFormat(*f);
    if (!parsed)
      return Error::BadRequest("format: must be ids, exact or canonical, not \"" + *f + "\"");
    format = *parsed;
  }
  auto attachments = ParseBool(params, "attachments");
  if (!attachments.ok()) return attachments.error();
  const auto languages =
      xapi::LanguagePreferences::Parse(request.headers.Get("Accept-Language").value_or(""));

  auto statement_id = Optional(params, "statementId");
  auto voided_id = Optional(params, "voidedStatementId");
  if (statement_id || voided_id) {
    if (statement_id && voided_id) {
      return Error::BadRequest("statementId and voidedStatementId cannot be used together");
    }
    for (const auto& [name, value] : params) {
      if (name != "statementId" && name != "voidedStatementId" && name != "format" &&
          name != "attachments") {
        return Error::BadRequest("\"" + name + "\" cannot be combined with " +
                                 (statement_id ? "statementId" : "voidedStatementId") +
                                 " (only attachments and format can)");
      }
    }
    auto fetched =
        service_.Get(principal, statement_id ? *statement_id : *voided_id, voided_id.has_value(),
                     format, languages, attachments.value(), version);
    if (!fetched.ok()) return fetched.error();
    HttpResponse response =
        attachments.value() ? Multipart(200, fetched.value().json, fetched.value().attachment_data)
                            : JsonResponse(200, fetched.value().json);
    response.headers.Set("Last-Modified", FormatHttpDate(fetched.value().stored_us));
    return response;
  }

  Result<service::StatementList> list = Error::Internal("unreachable");
  if (auto more = Optional(params, "more")) {
    if (params.size() != 1) {
      return Error::BadRequest("\"more\" cannot be combined with other parameters");
    }
    list = service_.Continue(principal, *more, languages, version);
  } else {
    service::StatementQueryParams query;
    query.agent = Optional(params, "agent");
    query.verb = Optional(params, "verb");
    query.activity = Optional(params, "activity");
    query.registration = Optional(params, "registration");
    query.since = Optional(params, "since");
    query.until = Optional(params, "until");
    query.format = format;
    query.attachments = attachments.value();
    query.version = version;
    for (auto [name, target] : {std::make_pair("related_activities", &query.related_activities),
                                std::make_pair("related_agents", &query.related_agents),
                                std::make_pair("ascending", &query.ascending)}) {
      auto b = ParseBool(params, name);
      if (!b.ok()) return b.error();
      *target = b.value();
    }
    if (auto limit = Optional(params, "limit")) {
      auto n = ParseUnsigned(*limit);
      if (!n)
        return Error::BadRequest("limit: must be a non-negative integer, not \"" + *limit + "\"");
      query.limit = static_cast<size_t>(std::min<unsigned long long>(*n, 1u << 30));
    }
    list = service_.Query(principal, query, languages);
  }
  if (!list.ok()) return list.error();
  const std::string more_url =
      list.value().more ? request.path + "?more=" + *list.value().more : "";
  std::string body = StatementResult(list.value().statements, more_url);
  HttpResponse response = list.value().attachments
                              ? Multipart(200, std::move(body), list.value().attachment_data)
                              : JsonResponse(200, std::move(body));
  // The latest "stored" of the page, whatever its order (9274.1.1 §4.1.6.1 requires it; 1.0.3
  // recommends it for a single statement and it serves caches of a page just as well).
  if (list.value().last_stored_us > 0) {
    response.headers.Set("Last-Modified", FormatHttpDate(list.value().last_stored_us));
  }
  return response;
}

Result<HttpResponse> StatementsResource::Store(const HttpRequest& request, const Params& params,
                                               const service::Principal& principal,
                                               xapi::Version version) {
  std::optional<std::string> statement_id;
  if (request.method == "PUT") {
    static constexpr std::string_view kPutParams[] = {"statementId"};
    LRS_RETURN_IF_ERROR(RejectUnknown(params, kPutParams, 1));
    statement_id = Optional(params, "statementId");
    if (!statement_id) return Error::BadRequest("PUT needs the statementId parameter");
  } else if (!params.empty()) {
    return Error::BadRequest("unknown parameter \"" + params.begin()->first +
                             "\": POST to statements takes none");
  }
  auto received = ReadStatementContent(request);
  if (!received.ok()) return received.error();
  auto content = std::make_shared<json::Document>();
  LRS_RETURN_IF_ERROR(json::Parse(received.value().json, content.get()));
  xapi::ValidationOptions options;
  // Without multipart/mixed no data can come along: every Attachment needs a fileUrl.
  options.attachments_need_file_url = !received.value().multipart;
  options.version = version;
  auto ids = service_.Store(principal, std::move(content), statement_id, options,
                            std::move(received.value().attachments));
  if (!ids.ok()) return ids.error();
  if (statement_id) {
    HttpResponse response;
    response.status = 204;
    return response;
  }
  json::Document out;
  out.SetArray();
  for (const std::string& id : ids.value())
    out.PushBack(json::Copy(id, out.GetAllocator()), out.GetAllocator());
  return JsonResponse(200, json::Write(out));
}

}  // namespace lrs::http
