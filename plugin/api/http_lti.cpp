// LTI 1.3 under /outcomes/lti (plugin/api/lti_service.h): the public endpoints an LMS calls
// (login initiation, launch, the tool's JWKS) and the platform registrations of a store.
#include <rapidjson/document.h>

#include <cstdint>

#include "lrs/core/crypto.h"
#include "lrs/core/strings.h"
#include "lrs/core/time.h"
#include "plugin/api/http_handlers.h"

namespace outcomes {

using lrs::Error;
using lrs::HtmlEscape;

namespace {

// The parameters of a GET's query or, for a POST, of its form body (and the query).
Result<Params> FormParams(const RequestContext& ctx) {
  Params params = ctx.params;
  if (ctx.request.method != "POST") return params;
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/x-www-form-urlencoded") {
    return Error::BadRequest("send the form as application/x-www-form-urlencoded");
  }
  auto form = lrs::http::ParseParams(ctx.request.body);
  if (!form.ok()) return form.error();
  for (auto& [name, value] : form.value()) {
    if (params.count(name)) return Error::BadRequest("parameter \"" + name + "\" given twice");
    params.emplace(name, value);
  }
  return params;
}

std::string Param(const Params& params, std::string_view name) {
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

// What a page may do beyond showing itself: run its one inline script (by nonce), post its form
// to this tool.
struct PageRights {
  std::string script_nonce;
  bool form_to_self = false;
  std::string form_to;  // another origin its form may post to
  // What a request from the page says of it. no-referrer also makes a browser send
  // "Origin: null" with the page's form posts; a page whose post must show this tool's origin
  // (the platform-storage launch) is same-origin.
  std::string referrer_policy = "no-referrer";
};

HttpResponse Page(int status, const std::string& title, const std::string& body,
                  const std::vector<std::string>& frame_ancestors, const PageRights& rights = {}) {
  HttpResponse response;
  response.status = status;
  std::string ancestors = "'self'";
  for (const std::string& origin : frame_ancestors)
    ancestors += " " + origin;
  std::string script;
  if (!rights.script_nonce.empty()) script = "script-src 'nonce-" + rights.script_nonce + "'; ";
  // 'none' only alone: beside a source a browser ignores it (and says so in its console).
  std::string form_action = rights.form_to_self ? "'self'" : "";
  if (!rights.form_to.empty()) form_action += (form_action.empty() ? "" : " ") + rights.form_to;
  if (form_action.empty()) form_action = "'none'";
  response.headers.Set("Content-Type", "text/html; charset=utf-8");
  response.headers.Set("Cache-Control", "no-store");
  response.headers.Set("Referrer-Policy", rights.referrer_policy);
  response.headers.Set("X-Content-Type-Options", "nosniff");
  response.headers.Set("Content-Security-Policy",
                       "default-src 'self'; " + script +
                           "style-src 'unsafe-inline'; base-uri 'none'; form-action " +
                           form_action + "; object-src 'none'; frame-ancestors " + ancestors);
  response.body = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                  HtmlEscape(title) +
                  "</title><style>html,body{margin:0;height:100%;font-family:sans-serif}"
                  "iframe{border:0;width:100%;height:100%;display:block}"
                  "p,h1{margin:1rem}</style></head><body>\n" +
                  body + "\n</body></html>\n";
  return response;
}

// The LTI client-side postMessage flow (platform storage), run by the tool's page in the LMS's
// frame: the frame named by data-target in the platform's window, messages to and from
// data-origin only. With data-value it stores it under data-key (lti.put_data) then goes to
// data-next; without, it reads data-key back (lti.get_data) into the form's
// lti_storage_secret and posts the form.
constexpr std::string_view kStorageScript = R"JS(
(function () {
  var d = document.getElementById("lti-storage").dataset;
  var put = d.value !== undefined;
  var say = function (text) { document.getElementById("lti-status").textContent = text; };
  var platform = window.parent;
  if (d.target !== "_parent") {
    try { platform = window.parent.frames[d.target] || window.parent; } catch (e) {}
  }
  var id = "outcome-lrs-" + Math.random().toString(36).slice(2);
  var subject = put ? "lti.put_data" : "lti.get_data";
  var timer = setTimeout(function () { say("The LMS did not answer (" + subject + ")."); }, 5000);
  window.addEventListener("message", function (event) {
    var m = event.data;
    if (event.origin !== d.origin || !m || m.subject !== subject + ".response" ||
        m.message_id !== id) return;
    clearTimeout(timer);
    if (m.error) { say("The LMS refused " + subject + ": " + (m.error.message || m.error.code)); return; }
    if (put) { window.location.replace(d.next); return; }
    document.getElementById("lti-secret").value = m.value || "";
    document.getElementById("lti-form").submit();
  });
  var message = { subject: subject, message_id: id, key: d.key };
  if (put) message.value = d.value;
  platform.postMessage(message, d.origin);
})();
)JS";

Result<HttpResponse> LaunchPage(const LtiLaunchResult& result);

std::string Attribute(std::string_view name, std::string_view value) {
  return " data-" + std::string(name) + "=\"" + HtmlEscape(value) + "\"";
}

std::string ScriptNonce() {
  return lrs::crypto::Base64UrlEncode(lrs::crypto::RandomBytes(16));
}

// The cookie `name` of a Cookie header; empty when it has none.
std::string CookieValue(const HttpRequest& request, const std::string& name) {
  auto header = request.headers.Get("Cookie");
  if (!header) return "";
  for (std::string_view pair : lrs::Split(*header, ';')) {
    pair = lrs::Trim(pair);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
  }
  return "";
}

// Whether the request's Origin header names the host it was sent to (a page of this tool).
bool SameOrigin(const HttpRequest& request) {
  auto origin = request.headers.Get("Origin");
  auto host = request.headers.Get("Host");
  if (!origin || !host || host->empty()) return false;
  const size_t scheme = origin->find("://");
  return scheme != std::string_view::npos && origin->substr(scheme + 3) == *host;
}

json::Value PlatformJson(const LtiPlatformRow& p, json::Allocator& a) {
  json::Value out(rapidjson::kObjectType);
  out.AddMember("id", p.id, a);
  out.AddMember("issuer", json::Copy(p.issuer, a), a);
  out.AddMember("client_id", json::Copy(p.client_id, a), a);
  out.AddMember("auth_url", json::Copy(p.auth_url, a), a);
  out.AddMember("token_url", json::Copy(p.token_url, a), a);
  out.AddMember("jwks_url", json::Copy(p.jwks_url, a), a);
  json::Value deployments(rapidjson::kArrayType);
  for (const std::string& d : p.deployments)
    deployments.PushBack(json::Copy(d, a), a);
  out.AddMember("deployments", std::move(deployments), a);
  out.AddMember("created", json::Copy(p.created, a), a);
  out.AddMember("agent_match", json::Copy(p.agent_match, a), a);
  return out;
}

}  // namespace

