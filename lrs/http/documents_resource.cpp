#include "lrs/http/documents_resource.h"

#include <utility>
#include <vector>

#include "lrs/core/crypto.h"
#include "lrs/core/json.h"
#include "lrs/core/time.h"
#include "lrs/http/params.h"

namespace lrs::http {

namespace {

using service::DocumentKind;

// The parameters `kind` takes with `method` ("since" only for GET of the ids).
std::vector<std::string_view> KnownParams(DocumentKind kind, const std::string& method) {
  std::vector<std::string_view> known;
  if (kind != DocumentKind::kAgentProfile) known.push_back("activityId");
  if (kind != DocumentKind::kActivityProfile) known.push_back("agent");
  if (kind == DocumentKind::kState) known.push_back("registration");
  known.push_back(service::DocumentIdParameter(kind));
  if (method == "GET" || method == "HEAD") known.push_back("since");
  return known;
}

std::string Quoted(const std::string& etag) {
  return "\"" + etag + "\"";
}

HttpResponse NoContent(const std::string& etag) {
  HttpResponse response;
  response.status = 204;
  if (!etag.empty()) response.headers.Set("ETag", Quoted(etag));
  return response;
}

}  // namespace

Result<HttpResponse> DocumentsResource::Handle(const HttpRequest& request,
                                               const service::Principal& principal,
                                               xapi::Version version) {
  auto parsed = ParseParams(request.query);
  if (!parsed.ok()) return parsed.error();
  const Params& params = parsed.value();
  const std::vector<std::string_view> known = KnownParams(kind_, request.method);
  LRS_RETURN_IF_ERROR(RejectUnknown(params, known.data(), known.size()));

  const std::string_view id_name = service::DocumentIdParameter(kind_);
  service::DocumentParams document;
  document.activity_id = Optional(params, "activityId");
  document.agent = Optional(params, "agent");
  document.registration = Optional(params, "registration");
  document.id = Optional(params, id_name);
  service::Preconditions preconditions;
  if (auto h = request.headers.Get("If-Match")) preconditions.if_match = std::string(*h);
  if (auto h = request.headers.Get("If-None-Match")) preconditions.if_none_match = std::string(*h);

  if (request.method == "GET" || request.method == "HEAD") {
    auto since = Optional(params, "since");
    if (document.id) {
      if (since) {
        return Error::BadRequest("since cannot be combined with " + std::string(id_name) +
                                 " (it filters the list of ids)");
      }
      auto doc = service_.Get(principal, kind_, document);
      if (!doc.ok()) return doc.error();
      HttpResponse response;
      response.status = 200;
      response.headers.Set("Content-Type", doc.value().content_type);
      response.headers.Set("ETag", Quoted(doc.value().etag));
      response.headers.Set("Last-Modified", FormatHttpDate(doc.value().updated_us));
      response.body = std::move(doc.value().contents);
      return response;
    }
    auto ids = service_.ListIds(principal, kind_, document, since, version);
    if (!ids.ok()) return ids.error();
    json::Document out;
    out.SetArray();
    for (const std::string& id : ids.value().ids)
      out.PushBack(json::Copy(id, out.GetAllocator()), out.GetAllocator());
    HttpResponse response = JsonResponse(200, json::Write(out));
    response.headers.Set("ETag", Quoted(crypto::Sha1Hex(response.body)));
    if (ids.value().last_updated_us > 0) {
      response.headers.Set("Last-Modified", FormatHttpDate(ids.value().last_updated_us));
    }
    return response;
  }

  if (request.method == "DELETE") {
    if (!document.id) {
      LRS_RETURN_IF_ERROR(service_.DeleteAll(principal, kind_, document));
    } else {
      LRS_RETURN_IF_ERROR(service_.Delete(principal, kind_, document, preconditions));
    }
    return NoContent("");
  }

  if (!document.id) {
    return Error::BadRequest(request.method + " needs the " + std::string(id_name) + " parameter");
  }
  service::DocumentContent content;
  content.content_type = std::string(request.headers.Get("Content-Type").value_or(""));
  content.contents = request.body;
  auto written =
      request.method == "PUT"
          ? service_.Put(principal, kind_, document, std::move(content), preconditions, version)
          : service_.Post(principal, kind_, document, std::move(content), preconditions, version);
  if (!written.ok()) return written.error();
  return NoContent(written.value().etag);
}

}  // namespace lrs::http
