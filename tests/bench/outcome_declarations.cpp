#include "tests/bench/outcome_declarations.h"

#include <rapidjson/document.h>

#include "lrs/core/json.h"

namespace lrs::bench {

std::vector<std::string> OutcomeDeclarations(const Population& population, int count) {
  std::vector<std::string> out;
  const auto& courses = population.courses();
  for (int i = 0; i < count; ++i) {
    const Course& course = courses[static_cast<size_t>(i) % courses.size()];
    const Module& module =
        course.modules[static_cast<size_t>(i) / courses.size() % course.modules.size()];
    const Activity& program = population.programs()[static_cast<size_t>(course.program)];

    json::Document d;
    d.SetObject();
    auto& a = d.GetAllocator();
    const std::string id = "bench-outcome-" + std::to_string(i);
    d.AddMember("id", json::Copy(id, a), a);
    d.AddMember("name", json::Copy("Benchmark outcome " + std::to_string(i), a), a);
    json::Document kpi;
    (void)json::Parse(R"({"name":"Incident rate","unit":"per 200k hours","direction":"decrease",
        "baseline":{"value":5.0,"date":"2025-01-01"},"target":{"value":3.0,"date":"2025-12-31"}})",
                      &kpi);
    d.AddMember("kpi", json::Value(kpi, a), a);
    json::Value audience(rapidjson::kObjectType);
    audience.AddMember("segment", "employees", a);
    audience.AddMember("size", 500, a);
    d.AddMember("audience", std::move(audience), a);

    json::Value rules(rapidjson::kArrayType);
    auto context_rule = [&](const char* rule_id, const std::string& activity) {
      json::Value rule(rapidjson::kObjectType);
      rule.AddMember("id", rapidjson::StringRef(rule_id), a);
      json::Value match(rapidjson::kObjectType);
      match.AddMember("id", json::Copy(activity, a), a);
      rule.AddMember("context_activity", std::move(match), a);
      rules.PushBack(std::move(rule), a);
    };
    context_rule("module", module.activity.id);
    if (i % 10 == 0) context_rule("course", course.activity.id);
    if (i % 7 == 0) {
      json::Value rule(rapidjson::kObjectType);
      rule.AddMember("id", "programme-passes", a);
      rule.AddMember("verb", json::Copy(VerbId(Verb::kPassed), a), a);
      json::Value match(rapidjson::kObjectType);
      match.AddMember("prefix", json::Copy(program.id, a), a);
      match.AddMember("kind", "grouping", a);
      rule.AddMember("context_activity", std::move(match), a);
      rules.PushBack(std::move(rule), a);
    }
    d.AddMember("rules", std::move(rules), a);
    out.push_back(json::Write(d));
  }
  return out;
}

long long CountBenchTags(const Endpoint& endpoint) {
  XapiConnection connection(endpoint);
  Reply reply = connection.Send("GET", "/outcomes");
  json::Document doc;
  if (reply.status != 200 || !json::Parse(reply.body, &doc).ok() || !doc.IsObject() ||
      !doc.HasMember("outcomes") || !doc["outcomes"].IsArray()) {
    return -1;
  }
  long long tags = 0;
  for (const json::Value& outcome : doc["outcomes"].GetArray()) {
    if (!outcome.IsObject() || !outcome.HasMember("id") || !outcome["id"].IsString() ||
        std::string(outcome["id"].GetString()).rfind("bench-outcome-", 0) != 0) {
      continue;
    }
    if (!outcome.HasMember("tagged_statements") || !outcome["tagged_statements"].IsInt64()) {
      return -1;
    }
    tags += outcome["tagged_statements"].GetInt64();
  }
  return tags;
}

}  // namespace lrs::bench
