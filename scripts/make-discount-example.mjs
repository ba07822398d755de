// Makes the example data of the outcome "reduce-average-discount" (schemas/examples/outcomes/):
// 300 sales reps of EMEA mid-market sales in six teams, the negotiation course's xAPI statements
// (started from April 2026, completed by 200 reps between April and July), and each rep's average
// discount on closed-won deals per month from January to September 2026, as the CRM would export
// it. Also the example roster: the plant-safety example's four learners and
// the reps.
//
// The data is simulated, with a known truth: every rep has their own level of discounting, all
// reps follow the same seasonal pattern (more discounting in the last month of a quarter) and a
// slight drift, and a rep's discount falls by 0.8 points in the month they complete the course,
// 1.6 in the month after and 2.0 from then on. Completing is unrelated to a rep's level or
// trend, so completers and not-yet-completers move alike before completing (parallel trends):
// the impact estimate should find a fall of about 1.5 points within 90 days.
//
// Deterministic: the same files on every run and platform (a seeded PRNG written here, values
// rounded to 0.1). `node scripts/make-discount-example.mjs` writes the files; with --check it
// only compares them with the files in the tree and exits 1 when they differ
// (tests/web/examples.test.mjs runs that comparison).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEED = 20260401;

// mulberry32: 32-bit state, uniform in [0, 1).
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(uniform) {
  const u = 1 - uniform();
  const v = uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const FIRST = ['Amara', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farid', 'Greta', 'Hugo', 'Ines', 'Jonas',
  'Katya', 'Lars', 'Maya', 'Niko', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tess', 'Umar',
  'Vera', 'Wim', 'Xenia', 'Yusuf', 'Zora', 'Anton', 'Bea', 'Cem', 'Dana', 'Emil', 'Fiona',
  'Goran', 'Hanna', 'Ivo', 'Jana', 'Kofi', 'Lena', 'Marco', 'Nora', 'Oskar', 'Pia'];
const LAST = ['Adler', 'Baptiste', 'Costa', 'Dvorak', 'Eriksen', 'Fischer', 'Garcia', 'Horvat',
  'Ilves', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Nowak', 'Ortiz', 'Petrov', 'Quaye', 'Rossi',
  'Schmidt', 'Tanaka', 'Ulrich', 'Varga', 'Weber', 'Yilmaz', 'Zeller'];
const TEAMS = ['emea-mm-dach', 'emea-mm-france', 'emea-mm-iberia', 'emea-mm-italy', 'emea-mm-nordics',
  'emea-mm-uk'];
const MANAGER = 'sofia.marin@example.com'; // head of EMEA mid-market sales: all six teams
const REPS = 300;
// Months of the KPI: January to September 2026 (index 0..8); the course opens in April 2026
// (index 3).
const MONTHS = ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07',
  '2026-08', '2026-09'];
const OPENS = 3;
// Completions per month from April: 75, 62, 42, 21 (200 in all); 40 more reps start without
// completing, 60 never start.
const COMPLETIONS = [[3, 75], [4, 62], [5, 42], [6, 21]];
const STARTED_ONLY = 40;

const COURSE = 'https://lms.example.com/courses/negotiation';
const COURSE_NAME = 'Negotiating on value, not on price';
const MODULES = ['Anchoring and the first offer', 'Trading concessions', 'Walking away'];

