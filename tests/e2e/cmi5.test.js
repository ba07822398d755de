// @xapi/cmi5, the cmi5 profile library of xAPI.js (an xAPI 1.0.3 client, as cmi5 content is),
// against a real outcome-lrs, in a real browser as cmi5 content runs: this test plays the LMS
// (it writes the LMS.LaunchData State document, and serves the assignable unit's page and the
// one-time fetch URL that hands out the session's credentials, from an origin other than the
// LRS's), and the library, in Debian's chromium, plays the assignable unit through a whole
// session launched the cmi5 way (endpoint, fetch, actor, registration and activityId in the
// page's URL): initialize (auth token, launch data, learner preferences, "initialized"),
// progress, complete, pass with a score, terminate. Every statement must be stored as cmi5
// sends it, read back by registration, and carry the LMS's context template.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { launchChromium, Origins } from "./support/browser.js";
import { LrsServer } from "./support/lrs.js";

// The package's browser bundle (its own axios and @xapi/xapi inside), as content ships it.
const require = createRequire(import.meta.url);
const kCmi5Bundle = readFileSync(require.resolve("@xapi/cmi5/dist/Cmi5.umd.js"), "utf8");

// The assignable unit: the library reads its launch parameters from the page's URL.
const kAuPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>AU</title><script src="/cmi5.umd.js"></script></head>
<body><script>
  window.session = (async () => {
    const au = Cmi5.instance;
    await au.initialize();
    const launchData = au.getLaunchData();
    await au.progress(50);
    await au.complete();
    await au.pass({ scaled: 0.9 });
    await au.terminate();
    return { moveOn: launchData.moveOn, masteryScore: launchData.masteryScore };
  })().catch((error) => ({ error: String(error && (error.stack || error.message) || error) }));
