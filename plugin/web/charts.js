// SVG charts drawn from plain data. Pure functions, no DOM: a chart is a tree of nodes
// {tag, attrs, children} (children: nodes or strings) that app.js turns into elements and
// toMarkup() into text (for tests). Every chart has a <title> and a <desc> for screen readers,
// a viewBox so it scales to its container, and draws null values as gaps, never as 0.

// A node of the tree. Attributes with null or undefined values are left out.
export function el(tag, attrs = {}, ...children) {
  return { tag, attrs, children: children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false) };
}

export function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

// The tree as markup (text escaped).
export function toMarkup(node) {
  if (typeof node === 'string' || typeof node === 'number') return escapeXml(node);
  const attrs = Object.entries(node.attrs)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => ' ' + k + '="' + escapeXml(v) + '"')
    .join('');
  if (node.children.length === 0) return '<' + node.tag + attrs + '/>';
  return '<' + node.tag + attrs + '>' + node.children.map(toMarkup).join('') + '</' + node.tag + '>';
}

function isNumber(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

// Round to a few significant digits, so coordinates stay short.
function r2(v) {
  return Math.round(v * 100) / 100;
}

// About `count` round tick values covering [min, max] (steps of 1, 2 or 5 times a power of 10).
export function niceTicks(min, max, count = 5, minStep = 0) {
  if (!isNumber(min) || !isNumber(max)) return [];
  if (min > max) [min, max] = [max, min];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) || 10 * power;
  if (step < minStep) step = minStep;
  const start = Math.floor(min / step) * step;
  const ticks = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

// A linear map from [d0, d1] to [r0, r1]; a degenerate domain maps to the middle of the range.
export function linearScale(d0, d1, r0, r1) {
  const scale = (v) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));
  scale.domain = [d0, d1];
  scale.range = [r0, r1];
  return scale;
}

// [min, max] of the finite numbers among `values` (null when there are none).
export function extent(values) {
  const finite = values.filter(isNumber);
  if (finite.length === 0) return null;
  return [Math.min(...finite), Math.max(...finite)];
}

