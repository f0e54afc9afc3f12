// A placement decision as a non-expert reads it: one sentence, a ranked table with what decided
// each loser highlighted, and a chart of the candidates' finish time, cost and carbon.
import { h, esc } from './dom.js';
import { t } from './i18n.js';
import { chart } from './charts.js';
import { num, when } from './format.js';

const MAX_CHART = 15;

/** The table and chart for a decision; call draw() once the element is in the page. */
export function decisionView(decision, id) {
  const chartEl = h('div', { class: 'chart', id: `${id}-chart` });
  const ranked = decision.candidates;
  const table = h('table', { id: `${id}-table` },
    h('caption', { class: 'muted', style: 'text-align:left;padding:4px 0' }, t('decisionCaption').replace('{policy}', decision.policy)),
    h('thead', {}, h('tr', {}, [t('rank'), t('center'), t('verdict'), t('decidingFactor'), t('start'), t('finish'), t('cost'), t('energy'), t('carbonKg'), t('waterL'), t('score'), t('reason')]
      .map((x, i) => h('th', { scope: 'col', class: i >= 6 && i <= 10 ? 'num' : null }, x)))),
    h('tbody', {}, ranked.map((c, i) => h('tr', { class: c.verdict === 'Chosen' ? 'chosen' : null, 'data-center': c.centerId },
      h('td', {}, i + 1),
      h('td', {}, c.centerId),
      h('td', {}, verdictBadge(c.verdict)),
      h('td', { class: 'factor' }, c.verdict === 'Chosen' ? '✓' : c.code || c.decidingFactor ? lossMark(c) : '—'),
      cell(c, 'start', when(c.plan?.startAt), false),
      cell(c, 'finish', when(c.plan?.finishAt), false),
      cell(c, 'cost', c.plan ? num(c.plan.costYuan, 2) : '—'),
      cell(c, 'energy', c.plan ? num(c.plan.energyKwh, 2) : '—'),
      cell(c, 'carbon', c.plan ? num(c.plan.carbonKg, 3) : '—'),
      cell(c, 'water', c.plan?.waterLitres !== undefined ? num(c.plan.waterLitres, 1) : '—'),
      h('td', { class: 'num' }, c.score === null || c.score === undefined ? '—' : num(c.score, 3)),
      h('td', {}, c.reason)))));
  const element = h('div', {},
    h('p', { class: 'summary' }, h('strong', {}, decision.summary)),
    h('div', { style: 'overflow-x:auto' }, table),
    chartEl);
  return { element, draw: () => drawChart(chartEl, decision) };
}

// The figure a loser lost on is highlighted in its row, so the table reads "lost on carbon" at a glance:
// the column of each loss code (the API's closed set) that has one.
const COLUMN_OF_CODE = {
  Slower: 'finish', StartsLater: 'start', Costlier: 'cost', MoreCarbon: 'carbon', MoreWater: 'water',
  FilteredDeadline: 'finish', FilteredPriceCeiling: 'cost',
};

// What lost a center, in the reader's language (the code's label; the deciding factor's name for a code this page does not know).
function lossMark(candidate) {
  const key = `loss${candidate.code}`;
  const label = candidate.code && t(key) !== key ? t(key) : candidate.decidingFactor ?? candidate.code;
  return h('mark', { 'data-code': candidate.code, title: candidate.decidingFactor }, label);
}

function cell(candidate, column, text, numeric = true) {
  const decisive = candidate.verdict !== 'Chosen' && COLUMN_OF_CODE[candidate.code] === column;
  return h('td', { class: numeric ? 'num' : null, 'data-column': column }, decisive ? h('mark', { title: candidate.reason }, text) : text);
}

function verdictBadge(verdict) {
  const cls = verdict === 'Chosen' ? 's-Succeeded' : verdict === 'Filtered' ? 's-Failed' : 's-Queued';
  return h('span', { class: `badge ${cls}` }, verdict);
}

function drawChart(el, decision) {
  const withPlan = decision.candidates.filter(c => c.plan).slice(0, MAX_CHART).reverse();
  if (withPlan.length === 0) { el.remove(); return; }
  el.style.height = `${Math.max(220, 60 + withPlan.length * 26)}px`;
  const origin = new Date(decision.decidedAt).getTime();
  const names = withPlan.map(c => c.centerId);
  const color = (c) => (c.verdict === 'Chosen' ? '#146c2e' : '#7d8fa8');
  const series = (index, value) => ({
    type: 'bar', xAxisIndex: index, yAxisIndex: index,
    data: withPlan.map(c => ({ value: value(c), itemStyle: { color: color(c) }, candidate: c })),
    label: { show: true, position: 'right', fontSize: 11, formatter: (p) => num(p.value, 2) },
  });
  const grids = [0, 1, 2].map(i => ({ left: `${8 + i * 31}%`, width: '24%', top: 36, bottom: 24, containLabel: false }));
  const titles = [t('chartFinish'), t('chartCost'), t('chartCarbon')];
  chart(el, {
    title: titles.map((text, i) => ({ text, left: `${8 + i * 31}%`, top: 4, textStyle: { fontSize: 13 } })),
    tooltip: {
      trigger: 'item', confine: true,
      formatter: (p) => { const c = p.data.candidate; return `<b>${esc(c.centerId)}</b> (${esc(c.verdict)})<br>${esc(c.reason)}`; },
    },
    grid: grids,
    xAxis: grids.map((_, i) => ({ type: 'value', gridIndex: i, axisLabel: { fontSize: 10 } })),
    yAxis: grids.map((_, i) => ({ type: 'category', gridIndex: i, data: names, axisLabel: { show: i === 0, fontSize: 11 } })),
    series: [
      series(0, c => Math.max(0, (new Date(c.plan.finishAt).getTime() - origin) / 3600000)),
      series(1, c => c.plan.costYuan),
      series(2, c => c.plan.carbonKg),
    ],
  }, `${t('explanation')}: ${decision.summary}`);
}
