// TinCanJS (Rustici's xAPI library, `tincanjs`) against a real outcome-lrs: every LRS call the
// library has, each result compared with what was sent.
//
// Known limits of the library, not of the LRS:
// * TinCanJS knows xAPI versions up to 1.0.2 and sends `X-Experience-API-Version: 1.0.2`; the
//   LRS serves every 1.0.x request as 1.0.3, which is what the spec asks.
// * It has no call for the Agents resource (Person objects); the test reaches it through the
//   library's own `sendRequest`, with the library's agent serialisation.
// * dropState/dropActivityProfile/dropAgentProfile take no ETag; If-Match goes in
//   `requestHeaders`, which the library passes through.
// * In Node every call must be asynchronous (a callback); synchronous requests are browser-only.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import TinCan from "tincanjs";

import { LrsServer } from "./support/lrs.js";
import {
  kEtagPattern, kVerbs, makeActivity, makeAgent, makeStatement, textAttachment,
} from "./support/fixtures.js";

const server = new LrsServer();
let lrs;
const agentJson = makeAgent("tincanjs");
const activityJson = makeActivity("tincanjs");
const agent = new TinCan.Agent(structuredClone(agentJson));
const activity = new TinCan.Activity(structuredClone(activityJson));

before(async () => {
  await server.start();
  lrs = new TinCan.LRS({ endpoint: server.endpoint, username: server.key,
                         password: server.secret, allowFail: false });
});

after(async () => {
  await server.dispose();
});

// Runs a TinCanJS call that takes a callback: resolves with its result, rejects with an Error
// carrying the HTTP status (`status`) when the library reports one.
function call(invoke) {
  return new Promise((resolve, reject) => {
    invoke((err, result) => {
      if (err === null) return resolve(result);
      const error = new Error(`TinCanJS call failed: ${err} ${result && result.responseText}`);
      error.status = err;
      reject(error);
    });
  });
}

// retrieveActivityProfile / retrieveAgentProfile: the document, or null when there is none.
const activityProfile = (id, activity) =>
  call((callback) => lrs.retrieveActivityProfile(id, { activity, callback }));
const agentProfile = (id, agent) =>
  call((callback) => lrs.retrieveAgentProfile(id, { agent, callback }));

// The HTTP status a failing call reported.
async function statusOf(promise) {
  try {
    await promise;
  } catch (error) {
    assert.equal(typeof error.status, "number", String(error));
    return error.status;
  }
  assert.fail("expected the LRS to refuse the request");
}

const toStatement = (json) => new TinCan.Statement(structuredClone(json));

// The statement as the library serialises it, without what the LRS adds.
function sentForm(statement) {
  const json = statement.asVersion("1.0.2");
  delete json.stored;
  delete json.authority;
  delete json.version;
  return json;
}

// Asserts that the LRS gave back what the library sent, plus stored and authority.
function assertSameStatement(got, sent) {
  assert.ok(got instanceof TinCan.Statement);
  assert.deepEqual(sentForm(got), sentForm(sent));
  assert.ok(got.stored, "the LRS sets stored");
  assert.ok(got.authority, "the LRS sets authority");
}

const single = toStatement(makeStatement(agentJson, kVerbs.attempted, activityJson, {
  result: { score: { scaled: 0.75, raw: 75, min: 0, max: 100 }, duration: "PT1M30S" },
}));
const batch = [
  makeStatement(agentJson, kVerbs.completed, activityJson, { result: { completion: true } }),
  makeStatement(agentJson, kVerbs.passed, activityJson, { result: { success: true } }),
  makeStatement(agentJson, kVerbs.completed, activityJson),
  makeStatement(agentJson, kVerbs.completed, activityJson),
].map(toStatement);

test("about lists 1.0.3", async () => {
  const about = await call((callback) => lrs.about({ callback }));
  assert.ok(about instanceof TinCan.About);
  assert.ok(about.version.includes("1.0.3"), JSON.stringify(about.version));
});

