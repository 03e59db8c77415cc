// SPDX-License-Identifier: Apache-2.0
// The time-range picker, the auto-refresh selector, the refresh loop and the page state kept in the URL.

export const RANGES = [
    ['5m', 300], ['15m', 900], ['1h', 3600], ['6h', 21600], ['24h', 86400], ['7d', 604800],
];
export const REFRESH = [['0', 'Off'], ['1', '1 s'], ['5', '5 s'], ['30', '30 s']];
const NICE_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/** The step (seconds) for a range drawn with about `points` points. */
export function stepFor(rangeSeconds, points = 600) {
    const wanted = rangeSeconds / points;
    return NICE_STEPS.find((s) => s >= wanted) || NICE_STEPS[NICE_STEPS.length - 1];
}

/** The page's state from its URL. */
export function urlState() {
    return Object.fromEntries(new URLSearchParams(location.search));
}

/** Writes the page's state into its URL (shareable; no history entry per change). */
export function setUrlState(state) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) {
        if (v != null && v !== '') {
            params.set(k, v);
        }
    }
    history.replaceState(null, '', `${location.pathname}?${params}`);
}

function option(value, text, selected) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    o.selected = selected;
    return o;
}

function toLocalInput(millis) {
    const d = new Date(millis - new Date(millis).getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 19);
}

/**
 * Time controls in `toolbar`. state: {range: '1h' | 'custom', from, to (ms), refresh: '0'|'1'|'5'|'30'}.
 * onChange(state, rangeChanged) is called on every change; rangeChanged is false when only the refresh changed.
 */
export class TimeControls {
    constructor(toolbar, state, onChange) {
        this.state = { range: '1h', refresh: '0', ...state };
        this.onChange = onChange;
        const rangeLabel = document.createElement('label');
        rangeLabel.textContent = 'Time range';
        this.range = document.createElement('select');
        this.range.id = 'range';
        for (const [value] of RANGES) {
            this.range.append(option(value, `Last ${value}`, value === this.state.range));
        }
        this.range.append(option('custom', 'Custom…', this.state.range === 'custom'));
        rangeLabel.append(this.range);

        this.custom = document.createElement('span');
        this.custom.className = 'toolbar';
        this.custom.style.margin = '0';
        this.from = this.dateInput('From', 'range-from');
        this.to = this.dateInput('To', 'range-to');
        const apply = document.createElement('button');
        apply.type = 'button';
        apply.id = 'range-apply';
        apply.textContent = 'Apply';
        apply.addEventListener('click', () => this.applyCustom());
        this.custom.append(apply);

        const refreshLabel = document.createElement('label');
        refreshLabel.textContent = 'Auto-refresh';
        this.refresh = document.createElement('select');
        this.refresh.id = 'refresh';
        for (const [value, text] of REFRESH) {
            this.refresh.append(option(value, text, value === this.state.refresh));
        }
        refreshLabel.append(this.refresh);
        toolbar.append(rangeLabel, this.custom, refreshLabel);

        this.range.addEventListener('change', () => {
            if (this.range.value === 'custom') {
                const [from, to] = this.window();
                this.from.value = toLocalInput(from);
                this.to.value = toLocalInput(to);
                this.custom.hidden = false;
                this.from.focus();
                return;
            }
            this.state = { ...this.state, range: this.range.value, from: undefined, to: undefined };
            this.custom.hidden = true;
            this.refresh.disabled = false;
            this.onChange(this.state, true);
        });
        this.refresh.addEventListener('change', () => {
            this.state = { ...this.state, refresh: this.refresh.value };
            this.onChange(this.state, false);
        });
        this.custom.hidden = this.state.range !== 'custom';
        if (this.state.range === 'custom') {
            this.from.value = toLocalInput(Number(this.state.from));
            this.to.value = toLocalInput(Number(this.state.to));
            this.refresh.disabled = true;
        }
    }

    dateInput(text, id) {
        const label = document.createElement('label');
        label.textContent = text;
        const input = document.createElement('input');
        input.type = 'datetime-local';
        input.step = '1';
        input.id = id;
        label.append(input);
        this.custom.append(label);
        return input;
    }

    applyCustom() {
        const from = new Date(this.from.value).getTime();
        const to = new Date(this.to.value).getTime();
        if (!(from < to)) {
            this.from.setCustomValidity('"From" must be before "To"');
            this.from.reportValidity();
            return;
        }
        this.from.setCustomValidity('');
        this.state = { ...this.state, range: 'custom', from: String(from), to: String(to), refresh: '0' };
        this.refresh.value = '0';
        this.refresh.disabled = true;
        this.onChange(this.state, true);
    }

    /** Switches to the custom range [from, to] (ms), as a zoom does; refresh stops. */
    setCustom(from, to) {
        this.range.value = 'custom';
        this.from.value = toLocalInput(from);
        this.to.value = toLocalInput(to);
        this.custom.hidden = false;
        this.state = { ...this.state, range: 'custom', from: String(from), to: String(to), refresh: '0' };
        this.refresh.value = '0';
        this.refresh.disabled = true;
        this.onChange(this.state, true);
    }

    /** [startMillis, endMillis] of the selected range, ending now unless custom. */
    window(now = Date.now()) {
        if (this.state.range === 'custom' && this.state.from && this.state.to) {
            return [Number(this.state.from), Number(this.state.to)];
        }
        const seconds = (RANGES.find(([v]) => v === this.state.range) || RANGES[2])[1];
        return [now - seconds * 1000, now];
    }

    /** Whether the range ends now (live refresh makes sense). */
    isRelative() {
        return this.state.range !== 'custom';
    }

    refreshSeconds() {
        return this.isRelative() ? Number(this.state.refresh) : 0;
    }
}

/** Runs task every `seconds` (0 stops), never two at once, paused while the page is hidden. */
export class Refresher {
    constructor(task) {
        this.task = task;
        this.seconds = 0;
        this.timer = null;
        this.generation = 0;
    }

    set(seconds) {
        this.seconds = seconds;
        this.generation++;
        clearTimeout(this.timer);
        this.schedule(this.generation);
    }

    schedule(generation) {
        if (this.seconds > 0 && generation === this.generation) {
            this.timer = setTimeout(() => this.tick(generation), this.seconds * 1000);
        }
    }

    async tick(generation) {
        if (!document.hidden) {
            try {
                await this.task();
            } catch (e) {
                // The task shows its own errors; the loop keeps going.
            }
        }
        this.schedule(generation);
    }
}
