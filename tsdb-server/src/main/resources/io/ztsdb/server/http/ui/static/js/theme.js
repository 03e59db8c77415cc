// SPDX-License-Identifier: Apache-2.0
// Colours of the page's theme (light or dark, following the OS setting), read from the CSS variables.

export const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

/** The colour of series i (10 colours, repeated). */
export const seriesColor = (i) => css(`--s${i % 10}`);
