// SPDX-License-Identifier: Apache-2.0
// Containers overview: one row per container with its latest values (one instant query per refresh) and
// sparklines of the last 5 minutes (one range query at start, then only the steps after the last one held).
import { instantQuery, rangeQuery } from './api.js';
import { Refresher, setUrlState, urlState } from './controls.js';
import { formatValue } from './format.js';
import { SeriesGrid } from './grid.js';
import { metricsSelector } from './metrics.js';
import { drawSparkline } from './sparkline.js';
import { seriesColor } from './theme.js';

const VALUES = [
    ['container_cpu_usage', 'percent'], ['container_memory_bytes', 'bytes'],
    ['container_net_rx_bytes', 'Bps'], ['container_net_tx_bytes', 'Bps'],
    ['container_block_read_bytes', 'Bps'], ['container_block_write_bytes', 'Bps'],
];
const SPARKS = ['container_cpu_usage', 'container_memory_bytes'];
const SPARK_SECONDS = 300;
const SPARK_STEP = 5;
// index.html preloads /api/v1/query with exactly this query: change both together (WebUiBrowserTest checks).
const VALUES_QUERY = metricsSelector(VALUES.map(([name]) => name));
const SPARK_QUERY = metricsSelector(SPARKS);

const tbody = document.querySelector('#containers tbody');
const status = document.getElementById('status');
const error = document.getElementById('error');
const filter = document.getElementById('filter');
const refreshSelect = document.getElementById('refresh');
const rows = new Map(); // container key -> row
let sparkGrid = new SeriesGrid();
let sort = { key: 'name', descending: false };
let firstRender = true;

const containerKey = (m) => m.container_id || `${m.container_name || ''}/${m.runtime || ''}`;

function createRow(key, metric) {
    const tr = document.createElement('tr');
    const cell = (className) => {
        const td = document.createElement('td');
        if (className) {
            td.className = className;
        }
        tr.append(td);
        return td;
    };
    const nameCell = cell();
    const link = document.createElement('a');
    link.href = `container.html?id=${encodeURIComponent(metric.container_id || '')}`;
    link.textContent = metric.container_name || metric.container_id || key;
    nameCell.append(link);
    const extra = ['pod', 'namespace'].filter((l) => metric[l]).map((l) => `${l}=${metric[l]}`).join(' ');
    if (extra) {
        const small = document.createElement('div');
        small.className = 'muted mono';
        small.textContent = extra;
        nameCell.append(small);
    }
    cell().textContent = metric.runtime || '';
    const idCell = cell('mono');
    idCell.textContent = (metric.container_id || '').slice(0, 12);
    idCell.title = metric.container_id || '';
    const row = {
        tr, metric, values: {}, cells: {}, sparks: {},
        text: Object.values(metric).join(' ').toLowerCase(),
    };
    for (const [name] of VALUES) {
        row.cells[name] = cell('num');
        if (SPARKS.includes(name)) {
            const canvas = document.createElement('canvas');
            canvas.className = 'spark';
            canvas.setAttribute('role', 'img');
            canvas.setAttribute('aria-label', `${name === SPARKS[0] ? 'CPU' : 'Memory'} of the last 5 minutes`);
            cell().append(canvas);
            row.sparks[name] = canvas;
        }
    }
    return row;
}

function applyValues(vector) {
    const seen = new Set();
    for (const sample of vector) {
        const key = containerKey(sample.metric);
        seen.add(key);
        let row = rows.get(key);
        if (!row) {
            row = createRow(key, sample.metric);
            rows.set(key, row);
        }
        row.values[sample.metric.__name__] = parseFloat(sample.value[1]);
    }
    for (const [key, row] of rows) {
        if (!seen.has(key)) {
            row.tr.remove();
            rows.delete(key);
            continue;
        }
        for (const [name, unit] of VALUES) {
            const text = formatValue(row.values[name], unit);
            if (row.cells[name].textContent !== text) {
                row.cells[name].textContent = text;
            }
        }
    }
}

function drawSparks() {
    for (const key of sparkGrid.keys) {
        const metric = sparkGrid.metrics.get(key);
        const row = rows.get(containerKey(metric));
        const canvas = row && row.sparks[metric.__name__];
        if (canvas && !row.tr.hidden) {
            drawSparkline(canvas, sparkGrid.columns.get(key), seriesColor(SPARKS.indexOf(metric.__name__) * 2));
        }
    }
}

