// SPDX-License-Identifier: Apache-2.0
// The PromQL explorer: a range query for the chart, an instant query at the range's end for the table, errors
// as the API words them, and the query, range and refresh in the URL.
import { instantQuery, rangeQuery, seriesName } from './api.js';
import { Autocomplete } from './autocomplete.js';
import { escapeHtml, seriesColor, TimeChart } from './chart.js';
import { Refresher, setUrlState, stepFor, TimeControls, urlState } from './controls.js';
import { formatDuration, formatNumber, formatTime } from './format.js';
import { SeriesGrid } from './grid.js';

const state = urlState();
const input = document.getElementById('query');
const error = document.getElementById('error');
const status = document.getElementById('status');
const tbody = document.querySelector('#result-table tbody');
const chart = new TimeChart(document.getElementById('chart'), { height: 300, onZoom: zoom });
const autocomplete = new Autocomplete(input, document.getElementById('suggestions'));
let grid = new SeriesGrid();
let step = 15;
let current = '';

const controls = new TimeControls(document.getElementById('toolbar'), {
    range: state.range || '1h', refresh: state.refresh || '0', from: state.from, to: state.to,
}, (s, rangeChanged) => {
    if (rangeChanged) {
        run();
    } else {
        setUrlState({ q: current, ...s });
        refresher.set(controls.refreshSeconds());
    }
});
const refresher = new Refresher(update);

function zoom(fromMillis, toMillis) {
    if (fromMillis != null) {
        controls.setCustom(Math.floor(fromMillis), Math.ceil(toMillis));
    }
}

function describe(e) {
    return `${e.type}: ${e.message}`;
}

function drawChart() {
    chart.setData(grid.data(), grid.keys);
    document.getElementById('legend').innerHTML = grid.keys.slice(0, 50).map((key, i) =>
        `<li><span class="swatch" style="background:${seriesColor(i)}"></span>${escapeHtml(key)}</li>`).join('')
        + (grid.keys.length > 50 ? `<li class="muted">… ${grid.keys.length - 50} more</li>` : '');
}

function fillTable(data) {
    const rows = [];
    const add = (name, value, t) => rows.push(`<tr><td class="mono">${escapeHtml(name)}</td>`
        + `<td class="num">${escapeHtml(value)}</td><td>${t == null ? '' : formatTime(t * 1000)}</td></tr>`);
    if (data.resultType === 'vector') {
        data.result.forEach((s) => add(seriesName(s.metric), formatNumber(parseFloat(s.value[1])), s.value[0]));
    } else if (data.resultType === 'matrix') {
        data.result.forEach((s) => {
            const last = s.values[s.values.length - 1];
            add(seriesName(s.metric), `${s.values.length} points, last ${last ? last[1] : '–'}`, last && last[0]);
        });
    } else {
        add(data.resultType, data.result[1], data.result[0]);
    }
    tbody.innerHTML = rows.join('');
    return rows.length;
}

async function run() {
    current = input.value.trim();
    setUrlState({ q: current, ...controls.state });
    refresher.set(0);
    if (!current) {
        return;
    }
    const [start, end] = controls.window();
    step = stepFor((end - start) / 1000, 300);
    const alignedStart = Math.ceil(start / (step * 1000)) * step * 1000;
    status.textContent = 'Running…';
    const [ranged, instant] = await Promise.allSettled([
        rangeQuery(current, alignedStart, end, step), instantQuery(current, end)]);
    const errors = [...new Set([ranged, instant].filter((r) => r.status === 'rejected')
        .map((r) => describe(r.reason)))];
    error.textContent = errors.join('\n');
    grid = new SeriesGrid();
    if (ranged.status === 'fulfilled') {
        grid.add(ranged.value);
    }
    drawChart();
    const rows = instant.status === 'fulfilled' ? fillTable(instant.value) : (tbody.replaceChildren(), 0);
    status.textContent = ranged.status === 'rejected' && instant.status === 'rejected' ? '' : `${grid.keys.length} series, ${grid.pointCount()} points at a `
        + `step of ${formatDuration(step)} in the chart; ${rows} rows in the table`;
    refresher.set(controls.refreshSeconds());
}

async function update() {
    if (!current) {
        return;
    }
    const [start, end] = controls.window();
    const last = grid.lastMillis();
    const from = last == null ? Math.ceil(start / (step * 1000)) * step * 1000 : last + step * 1000;
    try {
        if (from <= end) {
            grid.add(await rangeQuery(current, from, end, step));
            grid.trim(start);
            drawChart();
        }
        fillTable(await instantQuery(current, end));
        error.textContent = '';
    } catch (e) {
        error.textContent = describe(e);
    }
}

document.getElementById('query-form').addEventListener('submit', (e) => {
    e.preventDefault();
    autocomplete.close();
    run();
});
input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !autocomplete.isOpen()) {
        e.preventDefault();
        autocomplete.close();
        run();
    }
});
if (state.q) {
    input.value = state.q;
    run();
} else {
    input.value = 'sum by (container_name) (container_cpu_usage)';
}
input.focus();
