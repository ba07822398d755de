#include "lrs/http/alternate_syntax.h"

#include "lrs/core/strings.h"

namespace lrs::http {

namespace {
constexpr std::string_view kHeaderFields[] = {"Authorization", "X-Experience-API-Version",
                                              "Content-Type",  "Content-Length",
                                              "If-Match",      "If-None-Match"};
}  // namespace

bool UsesAlternateSyntax(const HttpRequest& request) {
  if (request.method != "POST") return false;
  auto query = ParseParams(request.query);
  return query.ok() && query.value().count("method") > 0;
}

Status RewriteAlternateSyntax(HttpRequest* request) {
  auto query = ParseParams(request->query);
  if (!query.ok()) return query.error();
  if (query.value().size() != 1) {
    return Error::BadRequest(
        "with the alternate request syntax the query string may only hold \"method\"; send other "
        "parameters as form fields");
  }
  const std::string method = query.value().at("method");
  if (method != "GET" && method != "HEAD" && method != "PUT" && method != "POST" &&
      method != "DELETE") {
    return Error::BadRequest("method: \"" + method + "\" is not GET, HEAD, PUT, POST or DELETE");
  }
  auto content_type = request->headers.Get("Content-Type");
  if (!content_type || MediaType(*content_type) != "application/x-www-form-urlencoded") {
    return Error::BadRequest(
        "the alternate request syntax needs a Content-Type of application/x-www-form-urlencoded");
  }
  auto form = ParseParams(request->body);
  if (!form.ok()) return form.error();

  Headers headers = request->headers;
  headers.Remove("Content-Type");
  headers.Remove("Content-Length");
  Params params;
  std::string body;
  bool has_content_type = false;
  for (auto& [name, value] : form.value()) {
    bool is_header = false;
    for (std::string_view field : kHeaderFields) {
      if (EqualsIgnoreCase(name, field)) {
        is_header = true;
        if (EqualsIgnoreCase(field, "Content-Length")) break;  // recomputed from the content
        if (EqualsIgnoreCase(field, "Content-Type")) has_content_type = true;
        headers.Set(field, value);
        break;
      }
    }
    if (is_header) continue;
    if (name == "content") {
      body = std::move(value);
    } else {
      params.emplace(name, std::move(value));
    }
  }
  if (!body.empty() && !has_content_type) headers.Set("Content-Type", "application/json");

  request->method = method;
  request->headers = std::move(headers);
  request->query = EncodeParams(params);
  request->body = std::move(body);
  return Status();
}

}  // namespace lrs::http
