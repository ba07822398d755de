// The web dashboard in a real browser (Debian's chromium, driven by playwright-core), as a
// manager sees it: an LMS page on another origin embeds a signed link for one outcome and one
// team in an iframe. The numbers the page renders must be the API's for that team, the page
// must say which team it shows, and a tampered link must show no data, only why. The Impact
// panel of the discount example (a sales director's link, then one team's) must draw the
// event study the API gives, point for point, under the API's headline and pre-trend verdict.
// Screenshots go to the artifacts directory.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium, Origins } from "./support/browser.js";
import { LrsServer } from "./support/lrs.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const examples = join(repo, "schemas", "examples");
const plugin = process.env.OUTCOME_LRS_PLUGIN;
const artifacts = process.env.OUTCOME_LRS_E2E_ARTIFACTS || join(tmpdir(), "outcome-lrs-e2e");
const outcome = "cut-recordable-incidents";
const team = "assembly-line-1";

const lrs = new LrsServer({ plugins: plugin ? [plugin] : [] });
const origins = new Origins();
let browser;

// A request to the LRS with its `all` credential; throws unless the status is `expected`.
async function call(method, path, { body, type = "application/json", expected = [200] } = {}) {
  const headers = { Authorization: lrs.authorization, "X-Experience-API-Version": "1.0.3" };
  if (body !== undefined) headers["Content-Type"] = type;
  const response = await fetch(`${lrs.origin}${path}`, { method, headers, body });
  const text = await response.text();
  assert.ok(expected.includes(response.status), `${method} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

// The LMS page: an iframe with `src`.
function lmsPage(src) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>LMS course page</title></head>
<body style="margin:0;font-family:sans-serif"><h1 style="font-size:18px;margin:8px">Plant safety
programme (LMS page)</h1><iframe id="dash" src="${src}" style="width:100%;height:1500px;border:0"
title="Outcome dashboard"></iframe></body></html>`;
}

before(async () => {
  assert.ok(plugin && existsSync(plugin), "OUTCOME_LRS_PLUGIN must name liboutcomes.so");
  await lrs.start();
  // The README's walkthrough: the outcomes, the statements, the KPI, the roster.
  for (const id of ["cut-recordable-incidents", "new-hire-time-to-proficiency",
                    "reduce-average-discount"]) {
    await call("PUT", `/outcomes/${id}`, {
      body: readFileSync(join(examples, "outcomes", `${id}.json`), "utf8"), expected: [201] });
  }
  await call("POST", "/xapi/statements",
             { body: readFileSync(join(examples, "statements-plant-safety.json"), "utf8") });
  // The discount example: the negotiation course's statements and each rep's monthly discount.
  await call("POST", "/xapi/statements",
             { body: readFileSync(join(examples, "statements-sales-negotiation.json"), "utf8") });
  await call("POST", "/outcomes/reduce-average-discount/kpi", {
    body: readFileSync(join(examples, "kpi", "reduce-average-discount.csv"), "utf8"),
    type: "text/csv" });
  await call("POST", `/outcomes/${outcome}/kpi`, {
    body: readFileSync(join(examples, "kpi", `${outcome}.csv`), "utf8"), type: "text/csv" });
  await call("PUT", "/outcomes/roster", {
    body: readFileSync(join(examples, "roster.csv"), "utf8"), type: "text/csv" });
  for (const id of [outcome, "reduce-average-discount"]) {
    for (let i = 0; i < 200; ++i) {
      const view = await call("GET", `/outcomes/${id}`);
      if (view.tagging.state === "done") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
  await origins.close();
  await lrs.dispose();
});

// The text of the tile labelled `label` in `frame` (trimmed).
async function tileValue(frame, label) {
  const tile = frame.locator(".tile", { has: frame.locator(".tile-label", { hasText: label }) });
  return (await tile.first().locator(".tile-value").textContent()).trim();
}

test("a manager's team link in an LMS iframe shows the team's figures from the API", async () => {
  const link = await call("POST", "/outcomes/embed", {
    body: JSON.stringify({ outcomes: [outcome], team, ttl: "1h", base: lrs.origin }),
    expected: [201] });
  const lms = await origins.listen((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(lmsPage(link.url));
  });
  assert.notEqual(new URL(lms).origin, lrs.origin, "the LMS page is on another origin");

  // What the API says of this team, with the link itself.
  const bearer = { Authorization: `Bearer ${link.token}` };
  const dashboard = await (await fetch(`${lrs.origin}/outcomes/${outcome}/dashboard`,
                                       { headers: bearer })).json();
  const totals = dashboard.consumer.totals;
  assert.ok(totals.tagged_statements > 0, JSON.stringify(totals));
  const whole = await call("GET", `/outcomes/${outcome}/dashboard`);
  assert.ok(totals.active_learners < whole.consumer.totals.active_learners,
            "the team is a part of the audience");

  const tab = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  await tab.goto(lms);
  const frame = tab.frameLocator("#dash");
  mkdirSync(artifacts, { recursive: true });
  try {
    await frame.locator(".tile-label", { hasText: "Tagged statements" }).first()
        .waitFor({ timeout: 20000 });
  } catch (e) {
    await tab.screenshot({ path: join(artifacts, "dashboard_failed.png"), fullPage: true });
    throw new Error(`${e.message}; page errors: ${errors.join(" | ")}; frame text: ` +
                    (await frame.locator("body").textContent()).slice(0, 500));
  }
  assert.equal(await tileValue(frame, "Tagged statements"), String(totals.tagged_statements));
  assert.equal(await tileValue(frame, "Active learners"), String(totals.active_learners));
  assert.equal(await tileValue(frame, "Completions"), String(totals.completions));
  assert.match(await frame.locator("#context").textContent(), new RegExp(team));
  // Plots, not only tables.
  assert.ok(await frame.locator("svg").count() >= 2, "the page draws its charts");
  const shot = join(artifacts, "dashboard_embedded.png");
  await tab.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 10000);
  assert.deepEqual(errors, []);
  await tab.close();
});

// "Completers' …" from "completers' …", as the panel shows a sentence.
function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Opens `link` (an embed answer) in an LMS iframe; the frame once its Impact panel is drawn.
async function openImpact(link, width = 1280) {
  const lms = await origins.listen((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(lmsPage(link.url + "#/outcome/reduce-average-discount"));
  });
  const tab = await browser.newPage({ viewport: { width, height: 1600 } });
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  await tab.goto(lms);
  const frame = tab.frameLocator("#dash");
  try {
    await frame.locator("#impact .impact-headline").waitFor({ timeout: 20000 });
  } catch (e) {
    mkdirSync(artifacts, { recursive: true });
    await tab.screenshot({ path: join(artifacts, "dashboard_impact_failed.png"), fullPage: true });
    throw new Error(`${e.message}; page errors: ${errors.join(" | ")}; frame text: ` +
                    (await frame.locator("body").textContent()).slice(0, 500));
  }
  return { tab, frame, errors };
}

test("the Impact panel draws the API's event study, headline and pre-trend check", async () => {
  const manager = "sofia.marin@example.com";
  const link = await call("POST", "/outcomes/embed", {
    body: JSON.stringify({ outcomes: ["reduce-average-discount"], manager, base: lrs.origin }),
    expected: [201] });
  // What the API answers this link, as the panel asks it.
  const api = await (await fetch(
    `${lrs.origin}/outcomes/reduce-average-discount/impact?window=90d`,
    { headers: { Authorization: `Bearer ${link.token}` } })).json();
  assert.equal(api.evidence, "comparison_group", JSON.stringify(api).slice(0, 400));
  assert.ok(api.window && api.pretrend, "the example answers the leader's question");
  assert.match(api.headline, /^completers' average discount on closed-won deals fell .* within 90 days of completing; 95 % CI/);
  assert.equal(api.pretrend.rejected, false);

  const { tab, frame, errors } = await openImpact(link);
  const panel = frame.locator("#impact");
  assert.equal((await panel.locator(".impact-headline").textContent()).trim(),
               capitalised(api.headline));
  assert.equal((await panel.locator(".verdict").textContent()).trim(),
               capitalised(api.pretrend.sentence));
  // Every event-study point is drawn with the API's numbers, left of the completion line
  // before completing.
  const dots = panel.locator("svg.impact-plot circle");
  assert.equal(await dots.count(), api.event_study.length);
  const completion = Number(await panel.locator("svg.impact-plot .completion line")
    .getAttribute("x1"));
  for (let k = 0; k < api.event_study.length; ++k) {
    const p = api.event_study[k];
    const dot = dots.nth(k);
    assert.equal(await dot.getAttribute("data-e"), String(p.e));
    assert.equal(Number(await dot.getAttribute("data-att")), p.att);
    assert.equal(Number(await dot.getAttribute("data-ci-low")), p.ci_low);
    assert.equal(Number(await dot.getAttribute("data-ci-high")), p.ci_high);
    assert.equal(Number(await dot.getAttribute("data-band-low")), p.band_low);
    assert.equal(Number(await dot.getAttribute("data-band-high")), p.band_high);
    assert.equal(Number(await dot.getAttribute("data-n-treated")), p.n_treated);
    const cx = Number(await dot.getAttribute("cx"));
    assert.equal(cx < completion, p.e < 0, `e = ${p.e} on its side of the completion line`);
  }
  assert.equal(await panel.locator("svg.impact-plot .band").count(), api.event_study.length);
  assert.equal(await panel.locator("svg.impact-plot .zero").count(), 1);
  assert.match(await panel.textContent(), new RegExp(`${api.counts.units} learners with KPI data`));
  const shot = join(artifacts, "dashboard_impact.png");
  await panel.screenshot({ path: shot });
  assert.ok(statSync(shot).size > 10000);
  assert.deepEqual(errors, []);
  await tab.close();
});

test("a team's link shows the team's impact, or why there is none", async () => {
  const link = await call("POST", "/outcomes/embed", {
    body: JSON.stringify({ outcomes: ["reduce-average-discount"], team: "emea-mm-uk",
                           base: lrs.origin }),
    expected: [201] });
  const api = await (await fetch(
    `${lrs.origin}/outcomes/reduce-average-discount/impact?window=90d`,
    { headers: { Authorization: `Bearer ${link.token}` } })).json();
  assert.equal(api.team.name, "emea-mm-uk");
  const whole = await call("GET", "/outcomes/reduce-average-discount/impact?window=90d");
  assert.ok(api.counts.units < whole.counts.units, "the team's learners only");
  const { tab, frame, errors } = await openImpact(link, 420);
  const panel = frame.locator("#impact");
  assert.equal((await panel.locator(".impact-headline").textContent()).trim(),
               capitalised(api.headline));
  assert.equal(await panel.locator("svg.impact-plot circle").count(), api.event_study.length);
  assert.match(await frame.locator("#context").textContent(), /emea-mm-uk/);
  await panel.screenshot({ path: join(artifacts, "dashboard_impact_team_phone.png") });
  assert.deepEqual(errors, []);
  await tab.close();
});

test("a tampered link shows no data, only why", async () => {
  const link = await call("POST", "/outcomes/embed", {
    body: JSON.stringify({ outcomes: [outcome], team, base: lrs.origin }), expected: [201] });
  const dot = link.url.lastIndexOf(".");
  const flipped = link.url[dot + 3] === "A" ? "B" : "A";
  const tampered = link.url.slice(0, dot + 3) + flipped + link.url.slice(dot + 4);
  const lms = await origins.listen((request, response) => {
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(lmsPage(tampered));
  });
  const tab = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await tab.goto(lms);
  const frame = tab.frameLocator("#dash");
  await frame.getByText(/altered/).first().waitFor({ timeout: 20000 });
  assert.equal(await frame.locator(".tile").count(), 0, "no figure is shown");
  await tab.screenshot({ path: join(artifacts, "dashboard_tampered_link.png") });
  await tab.close();
});
