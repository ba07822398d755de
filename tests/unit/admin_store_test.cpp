// Administration storage and services (issue 16) on each backend: stores disabled and enabled
// (their credentials refused meanwhile), secrets replaced, the audit log written and paged, and
// the job runner: jobs run in order on its thread, report their result or error, and a job an
// earlier process left unfinished is failed when the runner starts.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "lrs/core/crypto.h"
#include "lrs/service/administration.h"
#include "lrs/service/audit.h"
#include "lrs/service/auth.h"
#include "lrs/service/jobs.h"
#include "tests/unit/test_backend.h"

namespace lrs {
namespace {

class AdminStoreTest : public unit_test::BackendTest {
 protected:
  static std::string Basic(const std::string& key, const std::string& secret) {
    return "Basic " + crypto::Base64Encode(key + ":" + secret);
  }
  service::NewCredential Make(const std::string& store, const std::string& key) {
    service::NewCredentialRequest request;
    request.store = store;
    request.key = key;
    request.scopes = "all admin";
    auto created = service::CreateCredential(*db_, request);
    EXPECT_TRUE(created.ok()) << created.error().message();
    return created.ok() ? created.value() : service::NewCredential{};
  }
};

TEST_F(AdminStoreTest, ADisabledStoresCredentialsAreRefused) {
  const service::NewCredential acme = Make("acme", "acme-key");
  service::Authenticator auth(*db_);
  ASSERT_TRUE(auth.Authenticate(Basic("acme-key", acme.secret)).ok());
  auto store = db_->GetStore("acme");
  ASSERT_TRUE(store.ok() && store.value());
  EXPECT_FALSE(store.value()->disabled);

  auto set = db_->SetStoreDisabled(store.value()->id, std::string("2026-12-05T10:00:00.000Z"));
  ASSERT_TRUE(set.ok() && set.value());
  // Also when the secret was verified before (the in-memory check).
  auto refused = auth.Authenticate(Basic("acme-key", acme.secret));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kForbidden);
  EXPECT_NE(refused.error().message().find("disabled"), std::string::npos);
  // A wrong secret learns nothing of the store.
  EXPECT_EQ(auth.Authenticate(Basic("acme-key", "wrong-secret")).error().code(),
            ErrorCode::kUnauthorized);
  auto listed = db_->ListStores();
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed.value().size(), 2u);
  EXPECT_EQ(listed.value()[1].disabled.value_or(""), "2026-12-05T10:00:00.000Z");

  ASSERT_TRUE(db_->SetStoreDisabled(store.value()->id, std::nullopt).value());
  EXPECT_TRUE(auth.Authenticate(Basic("acme-key", acme.secret)).ok());
  EXPECT_FALSE(db_->SetStoreDisabled(999, std::nullopt).value());
}

TEST_F(AdminStoreTest, ARotatedSecretReplacesTheOldOne) {
  const service::NewCredential made = Make("default", "course");
  service::Authenticator auth(*db_);
  ASSERT_TRUE(auth.Authenticate(Basic("course", made.secret)).ok());
  service::Administration administration(*db_, {});
  service::Administrator root{1, "default", "root"};
  auto rotated = administration.RotateSecret(root, "course");
  ASSERT_TRUE(rotated.ok()) << rotated.error().message();
  EXPECT_NE(rotated.value().secret, made.secret);
  EXPECT_EQ(auth.Authenticate(Basic("course", made.secret)).error().code(),
            ErrorCode::kUnauthorized);
  EXPECT_TRUE(auth.Authenticate(Basic("course", rotated.value().secret)).ok());
  ASSERT_TRUE(db_->RevokeCredential("course", "2026-12-05T10:00:00.000Z").value());
  EXPECT_FALSE(db_->ReplaceCredentialSecret("course", "h", "s", 1).value());
  EXPECT_EQ(administration.RotateSecret(root, "course").error().code(), ErrorCode::kConflict);
}

