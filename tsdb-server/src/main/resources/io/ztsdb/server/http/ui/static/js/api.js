// SPDX-License-Identifier: Apache-2.0
// The documented HTTP API, and nothing else: the Prometheus query API under /api/v1 and /stats.

/** An error answered by the API, with Prometheus' errorType ("bad_data", "execution", ...) when there is one. */
export class ApiError extends Error {
    constructor(type, message, status) {
        super(message);
        this.type = type;
        this.status = status;
    }
}

async function call(path, params) {
    const query = new URLSearchParams(params).toString();
    let response;
    try {
        response = await fetch(query ? `${path}?${query}` : path, { headers: { Accept: 'application/json' } });
    } catch (e) {
        throw new ApiError('network', `ztsdb is unreachable: ${e.message}`, 0);
    }
    let json;
    try {
        json = await response.json();
    } catch (e) {
        throw new ApiError('http', `HTTP ${response.status} without a JSON answer`, response.status);
    }
    if (json.status !== 'success') {
        throw new ApiError(json.errorType || 'http', json.error || `HTTP ${response.status}`, response.status);
    }
    return json.data;
}

/** Seconds since the epoch, as the API takes them (millisecond precision). */
export const seconds = (millis) => (millis / 1000).toFixed(3);

/** GET /api/v1/query: the value of an expression at one time (now when time is omitted): {resultType, result}. */
export function instantQuery(query, timeMillis) {
    return call('/api/v1/query', timeMillis == null ? { query } : { query, time: seconds(timeMillis) });
}

/**
 * GET /api/v1/query_range: the expression at start, start + step, ... <= end (times in ms, step in s).
 * @returns the matrix: [{metric, values: [[seconds, "value"], ...]}, ...].
 */
export async function rangeQuery(query, startMillis, endMillis, stepSeconds) {
    const data = await call('/api/v1/query_range', {
        query, start: seconds(startMillis), end: seconds(endMillis), step: String(stepSeconds),
    });
    return data.result;
}

/** GET /api/v1/labels: label names of the named series. */
export const labelNames = () => call('/api/v1/labels', {});

/** GET /api/v1/label/NAME/values ("__name__" gives the metric names). */
export const labelValues = (name) => call(`/api/v1/label/${encodeURIComponent(name)}/values`, {});

/** GET /stats: the server's counters (not a Prometheus envelope). */
export async function serverStats() {
    const response = await fetch('/stats', { headers: { Accept: 'application/json' } });
    const json = await response.json();
    if (!response.ok) {
        throw new ApiError('http', json.error || `HTTP ${response.status}`, response.status);
    }
    return json;
}

/** The labels of a result series as {name="value", ...}, the metric name in front. */
export function seriesName(metric) {
    const name = metric.__name__ || '';
    const labels = Object.keys(metric).filter((k) => k !== '__name__').sort()
        .map((k) => `${k}="${metric[k]}"`).join(', ');
    return labels ? `${name}{${labels}}` : (name || '{}');
}
