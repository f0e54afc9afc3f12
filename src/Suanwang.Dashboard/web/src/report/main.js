// The charts of the simulator's offline report.html: the figures of ../simulation/figures.js (the same ones
// the dashboard's Simulations page draws), from the summary and series the report embeds as JSON. Bundled
// into one script (ECharts included) that the report inlines, so the page needs nothing else, even offline.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkLineComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { chart } from '../chart.js';
import { figure } from '../simulation/figures.js';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, MarkLineComponent, CanvasRenderer]);

const read = (id) => JSON.parse(document.getElementById(id)?.textContent ?? 'null');
const summary = read('summary-data');
const series = read('series-data');

for (const el of document.querySelectorAll('[data-figure]')) {
  try {
    const f = figure(el.dataset.figure, summary, series, Number(el.dataset.policy ?? 0));
    if (!f) continue;
    el.style.height = `${f.height}px`;
    // No animation: the page is read, printed or saved as it opens; twice the pixels for print.
    chart(el, f.option, f.description, { animation: false, devicePixelRatio: Math.max(2, window.devicePixelRatio || 1) });
  } catch (e) {
    el.textContent = `This chart could not be drawn (${e.message}); the tables have its numbers.`;
    el.classList.add('chart-error');
    console.error(e);
  }
}
