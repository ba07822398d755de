// Formatting and the words that explain a figure. Pure functions, no DOM: imported by app.js in
// the browser and by tests/web/*.test.mjs under Node.
//
// The rule of the dashboard: a figure the API answers as null is never shown as 0, and a figure
// behind few observations says so. Every function here that takes a figure returns words for
// those cases.

// Below this many observations a figure is flagged (the API's "small_sample": n < 10).
export const SMALL_SAMPLE = 10;

// What stands in for a missing number; always next to words that say why.
export const MISSING = '\u2014';

const MINUS = '\u2212';

function isNumber(v) {
  return typeof v === 'number' && Number.isFinite(v);
}

// Fraction digits that suit a magnitude: 1,234 / 12.3 / 1.23 / 0.123.
function autoDigits(v) {
  const a = Math.abs(v);
  if (a >= 100) return 0;
  if (a >= 10) return 1;
  if (a >= 1 || a === 0) return 2;
  return 3;
}

// "1,234", "12.3", "−0.5"; MISSING for null, undefined or NaN (never "0").
export function formatNumber(v, digits) {
  if (!isNumber(v)) return MISSING;
  const d = digits === undefined ? autoDigits(v) : digits;
  const text = Math.abs(v).toLocaleString('en-US', {
    maximumFractionDigits: d,
    minimumFractionDigits: 0,
  });
  // -0.001 rounded to "0" reads as zero, not as "−0".
  return v < 0 && /[1-9]/.test(text) ? MINUS + text : text;
}

// A signed change: "+1.2", "−3", "0".
export function formatSigned(v, digits) {
  if (!isNumber(v)) return MISSING;
  const text = formatNumber(v, digits);
  return v > 0 && /[1-9]/.test(text) ? '+' + text : text;
}

// A ratio as a percentage: 0.4235 -> "42%"; digits after the point on request.
export function formatRatio(ratio, digits = 0) {
  if (!isNumber(ratio)) return MISSING;
  return formatNumber(ratio * 100, digits) + '%';
}

// A value that already is a percentage: 57.3 -> "57%".
export function formatPercent(percent, digits = 0) {
  if (!isNumber(percent)) return MISSING;
  return formatNumber(percent, digits) + '%';
}

// A KPI value with its unit: "4.2 incidents", "12%" (a unit of "%" sticks to the number).
export function formatKpi(value, unit) {
  if (!isNumber(value)) return MISSING;
  const number = formatNumber(value);
  if (!unit) return number;
  if (unit === '%' || unit === 'percent') return number + '%';
  return number + '\u00a0' + unit;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2026-04-30" -> "30 Apr 2026"; `short` leaves out the year. The text as given when it is not
// a date.
export function formatDate(iso, short = false) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
  if (!m) return iso ? String(iso) : MISSING;
  const text = Number(m[3]) + ' ' + MONTHS[Number(m[2]) - 1];
  return short ? text : text + ' ' + m[1];
}

// "3 learners", "1 learner".
export function plural(n, noun, nouns) {
  return formatNumber(n, 0) + ' ' + (n === 1 ? noun : nouns || noun + 's');
}

// Words for a sample of `n` (null when it is large enough to read).
export function sampleNote(n, noun = 'learner', nouns) {
  if (!isNumber(n) || n <= 0) return 'No ' + (nouns || noun + 's') + ' yet.';
  if (n < SMALL_SAMPLE) return 'Only ' + plural(n, noun, nouns) + ': too few to read a trend.';
  return null;
}

// A figure of the API ({value, n, small_sample}) as {text, note, state}: state is "none" (no
// value: text is MISSING and note says why), "small" (shown, with a warning) or "ok".
// `format` turns the value into text; `noun`/`nouns` name what n counts; `why` explains a null
// value (default: nothing to count yet).
export function explainFigure(figure, { format = formatNumber, noun = 'learner', nouns, why } = {}) {
  const n = figure && isNumber(figure.n) ? figure.n : 0;
  if (!figure || !isNumber(figure.value)) {
    return {
      text: MISSING,
      note: why || 'Not available yet: ' + (n > 0 ? plural(n, noun, nouns) : 'no ' + (nouns || noun + 's')) + ' to compute it from.',
      state: 'none',
    };
  }
  const small = figure.small_sample === true || n < SMALL_SAMPLE;
  return {
    text: format(figure.value),
    note: small ? sampleNote(n, noun, nouns) : null,
    state: small ? 'small' : 'ok',
  };
}

// How strong a correlation is, in words.
export function strengthOf(r) {
  const a = Math.abs(r);
  if (a < 0.1) return 'no';
  if (a < 0.3) return 'a weak';
  if (a < 0.5) return 'a moderate';
  return 'a strong';
}