Result<HttpResponse> GetLtiJwks(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto jwks = s.lti.Jwks();
  if (!jwks.ok()) return jwks.error();
  HttpResponse response;
  response.headers.Set("Content-Type", "application/json");
  // Platforms cache it; a rotation keeps the previous key published, so a short cache is safe.
  response.headers.Set("Cache-Control", "public, max-age=300");
  response.body = std::move(jwks).value();
  return response;
}

Result<HttpResponse> LtiLogin(const Services& s, const RequestContext& ctx) {
  auto params = FormParams(ctx);
  if (!params.ok()) return params.error();
  auto started = s.lti.Login(params.value());
  if (!started.ok()) return started.error();
  const LtiLoginStart& start = started.value();
  if (start.storage) {
    // The platform keeps the secret for us: store it there, then go to the authorization.
    const std::string nonce = ScriptNonce();
    const std::string body =
        "<main id=\"lti-storage\"" + Attribute("target", start.storage_target) +
        Attribute("origin", start.platform_origin) + Attribute("key", LtiStorageKey(start.state)) +
        Attribute("value", start.browser_secret) + Attribute("next", start.location) +
        "><p id=\"lti-status\">Signing in with the LMS&hellip;</p></main>\n<script nonce=\"" +
        nonce + "\">" + std::string(kStorageScript) + "</script>";
    // Framed by the LMS that started the login.
    return Page(200, "Signing in", body, {start.platform_origin}, PageRights{nonce, false, ""});
  }
  HttpResponse response;
  response.status = 302;
  response.headers.Set("Location", start.location);
  response.headers.Set("Cache-Control", "no-store");
  // The browser's half of the login. SameSite=None: the launch is a cross-site POST from the
  // LMS; Secure is required with it (browsers accept it on http://localhost only).
  response.headers.Set("Set-Cookie",
                       LtiCookieName(start.state) + "=" + start.browser_secret +
                           "; Path=/outcomes/lti/; Max-Age=" + std::to_string(kLtiLoginSeconds) +
                           "; HttpOnly; Secure; SameSite=None");
  return response;
}

