// SPDX-License-Identifier: Apache-2.0
// A uPlot time-series chart with the page's theme, a tooltip with exact values and the timestamp, and zoom by
// dragging (double click resets).
import uPlot from '../vendor/uPlot.esm.js';
import { formatTime, formatValue } from './format.js';
import { css, seriesColor } from './theme.js';

export { seriesColor };

function tooltipPlugin(unit, names) {
    let tip;
    return {
        hooks: {
            init: (u) => {
                tip = document.createElement('div');
                tip.className = 'tooltip';
                tip.setAttribute('role', 'status');
                u.over.appendChild(tip);
                u.over.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
            },
            setCursor: (u) => {
                const i = u.cursor.idx;
                if (i == null || u.cursor.left < 0) {
                    tip.style.display = 'none';
                    return;
                }
                const rows = [`<div>${formatTime(u.data[0][i] * 1000)}</div>`];
                const shown = Math.min(u.series.length - 1, 8);
                for (let s = 1; s <= shown; s++) {
                    const v = u.data[s][i];
                    const exact = v == null ? '–' : `${formatValue(v, unit, 2)} <span class="muted">(${v})</span>`;
                    rows.push(`<div><span class="swatch" style="background:${seriesColor(s - 1)}"></span>`
                        + `${escapeHtml(names[s - 1])}: ${exact}</div>`);
                }
                if (u.series.length - 1 > shown) {
                    rows.push(`<div class="muted">… ${u.series.length - 1 - shown} more</div>`);
                }
                tip.innerHTML = rows.join('');
                tip.style.display = 'block';
                const left = u.cursor.left + 12;
                tip.style.left = `${Math.min(left, u.over.clientWidth - tip.offsetWidth)}px`;
                tip.style.top = `${Math.max(0, u.cursor.top - tip.offsetHeight - 8)}px`;
            },
        },
    };
}

/** Tick labels with as few decimals as keep them distinct. */
function tickLabels(ticks, unit) {
    let labels = [];
    for (let digits = 1; digits <= 4; digits++) {
        labels = ticks.map((v) => formatValue(v, unit, digits));
        if (new Set(labels).size === labels.length) {
            break;
        }
    }
    return labels;
}

export function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A chart in `element`, redrawn by setData. `names` labels the series; `unit` formats axis and tooltip.
 * onZoom(minMillis, maxMillis) is called when the user drags a range (null, null when zoomed out).
 */
export class TimeChart {
    constructor(element, { unit, height = 200, onZoom } = {}) {
        this.element = element;
        this.unit = unit;
        this.height = height;
        this.onZoom = onZoom;
        this.names = [];
        this.plot = null;
        this.zoomed = false;
        new ResizeObserver(() => this.plot && this.plot.setSize(this.size())).observe(element);
    }

    size() {
        return { width: Math.max(200, this.element.clientWidth), height: this.height };
    }

    /** Draws [times, ...columns]; names change the series (the chart is rebuilt). */
    setData(data, names) {
        const sameSeries = this.plot && names.length === this.names.length
            && names.every((n, i) => n === this.names[i]);
        if (!sameSeries) {
            this.names = names;
            this.build(data);
        } else {
            this.plot.setData(data, !this.zoomed);
        }
        this.element.dataset.points = String(data.slice(1)
            .reduce((n, col) => n + col.reduce((m, v) => m + (v == null ? 0 : 1), 0), 0));
    }

    build(data) {
        if (this.plot) {
            this.plot.destroy();
        }
        const unit = this.unit;
        const axis = { stroke: css('--axis'), grid: { stroke: css('--grid') }, ticks: { stroke: css('--grid') } };
        const options = {
            ...this.size(),
            cursor: { drag: { x: true, y: false }, points: { size: 6 } },
            legend: { show: false },
            scales: { x: { time: true } },
            axes: [axis, {
                ...axis,
                values: (u, ticks) => tickLabels(ticks, unit),
                size: (u, values) => 18 + 7 * Math.max(4, ...(values || []).map((v) => String(v).length)),
            }],
            series: [{}, ...this.names.map((name, i) => ({
                label: name, stroke: seriesColor(i), width: 1.5, spanGaps: false, points: { show: false },
            }))],
            plugins: [tooltipPlugin(unit, this.names)],
            hooks: {
                setSelect: [(u) => {
                    if (u.select.width > 2) {
                        this.zoomed = true;
                        const min = u.posToVal(u.select.left, 'x');
                        const max = u.posToVal(u.select.left + u.select.width, 'x');
                        if (this.onZoom) {
                            this.onZoom(min * 1000, max * 1000);
                        }
                    }
                }],
            },
        };
        this.plot = new uPlot(options, data, this.element);
        this.plot.over.addEventListener('dblclick', () => {
            this.zoomed = false;
            if (this.onZoom) {
                this.onZoom(null, null);
            }
        });
    }
}
