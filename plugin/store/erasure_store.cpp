#include "plugin/store/erasure_store.h"

#include <string_view>

#include "plugin/store/sql_catalog.h"

namespace outcomes::store {

namespace {

using sql::Prepare;

// The identifiers a roster may name the person's key by as a manager.
std::vector<std::string> ManagerIdentifiers(std::string_view key) {
  const size_t bar = key.find('|');
  if (bar == std::string_view::npos) return {};
  const std::string_view kind = key.substr(0, bar);
  const std::string_view value = key.substr(bar + 1);
  if (kind == "mbox") {
    constexpr std::string_view kMailto = "mailto:";
    std::vector<std::string> ids{std::string(value)};
    if (value.substr(0, kMailto.size()) == kMailto) {
      ids.emplace_back(value.substr(kMailto.size()));
    }
    return ids;
  }
  if (kind == "openid") return {std::string(value)};
  if (kind == "account") {
    const size_t name = value.find('|');
    if (name != std::string_view::npos) return {std::string(value.substr(name + 1))};
  }
  return {};
}

Status RunWith(SqlConnection& txn, std::string_view query, int64_t store_id,
               const std::string& text) {
  auto q = Prepare(txn, query);
  if (!q.ok()) return q.error();
  q.value()->Bind(1, store_id).Bind(2, text);
  return q.value()->Run();
}

}  // namespace

Status EraseAgent(SqlConnection& txn, int64_t store_id,
                  const std::vector<std::string>& agent_keys) {
  for (const std::string& key : agent_keys) {
    LRS_RETURN_IF_ERROR(RunWith(txn, "erasure_roster_delete", store_id, key));
    LRS_RETURN_IF_ERROR(RunWith(txn, "erasure_kpi_delete", store_id, "agent:" + key));
    for (const std::string& manager : ManagerIdentifiers(key))
      LRS_RETURN_IF_ERROR(RunWith(txn, "erasure_roster_unmanage", store_id, manager));
  }
  return Status();
}

}  // namespace outcomes::store