Result<HttpResponse> LtiLaunch(const Services& s, const RequestContext& ctx) {
  auto params = FormParams(ctx);
  if (!params.ok()) return params.error();
  const std::string id_token = Param(params.value(), "id_token");
  const std::string state = Param(params.value(), "state");
  std::string target = Param(params.value(), "lti_storage_target");
  LtiBrowserProof proof;
  proof.storage_secret = Param(params.value(), "lti_storage_secret");
  if (target.empty() && proof.storage_secret.empty() && !id_token.empty() && !state.empty()) {
    // A platform that does not post lti_storage_target again with the launch: the frame its
    // login named, when that login kept its secret in the platform's storage.
    auto named = s.lti.LoginStorageTarget(id_token, state);
    if (!named.ok()) return named.error();
    target = named.value();
  }
  if (!target.empty() && proof.storage_secret.empty() && !id_token.empty() && !state.empty()) {
    // The platform's storage holds the login's secret: a page reads it back and posts the launch
    // again with it. Nothing is checked (nor used up) before that second post.
    auto origin = s.lti.StorageOrigin(id_token);
    if (!origin.ok()) return origin.error();
    const std::string nonce = ScriptNonce();
    std::string body = "<main id=\"lti-storage\"" + Attribute("target", target) +
                       Attribute("origin", origin.value()) +
                       Attribute("key", LtiStorageKey(state)) +
                       "><p id=\"lti-status\">Signing in with the LMS&hellip;</p>"
                       "<form id=\"lti-form\" method=\"post\" action=\"/outcomes/lti/launch\">";
    for (auto [name, value] : {std::pair<const char*, const std::string*>{"id_token", &id_token},
                               {"state", &state},
                               {"lti_storage_target", &target}}) {
      body += "<input type=\"hidden\" name=\"" + std::string(name) + "\" value=\"" +
              HtmlEscape(*value) + "\">";
    }
    body +=
        "<input type=\"hidden\" id=\"lti-secret\" name=\"lti_storage_secret\" value=\"\">"
        "</form></main>\n<script nonce=\"" +
        nonce + "\">" + std::string(kStorageScript) + "</script>";
    // Its post is checked for this tool's Origin.
    return Page(200, "Signing in", body, {origin.value()},
                PageRights{nonce, true, "", "same-origin"});
  }
  proof.cookie_secret = CookieValue(ctx.request, LtiCookieName(state));
  proof.same_origin = SameOrigin(ctx.request);
  auto result = s.lti.Launch(id_token, state, proof);
  if (!result.ok()) return result.error();
  auto page = LaunchPage(result.value());
  if (page.ok() && target.empty()) {
    // The login's cookie is used up.
    page.value().headers.Set("Set-Cookie", LtiCookieName(state) +
                                               "=; Path=/outcomes/lti/; Max-Age=0; HttpOnly; "
                                               "Secure; SameSite=None");
  }
  return page;
}

