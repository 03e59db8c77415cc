// SPDX-License-Identifier: Apache-2.0
// One container: its 10 metrics as charts over the picked time range. One range query fetches all 10; live
// refresh asks only for the steps after the last one held and drops those that left the range.
import { rangeQuery } from './api.js';
import { TimeChart } from './chart.js';
import { Refresher, setUrlState, stepFor, TimeControls, urlState } from './controls.js';
import { formatDuration } from './format.js';
import { SeriesGrid } from './grid.js';
import { CONTAINER_METRICS, metricsSelector, quote } from './metrics.js';

const state = urlState();
const status = document.getElementById('status');
const error = document.getElementById('error');
const chartsElement = document.getElementById('charts');
const query = metricsSelector(CONTAINER_METRICS.map((m) => m.name), `container_id=${quote(state.id || '')}`);
let grid = new SeriesGrid();
let step = 1;
let loading = null;

const charts = CONTAINER_METRICS.map((metric, i) => {
    const section = document.createElement('section');
    section.className = 'panel';
    section.setAttribute('aria-labelledby', `chart-title-${i}`);
    const title = document.createElement('h2');
    title.id = `chart-title-${i}`;
    title.textContent = metric.title;
    const name = document.createElement('span');
    name.className = 'muted mono';
    name.textContent = ` ${metric.name}`;
    title.append(name);
    const element = document.createElement('div');
    element.className = 'chart';
    element.dataset.metric = metric.name;
    element.setAttribute('role', 'img');
    element.setAttribute('aria-label', `${metric.title} over the selected time range`);
    section.append(title, element);
    chartsElement.append(section);
    return { metric, element, chart: new TimeChart(element, { unit: metric.unit, onZoom: zoom }) };
});

const controls = new TimeControls(document.getElementById('toolbar'), {
    range: state.range || '1h', refresh: state.refresh || '0', from: state.from, to: state.to,
}, (s, rangeChanged) => {
    saveState(s);
    if (rangeChanged) {
        load().then(() => refresher.set(controls.refreshSeconds()));
    } else {
        refresher.set(controls.refreshSeconds());
    }
});
const refresher = new Refresher(update);

function saveState(s) {
    setUrlState({ id: state.id, range: s.range, from: s.from, to: s.to, refresh: s.refresh });
}

function zoom(fromMillis, toMillis) {
    if (fromMillis == null) {
        return;
    }
    controls.setCustom(Math.floor(fromMillis), Math.ceil(toMillis));
}

function draw() {
    for (const { metric, element, chart } of charts) {
        const keys = grid.keys.filter((k) => grid.metrics.get(k).__name__ === metric.name);
        chart.setData([grid.times, ...keys.map((k) => grid.columns.get(k))], keys.map(() => metric.title));
        let empty = element.querySelector('.empty');
        if (keys.length === 0 && !empty) {
            empty = document.createElement('div');
            empty.className = 'empty';
            empty.textContent = 'no data in this range';
            element.append(empty);
        } else if (keys.length > 0 && empty) {
            empty.remove();
        }
    }
}

function showLabels() {
    const first = grid.keys.length ? grid.metrics.get(grid.keys[0]) : null;
    if (!first) {
        return;
    }
    const name = first.container_name || first.container_id;
    document.getElementById('title').textContent = `Container ${name}`;
    document.title = `${name} · ztsdb`;
    document.getElementById('labels').textContent = Object.entries(first).filter(([k]) => k !== '__name__')
        .map(([k, v]) => `${k}="${v}"`).join(' ');
}

async function fetchInto(target, start, end) {
    target.add(await rangeQuery(query, start, end, step));
}

/** Fetches the whole range anew (range, step or container changed). */
async function load() {
    const [start, end] = controls.window();
    step = stepFor((end - start) / 1000);
    const fresh = new SeriesGrid();
    const alignedStart = Math.ceil(start / (step * 1000)) * step * 1000;
    const run = (async () => {
        try {
            await fetchInto(fresh, alignedStart, end);
            if (loading !== run) {
                return;
            }
            grid = fresh;
            error.textContent = '';
            showLabels();
            draw();
            status.textContent = `${grid.pointCount()} points at a step of ${formatDuration(step)}`
                + (grid.keys.length === 0 ? `; no series for container_id="${state.id}"` : '');
        } catch (e) {
            error.textContent = `${e.type}: ${e.message}`;
        }
    })();
    loading = run;
    await run;
}

/** Live refresh: only the steps after the last one held. */
async function update() {
    if (loading) {
        await loading;
    }
    const [start, end] = controls.window();
    const last = grid.lastMillis();
    const from = last == null ? Math.ceil(start / (step * 1000)) * step * 1000 : last + step * 1000;
    if (from > end) {
        return;
    }
    try {
        await fetchInto(grid, from, end);
        grid.trim(start);
        error.textContent = '';
        draw();
        status.textContent = `${grid.pointCount()} points at a step of ${formatDuration(step)}; updated `
            + new Date().toLocaleTimeString();
    } catch (e) {
        error.textContent = `${e.type}: ${e.message}`;
    }
}

if (!state.id) {
    error.textContent = 'No container given: open a container from the containers overview.';
    status.textContent = '';
} else {
    load().then(() => refresher.set(controls.refreshSeconds()));
}
