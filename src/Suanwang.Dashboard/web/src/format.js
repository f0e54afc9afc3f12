import { h } from './dom.js';
import { lang } from './i18n.js';

const nf = (digits) => new Intl.NumberFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

// Small non-zero figures keep two significant digits rather than rounding to a misleading 0.
export const num = (v, digits = 1) => {
  if (v === null || v === undefined || Number.isNaN(Number(v))) return '—';
  const x = Number(v);
  if (x !== 0 && digits > 0 && Math.abs(x) < 10 ** -digits) {
    return new Intl.NumberFormat(lang() === 'zh' ? 'zh-CN' : 'en-GB', { maximumSignificantDigits: 2 }).format(x);
  }
  return nf(digits).format(x);
};
export const pct = (v, digits = 0) => (v === null || v === undefined ? '—' : `${num(100 * v, digits)}%`);
export const yuan = (v) => (v === null || v === undefined ? '—' : `¥${num(v, 2)}`);

/** A date-time in the viewer's time zone, short. */
export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** A duration in seconds, e.g. "2 h 5 min", "35 s". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.abs(seconds);
  const sign = seconds < 0 ? '−' : '';
  if (s < 60) return `${sign}${num(s, s < 10 ? 1 : 0)} s`;
  if (s < 3600) return `${sign}${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  if (s < 86400) return `${sign}${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
  return `${sign}${num(s / 86400, 1)} d`;
}

/** A load bar with its percentage, coloured like the map. */
export function loadBar(load) {
  const color = loadColor(load);
  return h('span', { style: 'white-space:nowrap' }, h('span', { class: 'loadbar', 'aria-hidden': 'true' }, h('span', { style: `width:${Math.round(100 * Math.min(1, load))}%;background:${color}` })), pct(load));
}

/** Green → amber → red as load rises. */
export function loadColor(load) {
  if (load < 0.5) return '#2e9d57';
  if (load < 0.8) return '#d99a1e';
  return '#cf3a2b';
}
