// Every figure of a simulation, as ECharts options: drawn by the dashboard's Simulations page from a
// summary.json, and by the simulator's offline report.html (report/main.js) from the summary and series
// it embeds. One module, so a figure both show is drawn the same way in both. Each figure also says
// what it shows in words (its chart's aria-label), with the numbers as the report's tables print them.
import { esc } from '../dom.js';
import { MISSING, duration, fixed, quantity } from './numbers.js';

/** Policy colours, by position in the summary (Tableau 10); Reporting/Palette.cs gives the report's tables the same. */
export const PALETTE = ['#4E79A7', '#F28E2B', '#E15759', '#76B7B2', '#59A14F', '#EDC948', '#B07AA1', '#FF9DA7', '#9C755F', '#BAB0AC'];

/** Colour of reference lines (bounds, ideal values). */
export const REFERENCE = '#333333';

const INK = '#3A4450';
const RULE = '#E3E7EC';
const VIRIDIS = ['#440154', '#482878', '#3E4989', '#31688E', '#26828E', '#1F9E89', '#35B779', '#6ECE58', '#B5DE2B', '#FDE725'];

/** The colour of the policy at index i. */
export const policyColor = (i) => PALETTE[i % PALETTE.length];

const finite = (v) => typeof v === 'number' && Number.isFinite(v);
const scaled = (v, k) => (finite(v) ? v * k : NaN);
const withPercent = (v) => (finite(v) ? `${fixed(v, 1)} %` : MISSING);

const axisStyle = {
  axisLine: { lineStyle: { color: INK } },
  axisLabel: { color: INK },
  splitLine: { lineStyle: { color: RULE } },
  nameTextStyle: { color: INK, fontSize: 13 },
};

// One number per policy as horizontal bars (long policy names fit), each labelled with its value; first policy on
// top, as in the tables; an optional dashed reference line (a lower bound) labelled at its top.
function policyBars({ title, axis, value, format, reference, max }) {
  return (summary) => {
    const policies = summary.policies ?? [];
    const values = policies.map(value);
    const ref = reference?.(summary);
    const shownRef = ref && finite(ref.value) ? ref : null;
    const top = Math.max(max ?? 0, Math.max(0, ...values.filter(finite), shownRef?.value ?? 0) * 1.18) || 1;
    const option = {
      grid: { left: 12, right: 28, top: shownRef ? 28 : 12, bottom: 44, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => format(v) },
      xAxis: { type: 'value', min: 0, max: top, name: axis, nameLocation: 'middle', nameGap: 28, ...axisStyle,
        axisLabel: { ...axisStyle.axisLabel, hideOverlap: true, showMaxLabel: top === max } },
      yAxis: { type: 'category', inverse: true, data: policies.map((p) => p.name), ...axisStyle, axisTick: { show: false }, splitLine: { show: false } },
      series: [{
        type: 'bar', name: axis, barWidth: '70%',
        data: policies.map((_, i) => ({ value: finite(values[i]) ? values[i] : 0, itemStyle: { color: policyColor(i) } })),
        label: { show: true, position: 'right', fontSize: 12, color: INK, formatter: ({ dataIndex }) => format(values[dataIndex]) },
        markLine: shownRef ? {
          symbol: 'none', silent: true, animation: false,
          lineStyle: { type: 'dashed', color: REFERENCE, width: 2 },
          label: { position: 'start', formatter: shownRef.label, color: REFERENCE },
          data: [{ xAxis: shownRef.value }],
        } : undefined,
      }],
    };
    const parts = policies.map((p, i) => `${p.name} ${format(values[i])}`);
    if (shownRef) parts.push(`${shownRef.label} ${format(shownRef.value)}`);
    return { title, option, description: `${axis}: ${parts.join('; ')}`, height: 90 + 44 * Math.max(2, policies.length) };
  };
}

