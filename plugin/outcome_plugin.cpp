// The outcome plugin: declared business outcomes, the tagging of every statement to the outcomes
// it serves, and their API. Loaded by `outcome-lrs --plugin liboutcomes.so`.
#include <memory>

#include "lrs/extension/extension.h"
#include "plugin/api/commands.h"
#include "plugin/api/http_api.h"
#include "plugin/api/lti_service.h"
#include "plugin/api/outcome_service.h"
#include "plugin/api/roster_service.h"
#include "plugin/store/copied_tables.h"
#include "plugin/store/erasure_store.h"
#include "plugin/store/sql_catalog.h"
#include "plugin/tagging/background_tagger.h"
#include "plugin/tagging/tagger.h"

namespace outcomes {

namespace {

class OutcomePlugin final : public lrs::ext::Plugin {
 public:
  std::string_view Name() const override { return "outcomes"; }
  // Its SQL is written for both of the LRS's databases (schemas/{sqlite,postgres}/outcomes).
  Status UseDatabase(std::string_view sql_dialect) override { return sql::UseDialect(sql_dialect); }
  std::vector<lrs::ext::Migration> Migrations() const override { return sql::Migrations(); }
  std::vector<std::string> Scopes() const override { return {"outcomes/read", "outcomes/write"}; }
  // Every table of its SQLite schema, for `outcome-lrs migrate` (plugin/store/copied_tables.h).
  std::vector<lrs::ext::TableCopy> CopiedTables() const override { return sql::CopiedTables(); }

  Status Start(lrs::ext::Host& host) override {
    host_ = &host;
    metrics_ = std::make_unique<TaggingMetrics>(host.Metrics());
    tag_log_.Measure(metrics_.get());
    background_ = std::make_unique<BackgroundTagger>(host, rollup_cache_, metrics_.get());
    service_ = std::make_unique<OutcomeService>(host, *background_, tag_log_);
    dashboards_ = std::make_unique<DashboardService>(host, tag_log_);
    roster_ = std::make_unique<RosterService>(host);
    embeds_ = std::make_unique<EmbedService>(host, *service_, *roster_);
    impacts_ = std::make_unique<ImpactService>(host, tag_log_);
    lti_ = std::make_unique<LtiService>(host, *service_, *roster_, *embeds_);
    api_ = std::make_unique<HttpApi>(*service_, *dashboards_, *roster_, *embeds_, *impacts_, *lti_);
    background_->Start();
    return Status();
  }

  void Stop() override {
    if (lti_) lti_->Stop();  // its background roster syncs write through the host
    if (background_) background_->Stop();
  }

  // On submitting threads: the tagger publishes what Prepare reads under a lock of its own.
  std::shared_ptr<const void> Prepare(int64_t store_id,
                                      const std::vector<const json::Value*>& statements) override {
    return tagger_.Prepare(store_id, statements);
  }
  // Called on the LRS's writer only, so the tagger needs no lock.
  Status OnStatementsStored(lrs::ext::SqlConnection& txn,
                            const std::vector<lrs::ext::StoredStatement>& statements) override {
    return tagger_.TagStored(txn, statements);
  }
  Status OnStatementsVoided(lrs::ext::SqlConnection& txn, int64_t store_id,
                            const std::vector<int64_t>& seqs) override {
    return tagger_.UntagVoided(txn, store_id, seqs);
  }
  // An erased person's statements are untagged as voided ones are (their tags, the rollups
  // that counted them, and their learner rows once no tag of theirs is left, so the figures of
  // everyone else stay as they were); then their roster row, manager entries and KPI
  // observations go.
  Status OnAgentErased(lrs::ext::SqlConnection& txn, int64_t store_id,
                       const lrs::ext::AgentErasure& erasure) override {
    LRS_RETURN_IF_ERROR(tagger_.UntagVoided(txn, store_id, erasure.deleted_seqs));
    return store::EraseAgent(txn, store_id, erasure.agent_keys);
  }
  void OnRollback() override { tagger_.Invalidate(); }

  std::string_view HttpPrefix() const override { return "/outcomes"; }
  std::string Allow(std::string_view path) const override { return api_->Allow(path); }
  bool AuthenticatesItself(const lrs::http::HttpRequest& request) const override {
    return api_->AuthenticatesItself(request);
  }
  Result<lrs::http::HttpResponse> HandleHttp(const lrs::http::HttpRequest& request,
                                             const lrs::ext::Caller& caller) override {
    return api_->Handle(request, caller);
  }

  std::vector<std::string> Commands() const override {
    return {"outcomes", "kpi", "roster", "embed-url", "lti"};
  }
  int RunCommand(const std::string& command, const std::vector<std::string>& args) override {
    if (command == "kpi") return RunKpiCommand(*host_, *dashboards_, args);
    if (command == "roster") return RunRosterCommand(*host_, *roster_, args);
    if (command == "embed-url") return RunEmbedUrlCommand(*host_, *embeds_, args);
    if (command == "lti") return RunLtiCommand(*host_, *lti_, args);
    return RunOutcomesCommand(*host_, *service_, args);
  }

 private:
  lrs::ext::Host* host_ = nullptr;
  // Used on the writer only: by the tagger's hooks and the background tagger's writes.
  RollupCache rollup_cache_;
  // Written on the writer; its Settle is called by the services before they read.
  std::unique_ptr<TaggingMetrics> metrics_;  // before tag_log_: it reports there
  TagLog tag_log_{rollup_cache_};
  Tagger tagger_{rollup_cache_, tag_log_};
  std::unique_ptr<BackgroundTagger> background_;
  std::unique_ptr<OutcomeService> service_;
  std::unique_ptr<DashboardService> dashboards_;
  std::unique_ptr<RosterService> roster_;
  std::unique_ptr<EmbedService> embeds_;
  std::unique_ptr<ImpactService> impacts_;
  std::unique_ptr<LtiService> lti_;
  std::unique_ptr<HttpApi> api_;
};

}  // namespace

}  // namespace outcomes

extern "C" __attribute__((visibility("default"))) int outcome_lrs_plugin_abi() {
  return lrs::ext::kAbiVersion;
}

extern "C" __attribute__((visibility("default"))) lrs::ext::Plugin* outcome_lrs_plugin_create() {
  return new outcomes::OutcomePlugin();
}
