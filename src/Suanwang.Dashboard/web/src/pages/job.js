// One job: its state live, history, output, cost, and where it went and why. Cancel from here.
import { h, fill, badge, toast } from '../dom.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { onLive } from '../live.js';
import { when, duration, yuan, num } from '../format.js';
import { decisionView } from '../decision.js';

const FINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);
const WAITING = new Set(['Submitted', 'Queued', 'Requeued']);

export async function render(main, [id]) {
  const path = `/v1/jobs/${encodeURIComponent(id)}`;
  let job = await api(path);
  let explainedVersion = -1;

  const title = h('h1', {});
  const stateEl = h('span', { id: 'job-state', role: 'status', 'aria-live': 'polite' });
  const facts = h('dl', { class: 'facts' });
  const actions = h('div', {});
  const history = h('ol', { class: 'timeline', id: 'job-history' });
  const metering = h('div', {});
  const explanation = h('div', { id: 'job-explanation' });
  const output = h('pre', { class: 'output', id: 'job-output', tabindex: '0', 'aria-label': t('output') });
  let stream = 'stdout';
  const outputs = { stdout: { text: '', offset: 0, complete: false }, stderr: { text: '', offset: 0, complete: false } };
  const tabs = h('div', { class: 'tabs', role: 'tablist' });

  fill(main,
    title,
    h('div', { class: 'grid2' },
      h('section', { class: 'panel', 'aria-label': t('state') }, h('p', {}, stateEl), facts, actions),
      h('section', { class: 'panel' }, h('h2', {}, t('history')), history)),
    h('section', { class: 'panel' }, h('h2', {}, t('explanation')), explanation),
    h('div', { class: 'grid2' },
      h('section', { class: 'panel' }, h('h2', {}, t('output')), tabs, output),
      h('section', { class: 'panel' }, h('h2', {}, t('metering')), metering)));

  function drawTabs() {
    fill(tabs, ['stdout', 'stderr'].map(s => h('button', {
      type: 'button', role: 'tab', 'aria-selected': String(s === stream), 'aria-controls': 'job-output',
      onclick: () => { stream = s; drawTabs(); output.textContent = outputs[s].text; },
    }, s)));
  }

  function drawJob() {
    fill(title, `${job.name} `, h('span', { class: 'muted' }, job.id));
    fill(stateEl, badge(job.state), ' ', job.reason);
    const s = job.spec;
    fill(facts,
      fact(t('tenantCol'), `${job.tenant} (${job.tier})`),
      fact(t('center'), job.centerId ? h('a', { href: `#/jobs?center=${encodeURIComponent(job.centerId)}` }, `${job.centerId}${job.poolId ? ` / ${job.poolId}` : ''}`) : '—'),
      fact(t('submitted'), when(job.submittedAt)),
      fact(t('started'), when(job.startedAt)),
      fact(t('ended'), when(job.endedAt)),
      fact(t('exitCode'), job.exitCode ?? '—'),
      fact(t('attempt'), job.attempt),
      fact(t('command'), s.command.join(' ')),
      fact(t('resources'), `${s.accelerators ? `${s.accelerators} acc · ` : ''}${s.cpus} cpu · ${num(s.memoryGiB, 1)} GiB · ${num(s.referenceHours, 3)} ref-h`));
    fill(actions, FINAL.has(job.state) ? null : h('button', {
      type: 'button', class: 'danger', id: 'cancel-job',
      onclick: async (e) => {
        if (!confirm(t('cancelConfirm'))) return;
        e.target.disabled = true;
        try {
          job = await api(`${path}/cancel`, { method: 'POST' });
          toast(`${job.id}: ${job.state}`);
          await refresh();
        } catch (err) {
          toast(err.message);
          e.target.disabled = false;
        }
      },
    }, t('cancel')));
  }

  async function refresh() {
    const [fresh, events, meter] = await Promise.all([api(path), api(`${path}/events`), api(`${path}/metering`)]);
    job = fresh;
    drawJob();
    fill(history, events.map(e => h('li', {}, h('span', { class: 'muted' }, when(e.at)), ' ', e.from ? `${e.from} → ` : '', badge(e.to), ' ', e.reason)));
    fill(metering, meteringTable(meter));
    // The explanation changes when the job is (re)placed; a waiting job's is worked out afresh.
    if (explainedVersion < 0 || WAITING.has(job.state) || (job.state === 'Placed' && explainedVersion !== job.version)) {
      explainedVersion = job.version;
      try {
        const decision = await api(`${path}/explanation`);
        const view = decisionView(decision, 'explanation');
        fill(explanation, view.element);
        view.draw();
      } catch (e) {
        fill(explanation, h('p', { class: 'muted' }, e instanceof ApiError ? e.message : String(e)));
      }
    }
    await readOutput();
  }

  async function readOutput() {
    for (const s of ['stdout', 'stderr']) {
      const o = outputs[s];
      if (o.complete) continue;
      try {
        const chunk = await api(`${path}/output?stream=${s}&offset=${o.offset}`);
        o.text += chunk.text;
        o.offset = chunk.nextOffset;
        o.complete = chunk.complete;
      } catch { /* the center may be unreachable for a moment */ }
    }
    if (output.textContent !== outputs[stream].text) output.textContent = outputs[stream].text;
  }

  drawTabs();
  await refresh();

  let busy = false;
  const update = async () => {
    if (busy) return;
    busy = true;
    try { await refresh(); } finally { busy = false; }
  };
  const off = onLive((type, changes) => {
    if (type === 'jobs' && changes.some(c => c.id === job.id && c.version > job.version)) update();
  });
  // Output grows without state changes: read it every 2 s while the job runs.
  const timer = setInterval(() => { if (!FINAL.has(job.state) || !outputs.stdout.complete) readOutput(); }, 2000);
  return () => { off(); clearInterval(timer); };
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function meteringTable(m) {
  const row = (label, f) => h('tr', {}, h('th', { scope: 'row' }, label),
    h('td', { class: 'num' }, f ? duration(f.runtimeSeconds) : '—'), h('td', { class: 'num' }, f ? yuan(f.costYuan) : '—'),
    h('td', { class: 'num' }, f ? num(f.energyKwh, 3) : '—'), h('td', { class: 'num' }, f ? num(f.carbonKg, 4) : '—'));
  return h('table', { id: 'job-metering' },
    h('thead', {}, h('tr', {}, h('td', {}), h('th', { scope: 'col', class: 'num' }, t('runtime')), h('th', { scope: 'col', class: 'num' }, t('cost')),
      h('th', { scope: 'col', class: 'num' }, t('energy')), h('th', { scope: 'col', class: 'num' }, t('carbonKg')))),
    h('tbody', {}, row(t('estimated'), m.estimated), row(t('actual'), m.actual)));
}
