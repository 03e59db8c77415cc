// SPDX-License-Identifier: Apache-2.0
// Number and time formatting. Sizes in memory use IEC prefixes (KiB, MiB: powers of 1024); rates of bytes,
// packets and operations use SI prefixes (kB/s, MB/s: powers of 1000), as network and disk tools show them.

const SI = ['', 'k', 'M', 'G', 'T', 'P'];
const IEC = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];

function scaled(value, base, prefixes, unit, digits) {
    if (value == null || Number.isNaN(value)) {
        return '–';
    }
    if (!Number.isFinite(value)) {
        return value > 0 ? '+Inf' : '-Inf';
    }
    let v = Math.abs(value);
    let i = 0;
    while (v >= base && i < prefixes.length - 1) {
        v /= base;
        i++;
    }
    const shown = v === 0 ? '0' : v.toFixed(v >= 100 || i === 0 && Number.isInteger(v) ? 0 : digits);
    return `${value < 0 ? '-' : ''}${shown} ${prefixes[i]}${unit}`.trim();
}

/** A value in a unit: percent, bytes, Bps (bytes/s), pps (packets/s), ops (operations/s), or none. */
export function formatValue(value, unit, digits = 1) {
    switch (unit) {
        case 'percent':
            return value == null || Number.isNaN(value) ? '–' : `${value.toFixed(value >= 100 ? 0 : digits)} %`;
        case 'bytes':
            return scaled(value, 1024, IEC, 'B', digits);
        case 'Bps':
            return scaled(value, 1000, SI, 'B/s', digits);
        case 'pps':
            return scaled(value, 1000, SI, 'pkt/s', digits);
        case 'ops':
            return scaled(value, 1000, SI, 'op/s', digits);
        default:
            return formatNumber(value);
    }
}

/** A plain number: exact up to 6 significant digits, SI-scaled above a million. */
export function formatNumber(value) {
    if (value == null || Number.isNaN(value)) {
        return value == null ? '–' : 'NaN';
    }
    if (Math.abs(value) >= 1e6 && Number.isFinite(value)) {
        return scaled(value, 1000, SI, '', 2);
    }
    return String(Number(value.toPrecision(6)));
}

/** A time as local "YYYY-MM-DD HH:MM:SS.mmm". */
export function formatTime(millis) {
    const d = new Date(millis);
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:`
        + `${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration in seconds as "1h 5m", "42s". */
export function formatDuration(seconds) {
    const parts = [];
    let s = Math.floor(seconds);
    for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]]) {
        if (s >= size) {
            parts.push(`${Math.floor(s / size)}${unit}`);
            s %= size;
        }
    }
    if (s > 0 || parts.length === 0) {
        parts.push(`${s}s`);
    }
    return parts.slice(0, 2).join(' ');
}
