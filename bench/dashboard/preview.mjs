// Renders the Grafana dashboard of the Helm chart (helm/s2s-broker/dashboards/s2s-broker.json) as one
// HTML page of SVG charts, from a real Prometheus: every panel's own PromQL, sent as written but for
// Grafana's variables ($job: every job; $__rate_interval and $__range: the values below), through
// Prometheus's HTTP API (/api/v1/query_range). Grafana itself cannot be installed on the
// development machines (it is in none of the registries they reach), so this stands in for its
// renderer: same layout (gridPos), titles, units, legends, stacking, thresholds and second axis.
// A query Prometheus refuses, or a panel without data, fails the run.
//
//   node bench/dashboard/preview.mjs PROMETHEUS_URL DASHBOARD_JSON FROM_EPOCH TO_EPOCH OUT_HTML
//
// No dependencies: Node's fetch and plain SVG.
import { readFileSync, writeFileSync } from 'node:fs';

const [prometheus, dashboardFile, from, to, out] = process.argv.slice(2);
if (!out) {
  console.error('usage: node preview.mjs PROMETHEUS_URL DASHBOARD_JSON FROM_EPOCH TO_EPOCH OUT_HTML');
  process.exit(2);
}
const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8'));
const start = Number(from);
const end = Number(to);
const step = Math.max(5, Math.round((end - start) / 240));
const rateInterval = `${Math.max(20, 4 * 5, step + 5)}s`;

const PALETTE = ['#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9', '#FADE2A',
  '#FF9830', '#C4162A', '#1F60C4', '#8F3BB8'];
// Grafana's named colours, as its dark theme draws them.
const NAMED = {
  green: '#73BF69', 'dark-green': '#37872D', 'semi-dark-green': '#56A64B', 'light-green': '#96D98D',
  red: '#F2495C', 'dark-red': '#C4162A', orange: '#FF9830', 'light-orange': '#FFB357', yellow: '#FADE2A',
  'light-yellow': '#FFEE52', blue: '#5794F2', 'light-blue': '#8AB8FF', purple: '#B877D9',
  'semi-dark-purple': '#A352CC', text: '#CCCCDC',
};
const COLUMN = 1600 / 24;
const ROW = 38;

function expand(expr) {
  return expr.replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__range', `${end - start}s`)
    .replaceAll('$job', '.*');
}

async function queryRange(expr) {
  const url = new URL('/api/v1/query_range', prometheus);
  url.search = new URLSearchParams({ query: expand(expr), start, end, step }).toString();
  const answer = await fetch(url);
  const body = await answer.json();
  if (body.status !== 'success') {
    throw new Error(`Prometheus refused ${expr}: ${body.error}`);
  }
  return body.data.result;
}

function legend(format, labels) {
  return (format || '').replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => labels[name] ?? '') || JSON.stringify(labels);
}

function formatValue(value, unit, decimals) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return '–';
  }
  const fixed = (v, d) => (decimals ?? d) === 0 ? String(Math.round(v)) : v.toFixed(decimals ?? d);
  switch (unit) {
    case 's':
      if (value === 0) return '0 s';
      if (Math.abs(value) < 1) return `${fixed(value * 1000, 0)} ms`;
      if (Math.abs(value) < 120) return `${fixed(value, 1)} s`;
      return `${fixed(value / 60, 1)} min`;
    case 'percentunit':
      return `${fixed(value * 100, 1)}%`;
    case 'reqps':
      return `${fixed(value, value < 10 ? 1 : 0)} req/s`;
    default:
      if (Math.abs(value) >= 10000) return `${fixed(value / 1000, 1)} K`;
      return fixed(value, Number.isInteger(value) ? 0 : 1);
  }
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

function thresholdColor(value, steps) {
  let color = steps[0].color;
  for (const s of steps) {
    if (s.value !== null && value >= s.value) color = s.color;
  }
  return NAMED[color] ?? color;
}