// A correlation of the API ({activity, r, n, ci95, small_sample, reason}) in words, as
// {headline, detail, state}. `direction` ("increase"/"decrease") is the KPI's: with it the
// headline says whether more activity went with a better KPI. Correlation is not causation; the
// words say "went with".
export function explainCorrelation(c, { direction, activity = 'tagged statements' } = {}) {
  if (!c) return { headline: 'Not computed.', detail: null, state: 'none' };
  const n = isNumber(c.n) ? c.n : 0;
  if (!isNumber(c.r)) {
    const reason = c.reason ? c.reason.replace(/\.$/, '') : 'not enough data';
    return {
      headline: 'r not computed: ' + reason + '.',
      detail: 'n = ' + formatNumber(n, 0) + '. ' + (sampleNote(n, 'pair') || ''),
      state: 'none',
    };
  }
  const r = c.r;
  const strength = strengthOf(r);
  let headline;
  if (strength === 'no') {
    headline = 'No clear link between ' + activity + ' and the KPI.';
  } else {
    const higher = r > 0;
    const better = direction === 'increase' ? higher : direction === 'decrease' ? !higher : null;
    headline =
      'More ' + activity + ' went with a ' + (higher ? 'higher' : 'lower') + ' KPI' +
      (better === null ? '' : better ? ' (better)' : ' (worse)') + ': ' + strength + ' link.';
  }
  const interval = Array.isArray(c.ci95) && c.ci95.length === 2 && isNumber(c.ci95[0]) && isNumber(c.ci95[1])
    ? '95% interval ' + formatNumber(c.ci95[0], 2) + ' to ' + formatNumber(c.ci95[1], 2)
    : 'too few for a 95% interval';
  const small = c.small_sample === true || n < SMALL_SAMPLE;
  const parts = ['r = ' + formatNumber(r, 2), interval, 'n = ' + formatNumber(n, 0)];
  let detail = parts.join('; ') + '.';
  if (small) detail += ' ' + sampleNote(n, 'pair');
  else if (interval.startsWith('95%') && c.ci95[0] < 0 && c.ci95[1] > 0) {
    detail += ' The interval includes 0: no link is also consistent with the data.';
  }
  return { headline, detail, state: small ? 'small' : 'ok' };
}

// Words for the KPI's position when it has no latest value, by basis.
export function explainNoKpi(outcomeId) {
  return (
    'No KPI observations yet \u2014 import them with \u201coutcome-lrs kpi import --outcome ' +
    outcomeId + ' FILE.csv\u201d or POST /outcomes/' + outcomeId + '/kpi.'
  );
}

// Progress to target as words: "57% of the way to the target", "moved away from the target".
export function progressWords(percent) {
  if (!isNumber(percent)) return null;
  if (percent >= 100) return 'Target reached (' + formatPercent(percent) + ').';
  if (percent < 0) return 'Moved away from the target (' + formatPercent(percent) + ').';
  return formatPercent(percent) + ' of the way from baseline to target.';
}

// "42 days left", "target date is today", "target date passed 3 days ago".
export function daysLeftWords(days) {
  if (!isNumber(days)) return null;
  if (days === 0) return 'Target date is today.';
  if (days > 0) return plural(days, 'day') + ' left to the target date.';
  return 'Target date passed ' + plural(-days, 'day') + ' ago.';
}

// The date `days` days before `today` ("YYYY-MM-DD", UTC).
export function daysBefore(today, days) {
  const t = Date.parse(today + 'T00:00:00Z') - days * 86400000;
  return new Date(t).toISOString().slice(0, 10);
}

// Query parameters of a range preset: "30", "90", "365" (the last N days up to `today`,
// inclusive), "all" or anything else (none: the API's default, from the KPI baseline).
export function rangeParams(preset, today) {
  const days = { 30: 30, 90: 90, 365: 365 }[preset];
  if (!days) return {};
  return { from: daysBefore(today, days - 1), to: today };
}

// The bucket that suits a preset, when the user has not chosen one.
export function defaultBucket(preset) {
  return preset === '30' ? 'day' : preset === '365' || preset === 'all' ? 'month' : 'week';
}

// A person of the declaration's stakeholders ({name, agent}) in words.
export function personName(who) {
  if (!who) return null;
  if (who.name) return who.name;
  const a = who.agent;
  if (!a) return null;
  if (a.name) return a.name;
  if (a.mbox) return String(a.mbox).replace(/^mailto:/, '');
  if (a.account) return a.account.name + ' (' + a.account.homePage + ')';
  if (a.openid) return a.openid;
  return 'an identified agent';
}

// The segment of an audience in words.
export function audienceWords(audience) {
  if (!audience) return null;
  const segment = audience.segment === 'custom' ? audience.custom_segment || 'custom' : audience.segment;
  return isNumber(audience.size) ? plural(audience.size, 'person', 'people') + ' (' + segment + ')' : segment;
}

// The key of an xAPI agent's identifier, to match learners with KPI observations.
export function agentKey(agent) {
  if (!agent) return null;
  if (agent.mbox) return 'mbox:' + String(agent.mbox).toLowerCase();
  if (agent.mbox_sha1sum) return 'sha1:' + agent.mbox_sha1sum;
  if (agent.openid) return 'openid:' + agent.openid;
  if (agent.account) return 'account:' + agent.account.homePage + '|' + agent.account.name;
  return null;
}

// The name of a learner for a tooltip.
export function agentLabel(agent) {
  return personName({ agent }) || 'a learner';
}