function sortValue(row) {
    switch (sort.key) {
        case 'name':
            return (row.metric.container_name || '').toLowerCase();
        case 'runtime':
            return row.metric.runtime || '';
        case 'id':
            return row.metric.container_id || '';
        default:
            return row.values[sort.key] ?? -Infinity;
    }
}

function order() {
    const sorted = [...rows.values()].sort((a, b) => {
        const x = sortValue(a);
        const y = sortValue(b);
        const c = x < y ? -1 : x > y ? 1 : 0;
        return sort.descending ? -c : c;
    });
    const needle = filter.value.trim().toLowerCase();
    let shown = 0;
    sorted.forEach((row, i) => {
        row.tr.hidden = needle !== '' && !row.text.includes(needle);
        shown += row.tr.hidden ? 0 : 1;
        if (tbody.children[i] !== row.tr) {
            tbody.insertBefore(row.tr, tbody.children[i] || null);
        }
    });
    for (const th of document.querySelectorAll('#containers th[data-sort]')) {
        th.setAttribute('aria-sort', th.dataset.sort === sort.key ? (sort.descending ? 'descending' : 'ascending')
            : 'none');
    }
    return shown;
}

/** Fetches the sparklines' steps after the last one held; false when no new step has begun (nothing to draw). */
async function fetchSparks(now) {
    const last = sparkGrid.lastMillis();
    const step = SPARK_STEP * 1000;
    const start = last == null ? Math.ceil((now - SPARK_SECONDS * 1000) / step) * step : last + step;
    if (start > now) {
        return false;
    }
    sparkGrid.add(await rangeQuery(SPARK_QUERY, start, now, SPARK_STEP));
    sparkGrid.trim(now - SPARK_SECONDS * 1000);
    return true;
}

/** Records how long a step of a refresh took as a user timing (the latest only: a page may stay open for days). */
function measure(name, start) {
    performance.clearMeasures(name);
    performance.measure(name, { start });
}

async function refresh() {
    const now = Date.now();
    try {
        // The values first, alone: the table is drawn before the sparklines' range query competes for the server.
        const values = await instantQuery(VALUES_QUERY);
        const tableStart = performance.now();
        error.textContent = '';
        applyValues(values.result);
        const shown = order();
        status.textContent = rows.size === 0 ? 'No containers: no container_cpu_usage series in the last 5 minutes.'
            : `${rows.size} containers${shown < rows.size ? `, ${shown} shown` : ''}; updated `
            + `${new Date().toLocaleTimeString()}`;
        if (firstRender && rows.size > 0) {
            firstRender = false;
            performance.mark('ztsdb:overview-rendered');
        }
        measure('ztsdb:overview-table', tableStart);
        // A 1 s refresh finds a new 5 s step of the sparklines every fifth time: only then are 2 x rows redrawn.
        if (await fetchSparks(now)) {
            const sparksStart = performance.now();
            drawSparks();
            measure('ztsdb:overview-sparks', sparksStart);
        }
    } catch (e) {
        error.textContent = `${e.type || 'error'}: ${e.message}`;
        status.textContent = '';
        throw e;
    }
}

const refresher = new Refresher(refresh);
const state = urlState();
if (state.refresh) {
    refreshSelect.value = state.refresh;
}
if (state.filter) {
    filter.value = state.filter;
}
if (state.sort) {
    sort = { key: state.sort.replace(/^-/, ''), descending: state.sort.startsWith('-') };
}
const saveState = () => setUrlState({
    filter: filter.value, refresh: refreshSelect.value, sort: `${sort.descending ? '-' : ''}${sort.key}`,
});

for (const th of document.querySelectorAll('#containers th[data-sort]')) {
    th.querySelector('button').addEventListener('click', () => {
        const key = th.dataset.sort;
        const numeric = !['name', 'runtime', 'id'].includes(key);
        sort = sort.key === key ? { key, descending: !sort.descending } : { key, descending: numeric };
        order();
        saveState();
    });
}
filter.addEventListener('input', () => {
    const shown = order();
    drawSparks();
    status.textContent = `${rows.size} containers${shown < rows.size ? `, ${shown} shown` : ''}`;
    saveState();
});
refreshSelect.addEventListener('change', () => {
    refresher.set(Number(refreshSelect.value));
    saveState();
});
refresh().catch(() => {}).finally(() => refresher.set(Number(refreshSelect.value)));
