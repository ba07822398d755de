// A test plugin that misbehaves on command, to show that no plugin fault ends the LRS. A
// statement whose verb is one of the commands below makes the plugin fail that way while the
// statement's batch is stored; every other statement is recorded in its table `faulty_seen`
// (served at GET /faulty/seen), so a test can tell which batches the plugin's hooks committed.
//
//   http://example.com/verbs/throw-in-prepare  Prepare throws std::runtime_error
//   http://example.com/verbs/throw-in-stored   OnStatementsStored throws std::runtime_error,
//                                              and the OnRollback that follows throws too
//   http://example.com/verbs/bad-alloc         OnStatementsStored throws std::bad_alloc
//   http://example.com/verbs/throw-non-std     OnStatementsStored throws an int
//   http://example.com/verbs/throw-on-void     recorded; OnStatementsVoided throws when a
//                                              statement with this verb is voided
//   http://example.com/verbs/write-from-hook   OnStatementsStored calls Host::Write and fails
//                                              the batch with what it returned (an error: the
//                                              writer cannot wait for itself)
// Outside statements: GET /faulty/throw-in-allow answers 405, and Allow throws for that path
// (the router asks it for the Allow header); the command `faulty-throw` throws.
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include <rapidjson/document.h>

#include "lrs/extension/extension.h"

namespace {

using namespace lrs;

constexpr std::string_view kVerbs = "http://example.com/verbs/";

// The command a statement carries: its verb id after kVerbs ("" when another verb).
std::string_view Command(const json::Value* statement) {
  if (statement == nullptr || !statement->IsObject()) return {};
  const json::Value* verb = json::Find(*statement, "verb");
  if (verb == nullptr || !verb->IsObject()) return {};
  const json::Value* id = json::Find(*verb, "id");
  if (id == nullptr || !id->IsString()) return {};
  std::string_view v = json::View(*id);
  if (v.substr(0, kVerbs.size()) != kVerbs) return {};
  return v.substr(kVerbs.size());
}

class FaultyPlugin final : public ext::Plugin {
 public:
  std::string_view Name() const override { return "faulty"; }
  // Its SQL is the same in both dialects.
  Status UseDatabase(std::string_view) override { return Status(); }
  std::vector<ext::Migration> Migrations() const override {
    return {{"001_seen",
             "CREATE TABLE faulty_seen (store_id INTEGER, seq INTEGER PRIMARY KEY, id TEXT, "
             "command TEXT)"}};
  }
  std::vector<std::string> Scopes() const override { return {}; }

  Status Start(ext::Host& host) override {
    host_ = &host;
    return Status();
  }
  void Stop() override { host_ = nullptr; }

  std::shared_ptr<const void> Prepare(int64_t,
                                      const std::vector<const json::Value*>& statements) override {
    for (const json::Value* s : statements) {
      if (Command(s) == "throw-in-prepare") throw std::runtime_error("faulty: Prepare was told to");
    }
    return nullptr;
  }

  Status OnStatementsStored(ext::SqlConnection& txn,
                            const std::vector<ext::StoredStatement>& statements) override {
    for (const ext::StoredStatement& s : statements) {
      const std::string_view command = Command(s.statement);
      if (command == "throw-in-stored") {
        throw_on_rollback_ = true;
        throw std::runtime_error("faulty: OnStatementsStored was told to");
      }
      if (command == "bad-alloc") throw std::bad_alloc();
      if (command == "throw-non-std") throw 42;
      if (command == "write-from-hook") {
        Status nested = host_->Write([](ext::SqlConnection&) { return Status(); });
        if (nested.ok()) return Error::Internal("faulty: Host::Write from a hook succeeded");
        return nested;
      }
      auto q = txn.Prepare(
          "INSERT INTO faulty_seen (store_id, seq, id, command) VALUES (?1, ?2, ?3, ?4)");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, s.store_id).Bind(2, s.seq).Bind(3, s.id).Bind(4, command);
      LRS_RETURN_IF_ERROR(q.value()->Run());
    }
    return Status();
  }

  Status OnStatementsVoided(ext::SqlConnection& txn, int64_t store_id,
                            const std::vector<int64_t>& seqs) override {
    for (int64_t seq : seqs) {
      auto q = txn.Prepare("SELECT command FROM faulty_seen WHERE store_id = ?1 AND seq = ?2");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, store_id).Bind(2, seq);
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      if (row.value() && q.value()->Text(0) == "throw-on-void") {
        throw std::runtime_error("faulty: OnStatementsVoided was told to");
      }
    }
    return Status();
  }

  void OnRollback() override {
    if (throw_on_rollback_) {
      throw_on_rollback_ = false;
      throw std::runtime_error("faulty: OnRollback after a throwing hook");
    }
  }

  std::string_view HttpPrefix() const override { return "/faulty"; }
  std::string Allow(std::string_view path) const override {
    if (path == "/faulty/throw-in-allow") throw std::runtime_error("faulty: Allow was told to");
    return "GET";
  }

  Result<http::HttpResponse> HandleHttp(const http::HttpRequest& request,
                                        const ext::Caller& caller) override {
    if (request.path == "/faulty/throw-in-allow") {
      return Error(ErrorCode::kMethodNotAllowed, "faulty: nothing is allowed here");
    }
    if (request.path != "/faulty/seen") return Error::NotFound("nothing at " + request.path);
    json::Document out;
    out.SetArray();
    auto& a = out.GetAllocator();
    Status read = host_->Read([&](ext::SqlConnection& c) -> Status {
      out.SetArray();
      auto q = c.Prepare("SELECT id FROM faulty_seen WHERE store_id = ?1 ORDER BY seq");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, caller.store_id);
      while (true) {
        auto row = q.value()->Step();
        if (!row.ok()) return row.error();
        if (!row.value()) return Status();
        out.PushBack(json::Copy(q.value()->Text(0), a), a);
      }
    });
    if (!read.ok()) return read.error();
    return http::JsonResponse(200, json::Write(out));
  }

  std::vector<std::string> Commands() const override { return {"faulty-throw"}; }
  int RunCommand(const std::string&, const std::vector<std::string>&) override {
    throw std::runtime_error("faulty: RunCommand was told to");
  }

 private:
  ext::Host* host_ = nullptr;
  bool throw_on_rollback_ = false;  // only the writer thread touches it
};

}  // namespace

extern "C" __attribute__((visibility("default"))) int outcome_lrs_plugin_abi() {
  return lrs::ext::kAbiVersion;
}

extern "C" __attribute__((visibility("default"))) lrs::ext::Plugin* outcome_lrs_plugin_create() {
  return new FaultyPlugin();
}
