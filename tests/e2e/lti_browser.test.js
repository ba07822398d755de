// LTI 1.3 in a real browser (Debian's chromium, driven by playwright-core): an LMS course page of
// the test platform (support/lti_platform.js) frames the tool's login URL, and the browser goes
// through login → the platform's authorization → the launch (the login's cookie, the id_token
// form post) → the view the roles allow, inside the LMS's iframe. An instructor sees the
// course's outcome for the course's team with the API's numbers (and the course's roster synced
// from the LMS), an administrator every outcome, a learner their own progress only; an
// instructor places a dashboard with deep linking and the platform verifies the response. The
// instructor's page is saved to the artifacts directory, and as docs/images/lti-launch.png (the
// README's) when OUTCOME_LRS_UPDATE_DOCS_IMAGES is set.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium } from "./support/browser.js";
import { LrsServer } from "./support/lrs.js";
import { LtiPlatform, Roles } from "./support/lti_platform.js";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");
const plugin = process.env.OUTCOME_LRS_PLUGIN;
const artifacts = process.env.OUTCOME_LRS_E2E_ARTIFACTS || join(tmpdir(), "outcome-lrs-e2e");
const lrs = new LrsServer({ plugins: plugin ? [plugin] : [] });
const platform = new LtiPlatform();
let browser;

const cli = (...args) => lrs.cli(...args);
const call = (method, path, options) => lrs.call(method, path, options);

const course = "https://courses.example.com/forklift";
const statement = (email, activity, verb = "completed") => ({
  actor: { mbox: `mailto:${email}` }, verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
  object: { id: activity } });

// The LMS course page for one launch (`options` as LtiPlatform.message); resolves with the tab
// and the tool's frame once its page has loaded.
async function openCourse(options, { height = 1400, viewport } = {}) {
  const hint = platform.message({ clientId: "client-a", deploymentId: "deployment-1", ...options });
  const login = new URL(`${lrs.origin}/outcomes/lti/login`);
  for (const [name, value] of Object.entries({
    iss: platform.issuer, login_hint: "user", target_link_uri: `${lrs.origin}/outcomes/lti/launch`,
    client_id: "client-a", lti_message_hint: hint, lti_deployment_id: "deployment-1" })) {
    login.searchParams.set(name, value);
  }
  const page = `${platform.issuer}/course?height=${height}&src=${encodeURIComponent(login)}`;
  const tab = await browser.newPage({ viewport: viewport || { width: 1100, height: 800 } });
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  await tab.goto(page);
  const frame = tab.frameLocator("#tool");
  await frame.locator("main[data-view]").waitFor({ timeout: 20000 });
  return { tab, frame, errors };
}

async function tileValue(frame, label) {
  const tile = frame.locator(".tile", { has: frame.locator(".tile-label", { hasText: label }) });
  return (await tile.first().locator(".tile-value").textContent()).trim();
}

before(async () => {
  assert.ok(plugin && existsSync(plugin), "OUTCOME_LRS_PLUGIN must name liboutcomes.so");
  await platform.start();
  await lrs.start();
  platform.toolJwksUrl = `${lrs.origin}/outcomes/lti/jwks`;
  browser = await launchChromium();
  cli("lti", "add-platform", "--issuer", platform.issuer, "--client-id", "client-a",
      "--auth-url", platform.authUrl, "--token-url", platform.tokenUrl,
      "--jwks-url", platform.jwksUrl, "--deployment", "deployment-1");
  for (const [id, name] of [["forklift-safety", "Cut forklift incidents"],
                            ["faster-ramp-up", "Faster ramp-up"]]) {
    await call("PUT", `/outcomes/${id}`, { expected: [201], body: JSON.stringify({
      id, name,
      kpi: { name: "Incidents", unit: "count", direction: "decrease",
             baseline: { value: 12, date: "2025-12-31" }, target: { value: 6, date: "2026-12-31" } },
      audience: { segment: "employees", size: 40 },
      rules: [{ id: "theory", activity: { id: `${course}/${id}/theory` } },
              { id: "practice", activity: { id: `${course}/${id}/practice` } }] }) });
  }
  const learners = ["ann", "bob", "cat", "dan", "eve"].map((n) => `${n}@example.com`);
  const statements = [];
  learners.forEach((email, i) => {
    statements.push(statement(email, `${course}/forklift-safety/theory`));
    if (i % 2 === 0) statements.push(statement(email, `${course}/forklift-safety/practice`));
    if (i === 4) statements.push(statement(email, `${course}/faster-ramp-up/theory`));
  });
  await call("POST", "/xapi/statements", { body: JSON.stringify(statements) });
  // The course's members in the LMS: four learners (eve is in another course) and a teacher.
  platform.courses.set("course-42", [
    ...learners.slice(0, 4).map((email, i) => ({ user_id: `u-${i}`, email, status: "Active",
                                                 roles: [Roles.learner] })),
    { user_id: "u-t", email: "teacher@example.com", roles: [Roles.instructor] }]);
});

