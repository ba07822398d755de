// The dashboard page: reads the outcome API and draws it. Hash routes:
//   #/                  every outcome's headline double bottom line (GET /outcomes)
//   #/outcome/ID        one outcome: KPI, consumer series, totals, the link, the impact,
//                       stakeholders
// All logic that can be tested without a browser lives in format.js, charts.js, impact.js and
// api.js.
import { ApiError, apiRoot, apiUrl, fetchJson, isAccessError, rangeOf, tokenOf, viewOf } from './api.js';
import { barPair, el, meter, scatterPlot, timeSeriesChart } from './charts.js';
import { impactPlot, impactQuery, impactWords, plotLegend } from './impact.js';
import {
  MISSING,
  agentKey,
  agentLabel,
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
  plural,
  progressWords,
  rangeParams,
  sampleNote,
} from './format.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const MAX_LEARNER_PAGES = 4;

const initialRange = rangeOf(location.href);
const state = {
  token: tokenOf(location.href),
  root: apiRoot(location.href),
  // ?team=T or ?manager=M: every figure of that team (or manager's teams) only.
  view: viewOf(location.href),
  preset: initialRange.from || initialRange.to ? 'custom' : 'all',
  custom: { from: initialRange.from, to: initialRange.to },
  bucket: initialRange.bucket || null,
  // Incremented per render, so an answer that arrives after the user moved on is dropped.
  generation: 0,
};

// ---- DOM helpers ---------------------------------------------------------------------------

// An HTML element; strings become text nodes (never markup).
function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// A chart tree of charts.js as SVG elements.
function svg(node) {
  if (typeof node === 'string' || typeof node === 'number') return document.createTextNode(String(node));
  const e = document.createElementNS(SVG_NS, node.tag);
  for (const [k, v] of Object.entries(node.attrs)) {
    if (v !== null && v !== undefined) e.setAttribute(k, String(v));
  }
  for (const c of node.children) e.append(svg(c));
  return e;
}

const main = () => document.getElementById('main');
const context = () => document.getElementById('context');
const controls = () => document.getElementById('controls');

// The width of a chart's viewBox: its container's, so that text keeps its size; the chart
// still scales with the page (viewBox).
function chartWidth(max = 1100) {
  const w = main().clientWidth - 64;
  return Math.max(320, Math.min(max, w || 640));
}

