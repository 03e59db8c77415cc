// SPDX-License-Identifier: Apache-2.0
// A sparkline drawn straight on a small canvas: a table of hundreds of rows cannot afford a chart object each.

export function drawSparkline(canvas, values, color) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 100;
    const height = canvas.clientHeight || 24;
    if (canvas.width !== width * ratio) {
        canvas.width = width * ratio;
        canvas.height = height * ratio;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const points = values.filter((v) => v != null && Number.isFinite(v));
    if (points.length < 2) {
        return;
    }
    let max = Math.max(...points);
    let min = Math.min(...points);
    if (max === min) {
        max = min + 1;
    }
    ctx.strokeStyle = color;
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    let started = false;
    values.forEach((v, i) => {
        if (v == null || !Number.isFinite(v)) {
            started = false;
            return;
        }
        const x = (i / (values.length - 1)) * (width - 2) + 1;
        const y = height - 1 - ((v - min) / (max - min)) * (height - 2);
        if (started) {
            ctx.lineTo(x, y);
        } else {
            ctx.moveTo(x, y);
            started = true;
        }
    });
    ctx.stroke();
}
