// The one place a chart is drawn, for the dashboard (charts.js registers its chart types) and for the
// simulator's offline report.html (report/main.js registers the few it needs). No chart types here, so a
// bundle carries only what it registers.
import * as echarts from 'echarts/core';

/** The font every chart's text is set in (labels placed by measuring need the same). */
export const FONT_FAMILY = 'system-ui, "Noto Sans CJK SC", sans-serif';

const live = new Set();
window.addEventListener('resize', () => { for (const c of live) c.resize(); });

/**
 * Draws a chart in el (a div); el gets role=img and the label, for screen readers. settings: animation
 * (false for a page that is read or printed as it opens) and devicePixelRatio (more for print).
 */
export function chart(el, option, label, settings = {}) {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  const instance = echarts.getInstanceByDom(el)
    ?? echarts.init(el, null, { renderer: 'canvas', devicePixelRatio: settings.devicePixelRatio });
  const animation = settings.animation === false ? { animation: false } : { animationDuration: 400 };
  instance.setOption({ textStyle: { fontFamily: FONT_FAMILY }, ...animation, ...option }, true);
  live.add(instance);
  return instance;
}

/** Disposes every chart (before a page is replaced). */
export function disposeCharts() {
  for (const c of live) c.dispose();
  live.clear();
}