function niceMax(max) {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 4, 5, 8, 10]) {
    if (max <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

function timeLabel(epoch) {
  return new Date(epoch * 1000).toISOString().substring(11, 19);
}

function timeseries(panel, series, width, height) {
  const defaults = panel.fieldConfig.defaults;
  const stacked = defaults.custom?.stacking?.mode === 'normal';
  const bars = defaults.custom?.drawStyle === 'bars';
  const right = new Set((panel.fieldConfig.overrides || [])
    .filter((o) => o.properties.some((p) => p.id === 'custom.axisPlacement' && p.value === 'right'))
    .map((o) => o.matcher.options));
  const rightUnit = (panel.fieldConfig.overrides || []).flatMap((o) => o.properties)
    .find((p) => p.id === 'unit')?.value ?? defaults.unit;
  const left = { x: 64, y: 8, w: width - 64 - (right.size ? 64 : 16), h: height - 30 };
  const times = [];
  for (let t = start; t <= end; t += step) times.push(t);
  const at = (s) => {
    const map = new Map(s.values.map(([t, v]) => [Math.round(t), Number(v)]));
    return times.map((t) => (map.has(t) && Number.isFinite(map.get(t)) ? map.get(t) : null));
  };
  const fixed = (name) => {
    for (const o of panel.fieldConfig.overrides || []) {
      const matches = o.matcher.id === 'byName' ? o.matcher.options === name
        : o.matcher.id === 'byRegexp' && new RegExp(`^(?:${o.matcher.options})$`).test(name);
      const color = o.properties.find((p) => p.id === 'color')?.value?.fixedColor;
      if (matches && color) return NAMED[color] ?? color;
    }
    return null;
  };
  const fill = (defaults.custom?.fillOpacity ?? 10) / 100;
  let drawn = series.map((s, i) => ({
    name: s.name, values: at(s), color: fixed(s.name) ?? PALETTE[i % PALETTE.length], right: right.has(s.name),
  }));
  if (stacked) {
    const sums = times.map(() => 0);
    drawn = drawn.map((s) => {
      const base = [...sums];
      const values = s.values.map((v, i) => (v === null ? null : (sums[i] += v)));
      return { ...s, values, base };
    });
  }
  const maxOf = (list) => Math.max(0, ...list.flatMap((s) => s.values.filter((v) => v !== null)));
  const yMax = niceMax(maxOf(drawn.filter((s) => !s.right)));
  const yMaxRight = niceMax(maxOf(drawn.filter((s) => s.right)));
  const x = (i) => left.x + (i / (times.length - 1)) * left.w;
  const y = (v, r) => left.y + left.h - (v / (r ? yMaxRight : yMax)) * left.h;
  let svg = `<svg width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`;
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    svg += `<line x1="${left.x}" x2="${left.x + left.w}" y1="${y(v)}" y2="${y(v)}" stroke="#2c3235"/>`;
    svg += `<text x="${left.x - 6}" y="${y(v) + 4}" text-anchor="end">${escape(formatValue(v, defaults.unit, v % 1 ? 1 : 0))}</text>`;
    if (right.size) {
      const rv = (yMaxRight * k) / 4;
      svg += `<text x="${left.x + left.w + 6}" y="${y(rv, true) + 4}">${escape(formatValue(rv, rightUnit, 0))}</text>`;
    }
  }
  for (let k = 0; k <= 5; k++) {
    const i = Math.round((k / 5) * (times.length - 1));
    const anchor = k === 0 ? 'start' : k === 5 ? 'end' : 'middle';
    svg += `<text x="${x(i)}" y="${height - 8}" text-anchor="${anchor}">${timeLabel(times[i])}</text>`;
  }
  for (const s of drawn) {
    if (bars) {
      const w = Math.max(1, left.w / times.length - 1);
      s.values.forEach((v, i) => {
        if (v) svg += `<rect x="${x(i) - w / 2}" y="${y(v)}" width="${w}" height="${y(0) - y(v)}" fill="${s.color}" fill-opacity="0.8"/>`;
      });
      continue;
    }
    const segments = [];
    let current = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (current.length) segments.push(current);
        current = [];
      }
      else current.push(i);
    });
    if (current.length) segments.push(current);
    for (const segment of segments) {
      const line = segment.map((i) => `${x(i).toFixed(1)},${y(s.values[i], s.right).toFixed(1)}`).join(' ');
      const floor = segment.map((i) => `${x(i).toFixed(1)},${y(stacked ? s.base[i] : 0, s.right).toFixed(1)}`).reverse().join(' ');
      svg += `<polygon points="${line} ${floor}" fill="${s.color}" fill-opacity="${fill}" stroke="none"/>`;
      svg += `<polyline points="${line}" fill="none" stroke="${s.color}" stroke-width="1.5"/>`;
    }
  }
  svg += '</svg>';
  const legendHtml = drawn.map((s) => `<span><i style="background:${s.color}"></i>${escape(s.name)}</span>`).join('');
  return svg + `<div class="legend">${legendHtml}</div>`;
}

