// The learner's own view of an LTI launch (plugin/api/lti_service.h): their progress on the
// outcomes their learning serves, from their own rollup row and tagged statements only.
#include <rapidjson/document.h>

#include <algorithm>

#include "lrs/core/strings.h"
#include "lrs/xapi/agent.h"
#include "plugin/api/lti_service.h"
#include "plugin/tagging/tagger.h"

namespace outcomes {

namespace {

// The xAPI agent key of an LTI user: by e-mail (mbox) or as an account of the platform.
std::string AgentKeyOf(const LtiPlatformRow& platform, const std::string& user_id,
                       const std::string& email, std::string* unmatched) {
  json::Document agent;
  agent.SetObject();
  auto& a = agent.GetAllocator();
  if (platform.agent_match == "account") {
    if (user_id.empty()) {
      *unmatched = "the LMS sent no user id (sub), and this platform matches users by account";
      return "";
    }
    json::Value account(rapidjson::kObjectType);
    account.AddMember("homePage", json::Copy(platform.issuer, a), a);
    account.AddMember("name", json::Copy(user_id, a), a);
    agent.AddMember("account", std::move(account), a);
  } else {
    if (email.empty()) {
      *unmatched =
          "the LMS sent no e-mail address for this user, and this platform matches users by "
          "e-mail (its agent match can be account instead)";
      return "";
    }
    agent.AddMember("mbox", json::Copy("mailto:" + email, a), a);
  }
  auto key = lrs::xapi::AgentKey(agent);
  if (!key) *unmatched = "the LMS's user is not a valid xAPI agent";
  return key.value_or("");
}

std::string RuleActivity(const TaggingRule& rule) {
  if (rule.activity) return rule.activity->value + (rule.activity->prefix ? "..." : "");
  if (rule.context_activity) {
    return rule.context_activity->match.value + (rule.context_activity->match.prefix ? "..." : "");
  }
  return "";
}

}  // namespace

Result<LtiLearnerProgress> LtiService::ProgressOf(const LtiPlatformRow& platform,
                                                  const std::string& user_id,
                                                  const std::string& email, const std::string& who,
                                                  const std::vector<std::string>& only) {
  LtiLearnerProgress progress;
  progress.who = who;
  progress.agent = AgentKeyOf(platform, user_id, email, &progress.unmatched);
  if (progress.agent.empty()) return progress;
  auto standings = outcomes_.Standings(platform.store_id, progress.agent);
  if (!standings.ok()) return standings.error();
  for (const LearnerStanding& standing : standings.value()) {
    const std::string& id = standing.row.outcome_id;
    const bool listed = std::find(only.begin(), only.end(), id) != only.end();
    if (only.empty() ? !standing.learner.has_value() : !listed) continue;
    auto outcome = ParseStoredOutcome(standing.row.document);
    if (!outcome.ok()) return outcome.error();
    LtiOutcomeProgress out;
    out.id = id;
    out.name = outcome.value().name;
    for (const TaggingRule& rule : outcome.value().rules)
      out.rules.push_back(LtiRuleProgress{rule.id, RuleActivity(rule), false});
    if (standing.learner) {
      out.first_us = standing.learner->first_us;
      out.completed_us = standing.learner->completed_us;
      // Their statements only (the agent filter), to tell which rules they completed.
      TaggedQuery query;
      query.agent = progress.agent;
      query.ascending = true;
      query.limit = 500;
      while (out.statements < kLtiProgressStatements) {
        auto page = outcomes_.Statements(platform.store_id, id, query);
        if (!page.ok()) return page.error();
        for (const std::string& text : page.value().statements) {
          json::Document statement;
          if (!json::Parse(text, &statement).ok()) continue;
          ++out.statements;
          if (!FactsOf(statement, 0).completed) continue;
          for (size_t i = 0; i < out.rules.size(); ++i) {
            out.rules[i].done = out.rules[i].done || outcome.value().rules[i].Matches(statement);
          }
        }
        if (!page.value().next_after_seq) break;
        query.after_seq = page.value().next_after_seq;
      }
    }
    out.complete = out.rules.empty() ? out.completed_us.has_value()
                                     : std::all_of(out.rules.begin(), out.rules.end(),
                                                   [](const LtiRuleProgress& r) { return r.done; });
    progress.outcomes.push_back(std::move(out));
  }
  return progress;
}

}  // namespace outcomes
