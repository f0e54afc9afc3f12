// A simulation report (summary.json from `suanwang simulate`) in the dashboard's look: the
// policies side by side, with plots. The file is read in the browser; nothing is uploaded.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { chart } from '../charts.js';
import { num, pct, duration } from '../format.js';

let last = null; // the report opened in this tab

export async function render(main) {
  const body = h('div', { id: 'simulation' });
  const input = h('input', {
    id: 'summary-file', type: 'file', accept: '.json,application/json',
    onchange: async (e) => {
      const f = e.target.files[0];
      if (!f) return;
      try {
        last = { name: f.name, summary: JSON.parse(await f.text()) };
        show();
      } catch (err) {
        fill(body, h('p', { class: 'error', role: 'alert' }, `${f.name}: ${err.message}`));
      }
    },
  });
  fill(main,
    h('h1', {}, t('simTitle')),
    h('section', { class: 'panel' },
      h('div', { class: 'form-row' }, h('div', {}, h('label', { for: 'summary-file' }, t('simOpen')), input)),
      h('p', { class: 'muted' }, t('simHelp'))),
    body);

  function show() {
    const s = last.summary;
    if (!Array.isArray(s?.policies)) { fill(body, h('p', { class: 'error', role: 'alert' }, `${last.name}: not a summary.json (no policies)`)); return; }
    const policies = s.policies;
    const names = policies.map(p => p.name);
    const charts = [
      ['sim-completion', 'Completion time p50 / p95 (h)', [['p50', p => p.completionSeconds.p50 / 3600], ['p95', p => p.completionSeconds.p95 / 3600]]],
      ['sim-wait', 'Wait p50 / p95 (h)', [['p50', p => p.waitSeconds.p50 / 3600], ['p95', p => p.waitSeconds.p95 / 3600]]],
      ['sim-cost', 'Cost (¥)', [['cost', p => p.costYuan]]],
      ['sim-carbon', 'Carbon (kg CO₂)', [['carbon', p => p.carbonKg]]],
      ['sim-green', 'Renewable and western share', [['renewable', p => p.renewableShare], ['western', p => p.westernShare]]],
      ['sim-fair', 'Jain index of tier slowdowns (1 = fair)', [['Jain', p => p.fairness.jainIndexOfTierSlowdowns]]],
    ];
    const els = charts.map(([id]) => h('div', { class: 'chart small', id }));
    const tierEl = h('div', { class: 'chart small', id: 'sim-tiers' });
    const inputs = s.inputs ?? {};
    fill(body,
      h('section', { class: 'panel' },
        h('h2', {}, last.name),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Network'), h('dd', {}, inputs.network?.name ?? '—'),
          h('dt', {}, 'Trace'), h('dd', {}, `${inputs.trace?.file?.name ?? '—'} (${inputs.trace?.jobsUsed ?? '?'} jobs)`),
          h('dt', {}, 'Seed'), h('dd', {}, inputs.seed ?? '—'),
          h('dt', {}, 'Capacity scale'), h('dd', {}, inputs.capacityScale ?? '—'))),
      h('section', { class: 'panel', style: 'overflow-x:auto' },
        h('h2', {}, t('policy')),
        h('table', { id: 'sim-table' },
          h('thead', {}, h('tr', {}, ['Policy', 'Jobs', 'Completed', 'Mean completion', 'p95 wait', 'Cost ¥', 'Energy kWh', 'Carbon kg', 'Water m³', 'Renewable', 'Western', 'Jain', 'Missed deadlines']
            .map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
          h('tbody', {}, policies.map(p => h('tr', {},
            h('th', { scope: 'row' }, p.name), h('td', { class: 'num' }, p.jobs), h('td', { class: 'num' }, p.completed),
            h('td', { class: 'num' }, duration(p.completionSeconds.mean)), h('td', { class: 'num' }, duration(p.waitSeconds.p95)),
            h('td', { class: 'num' }, num(p.costYuan, 0)), h('td', { class: 'num' }, num(p.energyKwh, 0)), h('td', { class: 'num' }, num(p.carbonKg, 0)),
            h('td', { class: 'num' }, p.waterLitres === undefined ? '—' : num(p.waterLitres / 1000, 1)),
            h('td', { class: 'num' }, pct(p.renewableShare)), h('td', { class: 'num' }, pct(p.westernShare)),
            h('td', { class: 'num' }, num(p.fairness.jainIndexOfTierSlowdowns, 3)), h('td', { class: 'num' }, `${p.missedDeadlines}/${p.jobsWithDeadline}`)))))),
      h('div', { class: 'grid3' }, els.map((el, i) => h('section', { class: 'panel' }, h('h2', {}, charts[i][1]), el))),
      h('section', { class: 'panel' }, h('h2', {}, 'Work share by tier against guarantee'), tierEl));
    charts.forEach(([, title, series], i) => chart(els[i], {
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0 } : undefined,
      grid: { left: 50, right: 10, top: series.length > 1 ? 30 : 10, bottom: 40 },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, rotate: names.length > 3 ? 20 : 0, fontSize: 11 } },
      yAxis: { type: 'value' },
      series: series.map(([name, value]) => ({ name, type: 'bar', data: policies.map(value), label: { show: policies.length <= 4, position: 'top', fontSize: 10, formatter: p => num(p.value, 2) } })),
    }, title));
    const tiers = [...new Set(policies.flatMap(p => p.fairness.tiers.map(x => x.name)))];
    chart(tierEl, {
      tooltip: { trigger: 'axis', valueFormatter: v => pct(v, 1) },
      legend: { top: 0 },
      grid: { left: 50, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: tiers },
      yAxis: { type: 'value', axisLabel: { formatter: v => `${Math.round(v * 100)}%` } },
      series: [
        { name: t('guaranteed'), type: 'bar', color: '#9aa7b8', data: tiers.map(n => policies[0].fairness.tiers.find(x => x.name === n)?.guaranteedShare ?? 0) },
        ...policies.map(p => ({ name: p.name, type: 'bar', data: tiers.map(n => p.fairness.tiers.find(x => x.name === n)?.workShare ?? 0) })),
      ],
    }, 'Work share by tier');
  }

  if (last) show();
}
