#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Codec headroom on a gen_synthetic.py set (docs/benchmarks.md, "Where the bytes go"): per metric, bits per value of
the series' decimal mantissas (the smallest power of ten that makes every value an integer) as delta or level columns
divided by their gcd, coded three ways per 64-value miniblock: unpatched bit-packing at the miniblock's width, Rice
coding with the best parameter (6 bits of parameter per miniblock), and the order-0 entropy of the whole column
(a bound for the sparse series; meaningless for columns of mostly distinct values). Constant series are left out.

    python3 scripts/bench/codec-headroom.py /tmp/synth
"""
import sys
import numpy as np

def main():
    d = sys.argv[1] if len(sys.argv) > 1 else '/tmp/synth'
    rec = np.dtype([('sid', '<u8'), ('ts', '<i8'), ('v', '<f8')])
    a = np.fromfile(d + '/points.bin', dtype=rec)
    names = {}
    for line in open(d + '/series.tsv'):
        f = line.split('\t')
        names[int(f[0])] = f[1]
    a = a[np.argsort(a['sid'], kind='stable')]
    n_series = len(names)
    per = len(a) // n_series
    res = {}
    for s in range(n_series):
        v = a['v'][s * per:(s + 1) * per]
        m = None
        for e in range(0, 19):
            mm = np.rint(v * 10 ** e)
            if np.all(mm / 10 ** e == v):
                m = mm.astype(np.int64)
                break
        if m is None:
            continue
        d1 = np.diff(m)
        if np.all(d1 == 0):
            continue
        g = np.gcd.reduce(np.abs(d1[d1 != 0]))
        lvl = m - m.min()
        gl = np.gcd.reduce(lvl[lvl != 0])
        cands = []
        for kind, y in (('delta', d1 // g), ('level', lvl // gl)):
            z = ((y << 1) ^ (y >> 63) if kind == 'delta' else y).astype(np.uint64)
            rice = pack = 0
            for b in range(0, len(z), 64):
                blk = z[b:b + 64].astype(np.float64)
                rice += min(np.sum(np.floor(blk / 2 ** k)) + len(blk) * (k + 1) for k in range(40)) + 6
                pack += len(blk) * int(z[b:b + 64].max()).bit_length() + 8
            _, cnt = np.unique(z, return_counts=True)
            ent = -(cnt * np.log2(cnt / cnt.sum())).sum()
            cands.append((pack, rice, ent))
        r = res.setdefault(names[s], [0, 0, 0, 0])
        r[0] += per
        for i in range(3):
            r[i + 1] += min(c[i] for c in cands)
    for k, (n, p, ri, en) in sorted(res.items()):
        print("%-48s pack %6.2f  rice64 %6.2f  order-0 entropy %6.2f bits/value (%d values)" % (k, p / n, ri / n,
              en / n, n))

if __name__ == '__main__':
    main()