test("saveStatement PUTs one statement, retrieveStatement returns it", async () => {
  const xhr = await call((callback) => lrs.saveStatement(single, { callback }));
  assert.equal(xhr.status, 204, "a statement with an id goes by PUT");
  const got = await call((callback) => lrs.retrieveStatement(single.id, { callback }));
  assertSameStatement(got, single);
});

test("saveStatements POSTs a batch, each readable by id", async () => {
  const xhr = await call((callback) => lrs.saveStatements(batch, { callback }));
  assert.deepEqual(JSON.parse(xhr.responseText), batch.map((s) => s.id));
  for (const statement of batch) {
    assertSameStatement(await call((callback) => lrs.retrieveStatement(statement.id, { callback })),
                        statement);
  }
});

test("queryStatements filters by agent and verb; moreStatements pages to the end", async () => {
  const completed = batch.filter((s) => s.verb.id === kVerbs.completed.id);
  const result = await call((callback) => lrs.queryStatements({
    params: { agent, verb: new TinCan.Verb(structuredClone(kVerbs.completed)), ascending: true },
    callback,
  }));
  assert.ok(result instanceof TinCan.StatementsResult);
  assert.equal(result.statements.length, completed.length);
  result.statements.forEach((s, i) => assertSameStatement(s, completed[i]));

  const all = [single, ...batch].map((s) => s.id);
  let page = await call((callback) => lrs.queryStatements({
    params: { agent, limit: 2, ascending: true }, callback,
  }));
  const seen = page.statements.map((s) => s.id);
  assert.equal(seen.length, 2);
  assert.ok(page.more, "a full page has a more link");
  let pages = 1;
  while (page.more) {
    const url = page.more;
    page = await call((callback) => lrs.moreStatements({ url, callback }));
    seen.push(...page.statements.map((s) => s.id));
    assert.ok(++pages <= 4, "at most ceil(5 / 2) pages, plus an empty last one");
  }
  assert.deepEqual(seen, all);
});

test("saveStatement with attachment content (multipart), read back byte for byte", async () => {
  const text = "TinCanJS certificate\r\nsecond line: ü €\n";
  const statement = toStatement(makeStatement(agentJson, kVerbs.completed,
                                              makeActivity("tincanjs-certificate")));
  const attachment = new TinCan.Attachment({
    usageType: "http://id.tincanapi.com/attachment/certificate-of-completion",
    display: { "en-US": "Certificate" }, contentType: "text/plain",
  });
  attachment.setContentFromString(text);  // sets length and sha2 from the UTF-8 bytes
  assert.deepEqual({ length: attachment.length, sha2: attachment.sha2 },
                   { length: textAttachment(text).length, sha2: textAttachment(text).sha2 });
  statement.attachments = [attachment];
  const xhr = await call((callback) => lrs.saveStatement(statement, { callback }));
  assert.equal(xhr.status, 204);

  const got = await call((callback) => lrs.retrieveStatement(statement.id, {
    params: { attachments: true }, callback }));
  assert.equal(got.id, statement.id);
  assert.equal(got.attachments.length, 1);
  assert.equal(got.attachments[0].sha2, attachment.sha2);
  assert.equal(Buffer.from(got.attachments[0].content).toString("utf8"), text);
  // Without attachments=true the statement comes as JSON, with the Attachment but no data.
  const plain = await call((callback) => lrs.retrieveStatement(statement.id, { callback }));
  assert.equal(plain.attachments[0].sha2, attachment.sha2);
  assert.equal(plain.attachments[0].content, null);
});