// How many lines the legend takes: about 7 px a character and 32 px an entry.
function legendRows(series, width) {
  let rows = 1;
  let used = 0;
  for (const s of series) {
    const w = s.name.length * 7 + 32;
    if (used + w > width - 16 && used > 0) {
      rows++;
      used = 0;
    }
    used += w;
  }
  return rows;
}

function stat(panel, series, width, height) {
  const defaults = panel.fieldConfig.defaults;
  const values = (series[0]?.values ?? []).map(([t, v]) => [Number(t), Number(v)]).filter(([, v]) => Number.isFinite(v));
  const last = values.length ? values[values.length - 1][1] : null;
  const color = last === null ? '#ccccdc' : thresholdColor(last, defaults.thresholds.steps);
  let spark = '';
  if (values.length > 1) {
    const max = Math.max(...values.map(([, v]) => v)) || 1;
    const points = values.map(([t, v]) => `${(((t - start) / (end - start)) * width).toFixed(1)},${(height - (v / max) * (height * 0.45)).toFixed(1)}`);
    spark = `<svg class="spark" width="${width}" height="${height}"><polygon points="0,${height} ${points.join(' ')} ${width},${height}" fill="${color}" fill-opacity="0.18"/><polyline points="${points.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5"/></svg>`;
  }
  return `${spark}<div class="stat" style="color:${color}">${escape(formatValue(last, defaults.unit, defaults.decimals))}</div>`;
}

let html = `<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;background:#111217;color:#ccccdc;font:13px Inter,Helvetica,Arial,sans-serif}
header{padding:10px 16px;display:flex;gap:16px;align-items:baseline;border-bottom:1px solid #2c3235}
header h1{font-size:18px;font-weight:500;margin:0}header small{color:#8e8e8e}
.vars{padding:8px 16px;color:#8e8e8e}.vars b{color:#ccccdc;background:#181b1f;border:1px solid #2c3235;padding:2px 8px;margin-right:12px;font-weight:400}
.grid{position:relative;margin:0 16px}
.panel{position:absolute;background:#181b1f;border:1px solid #2c3235;border-radius:2px;overflow:hidden;box-sizing:border-box}
.panel h2{font-size:13px;font-weight:500;margin:6px 8px 2px}
.panel svg text{fill:#9fa0a8;font-size:11px}
.legend{padding:0 8px;font-size:12px}.legend span{margin-right:14px;white-space:nowrap}.legend i{display:inline-block;width:14px;height:4px;margin:0 4px 3px 0;vertical-align:middle}
.stat{position:absolute;left:0;right:0;top:38%;text-align:center;font-size:36px;font-weight:500}
.spark{position:absolute;left:0;bottom:0}
</style></head><body>
<header><h1>${escape(dashboard.title)}</h1><small>${timeLabel(start)} – ${timeLabel(end)} UTC · step ${step}s · $__rate_interval ${rateInterval}</small>
<small>Rendered from ${escape(dashboardFile)} with each panel's PromQL against Prometheus at ${escape(prometheus)} (bench/dashboard-preview.sh; not Grafana's own renderer)</small></header>
<div class="vars">Data source <b>Prometheus</b> Job <b>All</b></div>`;

const bottom = Math.max(...dashboard.panels.map((p) => p.gridPos.y + p.gridPos.h));
html += `<div class="grid" style="height:${bottom * ROW + 8}px">`;
const empty = [];
for (const panel of dashboard.panels) {
  const { x, y, w, h } = panel.gridPos;
  const width = w * COLUMN - 8;
  const height = h * ROW - 8;
  const series = [];
  for (const target of panel.targets) {
    for (const result of await queryRange(target.expr)) {
      series.push({ name: legend(target.legendFormat, result.metric), values: result.values });
    }
  }
  if (!series.some((s) => s.values.length)) {
    empty.push(panel.title);
  }
  const body = panel.type === 'stat'
    ? stat(panel, series, width, height - 26)
    : timeseries(panel, series.sort((a, b) => a.name.localeCompare(b.name)), width,
      height - 36 - 18 * legendRows(series, width));
  html += `<div class="panel" style="left:${x * COLUMN}px;top:${y * ROW}px;width:${width}px;height:${height}px"><h2>${escape(panel.title)}</h2><div style="position:relative;height:${height - 26}px">${body}</div></div>`;
}
html += '</div></body></html>';
writeFileSync(out, html);
if (empty.length) {
  console.error(`panels without data: ${empty.join(', ')}`);
  process.exit(1);
}
console.log(`${dashboard.panels.length} panels rendered to ${out}`);
