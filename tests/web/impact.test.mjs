// The Impact panel's logic (plugin/web/impact.js): the event-study plot draws the API's numbers
// (one point per event-study point with its interval, the band, the completion and zero lines,
// the window), and the words say what the answer says: the headline, the pre-trend verdict, the
// kind of evidence, or why there is no number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toMarkup } from '../../plugin/web/charts.js';
import {
  capitalise,
  effectFigure,
  eventTimeWords,
  impactPlot,
  impactQuery,
  impactWords,
  plotLegend,
  plotPoints,
  pointTitle,
} from '../../plugin/web/impact.js';

function point(e, att, extra = {}) {
  return {
    e, reference: false, att, se: 0.2, ci_low: att - 0.4, ci_high: att + 0.4,
    band_low: att - 0.6, band_high: att + 0.6, bootstrap_se: 0.21, n_treated: 40 + e, n_control: 90, groups: 3,
    ...extra,
  };
}

function answer(overrides = {}) {
  return {
    outcome: 'reduce-average-discount',
    method: 'callaway_santanna_2021',
    evidence: 'comparison_group',
    unit: 'learner',
    population: 'employees',
    kpi: { name: 'Average discount', unit: '%', direction: 'decrease', baseline: { value: 18, date: '2026-03-31' } },
    period: 'month',
    control: 'not_yet',
    range: { from: '2026-01-31', to: '2026-09-30' },
    counts: { observations: 2603, units: 300, completed: 200, completed_before_range: 0, completed_after_range: 0, never_completed: 100, in_panel: 300, left_out: 0, teams_not_in_roster: 0 },
    groups: [{ group: '2026-04-01', units: 75 }, { group: '2026-05-01', units: 62 }],
    event_study: [point(-2, 0.1), point(-1, -0.05), point(0, -1.13), point(1, -1.82), point(2, -2.06)],
    window: { days: 90, event_times: [0, 1, 2], att: -1.67, se: 0.13, ci_low: -1.93, ci_high: -1.41, percent_of_baseline: -9.3, sentence: 'completers\u2019 average discount fell 1.67 percentage points' },
    pretrend: { chi2: 5.9, df: 14, p: 0.97, rejected: false, cells_left_out: 0, sentence: 'no sign that completers were already moving before they completed (pre-trend test p = 0.97)' },
    pretrend_note: null,
    trend: null,
    headline: 'completers\u2019 average discount fell 1.67 percentage points',
    not_enough_data: null,
    notes: ['2 employees completed before the first period of the data'],
    ...overrides,
  };
}

// The <circle> elements of a chart tree.
function circles(node, out = []) {
  if (typeof node !== 'object') return out;
  if (node.tag === 'circle') out.push(node);
  for (const c of node.children) circles(c, out);
  return out;
}

function byClass(node, cls, out = []) {
  if (typeof node !== 'object') return out;
  if (String(node.attrs.class || '').split(' ').includes(cls)) out.push(node);
  for (const c of node.children) byClass(c, cls, out);
  return out;
}

test('the plot draws one point per event-study point, with the API\u2019s numbers', () => {
  const a = answer();
  const plot = impactPlot(a, { width: 600, height: 300 });
  const dots = circles(plot);
  assert.equal(dots.length, a.event_study.length);
  for (const [k, p] of a.event_study.entries()) {
    assert.equal(dots[k].attrs['data-e'], String(p.e));
    assert.equal(dots[k].attrs['data-att'], String(p.att));
    assert.equal(dots[k].attrs['data-ci-low'], String(p.ci_low));
    assert.equal(dots[k].attrs['data-ci-high'], String(p.ci_high));
    assert.equal(dots[k].attrs['data-band-low'], String(p.band_low));
    assert.equal(dots[k].attrs['data-n-treated'], String(p.n_treated));
  }
  // Left to right by e; higher values higher up (smaller y).
  const xs = dots.map((d) => d.attrs.cx);
  assert.deepEqual([...xs].sort((u, v) => u - v), xs);
  assert.ok(dots[0].attrs.cy < dots[4].attrs.cy, 'e = -2 (0.1) is above e = 2 (-2.06)');
  // Pre-completion points are marked, and left of the completion line.
  const pre = byClass(plot, 'pre');
  assert.equal(pre.length, 2);
  const line = byClass(plot, 'completion')[0].children[0];
  assert.ok(dots[1].attrs.cx < line.attrs.x1 && line.attrs.x1 < dots[2].attrs.cx);
  // A zero line, a band per point, an interval bar per point, the window shaded.
  assert.equal(byClass(plot, 'zero').length, 1);
  assert.equal(byClass(plot, 'band').length, 5);
  assert.equal(byClass(plot, 'interval').length, 5);
  assert.match(toMarkup(byClass(plot, 'window')[0]), /90-day window/);
  assert.match(toMarkup(plot), /<title id="impact-plot-title">/);
});

