// Statements and documents the library tests send, built fresh per test file so that every
// identifier is new, and helpers to compare what comes back with what was sent.
import { createHash, randomUUID } from "node:crypto";
import assert from "node:assert/strict";

export const kVerbs = {
  attempted: { id: "http://adlnet.gov/expapi/verbs/attempted", display: { "en-US": "attempted" } },
  completed: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } },
  passed: { id: "http://adlnet.gov/expapi/verbs/passed", display: { "en-US": "passed" } },
};

// An Agent with an mbox unique to `label`, so that queries by agent see only this file's data.
export function makeAgent(label) {
  return {
    objectType: "Agent",
    name: `E2E ${label}`,
    mbox: `mailto:e2e-${label}-${randomUUID().slice(0, 8)}@example.com`,
  };
}

// An Activity with a definition the Activities resource must give back.
export function makeActivity(label) {
  return {
    objectType: "Activity",
    id: `http://example.com/e2e/${label}/${randomUUID()}`,
    definition: {
      name: { "en-US": `E2E course (${label})` },
      description: { "en-US": "An activity sent by an xAPI client library" },
      type: "http://adlnet.gov/expapi/activities/course",
    },
  };
}

// A complete statement with a client-chosen id.
export function makeStatement(actor, verb, activity, extra = {}) {
  return {
    id: randomUUID(),
    actor,
    verb,
    object: activity,
    timestamp: new Date().toISOString(),
    ...extra,
  };
}

// The Attachment object (Part Two §2.4.11) of a text/plain attachment holding `text` (UTF-8).
export function textAttachment(text) {
  const bytes = Buffer.from(text, "utf8");
  return {
    usageType: "http://id.tincanapi.com/attachment/certificate-of-completion",
    display: { "en-US": "Certificate" },
    contentType: "text/plain",
    length: bytes.length,
    sha2: createHash("sha256").update(bytes).digest("hex"),
  };
}

// Asserts that `got` (a statement the LRS returned) holds everything `sent` had, unchanged, and
// the properties the LRS must add.
export function assertSameStatement(got, sent) {
  assert.equal(got.id, sent.id);
  assert.deepEqual(got.actor, sent.actor);
  assert.deepEqual(got.verb, sent.verb);
  assert.deepEqual(got.object, sent.object);
  if (sent.result) assert.deepEqual(got.result, sent.result);
  if (sent.context) assert.deepEqual(got.context, sent.context);
  assert.equal(Date.parse(got.timestamp), Date.parse(sent.timestamp));
  assert.match(got.stored, /^\d{4}-\d\d-\d\dT/);
  assert.ok(got.authority, "the LRS sets the authority");
}

// A quoted SHA-1 entity tag, as the LRS sends on documents.
export const kEtagPattern = /^"[0-9a-f]{40}"$/;