function lastDay(month) {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function pad(n) {
  return String(n).padStart(2, '0');
}

function iso(month, day, hour, minute) {
  return month + '-' + pad(day) + 'T' + pad(hour) + ':' + pad(minute) + ':00Z';
}

// A UUID (version 4 layout) from the generator, so statement ids are stable.
function uuid(uniform) {
  let hex = '';
  for (let i = 0; i < 32; ++i) hex += Math.floor(uniform() * 16).toString(16);
  const variant = (8 + Math.floor(uniform() * 4)).toString(16);
  return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-4' + hex.slice(13, 16) + '-' + variant +
    hex.slice(17, 20) + '-' + hex.slice(20, 32);
}

function statement(uniform, rep, verb, object, timestamp, extra = {}) {
  return {
    id: uuid(uniform),
    actor: { objectType: 'Agent', name: rep.name, mbox: 'mailto:' + rep.email },
    verb: { id: 'http://adlnet.gov/expapi/verbs/' + verb, display: { 'en-US': verb } },
    object,
    timestamp,
    ...extra,
  };
}

function courseActivity() {
  return {
    objectType: 'Activity',
    id: COURSE,
    definition: { name: { 'en-US': COURSE_NAME }, type: 'http://adlnet.gov/expapi/activities/course' },
  };
}

function moduleActivity(k) {
  return {
    objectType: 'Activity',
    id: COURSE + '/module-' + (k + 1),
    definition: { name: { 'en-US': MODULES[k] }, type: 'http://adlnet.gov/expapi/activities/module' },
  };
}

const CONTEXT = { contextActivities: { parent: [{ objectType: 'Activity', id: COURSE }] }, platform: 'Example LMS' };

// The example's three files as text: {statements, kpi, roster}.
export function makeDiscountExample() {
  const uniform = rng(SEED);
  // The reps: distinct names, a team each, in a shuffled order of completion.
  const reps = [];
  const used = new Set();
  while (reps.length < REPS) {
    const first = FIRST[Math.floor(uniform() * FIRST.length)];
    const last = LAST[Math.floor(uniform() * LAST.length)];
    const email = (first + '.' + last).toLowerCase() + '@example.com';
    if (used.has(email)) continue;
    used.add(email);
    reps.push({ name: first + ' ' + last, email, team: TEAMS[reps.length % TEAMS.length] });
  }
  const order = reps.map((_, i) => i);
  for (let i = order.length - 1; i > 0; --i) {
    const j = Math.floor(uniform() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  let next = 0;
  for (const [month, count] of COMPLETIONS) {
    for (let k = 0; k < count; ++k) reps[order[next++]].completed = month;
  }
  for (let k = 0; k < STARTED_ONLY; ++k) reps[order[next++]].startedOnly = true;

  // Statements, in time order.
  const statements = [];
  for (const rep of reps) {
    if (rep.completed === undefined && !rep.startedOnly) continue;
    // Completers start 5 to 25 days before completing (not before the course opened on 1 April
    // 2026); the others some day from April to July.
    const month = rep.completed !== undefined ? rep.completed : OPENS + Math.floor(uniform() * 4);
    const [year, mon] = MONTHS[month].split('-').map(Number);
    const endDay = 6 + Math.floor(uniform() * (lastDay(MONTHS[month]) - 8));
    const end = Date.UTC(year, mon - 1, endDay);
    const lead = rep.completed !== undefined ? 5 + Math.floor(uniform() * 21) : 0;
    const start = Math.max(Date.UTC(2026, 3, 1), end - lead * 86400000);
    const at = (days, hour) => {
      const d = new Date(start + days * 86400000);
      return iso(d.toISOString().slice(0, 7), d.getUTCDate(), hour, Math.floor(uniform() * 60));
    };
    statements.push(statement(uniform, rep, 'attempted', courseActivity(), at(0, 9)));
    const modules = rep.completed !== undefined ? 3 : 1 + Math.floor(uniform() * 2);
    for (let k = 0; k < modules; ++k) {
      statements.push(statement(uniform, rep, 'experienced', moduleActivity(k), at(k + 1, 10 + k), { context: CONTEXT }));
    }
    if (rep.completed !== undefined) {
      const minutes = 95 + Math.floor(uniform() * 60);
      statements.push(statement(uniform, rep, 'completed', courseActivity(), iso(MONTHS[rep.completed], endDay, 16, Math.floor(uniform() * 60)), {
        result: { completion: true, duration: 'PT' + Math.floor(minutes / 60) + 'H' + (minutes % 60) + 'M' },
      }));
    }
  }
  statements.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));

  // The KPI: each rep's average discount per month, as the CRM's month-end export gives it.
  const season = MONTHS.map((m) => (['03', '06', '09', '12'].includes(m.slice(5)) ? 0.8 : 0));
  const common = MONTHS.map((_, t) => -0.05 * t + 0.3 * normal(uniform));
  const effect = (e) => (e < 0 ? 0 : e === 0 ? -0.8 : e === 1 ? -1.6 : -2.0);
  const kpi = ['Period,Email,Metric'];
  for (let t = 0; t < MONTHS.length; ++t) {
    for (const rep of reps) {
      if (rep.level === undefined) rep.level = 18.5 + 2.5 * normal(uniform);
      const noise = 1.2 * normal(uniform);
      if (uniform() < 0.04) continue; // no closed-won deal that month: no value
      let v = rep.level + season[t] + common[t] + noise;
      if (rep.completed !== undefined) v += effect(t - rep.completed);
      v = Math.max(0, Math.round(v * 10) / 10);
      kpi.push(MONTHS[t] + '-' + lastDay(MONTHS[t]) + ',' + rep.email + ',' + v.toFixed(1));
    }
  }

  const roster = [
    'mbox,team,manager,segment',
    'mailto:ann.okafor@example.com,assembly-line-1,grace.hopper@example.com,employees',
    'mailto:ben.novak@example.com,assembly-line-1,grace.hopper@example.com,employees',
    'mailto:cat.rossi@example.com,warehouse,linus.pauling@example.com,employees',
    'mailto:dan.weber@example.com,warehouse,linus.pauling@example.com,contractors',
    ...reps.map((r) => 'mailto:' + r.email + ',' + r.team + ',' + MANAGER + ',employees'),
  ];

  return {
    statements: '[\n' + statements.map((s) => JSON.stringify(s)).join(',\n') + '\n]\n',
    kpi: kpi.join('\n') + '\n',
    roster: roster.join('\n') + '\n',
  };
}

// Where each file goes, under the repository's root.
export const EXAMPLE_FILES = {
  statements: 'schemas/examples/statements-sales-negotiation.json',
  kpi: 'schemas/examples/kpi/reduce-average-discount.csv',
  roster: 'schemas/examples/roster.csv',
};

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(here, '..');
  const made = makeDiscountExample();
  let differ = 0;
  for (const [name, path] of Object.entries(EXAMPLE_FILES)) {
    if (process.argv.includes('--check')) {
      let current = '';
      try {
        current = readFileSync(join(root, path), 'utf8');
      } catch (e) {
        current = '';
      }
      if (current !== made[name]) {
        console.error(path + ' differs from what the script makes');
        differ = 1;
      }
    } else {
      writeFileSync(join(root, path), made[name]);
      console.log('wrote ' + path);
    }
  }
  process.exit(differ);
}