test('the zero line and the band sit where the numbers say', () => {
  const plot = impactPlot(answer(), { width: 600, height: 300 });
  const dots = circles(plot);
  const zero = byClass(plot, 'zero')[0];
  // y is linear in the value: the zero line lies between 0.1 (e = -2) and -0.05 (e = -1).
  const y = (k) => dots[k].attrs.cy;
  const slope = (y(4) - y(0)) / (-2.06 - 0.1);
  assert.ok(Math.abs(zero.attrs.y1 - (y(0) + slope * (0 - 0.1))) < 0.05);
  const band = byClass(plot, 'band')[2];
  assert.ok(Math.abs(band.attrs.y - (y(0) + slope * (-1.13 + 0.6 - 0.1))) < 0.05);
});

test('without bootstrap draws there is no band, and a reference point is hollow and barless', () => {
  const a = answer({
    event_study: [point(-1, 0, { reference: true, se: null, ci_low: null, ci_high: null, band_low: null, band_high: null }),
      point(0, -1, { band_low: null, band_high: null })],
  });
  const plot = impactPlot(a);
  assert.equal(byClass(plot, 'band').length, 0);
  assert.equal(byClass(plot, 'reference').length, 1);
  assert.equal(byClass(plot, 'interval').length, 1);
  assert.equal(circles(plot)[0].attrs['data-ci-low'], null);
  assert.match(pointTitle(a.event_study[0]), /reference: 0 by definition/);
  assert.doesNotMatch(plotLegend(a), /band/);
  assert.match(plotLegend(answer()), /shaded band/);
});

test('no points, no plot', () => {
  assert.equal(impactPlot(answer({ event_study: [] })), null);
  assert.equal(impactPlot({}), null);
  assert.deepEqual(plotPoints(null), []);
});

test('the words: headline, verdict, evidence, counts', () => {
  const w = impactWords(answer());
  assert.equal(w.kind, 'estimate');
  assert.equal(w.headline, 'Completers\u2019 average discount fell 1.67 percentage points');
  assert.deepEqual(w.verdict, { text: 'No sign that completers were already moving before they completed (pre-trend test p = 0.97)', state: 'ok' });
  assert.match(w.evidence, /had not completed yet/);
  assert.match(w.evidence, /not proof of cause/);
  assert.match(w.counts, /2,603 KPI observations from 2026-01-31 to 2026-09-30/);
  assert.match(w.counts, /300 learners with KPI data/);
  assert.match(w.counts, /200 completed in the data \(2 completion months\)/);
  assert.deepEqual(w.notes, ['2 employees completed before the first period of the data']);
  // A failed check is said plainly.
  const failed = impactWords(answer({ pretrend: { p: 0.003, rejected: true, sentence: 'completers were already moving before they completed; this estimate is not reliable (pre-trend test p = 0.003)' } }));
  assert.equal(failed.verdict.state, 'warn');
  assert.match(failed.verdict.text, /^Completers were already moving.*not reliable/);
  // Never "caused", never "ROI".
  for (const text of [w.headline, w.evidence, w.verdict.text, plotLegend(answer())]) {
    assert.doesNotMatch(text, /caused|\bROI\b|return on investment/i);
  }
});

test('not enough data is explained in words, and a trend is labelled weaker evidence', () => {
  const none = impactWords(answer({
    window: null, pretrend: null, pretrend_note: 'no completers with a period before completion',
    not_enough_data: { reason: 'no_pre_period', message: 'not enough data: every one of the completers completed in the first period' },
    headline: 'not enough data: every one of the completers completed in the first period',
  }));
  assert.equal(none.kind, 'none');
  assert.equal(none.headline, 'Not enough data: every one of the completers completed in the first period');
  assert.equal(none.verdict.state, 'none');
  const trend = impactWords(answer({
    method: 'trend_extrapolation', evidence: 'trend', unit: 'audience', event_study: [], window: null, pretrend: null,
    trend: { deviation: -1.5, ci_low: -2.1, ci_high: -0.9, percent_of_baseline: -8 },
    headline: 'since launch, the incident rate has been 1.5 below its earlier trend; weaker evidence: a trend, not a comparison group',
  }));
  assert.equal(trend.kind, 'trend');
  assert.match(trend.evidence, /^Weaker evidence/);
  assert.equal(trend.verdict, null);
  assert.deepEqual(effectFigure(answer({ window: null, trend: { deviation: -1.5, ci_low: -2.1, ci_high: -0.9, percent_of_baseline: -8 } })),
    { value: -1.5, low: -2.1, high: -0.9, percent: -8 });
  assert.equal(effectFigure({}).value, null);
});

test('the query asks the leader\u2019s 90 days in the page\u2019s view', () => {
  assert.deepEqual(impactQuery(), { window: '90d' });
  assert.deepEqual(impactQuery({ team: 'emea-mm-uk' }), { window: '90d', team: 'emea-mm-uk' });
  assert.equal(eventTimeWords(0), 'the month of completing');
  assert.equal(eventTimeWords(2, 'week'), '2 weeks after completing');
  assert.equal(eventTimeWords(-1), '1 month before completing');
  assert.equal(capitalise('abc'), 'Abc');
  assert.equal(capitalise(''), '');
});
