// The example data of the outcome reduce-average-discount (schemas/examples/) is what
// scripts/make-discount-example.mjs makes, byte for byte: the files are reproducible.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXAMPLE_FILES, makeDiscountExample } from '../../scripts/make-discount-example.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('the discount example files are the script\u2019s output', () => {
  const made = makeDiscountExample();
  for (const [name, path] of Object.entries(EXAMPLE_FILES)) {
    assert.equal(readFileSync(join(root, path), 'utf8'), made[name], path + ' differs: run node scripts/make-discount-example.mjs');
  }
});

test('the example has what the README promises', () => {
  const { statements, kpi, roster } = makeDiscountExample();
  const list = JSON.parse(statements);
  const completers = new Set(list.filter((s) => s.verb.id.endsWith('/completed')).map((s) => s.actor.mbox));
  assert.equal(completers.size, 200);
  const reps = new Set(kpi.trim().split('\n').slice(1).map((line) => line.split(',')[1]));
  assert.equal(reps.size, 300);
  assert.equal(roster.trim().split('\n').length, 1 + 4 + 300);
  for (const s of list) assert.match(s.object.id, /^https:\/\/lms\.example\.com\/courses\/negotiation/);
});