test("voidStatement voids: gone from queries, retrieveVoidedStatement returns it", async () => {
  const tincan = new TinCan({ recordStores: [{ endpoint: server.endpoint, username: server.key,
                                               password: server.secret, allowFail: false }] });
  const target = batch[1];
  const [results, voiding] = await new Promise((resolve) => {
    tincan.voidStatement(target, (...args) => resolve(args), { actor: agent });
  });
  assert.equal(results.length, 1);
  assert.equal(results[0].err, null, results[0].xhr && results[0].xhr.responseText);
  // The library stamps the voiding statement with an id and a timestamp and PUTs it.
  assert.equal(results[0].xhr.status, 204);
  const voidingId = voiding.id;
  assert.match(voidingId, /^[0-9a-f]{8}-/);
  const storedVoiding = await call((callback) => lrs.retrieveStatement(voidingId, { callback }));
  assert.equal(storedVoiding.verb.id, "http://adlnet.gov/expapi/verbs/voided");
  assert.equal(storedVoiding.target.id, target.id);
  assert.equal(voiding.target.id, target.id);

  assert.equal(await statusOf(call((callback) => lrs.retrieveStatement(target.id, { callback }))),
               404);
  const got = await call((callback) => lrs.retrieveVoidedStatement(target.id, { callback }));
  assertSameStatement(got, target);
  const passed = await call((callback) => lrs.queryStatements({
    params: { agent, verb: new TinCan.Verb(structuredClone(kVerbs.passed)) }, callback,
  }));
  // Only the voiding statement, which matches its target's filters (Part Three §2.1.3).
  assert.deepEqual(passed.statements.map((s) => s.id), [voidingId]);
});

test("State: JSON save/retrieve/merge, plain text, If-Match, ids, drop", async () => {
  const where = { agent, activity };
  const bookmark = { page: 3, visited: ["intro", "part-1"] };
  await call((callback) => lrs.saveState("bookmark", structuredClone(bookmark),
                                         { ...where, contentType: "application/json", callback }));
  let state = await call((callback) => lrs.retrieveState("bookmark", { ...where, callback }));
  assert.ok(state instanceof TinCan.State);
  assert.deepEqual(state.contents, bookmark);
  assert.match(state.etag, kEtagPattern);
  const etag = state.etag;

  await call((callback) => lrs.saveState("bookmark", { page: 4 },
                                         { ...where, contentType: "application/json",
                                           method: "POST", callback }));
  state = await call((callback) => lrs.retrieveState("bookmark", { ...where, callback }));
  assert.deepEqual(state.contents, { ...bookmark, page: 4 });

  // lastSHA1 is sent as If-Match: a stale one is refused, the current one accepted.
  assert.equal(await statusOf(call((callback) => lrs.saveState("bookmark", { page: 0 }, {
    ...where, contentType: "application/json", lastSHA1: etag, callback }))), 412);
  await call((callback) => lrs.saveState("bookmark", { page: 5 }, {
    ...where, contentType: "application/json", lastSHA1: state.etag, callback }));
  state = await call((callback) => lrs.retrieveState("bookmark", { ...where, callback }));
  assert.deepEqual(state.contents, { page: 5 });

  const text = "cmi.suspend_data=A1B2;é";
  await call((callback) => lrs.saveState("suspend", text,
                                         { ...where, contentType: "text/plain", callback }));
  state = await call((callback) => lrs.retrieveState("suspend", { ...where, callback }));
  assert.equal(state.contents, text);
  assert.match(state.contentType, /^text\/plain/);

  // The library's default content type for documents is application/octet-stream.
  await call((callback) => lrs.saveState("raw", "0123", { ...where, callback }));
  state = await call((callback) => lrs.retrieveState("raw", { ...where, callback }));
  assert.equal(state.contents, "0123");
  assert.match(state.contentType, /^application\/octet-stream/);

  const ids = await call((callback) => lrs.retrieveStateIds({ ...where, callback }));
  assert.deepEqual([...ids].sort(), ["bookmark", "raw", "suspend"]);

  await call((callback) => lrs.dropState("suspend", { ...where, callback }));
  assert.equal(await call((callback) => lrs.retrieveState("suspend", { ...where, callback })), null,
               "a missing state is null");
  await call((callback) => lrs.dropState(null, { ...where, callback }));
  assert.deepEqual(await call((callback) => lrs.retrieveStateIds({ ...where, callback })), []);
});