</script></body></html>`;

const kCmi5Category = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
const kMoveOnCategory = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const kSessionId = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
const kVerbs = {
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  progressed: "http://adlnet.gov/expapi/verbs/progressed",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  terminated: "http://adlnet.gov/expapi/verbs/terminated",
};

const lrs = new LrsServer();
const origins = new Origins();
let browser;

before(async () => {
  await lrs.start();
});

after(async () => {
  if (browser) await browser.close();
  await origins.close();
  await lrs.dispose();
});

// A request to the LRS as the LMS makes it (Basic auth, xAPI 1.0.3).
async function lms(method, path, { params = {}, body, type = "application/json" } = {}) {
  const url = new URL(lrs.endpoint + path);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const headers = {
    Authorization: "Basic " + Buffer.from(`${lrs.key}:${lrs.secret}`).toString("base64"),
    "X-Experience-API-Version": "1.0.3",
  };
  if (body !== undefined) headers["Content-Type"] = type;
  const response = await fetch(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

test("an assignable unit runs a whole cmi5 session against the LRS", async () => {
  const registration = randomUUID();
  const sessionId = randomUUID();
  const actor = { objectType: "Agent", account: { homePage: "https://lms.example.com",
                                                  name: `learner-${randomUUID().slice(0, 8)}` } };
  const activityId = `https://lms.example.com/cmi5/au/${randomUUID()}`;
  const course = "https://lms.example.com/cmi5/course/negotiation";

  // The LMS: the launch data of this registration, as cmi5 §10 asks, before the launch.
  const contextTemplate = {
    contextActivities: { grouping: [{ id: course }] },
    extensions: { [kSessionId]: sessionId },
  };
  const launchData = await lms("PUT", "activities/state", {
    params: { activityId, agent: JSON.stringify(actor), registration, stateId: "LMS.LaunchData" },
    body: { contextTemplate, launchMode: "Normal", moveOn: "CompletedAndPassed",
            masteryScore: 0.8, returnURL: "https://lms.example.com/return" },
  });
  assert.equal(launchData.status, 204, JSON.stringify(launchData.body));

  // The LMS's origin: the AU's page and bundle, and the fetch URL, whose one POST answers the
  // session's credentials (any later one is an error: cmi5 §8.2's one-time use).
  let fetched = 0;
  const lmsOrigin = await origins.listen((request, response) => {
    if (request.method === "GET" && request.url.startsWith("/au.html")) {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return response.end(kAuPage);
    }
    if (request.method === "GET" && request.url === "/cmi5.umd.js") {
      response.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8" });
      return response.end(kCmi5Bundle);
    }
    if (request.method !== "POST" || request.url !== "/fetch") {
      response.writeHead(404);
      return response.end();
    }
    fetched += 1;
    response.writeHead(200, { "Content-Type": "application/json" });
    if (fetched > 1) {
      return response.end(JSON.stringify({ "error-code": "1", "error-text": "already used" }));
    }
    const token = Buffer.from(`${lrs.key}:${lrs.secret}`).toString("base64");
    response.end(JSON.stringify({ "auth-token": token }));
  });
  assert.notEqual(new URL(lmsOrigin).origin, lrs.origin, "the content and the LRS are cross-origin");

  // The launch: the cmi5 parameters in the AU's URL.
  const launch = new URL(`${lmsOrigin}/au.html`);
  launch.searchParams.set("endpoint", lrs.endpoint);
  launch.searchParams.set("fetch", `${lmsOrigin}/fetch`);
  launch.searchParams.set("actor", JSON.stringify(actor));
  launch.searchParams.set("registration", registration);
  launch.searchParams.set("activityId", activityId);
  browser = await launchChromium();
  const page = await browser.newPage();
  const versions = new Set();
  page.on("request", (request) => {
    if (request.url().startsWith(lrs.origin) && request.method() !== "OPTIONS") {
      versions.add(request.headers()["x-experience-api-version"]);
    }
  });
  await page.goto(launch.href);
  const session = await page.evaluate(() => window.session);
  assert.equal(session.error, undefined, session.error);
  assert.deepEqual(session, { moveOn: "CompletedAndPassed", masteryScore: 0.8 });
  assert.equal(fetched, 1);
  // Every request the content sent to the LRS said 1.0.3.
  assert.deepEqual([...versions], ["1.0.3"]);

  // What the LRS holds for the registration, oldest first.
  const read = await lms("GET", "statements", { params: { registration, ascending: "true" } });
  assert.equal(read.status, 200);
  const statements = read.body.statements;
  assert.deepEqual(statements.map((s) => s.verb.id),
                   [kVerbs.initialized, kVerbs.progressed, kVerbs.completed, kVerbs.passed,
                    kVerbs.terminated]);
  for (const s of statements) {
    const what = `${s.verb.id}: ${JSON.stringify(s)}`;
    assert.deepEqual(s.actor.account, actor.account, what);
    assert.equal(s.object.id, activityId, what);
    assert.equal(s.context.registration, registration, what);
    // The LMS's context template, and the cmi5 category, on every statement.
    assert.equal(s.context.extensions[kSessionId], sessionId, what);
    assert.ok(s.context.contextActivities.grouping.some((a) => a.id === course), what);
    // The cmi5 category marks cmi5-defined statements; "progressed" is only cmi5-allowed.
    if (s.verb.id !== kVerbs.progressed) {
      assert.ok(s.context.contextActivities.category.some((a) => a.id === kCmi5Category), what);
    }
    // Stored under xAPI 1.0.3, the version @xapi/cmi5 speaks.
    assert.ok(s.version.startsWith("1.0"), what);
    assert.ok(s.stored && s.authority, what);
  }
  const [, progressed, completed, passed, terminated] = statements;
  assert.equal(progressed.result.extensions["https://w3id.org/xapi/cmi5/result/extensions/progress"],
               50);
  assert.equal(completed.result.completion, true);
  assert.ok(completed.context.contextActivities.category.some((a) => a.id === kMoveOnCategory));
  assert.equal(passed.result.success, true);
  assert.equal(passed.result.score.scaled, 0.9);
  assert.ok(passed.context.contextActivities.category.some((a) => a.id === kMoveOnCategory));
  assert.match(terminated.result.duration, /^P/);

  // The launch data the AU read is the LMS's, unchanged.
  const state = await lms("GET", "activities/state", {
    params: { activityId, agent: JSON.stringify(actor), registration, stateId: "LMS.LaunchData" },
  });
  assert.equal(state.status, 200);
  assert.deepEqual(state.body.contextTemplate, contextTemplate);
});
