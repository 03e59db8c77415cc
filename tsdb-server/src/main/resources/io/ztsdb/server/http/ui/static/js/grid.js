// SPDX-License-Identifier: Apache-2.0
// Series of range-query answers on one time axis, grown by later answers (live refresh fetches only the steps
// after the last one held) and trimmed at the front: the columns uPlot draws.
import { seriesName } from './api.js';

export class SeriesGrid {
    constructor() {
        this.times = [];          // seconds, ascending
        this.keys = [];           // series keys, in first-seen order
        this.metrics = new Map(); // key -> label set
        this.columns = new Map(); // key -> values (null where the series has no point)
    }

    /** The last time held, in ms, or null. */
    lastMillis() {
        return this.times.length ? this.times[this.times.length - 1] * 1000 : null;
    }

    /**
     * Adds a matrix answer: times after the last one held are appended, points at held times are set.
     * @returns {boolean} whether a series was new (the chart must be rebuilt).
     */
    add(matrix) {
        const last = this.times.length ? this.times[this.times.length - 1] : -Infinity;
        const fresh = new Set();
        for (const s of matrix) {
            for (const [t] of s.values) {
                if (t > last) {
                    fresh.add(t);
                }
            }
        }
        const added = [...fresh].sort((a, b) => a - b);
        const index = new Map();
        this.times.forEach((t, i) => index.set(t, i));
        for (const t of added) {
            index.set(t, this.times.length);
            this.times.push(t);
        }
        for (const column of this.columns.values()) {
            for (let i = 0; i < added.length; i++) {
                column.push(null);
            }
        }
        let newSeries = false;
        for (const s of matrix) {
            const key = seriesName(s.metric);
            let column = this.columns.get(key);
            if (!column) {
                column = new Array(this.times.length).fill(null);
                this.columns.set(key, column);
                this.metrics.set(key, s.metric);
                this.keys.push(key);
                newSeries = true;
            }
            for (const [t, v] of s.values) {
                column[index.get(t)] = parseFloat(v);
            }
        }
        return newSeries;
    }

    /** Drops the times before minMillis. */
    trim(minMillis) {
        let drop = 0;
        while (drop < this.times.length && this.times[drop] * 1000 < minMillis) {
            drop++;
        }
        if (drop > 0) {
            this.times.splice(0, drop);
            for (const column of this.columns.values()) {
                column.splice(0, drop);
            }
        }
    }

    /** [times, column, column, ...] for uPlot. */
    data() {
        return [this.times, ...this.keys.map((k) => this.columns.get(k))];
    }

    /** The number of points held (non-null values). */
    pointCount() {
        let n = 0;
        for (const column of this.columns.values()) {
            for (const v of column) {
                n += v == null ? 0 : 1;
            }
        }
        return n;
    }
}
