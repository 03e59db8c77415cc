// SPDX-License-Identifier: Apache-2.0
// Suggestions for a PromQL text box: metric names and functions where an expression starts, label names inside
// {...} and by/without/on/ignoring (...), label values after a matcher's quote. Names come from
// /api/v1/label/__name__/values, /api/v1/labels and /api/v1/label/NAME/values, each kept once it arrived (a failed
// fetch is forgotten, so the next keystroke asks again). Only the newest keystroke's suggestions are shown, and only
// while the box has the focus: a list is closed when the focus leaves the box, at that moment, by no timer.
import { labelNames, labelValues } from './api.js';

const FUNCTIONS = ['abs', 'absent', 'absent_over_time', 'avg', 'avg_over_time', 'bottomk', 'ceil', 'changes',
    'clamp', 'clamp_max', 'clamp_min', 'count', 'count_over_time', 'count_values', 'day_of_month', 'day_of_week',
    'delta', 'deriv', 'exp', 'floor', 'group', 'histogram_quantile', 'holt_winters', 'hour', 'idelta', 'increase',
    'irate', 'label_join', 'label_replace', 'last_over_time', 'ln', 'log10', 'log2', 'max', 'max_over_time', 'min',
    'min_over_time', 'minute', 'month', 'predict_linear', 'present_over_time', 'quantile', 'quantile_over_time',
    'rate', 'resets', 'round', 'scalar', 'sgn', 'sort', 'sort_desc', 'sqrt', 'stddev', 'stddev_over_time', 'stdvar',
    'stdvar_over_time', 'sum', 'sum_over_time', 'time', 'timestamp', 'topk', 'vector', 'year'];
const MAX_SHOWN = 50;

export class Autocomplete {
    constructor(input, list) {
        this.input = input;
        this.list = list;
        this.items = [];
        this.active = -1;
        this.context = null;
        this.cache = new Map();
        this.generation = 0;
        input.addEventListener('input', () => this.update());
        input.addEventListener('keydown', (e) => this.key(e));
        // A click on a suggestion keeps the focus in the box (mousedown below), so any blur means the focus left.
        input.addEventListener('blur', () => this.close());
        list.addEventListener('mousedown', (e) => {
            const li = e.target.closest('li');
            if (li) {
                e.preventDefault();
                this.accept(Number(li.dataset.index));
            }
        });
    }

    isOpen() {
        return !this.list.hidden;
    }

    /** The names under key: the answer kept from an earlier call, or load()'s; a failure is not kept. */
    fetchOnce(key, load) {
        if (!this.cache.has(key)) {
            const names = load().catch((e) => {
                this.cache.delete(key);
                throw e;
            });
            this.cache.set(key, names);
        }
        return this.cache.get(key);
    }

    static contextAt(text, caret) {
        const before = text.slice(0, caret);
        const open = before.lastIndexOf('{');
        if (open > before.lastIndexOf('}')) {
            const inside = before.slice(open + 1);
            const value = inside.match(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"([^"]*)$/);
            if (value) {
                return { kind: 'value', label: value[1], prefix: value[3] };
            }
            if ((inside.match(/"/g) || []).length % 2 === 1) {
                return null;
            }
            const label = inside.match(/(?:^|[,{\s])([a-zA-Z_][a-zA-Z0-9_]*)?$/);
            return label ? { kind: 'label', prefix: label[1] || '' } : null;
        }
        const grouping = before.match(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^()]*)$/);
        if (grouping) {
            const word = grouping[2].match(/([a-zA-Z_][a-zA-Z0-9_]*)?$/);
            return { kind: 'label', prefix: word[1] || '' };
        }
        if ((before.match(/"/g) || []).length % 2 === 1 || /\[[^\]]*$/.test(before)) {
            return null;
        }
        const word = before.match(/[a-zA-Z_:][a-zA-Z0-9_:]*$/);
        return word ? { kind: 'metric', prefix: word[0] } : null;
    }

    async candidates(context) {
        if (context.kind === 'value') {
            const values = await this.fetchOnce(`v:${context.label}`, () => labelValues(context.label));
            return values.map((v) => [v, 'value']);
        }
        if (context.kind === 'label') {
            const names = await this.fetchOnce('labels', labelNames);
            return names.filter((n) => n !== '__name__').map((n) => [n, 'label']);
        }
        const metrics = await this.fetchOnce('metrics', () => labelValues('__name__'));
        return [...metrics.map((m) => [m, 'metric']), ...FUNCTIONS.map((f) => [f, 'function'])];
    }

    async update(force = false) {
        const generation = ++this.generation;
        const caret = this.input.selectionStart;
        const context = Autocomplete.contextAt(this.input.value, caret);
        if (!context || (!force && context.kind === 'metric' && context.prefix.length === 0)) {
            this.close();
            return;
        }
        let all;
        try {
            all = await this.candidates(context);
        } catch (e) {
            all = []; // not kept: the next keystroke fetches again
        }
        if (generation !== this.generation || document.activeElement !== this.input) {
            return; // typed on, or left the box, meanwhile: the newer keystroke (or nothing) decides
        }
        const prefix = context.prefix.toLowerCase();
        const starts = all.filter(([t]) => t.toLowerCase().startsWith(prefix));
        const contains = all.filter(([t]) => !t.toLowerCase().startsWith(prefix) && t.toLowerCase().includes(prefix));
        this.items = [...starts, ...contains].filter(([t]) => t !== context.prefix).slice(0, MAX_SHOWN);
        this.context = { ...context, caret };
        this.render();
    }

    render() {
        this.list.replaceChildren();
        if (this.items.length === 0) {
            this.close();
            return;
        }
        this.items.forEach(([text, kind], i) => {
            const li = document.createElement('li');
            li.id = `suggestion-${i}`;
            li.setAttribute('role', 'option');
            li.dataset.index = String(i);
            li.textContent = text;
            const tag = document.createElement('span');
            tag.className = 'kind';
            tag.textContent = kind;
            li.append(tag);
            this.list.append(li);
        });
        this.active = 0;
        this.highlight();
        this.list.hidden = false;
        this.input.setAttribute('aria-expanded', 'true');
    }

    highlight() {
        [...this.list.children].forEach((li, i) => li.setAttribute('aria-selected', String(i === this.active)));
        const li = this.list.children[this.active];
        if (li) {
            this.input.setAttribute('aria-activedescendant', li.id);
            li.scrollIntoView({ block: 'nearest' });
        }
    }

    close() {
        this.generation++;
        this.list.hidden = true;
        this.items = [];
        this.active = -1;
        this.input.setAttribute('aria-expanded', 'false');
        this.input.removeAttribute('aria-activedescendant');
    }

    accept(index) {
        const [text] = this.items[index];
        const { caret, prefix } = this.context;
        const value = this.input.value;
        this.input.value = value.slice(0, caret - prefix.length) + text + value.slice(caret);
        const position = caret - prefix.length + text.length;
        this.input.setSelectionRange(position, position);
        this.close();
        this.input.focus();
    }

    key(e) {
        if (e.key === ' ' && e.ctrlKey) {
            e.preventDefault();
            this.update(true);
            return;
        }
        if (!this.isOpen()) {
            return;
        }
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const n = this.items.length;
            this.active = (this.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
            this.highlight();
        } else if ((e.key === 'Enter' || e.key === 'Tab') && this.active >= 0) {
            e.preventDefault();
            e.stopImmediatePropagation();
            this.accept(this.active);
        } else if (e.key === 'Escape') {
            e.preventDefault();
            this.close();
        }
    }
}
