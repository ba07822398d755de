// The words and numbers of the dashboard: null is never 0, small samples say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MISSING,
  agentKey,
  audienceWords,
  daysLeftWords,
  defaultBucket,
  explainCorrelation,
  explainFigure,
  explainNoKpi,
  formatDate,
  formatKpi,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSigned,
  personName,
  progressWords,
  rangeParams,
  sampleNote,
} from '../../plugin/web/format.js';

test('numbers: grouping, magnitude-dependent digits, a real minus sign', () => {
  assert.equal(formatNumber(1234.5), '1,235');
  assert.equal(formatNumber(12.345), '12.3');
  assert.equal(formatNumber(1.2345), '1.23');
  assert.equal(formatNumber(0.12345), '0.123');
  assert.equal(formatNumber(-3.5, 1), '\u22123.5');
  assert.equal(formatNumber(0), '0');
  assert.equal(formatNumber(-0.0001, 2), '0', 'a negative that rounds to zero is not "−0"');
  assert.equal(formatSigned(2), '+2');
  assert.equal(formatSigned(-2), '\u22122');
  assert.equal(formatSigned(0), '0');
});

test('null, undefined and NaN never render as 0', () => {
  for (const v of [null, undefined, NaN, Infinity, '3']) {
    for (const f of [formatNumber, formatSigned, formatRatio, formatPercent, (x) => formatKpi(x, 'days')]) {
      const text = f(v);
      assert.equal(text, MISSING, `${f.name}(${v})`);
      assert.doesNotMatch(text, /0/);
    }
  }
});

test('percentages and KPI units', () => {
  assert.equal(formatRatio(0.4235), '42%');
  assert.equal(formatRatio(0.4235, 1), '42.4%');
  assert.equal(formatRatio(0), '0%', 'a real zero stays zero');
  assert.equal(formatPercent(57.3), '57%');
  assert.equal(formatKpi(4.25, 'incidents'), '4.25\u00a0incidents');
  assert.equal(formatKpi(12, '%'), '12%');
  assert.equal(formatKpi(3, ''), '3');
});

test('dates', () => {
  assert.equal(formatDate('2026-04-30'), '30 Apr 2026');
  assert.equal(formatDate('2026-01-05', true), '5 Jan');
  assert.equal(formatDate(null), MISSING);
  assert.equal(formatDate('soon'), 'soon');
});

test('a figure with a value, a small sample, or none', () => {
  const ok = explainFigure({ value: 0.5, n: 40 }, { format: formatRatio });
  assert.deepEqual(ok, { text: '50%', note: null, state: 'ok' });

  const small = explainFigure({ value: 0.5, n: 4, small_sample: true }, { format: formatRatio });
  assert.equal(small.state, 'small');
  assert.equal(small.text, '50%');
  assert.equal(small.note, 'Only 4 learners: too few to read a trend.');

  const none = explainFigure({ value: null, n: 0, small_sample: true });
  assert.equal(none.state, 'none');
  assert.equal(none.text, MISSING);
  assert.match(none.note, /no learners/);

  const why = explainFigure({ value: null, n: 0 }, { why: 'No tagged statement carries a score.' });
  assert.equal(why.note, 'No tagged statement carries a score.');
  assert.equal(explainFigure(null).state, 'none');
});

test('sample notes', () => {
  assert.equal(sampleNote(0), 'No learners yet.');
  assert.equal(sampleNote(1, 'pair'), 'Only 1 pair: too few to read a trend.');
  assert.equal(sampleNote(9), 'Only 9 learners: too few to read a trend.');
  assert.equal(sampleNote(10), null);
  assert.equal(sampleNote(3, 'period'), 'Only 3 periods: too few to read a trend.');
});

test('a correlation that could not be computed says why, not r = 0', () => {
  const e = explainCorrelation({ activity: 'tagged_statements', r: null, n: 2, ci95: null, small_sample: true, reason: 'fewer than 3 pairs' });
  assert.equal(e.state, 'none');
  assert.equal(e.headline, 'r not computed: fewer than 3 pairs.');
  assert.doesNotMatch(e.headline + e.detail, /r = 0/);
  assert.match(e.detail, /n = 2/);
  assert.equal(explainCorrelation(undefined).state, 'none');
});

test('a correlation in words, with its interval, n and the KPI direction', () => {
  const strong = explainCorrelation({ r: -0.62, n: 40, ci95: [-0.78, -0.38], small_sample: false }, { direction: 'decrease' });
  assert.equal(strong.state, 'ok');
  assert.equal(strong.headline, 'More tagged statements went with a lower KPI (better): a strong link.');
  assert.equal(strong.detail, 'r = \u22120.62; 95% interval \u22120.78 to \u22120.38; n = 40.');

  const worse = explainCorrelation({ r: 0.35, n: 40, ci95: [-0.1, 0.6] }, { direction: 'decrease' });
  assert.match(worse.headline, /higher KPI \(worse\): a moderate link/);
  assert.match(worse.detail, /includes 0/);

  const none = explainCorrelation({ r: 0.05, n: 50, ci95: [-0.2, 0.3] });
  assert.equal(none.headline, 'No clear link between tagged statements and the KPI.');

  const tiny = explainCorrelation({ r: 0.9, n: 3, ci95: null, small_sample: true }, { direction: 'increase' });
  assert.equal(tiny.state, 'small');
  assert.match(tiny.detail, /too few for a 95% interval/);
  assert.match(tiny.detail, /Only 3 pairs: too few to read a trend\./);
});

test('KPI position in words', () => {
  assert.equal(progressWords(null), null);
  assert.equal(progressWords(57.3), '57% of the way from baseline to target.');
  assert.equal(progressWords(120), 'Target reached (120%).');
  assert.equal(progressWords(-8), 'Moved away from the target (\u22128%).');
  assert.equal(daysLeftWords(42), '42 days left to the target date.');
  assert.equal(daysLeftWords(1), '1 day left to the target date.');
  assert.equal(daysLeftWords(0), 'Target date is today.');
  assert.equal(daysLeftWords(-3), 'Target date passed 3 days ago.');
  assert.match(explainNoKpi('cut-recordable-incidents'), /^No KPI observations yet .* kpi import --outcome cut-recordable-incidents/);
});

test('range presets', () => {
  assert.deepEqual(rangeParams('30', '2026-03-31'), { from: '2026-03-02', to: '2026-03-31' });
  assert.deepEqual(rangeParams('365', '2026-12-31'), { from: '2026-01-01', to: '2026-12-31' });
  assert.deepEqual(rangeParams('all', '2026-03-31'), {});
  assert.equal(defaultBucket('30'), 'day');
  assert.equal(defaultBucket('90'), 'week');
  assert.equal(defaultBucket('365'), 'month');
});

test('stakeholders, audience and agents', () => {
  assert.equal(personName({ name: 'Plant manager' }), 'Plant manager');
  assert.equal(personName({ agent: { mbox: 'mailto:ana@example.com' } }), 'ana@example.com');
  assert.equal(personName(undefined), null);
  assert.equal(audienceWords({ segment: 'employees', size: 240 }), '240 people (employees)');
  assert.equal(audienceWords({ segment: 'custom', custom_segment: 'franchisees', size: 1 }), '1 person (franchisees)');
  assert.equal(agentKey({ mbox: 'mailto:Ann@Example.com' }), agentKey({ mbox: 'mailto:ann@example.com' }));
  assert.equal(agentKey({ account: { homePage: 'https://h', name: 'x' } }), 'account:https://h|x');
  assert.equal(agentKey({}), null);
});
