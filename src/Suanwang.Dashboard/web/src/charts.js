// Apache ECharts, only the parts the dashboard draws (tree-shaken by the bundler).
import * as echarts from 'echarts/core';
import { MapChart, LinesChart, ScatterChart, EffectScatterChart, BarChart, LineChart, HeatmapChart, PieChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent, LegendComponent, GridComponent, VisualMapComponent, TitleComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, LinesChart, ScatterChart, EffectScatterChart, BarChart, LineChart, HeatmapChart, PieChart,
  GeoComponent, TooltipComponent, LegendComponent, GridComponent, VisualMapComponent, TitleComponent, DataZoomComponent, CanvasRenderer]);

/** The font every chart's text is set in (labels placed by measuring need the same). */
export const FONT_FAMILY = 'system-ui, "Noto Sans CJK SC", sans-serif';

const live = new Set();
window.addEventListener('resize', () => { for (const c of live) c.resize(); });

/** Draws a chart in el (a div); el gets role=img and the label, for screen readers. */
export function chart(el, option, label) {
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', label);
  const instance = echarts.getInstanceByDom(el) ?? echarts.init(el, null, { renderer: 'canvas' });
  instance.setOption({ textStyle: { fontFamily: FONT_FAMILY }, animationDuration: 400, ...option }, true);
  live.add(instance);
  return instance;
}

/** Disposes every chart (before a page is replaced). */
export function disposeCharts() {
  for (const c of live) c.dispose();
  live.clear();
}

const maps = new Map();
/** Registers and returns the name of a bundled map outline ('china' or 'world'), loaded once. */
export async function useMap(name) {
  if (!maps.has(name)) {
    maps.set(name, fetch(`maps/${name}.json`).then(r => r.json()).then(json => echarts.registerMap(name, json)));
  }
  await maps.get(name);
  return name;
}

export { echarts };
