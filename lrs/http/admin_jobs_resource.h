// /admin/jobs/{id}: a background job (lrs/service/jobs.h), e.g. an erasure.
//   GET /admin/jobs/ID   {"id", "kind", "store", "state": "queued"|"running"|"done"|"failed",
//                         "created", "updated", "result": object or null, "error": text or null}
// 404 for an unknown id, and for a job of another store than an administrator's own (but the
// default store's administrators, who see every job).
#pragma once

#include "lrs/http/admin_resource.h"
#include "lrs/service/jobs.h"

namespace lrs::http {

class AdminJobsResource : public AdminResource {
 public:
  explicit AdminJobsResource(service::JobRunner& jobs);

  std::string Allow(std::string_view subpath) const override;
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Administrator& admin,
                              std::string_view subpath) override;

  // `job` as the API shows it (the answer of GET /admin/jobs/ID).
  static void JobJson(const store::JobRecord& job, json::Value* out, json::Allocator& alloc);

 private:
  service::JobRunner& jobs_;
};

}  // namespace lrs::http