// Two percentiles of a time per policy (p50 solid, p95 pale) on the log time axis of the CDFs.
function percentileBars({ title, axis, key }) {
  return (summary) => {
    const policies = summary.policies ?? [];
    const pick = (p, q) => p[key]?.[q];
    const series = [['p50', 1], ['p95', 0.45]].map(([q, opacity]) => ({
      type: 'bar', name: q, itemStyle: { color: '#7D8FA8', opacity },
      data: policies.map((p, i) => ({ value: finite(pick(p, q)) ? toLog(pick(p, q)) : 0, itemStyle: { color: policyColor(i), opacity } })),
      label: { show: true, position: 'right', fontSize: 11, color: INK, formatter: ({ dataIndex }) => duration(pick(policies[dataIndex], q)) },
    }));
    const longest = Math.max(1, ...policies.map((p) => pick(p, 'p95')).filter(finite));
    const option = {
      legend: { top: 0, right: 0, data: ['p50', 'p95'] },
      grid: { left: 12, right: 40, top: 28, bottom: 44, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => duration(10 ** v) },
      xAxis: logTimeAxis(longest * 4, `${axis} (log scale)`),
      yAxis: { type: 'category', inverse: true, data: policies.map((p) => p.name), ...axisStyle, axisTick: { show: false }, splitLine: { show: false } },
      series,
    };
    const description = `${axis}: ${policies.map((p) => `${p.name} p50 ${duration(pick(p, 'p50'))}, p95 ${duration(pick(p, 'p95'))}`).join('; ')}`;
    return { title, option, description, height: 100 + 56 * Math.max(2, policies.length) };
  };
}

/** The tiers in the order they first appear across policies. */
export function tiersOf(summary) {
  return [...new Set((summary.policies ?? []).flatMap((p) => (p.fairness?.tiers ?? []).map((t) => t.name)))];
}

const tierOf = (policy, name) => (policy.fairness?.tiers ?? []).find((t) => t.name === name);

// Mean bounded slowdown per tier, one bar per policy within each tier's group; dashed line at 1× (no slowdown).
function tierSlowdown(summary) {
  const policies = summary.policies ?? [];
  const tiers = tiersOf(summary);
  const values = policies.map((p) => tiers.map((t) => tierOf(p, t)?.meanSlowdown));
  const shown = values.flat().filter((v) => finite(v) && v > 0);
  const format = (v) => (finite(v) ? `${fixed(v, 2)}×` : MISSING);
  const option = {
    legend: { orient: 'vertical', right: 0, top: 'middle', data: policies.map((p) => p.name) },
    grid: { left: 40, right: 150, top: 16, bottom: 44, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: format },
    xAxis: { type: 'category', data: tiers, name: 'Tier', nameLocation: 'middle', nameGap: 28, ...axisStyle, axisTick: { show: false } },
    // Log: slowdowns run from under 1× to thousands when a policy queues work for weeks.
    yAxis: { type: 'log', logBase: 10, min: Math.min(0.5, ...shown), max: Math.max(10, ...shown) * 1.5,
      name: 'Mean bounded slowdown (×, log scale)', nameLocation: 'middle', nameGap: 56, ...axisStyle,
      axisLabel: { ...axisStyle.axisLabel, formatter: (v) => `${fixed(v, 1, 0)}×`, showMinLabel: false, showMaxLabel: false } },
    series: policies.map((p, i) => ({
      type: 'bar', name: p.name, color: policyColor(i), barGap: '10%',
      data: values[i].map((v) => (finite(v) && v > 0 ? v : null)),
      markLine: i === 0 ? {
        symbol: 'none', silent: true, animation: false,
        lineStyle: { type: 'dashed', color: REFERENCE, width: 1.5 },
        label: { position: 'insideEndTop', formatter: 'no slowdown (1×)', color: REFERENCE },
        data: [{ yAxis: 1 }],
      } : undefined,
    })),
  };
  const description = `Mean bounded slowdown per tier: ${tiers.map((t, k) =>
    `${t}: ${policies.map((p, i) => `${p.name} ${format(values[i][k])}`).join(', ')}`).join('; ')}`;
  return { title: 'Mean slowdown per tier', option, description, height: 420 };
}

// Each tier's share of all work under each policy, against the share it is guaranteed.
function tierWorkShare(summary) {
  const policies = summary.policies ?? [];
  const tiers = tiersOf(summary);
  const guaranteed = tiers.map((t) => policies.map((p) => tierOf(p, t)?.guaranteedShare).find(finite));
  const percentOf = (v) => (finite(v) ? v * 100 : null);
  const option = {
    legend: { top: 0, data: ['guaranteed', ...policies.map((p) => p.name)] },
    grid: { left: 40, right: 12, top: 56, bottom: 44, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: withPercent },
    xAxis: { type: 'category', data: tiers, name: 'Tier', nameLocation: 'middle', nameGap: 28, ...axisStyle, axisTick: { show: false } },
    yAxis: { type: 'value', min: 0, name: 'Share of all work (%)', nameLocation: 'middle', nameGap: 36, ...axisStyle },
    series: [
      { type: 'bar', name: 'guaranteed', color: '#9AA7B8', data: guaranteed.map(percentOf) },
      ...policies.map((p, i) => ({ type: 'bar', name: p.name, color: policyColor(i), data: tiers.map((t) => percentOf(tierOf(p, t)?.workShare)) })),
    ],
  };
  const description = `Share of all work by tier: ${tiers.map((t, k) =>
    `${t} (guaranteed ${withPercent(percentOf(guaranteed[k]))}): ${policies.map((p) => `${p.name} ${withPercent(percentOf(tierOf(p, t)?.workShare))}`).join(', ')}`).join('; ')}`;
  return { title: 'Work share by tier against guarantee', option, description, height: 360 };
}

