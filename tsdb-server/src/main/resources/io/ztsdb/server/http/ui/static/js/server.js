// SPDX-License-Identifier: Apache-2.0
// The server page: what /stats knows, as cards and detail tables, and charts of a few of its counters over the
// time this page has been open (the page keeps the history; ztsdb does not store its own metrics).
import { serverStats } from './api.js';
import { TimeChart } from './chart.js';
import { Refresher } from './controls.js';
import { formatDuration, formatNumber, formatValue } from './format.js';

const CARDS = [
    ['series', 'Series', 'none'], ['points', 'Points', 'none'],
    ['ingest_rate_points_per_second', 'Ingest rate (points/s)', 'none'], ['ingested_points', 'Points ingested', 'none'],
    ['compressed_bytes', 'Compressed', 'bytes'], ['bytes_per_point', 'Bytes per point', 'none'],
    ['disk_bytes', 'On disk', 'bytes'], ['wal_lag_bytes', 'WAL not yet durable', 'bytes'],
    ['connections', 'TCP connections', 'none'], ['queries', 'Queries', 'none'],
    ['rejected_points', 'Rejected points', 'none'], ['uptime_ms', 'Uptime', 'duration'],
];
const CHARTS = [
    ['ingest_rate_points_per_second', 'Ingest rate', 'none'], ['series', 'Series', 'none'],
    ['disk_bytes', 'Disk', 'bytes'], ['wal_lag_bytes', 'WAL lag', 'bytes'],
];
const HISTORY_SECONDS = 1800;

const status = document.getElementById('status');
const error = document.getElementById('error');
const history = { times: [], values: CHARTS.map(() => []) };

const charts = CHARTS.map(([key, title, unit], i) => {
    const section = document.createElement('section');
    section.className = 'panel';
    section.setAttribute('aria-labelledby', `server-chart-${i}`);
    section.innerHTML = `<h2 id="server-chart-${i}">${title} <span class="muted mono">${key}</span></h2>`;
    const element = document.createElement('div');
    element.className = 'chart';
    element.dataset.stat = key;
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', `${title} since this page was opened`);
    section.append(element);
    document.getElementById('charts').append(section);
    return new TimeChart(element, { unit, height: 160 });
});

function show(value, unit) {
    if (unit === 'duration') {
        return formatDuration(value / 1000);
    }
    return unit === 'none' ? formatNumber(value) : formatValue(value, unit);
}

function renderCards(stats) {
    const cards = document.getElementById('cards');
    cards.replaceChildren(...CARDS.filter(([key]) => key in stats).map(([key, title, unit]) => {
        const div = document.createElement('div');
        div.className = 'card';
        const dt = document.createElement('dt');
        dt.textContent = title;
        const dd = document.createElement('dd');
        dd.textContent = show(stats[key], unit);
        dd.dataset.stat = key;
        div.append(dt, dd);
        return div;
    }));
}

function table(caption, object) {
    const t = document.createElement('table');
    t.className = 'panel';
    t.style.marginBottom = '12px';
    const c = document.createElement('caption');
    c.textContent = caption;
    c.style.textAlign = 'left';
    c.style.fontWeight = '600';
    t.append(c);
    for (const [k, v] of Object.entries(object)) {
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = k;
        const td = document.createElement('td');
        td.className = 'mono';
        td.textContent = typeof v === 'object' ? JSON.stringify(v) : String(v);
        tr.append(th, td);
        t.append(tr);
    }
    return t;
}

function renderDetails(stats) {
    const objects = Object.entries(stats).filter(([k, v]) => v && typeof v === 'object' && !Array.isArray(v));
    const tables = objects.map(([k, v]) => table(k, v));
    const connections = stats.connection_list || [];
    tables.push(table(`connection_list (${connections.length})`, Object.fromEntries(connections.map((c) =>
        [c.remote, `${c.frames} frames, ${c.points} points, ${c.bytes_in} bytes in, ${c.errors} errors`]))));
    document.getElementById('details').replaceChildren(...tables);
}

async function refresh() {
    try {
        const stats = await serverStats();
        error.textContent = '';
        renderCards(stats);
        renderDetails(stats);
        const now = Date.now() / 1000;
        history.times.push(now);
        CHARTS.forEach(([key], i) => history.values[i].push(stats[key] ?? null));
        while (history.times.length && history.times[0] < now - HISTORY_SECONDS) {
            history.times.shift();
            history.values.forEach((v) => v.shift());
        }
        charts.forEach((chart, i) => chart.setData([history.times, history.values[i]], [CHARTS[i][1]]));
        status.textContent = `Updated ${new Date().toLocaleTimeString()}; ${history.times.length} samples kept`;
    } catch (e) {
        error.textContent = `${e.type || 'error'}: ${e.message}`;
    }
}

const select = document.getElementById('refresh');
const refresher = new Refresher(refresh);
select.addEventListener('change', () => refresher.set(Number(select.value)));
refresh().finally(() => refresher.set(Number(select.value)));
