// The dashboard's figures as the JSON the API answers (docs/OUTCOMES.md "The dashboard"): a view
// of the values of plugin/analytics/dashboard.h, which define every figure. Nothing is computed
// here; a figure is written as it is, with its n, and a null one with the reason it carries.
#pragma once

#include "lrs/core/json.h"
#include "plugin/analytics/dashboard.h"
#include "plugin/roster/roster.h"

namespace outcomes {

// Adds member `name` with the value of `figure` to object `obj` (null when it has none), and
// the figure's reason as "reason" when it states one and `obj` has no "reason" yet: one object
// explains its first figure that could not be computed.
void AddFigureValue(json::Value* obj, const char* name, const Figure& figure,
                    json::Allocator& alloc);

// {"value", "n"} (value null when absent, with "reason" when the figure states one), with
// "small_sample": true when the figure is a small sample.
json::Value FigureJson(const Figure& figure, json::Allocator& alloc);

// {"mean": value, "n": n}: mean null when absent, with "reason" when the figure states one.
json::Value MeanJson(const Figure& mean, json::Allocator& alloc);

// The dashboard as JSON: {"outcome", "range", "team" (in a team view), "customer",
// "consumer", "link"}.
json::Document DashboardJson(const Dashboard& dashboard);

// The headline as JSON: {"customer": the KPI position, "consumer": {"learners",
// "adoption_rate", "completions", "completion_rate"}}.
json::Value HeadlineJson(const Headline& headline, json::Allocator& alloc);

// What a team view reports of its team: {"name", "manager", "teams", "managers", "size"}.
json::Value TeamJson(const Team& team, json::Allocator& alloc);

}  // namespace outcomes
