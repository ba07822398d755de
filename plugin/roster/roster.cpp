#include "plugin/roster/roster.h"

#include <unordered_map>

#include "lrs/core/json.h"
#include "lrs/core/strings.h"
#include "lrs/xapi/agent.h"
#include "lrs/xapi/validator.h"
#include "plugin/kpi/csv.h"

namespace outcomes {

namespace {

namespace json = lrs::json;
using lrs::Error;

enum Column { kMbox, kSha1, kHomePage, kAccountName, kTeam, kManager, kSegment, kColumns };

constexpr const char* kColumnNames[kColumns] = {
    "mbox", "mbox_sha1sum", "account_homepage", "account_name", "team", "manager", "segment"};

int ColumnOf(const std::string& header) {
  const std::string h = lrs::AsciiLower(header);
  for (int c = 0; c < kColumns; ++c) {
    if (h == kColumnNames[c]) return c;
  }
  return -1;
}

// The identity of the learner a row names; an error message (without the line) otherwise.
lrs::Result<std::string> LearnerOf(const std::string& mbox, const std::string& sha1,
                                   const std::string& home, const std::string& name) {
  const int given = !mbox.empty() + !sha1.empty() + (!home.empty() || !name.empty());
  if (given == 0) {
    return Error::BadRequest(
        "no learner: give mbox, mbox_sha1sum, or account_homepage and "
        "account_name");
  }
  if (given > 1) {
    return Error::BadRequest(
        "more than one identifier: give exactly one of mbox, mbox_sha1sum, "
        "or account_homepage and account_name");
  }
  json::Document agent;
  agent.SetObject();
  auto& a = agent.GetAllocator();
  std::string shown;
  if (!mbox.empty()) {
    const std::string iri = lrs::StartsWith(mbox, "mailto:") ? mbox : "mailto:" + mbox;
    agent.AddMember("mbox", json::Copy(iri, a), a);
    shown = "mbox \"" + mbox + "\" is not an e-mail address";
  } else if (!sha1.empty()) {
    agent.AddMember("mbox_sha1sum", json::Copy(sha1, a), a);
    shown = "mbox_sha1sum \"" + sha1 + "\" is not 40 hexadecimal digits";
  } else {
    if (home.empty() || name.empty()) {
      return Error::BadRequest("an account needs both account_homepage and account_name");
    }
    json::Value account(rapidjson::kObjectType);
    account.AddMember("homePage", json::Copy(home, a), a);
    account.AddMember("name", json::Copy(name, a), a);
    agent.AddMember("account", std::move(account), a);
    shown = "account_homepage \"" + home + "\" is not an IRL";
  }
  if (!lrs::xapi::ValidateAgentParameter(agent, "agent").ok()) return Error::BadRequest(shown);
  return *lrs::xapi::AgentKey(agent);
}

}  // namespace

lrs::Result<std::vector<RosterEntry>> ParseRosterCsv(std::string_view text) {
  auto records = ParseCsv(text);
  if (!records.ok()) return records.error();
  if (records.value().empty()) return Error::BadRequest("the file holds no rows");

  const CsvRecord& head = records.value()[0];
  const std::string at_head = "line " + std::to_string(head.line) + ": ";
  int columns[kColumns];
  for (int& c : columns)
    c = -1;
  for (size_t i = 0; i < head.fields.size(); ++i) {
    const int column = ColumnOf(head.fields[i]);
    if (column < 0) {
      return Error::BadRequest(at_head + "unknown column \"" + head.fields[i] +
                               "\" (expected mbox, mbox_sha1sum, account_homepage, "
                               "account_name, team, manager, segment)");
    }
    if (columns[column] >= 0) {
      return Error::BadRequest(at_head + "column \"" + head.fields[i] + "\" repeats another");
    }
    columns[column] = static_cast<int>(i);
  }
  if (columns[kMbox] < 0 && columns[kSha1] < 0 &&
      (columns[kHomePage] < 0 || columns[kAccountName] < 0)) {
    return Error::BadRequest(at_head +
                             "the header needs a learner column: mbox, mbox_sha1sum, or "
                             "account_homepage and account_name");
  }
  if ((columns[kHomePage] < 0) != (columns[kAccountName] < 0)) {
    return Error::BadRequest(at_head + "account_homepage and account_name go together");
  }
  if (columns[kTeam] < 0) return Error::BadRequest(at_head + "the header needs a team column");

  std::vector<RosterEntry> out;
  std::unordered_map<std::string, int> line_of;  // learner -> the line naming them
  CsvRowErrors errors;
  for (size_t r = 1; r < records.value().size(); ++r) {
    const CsvRecord& rec = records.value()[r];
    const std::string where = "line " + std::to_string(rec.line) + ": ";
    auto cell = [&](int column) -> std::string {
      const int at = columns[column];
      return (at >= 0 && static_cast<size_t>(at) < rec.fields.size()) ? rec.fields[at] : "";
    };
    std::string error;
    RosterEntry entry;
    if (rec.fields.size() > head.fields.size()) {
      error = where + std::to_string(rec.fields.size()) + " fields, expected at most " +
              std::to_string(head.fields.size());
    } else if (auto learner =
                   LearnerOf(cell(kMbox), cell(kSha1), cell(kHomePage), cell(kAccountName));
               !learner.ok()) {
      error = where + learner.error().message();
    } else if (cell(kTeam).empty()) {
      error = where + "team is empty";
    } else if (auto seen = line_of.find(learner.value()); seen != line_of.end()) {
      error = where + "the learner is already on line " + std::to_string(seen->second) +
              " (a learner is in one team)";
    } else {
      line_of.emplace(learner.value(), rec.line);
      entry.agent = std::move(learner.value());
      entry.team = cell(kTeam);
      entry.manager = cell(kManager);
      entry.segment = cell(kSegment);
    }
    if (!error.empty()) {
      errors.Add(std::move(error));
      continue;
    }
    out.push_back(std::move(entry));
  }
  if (!errors.empty()) return errors.ToError();
  if (out.empty()) return Error::BadRequest("the file holds a header but no rows");
  return out;
}

}  // namespace outcomes
