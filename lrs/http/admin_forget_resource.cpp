#include "lrs/http/admin_forget_resource.h"

#include <rapidjson/document.h>

namespace lrs::http {

AdminForgetResource::AdminForgetResource(service::ForgetJobs& forget) : forget_(forget) {}

std::string AdminForgetResource::Allow(std::string_view subpath) const {
  return subpath.empty() || subpath == "/" ? "POST" : "";
}

Result<HttpResponse> AdminForgetResource::Handle(const HttpRequest& request,
                                                 const service::Administrator& admin,
                                                 std::string_view /*subpath*/) {
  static constexpr std::string_view kKnown[] = {"agent", "block", "store"};
  auto body = AdminBody(request, kKnown, std::size(kKnown));
  if (!body.ok()) return body.error();
  auto agent = body.value().FindMember("agent");
  if (agent == body.value().MemberEnd()) {
    return Error::BadRequest("\"agent\" is required: the person to erase, as an xAPI Agent");
  }
  if (!agent->value.IsObject()) {
    return Error::BadRequest("\"agent\" must be an xAPI Agent (a JSON object)");
  }
  service::ForgetOptions options;
  auto block = body.value().FindMember("block");
  if (block != body.value().MemberEnd()) {
    if (!block->value.IsBool()) return Error::BadRequest("\"block\" must be true or false");
    options.block = block->value.GetBool();
  }
  auto store = StringMember(body.value(), "store");
  if (!store.ok()) return store.error();

  auto id = forget_.Submit(admin, store.value(), agent->value, options);
  if (!id.ok()) return id.error();
  json::Document doc;
  doc.SetObject();
  auto& alloc = doc.GetAllocator();
  doc.AddMember("id", json::Copy(id.value(), alloc), alloc);
  doc.AddMember("state", "queued", alloc);
  HttpResponse response = AdminAnswer(202, doc);
  response.headers.Set("Location", "/admin/jobs/" + id.value());
  return response;
}

}  // namespace lrs::http
