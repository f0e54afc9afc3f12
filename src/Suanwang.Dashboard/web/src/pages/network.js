// The network: a map of the hubs and centers at their real coordinates, links with latency and
// bandwidth, centers coloured by load, and live flows of work from where data lives to where it runs.
import { h, fill, esc, badge, toast } from '../dom.js';
import { api, session } from '../api.js';
import { t, placeName } from '../i18n.js';
import { chart, useMap, FONT_FAMILY } from '../charts.js';
import { placeLabels } from '../labels.js';
import { onLive } from '../live.js';
import { num, pct, loadBar, loadColor } from '../format.js';

const PAGE = 50;
const HUB_SYMBOL = 7;
const HUB_LABEL = { fontSize: 12, fontWeight: 600, color: '#1b2330', textBorderColor: '#fff', textBorderWidth: 2 };

// China's outline covers these coordinates; a network with a center outside them gets the world map.
const inChina = (lat, lon) => lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54;

export async function render(main) {
  const [network, centers] = await Promise.all([api('/v1/network'), api('/v1/centers')]);
  const regions = new Map(network.regions.map(r => [r.id, r]));
  const byId = new Map(centers.map(c => [c.id, c]));
  let flows = [];
  let selected = null;
  let filter = '';
  let page = 0;

  const mapName = await useMap(centers.every(c => inChina(c.latitude, c.longitude)) && network.regions.every(r => inChina(r.latitude, r.longitude)) ? 'china' : 'world');
  const mapEl = h('div', { class: 'chart map', id: 'network-map' });
  const detail = h('section', { class: 'panel detail', 'aria-live': 'polite', 'aria-label': t('center') }, h('p', { class: 'muted' }, t('pickCenter')));
  const tableBody = h('tbody');
  const pager = h('div', { class: 'pager' });
  const filterInput = h('input', { id: 'center-filter', type: 'search', oninput: (e) => { filter = e.target.value.toLowerCase(); page = 0; drawTable(); } });

  fill(main,
    h('h1', {}, `${t('networkTitle')} · ${network.id}`),
    h('div', { class: 'grid2' },
      h('section', { class: 'panel', 'aria-label': t('networkTitle') }, mapEl, h('p', { class: 'legend-note' }, t('mapNote'))),
      h('div', {}, detail, linksPanel(network, regions))),
    h('section', { class: 'panel' },
      h('h2', {}, `${t('centers')} (${centers.length})`),
      h('div', { class: 'form-row' }, h('div', {}, h('label', { for: 'center-filter' }, t('filterCenters')), filterInput)),
      h('table', { id: 'centers-table' },
        h('thead', {}, h('tr', {}, [t('center'), t('hub'), t('availability'), t('load'), t('running'), t('queued'), t('price'), t('pue'), t('carbon'), t('renewable')]
          .map((label, i) => h('th', { scope: 'col', class: i >= 4 ? 'num' : null }, label)))),
        tableBody),
      pager));

  const regionName = (id) => { const r = regions.get(id); return r ? placeName(r.name, r.nameZh) : id; };

  function drawTable() {
    const rows = centers.filter(c => !filter || `${c.id} ${c.name} ${c.nameZh ?? ''} ${c.regionId}`.toLowerCase().includes(filter));
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(page, pages - 1);
    fill(tableBody, rows.slice(page * PAGE, page * PAGE + PAGE).map(c => h('tr', {
      class: `clickable${selected === c.id ? ' selected' : ''}`, tabindex: '0', 'data-center': c.id,
      onclick: () => select(c.id), onkeydown: (e) => { if (e.key === 'Enter') select(c.id); },
    },
    h('td', {}, placeName(c.name, c.nameZh)), h('td', {}, regionName(c.regionId)), h('td', {}, badge(c.availability, 'a')),
    h('td', {}, loadBar(c.load)), h('td', { class: 'num' }, c.running), h('td', { class: 'num' }, c.queued),
    h('td', { class: 'num' }, num(c.perAcceleratorHourYuan, 2)), h('td', { class: 'num' }, num(c.pue, 2)),
    h('td', { class: 'num' }, num(c.carbonGramsPerKwh, 0)), h('td', { class: 'num' }, pct(c.renewableShare)))));
    fill(pager, rows.length > PAGE ? [
      h('button', { class: 'secondary', type: 'button', disabled: page === 0, onclick: () => { page--; drawTable(); } }, '←'),
      h('span', {}, `${page + 1} / ${pages}`),
      h('button', { class: 'secondary', type: 'button', disabled: page >= pages - 1, onclick: () => { page++; drawTable(); } }, '→'),
    ] : null);
  }

  function select(id) {
    selected = id;
    drawDetail();
    drawTable();
  }

  function drawDetail() {
    const c = byId.get(selected);
    if (!c) return;
    const actions = [];
    if (session.isAdmin) {
      const draining = c.availability === 'Draining';
      actions.push(h('button', {
        type: 'button', class: draining ? null : 'danger', id: 'drain-button',
        onclick: async () => {
          const updated = await api(`/v1/centers/${encodeURIComponent(c.id)}/${draining ? 'resume' : 'drain'}`, { method: 'POST' });
          Object.assign(c, updated);
          toast(`${c.id}: ${updated.availability}`);
          drawDetail(); drawTable(); drawMap();
        },
      }, draining ? t('resume') : t('drain')));
    }
    const pools = c.pools.map(p => `${p.id}: ${p.nodes} × ${p.acceleratorsPerNode ? `${p.acceleratorsPerNode} ${p.acceleratorModelId}` : `${p.cpusPerNode} cores`}`).join('; ');
    fill(detail,
      h('h2', {}, placeName(c.name, c.nameZh), ' ', badge(c.availability, 'a')),
      h('dl', { class: 'facts' },
        fact(t('hub'), regionName(c.regionId)), fact(t('load'), loadBar(c.load)),
        fact(t('running'), c.running), fact(t('queued'), c.queued),
        fact(t('accelerators'), `${num(c.acceleratorsInUse, 0)} / ${c.accelerators}`), fact(t('cpus'), `${num(c.cpusInUse, 0)} / ${c.cpus}`),
        fact(t('price'), `¥${num(c.perAcceleratorHourYuan, 2)}`), fact(t('cpuPrice'), `¥${num(c.perCpuHourYuan, 3)}`),
        fact(t('pue'), num(c.pue, 2)), fact(t('carbon'), num(c.carbonGramsPerKwh, 0)), fact(t('renewable'), pct(c.renewableShare)),
        fact('Pools', pools), fact('Engine', `${c.backend}${c.engine ? ` · ${c.engine.running}/${c.engine.slotsTotal}` : ''}${c.engine?.access ? ` · ${c.engine.access}` : ''}`)),
      h('p', {}, h('a', { href: `#/jobs?center=${encodeURIComponent(c.id)}` }, `${t('jobs')} @ ${c.id}`), ' ', actions));
  }

  const showHubLabels = network.regions.length <= 40;
  const hubLabelText = (r) => r.nameZh ?? r.name;
  const centerSize = (c) => Math.max(8, Math.min(22, 6 + Math.sqrt(c.accelerators + c.cpus / 16)));
  const hubData = (offsets) => network.regions.map((r, i) => ({
    name: regionName(r.id), short: hubLabelText(r), value: [r.longitude, r.latitude], role: r.role,
    itemStyle: { color: r.role === 'east' ? '#0b5cad' : r.role === 'west' ? '#7a4bb3' : '#555' },
    // The label's top-left relative to the symbol's (ECharts takes an [x, y] position from the symbol's corner).
    label: offsets ? { position: [offsets[i].x + HUB_SYMBOL / 2, offsets[i].y + HUB_SYMBOL / 2], align: 'left', verticalAlign: 'top' } : undefined,
  }));

  // Hub labels go where they cover no other label and, where there is room, no dot (京津冀 sits beside 内蒙古, and
  // each hub beside its own centers): placed in pixels, so again after every zoom, pan or resize.
  let measure;
  function layoutHubLabels() {
    if (!map || !showHubLabels) return;
    measure ??= document.createElement('canvas').getContext('2d');
    measure.font = `${HUB_LABEL.fontWeight} ${HUB_LABEL.fontSize}px ${FONT_FAMILY}`;
    const pixel = (lon, lat) => map.convertToPixel({ geoIndex: 0 }, [lon, lat]);
    const points = network.regions.map(r => { const [x, y] = pixel(r.longitude, r.latitude); return { x, y }; });
    const border = HUB_LABEL.textBorderWidth;
    const sizes = network.regions.map(r => ({ w: measure.measureText(hubLabelText(r)).width + 2 * border, h: HUB_LABEL.fontSize * 1.25 + 2 * border }));
    const obstacles = [
      ...centers.map(c => { const [x, y] = pixel(c.longitude, c.latitude); const size = centerSize(c); return { x: x - size / 2, y: y - size / 2, w: size, h: size }; }),
      ...points.map(p => ({ x: p.x - HUB_SYMBOL / 2, y: p.y - HUB_SYMBOL / 2, w: HUB_SYMBOL, h: HUB_SYMBOL })),
    ];
    const offsets = placeLabels(points, sizes, obstacles, { x: 0, y: 0, w: mapEl.clientWidth, h: mapEl.clientHeight });
    map.setOption({ series: [{ id: 'hubs', data: hubData(offsets) }] });
  }
  let relayout = 0;
  const scheduleLayout = () => { cancelAnimationFrame(relayout); relayout = requestAnimationFrame(layoutHubLabels); };

  let map;
  function drawMap() {
    const centerPoint = (c) => ({
      name: c.id, value: [c.longitude, c.latitude, c.load],
      itemStyle: { color: c.availability === 'Up' || c.availability === 'Degraded' ? loadColor(c.load) : '#8b95a3', borderColor: '#13233a', borderWidth: selected === c.id ? 2 : 0.5 },
      symbolSize: centerSize(c),
    });
    const linkData = network.links.filter(l => regions.has(l.from) && regions.has(l.to)).map(l => ({
      coords: [[regions.get(l.from).longitude, regions.get(l.from).latitude], [regions.get(l.to).longitude, regions.get(l.to).latitude]],
      link: l, lineStyle: { width: Math.max(0.6, Math.log10(1 + l.bandwidthGbps)) },
    }));
    const flowData = flows.filter(f => regions.has(f.fromRegionId) && byId.has(f.centerId)).map(f => ({
      coords: [[regions.get(f.fromRegionId).longitude, regions.get(f.fromRegionId).latitude], [byId.get(f.centerId).longitude, byId.get(f.centerId).latitude]],
      flow: f, lineStyle: { width: Math.min(6, 1.5 + Math.log2(f.jobs)) },
    }));
    const option = {
      tooltip: {
        trigger: 'item', confine: true,
        formatter: (p) => {
          if (p.seriesId === 'centers') return centerTip(byId.get(p.name), regionName);
          if (p.seriesId === 'links') { const l = p.data.link; return `${esc(regionName(l.from))} ↔ ${esc(regionName(l.to))}<br>${esc(t('latency'))}: ${esc(num(l.latencyMs, 1))} ms · ${esc(t('bandwidth'))}: ${esc(num(l.bandwidthGbps, 0))} Gbps`; }
          if (p.seriesId === 'flows') { const f = p.data.flow; return `${esc(regionName(f.fromRegionId))} → ${esc(f.centerId)}: ${esc(f.jobs)} ${esc(t('jobs'))}`; }
          if (p.seriesId === 'hubs') return `${esc(p.name)} (${esc(p.data.role)})`;
          return '';
        },
      },
      geo: {
        map: mapName, roam: true, layoutCenter: ['50%', '50%'], layoutSize: mapName === 'china' ? '112%' : '100%',
        itemStyle: { areaColor: '#e9eef5', borderColor: '#a9b6c7' }, emphasis: { disabled: true }, select: { disabled: true },
        label: { show: false },
      },
      series: [
        { id: 'links', type: 'lines', coordinateSystem: 'geo', zlevel: 1, data: linkData, lineStyle: { color: '#5b7aa6', opacity: 0.55, curveness: 0.12 }, silent: false },
        { id: 'hubs', type: 'scatter', coordinateSystem: 'geo', zlevel: 5, symbol: 'diamond', symbolSize: HUB_SYMBOL,
          data: hubData(null),
          // A safety net for networks too crowded to place every label apart: the ones that would still overlap are hidden.
          labelLayout: { hideOverlap: true },
          label: { show: showHubLabels, formatter: (p) => p.data.short, position: 'right', distance: 12, ...HUB_LABEL } },
        { id: 'flows', type: 'lines', coordinateSystem: 'geo', zlevel: 3, data: flowData,
          effect: { show: true, period: 3, trailLength: 0.3, symbol: 'arrow', symbolSize: 7, color: '#e8a33d' },
          lineStyle: { color: '#e8a33d', opacity: 0.8, curveness: 0.25 } },
        { id: 'centers', type: 'scatter', coordinateSystem: 'geo', zlevel: 4, data: centers.map(centerPoint) },
      ],
    };
    if (map) {
      // Live updates change only the centers and the flows; the view (zoom, pan) stays where the user left it.
      map.setOption({ series: option.series.filter(s => s.id === 'centers' || s.id === 'flows') });
      return;
    }
    map = chart(mapEl, option, `${t('networkTitle')}: ${centers.length} ${t('centers')}, ${network.regions.length} ${t('hub')}, ${network.links.length} ${t('links')}`);
    map.on('click', (p) => { if (p.seriesId === 'centers') select(p.name); });
    map.on('georoam', scheduleLayout);
    layoutHubLabels();
  }

  drawTable();
  drawMap();
  // charts.js resizes every chart on 'resize' (registered first, so it runs first); then the labels are placed anew.
  window.addEventListener('resize', scheduleLayout);

  const off = onLive((type, payload) => {
    if (type === 'centers') {
      for (const l of payload) { const c = byId.get(l.id); if (c) Object.assign(c, { availability: l.availability, load: l.load, running: l.running, queued: l.queued }); }
      drawTable(); drawMap(); if (selected) drawDetail();
    } else if (type === 'flows') {
      flows = payload;
      drawMap();
    }
  });
  return () => { off(); window.removeEventListener('resize', scheduleLayout); cancelAnimationFrame(relayout); };
}

