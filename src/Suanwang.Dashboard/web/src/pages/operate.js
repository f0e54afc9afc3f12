// What an operator watches: utilisation over time per hub and per center, east–west share,
// energy, carbon and green share, fairness by tier, flagged centers, predicted vs actual finish.
import { h, fill, esc, badge } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { chart } from '../charts.js';
import { num, pct, duration } from '../format.js';

const REFRESH_MS = 10000;

export async function render(main) {
  const network = await api('/v1/network');
  const regionName = new Map(network.regions.map(r => [r.id, r.nameZh ? `${r.nameZh} ${r.name}` : r.name]));
  const kpis = h('div', { class: 'kpis', id: 'kpis' });
  const hubChart = h('div', { class: 'chart small', id: 'util-hubs' });
  const centerChart = h('div', { class: 'chart', id: 'util-centers' });
  const eastWestChart = h('div', { class: 'chart small', id: 'east-west' });
  const tierChart = h('div', { class: 'chart small', id: 'tiers-chart' });
  const tierTable = h('div', {});
  const flagged = h('div', { id: 'flagged' });
  const finishChart = h('div', { class: 'chart small', id: 'finishes' });
  const finishNote = h('p', { class: 'muted' });

  fill(main,
    h('h1', {}, t('operate')),
    kpis,
    h('div', { class: 'grid2', style: 'margin-top:14px' },
      h('section', { class: 'panel' }, h('h2', {}, t('utilHub')), hubChart),
      h('section', { class: 'panel' }, h('h2', {}, t('eastWest')), eastWestChart)),
    h('section', { class: 'panel' }, h('h2', {}, t('utilCenter')), centerChart),
    h('div', { class: 'grid2' },
      h('section', { class: 'panel' }, h('h2', {}, t('fairness')), tierChart, tierTable),
      h('section', { class: 'panel' }, h('h2', {}, t('flagged')), flagged)),
    h('section', { class: 'panel' }, h('h2', {}, t('predicted')), finishNote, finishChart));

  async function load() {
    const ops = await api('/v1/operations?maxSamples=300');
    const u = ops.utilisation;
    const times = u.samples.map(s => s.at);
    fill(kpis,
      kpi(t('greenShare'), pct(ops.energy.greenShare)),
      kpi(t('westShare'), pct(ops.eastWest.westShareOfWork)),
      kpi(t('energy'), num(ops.energy.energyKwh, 2)),
      kpi(t('carbonKg'), num(ops.energy.carbonKg, 3)),
      kpi(t('cost'), num(ops.energy.costYuan, 2)),
      kpi(t('flagged'), ops.flagged.length));

    chart(hubChart, {
      tooltip: { trigger: 'axis', valueFormatter: v => pct(v) },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 44, right: 16, top: 34, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: v => `${Math.round(v * 100)}%` } },
      series: u.regionIds.map((id, i) => ({ name: regionName.get(id) ?? id, type: 'line', showSymbol: false, data: u.samples.map(s => [s.at, s.regions[i]]) })),
    }, t('utilHub'));

    // A heat map scales to a thousand centers where lines would not.
    const cells = [];
    u.samples.forEach((s, x) => s.centers.forEach((v, y) => { if (v > 0) cells.push([x, y, v]); }));
    centerChart.style.height = `${Math.min(900, Math.max(260, 60 + u.centerIds.length * 14))}px`;
    chart(centerChart, {
      tooltip: { formatter: p => `${esc(u.centerIds[p.value[1]])} · ${esc(new Date(times[p.value[0]]).toLocaleTimeString())}: ${esc(pct(p.value[2]))}` },
      grid: { left: 110, right: 60, top: 10, bottom: 40 },
      xAxis: { type: 'category', data: times.map(x => new Date(x).toLocaleTimeString()), axisLabel: { fontSize: 10 } },
      yAxis: { type: 'category', data: u.centerIds, axisLabel: { fontSize: 10, interval: u.centerIds.length > 60 ? 'auto' : 0 } },
      visualMap: { min: 0, max: 1, calculable: false, orient: 'vertical', right: 0, top: 'middle', itemHeight: 120, inRange: { color: ['#e3f3e7', '#f2c14e', '#cf3a2b'] }, formatter: v => `${Math.round(v * 100)}%` },
      series: [{ type: 'heatmap', data: cells, progressive: 5000 }],
    }, t('utilCenter'));

    const ew = ops.eastWest;
    chart(eastWestChart, {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 16, top: 34, bottom: 28 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: [t('running'), 'Finished this month'] },
      series: [
        { name: 'East 东部', type: 'bar', stack: 'x', color: '#0b5cad', data: [ew.runningEast, ew.finishedEast] },
        { name: 'West 西部', type: 'bar', stack: 'x', color: '#7a4bb3', data: [ew.runningWest, ew.finishedWest] },
        { name: 'Other', type: 'bar', stack: 'x', color: '#8b95a3', data: [ew.runningOther, ew.finishedOther] },
      ],
    }, t('eastWest'));

    chart(tierChart, {
      tooltip: { trigger: 'axis', valueFormatter: v => pct(v, 1) },
      legend: { top: 0 },
      grid: { left: 44, right: 16, top: 34, bottom: 28 },
      xAxis: { type: 'category', data: ops.tiers.map(x => x.tier) },
      yAxis: { type: 'value', axisLabel: { formatter: v => `${Math.round(v * 100)}%` } },
      series: [
        { name: t('guaranteed'), type: 'bar', color: '#9aa7b8', data: ops.tiers.map(x => x.guaranteedShare) },
        { name: t('shareNow'), type: 'bar', color: '#0b5cad', data: ops.tiers.map(x => x.shareNow) },
        { name: t('periodShare'), type: 'bar', color: '#e8a33d', data: ops.tiers.map(x => x.shareOfPeriodWork) },
      ],
    }, t('fairness'));
    fill(tierTable, h('table', { id: 'tiers-table' },
      h('thead', {}, h('tr', {}, [t('tier'), t('guaranteed'), t('shareNow'), t('waiting'), t('running'), t('periodShare'), t('met')].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
      h('tbody', {}, ops.tiers.map(x => h('tr', {},
        h('td', {}, x.tier), h('td', { class: 'num' }, pct(x.guaranteedShare)), h('td', { class: 'num' }, pct(x.shareNow, 2)),
        h('td', { class: 'num' }, x.waiting), h('td', { class: 'num' }, x.running), h('td', { class: 'num' }, pct(x.shareOfPeriodWork, 1)),
        h('td', { class: 'num' }, x.met ? t('yes') : h('strong', { class: 'error' }, t('no'))))))));

    fill(flagged, ops.flagged.length === 0 ? h('p', {}, t('noneFlagged')) : h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('center')), h('th', { scope: 'col' }, t('availability')), h('th', { scope: 'col' }, t('reason')))),
      h('tbody', {}, ops.flagged.map(f => h('tr', {}, h('td', {}, f.centerId), h('td', {}, badge(f.availability, 'a')), h('td', {}, f.detail))))));

    const points = ops.finishes.points;
    finishNote.textContent = `${t('mae')}: ${duration(ops.finishes.meanAbsoluteErrorSeconds)} (${points.length} jobs)`;
    chart(finishChart, {
      tooltip: { formatter: p => `${esc(p.data.id)} @ ${esc(p.data.center)}<br>${esc(duration(p.value[1]))}` },
      grid: { left: 60, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'actual − predicted (s)', nameTextStyle: { align: 'left' } },
      series: [{ type: 'scatter', symbolSize: 7, color: '#0b5cad',
        data: points.map(p => ({ id: p.jobId, center: p.centerId, value: [p.actualFinishAt, (new Date(p.actualFinishAt) - new Date(p.predictedFinishAt)) / 1000] })) }],
    }, t('predicted'));
  }

  await load();
  const timer = setInterval(() => load().catch(() => {}), REFRESH_MS);
  return () => clearInterval(timer);
}

function kpi(label, value) {
  return h('div', { class: 'kpi' }, h('div', { class: 'v' }, value), h('div', { class: 'k' }, label));
}
