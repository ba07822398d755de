// A minimal plugin for testing the extension interface: it records every statement it is told
// about in a table of its own (with whether the statement's id came back from its Prepare at the
// statement's index), forgets voided ones, serves what it saw under /echo, and adds the scope
// echo/read and the command echo-count. A statement whose id starts with "eeeeeeee" makes
// it fail, to show that a plugin's error fails the batch.
#include <cstdio>
#include <memory>
#include <string>

#include <rapidjson/document.h>

#include "lrs/extension/extension.h"

#ifndef ECHO_PLUGIN_ABI
#define ECHO_PLUGIN_ABI lrs::ext::kAbiVersion
#endif

namespace {

using namespace lrs;

class EchoPlugin final : public ext::Plugin {
 public:
  std::string_view Name() const override { return "echo"; }
#ifndef ECHO_PLUGIN_SQLITE_ONLY
  // Its SQL is the same in both dialects. (Built with ECHO_PLUGIN_SQLITE_ONLY, it keeps the
  // default: SQLite only.)
  Status UseDatabase(std::string_view) override {
    return Status();
  }
#endif
  std::vector<ext::Migration> Migrations() const override {
    return {{"001_seen", "CREATE TABLE echo_seen (store_id INTEGER, seq INTEGER, id TEXT)"},
            {"002_prepared", "ALTER TABLE echo_seen ADD COLUMN prepared INTEGER"}};
  }
  std::vector<std::string> Scopes() const override {
    return {"echo/read"};
  }

  Status Start(ext::Host& host) override {
    host_ = &host;
    return Status();
  }
  void Stop() override {
    host_ = nullptr;
  }

  // The statements' ids, as the batch was submitted.
  std::shared_ptr<const void> Prepare(int64_t,
                                      const std::vector<const json::Value*>& statements) override {
    auto ids = std::make_shared<std::vector<std::string>>();
    for (const json::Value* s : statements) {
      const json::Value* id = s != nullptr && s->IsObject() ? json::Find(*s, "id") : nullptr;
      ids->push_back(id != nullptr && id->IsString() ? std::string(json::View(*id)) : "");
    }
    return ids;
  }

  Status OnStatementsStored(ext::SqlConnection& txn,
                            const std::vector<ext::StoredStatement>& statements) override {
    for (const ext::StoredStatement& s : statements) {
      if (s.id.substr(0, 8) == "eeeeeeee")
        return Error::Internal("echo refuses " + std::string(s.id));
      if (s.voided) continue;
      const auto* ids = static_cast<const std::vector<std::string>*>(s.prepared);
      const bool prepared = ids != nullptr && s.index < ids->size() && (*ids)[s.index] == s.id;
      auto q = txn.Prepare(
          "INSERT INTO echo_seen (store_id, seq, id, prepared) VALUES (?1, ?2, ?3, ?4)");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, s.store_id).Bind(2, s.seq).Bind(3, s.id).Bind(4, prepared ? 1 : 0);
      LRS_RETURN_IF_ERROR(q.value()->Run());
    }
    return Status();
  }

  Status OnStatementsVoided(ext::SqlConnection& txn, int64_t store_id,
                            const std::vector<int64_t>& seqs) override {
    for (int64_t seq : seqs) {
      auto q = txn.Prepare("DELETE FROM echo_seen WHERE store_id = ?1 AND seq = ?2");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, store_id).Bind(2, seq);
      LRS_RETURN_IF_ERROR(q.value()->Run());
    }
    return Status();
  }

  void OnRollback() override {}

  std::string_view HttpPrefix() const override {
    return "/echo";
  }
  std::string Allow(std::string_view) const override {
    return "GET";
  }

  Result<http::HttpResponse> HandleHttp(const http::HttpRequest& request,
                                        const ext::Caller& caller) override {
    if (!caller.HasScope("echo/read") && !caller.HasScope("all")) {
      return Error::Forbidden("echo/read is required");
    }
    if (request.path != "/echo/seen") return Error::NotFound("nothing at " + request.path);
    json::Document out;
    out.SetObject();
    auto& a = out.GetAllocator();
    out.AddMember("store", json::Copy(caller.store_name, a), a);
    json::Value seen(rapidjson::kArrayType);
    Status read = host_->Read([&](ext::SqlConnection& c) -> Status {
      auto q = c.Prepare("SELECT id FROM echo_seen WHERE store_id = ?1 ORDER BY seq");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, caller.store_id);
      while (true) {
        auto row = q.value()->Step();
        if (!row.ok()) return row.error();
        if (!row.value()) return Status();
        seen.PushBack(json::Copy(q.value()->Text(0), a), a);
      }
    });
    if (!read.ok()) return read.error();
    out.AddMember("seen", std::move(seen), a);
    int64_t unprepared = -1;
    read = host_->Read([&](ext::SqlConnection& c) -> Status {
      auto q = c.Prepare("SELECT COUNT(*) FROM echo_seen WHERE store_id = ?1 AND prepared = 0");
      if (!q.ok()) return q.error();
      q.value()->Bind(1, caller.store_id);
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      unprepared = q.value()->Int64(0);
      return Status();
    });
    if (!read.ok()) return read.error();
    out.AddMember("unprepared", unprepared, a);
    return http::JsonResponse(200, json::Write(out));
  }

  std::vector<std::string> Commands() const override {
    return {"echo-count"};
  }

  int RunCommand(const std::string&, const std::vector<std::string>& args) override {
    if (!args.empty()) {
      std::fprintf(stderr, "echo-count takes no arguments\n");
      return 2;
    }
    int64_t count = -1;
    Status s = host_->Read([&](ext::SqlConnection& c) -> Status {
      auto q = c.Prepare("SELECT COUNT(*) FROM echo_seen");
      if (!q.ok()) return q.error();
      auto row = q.value()->Step();
      if (!row.ok()) return row.error();
      count = q.value()->Int64(0);
      return Status();
    });
    if (!s.ok()) return 1;
    std::printf("%lld\n", static_cast<long long>(count));
    return 0;
  }

 private:
  ext::Host* host_ = nullptr;
};

}  // namespace

extern "C" __attribute__((visibility("default"))) int outcome_lrs_plugin_abi() {
  return ECHO_PLUGIN_ABI;
}

extern "C" __attribute__((visibility("default"))) lrs::ext::Plugin* outcome_lrs_plugin_create() {
  return new EchoPlugin();
}