// Log time axis ticked where people read times; values under 1 s are drawn at 1 s (log 0 is undefined).
const LOG_TICKS = [[1, '1 s'], [10, '10 s'], [60, '1 min'], [600, '10 min'], [3600, '1 h'], [6 * 3600, '6 h'],
  [86400, '1 d'], [7 * 86400, '1 wk'], [30 * 86400, '30 d'], [365 * 86400, '1 yr']];
const toLog = (seconds) => Math.log10(Math.max(1, seconds));

function logTimeAxis(maxSeconds, name) {
  const top = toLog(Math.max(60, maxSeconds)) * 1.02;
  const majors = LOG_TICKS.filter(([s]) => toLog(s) <= top);
  const label = new Map(majors.map(([s, text]) => [toLog(s), text]));
  return {
    type: 'value', min: 0, max: top, name, nameLocation: 'middle', nameGap: 28, ...axisStyle,
    axisLabel: { ...axisStyle.axisLabel, customValues: [...label.keys()], formatter: (v) => label.get(v) ?? '' },
    axisTick: { customValues: [...label.keys()] },
  };
}

// The time by which a share of jobs had finished (or started), read off a CDF.
function timeAt(points, share) {
  const hit = points.find(([, f]) => f >= share);
  return hit ? hit[0] : NaN;
}

// Cumulative distribution of a time per policy, one line each, on a log time axis.
function cdf(key, quantity) {
  const Quantity = quantity[0].toUpperCase() + quantity.slice(1);
  return (summary, series) => {
    const policies = summary.policies ?? [];
    const lines = policies.map((p, i) => ({ policy: p, index: i, points: series?.policies?.find((s) => s.name === p.name)?.[key] ?? [] }))
      .filter((l) => l.points.length > 0);
    const maxSeconds = Math.max(1, ...lines.flatMap((l) => l.points.map(([s]) => s)));
    const option = {
      legend: { orient: 'vertical', right: 24, bottom: 64, backgroundColor: '#fff', borderColor: '#C9D0D8', borderWidth: 1, padding: 6,
        data: lines.map((l) => l.policy.name) },
      grid: { left: 12, right: 24, top: 16, bottom: 44, containLabel: true },
      tooltip: {
        trigger: 'axis',
        formatter: (items) => [esc(duration(10 ** items[0].value[0])),
          ...items.map((it) => `${it.marker}${esc(it.seriesName)} ${esc(fixed(it.value[1], 1))} %`)].join('<br>'),
      },
      xAxis: logTimeAxis(maxSeconds, `${Quantity} time (log scale)`),
      yAxis: { type: 'value', min: 0, max: 100, interval: 25, name: `Jobs with ${quantity} ≤ x (%)`, nameLocation: 'middle', nameGap: 44, ...axisStyle,
        axisLabel: { ...axisStyle.axisLabel, formatter: (v) => `${v} %` } },
      series: lines.map((l) => ({
        type: 'line', name: l.policy.name, color: policyColor(l.index), showSymbol: false, lineStyle: { width: 2 },
        data: l.points.map(([s, f]) => [toLog(s), f * 100]),
      })),
    };
    const description = `${Quantity} time, share of jobs by time: ${lines.length === 0 ? 'no series recorded' : lines.map((l) =>
      `${l.policy.name} half within ${duration(timeAt(l.points, 0.5))}, 95 % within ${duration(timeAt(l.points, 0.95))}`).join('; ')}`;
    return { title: `${Quantity} time`, option, description, height: 420 };
  };
}

