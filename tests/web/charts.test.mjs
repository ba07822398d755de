// Scales, ticks and the SVG trees of the charts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  barPair,
  el,
  extent,
  leastSquares,
  linePath,
  linearScale,
  meter,
  niceTicks,
  scatterPlot,
  spread,
  timeSeriesChart,
  toMarkup,
} from '../../plugin/web/charts.js';

test('nice ticks cover the data with round steps', () => {
  assert.deepEqual(niceTicks(0, 7.3, 4), [0, 2, 4, 6, 8]);
  assert.deepEqual(niceTicks(0, 100, 5), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(-3, 3, 3), [-4, -2, 0, 2, 4]);
  const flat = niceTicks(5, 5);
  assert.ok(flat[0] < 5 && flat[flat.length - 1] > 5, 'a flat series still gets a span');
  assert.deepEqual(niceTicks(null, 3), []);
  const small = niceTicks(0.12, 0.19, 4);
  assert.ok(small[0] <= 0.12 && small[small.length - 1] >= 0.19);
  for (const t of small) assert.equal(String(t).length <= 5, true, `short tick ${t}`);
});

test('counts get whole-number ticks', () => {
  const ticks = niceTicks(0, 4, 8, 1);
  assert.ok(ticks.every(Number.isInteger), ticks.join());
  assert.equal(ticks[0], 0);
  assert.equal(ticks[ticks.length - 1], 4);
});

test('linear scale and extent', () => {
  const x = linearScale(0, 10, 100, 200);
  assert.equal(x(0), 100);
  assert.equal(x(5), 150);
  assert.equal(x(10), 200);
  const y = linearScale(0, 10, 200, 0);
  assert.equal(y(10), 0);
  assert.equal(linearScale(3, 3, 0, 100)(3), 50);
  assert.deepEqual(extent([3, null, -1, NaN, 7]), [-1, 7]);
  assert.equal(extent([null, undefined]), null);
});

test('a line breaks at null values instead of dropping to 0', () => {
  const d = linePath([{ x: 0, y: 10 }, { x: 1, y: 20 }, { x: 2, y: null }, { x: 3, y: 5 }, { x: 4, y: 6 }]);
  assert.equal(d, 'M0,10L1,20M3,5L4,6');
  assert.equal(linePath([{ x: 0, y: null }]), '');
});

test('spread keeps the first and last item', () => {
  assert.deepEqual(spread([1, 2, 3], 5), [1, 2, 3]);
  const s = spread([...Array(20).keys()], 4);
  assert.equal(s[0], 0);
  assert.equal(s[s.length - 1], 19);
  assert.equal(s.length, 4);
});

test('least squares', () => {
  const l = leastSquares([{ x: 0, y: 1 }, { x: 1, y: 3 }, { x: 2, y: 5 }]);
  assert.equal(l.slope, 2);
  assert.equal(l.intercept, 1);
  assert.equal(leastSquares([{ x: 1, y: 1 }, { x: 1, y: 2 }]), null);
});

function find(node, predicate, out = []) {
  if (typeof node !== 'object') return out;
  if (predicate(node)) out.push(node);
  for (const c of node.children) find(c, predicate, out);
  return out;
}

test('markup escapes text and attributes', () => {
  assert.equal(toMarkup(el('text', { x: 1, 'data-a': '"<' }, 'a & <b>')), '<text x="1" data-a="&quot;&lt;">a &amp; &lt;b&gt;</text>');
  assert.equal(toMarkup(el('g', { hidden: null })), '<g/>');
});

