// The Impact panel's logic: the event-study plot of GET /outcomes/{id}/impact and the words
// around it. Pure functions, no DOM (a chart is a tree of charts.js nodes): imported by app.js in
// the browser and by tests/web/impact.test.mjs under Node.
//
// The plot: one point per event time e (periods relative to completion: 0 is the period of
// completing, -1 the one before), each with its 95 % interval as a bar; the uniform band (all
// points at once, with bootstrap draws) shaded behind them; a zero line; a dashed line marking
// completion between e = -1 and e = 0, so pre-completion points stand left of it; the window of
// the headline shaded. Every point carries the API's own numbers as data-* attributes and in its
// title, so what is drawn can be checked against the answer.
import { el, extent, linearScale, niceTicks } from './charts.js';
import { MISSING, formatNumber, plural } from './format.js';

function isNumber(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

function r2(v) {
  return Math.round(v * 100) / 100;
}

// "Not enough data: …" from "not enough data: …".
export function capitalise(text) {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

// The query of the panel's request: the leader's question is a 90-day window; `view` is the
// page's team view ({team} or {manager}), forced anyway for a team link.
export function impactQuery(view = {}) {
  return { window: '90d', ...view };
}

// "2 months after completing", "the month of completing", "1 month before completing".
export function eventTimeWords(e, period = 'month') {
  if (e === 0) return 'the ' + period + ' of completing';
  const n = Math.abs(e);
  return n + ' ' + period + (n === 1 ? '' : 's') + (e > 0 ? ' after' : ' before') + ' completing';
}

// The words of the panel:
//   kind: 'estimate' (a comparison group), 'trend' (whole audience), 'none' (no number);
//   headline: the sentence to show first (capitalised), or null;
//   verdict: {text, state: 'ok' | 'warn' | 'none'} of the pre-trend test, or null;
//   evidence: what kind of evidence this is, in words;
//   counts: who stands behind the numbers, in words.
export function impactWords(answer) {
  const a = answer || {};
  const kind = a.not_enough_data ? 'none' : a.evidence === 'trend' ? 'trend' : a.evidence ? 'estimate' : 'none';
  let verdict = null;
  if (a.pretrend) {
    verdict = { text: capitalise(a.pretrend.sentence), state: a.pretrend.rejected ? 'warn' : 'ok' };
  } else if (a.evidence === 'comparison_group' && a.pretrend_note) {
    verdict = { text: 'No pre-completion check: ' + a.pretrend_note + '.', state: 'none' };
  }
  let evidence = null;
  if (a.evidence === 'comparison_group') {
    evidence = (a.unit === 'team' ? 'Teams' : 'Learners') + ' who completed, compared with ' +
      (a.control === 'never' ? 'those who never did' : 'those who had not completed yet') +
      ', before and after completing (difference in differences). A comparison, not proof of cause: it holds if both groups would otherwise have moved alike.';
  } else if (a.evidence === 'trend') {
    evidence = 'Weaker evidence: the KPI is recorded for the whole audience only, so there is no comparison group; this is the KPI since launch against its own earlier trend.';
  }
  const c = a.counts || {};
  const parts = [];
  if (isNumber(c.observations) && c.observations > 0) {
    parts.push(plural(c.observations, 'KPI observation') + (a.range && a.range.from ? ' from ' + a.range.from + ' to ' + a.range.to : ''));
  }
  if (a.evidence === 'comparison_group') {
    const noun = a.unit === 'team' ? 'team' : 'learner';
    parts.push(plural(c.units, noun) + ' with KPI data');
    parts.push(formatNumber(c.completed, 0) + ' completed in the data (' + plural((a.groups || []).length, 'completion ' + (a.period || 'month')) + ')');
    parts.push(formatNumber(c.never_completed, 0) + ' never completed');
  }
  return {
    kind,
    headline: a.headline ? capitalise(a.headline) : null,
    verdict,
    evidence,
    counts: parts.join(' \u00b7 '),
    notes: (a.notes || []).map(capitalise),
  };
}

// The points of the plot: the event study's estimated and reference points with a number.
export function plotPoints(answer) {
  return ((answer && answer.event_study) || []).filter((p) => isNumber(p.att));
}

// The title of one point, in words, with the API's numbers.
export function pointTitle(p, { period = 'month', format = (v) => formatNumber(v), treated = 'completers' } = {}) {
  let text = 'e = ' + p.e + ' (' + eventTimeWords(p.e, period) + '): ' + format(p.att);
  if (p.reference) return text + ' (the reference: 0 by definition)';
  if (isNumber(p.ci_low)) text += '; 95 % interval ' + format(p.ci_low) + ' to ' + format(p.ci_high);
  if (isNumber(p.band_low)) text += '; band ' + format(p.band_low) + ' to ' + format(p.band_high);
  return text + '; ' + formatNumber(p.n_treated, 0) + ' ' + treated + ', ' + formatNumber(p.n_control, 0) + ' compared';
}

const PAD = { top: 18, right: 16, bottom: 44, left: 56 };

// The event-study plot of `answer` as a chart tree, or null when there is no point to draw.
export function impactPlot(answer, { id = 'impact-plot', width = 640, height = 300, format = (v) => formatNumber(v) } = {}) {
  const points = plotPoints(answer);
  if (points.length === 0) return null;
  const period = answer.period || 'month';
  const treated = answer.unit === 'team' ? 'completing teams' : 'completers';
  const es = points.map((p) => p.e);
  const e0 = Math.min(...es, -1);
  const e1 = Math.max(...es, 0);
  const left = PAD.left;
  const right = width - PAD.right;
  const top = PAD.top;
  const bottom = height - PAD.bottom;
  const slot = (right - left) / (e1 - e0 + 1);
  const x = (e) => left + slot * (e - e0 + 0.5);
  const values = [0];
  for (const p of points) values.push(p.att, p.ci_low, p.ci_high, p.band_low, p.band_high);
  const [lo, hi] = extent(values) || [0, 1];
  const ticks = niceTicks(lo, hi, 4);
  const y = linearScale(ticks[0], ticks[ticks.length - 1], bottom, top);

  const marks = [];
  // The window of the headline, shaded.
  const window = answer.window;
  if (window && Array.isArray(window.event_times) && window.event_times.length) {
    const w0 = Math.min(...window.event_times);
    const w1 = Math.max(...window.event_times);
    marks.push(el('g', { class: 'window' },
      el('rect', { x: r2(x(w0) - slot / 2), y: top, width: r2(slot * (w1 - w0 + 1)), height: bottom - top }),
      el('text', { x: r2(x(w0) - slot / 2 + 4), y: top + 11 }, window.days + '-day window')));
  }
  // The uniform band: a shaded column behind each point that has it.
  const banded = points.filter((p) => isNumber(p.band_low) && isNumber(p.band_high));
  const half = Math.min(slot * 0.32, 16);
  for (const p of banded) {
    marks.push(el('rect', {
      class: 'band',
      x: r2(x(p.e) - half),
      y: r2(y(p.band_high)),
      width: r2(2 * half),
      height: r2(Math.max(0.5, y(p.band_low) - y(p.band_high))),
    }));
  }
  // Zero, and completion between e = -1 and e = 0.
  marks.push(el('line', { class: 'zero', x1: left, x2: right, y1: r2(y(0)), y2: r2(y(0)) }));
  const xc = r2(x(-0.5));
  marks.push(el('g', { class: 'completion' },
    el('line', { x1: xc, x2: xc, y1: top, y2: bottom }),
    el('text', { x: xc + 4, y: bottom - 6 }, 'completion')));
  // The points with their interval bars.
  for (const p of points) {
    const cx = r2(x(p.e));
    const cls = 'point ' + (p.e < 0 ? 'pre' : 'post') + (p.reference ? ' reference' : '');
    const bar = isNumber(p.ci_low) && isNumber(p.ci_high)
      ? el('g', { class: 'interval' },
        el('line', { x1: cx, x2: cx, y1: r2(y(p.ci_low)), y2: r2(y(p.ci_high)) }),
        el('line', { x1: cx - 4, x2: cx + 4, y1: r2(y(p.ci_low)), y2: r2(y(p.ci_low)) }),
        el('line', { x1: cx - 4, x2: cx + 4, y1: r2(y(p.ci_high)), y2: r2(y(p.ci_high)) }))
      : null;
    marks.push(el('g', { class: cls },
      bar,
      el('circle', {
        cx,
        cy: r2(y(p.att)),
        r: 4.5,
        'data-e': String(p.e),
        'data-att': String(p.att),
        'data-ci-low': isNumber(p.ci_low) ? String(p.ci_low) : null,
        'data-ci-high': isNumber(p.ci_high) ? String(p.ci_high) : null,
        'data-band-low': isNumber(p.band_low) ? String(p.band_low) : null,
        'data-band-high': isNumber(p.band_high) ? String(p.band_high) : null,
        'data-n-treated': String(p.n_treated),
      }, el('title', {}, pointTitle(p, { period, format, treated })))));
  }
  const xTicks = [];
  const step = Math.max(1, Math.ceil((e1 - e0 + 1) / Math.max(2, Math.floor((right - left) / 40))));
  for (let e = e0; e <= e1; ++e) if ((e - e0) % step === 0 || e === 0) xTicks.push(e);
  const unit = answer.kpi && answer.kpi.unit ? ' (' + answer.kpi.unit + ')' : '';
  const desc = 'Difference between ' + treated + ' and the comparison group in the KPI' + unit + ', by ' + period +
    ' relative to completing, from ' + e0 + ' to ' + e1 + '; ' + points.length + ' points' +
    (banded.length ? ', with the 95 % uniform band' : '') + '. Points left of the completion line are before completing and should be near zero.';
  return el(
    'svg',
    { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-labelledby': id + '-title ' + id + '-desc', class: 'chart impact-plot', preserveAspectRatio: 'xMidYMid meet' },
    el('title', { id: id + '-title' }, 'Event study: the KPI difference before and after completing'),
    el('desc', { id: id + '-desc' }, desc),
    el('g', { class: 'axis axis-y', 'aria-hidden': 'true' },
      ticks.map((t) => el('g', {},
        el('line', { x1: left, x2: right, y1: r2(y(t)), y2: r2(y(t)), class: 'grid' }),
        el('text', { x: left - 6, y: r2(y(t)), dy: '0.32em', 'text-anchor': 'end' }, format(t))))),
    el('g', { class: 'axis axis-x', 'aria-hidden': 'true' },
      xTicks.map((e) => el('text', { x: r2(x(e)), y: bottom + 16, 'text-anchor': 'middle' }, e > 0 ? '+' + e : e === 0 ? '0' : '\u2212' + Math.abs(e)))),
    el('text', { x: (left + right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' },
      capitalise(period) + 's from completing' + (width >= 520 ? ' (0 = the ' + period + ' of completing)' : '')),
    marks,
  );
}

// The legend of the plot, in words.
export function plotLegend(answer) {
  const bands = plotPoints(answer).some((p) => isNumber(p.band_low));
  return 'Each point is how much more (or less) ' + (answer.unit === 'team' ? 'completing teams\u2019' : 'completers\u2019') +
    ' KPI changed than the comparison group\u2019s, that many ' + (answer.period || 'month') + 's from completing; the bar is its 95 % interval' +
    (bands ? ', and the shaded band holds all points together with 95 % confidence' : '') +
    '. Points left of the dashed completion line should hover around zero: if they do not, the groups were already moving apart before completing.';
}

// The headline numbers of a window or trend, for a figure tile: "−1.67 (−1.93 to −1.41)".
export function effectFigure(answer) {
  const w = answer && answer.window;
  if (w && isNumber(w.att)) return { value: w.att, low: w.ci_low, high: w.ci_high, percent: w.percent_of_baseline };
  const t = answer && answer.trend;
  if (t && isNumber(t.deviation)) return { value: t.deviation, low: t.ci_low, high: t.ci_high, percent: t.percent_of_baseline };
  return { value: null, text: MISSING };
}