TEST_F(AdminStoreTest, TheAuditLogIsPagedNewestFirstAndFilteredByStore) {
  Make("acme", "acme-key");
  auto acme = db_->FindStore("acme");
  ASSERT_TRUE(acme.ok() && acme.value());
  for (int i = 0; i < 5; ++i) {
    json::Document detail;
    detail.SetObject();
    detail.AddMember("n", i, detail.GetAllocator());
    ASSERT_TRUE(service::RecordAudit(*db_, i % 2 ? *acme.value() : 1, "cli", "test.action",
                                     "t" + std::to_string(i), detail)
                    .ok());
  }
  json::Document not_object;
  not_object.SetArray();
  EXPECT_EQ(service::RecordAudit(*db_, 1, "cli", "x", "y", not_object).error().code(),
            ErrorCode::kBadRequest);

  auto first = service::ListAudit(*db_, std::nullopt, std::nullopt, 2);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first.value().entries.size(), 2u);
  EXPECT_EQ(first.value().entries[0].target, "t4");
  EXPECT_EQ(first.value().entries[0].detail, "{\"n\":4}");
  EXPECT_EQ(first.value().entries[0].store_name, "default");
  EXPECT_EQ(first.value().entries[1].target, "t3");
  EXPECT_EQ(first.value().entries[1].store_name, "acme");
  ASSERT_TRUE(first.value().next_before);
  auto second = service::ListAudit(*db_, std::nullopt, first.value().next_before, 100);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.value().entries[0].target, "t2");
  EXPECT_FALSE(second.value().next_before);

  auto of_acme = service::ListAudit(*db_, *acme.value(), std::nullopt, 100);
  ASSERT_TRUE(of_acme.ok());
  std::vector<std::string> targets;
  for (const auto& e : of_acme.value().entries)
    targets.push_back(e.target);
  EXPECT_EQ(targets, (std::vector<std::string>{"t3", "t1"}));
  EXPECT_EQ(service::ListAudit(*db_, std::nullopt, std::nullopt, 0).error().code(),
            ErrorCode::kBadRequest);
}

