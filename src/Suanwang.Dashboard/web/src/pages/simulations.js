// A simulation report (summary.json from `suanwang simulate`) in the dashboard's look: the
// policies side by side, with the report's figures. The file is read in the browser; nothing is uploaded.
import { h, fill } from '../dom.js';
import { t } from '../i18n.js';
import { chart } from '../charts.js';
import { num, pct, duration } from '../format.js';
import { SUMMARY_FIGURES, figure } from '../simulation/figures.js';

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
    // The figures summary.json holds, drawn as report.html draws them (../simulation/figures.js).
    const figures = SUMMARY_FIGURES.map(name => ({ name, ...figure(name, s) }));
    const els = figures.map(f => h('div', { class: 'chart', id: `sim-${f.name}`, 'data-figure': f.name }));
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
      h('div', { class: 'figures' }, els.map((el, i) => h('section', { class: 'panel' }, h('h2', {}, figures[i].title), el))));
    figures.forEach((f, i) => {
      els[i].style.height = `${f.height}px`;
      chart(els[i], f.option, f.description);
    });
  }

  if (last) show();
}