test('a time series: accessible, scalable, reference lines, gaps, small samples', () => {
  const svg = timeSeriesChart({
    id: 'k',
    title: 'Incidents <per month>',
    desc: 'The KPI against baseline and target.',
    points: [
      { date: '2026-01-01', value: 4, n: 12 },
      { date: '2026-02-01', value: null, n: 0 },
      { date: '2026-03-01', value: 3, n: 2 },
    ],
    refs: [{ value: 5, label: 'Baseline', cls: 'baseline' }, { value: 2, label: 'Target', cls: 'target' }],
    smallN: 10,
  });
  assert.equal(svg.tag, 'svg');
  assert.match(svg.attrs.viewBox, /^0 0 \d+ \d+$/);
  assert.equal(svg.attrs.role, 'img');
  assert.equal(svg.attrs['aria-labelledby'], 'k-title k-desc');
  const markup = toMarkup(svg);
  assert.match(markup, /<title id="k-title">Incidents &lt;per month&gt;<\/title>/);
  assert.equal(find(svg, (n) => n.tag === 'circle').length, 2, 'no point for the null bucket');
  assert.equal(find(svg, (n) => n.tag === 'circle' && /small/.test(n.attrs.class)).length, 1);
  const path = find(svg, (n) => n.tag === 'path')[0];
  assert.equal((path.attrs.d.match(/M/g) || []).length, 2, 'the line has a gap');
  const refs = find(svg, (n) => n.tag === 'g' && /^ref /.test(n.attrs.class || ''));
  assert.deepEqual(refs.map((r) => r.attrs.class.trim()), ['ref baseline', 'ref target']);
  // The y axis spans the target and the baseline, not only the data.
  const yTicks = find(svg, (n) => n.tag === 'g' && n.attrs.class === 'axis axis-y')[0];
  const labels = find(yTicks, (n) => n.tag === 'text').map((t) => Number(t.children[0]));
  assert.ok(Math.min(...labels) <= 2 && Math.max(...labels) >= 5);
});

test('bars start at zero and skip nulls', () => {
  const svg = timeSeriesChart({ id: 'b', title: 't', desc: 'd', kind: 'bar', points: [
    { date: '2026-01-05', value: 3 }, { date: '2026-01-12', value: null }, { date: '2026-01-19', value: 0 }] });
  assert.equal(find(svg, (n) => n.tag === 'rect').length, 2);
  const labels = find(svg, (n) => n.tag === 'g' && n.attrs.class === 'axis axis-y')[0];
  assert.equal(find(labels, (n) => n.tag === 'text')[0].children[0], '0');
});

test('scatter plot with fit line and labels', () => {
  const svg = scatterPlot({ id: 's', title: 'Activity vs KPI', desc: 'r = 0.5', xLabel: 'Statements', yLabel: 'Discount',
    points: [{ x: 1, y: 10, label: 'ann' }, { x: 4, y: 8 }, { x: 9, y: 5 }, { x: null, y: 3 }] });
  assert.equal(find(svg, (n) => n.tag === 'circle').length, 3);
  assert.equal(find(svg, (n) => n.attrs.class === 'fit').length, 1);
  assert.match(toMarkup(svg), />Statements</);
  assert.match(toMarkup(svg), />Discount</);
});

test('meter clamps but never invents a value', () => {
  const empty = meter({ id: 'm', title: 'Progress: not available', value: null });
  assert.equal(find(empty, (n) => n.attrs.class && n.attrs.class.startsWith('fill')).length, 0);
  const over = meter({ id: 'm', title: 'x', value: 140, width: 200 });
  assert.equal(find(over, (n) => n.attrs.class === 'fill')[0].attrs.width, 200);
  const away = meter({ id: 'm', title: 'x', value: -20 });
  assert.equal(find(away, (n) => n.attrs.class && n.attrs.class.startsWith('fill')).length, 0);
});

test('bar pair writes the note for a missing group', () => {
  const svg = barPair({ id: 'p', title: 't', desc: 'd', bars: [{ label: 'Completers', value: 12 }, { label: 'Others', value: null, note: 'nobody in this group' }] });
  assert.equal(find(svg, (n) => n.tag === 'rect').length, 1);
  assert.match(toMarkup(svg), /nobody in this group/);
});