namespace {

std::string Day(int64_t micros) {
  return lrs::FormatMillisUtc(micros).substr(0, 10);
}

// One learner's progress: per outcome, whether they completed it, and each rule done or left.
std::string ProgressHtml(const LtiLearnerProgress& p, bool own) {
  std::string html = "<section class=\"learner\"" + Attribute("who", p.who) + "><h2>" +
                     HtmlEscape(p.who) + "</h2>";
  if (p.agent.empty()) {
    return html + "<p class=\"unmatched\">Progress cannot be shown: " + HtmlEscape(p.unmatched) +
           ".</p></section>";
  }
  if (p.outcomes.empty()) {
    html +=
        std::string("<p>No outcome has counted ") + (own ? "your" : "their") + " learning yet.</p>";
  }
  for (const LtiOutcomeProgress& o : p.outcomes) {
    const char* status = o.complete ? "completed" : o.first_us ? "started" : "not-started";
    html += "<article" + Attribute("outcome", o.id) + Attribute("status", status) +
            Attribute("statements", std::to_string(o.statements)) + "><h3>" + HtmlEscape(o.name) +
            "</h3><p>";
    if (o.complete) {
      html += "Completed";
    } else if (o.first_us) {
      html += "Started on " + Day(*o.first_us) + ", not completed yet";
    } else {
      html += "Not started";
    }
    html += " (" + std::to_string(o.statements) + " statement" + (o.statements == 1 ? "" : "s") +
            ").</p><ul>";
    for (const LtiRuleProgress& rule : o.rules) {
      html += "<li" + Attribute("rule", rule.rule) +
              Attribute("done", rule.done ? "true" : "false") + ">" +
              (rule.done ? "Done: " : "Left: ") +
              HtmlEscape(rule.activity.empty() ? rule.rule : rule.activity) + "</li>";
    }
    html += "</ul></article>";
  }
  return html + "</section>";
}

std::string Option(const std::string& value, const std::string& label) {
  return "<option value=\"" + HtmlEscape(value) + "\">" + HtmlEscape(label) + "</option>";
}

// A deep linking request's picker: which dashboard the course link opens.
Result<HttpResponse> PickerPage(const LtiLaunchResult& r) {
  const LtiDeepLinkPicker& p = *r.picker;
  std::string body =
      "<main data-view=\"deep-linking\"><h1>Place an outcome dashboard</h1>"
      "<form id=\"lti-picker\" method=\"post\" action=\"/outcomes/lti/deep-link\">"
      "<input type=\"hidden\" name=\"session\" value=\"" +
      HtmlEscape(p.session) + "\"><p><label>Outcome <select name=\"outcome\" required>";
  for (const auto& [id, name] : p.outcomes)
    body += Option(id, name);
  body += "</select></label></p><p><label>Team <select name=\"team\">" +
          // Launched by an instructor, a link without a team shows the course's learners only.
          Option("", r.launch.context_id.empty() && r.view == lti::View::kAdministrator
                         ? "Everyone"
                         : "The course's learners");
  for (const std::string& team : p.teams)
    body += Option(team, team);
  body +=
      "</select></label></p><p><label>From <input type=\"date\" name=\"from\"></label> "
      "<label>To <input type=\"date\" name=\"to\"></label></p><p><label>Bucket <select "
      "name=\"bucket\">" +
      Option("", "Automatic") + Option("day", "Day") + Option("week", "Week") +
      Option("month", "Month") +
      "</select></label></p><p><label>Title <input name=\"title\"></label></p>"
      "<p><button type=\"submit\">Place it</button></p></form></main>";
  if (p.outcomes.empty()) {
    body =
        "<main data-view=\"deep-linking\"><h1>Place an outcome dashboard</h1><p>This store "
        "has no outcome declared yet: there is no dashboard to place.</p></main>";
  }
  return Page(200, "Place an outcome dashboard", body, r.frame_ancestors, PageRights{"", true, ""});
}

// What the page says of the course's roster from the LMS (NRPS): synced by this launch, failed,
// being fetched, or as last synced (and being refreshed); "" for a launch without NRPS.
std::string RosterHtml(const LtiLaunchResult& r) {
  std::string html;
  std::string synced;  // "2026-03-02 09:00 UTC"
  if (r.roster_synced_us > 0) {
    synced = lrs::FormatMillisUtc(r.roster_synced_us).substr(0, 16) + " UTC";
    synced[10] = ' ';
  }
  const std::string when =
      r.roster_synced_us > 0 ? Attribute("roster-synced", lrs::FormatMillisUtc(r.roster_synced_us))
                             : "";
  if (r.roster_sync) {
    html = "<p class=\"roster\"" + Attribute("roster-team", r.roster_sync->team) +
           Attribute("roster-learners", std::to_string(r.roster_sync->learners)) + when +
           ">Roster synced from the LMS: " + std::to_string(r.roster_sync->learners) +
           " learners (" + synced + ").</p>";
  } else if (!r.roster_sync_error.empty()) {
    html = "<p class=\"roster-error\"" + when +
           ">The roster was not synced from the LMS: " + HtmlEscape(r.roster_sync_error) +
           (synced.empty() ? std::string(".") : " (the roster as last synced on " + synced + ")") +
           "</p>";
  } else if (r.roster_fetching && r.roster_synced_us == 0) {
    html =
        "<p class=\"roster-fetching\" data-roster-fetching=\"true\">The course's roster is being "
        "fetched from the LMS: the dashboard shows the course's learners once it has arrived "
        "(launch it again in a moment).</p>";
  } else if (r.roster_synced_us > 0) {
    html = "<p class=\"roster\"" + when +
           Attribute("roster-fetching", r.roster_fetching ? "true" : "false") +
           ">Roster as last synced from the LMS on " + synced +
           (r.roster_fetching ? " (being refreshed now)." : ".") + "</p>";
  }
  return html;
}

// What the page says when the course's team is not in the roster yet: the dashboard shows no
// learner's figures until it is, synced from the LMS (NRPS) or imported. "" otherwise.
std::string MissingRosterHtml(const LtiLaunchResult& r) {
  if (!r.course_team_missing) return "";
  const std::string& team = r.launch.context_id;
  std::string html = "<p class=\"roster-missing\"" + Attribute("roster-missing", team) +
                     ">The course's roster is not in the LRS yet (no team \"" + HtmlEscape(team) +
                     "\"), so the dashboard shows no learner's figures: ";
  const bool synced = r.roster_sync || (r.roster_synced_us > 0 && !r.roster_fetching);
  if (!r.launch.memberships_url.empty() && synced) {
    html +=
        "the LMS offers it (Names and Role Provisioning Services), but its last sync kept no "
        "learner of the course (active members with a learner role, matched to an xAPI agent, "
        "in no other team).</p>";
  } else if (!r.launch.memberships_url.empty()) {
    html +=
        "it is synced from the LMS, which offers it (Names and Role Provisioning Services); the "
        "dashboard shows the course's learners once it has arrived.</p>";
  } else {
    html +=
        "this LMS does not offer it with the launch (Names and Role Provisioning Services), "
        "so an administrator imports it as team \"" +
        HtmlEscape(team) +
        "\" (outcome-lrs roster import, or PUT /outcomes/roster); the dashboard shows the "
        "course's learners once it is there.</p>";
  }
  return html;
}

// The page a successful launch shows.
Result<HttpResponse> LaunchPage(const LtiLaunchResult& result) {
  const LtiLaunchResult& r = result;
  const std::string who = r.launch.name.empty() ? r.launch.subject : r.launch.name;
  if (r.view == lti::View::kNone) {
    std::string roles;
    for (const std::string& role : r.launch.roles)
      roles += (roles.empty() ? "" : ", ") + role;
    return Error::Forbidden("roles: none of this user's roles (" +
                            (roles.empty() ? std::string("none sent") : roles) +
                            ") may see outcome dashboards; an administrator, instructor, "
                            "mentor, manager or learner role is needed");
  }
  if (r.picker) return PickerPage(r);
  if (r.view == lti::View::kLearner || r.view == lti::View::kMentor) {
    const bool own = r.view == lti::View::kLearner;
    std::string body = "<main data-view=\"" + std::string(lti::ViewName(r.view)) + "\"><h1>" +
                       (own ? "Your progress" : "Your mentees' progress") + "</h1>";
    for (const LtiLearnerProgress& p : r.progress)
      body += ProgressHtml(p, own);
    if (r.progress.empty()) body += "<p>The LMS named no mentee.</p>";
    body += "</main>";
    return Page(200, own ? "Your progress" : "Your mentees' progress", body, r.frame_ancestors);
  }
  const IssuedLink& link = *r.link;
  std::string outcomes;
  for (const std::string& id : link.grant.outcomes)
    outcomes += (outcomes.empty() ? "" : ",") + id;
  std::string src = "/outcomes/ui/?token=" + link.token;
  for (const auto& [name, value] : r.dashboard_params)
    src += "&" + name + "=" + lrs::http::EncodeParams({{name, value}}).substr(name.size() + 1);
  std::string body = "<main data-view=\"" + std::string(lti::ViewName(r.view)) +
                     "\" data-outcomes=\"" + HtmlEscape(outcomes) + "\" data-team=\"" +
                     HtmlEscape(link.grant.team.value_or("")) + "\" data-user=\"" +
                     HtmlEscape(who) +
                     "\" style=\"height:100%\"><iframe title=\"Outcome "
                     "dashboard\" src=\"" +
                     HtmlEscape(src) + "\"></iframe></main>";
  body = MissingRosterHtml(r) + RosterHtml(r) + body;
  if (!r.serves.empty()) {
    std::string names;
    for (const auto& [id, name] : r.serves) {
      names += std::string(names.empty() ? "" : ", ") + "<span" + Attribute("outcome", id) + ">" +
               HtmlEscape(name.empty() ? id : name) + "</span>";
    }
    body = "<p class=\"serves\">This course serves: " + names + "</p>" + body;
  }
  return Page(200, "Outcome dashboard", body, r.frame_ancestors);
}

}  // namespace

