// A real browser (Debian's chromium, driven by playwright-core) uses the LRS from another
// origin: a page served by a small HTTP server in this test, on its own port, sends xAPI
// requests to the LRS with fetch. Success proves CORS as browsers enforce it: preflights for
// PUT with Authorization, X-Experience-API-Version and If-Match, and script-readable ETag,
// Last-Modified and X-Experience-API-Consistent-Through headers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launchChromium, Origins } from "./support/browser.js";
import { LrsServer } from "./support/lrs.js";

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = process.env.OUTCOME_LRS_E2E_ARTIFACTS || join(tmpdir(), "outcome-lrs-e2e");

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

test("a page on another origin PUTs and GETs a statement and a State document", async () => {
  const config = {
    endpoint: lrs.endpoint,
    key: lrs.key,
    secret: lrs.secret,
    statementId: randomUUID(),
    activityId: `http://example.com/e2e/browser/${randomUUID()}`,
    mbox: `mailto:browser-${randomUUID().slice(0, 8)}@example.com`,
    noCorsUrl: "",
  };
  // The control: an origin that answers without any CORS header.
  config.noCorsUrl = (await origins.listen((request, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end('{"secret": true}');
  })) + "/no-cors";
  const template = readFileSync(join(here, "browser", "cors_page.html"), "utf8");
  const page = template.replace("/*CONFIG*/null",
                                JSON.stringify(config).replace(/</g, "\\u003c"));
  const pageOrigin = await origins.listen((request, response) => {
    if (request.url !== "/") {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    response.end(page);
  });
  assert.notEqual(new URL(pageOrigin).origin, lrs.origin, "the page and the LRS are cross-origin");

  browser = await launchChromium();
  const tab = await browser.newPage({ viewport: { width: 1000, height: 520 } });
  const consoleErrors = [];
  tab.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await tab.goto(`${pageOrigin}/`);
  await tab.waitForSelector("body[data-done=true]", { timeout: 20000 });

  mkdirSync(artifacts, { recursive: true });
  const screenshot = join(artifacts, "browser_cors.png");
  await tab.screenshot({ path: screenshot, fullPage: true });
  assert.ok(statSync(screenshot).size > 0);

  const results = await tab.evaluate(() => window.e2eResults);
  const steps = await tab.$$eval("#steps li", (items) =>
    items.map((item) => ({ id: item.id, ok: item.dataset.ok, text: item.textContent })));
  const failed = steps.filter((s) => s.ok !== "true");
  assert.deepEqual(failed, [], `page steps failed: ${JSON.stringify(failed)} (screenshot ` +
                                `${screenshot}); console: ${consoleErrors.join(" | ")}`);
  assert.deepEqual(steps.map((s) => s.id), [
    "step-control-no-cors", "step-put-statement", "step-get-statement", "step-put-state",
    "step-get-state-etag", "step-put-state-if-match", "step-put-state-stale-if-match",
    "step-get-state-after",
  ]);
  assert.equal(await tab.evaluate(() => location.origin), pageOrigin);
  assert.match(results.etag, /^"[0-9a-f]{40}"$/);

  // What the browser wrote is in the LRS, as sent.
  const headers = { Authorization: lrs.authorization, "X-Experience-API-Version": "1.0.3" };
  const stored = await fetch(`${lrs.endpoint}statements?statementId=${config.statementId}`,
                             { headers });
  assert.equal(stored.status, 200);
  const statement = await stored.json();
  assert.equal(statement.actor.mbox, config.mbox);
  assert.equal(statement.object.id, config.activityId);
  assert.equal(statement.stored, results.stored);
  const state = await fetch(`${lrs.endpoint}activities/state?activityId=` +
                            `${encodeURIComponent(config.activityId)}&agent=` +
                            `${encodeURIComponent(JSON.stringify({ mbox: config.mbox }))}` +
                            "&stateId=bookmark", { headers });
  assert.deepEqual(await state.json(), { page: 2 });
});
