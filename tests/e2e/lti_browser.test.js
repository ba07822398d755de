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
// and the tool's frame once its page shows `ready`. `tool` is the origin the LMS knows the tool
// by; `storage` the frame the course page offers its storage in (lti_storage_target), none by
// default; `refuseThirdPartyCookies` has the tab refuse cookies of frames of another site.
async function openCourse(options, { height = 1400, viewport, tool = lrs.origin, storage,
                                     clientId = "client-a", refuseThirdPartyCookies = false,
                                     ready = "main[data-view]", using = browser } = {}) {
  const hint = platform.message({ clientId, deploymentId: "deployment-1", storageTarget: storage,
                                  ...options });
  const login = new URL(`${tool}/outcomes/lti/login`);
  for (const [name, value] of Object.entries({
    iss: platform.issuer, login_hint: "user", target_link_uri: `${tool}/outcomes/lti/launch`,
    client_id: clientId, lti_message_hint: hint, lti_deployment_id: "deployment-1" })) {
    login.searchParams.set(name, value);
  }
  if (storage) login.searchParams.set("lti_storage_target", storage);
  let page = `${platform.issuer}/course?height=${height}&src=${encodeURIComponent(login)}`;
  if (storage) page += `&storage=${encodeURIComponent(storage)}`;
  const tab = await using.newPage({ viewport: viewport || { width: 1100, height: 800 } });
  if (refuseThirdPartyCookies) {
    const cdp = await tab.context().newCDPSession(tab);
    await cdp.send("Network.setCookieControls", { enableThirdPartyCookieRestriction: true });
  }
  const errors = [];
  tab.on("pageerror", (e) => errors.push(String(e)));
  // What the browser says of the tool's pages, such as a Content-Security-Policy it ignores.
  tab.on("console", (m) => {
    if (/Content-Security-Policy/.test(m.text())) errors.push(m.text());
  });
  await tab.goto(page);
  const frame = tab.frameLocator("#tool");
  await frame.locator(ready).first().waitFor({ timeout: 20000 });
  return { tab, frame, errors };
}