Result<HttpResponse> LtiDeepLink(const Services& s, const RequestContext& ctx) {
  auto params = FormParams(ctx);
  if (!params.ok()) return params.error();
  const Params& p = params.value();
  LtiDeepLinkChoice choice{Param(p, "outcome"), Param(p, "team"),   Param(p, "from"),
                           Param(p, "to"),      Param(p, "bucket"), Param(p, "title")};
  auto response = s.lti.DeepLink(Param(p, "session"), choice);
  if (!response.ok()) return response.error();
  // Posted back to the platform by the browser, at once.
  const std::string nonce = ScriptNonce();
  const std::string& url = response.value().return_url;
  std::string origin = url.substr(0, url.find('/', url.find("://") + 3));
  const std::string body =
      "<main data-view=\"deep-linking-response\"><p>Returning to the LMS&hellip;</p>"
      "<form id=\"lti-return\" method=\"post\" action=\"" +
      HtmlEscape(url) + "\"><input type=\"hidden\" name=\"JWT\" value=\"" +
      HtmlEscape(response.value().jwt) +
      "\"><noscript><button type=\"submit\">Continue</button></noscript></form></main>\n"
      "<script nonce=\"" +
      nonce + "\">document.getElementById(\"lti-return\").submit();</script>";
  return Page(200, "Returning to the LMS", body, {origin}, PageRights{nonce, false, origin});
}

