// Bundles the dashboard into one folder the broker embeds: index.html, app.js (ECharts included,
// tree-shaken), app.css and the map outlines; and the simulator report's charts into one script
// (report.js: ECharts and src/simulation/figures.js, the figures the Simulations page draws too) that
// Suanwang.Simulation embeds and inlines in every report.html. Usage: node build.mjs OUT_DIR REPORT_DIR
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', 'obj', 'wwwroot');
const reportOut = process.argv[3] ?? join(here, '..', 'obj', 'report');

await rm(out, { recursive: true, force: true });
await mkdir(join(out, 'maps'), { recursive: true });
await esbuild.build({
  entryPoints: [join(here, 'src', 'main.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  outfile: join(out, 'app.js'),
  legalComments: 'external',
  logLevel: 'warning',
});
// A classic script (not a module) with its licences at its end: it is pasted into a self-contained page.
await rm(reportOut, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [join(here, 'src', 'report', 'main.js')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outfile: join(reportOut, 'report.js'),
  legalComments: 'eof',
  logLevel: 'warning',
});
await copyFile(join(here, 'src', 'index.html'), join(out, 'index.html'));
await copyFile(join(here, 'src', 'app.css'), join(out, 'app.css'));
// Map outlines from Apache ECharts 4.9.0 (Apache-2.0), the last release that shipped them.
const maps = join(here, 'node_modules', 'echarts-map-data', 'map', 'json');
await copyFile(join(maps, 'china.json'), join(out, 'maps', 'china.json'));
await copyFile(join(maps, 'world.json'), join(out, 'maps', 'world.json'));
await copyFile(join(here, 'node_modules', 'echarts-map-data', 'LICENSE'), join(out, 'maps', 'LICENSE.txt'));