// A KPI value: the number, and its unit in smaller type (a "%" stays with the number).
function kpiValue(value, unit) {
  if (typeof value !== 'number') return MISSING;
  if (!unit || unit === '%' || unit === 'percent') return formatKpi(value, unit);
  return [formatNumber(value), h('span', { class: 'unit' }, ' ' + unit)];
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function rangeQuery() {
  const bucket = state.bucket || defaultBucket(state.preset);
  if (state.preset === 'custom') return { from: state.custom.from, to: state.custom.to, bucket };
  return { ...rangeParams(state.preset, today()), bucket };
}

// A note paragraph (explanations of missing and small-sample figures).
function note(text, cls = 'note') {
  return text ? h('p', { class: cls }, text) : null;
}

// A figure tile: label, value (or MISSING), and the words that qualify it.
function tile(label, explained, sub) {
  return h(
    'div',
    { class: 'tile ' + explained.state },
    h('div', { class: 'tile-label' }, label),
    h('div', { class: 'tile-value' }, explained.node || explained.text),
    sub ? h('div', { class: 'tile-sub' }, sub) : null,
    explained.note ? h('div', { class: 'tile-note' }, explained.note) : null,
  );
}

function plain(text) {
  return { text, note: null, state: 'ok' };
}

function showTeam(data) {
  const team = data && data.team;
  if (!team) {
    context().textContent = '';
    return;
  }
  const name = typeof team === 'string' ? team : team.name || team.id || '';
  context().textContent = name ? 'Team: ' + name : '';
}

// Only the message: an access error shows no data at all.
function showAccessError(message) {
  document.body.classList.add('denied');
  controls().replaceChildren();
  context().textContent = '';
  main().replaceChildren(h('div', { class: 'denied-box', role: 'alert' }, h('p', {}, message)));
}

function showError(e) {
  if (e instanceof ApiError && isAccessError(e.status)) {
    showAccessError(e.message);
    return;
  }
  main().replaceChildren(h('div', { class: 'error-box', role: 'alert' }, h('p', {}, e.message || String(e))));
}

// ---- Range controls --------------------------------------------------------------------------

function renderControls(visible) {
  if (!visible) {
    controls().replaceChildren(h('span', { class: 'range-label' }, 'All time'));
    return;
  }
  const presets = [
    ['all', 'Since the baseline'],
    ['30', 'Last 30 days'],
    ['90', 'Last 90 days'],
    ['365', 'Last 365 days'],
  ];
  if (state.custom.from || state.custom.to) {
    presets.push(['custom', (state.custom.from ? formatDate(state.custom.from) : 'start') + ' \u2013 ' + (state.custom.to ? formatDate(state.custom.to) : 'today')]);
  }
  const range = h(
    'select',
    { id: 'range', onchange: (e) => { state.preset = e.target.value; route(); } },
    presets.map(([v, label]) => h('option', { value: v, selected: v === state.preset }, label)),
  );
  const bucketNow = state.bucket || defaultBucket(state.preset);
  const bucket = h(
    'select',
    { id: 'bucket', onchange: (e) => { state.bucket = e.target.value; route(); } },
    [['day', 'By day'], ['week', 'By week'], ['month', 'By month']].map(([v, label]) =>
      h('option', { value: v, selected: v === bucketNow }, label),
    ),
  );
  controls().replaceChildren(
    h('label', { for: 'range', class: 'visually-hidden' }, 'Date range'),
    range,
    h('label', { for: 'bucket', class: 'visually-hidden' }, 'Group by'),
    bucket,
  );
}

// ---- Overview --------------------------------------------------------------------------------

function kpiPosition(customer, id) {
  if (!customer.latest) return [h('p', { class: 'big missing' }, MISSING), note(explainNoKpi(id))];
  const unit = customer.kpi.unit;
  return [
    h('p', { class: 'big' }, kpiValue(customer.latest.value, unit)),
    h(
      'p',
      { class: 'sub' },
      'on ' + formatDate(customer.latest.date) + ' \u00b7 baseline ' + formatKpi(customer.baseline.value, unit) + ' \u2192 target ' + formatKpi(customer.target.value, unit) + ' by ' + formatDate(customer.target.date),
    ),
  ];
}

function progressBlock(customer, id) {
  const p = customer.progress_to_target_percent;
  return h(
    'div',
    { class: 'metric' },
    h('div', { class: 'metric-label' }, 'Progress to target'),
    svg(meter({ id: 'progress-' + id, title: p === null ? 'Progress to target: not available' : 'Progress to target: ' + formatPercent(p), value: p, cls: 'customer' })),
    h('div', { class: 'metric-value' }, p === null ? 'No KPI value yet' : progressWords(p)),
    note(daysLeftWords(customer.days_left), 'sub'),
  );
}

function rateBlock(label, figure, id, noun, why) {
  const e = explainFigure(figure, { format: (v) => formatRatio(v), noun, why });
  const v = figure && typeof figure.value === 'number' ? figure.value * 100 : null;
  return h(
    'div',
    { class: 'metric ' + e.state },
    h('div', { class: 'metric-label' }, label),
    svg(meter({ id, title: label + ': ' + e.text, value: v, cls: 'consumer' })),
    h('div', { class: 'metric-value' }, e.text),
    note(e.note, 'sub'),
  );
}

async function renderOverview(generation) {
  renderControls(false);
  document.title = 'Business outcomes';
  main().replaceChildren(h('p', { class: 'loading' }, 'Loading outcomes\u2026'));
  const data = await fetchJson(apiUrl(state.root, '', state.view), state.token);
  if (generation !== state.generation) return;
  showTeam(data);
  const outcomes = data.outcomes || [];
  if (outcomes.length === 1 && !location.hash) {
    location.replace('#/outcome/' + encodeURIComponent(outcomes[0].id));
    return;
  }
  if (outcomes.length === 0) {
    main().replaceChildren(
      h('section', { class: 'card' }, h('h2', {}, 'No outcomes yet'),
        note('No business outcome is declared in this store yet \u2014 declare one with \u201coutcome-lrs outcomes apply FILE.json\u201d or PUT /outcomes/ID.')),
    );
    return;
  }
  const cards = outcomes.map((o) => {
    const hl = o.headline || {};
    const customer = hl.customer;
    const consumer = hl.consumer;
    const tagging = o.tagging && o.tagging.state !== 'done'
      ? note('Still tagging past statements (' + formatNumber(o.tagging.processed, 0) + ' of ' + formatNumber(o.tagging.total, 0) + '): consumer figures will grow.', 'sub')
      : null;
    return h(
      'section',
      { class: 'card outcome-card' },
      h('h2', {}, h('a', { href: '#/outcome/' + encodeURIComponent(o.id) }, o.name || o.id)),
      customer ? h('p', { class: 'kpi-name' }, customer.kpi.name + ' (' + (customer.kpi.direction === 'decrease' ? 'to decrease' : 'to increase') + ')') : null,
      h(
        'div',
        { class: 'double' },
        h('div', { class: 'side customer' }, h('h3', {}, 'Business result'), customer ? [kpiPosition(customer, o.id), progressBlock(customer, o.id)] : note('No headline.')),
        h(
          'div',
          { class: 'side consumer' },
          h('h3', {}, 'Learning'),
          consumer ? [
            h('p', { class: 'sub' }, plural(consumer.learners, 'learner') + ' active \u00b7 ' + plural(consumer.completions, 'completion')),
            rateBlock('Adoption', consumer.adoption_rate, 'adoption-' + o.id, 'learner', 'No learners active yet.'),
            rateBlock('Completion', consumer.completion_rate, 'completion-' + o.id, 'learner', 'No learners active yet, so no completion rate.'),
          ] : note('No headline.'),
        ),
      ),
      tagging,
      h('p', { class: 'more' }, h('a', { href: '#/outcome/' + encodeURIComponent(o.id) }, 'Open the full view \u2192')),
    );
  });
  main().replaceChildren(h('div', { class: 'cards' }, cards));
}

// ---- One outcome -----------------------------------------------------------------------------

async function learnersOf(dash, id) {
  const out = [];
  let url = apiUrl(state.root, '/' + id + '/learners', { from: dash.range.from, to: dash.range.to, limit: 5000, ...state.view });
  for (let page = 0; page < MAX_LEARNER_PAGES && url; ++page) {
    const data = await fetchJson(url, state.token);
    out.push(...(data.learners || []));
    url = data.more ? new URL(data.more, state.root).toString() : null;
  }
  return { learners: out, truncated: Boolean(url) };
}

// The points of the per-learner scatter: every learner with a KPI value in the range (x their
// tagged statements in the range), and the people with KPI observations but no tagged
// statement at x = 0, as the dashboard's r counts them.
function scatterPoints(learners, observations, unit) {
  const points = [];
  const seen = new Set();
  for (const l of learners) {
    const key = agentKey(l.agent);
    if (key) seen.add(key);
    if (!l.kpi_in_range || typeof l.kpi_in_range.mean !== 'number') continue;
    points.push({
      x: l.tagged_statements_in_range,
      y: l.kpi_in_range.mean,
      label: agentLabel(l.agent) + ': ' + plural(l.tagged_statements_in_range, 'statement') + ', KPI ' + formatKpi(l.kpi_in_range.mean, unit) + (l.completed_by_end ? ' (completed)' : ''),
    });
  }
  const others = new Map();
  for (const o of observations) {
    const key = agentKey(o.agent);
    if (!key || seen.has(key)) continue;
    if (!others.has(key)) others.set(key, { agent: o.agent, values: [] });
    others.get(key).values.push(o.value);
  }
  for (const { agent, values } of others.values()) {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    points.push({ x: 0, y: mean, label: agentLabel(agent) + ': no tagged statement, KPI ' + formatKpi(mean, unit) });
  }
  return points;
}

function stakeholdersSection(declaration) {
  const s = declaration.stakeholders || {};
  const rows = [
    ['Requested by', personName(s.requestor)],
    ['Sponsored by', personName(s.sponsor)],
    ['Paid by', personName(s.payer)],
    ['Learners', audienceWords(declaration.audience)],
  ];
  const skills = declaration.skills && declaration.skills.length ? declaration.skills.join(', ') : null;
  if (skills) rows.push(['Skills', skills]);
  return h(
    'section',
    { class: 'card people' },
    h('h2', {}, 'Who this is for'),
    h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', { class: v ? '' : 'missing' }, v || 'Not named in the declaration')])),
  );
}

function customerSection(dash, id) {
  const c = dash.customer;
  const unit = c.kpi.unit;
  const series = c.series || [];
  const withValues = series.filter((p) => typeof p.value === 'number');
  const tiles = h(
    'div',
    { class: 'tiles' },
    tile('Latest', c.latest ? { node: kpiValue(c.latest.value, unit), state: 'ok' } : { text: MISSING, note: 'No KPI value at or before ' + formatDate(dash.range.to) + '.', state: 'none' },
      c.latest ? formatDate(c.latest.date) + ' \u00b7 ' + plural(c.latest.n, 'value') : null),
    tile('Baseline', { node: kpiValue(c.baseline.value, unit), state: 'ok' }, formatDate(c.baseline.date)),
    tile('Target', { node: kpiValue(c.target.value, unit), state: 'ok' }, formatDate(c.target.date) + ' \u00b7 ' + (daysLeftWords(c.days_left) || '')),
    tile('Change vs baseline', c.change_vs_baseline ? plain(formatSigned(c.change_vs_baseline.absolute)) : { text: MISSING, note: 'Needs a KPI value.', state: 'none' },
      c.change_vs_baseline && typeof c.change_vs_baseline.percent === 'number' ? formatSigned(c.change_vs_baseline.percent, 1) + '%' : null),
    tile('Progress to target', typeof c.progress_to_target_percent === 'number' ? plain(formatPercent(c.progress_to_target_percent)) : { text: MISSING, note: 'Needs a KPI value.', state: 'none' },
      progressWords(c.progress_to_target_percent)),
  );
  let chart;
  if (withValues.length === 0) {
    chart = note(
      (c.observations_in_range > 0
        ? 'The KPI observations in this range are per team, not for the whole audience or per learner, so there is no series to draw. '
        : 'No KPI observations in this range. ') + explainNoKpi(id),
      'empty',
    );
  } else {
    chart = [
      svg(timeSeriesChart({
        id: 'kpi-chart',
        title: c.kpi.name + ' per ' + dash.range.bucket,
        desc: 'The KPI (' + (unit || 'value') + ') per ' + dash.range.bucket + ' from ' + formatDate(dash.range.from) + ' to ' + formatDate(dash.range.to) + ', with the baseline ' + formatKpi(c.baseline.value, unit) + ' and the target ' + formatKpi(c.target.value, unit) + '. ' + withValues.length + ' of ' + series.length + ' periods have values.',
        points: series.map((p) => ({ date: p.start, value: p.value, n: p.n })),
        width: chartWidth(),
        height: 280,
        refs: [
          { value: c.baseline.value, label: 'Baseline ' + formatKpi(c.baseline.value, unit), cls: 'baseline' },
          { value: c.target.value, label: 'Target ' + formatKpi(c.target.value, unit), cls: 'target' },
        ],
        formatY: (v) => formatNumber(v),
        formatX: (d) => formatDate(d, true),
        pointTitle: (p) => formatDate(p.date) + ': ' + formatKpi(p.value, unit) + ' (' + plural(p.n, 'value') + ')',
      })),
      withValues.length < 3 ? note('Only ' + plural(withValues.length, 'period') + ' with a KPI value: too few to read a trend.') : null,
      series.length > withValues.length ? note('Gaps in the line are periods without observations, not zeros.', 'sub') : null,
    ];
  }
  return h(
    'section',
    { class: 'card customer' },
    h('h2', {}, 'Business result: ' + c.kpi.name),
    h('p', { class: 'sub' }, (c.kpi.direction === 'decrease' ? 'Lower is better' : 'Higher is better') + (unit ? ' \u00b7 unit: ' + unit : '') + ' \u00b7 ' + basisWords(c.basis)),
    tiles,
    chart,
  );
}

function basisWords(basis) {
  if (basis === 'audience') return 'values for the whole audience';
  if (basis === 'learners_and_teams') return 'the mean of per-learner and per-team values';
  return 'no KPI values yet';
}

function consumerSection(dash) {
  const c = dash.consumer;
  const t = c.totals;
  const series = c.series || [];
  const bucket = dash.range.bucket;
  const activeNote = t.active_learners === 0 ? 'No learner has a tagged statement in this range.' : null;
  const tiles = h(
    'div',
    { class: 'tiles' },
    tile('Active learners', plain(formatNumber(t.active_learners, 0)), 'of ' + audienceWords(c.audience)),
    tile('Adoption', explainFigure(t.adoption_rate, { format: formatRatio, why: activeNote || 'The audience size is unknown.' })),
    tile('Completions', plain(formatNumber(t.completions, 0)), null),
    tile('Completion rate', explainFigure(t.completion_rate, { format: formatRatio, why: activeNote || undefined })),
    tile('Application frequency', explainFigure(t.application_frequency, { format: (v) => formatNumber(v, 1), noun: 'learner-' + bucket, why: activeNote || undefined }), 'statements per learner per ' + bucket),
    tile('Mean scaled score', explainFigure(t.mean_scaled_score, { format: formatRatio, noun: 'scored statement', why: 'No tagged statement in this range carries a score.' })),
    tile('Median time to proficiency', explainFigure(t.median_time_to_proficiency_days, { format: (v) => formatNumber(v, 1) + ' days', noun: 'completer', why: 'No learner completed in this range.' })),
    tile('Tagged statements', plain(formatNumber(t.tagged_statements, 0))),
  );
  const charts = [];
  const chartOf = (key, title, kind, format, extra = {}) => {
    const points = series.map((p) => {
      const v = p[key];
      return v && typeof v === 'object' ? { date: p.start, value: v.value, n: v.n } : { date: p.start, value: v };
    });
    const any = points.some((p) => typeof p.value === 'number');
    return h(
      'figure',
      { class: 'small-chart' },
      h('figcaption', {}, title),
      any
        ? svg(timeSeriesChart({
          id: 'consumer-' + key,
          title: title + ' per ' + bucket,
          desc: title + ' per ' + bucket + ' from ' + formatDate(dash.range.from) + ' to ' + formatDate(dash.range.to) + '.',
          points,
          kind,
          width: Math.min(460, chartWidth()),
          height: 220,
          formatY: format,
          formatX: (d) => formatDate(d, true),
          pointTitle: (p) => formatDate(p.date) + ': ' + (typeof p.value === 'number' ? format(p.value) : 'none') + (p.n !== undefined ? ' (n = ' + p.n + ')' : ''),
          ...extra,
        }))
        : note(extra.empty || 'Nothing to draw in this range.', 'empty'),
    );
  };
  charts.push(chartOf('active_learners', 'Active learners', 'bar', (v) => formatNumber(v, 0), { integer: true }));
  charts.push(chartOf('completions', 'Completions', 'bar', (v) => formatNumber(v, 0), { integer: true }));
  charts.push(chartOf('application_frequency', 'Application frequency (statements per active learner)', 'line', (v) => formatNumber(v, 1), { empty: 'No active learners in this range, so no frequency.' }));
  charts.push(chartOf('mean_scaled_score', 'Mean scaled score', 'line', (v) => formatRatio(v), { smallN: 10, empty: 'No scored statements in this range.' }));
  return h(
    'section',
    { class: 'card consumer' },
    h('h2', {}, 'Learning'),
    h('p', { class: 'sub' }, formatDate(dash.range.from) + ' \u2013 ' + formatDate(dash.range.to) + ', per ' + bucket),
    tiles,
    h('div', { class: 'chart-grid' }, charts),
    series.length && series.some((p) => p.mean_scaled_score && p.mean_scaled_score.small_sample && typeof p.mean_scaled_score.value === 'number')
      ? note('Hollow points rest on fewer than 10 scored statements.', 'sub') : null,
  );
}

function correlationBlock(label, c, direction, activity) {
  const e = explainCorrelation(c, { direction, activity });
  return h('div', { class: 'correlation ' + e.state }, h('p', { class: 'corr-label' }, label), h('p', { class: 'headline' }, e.headline), note(e.detail, 'sub'));
}

function linkSection(dash, id, learnerData, observations) {
  const link = dash.link;
  const c = dash.customer;
  const unit = c.kpi.unit;
  const direction = c.kpi.direction;
  const body = [];
  // What both link scatters share: statements (whole numbers) across, the KPI up.
  const linkScatter = {
    integerX: true,
    width: chartWidth(900),
    height: 340,
    yLabel: c.kpi.name,
    formatX: (v) => formatNumber(v, 0),
    formatY: (v) => formatNumber(v),
  };
  if (link.basis === 'per_learner') {
    const byActivity = (link.correlations || []).find((x) => x.activity === 'tagged_statements');
    const byScore = (link.correlations || []).find((x) => x.activity === 'mean_scaled_score');
    const points = scatterPoints(learnerData.learners, observations, unit);
    body.push(h('h3', {}, 'Learner activity against the KPI'));
    if (points.length >= 2) {
      body.push(svg(scatterPlot({
        id: 'link-scatter',
        title: 'Each learner\u2019s tagged statements against their KPI',
        desc: points.length + ' learners with a KPI value in the range. ' + explainCorrelation(byActivity, { direction }).detail,
        points,
        xLabel: 'Tagged statements in the range',
        ...linkScatter,
        refs: [{ value: c.target.value, label: 'Target', cls: 'target' }],
      })));
    } else {
      body.push(note(points.length === 0 ? 'No learner has a KPI value in this range.' : 'Only one learner has a KPI value in this range: nothing to plot.', 'empty'));
    }
    body.push(note(sampleNote(points.length, 'learner'), 'warn'));
    if (learnerData.truncated) body.push(note('Showing the first ' + formatNumber(learnerData.learners.length, 0) + ' learners; r counts them all.', 'sub'));
    body.push(correlationBlock('Tagged statements and the KPI, per learner', byActivity, direction, 'tagged statements'));
    if (byScore) body.push(correlationBlock('Mean scaled score and the KPI, per learner', byScore, direction, 'higher scores'));
    const cmp = link.completers_vs_non_completers;
    if (cmp) {
      const groupNote = (g) => (g.n === 0 ? 'nobody in this group' : 'no value');
      body.push(h('h3', {}, 'Completers versus non-completers'));
      body.push(svg(barPair({
        id: 'link-completers',
        title: 'Mean KPI of completers and non-completers',
        desc: 'Completers: ' + formatKpi(cmp.completers.mean_kpi, unit) + ' (n = ' + cmp.completers.n + '); non-completers: ' + formatKpi(cmp.non_completers.mean_kpi, unit) + ' (n = ' + cmp.non_completers.n + ').',
        bars: [
          { label: 'Completers (n = ' + cmp.completers.n + ')', value: cmp.completers.mean_kpi, note: groupNote(cmp.completers), cls: 'completers' },
          { label: 'Others (n = ' + cmp.non_completers.n + ')', value: cmp.non_completers.mean_kpi, note: groupNote(cmp.non_completers), cls: 'others' },
        ],
        formatValue: (v) => formatKpi(v, unit),
        width: chartWidth(900),
      })));
      if (typeof cmp.difference === 'number') {
        const better = direction === 'decrease' ? cmp.difference < 0 : cmp.difference > 0;
        body.push(h('p', { class: 'headline' }, 'Completers\u2019 KPI differs by ' + formatSigned(cmp.difference) + (unit ? ' ' + unit : '') + (cmp.difference === 0 ? '.' : better ? ' (better).' : ' (worse).')));
      } else {
        body.push(note('No difference: one of the groups has no KPI value in this range.'));
      }
      if (cmp.small_sample) body.push(note('Fewer than 10 people in a group: too few to read a difference.', 'warn'));
    }
  } else if (link.basis === 'per_bucket') {
    const r = (link.correlations || [])[0];
    const kpi = c.series || [];
    const consumer = dash.consumer.series || [];
    const points = kpi
      .map((p, i) => ({ x: consumer[i] ? consumer[i].tagged_statements : null, y: p.value, label: formatDate(p.start) + ': ' + plural(consumer[i] ? consumer[i].tagged_statements : 0, 'statement') + ', KPI ' + formatKpi(p.value, unit) }))
      .filter((p) => typeof p.y === 'number');
    body.push(h('h3', {}, 'Learning activity against the KPI, per ' + dash.range.bucket));
    body.push(h('p', { class: 'sub' }, 'The KPI is measured for the whole audience, so the link is read over periods, not people.'));
    if (points.length >= 2) {
      body.push(svg(scatterPlot({
        id: 'link-scatter',
        title: 'Tagged statements per ' + dash.range.bucket + ' against the KPI',
        desc: points.length + ' periods with a KPI value.',
        points,
        xLabel: 'Tagged statements in the ' + dash.range.bucket,
        ...linkScatter,
      })));
    }
    body.push(note(sampleNote(points.length, 'period'), 'warn'));
    body.push(correlationBlock('Tagged statements and the KPI, per ' + dash.range.bucket, r, direction, 'learning activity'));
  } else {
    body.push(note(link.note ? capitalise(link.note) + '.' : explainNoKpi(id), 'empty'));
  }
  return h('section', { class: 'card link' }, h('h2', {}, 'Did the KPI move with the learning?'), body);
}

// The Impact panel: the window's sentence as the headline, the pre-trend verdict, the event-study
// plot and who stands behind it; or why there is no number. `answer` is GET .../impact, or
// {error} when that call failed (the rest of the page still shows).
function impactSection(answer) {
  const body = [];
  if (!answer || answer.error) {
    body.push(note('The impact estimate could not be read: ' + ((answer && answer.error) || 'no answer') + '.', 'empty'));
    return h('section', { class: 'card impact', id: 'impact' }, h('h2', {}, 'Impact: did completers’ KPI move more than others’?'), body);
  }
  const words = impactWords(answer);
  if (words.headline) {
    body.push(h('p', { class: 'headline impact-headline ' + words.kind }, words.headline));
  }
  if (words.verdict) body.push(h('p', { class: 'verdict ' + words.verdict.state }, words.verdict.text));
  if (words.kind === 'estimate' || (answer.evidence === 'comparison_group' && (answer.event_study || []).length)) {
    const plot = impactPlot(answer, { width: chartWidth(900), height: 320 });
    if (plot) {
      body.push(h('figure', { class: 'impact-figure' }, svg(plot), h('figcaption', { class: 'sub' }, plotLegend(answer))));
    }
  }
  if (words.evidence) body.push(note(words.evidence, 'sub'));
  if (words.counts) body.push(note(words.counts, 'sub'));
  for (const n of words.notes) body.push(note(n, 'sub'));
  return h('section', { class: 'card impact', id: 'impact' }, h('h2', {}, 'Impact: did completers’ KPI move more than others’?'), body);
}

function capitalise(s) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

async function renderOutcome(id, generation) {
  renderControls(true);
  main().replaceChildren(h('p', { class: 'loading' }, 'Loading\u2026'));
  const [view, dash, impact] = await Promise.all([
    fetchJson(apiUrl(state.root, '/' + id), state.token),
    fetchJson(apiUrl(state.root, '/' + id + '/dashboard', { ...rangeQuery(), ...state.view }), state.token),
    // The impact uses all the KPI data, whatever the range; its failure leaves the page.
    fetchJson(apiUrl(state.root, '/' + id + '/impact', impactQuery(state.view)), state.token).catch((e) => {
      if (e instanceof ApiError && isAccessError(e.status)) throw e;
      return { error: e.message || String(e) };
    }),
  ]);
  let learnerData = { learners: [], truncated: false };
  let observations = [];
  if (dash.link && dash.link.basis === 'per_learner') {
    const [l, k] = await Promise.all([
      learnersOf(dash, id),
      fetchJson(apiUrl(state.root, '/' + id + '/kpi', { from: dash.range.from, to: dash.range.to, ...state.view }), state.token),
    ]);
    learnerData = l;
    observations = k.observations || [];
  }
  if (generation !== state.generation) return;
  showTeam(dash.team ? dash : view);
  const declaration = view.declaration || {};
  document.title = (view.name || id) + ' \u2014 Business outcomes';
  main().replaceChildren(
    h('nav', { class: 'crumbs' }, h('a', { href: '#/' }, '\u2190 All outcomes')),
    h('header', { class: 'outcome-head' }, h('h1', {}, view.name || id), declaration.description ? h('p', { class: 'description' }, declaration.description) : null,
      view.tagging && view.tagging.state !== 'done' ? note('Still tagging past statements: learning figures will grow.', 'warn') : null),
    customerSection(dash, id),
    consumerSection(dash),
    linkSection(dash, id, learnerData, observations),
    impactSection(impact),
    stakeholdersSection(declaration),
    h('p', { class: 'as-of sub' }, 'As of ' + formatDate(dash.range.as_of) + ' (UTC). Each figure counts the tagged statements and KPI observations of the range; n is shown where it matters.'),
  );
}

// ---- Routing -----------------------------------------------------------------------------------

async function route() {
  const generation = ++state.generation;
  const m = /^#\/outcome\/([^/?]+)/.exec(location.hash);
  try {
    if (m) await renderOutcome(decodeURIComponent(m[1]), generation);
    else await renderOverview(generation);
  } catch (e) {
    if (generation === state.generation || (e instanceof ApiError && isAccessError(e.status))) showError(e);
  }
  if (generation === state.generation) main().focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
route();
