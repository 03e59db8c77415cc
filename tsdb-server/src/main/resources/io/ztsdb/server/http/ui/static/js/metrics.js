// SPDX-License-Identifier: Apache-2.0
// The collector's per-container metrics under their Prometheus names (container.cpu.usage is container_cpu_usage).

export const CONTAINER_METRICS = [
    { name: 'container_cpu_usage', title: 'CPU', unit: 'percent' },
    { name: 'container_memory_bytes', title: 'Memory', unit: 'bytes' },
    { name: 'container_net_rx_bytes', title: 'Network received', unit: 'Bps' },
    { name: 'container_net_tx_bytes', title: 'Network sent', unit: 'Bps' },
    { name: 'container_net_rx_packets', title: 'Packets received', unit: 'pps' },
    { name: 'container_net_tx_packets', title: 'Packets sent', unit: 'pps' },
    { name: 'container_block_read_bytes', title: 'Block read', unit: 'Bps' },
    { name: 'container_block_write_bytes', title: 'Block written', unit: 'Bps' },
    { name: 'container_block_read_ops', title: 'Block read operations', unit: 'ops' },
    { name: 'container_block_write_ops', title: 'Block write operations', unit: 'ops' },
];

/** A selector of several metrics by name, with more matchers: {__name__=~"a|b",x="y"}. */
export function metricsSelector(names, matchers = '') {
    return `{__name__=~"${names.join('|')}"${matchers ? `,${matchers}` : ''}}`;
}

/** A label value quoted for a PromQL string. */
export function quote(value) {
    return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
