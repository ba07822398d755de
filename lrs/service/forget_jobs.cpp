#include "lrs/service/forget_jobs.h"

#include <memory>

#include "lrs/core/log.h"
#include "lrs/xapi/erasure.h"

namespace lrs::service {

ForgetJobs::ForgetJobs(store::Database& database, store::StatementObserver* observer,
                       JobRunner& jobs, Administration& administration)
    : database_(database), observer_(observer), jobs_(jobs), administration_(administration) {}

Result<std::string> ForgetJobs::Submit(const Administrator& admin,
                                       const std::optional<std::string>& store,
                                       const json::Value& agent, const ForgetOptions& options) {
  auto keys = xapi::ErasedAgentKeys(agent);
  if (!keys.ok()) return keys.error();
  auto target = administration_.GetStore(admin, store.value_or(admin.store_name));
  if (!target.ok()) return target.error();

  // A copy the job owns (std::function needs a copyable callable).
  auto person = std::make_shared<json::Document>();
  person->CopyFrom(agent, person->GetAllocator());
  const store::StoreId store_id = target.value().id;
  const std::string actor = admin.actor;
  store::Database* database = &database_;
  store::StatementObserver* observer = observer_;
  return jobs_.Submit(
      std::string(kForgetJobKind), store_id,
      [database, observer, person, store_id, actor,
       options](const std::string& job_id) -> Result<std::string> {
        auto report = ForgetAgent(*database, observer, store_id, *person, options);
        if (!report.ok()) return report.error();
        const std::string counts = ForgetReportJson(report.value());
        Status audited = RecordForgetAudit(*database, store_id, actor, job_id, report.value());
        if (!audited.ok()) {
          log::Error("job " + job_id + ": erased " + counts +
                     ", but the audit entry was not recorded: " + audited.error().message());
          return Error::Internal(
              "the person was erased, but the audit entry of the erasure could not be recorded "
              "(the server log has the counts): " +
              audited.error().message());
        }
        return counts;
      });
}

}  // namespace lrs::service
