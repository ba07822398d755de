// @xapi/xapi (xAPI.js), a widely used xAPI client, against a real outcome-lrs: every resource
// the library has a call for, each result compared with what was sent, through both of the
// library's HTTP adapters (axios, its default, and fetch), and all of it twice: as an xAPI 1.0.3
// client (the library's default X-Experience-API-Version) and as an xAPI 2.0.0 client (its
// `version: "2.0.0"` option), the two populations an LRS serves side by side. Under 2.0.0 the
// suite also stores context agents and groups, finds them with related_agents, and reads the
// same statement back as a 1.0.3 client does.
//
// Known limits of the library, not of the LRS:
// * useCacheBuster adds a `cachebuster` query parameter, which xAPI does not define; the LRS
//   rejects unknown parameters with 400 as Part Three asks, so it cannot be used.
// * The fetch adapter throws Error(response body) without the HTTP status; the status is read
//   from the LRS's JSON error body instead.
// * Attachments: with the axios adapter in Node, the multipart/mixed body goes out as
//   `Content-Type: application/octet-stream` (the library's Blob has no type, and axios sends
//   the Blob's type instead of the library's header), which the LRS must refuse. The library's
//   multipart reader keeps only the last line of each part, so multi-line attachment data does
//   not come back whole through it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import XAPI from "@xapi/xapi";

import { LrsServer } from "./support/lrs.js";
import {
  assertSameStatement, kEtagPattern, kVerbs, makeActivity, makeAgent, makeStatement,
  textAttachment,
} from "./support/fixtures.js";

const lrs = new LrsServer();

before(async () => {
  await lrs.start();
});

after(async () => {
  await lrs.dispose();
});

