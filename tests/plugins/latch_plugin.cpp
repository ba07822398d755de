// A test plugin that holds a batch back inside the writer's transaction: when a batch holds a
// statement with the verb http://example.com/verbs/held, its OnStatementsStored hook waits until
// the latch is opened (POST /latch/open) or 20 s have passed (then it fails the batch, so a broken
// test never hangs the server). GET /latch/held answers {"held": true} while a batch waits. The
// batch's "stored" time is chosen before its hooks run, so it lets a test ask the LRS questions
// about a batch that has its stored time but is not yet readable.
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "lrs/extension/extension.h"

namespace {

using namespace lrs;

constexpr std::string_view kHeldVerb = "http://example.com/verbs/held";

bool IsHeld(const json::Value& statement) {
  const json::Value* verb = json::Find(statement, "verb");
  if (verb == nullptr) return false;
  const json::Value* id = json::Find(*verb, "id");
  return id != nullptr && id->IsString() && json::View(*id) == kHeldVerb;
}

class LatchPlugin final : public ext::Plugin {
 public:
  std::string_view Name() const override { return "latch"; }
  // It has no SQL: any database.
  Status UseDatabase(std::string_view) override { return Status(); }
  std::vector<ext::Migration> Migrations() const override { return {}; }
  std::vector<std::string> Scopes() const override { return {}; }
  Status Start(ext::Host&) override { return Status(); }
  void Stop() override { Open(); }

  std::shared_ptr<const void> Prepare(int64_t, const std::vector<const json::Value*>&) override {
    return nullptr;
  }

  Status OnStatementsStored(ext::SqlConnection&,
                            const std::vector<ext::StoredStatement>& statements) override {
    bool held = false;
    for (const ext::StoredStatement& s : statements) {
      if (s.statement != nullptr && IsHeld(*s.statement)) held = true;
    }
    if (!held) return Status();
    std::unique_lock<std::mutex> lock(mu_);
    holding_ = true;
    const bool opened = cv_.wait_for(lock, std::chrono::seconds(20), [this] { return open_; });
    holding_ = false;
    open_ = false;  // the next held batch waits again
    if (!opened) return Error::Internal("the latch was never opened");
    return Status();
  }

  Status OnStatementsVoided(ext::SqlConnection&, int64_t, const std::vector<int64_t>&) override {
    return Status();
  }
  void OnRollback() override {}

  std::string_view HttpPrefix() const override { return "/latch"; }
  std::string Allow(std::string_view path) const override {
    return path == "/latch/open" ? "POST" : "GET";
  }

  Result<http::HttpResponse> HandleHttp(const http::HttpRequest& request,
                                        const ext::Caller&) override {
    if (request.path == "/latch/open" && request.method == "POST") {
      Open();
      http::HttpResponse response;
      response.status = 204;
      return response;
    }
    if (request.path == "/latch/held") {
      std::lock_guard<std::mutex> lock(mu_);
      return http::JsonResponse(200, holding_ ? "{\"held\":true}" : "{\"held\":false}");
    }
    return Error::NotFound("nothing at " + request.path);
  }

  std::vector<std::string> Commands() const override { return {}; }
  int RunCommand(const std::string&, const std::vector<std::string>&) override { return 2; }

 private:
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool holding_ = false;
  bool open_ = false;
};

}  // namespace

extern "C" __attribute__((visibility("default"))) int outcome_lrs_plugin_abi() {
  return lrs::ext::kAbiVersion;
}

extern "C" __attribute__((visibility("default"))) lrs::ext::Plugin* outcome_lrs_plugin_create() {
  return new LatchPlugin();
}