test("Activity Profile: create (If-None-Match *), If-Match update, ids, drop", async () => {
  const settings = { attempts: 3, passMark: 0.8 };
  const json = { activity, contentType: "application/json" };
  await call((callback) => lrs.saveActivityProfile("settings", structuredClone(settings),
                                                   { ...json, callback }));
  // Without lastSHA1 the library sends If-None-Match: *, so a second create is refused.
  assert.equal(await statusOf(call((callback) => lrs.saveActivityProfile("settings", { x: 1 },
                                                                         { ...json, callback }))),
               412);
  let profile = await activityProfile("settings", activity);
  assert.ok(profile instanceof TinCan.ActivityProfile);
  assert.deepEqual(profile.contents, settings);
  assert.match(profile.etag, kEtagPattern);
  const etag = profile.etag;

  await call((callback) => lrs.saveActivityProfile("settings", { attempts: 5 },
                                                   { ...json, lastSHA1: etag, callback }));
  assert.equal(await statusOf(call((callback) => lrs.saveActivityProfile(
    "settings", { attempts: 9 }, { ...json, lastSHA1: etag, callback }))), 412);
  profile = await activityProfile("settings", activity);
  assert.deepEqual(profile.contents, { attempts: 5 });

  const ids = await call((callback) => lrs.retrieveActivityProfileIds({ activity, callback }));
  assert.deepEqual(ids, ["settings"]);

  assert.equal(await statusOf(call((callback) => lrs.dropActivityProfile("settings", {
    activity, requestHeaders: { "If-Match": etag }, callback }))), 412);
  await call((callback) => lrs.dropActivityProfile("settings", {
    activity, requestHeaders: { "If-Match": profile.etag }, callback }));
  assert.equal(await activityProfile("settings", activity), null);
});

test("Agent Profile: create, If-Match update, text, ids, drop", async () => {
  const json = { agent, contentType: "application/json" };
  const preferences = { language: "fr-CA", volume: 0.4 };
  await call((callback) => lrs.saveAgentProfile("preferences", structuredClone(preferences),
                                                { ...json, callback }));
  let profile = await agentProfile("preferences", agent);
  assert.ok(profile instanceof TinCan.AgentProfile);
  assert.deepEqual(profile.contents, preferences);
  assert.match(profile.etag, kEtagPattern);

  await call((callback) => lrs.saveAgentProfile("preferences", { volume: 1 }, {
    ...json, lastSHA1: profile.etag, method: "POST", callback }));
  profile = await agentProfile("preferences", agent);
  assert.deepEqual(profile.contents, { language: "fr-CA", volume: 1 });

  await call((callback) => lrs.saveAgentProfile("note", "plain words",
                                                { agent, contentType: "text/plain", callback }));
  profile = await agentProfile("note", agent);
  assert.equal(profile.contents, "plain words");

  const ids = await call((callback) => lrs.retrieveAgentProfileIds({ agent, callback }));
  assert.deepEqual([...ids].sort(), ["note", "preferences"]);
  await call((callback) => lrs.dropAgentProfile("note", { agent, callback }));
  assert.equal(await agentProfile("note", agent), null);
});

test("retrieveActivity returns the canonical definition", async () => {
  const got = await call((callback) => lrs.retrieveActivity(activity.id, { callback }));
  assert.ok(got instanceof TinCan.Activity);
  assert.deepEqual(got.asVersion("1.0.2"), activity.asVersion("1.0.2"));
  assert.equal(got.definition.name["en-US"], activityJson.definition.name["en-US"]);
});

test("the Agents resource (through sendRequest) returns the Person", async () => {
  const xhr = await call((callback) => lrs.sendRequest({
    url: "agents", method: "GET",
    params: { agent: JSON.stringify(agent.asVersion(lrs.version)) }, callback,
  }));
  const person = JSON.parse(xhr.responseText);
  assert.equal(person.objectType, "Person");
  assert.deepEqual(person.name, [agentJson.name]);
  assert.deepEqual(person.mbox, [agentJson.mbox]);
});