// A response header whatever case the adapter gives header names in.
function header(response, name) {
  const headers = response.headers;
  if (typeof headers.get === "function") return headers.get(name);
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

// The HTTP status a rejected library call failed with.
async function statusOf(promise) {
  try {
    await promise;
  } catch (error) {
    if (error.response) return error.response.status;  // axios
    // The fetch adapter throws Error(body): the LRS's error body names the status.
    let body;
    try {
      body = JSON.parse(error.message);
    } catch {
      assert.fail(`expected an HTTP error, got ${error}`);
    }
    return body.error.status;
  }
  assert.fail("expected the LRS to refuse the request");
}

for (const version of ["1.0.3", "2.0.0"]) for (const adapter of ["axios", "fetch"]) {
describe(`@xapi/xapi ${version}, ${adapter} adapter`, () => {
  let xapi;
  const agent = makeAgent(`xapijs-${version}-${adapter}`);
  const activity = makeActivity(`xapijs-${version}-${adapter}`);

  before(() => {
    xapi = new XAPI({ endpoint: lrs.endpoint, auth: XAPI.toBasicAuth(lrs.key, lrs.secret),
                      adapter, version });
  });

  test(`About lists ${version}, and answers as ${version}`, async () => {
    const about = await xapi.getAbout();
    assert.equal(about.status, 200);
    assert.ok(about.data.version.includes("1.0.3"), JSON.stringify(about.data));
    assert.ok(about.data.version.includes("2.0.0"), JSON.stringify(about.data));
    assert.equal(header(about, "X-Experience-API-Version"), version);
  });

  const single = makeStatement(agent, kVerbs.attempted, activity, {
    result: { score: { scaled: 0.5, raw: 5, min: 0, max: 10 }, completion: false },
  });
  const batch = [
    makeStatement(agent, kVerbs.completed, activity, { result: { completion: true } }),
    makeStatement(agent, kVerbs.passed, activity, { result: { success: true } }),
    makeStatement(agent, kVerbs.completed, activity, { context: { registration: randomUUID() } }),
  ];

  test("sendStatement stores one statement, getStatement returns it", async () => {
    const sent = await xapi.sendStatement({ statement: single });
    assert.deepEqual(sent.data, [single.id]);
    const got = await xapi.getStatement({ statementId: single.id });
    assert.equal(got.status, 200);
    assertSameStatement(got.data, single);
    assert.ok(header(got, "X-Experience-API-Consistent-Through"));
    assert.equal(header(got, "X-Experience-API-Version"), version);
    // A statement without "version" gets that of the request (1.0.0 for 1.0.x, 2.0.0 for 2.0).
    assert.equal(got.data.version, version === "2.0.0" ? "2.0.0" : "1.0.0");
    assert.ok(header(got, "Last-Modified"));
  });

  test("sendStatements stores a batch, each readable by id", async () => {
    const sent = await xapi.sendStatements({ statements: batch });
    assert.deepEqual(sent.data, batch.map((s) => s.id));
    for (const statement of batch) {
      const got = await xapi.getStatement({ statementId: statement.id });
      assertSameStatement(got.data, statement);
    }
  });

  test("getStatements filters by agent and verb", async () => {
    const completed = await xapi.getStatements({ agent, verb: kVerbs.completed.id });
    const expected = batch.filter((s) => s.verb.id === kVerbs.completed.id);
    // Newest stored first: the batch was stored in order, so the last completed comes first.
    const newestFirst = [...expected].reverse();
    assert.deepEqual(completed.data.statements.map((s) => s.id), newestFirst.map((s) => s.id));
    completed.data.statements.forEach((s, i) => assertSameStatement(s, newestFirst[i]));

    const byAgent = await xapi.getStatements({ agent, ascending: true });
    assert.deepEqual(byAgent.data.statements.map((s) => s.id), [single, ...batch].map((s) => s.id));

    const other = await xapi.getStatements({ agent: makeAgent("nobody") });
    assert.deepEqual(other.data.statements, []);
  });

  test("getMoreStatements follows the more link to the end", async () => {
    const all = [single, ...batch].map((s) => s.id);
    const seen = [];
    let page = await xapi.getStatements({ agent, limit: 2, ascending: true });
    let pages = 1;
    seen.push(...page.data.statements.map((s) => s.id));
    assert.equal(page.data.statements.length, 2);
    assert.match(page.data.more, /^\/xapi\/statements\?/);
    while (page.data.more) {
      page = await xapi.getMoreStatements({ more: page.data.more });
      seen.push(...page.data.statements.map((s) => s.id));
      assert.ok(++pages <= 3, "at most ceil(4 / 2) pages, plus an empty last one");
    }
    assert.deepEqual(seen, all);
  });

  test("sendStatement with attachment data (multipart), read back with attachments", async () => {
    const text = "Certificate: passed with distinction, ü €";  // one line: see the header
    const statement = makeStatement(agent, kVerbs.completed, makeActivity("certificate"), {
      attachments: [textAttachment(text)],
    });
    if (adapter === "axios") {
      // The body arrives as application/octet-stream: refused, and nothing is stored.
      assert.equal(await statusOf(xapi.sendStatement({ statement, attachments: [text] })), 400);
      assert.equal(await statusOf(xapi.getStatement({ statementId: statement.id })), 404);
      return;
    }
    const sent = await xapi.sendStatement({ statement, attachments: [text] });
    assert.deepEqual(sent.data, [statement.id]);
    const got = await xapi.getStatement({ statementId: statement.id, attachments: true });
    assert.match(header(got, "Content-Type"), /^multipart\/mixed; boundary=/);
    const [stored, data, ...rest] = got.data;
    assertSameStatement(stored, statement);
    assert.deepEqual(stored.attachments, statement.attachments);
    assert.equal(data, text);
    assert.deepEqual(rest, []);
  });

  test("voidStatement voids: gone from queries, readable by voidedStatementId", async () => {
    const target = batch[1];
    const voided = await xapi.voidStatement({ actor: agent, statementId: target.id });
    assert.equal(voided.data.length, 1);
    const voiding = await xapi.getStatement({ statementId: voided.data[0] });
    assert.equal(voiding.data.verb.id, "http://adlnet.gov/expapi/verbs/voided");
    assert.deepEqual(voiding.data.object, { objectType: "StatementRef", id: target.id });

    assert.equal(await statusOf(xapi.getStatement({ statementId: target.id })), 404);
    const got = await xapi.getVoidedStatement({ voidedStatementId: target.id });
    assertSameStatement(got.data, target);
    // The voided statement leaves the results; the voiding statement targets it by StatementRef,
    // so it matches the target's filters (Part Three §2.1.3) and is what the query finds.
    const passed = await xapi.getStatements({ agent, verb: kVerbs.passed.id });
    assert.deepEqual(passed.data.statements.map((s) => s.id), voided.data);
  });

  test("State: JSON set/get/merge, plain text, If-Match, list, delete", async () => {
    const where = { agent, activityId: activity.id };
    const bookmark = { page: 7, answers: ["a", "b"], nested: { done: false } };
    await xapi.setState({ ...where, stateId: "bookmark", state: bookmark });
    let got = await xapi.getState({ ...where, stateId: "bookmark" });
    assert.deepEqual(got.data, bookmark);
    const etag = header(got, "ETag");
    assert.match(etag, kEtagPattern);

    // POST merges the top-level properties of two JSON objects.
    await xapi.createState({ ...where, stateId: "bookmark", state: { page: 8, seen: true } });
    got = await xapi.getState({ ...where, stateId: "bookmark" });
    assert.deepEqual(got.data, { ...bookmark, page: 8, seen: true });
    const mergedEtag = header(got, "ETag");
    assert.notEqual(mergedEtag, etag);

    // A stale If-Match is refused and changes nothing; the current one is accepted.
    assert.equal(await statusOf(xapi.setState({ ...where, stateId: "bookmark", state: { page: 1 },
                                                etag, matchHeader: "If-Match" })), 412);
    await xapi.setState({ ...where, stateId: "bookmark", state: { page: 9 }, etag: mergedEtag,
                          matchHeader: "If-Match" });
    got = await xapi.getState({ ...where, stateId: "bookmark" });
    assert.deepEqual(got.data, { page: 9 });

    const text = "suspend data: 1,2,3\nline two ü";
    await xapi.setState({ ...where, stateId: "suspend", state: text, contentType: "text/plain" });
    got = await xapi.getState({ ...where, stateId: "suspend" });
    assert.equal(got.data, text);
    assert.match(header(got, "Content-Type"), /^text\/plain/);

    const ids = await xapi.getStates(where);
    assert.deepEqual([...ids.data].sort(), ["bookmark", "suspend"]);

    await xapi.deleteState({ ...where, stateId: "suspend" });
    assert.equal(await statusOf(xapi.getState({ ...where, stateId: "suspend" })), 404);
    await xapi.deleteStates(where);
    assert.deepEqual((await xapi.getStates(where)).data, []);
  });

  test("Activity Profile: If-None-Match create, If-Match update, merge, list, delete", async () => {
    const where = { activityId: activity.id, profileId: "settings" };
    const settings = { theme: "dark", fontSize: 14 };
    const create = { etag: "*", matchHeader: "If-None-Match" };
    await xapi.setActivityProfile({ ...where, profile: settings, ...create });
    assert.equal(await statusOf(xapi.setActivityProfile({ ...where, profile: { theme: "light" },
                                                          ...create })), 412);
    let got = await xapi.getActivityProfile(where);
    assert.deepEqual(got.data, settings);
    const etag = header(got, "ETag");
    assert.match(etag, kEtagPattern);

    const match = { etag, matchHeader: "If-Match" };
    await xapi.setActivityProfile({ ...where, profile: { theme: "light" }, ...match });
    assert.equal(await statusOf(xapi.setActivityProfile({ ...where, profile: { theme: "stale" },
                                                          ...match })), 412);
    await xapi.createActivityProfile({ ...where, profile: { fontSize: 16 } });
    got = await xapi.getActivityProfile(where);
    assert.deepEqual(got.data, { theme: "light", fontSize: 16 });

    const ids = await xapi.getActivityProfiles({ activityId: activity.id });
    assert.deepEqual(ids.data, ["settings"]);
    assert.equal(await statusOf(xapi.deleteActivityProfile({ ...where, etag })), 412);
    await xapi.deleteActivityProfile({ ...where, etag: header(got, "ETag") });
    assert.equal(await statusOf(xapi.getActivityProfile(where)), 404);
  });

  test("Agent Profile: If-None-Match create, If-Match update, text, list, delete", async () => {
    const where = { agent, profileId: "preferences" };
    const preferences = { language: "de-CH", captions: true };
    await xapi.setAgentProfile({ ...where, profile: preferences, etag: "*",
                                 matchHeader: "If-None-Match" });
    let got = await xapi.getAgentProfile(where);
    assert.deepEqual(got.data, preferences);
    const etag = header(got, "ETag");
    assert.match(etag, kEtagPattern);

    await xapi.createAgentProfile({ ...where, profile: { captions: false }, etag,
                                    matchHeader: "If-Match" });
    got = await xapi.getAgentProfile(where);
    assert.deepEqual(got.data, { language: "de-CH", captions: false });

    const note = "free text about the learner";
    await xapi.setAgentProfile({ agent, profileId: "note", profile: note, contentType: "text/plain",
                                 etag: "*", matchHeader: "If-None-Match" });
    got = await xapi.getAgentProfile({ agent, profileId: "note" });
    assert.equal(got.data, note);

    const ids = await xapi.getAgentProfiles({ agent });
    assert.deepEqual([...ids.data].sort(), ["note", "preferences"]);
    await xapi.deleteAgentProfile({ agent, profileId: "note" });
    assert.equal(await statusOf(xapi.getAgentProfile({ agent, profileId: "note" })), 404);
    assert.deepEqual((await xapi.getAgentProfiles({ agent })).data, ["preferences"]);
  });

  test("getActivity returns the canonical definition the statements gave", async () => {
    const got = await xapi.getActivity({ activityId: activity.id });
    assert.equal(got.data.id, activity.id);
    assert.deepEqual(got.data.definition, activity.definition);
  });

  test("getAgent returns the Person with the agent's name and mbox", async () => {
    const got = await xapi.getAgent({ agent });
    assert.equal(got.data.objectType, "Person");
    assert.deepEqual(got.data.name, [agent.name]);
    assert.deepEqual(got.data.mbox, [agent.mbox]);
  });

  if (version === "2.0.0") {
    test("2.0.0: context agents and groups, found by related_agents, dropped for 1.0.3", async () => {
      const coach = makeAgent(`xapijs-coach-${adapter}`);
      const statement = makeStatement(agent, kVerbs.attempted, activity, {
        context: {
          contextAgents: [{ objectType: "contextAgent", agent: coach,
                            relevantTypes: ["http://example.com/roles/coach"] }],
          contextGroups: [{ objectType: "contextGroup",
                            group: { objectType: "Group", member: [makeAgent("xapijs-peer")] } }],
        },
      });
      const sent = await xapi.sendStatement({ statement });
      assert.deepEqual(sent.data, [statement.id]);
      const got = await xapi.getStatement({ statementId: statement.id });
      assertSameStatement(got.data, statement);

      const related = await xapi.getStatements({ agent: coach, related_agents: true });
      assert.deepEqual(related.data.statements.map((s) => s.id), [statement.id]);
      assert.deepEqual((await xapi.getStatements({ agent: coach })).data.statements, []);

      // The same LRS, read by a 1.0.3 client: a statement that client accepts.
      const old = new XAPI({ endpoint: lrs.endpoint, auth: XAPI.toBasicAuth(lrs.key, lrs.secret),
                             adapter });
      const read = await old.getStatement({ statementId: statement.id });
      assert.equal(header(read, "X-Experience-API-Version"), "1.0.3");
      assert.equal(read.data.context.contextAgents, undefined);
      assert.equal(read.data.context.contextGroups, undefined);
      assert.equal(read.data.version, "1.0.0");
      assert.deepEqual(read.data.actor, statement.actor);
      assert.deepEqual((await old.getStatements({ agent: coach, related_agents: true }))
                         .data.statements, []);
      // And a 1.0.3 client cannot send them.
      const again = makeStatement(agent, kVerbs.attempted, activity,
                                  { context: statement.context });
      assert.equal(await statusOf(old.sendStatement({ statement: again })), 400);
    });
  }

  test("useCacheBuster adds a parameter xAPI does not define; the LRS refuses it", async () => {
    // Part Three: an LRS rejects unknown parameters with 400. The library's optional cache
    // buster adds "cachebuster=...", so it cannot be used with a strict LRS.
    const busted = xapi.getStatement({ statementId: single.id, useCacheBuster: true });
    assert.equal(await statusOf(busted), 400);
  });
});
}
