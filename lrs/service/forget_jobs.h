// Erasing a person as a job of the administration API (POST /admin/forget, issue 16): the
// request is checked at once, the erasure (lrs/service/forget.h) runs later on the job runner's
// thread (lrs/service/jobs.h) in the server's own process, and is audited when it committed.
#pragma once

#include <optional>
#include <string>

#include "lrs/core/error.h"
#include "lrs/core/json.h"
#include "lrs/service/administration.h"
#include "lrs/service/forget.h"
#include "lrs/service/jobs.h"
#include "lrs/store/store.h"

namespace lrs::service {

// The job kind of an erasure (JobRecord::kind).
inline constexpr std::string_view kForgetJobKind = "forget";

class ForgetJobs {
 public:
  // `observer`: the server's plugins (the extension host; may be null), told of the erasure in
  // its transaction as `outcome-lrs forget --plugin` tells them. `database` and `observer` must
  // outlive the jobs submitted (stop `jobs` before them); `jobs` and `administration` must
  // outlive this object.
  ForgetJobs(store::Database& database, store::StatementObserver* observer, JobRunner& jobs,
             Administration& administration);
  ForgetJobs(const ForgetJobs&) = delete;
  ForgetJobs& operator=(const ForgetJobs&) = delete;

  // Submits the erasure of `agent` from store `store` (the administrator's own when nullopt)
  // and returns the job's id at once. Refused, with nothing queued: kBadRequest for an agent
  // that is not one person (as ForgetAgent would refuse it), kNotFound for a store that does
  // not exist or that `admin` does not manage (as Administration::GetStore). The job's result
  // is ForgetReportJson; once the erasure committed it records the audit entry
  // (RecordForgetAudit: actor admin.actor, target the job's id). The agent is held in memory
  // only, until the job ran: neither the job's row nor the audit log keep it. A job whose
  // erasure failed erased nothing and is not audited; one whose audit entry could not be
  // recorded fails saying that the person was erased.
  Result<std::string> Submit(const Administrator& admin, const std::optional<std::string>& store,
                             const json::Value& agent, const ForgetOptions& options);

 private:
  store::Database& database_;
  store::StatementObserver* observer_;
  JobRunner& jobs_;
  Administration& administration_;
};

}  // namespace lrs::service