// Waits (boundedly) until job `id` is done or failed; its last record.
store::JobRecord WaitForJob(service::JobRunner& jobs, const std::string& id) {
  store::JobRecord last;
  for (int i = 0; i < 1000; ++i) {
    auto job = jobs.Get(id);
    EXPECT_TRUE(job.ok() && job.value());
    if (!job.ok() || !job.value()) return last;
    last = *job.value();
    if (last.state == "done" || last.state == "failed") return last;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ADD_FAILURE() << "job " << id << " did not finish; state " << last.state;
  return last;
}

using JobRunnerTest = AdminStoreTest;

TEST_F(JobRunnerTest, AJobRunsToDoneWithItsResultOrFailsWithItsError) {
  service::JobRunner jobs(*db_);
  ASSERT_TRUE(jobs.Start().ok());
  // The work is given its job's id.
  auto done = jobs.Submit("count", 1, [](const std::string& id) {
    return Result<std::string>("{\"rows\":3,\"job\":\"" + id + "\"}");
  });
  ASSERT_TRUE(done.ok()) << done.error().message();
  EXPECT_EQ(done.value().size(), 36u);
  auto failed = jobs.Submit("count", 1, [](const std::string&) {
    return Result<std::string>(Error::BadRequest("no such person"));
  });
  auto threw = jobs.Submit("count", 1, [](const std::string&) -> Result<std::string> {
    throw std::runtime_error("out of luck");
  });
  auto not_object =
      jobs.Submit("count", 1, [](const std::string&) { return Result<std::string>("[1]"); });
  ASSERT_TRUE(failed.ok() && threw.ok() && not_object.ok());

  const store::JobRecord a = WaitForJob(jobs, done.value());
  EXPECT_EQ(a.state, "done");
  EXPECT_EQ(a.kind, "count");
  EXPECT_EQ(a.store_name, "default");
  EXPECT_EQ(a.result.value_or(""), "{\"rows\":3,\"job\":\"" + done.value() + "\"}");
  EXPECT_FALSE(a.error);
  EXPECT_LE(a.created, a.updated);
  const store::JobRecord b = WaitForJob(jobs, failed.value());
  EXPECT_EQ(b.state, "failed");
  EXPECT_EQ(b.error.value_or(""), "no such person");
  EXPECT_FALSE(b.result);
  const store::JobRecord c = WaitForJob(jobs, threw.value());
  EXPECT_EQ(c.state, "failed");
  EXPECT_NE(c.error.value_or("").find("out of luck"), std::string::npos);
  EXPECT_EQ(WaitForJob(jobs, not_object.value()).state, "failed");
  auto unknown = jobs.Get("0f8fad5b-d9cb-469f-a165-70867728950e");
  ASSERT_TRUE(unknown.ok());
  EXPECT_FALSE(unknown.value());
}

TEST_F(JobRunnerTest, JobsRunOneAtATimeInOrderAndStopFailsThoseNotStarted) {
  service::JobRunner jobs(*db_);
  ASSERT_TRUE(jobs.Start().ok());
  std::promise<void> started;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto first = jobs.Submit("slow", 1, [&started, released](const std::string&) {
    started.set_value();
    released.wait();
    return Result<std::string>("{}");
  });
  auto second =
      jobs.Submit("slow", 1, [](const std::string&) { return Result<std::string>("{}"); });
  ASSERT_TRUE(first.ok() && second.ok());
  started.get_future().wait();
  EXPECT_EQ(jobs.Get(first.value()).value()->state, "running");
  EXPECT_EQ(jobs.Get(second.value()).value()->state, "queued");
  // Stop lets the running job finish and fails the queued one; no job is submitted after.
  std::thread stopper([&jobs] { jobs.Stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  release.set_value();
  stopper.join();
  EXPECT_EQ(jobs.Get(first.value()).value()->state, "done");
  const store::JobRecord never = *jobs.Get(second.value()).value();
  EXPECT_EQ(never.state, "failed");
  EXPECT_EQ(never.error.value_or(""), service::JobRunner::kInterrupted);
  EXPECT_EQ(jobs.Submit("slow", 1, [](const std::string&) { return Result<std::string>("{}"); })
                .error()
                .code(),
            ErrorCode::kUnavailable);
}

TEST_F(JobRunnerTest, AJobLeftRunningByAnEarlierProcessIsFailedAtStart) {
  store::JobRecord left;
  left.id = "0f8fad5b-d9cb-469f-a165-70867728950e";
  left.kind = "forget";
  left.store_id = 1;
  left.state = "queued";
  left.created = left.updated = "2026-12-05T09:00:00.000Z";
  ASSERT_TRUE(db_->AddJob(left).ok());
  left.state = "running";
  ASSERT_TRUE(db_->UpdateJob(left).value());
  store::JobRecord finished = left;
  finished.id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  finished.state = "queued";
  ASSERT_TRUE(db_->AddJob(finished).ok());
  finished.state = "done";
  finished.result = "{}";
  ASSERT_TRUE(db_->UpdateJob(finished).value());
  // The database as a crash left it, opened again by a new process.
  db_.reset();
  auto reopened = database_.Open();
  ASSERT_TRUE(reopened.ok());
  db_ = std::move(reopened).value();

  service::JobRunner jobs(*db_);
  ASSERT_TRUE(jobs.Start().ok());
  const store::JobRecord after = *jobs.Get(left.id).value();
  EXPECT_EQ(after.state, "failed");
  EXPECT_EQ(after.error.value_or(""), service::JobRunner::kInterrupted);
  EXPECT_EQ(jobs.Get(finished.id).value()->state, "done");
}

}  // namespace
}  // namespace lrs
