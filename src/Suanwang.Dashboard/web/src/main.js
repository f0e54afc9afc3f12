// The dashboard's shell: sign-in, navigation (hash routes, so every page has its own address) and
// the live feed. Pages live in pages/*.js; each renders into <main> and returns a clean-up function.
import { h, fill } from './dom.js';
import { api, identify, session, whenUnauthorized } from './api.js';
import { t, lang, setLang } from './i18n.js';
import { startLive, stopLive, onLiveStatus } from './live.js';
import { disposeCharts } from './charts.js';
import * as network from './pages/network.js';
import * as jobs from './pages/jobs.js';
import * as job from './pages/job.js';
import * as submit from './pages/submit.js';
import * as operate from './pages/operate.js';
import * as simulations from './pages/simulations.js';

const routes = [
  { pattern: /^#?\/?$/, page: network, nav: 'network', title: 'network' },
  { pattern: /^#\/jobs\/([^/?]+)$/, page: job, nav: 'jobs', title: 'jobs' },
  { pattern: /^#\/jobs(?:\?.*)?$/, page: jobs, nav: 'jobs', title: 'jobs' },
  { pattern: /^#\/submit$/, page: submit, nav: 'submit', title: 'submit' },
  { pattern: /^#\/operate$/, page: operate, nav: 'operate', title: 'operate', admin: true },
  { pattern: /^#\/simulations$/, page: simulations, nav: 'simulations', title: 'simulations' },
];

let cleanup = null;
const main = () => document.getElementById('main');

function navLinks(current) {
  const items = [['network', '#/'], ['jobs', '#/jobs'], ['submit', '#/submit']];
  if (session.isAdmin) items.push(['operate', '#/operate']);
  items.push(['simulations', '#/simulations']);
  return h('ul', {}, items.map(([key, href]) => h('li', {}, h('a', { href, 'aria-current': key === current ? 'page' : null }, t(key)))));
}

function header(current) {
  fill(document.getElementById('nav'), session.token ? navLinks(current) : null);
  const status = h('span', { class: 'muted', style: 'color:#cfe0f5', 'aria-live': 'polite' });
  const parts = [
    h('button', { class: 'secondary', type: 'button', lang: lang() === 'zh' ? 'en' : 'zh', title: t('languageLabel'), onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); route(); } }, t('language')),
  ];
  if (session.token) {
    parts.unshift(status, h('span', {}, session.isAdmin ? t('admin') : `${t('tenant')}: ${session.tenant ?? ''}`));
    parts.push(h('button', { class: 'secondary', type: 'button', onclick: signOut }, t('signOut')));
  }
  fill(document.getElementById('session'), parts);
  if (session.token) onLiveStatus(ok => { status.textContent = ok ? `● ${t('live')}` : `○ ${t('offline')}`; });
}

function signOut() {
  session.token = null;
  session.role = null;
  stopLive();
  location.hash = '#/';
  route();
}

function signInPage() {
  disposeCharts();
  header(null);
  document.title = `${t('signIn')} · Suanwang 算网`;
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'token-help' });
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', {
    class: 'panel signin',
    onsubmit: async (e) => {
      e.preventDefault();
      error.textContent = '';
      const token = input.value.trim();
      try {
        const who = await identify(token);
        session.token = token;
        Object.assign(session, who);
        startLive();
        route();
      } catch {
        error.textContent = t('badToken');
      }
    },
  },
  h('h1', {}, t('signIn')),
  h('p', {}, h('label', { for: 'token' }, t('token'))),
  input,
  h('p', { id: 'token-help', class: 'muted' }, t('tokenHelp')),
  error,
  h('button', { type: 'submit' }, t('signIn')));
  fill(main(), form);
  input.focus();
}

export async function route() {
  cleanup?.();
  cleanup = null;
  disposeCharts();
  document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
  if (!session.token) return signInPage();
  if (!session.role) {
    try {
      Object.assign(session, await identify(session.token));
      startLive();
    } catch {
      session.token = null;
      return signInPage();
    }
  }
  const hash = location.hash || '#/';
  const match = routes.map(r => ({ r, m: hash.match(r.pattern) })).find(x => x.m && (!x.r.admin || session.isAdmin));
  const { r, m } = match ?? { r: routes[0], m: [] };
  header(r.nav);
  document.title = `${t(r.title)} · Suanwang 算网`;
  // Each visit renders into its own element: a slower earlier visit that finishes late writes
  // into a detached element and is cleaned up at once, never over the page now shown.
  const generation = ++visits;
  const el = h('div', {}, h('p', { class: 'muted' }, '…'));
  fill(main(), el);
  try {
    const done = (await r.page.render(el, m.slice(1).map(decodeURIComponent), hash)) ?? null;
    if (generation === visits) cleanup = done;
    else done?.();
  } catch (e) {
    fill(el, h('h1', {}, t(r.title)), h('p', { class: 'error', role: 'alert' }, e.message));
  }
}

let visits = 0;

whenUnauthorized(signOut);
window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
export { api };
