#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a dataset as VictoriaMetrics JSON lines (/api/v1/import), for the disk comparison of
scripts/bench/disk-vs-vm.sh: the same points DatasetLoader sends to ztsdb, one series per line
(split every 100,000 points), metric name "s<series id>" for points.bin, the CSV's relative path for NAB.

    vm-jsonl.py --points /tmp/synth/points.bin > synth.jsonl
    vm-jsonl.py --nab /work/shared/data/nab > nab.jsonl

Values are written with repr(), the shortest text that reads back to the same double.
"""
import argparse
import datetime
import json
import os
import sys

import numpy as np

LINE_POINTS = 100_000


def emit(out, name, timestamps, values):
    for at in range(0, len(timestamps), LINE_POINTS):
        ts = [int(t) for t in timestamps[at:at + LINE_POINTS]]
        vs = [float(v) for v in values[at:at + LINE_POINTS]]
        out.write(json.dumps({"metric": {"__name__": name}, "values": vs, "timestamps": ts}))
        out.write("\n")


def from_points(path, out):
    records = np.fromfile(path, dtype=np.dtype([("sid", "<u8"), ("ts", "<i8"), ("value", "<f8")]))
    order = np.argsort(records["sid"], kind="stable")  # time order kept within a series
    records = records[order]
    ids, starts = np.unique(records["sid"], return_index=True)
    bounds = list(starts) + [len(records)]
    for k, sid in enumerate(ids):
        part = records[bounds[k]:bounds[k + 1]]
        emit(out, "s%d" % sid, part["ts"], part["value"])
    return len(records)


def from_nab(directory, out):
    total = 0
    for root, _, files in sorted(os.walk(directory)):
        for name in sorted(files):
            if not name.endswith(".csv"):
                continue
            path = os.path.join(root, name)
            timestamps, values = [], []
            with open(path, encoding="utf-8") as csv:
                next(csv)
                for line in csv:
                    comma = line.find(",")
                    if comma < 0:
                        continue
                    when = datetime.datetime.strptime(line[:comma], "%Y-%m-%d %H:%M:%S")
                    timestamps.append(int(when.replace(tzinfo=datetime.timezone.utc).timestamp() * 1000))
                    values.append(float(line[comma + 1:]))
            metric = "nab_" + os.path.relpath(path, directory).replace("/", "_").replace(".", "_").replace("-", "_")
            emit(out, metric, timestamps, values)
            total += len(timestamps)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--points")
    source.add_argument("--nab")
    args = parser.parse_args()
    total = from_points(args.points, sys.stdout) if args.points else from_nab(args.nab, sys.stdout)
    print("%d points" % total, file=sys.stderr)


if __name__ == "__main__":
    main()
