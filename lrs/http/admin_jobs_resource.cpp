#include "lrs/http/admin_jobs_resource.h"

#include <rapidjson/document.h>

#include "lrs/core/strings.h"

namespace lrs::http {

AdminJobsResource::AdminJobsResource(service::JobRunner& jobs) : jobs_(jobs) {}

std::string AdminJobsResource::Allow(std::string_view subpath) const {
  auto target = ParseTarget(subpath, {});
  if (!target || target->name.find('/') != std::string::npos) return "";
  return "GET, HEAD";
}

void AdminJobsResource::JobJson(const store::JobRecord& job, json::Value* out,
                                json::Allocator& alloc) {
  out->SetObject();
  out->AddMember("id", json::Copy(job.id, alloc), alloc);
  out->AddMember("kind", json::Copy(job.kind, alloc), alloc);
  out->AddMember("store", json::Copy(job.store_name, alloc), alloc);
  out->AddMember("state", json::Copy(job.state, alloc), alloc);
  out->AddMember("created", json::Copy(job.created, alloc), alloc);
  out->AddMember("updated", json::Copy(job.updated, alloc), alloc);
  json::Value result;
  json::Document parsed;
  if (job.result && json::Parse(*job.result, &parsed).ok()) result.CopyFrom(parsed, alloc);
  out->AddMember("result", std::move(result), alloc);
  json::Value error;
  if (job.error) error = json::Copy(*job.error, alloc);
  out->AddMember("error", std::move(error), alloc);
}

Result<HttpResponse> AdminJobsResource::Handle(const HttpRequest& request,
                                               const service::Administrator& admin,
                                               std::string_view subpath) {
  auto target = ParseTarget(subpath, {});
  if (!target) return Error::NotFound("no administration resource at " + request.path);
  const std::string id = AsciiLower(target->name);
  auto job = jobs_.Get(id);
  if (!job.ok()) return job.error();
  if (!job.value() || !(admin.ManagesEveryStore() || job.value()->store_id == admin.store_id)) {
    return Error::NotFound("no job with id \"" + target->name + "\"");
  }
  json::Document doc;
  JobJson(*job.value(), &doc, doc.GetAllocator());
  return AdminAnswer(200, doc);
}

}  // namespace lrs::http