// The dashboard link a launch page framed: its token (a bearer credential of the API).
async function dashboardToken(frame) {
  const src = await frame.locator("main iframe").getAttribute("src");
  return new URL(src, lrs.origin).searchParams.get("token");
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
  // Another course of the LMS, with eve.
  platform.courses.set("course-43", [{ user_id: "u-4", email: learners[4], status: "Active",
                                       roles: [Roles.learner] }]);
  // The same LMS registered again, matching its users as accounts (its xAPI logstore's form):
  // mentors' mentees are named by LMS user id.
  cli("lti", "add-platform", "--issuer", platform.issuer, "--client-id", "client-acct",
      "--auth-url", platform.authUrl, "--token-url", platform.tokenUrl,
      "--jwks-url", platform.jwksUrl, "--deployment", "deployment-1", "--agent-match", "account");
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
  const { tab, frame, errors } = await openCourse({
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
  assert.deepEqual(errors, []);
  await tab.close();
});

test("a manager launching the placed course link sees its outcome for the course's team, as the API",
     async () => {
  // The link the deep linking test placed in course-42, launched by the course's manager.
  const placed = platform.deepLinkResponses.at(-1);
  assert.ok(placed, "the deep linking test placed a link");
  const [item] = placed.payload["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"];
  // Another course's team in the roster (eve's), synced from the LMS over HTTP.
  const [registration] = (await call("GET", "/outcomes/lti/platforms")).platforms
    .filter((p) => p.client_id === "client-a");
  const other = await call("POST", `/outcomes/lti/platforms/${registration.id}/roster-sync`, {
    body: JSON.stringify({ context_id: "course-43",
                           memberships_url: platform.membershipsUrl("course-43") }) });
  assert.equal(other.learners, 1);

  const { tab, frame, errors } = await openCourse({
    roles: [Roles.manager], name: "Mona Manager", nrps: true, resourceLink: { id: "placed-1" },
    context: { id: "course-42", title: "Forklift" }, custom: item.custom });
  const main = frame.locator("main[data-view]");
  assert.equal(await main.getAttribute("data-view"), "instructor");
  assert.equal(await main.getAttribute("data-outcomes"), "forklift-safety");
  assert.equal(await main.getAttribute("data-team"), "course-42");
  assert.equal(await main.getAttribute("data-user"), "Mona Manager");
  const dashboard = frame.frameLocator("main iframe");
  await dashboard.locator(".tile-label", { hasText: "Tagged statements" }).first()
      .waitFor({ timeout: 20000 });
  const totals = (await call("GET", "/outcomes/forklift-safety/dashboard?team=course-42"))
    .consumer.totals;
  assert.equal(totals.active_learners, 4);  // not eve, of the other course
  assert.equal(await tileValue(dashboard, "Tagged statements"), String(totals.tagged_statements));
  assert.equal(await tileValue(dashboard, "Active learners"), String(totals.active_learners));
  assert.equal(await tileValue(dashboard, "Completions"), String(totals.completions));
  // The placed link's bucket reached the dashboard.
  assert.match(await frame.locator("main iframe").getAttribute("src"), /[?&]bucket=week(&|$)/);
  // The link the manager's browser holds reaches this course's figures only.
  const auth = `Bearer ${await dashboardToken(frame)}`;
  const own = await call("GET", "/outcomes/forklift-safety/dashboard", { auth });
  assert.deepEqual(own.consumer.totals, totals);
  for (const path of ["/outcomes/forklift-safety/dashboard?team=course-43",
                      "/outcomes/faster-ramp-up/dashboard"]) {
    await call("GET", path, { auth, expected: [403] });
  }
  assert.doesNotMatch(await frame.locator("body").innerHTML(), /eve@|course-43/);
  assert.deepEqual(errors, []);
  await tab.close();
});

test("a mentor sees only their mentee's progress (role_scope_mentor)", async () => {
  const account = (name) => ({ account: { homePage: platform.issuer, name } });
  const practice = `${course}/forklift-safety/practice`;
  await call("POST", "/xapi/statements", { body: JSON.stringify([
    { ...statement("x", `${course}/forklift-safety/theory`), actor: account("u-1") },
    { ...statement("x", practice), actor: account("u-1") },
    { ...statement("x", practice), actor: account("u-2") }]) });
  const { tab, frame } = await openCourse(
    { roles: [Roles.mentor], name: "Max Mentor", sub: "u-m", mentees: ["u-1"],
      context: { id: "course-42" } },
    { clientId: "client-acct" });
  assert.equal(await frame.locator("main").getAttribute("data-view"), "mentor");
  const sections = frame.locator("section.learner");
  assert.equal(await sections.count(), 1);
  assert.equal(await sections.getAttribute("data-who"), "u-1");
  const article = sections.locator('article[data-outcome="forklift-safety"]');
  assert.equal(await article.getAttribute("data-status"), "completed");
  assert.equal(await article.getAttribute("data-statements"), "2");
  assert.equal(await frame.locator("article").count(), 1);
  assert.equal(await frame.locator("iframe").count(), 0);
  assert.doesNotMatch(await frame.locator("body").innerHTML(), /u-2|token=|@example/);
  await tab.close();
});

// The LMS knows the tool by another site's name (localhost, the LMS being 127.0.0.1), so the
// tool's cookie in the LMS's frame is a third-party cookie, which the tab refuses.
const crossSite = () => lrs.origin.replace("127.0.0.1", "localhost");

test("a browser refusing third-party cookies launches through the LMS's storage", async (t) => {
  // Its own browser, with the frames of both sites in one process: playwright-core lost track of
  // the tool's frame, now and then, as it moved between the sites' processes (LMS → tool → the
  // LMS's authorization → tool), and waited for a page the tab showed already.
  const using = await launchChromium({ args: ["--disable-site-isolation-trials"] });
  t.after(() => using.close());
  // The cookie flow fails in such a browser: the launch cannot show the login's cookie.
  const refused = await openCourse({ roles: [Roles.instructor], context: { id: "course-42" } },
                                   { tool: crossSite(), refuseThirdPartyCookies: true,
                                     ready: "text=is missing", using });
  assert.match(await refused.frame.locator("body").textContent(), /401/);
  await refused.tab.close();

  // With the LMS's storage (in a frame of its own, or the course page itself) it completes.
  for (const storage of ["lms-storage", "_parent"]) {
    const { tab, frame, errors } = await openCourse(
      { roles: [Roles.instructor], context: { id: "course-42" }, nrps: true,
        custom: { outcome: "forklift-safety" } },
      { tool: crossSite(), refuseThirdPartyCookies: true, storage, using });
    const main = frame.locator("main[data-view]");
    assert.equal(await main.getAttribute("data-view"), "instructor", storage);
    assert.equal(await main.getAttribute("data-team"), "course-42");
    // The dashboard it frames works without a cookie too.
    const dashboard = frame.frameLocator("main iframe");
    await dashboard.locator(".tile-label", { hasText: "Active learners" }).first()
        .waitFor({ timeout: 20000 });
    assert.equal(await tileValue(dashboard, "Active learners"), "4");
    // What the LMS's storage heard: the tool's login page kept its secret, its launch page
    // read it back, both from the tool's origin under the login's key.
    const keeper = storage === "_parent" ? tab.mainFrame() : tab.frame({ name: storage });
    const heard = await keeper.evaluate(() => window.ltiMessages);
    assert.deepEqual(heard.map((m) => [m.subject, m.origin]),
                     [["lti.put_data", crossSite()], ["lti.get_data", crossSite()]]);
    assert.match(heard[0].key, /^outcome-lrs-state-[A-Za-z0-9_-]{43}$/);
    assert.equal(heard[1].key, heard[0].key);
    // No cookie was needed, and none kept.
    assert.deepEqual((await tab.context().cookies(crossSite())).map((c) => c.name), []);
    // The LMS answers lti.capabilities too, naming where its storage is.
    const tool = tab.frames().find((f) => f.url().startsWith(crossSite()));
    const capabilities = await tool.evaluate(() => new Promise((resolve) => {
      window.addEventListener("message", (event) => {
        if (event.data && event.data.subject === "lti.capabilities.response") resolve(event.data);
      });
      window.parent.postMessage({ subject: "lti.capabilities", message_id: "c-1" }, "*");
    }));
    assert.equal(capabilities.message_id, "c-1");
    const put = capabilities.supported_messages.find((m) => m.subject === "lti.put_data");
    assert.equal(put.frame, storage === "_parent" ? undefined : storage);
    assert.deepEqual(errors, []);
    await tab.close();
  }
});

test("an instructor's course not in the roster yet: the pages say so, then show the course",
     async () => {
  // Fay and Gus take course-44; the LMS's launch does not offer NRPS.
  await call("POST", "/xapi/statements", { body: JSON.stringify(["fay", "gus"].map((n) =>
    statement(`${n}@example.com`, `${course}/forklift-safety/theory`))) });
  platform.courses.set("course-44", ["fay", "gus"].map((n) => ({
    user_id: `u-${n}`, email: `${n}@example.com`, status: "Active", roles: [Roles.learner] })));
  const { tab, frame, errors } = await openCourse({
    roles: [Roles.instructor], name: "Nora Newcourse", context: { id: "course-44" },
    custom: { outcome: "forklift-safety" } });
  const main = frame.locator("main[data-view]");
  assert.equal(await main.getAttribute("data-view"), "instructor");
  assert.equal(await main.getAttribute("data-team"), "course-44");
  assert.match(await frame.locator(".roster-missing").textContent(),
               /The course's roster is not in the LRS yet \(no team "course-44"\), so the dashboard shows no learner's figures: .*imports it as team "course-44"/);
  // The dashboard it frames shows no figure, saying why.
  const dashboard = frame.frameLocator("main iframe");
  const box = dashboard.locator(".error-box");
  await box.waitFor({ timeout: 20000 });
  assert.match(await box.textContent(), /no team "course-44" in the roster/);
  assert.equal(await dashboard.locator(".tile-value").count(), 0);

  // The roster arrives (synced from the LMS over HTTP): the same dashboard shows the course's
  // two learners, as the API does for the team.
  const [registration] = (await call("GET", "/outcomes/lti/platforms")).platforms
    .filter((p) => p.client_id === "client-a");
  const synced = await call("POST", `/outcomes/lti/platforms/${registration.id}/roster-sync`, {
    body: JSON.stringify({ context_id: "course-44",
                           memberships_url: platform.membershipsUrl("course-44") }) });
  assert.equal(synced.learners, 2);
  const inner = tab.frames().find((f) => f.url().includes("/outcomes/ui/"));
  assert.ok(inner, "the dashboard's frame");
  await inner.evaluate(() => window.location.reload());
  await dashboard.locator(".tile-label", { hasText: "Active learners" }).first()
      .waitFor({ timeout: 20000 });
  const totals = (await call("GET", "/outcomes/forklift-safety/dashboard?team=course-44"))
    .consumer.totals;
  assert.equal(totals.active_learners, 2);
  assert.equal(await tileValue(dashboard, "Active learners"), "2");
  assert.equal(await tileValue(dashboard, "Tagged statements"), String(totals.tagged_statements));
  assert.deepEqual(errors, []);
  await tab.close();
});
