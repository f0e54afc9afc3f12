// Apache ECharts, only the parts the dashboard draws (tree-shaken by the bundler), and the dashboard's map outlines.
import * as echarts from 'echarts/core';
import { MapChart, LinesChart, ScatterChart, EffectScatterChart, BarChart, LineChart, HeatmapChart, PieChart } from 'echarts/charts';
import { GeoComponent, TooltipComponent, LegendComponent, GridComponent, VisualMapComponent, TitleComponent, DataZoomComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([MapChart, LinesChart, ScatterChart, EffectScatterChart, BarChart, LineChart, HeatmapChart, PieChart,
  GeoComponent, TooltipComponent, LegendComponent, GridComponent, VisualMapComponent, TitleComponent, DataZoomComponent, MarkLineComponent, CanvasRenderer]);

export { chart, disposeCharts, FONT_FAMILY } from './chart.js';

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