// Days since 1970-01-01 of "YYYY-MM-DD".
export function dayNumber(iso) {
  return Math.round(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') / 86400000);
}

// The polyline paths of a series with gaps: one "M..L.." run per stretch of non-null values.
export function linePath(points) {
  let d = '';
  let open = false;
  for (const p of points) {
    if (!isNumber(p.x) || !isNumber(p.y)) {
      open = false;
      continue;
    }
    d += (open ? 'L' : 'M') + r2(p.x) + ',' + r2(p.y);
    open = true;
  }
  return d;
}

const PAD = { top: 16, right: 16, bottom: 34, left: 56 };

function frame(id, title, desc, width, height, body) {
  return el(
    'svg',
    {
      viewBox: '0 0 ' + width + ' ' + height,
      role: 'img',
      'aria-labelledby': id + '-title ' + id + '-desc',
      class: 'chart',
      preserveAspectRatio: 'xMidYMid meet',
    },
    el('title', { id: id + '-title' }, title),
    el('desc', { id: id + '-desc' }, desc),
    body,
  );
}

// Labelled horizontal reference lines (baseline, target) at each of `refs`' numeric values.
function refLines(refs, y, left, right) {
  return refs
    .filter((r) => isNumber(r.value))
    .map((r) =>
      el(
        'g',
        { class: 'ref ' + (r.cls || '') },
        el('line', { x1: left, x2: right, y1: r2(y(r.value)), y2: r2(y(r.value)) }),
        el('text', { x: right - 4, y: r2(y(r.value)) - 5, 'text-anchor': 'end' }, r.label),
      ),
    );
}

function yAxis(ticks, y, left, right, format) {
  return el(
    'g',
    { class: 'axis axis-y', 'aria-hidden': 'true' },
    ticks.map((t) =>
      el(
        'g',
        {},
        el('line', { x1: left, x2: right, y1: r2(y(t)), y2: r2(y(t)), class: 'grid' }),
        el('text', { x: left - 6, y: r2(y(t)), dy: '0.32em', 'text-anchor': 'end' }, format(t)),
      ),
    ),
  );
}

function xAxis(ticks, x, bottom, format) {
  return el(
    'g',
    { class: 'axis axis-x', 'aria-hidden': 'true' },
    ticks.map((t) =>
      el(
        'g',
        {},
        el('line', { x1: r2(x(t)), x2: r2(x(t)), y1: bottom, y2: bottom + 4, class: 'tick' }),
        el('text', { x: r2(x(t)), y: bottom + 18, 'text-anchor': 'middle' }, format(t)),
      ),
    ),
  );
}

// At most `count` of `items`, evenly spread, always with the first and the last.
export function spread(items, count) {
  if (items.length <= count) return items.slice();
  const out = [];
  for (let i = 0; i < count; ++i) out.push(items[Math.round((i * (items.length - 1)) / (count - 1))]);
  return [...new Set(out)];
}

// A time series: `points` [{date: "YYYY-MM-DD", value, n}] as a line (kind "line") or bars
// (kind "bar"), with horizontal reference lines `refs` [{value, label, cls}] (baseline,
// target). Points with n below `smallN` are drawn hollow. `formatY`/`formatX` label the ticks;
// `pointTitle(p)` gives each point's tooltip.
export function timeSeriesChart({
  id,
  title,
  desc,
  points,
  refs = [],
  kind = 'line',
  width = 640,
  height = 240,
  formatY = String,
  formatX = String,
  pointTitle = (p) => p.date + ': ' + p.value,
  smallN = 0,
  zeroBased = kind === 'bar',
  integer = false,
}) {
  const left = PAD.left;
  const right = width - PAD.right;
  const top = PAD.top;
  const bottom = height - PAD.bottom;
  const values = points.map((p) => p.value).concat(refs.map((r) => r.value));
  if (zeroBased) values.push(0);
  let [lo, hi] = extent(values) || [0, 1];
  if (zeroBased && lo === hi) hi = lo + 1;
  const ticks = niceTicks(lo, hi, 4, integer ? 1 : 0);
  const y = linearScale(ticks[0], ticks[ticks.length - 1], bottom, top);
  const n = points.length;
  // Bars sit in equal slots; a line's points at the slots' centres, so both read alike.
  const slot = (right - left) / Math.max(1, n);
  const xAt = (i) => left + slot * (i + 0.5);
  const xTicks = spread(
    points.map((_, i) => i),
    Math.max(2, Math.min(6, Math.floor((right - left) / 90))),
  );
  const x = (i) => xAt(i);
  const marks = [];
  if (kind === 'bar') {
    const w = Math.max(1, slot * 0.7);
    points.forEach((p, i) => {
      if (!isNumber(p.value)) return;
      const y0 = y(Math.max(0, ticks[0]));
      const y1 = y(p.value);
      marks.push(
        el(
          'rect',
          {
            x: r2(xAt(i) - w / 2),
            y: r2(Math.min(y0, y1)),
            width: r2(w),
            height: r2(Math.max(0.5, Math.abs(y0 - y1))),
            class: 'bar' + (isNumber(p.n) && p.n < smallN ? ' small' : ''),
          },
          el('title', {}, pointTitle(p)),
        ),
      );
    });
  } else {
    const coords = points.map((p, i) => ({ x: xAt(i), y: isNumber(p.value) ? y(p.value) : null }));
    marks.push(el('path', { d: linePath(coords), class: 'line' }));
    points.forEach((p, i) => {
      if (!isNumber(p.value)) return;
      marks.push(
        el(
          'circle',
          {
            cx: r2(xAt(i)),
            cy: r2(y(p.value)),
            r: 3.5,
            class: 'point' + (isNumber(p.n) && p.n < smallN ? ' small' : ''),
          },
          el('title', {}, pointTitle(p)),
        ),
      );
    });
  }
  const refMarks = refLines(refs, y, left, right);
  return frame(id, title, desc, width, height, [
    yAxis(ticks, y, left, right, formatY),
    xAxis(xTicks, x, bottom, (i) => formatX(points[i].date)),
    el('line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'baseline-axis' }),
    refMarks,
    el('g', { class: 'marks' }, marks),
  ]);
}

// A scatter plot of `points` [{x, y, label}] with axis labels and, when `fit` is true, the
// least-squares line over the points.
export function scatterPlot({
  id,
  title,
  desc,
  points,
  xLabel,
  yLabel,
  width = 640,
  height = 300,
  formatX = String,
  formatY = String,
  refs = [],
  fit = true,
  integerX = false,
}) {
  const left = PAD.left + 8;
  const right = width - PAD.right;
  const top = PAD.top;
  const bottom = height - PAD.bottom - 14;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y).concat(refs.map((r) => r.value));
  let [x0, x1] = extent(xs.concat([0])) || [0, 1];
  if (x0 === x1) x1 = x0 + 1;
  const [y0, y1] = extent(ys) || [0, 1];
  const xt = niceTicks(x0, x1, 5, integerX ? 1 : 0);
  const yt = niceTicks(y0, y1, 4);
  const x = linearScale(xt[0], xt[xt.length - 1], left, right);
  const y = linearScale(yt[0], yt[yt.length - 1], bottom, top);
  const marks = points
    .filter((p) => isNumber(p.x) && isNumber(p.y))
    .map((p) => el('circle', { cx: r2(x(p.x)), cy: r2(y(p.y)), r: 4, class: 'dot' }, el('title', {}, p.label || p.x + ', ' + p.y)));
  let line = null;
  const ls = fit ? leastSquares(points) : null;
  if (ls) {
    const a = xt[0];
    const b = xt[xt.length - 1];
    line = el('line', {
      x1: r2(x(a)),
      y1: r2(y(ls.intercept + ls.slope * a)),
      x2: r2(x(b)),
      y2: r2(y(ls.intercept + ls.slope * b)),
      class: 'fit',
      'clip-path': 'url(#' + id + '-clip)',
    });
  }
  const refMarks = refLines(refs, y, left, right);
  return frame(id, title, desc, width, height, [
    el('clipPath', { id: id + '-clip' }, el('rect', { x: left, y: top, width: right - left, height: bottom - top })),
    yAxis(yt, y, left, right, formatY),
    xAxis(xt, x, bottom, formatX),
    el('line', { x1: left, x2: right, y1: bottom, y2: bottom, class: 'baseline-axis' }),
    el('text', { x: (left + right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis-label' }, xLabel),
    el('text', { x: 12, y: (top + bottom) / 2, 'text-anchor': 'middle', class: 'axis-label', transform: 'rotate(-90 12 ' + (top + bottom) / 2 + ')' }, yLabel),
    refMarks,
    line,
    el('g', { class: 'marks' }, marks),
  ]);
}

// Slope and intercept of the least-squares line through `points` (null with fewer than two
// distinct x).
export function leastSquares(points) {
  const ps = points.filter((p) => isNumber(p.x) && isNumber(p.y));
  if (ps.length < 2) return null;
  const mx = ps.reduce((s, p) => s + p.x, 0) / ps.length;
  const my = ps.reduce((s, p) => s + p.y, 0) / ps.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of ps) {
    sxx += (p.x - mx) * (p.x - mx);
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

// A horizontal progress meter for a percentage that may be negative or beyond 100: the bar is
// clamped to the track, and the text says the real figure. `value` null draws an empty track
// (the caller explains it in words).
export function meter({ id, title, value, width = 240, height = 14, cls = '' }) {
  const clamped = isNumber(value) ? Math.max(0, Math.min(100, value)) : 0;
  return el(
    'svg',
    { viewBox: '0 0 ' + width + ' ' + height, class: 'meter ' + cls, role: 'img', 'aria-labelledby': id + '-title', preserveAspectRatio: 'none' },
    el('title', { id: id + '-title' }, title),
    el('rect', { x: 0, y: 0, width, height, rx: height / 2, class: 'track' }),
    isNumber(value) && clamped > 0
      ? el('rect', { x: 0, y: 0, width: r2((width * clamped) / 100), height, rx: height / 2, class: 'fill' + (value < 0 ? ' away' : '') })
      : null,
  );
}

// Two or more labelled horizontal bars [{label, value, note}] on one scale (completers versus
// non-completers); null values get no bar and their note.
export function barPair({ id, title, desc, bars, width = 640, formatValue = String }) {
  const rowH = 34;
  const labelW = 150;
  const valueW = 90;
  const height = bars.length * rowH + 8;
  const values = bars.map((b) => b.value).filter(isNumber);
  const max = values.length ? Math.max(...values.map(Math.abs)) : 1;
  const x = linearScale(0, max || 1, labelW, width - valueW);
  return frame(
    id,
    title,
    desc,
    width,
    height,
    bars.map((b, i) => {
      const yMid = 4 + i * rowH + rowH / 2;
      return el(
        'g',
        { class: 'row ' + (b.cls || '') },
        el('text', { x: 0, y: yMid, dy: '0.32em', class: 'row-label' }, b.label),
        isNumber(b.value)
          ? el('rect', { x: labelW, y: yMid - 9, width: r2(Math.max(1, x(Math.abs(b.value)) - labelW)), height: 18, rx: 3, class: 'bar' })
          : null,
        el(
          'text',
          { x: isNumber(b.value) ? r2(x(Math.abs(b.value)) + 6) : labelW, y: yMid, dy: '0.32em', class: 'row-value' },
          isNumber(b.value) ? formatValue(b.value) : b.note || 'no value',
        ),
      );
    }),
  );
}