function fact(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function centerTip(c, regionName) {
  if (!c) return '';
  return [
    `<b>${esc(placeName(c.name, c.nameZh))}</b> · ${esc(c.availability)}`,
    `${esc(t('hub'))}: ${esc(regionName(c.regionId))}`,
    `${esc(t('load'))}: ${esc(pct(c.load))} · ${esc(t('running'))} ${esc(c.running)} · ${esc(t('queued'))} ${esc(c.queued)}`,
    `${esc(t('price'))}: ¥${esc(num(c.perAcceleratorHourYuan, 2))} · ${esc(t('pue'))} ${esc(num(c.pue, 2))}`,
    `${esc(t('carbon'))}: ${esc(num(c.carbonGramsPerKwh, 0))} · ${esc(t('renewable'))} ${esc(pct(c.renewableShare))}`,
  ].join('<br>');
}

function linksPanel(network, regions) {
  const name = (id) => { const r = regions.get(id); return r ? placeName(r.name, r.nameZh) : id; };
  const links = [...network.links].sort((a, b) => a.latencyMs - b.latencyMs);
  return h('section', { class: 'panel' },
    h('h2', {}, `${t('links')} (${network.links.length})`),
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('links') }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('links')), h('th', { scope: 'col', class: 'num' }, `${t('latency')} ms`), h('th', { scope: 'col', class: 'num' }, `${t('bandwidth')} Gbps`))),
      h('tbody', {}, links.map(l => h('tr', {}, h('td', {}, `${name(l.from)} ↔ ${name(l.to)}`), h('td', { class: 'num' }, num(l.latencyMs, 1)), h('td', { class: 'num' }, num(l.bandwidthGbps, 0))))))));
}
