// /admin/forget: erasing a person (GDPR Art. 17) as a job (lrs/service/forget_jobs.h).
//   POST /admin/forget {"agent": AGENT, "block": bool, "store": NAME}
//     202 {"id", "state": "queued"} with Location: /admin/jobs/{id}, which the client follows
//     until "done" (its "result" the counts of ForgetReportJson) or "failed".
// "agent" (required) is the person as an xAPI Agent or Identified Group with exactly one
// inverse functional identifier (400 otherwise, nothing queued); "block" (default false) makes
// the block entries refuse their statements from then on; "store" defaults to the
// administrator's own, and a store's own administrator names no other (404).
#pragma once

#include "lrs/http/admin_resource.h"
#include "lrs/service/forget_jobs.h"

namespace lrs::http {

class AdminForgetResource : public AdminResource {
 public:
  explicit AdminForgetResource(service::ForgetJobs& forget);

  std::string Allow(std::string_view subpath) const override;
  Result<HttpResponse> Handle(const HttpRequest& request, const service::Administrator& admin,
                              std::string_view subpath) override;

 private:
  service::ForgetJobs& forget_;
};

}  // namespace lrs::http