namespace {

// The registration of /outcomes/lti/platforms/{id}[/...]: its id, a positive decimal number
// (kNotFound otherwise).
Result<int64_t> PlatformId(const RequestContext& ctx) {
  const auto id = lrs::ParseUnsigned(ctx.outcome_id);
  if (!id || *id == 0 || *id > static_cast<unsigned long long>(INT64_MAX)) {
    return Error::NotFound("no LTI platform \"" + ctx.outcome_id + "\" in this store");
  }
  return static_cast<int64_t>(*id);
}

}  // namespace

Result<HttpResponse> SyncLtiRoster(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto id = PlatformId(ctx);
  if (!id.ok()) return id.error();
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest(
        "send {\"context_id\"} (and optionally \"memberships_url\") as application/json");
  }
  json::Document body;
  LRS_RETURN_IF_ERROR(json::Parse(ctx.request.body, &body));
  if (!body.IsObject()) return Error::BadRequest("the body must be a JSON object");
  std::string context_id;
  std::string url;
  for (const auto& m : body.GetObject()) {
    const std::string_view name = json::View(m.name);
    if (name == "context_id" && m.value.IsString()) {
      context_id = std::string(json::View(m.value));
    } else if (name == "memberships_url" && m.value.IsString()) {
      url = std::string(json::View(m.value));
    } else {
      return Error::BadRequest("unknown or mistyped member \"" + std::string(name) +
                               "\" (expected context_id and optionally memberships_url: strings)");
    }
  }
  auto sync = s.lti.SyncRoster(ctx.store_id, id.value(), context_id, url);
  if (!sync.ok()) return sync.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  out.AddMember("team", json::Copy(sync.value().team, a), a);
  out.AddMember("members", sync.value().members, a);
  out.AddMember("pages", sync.value().pages, a);
  out.AddMember("learners", sync.value().learners, a);
  json::Value skipped(rapidjson::kArrayType);
  for (const std::string& why : sync.value().skipped)
    skipped.PushBack(json::Copy(why, a), a);
  out.AddMember("skipped", std::move(skipped), a);
  return JsonAnswer(200, out);
}

