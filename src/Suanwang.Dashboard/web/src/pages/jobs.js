// Jobs, newest first: filtered and paged by the server (cursor paging), updated live.
import { h, fill, badge } from '../dom.js';
import { api, session, query } from '../api.js';
import { t } from '../i18n.js';
import { onLive } from '../live.js';
import { when } from '../format.js';

const STATES = ['Submitted', 'Queued', 'Placed', 'Dispatched', 'Running', 'Unknown', 'Lost', 'Requeued', 'Succeeded', 'Failed', 'Cancelled'];
const PAGE_SIZE = 25;

export async function render(main, _params, hash) {
  const params = new URLSearchParams(hash.split('?')[1] ?? '');
  const filters = { state: params.get('state') ?? '', center: params.get('center') ?? '', tenant: params.get('tenant') ?? '' };
  const cursors = [null]; // cursor of each page seen so far; the last is the current page's
  const centers = await api('/v1/centers');

  const state = h('select', { id: 'f-state' }, h('option', { value: '' }, t('any')), STATES.map(s => h('option', { value: s, selected: s === filters.state }, s)));
  const center = h('select', { id: 'f-center' }, h('option', { value: '' }, t('any')), centers.map(c => h('option', { value: c.id, selected: c.id === filters.center }, c.id)));
  const tenant = session.isAdmin ? h('input', { id: 'f-tenant', value: filters.tenant, size: 14 }) : null;
  const body = h('tbody');
  const pager = h('div', { class: 'pager' });
  const rows = new Map();

  fill(main,
    h('h1', {}, t('jobs')),
    h('form', {
      class: 'panel form-row', role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        const q = query({ state: state.value, center: center.value, tenant: tenant?.value.trim() });
        location.hash = `#/jobs${q}`;
      },
    },
    h('div', {}, h('label', { for: 'f-state' }, t('state')), state),
    h('div', {}, h('label', { for: 'f-center' }, t('center')), center),
    tenant ? h('div', {}, h('label', { for: 'f-tenant' }, t('tenantCol')), tenant) : null,
    h('div', {}, h('button', { type: 'submit' }, t('apply')))),
    h('section', { class: 'panel' },
      h('table', { id: 'jobs-table' },
        h('thead', {}, h('tr', {}, [t('id'), t('name'), t('tenantCol'), t('state'), t('center'), t('submitted'), t('updated')].map(x => h('th', { scope: 'col' }, x)))),
        body),
      pager));

  async function load() {
    const cursor = cursors[cursors.length - 1];
    const page = await api(`/v1/jobs${query({ ...filters, limit: PAGE_SIZE, cursor })}`);
    rows.clear();
    fill(body, page.items.length === 0
      ? h('tr', {}, h('td', { colspan: 7, class: 'muted' }, t('noJobs')))
      : page.items.map(row));
    fill(pager,
      h('button', { class: 'secondary', type: 'button', disabled: cursors.length === 1, onclick: () => { cursors.pop(); load(); } }, t('newer')),
      h('span', {}, `${t('page')} ${cursors.length}`),
      h('button', { class: 'secondary', type: 'button', disabled: !page.nextCursor, onclick: () => { cursors.push(page.nextCursor); load(); } }, t('older')));
  }

  function row(job) {
    const stateCell = h('td', {}, badge(job.state));
    const updated = h('td', {}, when(job.updatedAt));
    const centerCell = h('td', {}, job.centerId ?? '—');
    rows.set(job.id, { stateCell, updated, centerCell, version: job.version });
    return h('tr', { 'data-job': job.id },
      h('td', {}, h('a', { href: `#/jobs/${encodeURIComponent(job.id)}` }, job.id)),
      h('td', {}, job.name), h('td', {}, job.tenant), stateCell, centerCell, h('td', {}, when(job.submittedAt)), updated);
  }

  await load();

  let reloadTimer = null;
  const off = onLive((type, changes) => {
    if (type !== 'jobs') return;
    let unseen = false;
    for (const c of changes) {
      const r = rows.get(c.id);
      if (r && c.version > r.version) {
        r.version = c.version;
        fill(r.stateCell, badge(c.state));
        fill(r.updated, when(c.updatedAt));
        fill(r.centerCell, c.centerId ?? '—');
      } else if (!r) unseen = true;
    }
    // A job not on this page may belong at its top: refresh the first page, at most every 2 s.
    if (unseen && cursors.length === 1 && !reloadTimer) reloadTimer = setTimeout(() => { reloadTimer = null; load(); }, 2000);
  });
  return () => { off(); clearTimeout(reloadTimer); };
}