// One policy's load as a heatmap: a row per center (first at the top), time across, colour the busy share of
// the center's capacity on one scale for every policy. A heatmap rather than lines: a dozen lines tangle.
function load(summary, series, policyIndex) {
  const policy = (summary.policies ?? [])[policyIndex];
  const own = policy && series?.policies?.find((s) => s.name === policy.name)?.load;
  if (!own) return null;
  const centers = series.centers ?? [];
  const rows = own.rows;
  const columns = Math.max(0, ...rows.map((r) => r.length));
  const span = columns * own.columnSeconds;
  const [unitSeconds, unit] = span <= 72 * 3600 ? [3600, 'h'] : [86400, 'd'];
  const centerId = (r) => centers[r]?.id ?? `C${r + 1}`;
  const data = [];
  rows.forEach((row, r) => { for (let c = 0; c < columns; c++) data.push([c, r, (row[c] ?? 0) * 100]); });
  const option = {
    grid: { left: 12, right: 96, top: 12, bottom: 44, containLabel: true },
    tooltip: {
      trigger: 'item',
      formatter: ({ value: [c, r, v] }) => `${esc(centerId(r))}<br>${esc(duration(c * own.columnSeconds))} after the first bucket: ${esc(fixed(v, 1))} % busy`,
    },
    xAxis: { type: 'category', data: Array.from({ length: columns }, (_, c) => fixed(c * own.columnSeconds / unitSeconds, 1, 0)),
      name: `Time since the first bucket (${unit})`, nameLocation: 'middle', nameGap: 28, ...axisStyle, splitLine: { show: false } },
    yAxis: { type: 'category', inverse: true, data: rows.map((_, r) => centerId(r)), ...axisStyle, axisTick: { show: false }, splitLine: { show: false } },
    visualMap: { type: 'continuous', min: 0, max: 100, calculable: false, orient: 'vertical', right: 0, top: 'middle', itemHeight: 140,
      text: ['100 %', '0 %'], textStyle: { color: INK }, inRange: { color: VIRIDIS } },
    series: [{ type: 'heatmap', name: policy.name, data, progressive: 0 }],
  };
  const mean = (row) => (columns === 0 ? NaN : row.reduce((a, b) => a + b, 0) / columns);
  const description = `Load per center for ${policy.name}, busy share of capacity over ${duration(span)}: ${
    rows.map((row, r) => `${centerId(r)} mean ${fixed(mean(row) * 100, 1)} %`).join('; ')}`;
  return { title: `Load per center — ${policy.name}`, option, description, height: 90 + 18 * Math.max(4, rows.length) };
}

const FIGURES = {
  'carbon': policyBars({
    title: 'Carbon', axis: 'Carbon emitted (kg CO2e)', value: (p) => p.carbonKg, format: quantity,
    reference: (s) => ({ value: s.bounds?.carbonGreenestKg, label: 'lower bound (greenest)' }),
  }),
  'cost': policyBars({ title: 'Cost', axis: 'Cost (yuan)', value: (p) => p.costYuan, format: quantity }),
  'energy': policyBars({ title: 'Energy', axis: 'Facility energy (kWh)', value: (p) => p.energyKwh, format: quantity }),
  'western-share': policyBars({
    title: 'Work in western hubs', axis: 'Share of work run in western hubs (%)', value: (p) => scaled(p.westernShare, 100), format: withPercent, max: 100,
  }),
  'renewable-share': policyBars({
    title: 'Renewable energy', axis: 'Renewable share of energy used (%)', value: (p) => scaled(p.renewableShare, 100), format: withPercent, max: 100,
  }),
  'jain': policyBars({
    title: 'Tier fairness (Jain index)', axis: "Jain index of the tiers' mean slowdowns (1 = equal)",
    value: (p) => p.fairness?.jainIndexOfTierSlowdowns, format: (v) => fixed(v, 3), max: 1,
  }),
  'completion-percentiles': percentileBars({ title: 'Completion time p50 / p95', axis: 'Completion time', key: 'completionSeconds' }),
  'wait-percentiles': percentileBars({ title: 'Wait p50 / p95', axis: 'Wait', key: 'waitSeconds' }),
  'tier-slowdown': tierSlowdown,
  'tier-work-share': tierWorkShare,
  'wait-cdf': cdf('waitCdf', 'wait'),
  'completion-cdf': cdf('completionCdf', 'completion'),
  'load': load,
};

/** The figures drawn from summary.json alone (the dashboard's Simulations page shows these). */
export const SUMMARY_FIGURES = ['carbon', 'cost', 'energy', 'western-share', 'renewable-share', 'completion-percentiles',
  'wait-percentiles', 'jain', 'tier-slowdown', 'tier-work-share'];

/**
 * The figure called name: { title, option, description, height }, or null when there is no such figure or
 * nothing to draw. series (the report's CDFs and load timelines) and policyIndex (for 'load') only where needed.
 */
export function figure(name, summary, series = null, policyIndex = 0) {
  const make = Object.hasOwn(FIGURES, name) ? FIGURES[name] : null;
  return make ? make(summary, series, policyIndex) : null;
}