Result<HttpResponse> ListLtiPlatforms(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto rows = s.lti.ListPlatforms(ctx.store_id);
  if (!rows.ok()) return rows.error();
  json::Document out;
  out.SetObject();
  auto& a = out.GetAllocator();
  json::Value list(rapidjson::kArrayType);
  for (const LtiPlatformRow& p : rows.value())
    list.PushBack(PlatformJson(p, a), a);
  out.AddMember("platforms", std::move(list), a);
  return JsonAnswer(200, out);
}

Result<HttpResponse> AddLtiPlatform(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto type = ctx.request.headers.Get("Content-Type");
  if (!type || lrs::http::MediaType(*type) != "application/json") {
    return Error::BadRequest(
        "send the platform as application/json: {\"issuer\", \"client_id\", \"auth_url\", "
        "\"token_url\", \"jwks_url\", \"deployments\": [ID, ...]}");
  }
  json::Document body;
  LRS_RETURN_IF_ERROR(json::Parse(ctx.request.body, &body));
  if (!body.IsObject()) return Error::BadRequest("the body must be a JSON object");
  LtiPlatformRow row;
  for (const auto& m : body.GetObject()) {
    const std::string_view name = json::View(m.name);
    std::string* field = name == "issuer"        ? &row.issuer
                         : name == "client_id"   ? &row.client_id
                         : name == "auth_url"    ? &row.auth_url
                         : name == "token_url"   ? &row.token_url
                         : name == "jwks_url"    ? &row.jwks_url
                         : name == "agent_match" ? &row.agent_match
                                                 : nullptr;
    if (field != nullptr && m.value.IsString()) {
      *field = std::string(json::View(m.value));
    } else if (name == "deployments" && m.value.IsArray()) {
      for (const json::Value& d : m.value.GetArray()) {
        if (!d.IsString()) return Error::BadRequest("deployments: must be an array of strings");
        row.deployments.emplace_back(json::View(d));
      }
    } else {
      return Error::BadRequest("unknown or mistyped member \"" + std::string(name) +
                               "\" (expected issuer, client_id, auth_url, token_url, jwks_url, "
                               "agent_match: strings; deployments: an array of strings)");
    }
  }
  auto added = s.lti.AddPlatform(ctx.store_id, std::move(row));
  if (!added.ok()) return added.error();
  json::Document out;  // owns the allocator of the answer
  const json::Value platform = PlatformJson(added.value(), out.GetAllocator());
  return JsonAnswer(201, platform);
}

Result<HttpResponse> RemoveLtiPlatform(const Services& s, const RequestContext& ctx) {
  LRS_RETURN_IF_ERROR(RejectUnknown(ctx.params, {}));
  auto id = PlatformId(ctx);
  if (!id.ok()) return id.error();
  LRS_RETURN_IF_ERROR(s.lti.RemovePlatform(ctx.store_id, id.value()));
  HttpResponse response;
  response.status = 204;
  return response;
}

}  // namespace outcomes