after(async () => {
  if (browser) await browser.close();
  await lrs.dispose();
  await platform.stop();
});

test("an instructor in the LMS's iframe sees the course's outcome for its roster, as the API",
     async () => {
  const { tab, frame, errors } = await openCourse({
    roles: [Roles.instructor], name: "Iris Instructor", nrps: true,
    context: { id: "course-42", title: "Forklift" },
    custom: { activity: `${course}/forklift-safety/theory` } });
  const main = frame.locator("main[data-view]");
  assert.equal(await main.getAttribute("data-view"), "instructor");
  assert.equal(await main.getAttribute("data-outcomes"), "forklift-safety");
  assert.equal(await main.getAttribute("data-team"), "course-42");
  assert.match(await frame.locator(".roster").textContent(), /4 learners/);
  assert.match(await frame.locator(".serves").textContent(), /Cut forklift incidents/);
  const dashboard = frame.frameLocator("main iframe");
  await dashboard.locator(".tile-label", { hasText: "Tagged statements" }).first()
      .waitFor({ timeout: 20000 });
  // The API's numbers for the course's team (with an administrator's credential).
  const api = await call("GET", "/outcomes/forklift-safety/dashboard?team=course-42");
  const totals = api.consumer.totals;
  assert.equal(totals.active_learners, 4);
  assert.equal(await tileValue(dashboard, "Tagged statements"), String(totals.tagged_statements));
  assert.equal(await tileValue(dashboard, "Active learners"), String(totals.active_learners));
  assert.equal(await tileValue(dashboard, "Completions"), String(totals.completions));
  mkdirSync(artifacts, { recursive: true });
  const shot = join(artifacts, "lti-launch.png");
  await tab.screenshot({ path: shot, clip: { x: 0, y: 0, width: 1100, height: 800 } });
  assert.ok(statSync(shot).size > 10000);
  if (process.env.OUTCOME_LRS_UPDATE_DOCS_IMAGES) {
    copyFileSync(shot, join(repo, "docs", "images", "lti-launch.png"));
  }
  assert.deepEqual(errors, []);
  await tab.close();
});

test("an administrator sees every outcome; a learner their own progress only", async () => {
  const admin = await openCourse({ roles: [Roles.admin] });
  assert.equal(await admin.frame.locator("main").getAttribute("data-view"), "administrator");
  assert.equal(await admin.frame.locator("main").getAttribute("data-outcomes"),
               "faster-ramp-up,forklift-safety");
  await admin.tab.close();

  const learner = await openCourse({ roles: [Roles.learner], email: "bob@example.com",
                                     name: "Bob" });
  const { frame } = learner;
  assert.equal(await frame.locator("main").getAttribute("data-view"), "learner");
  const article = frame.locator('article[data-outcome="forklift-safety"]');
  assert.equal(await article.getAttribute("data-status"), "started");
  assert.equal(await article.getAttribute("data-statements"), "1");
  assert.equal(await article.locator('li[data-rule="theory"]').getAttribute("data-done"), "true");
  assert.equal(await article.locator('li[data-rule="practice"]').getAttribute("data-done"),
               "false");
  assert.equal(await frame.locator("article").count(), 1);  // faster-ramp-up is eve's only
  assert.equal(await frame.locator("iframe").count(), 0);
  assert.doesNotMatch(await frame.locator("body").innerHTML(), /token=|ann@|eve@/);
  await learner.tab.close();
});

test("an instructor places a dashboard with deep linking; the platform verifies it", async () => {
  const placed = platform.deepLinkResponses.length;
  const { tab, frame } = await openCourse({
    roles: [Roles.instructor], messageType: "LtiDeepLinkingRequest", resourceLink: null,
    context: { id: "course-42" }, deepLinking: { data: "dl-7" } });
  assert.equal(await frame.locator("main").getAttribute("data-view"), "deep-linking");
  await frame.locator('select[name="outcome"]').selectOption("forklift-safety");
  await frame.locator('select[name="bucket"]').selectOption("week");
  await frame.locator('button[type="submit"]').click();
  await frame.locator("text=placed").waitFor({ timeout: 20000 });
  assert.equal(platform.deepLinkResponses.length, placed + 1);
  const { payload } = platform.deepLinkResponses.at(-1);
  assert.equal(payload["https://purl.imsglobal.org/spec/lti-dl/claim/data"], "dl-7");
  const [item] = payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"];
  assert.deepEqual(item.custom, { outcome: "forklift-safety", bucket: "week" });
  await tab.close();
});
