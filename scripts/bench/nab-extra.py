#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""The 23 NAB series that ../shared/data/nab lacks, generated: realAdExchange (6), realKnownCause (7), realTweets (10).

    scripts/bench/nab-extra.py --out /tmp/nab58 [--with /work/shared/data/nab] [--seed 12]

Writes NAB-style CSVs (`timestamp,value`, header line) under OUT/<category>/<name>.csv, named as in the NAB corpus.
Each series has its namesake's start date, sampling interval and row count (NAB 1.1: the ad-exchange series hourly
from 2011-07-01, ~1,600 rows; the tweet volumes at 5 minutes from 2015-02-26, ~15,800 rows; the known-cause series
from 1,882 to 22,695 rows at 5 minutes to an hour, ambient_temperature_system_failure spanning 11 months), so the
58 series together hold about 365,500 rows (the real corpus: 365,509), and the shape and the decimal precision of the
namesake: tweet volumes are integer counts with a daily and weekly cycle and bursts; ad-exchange CPC/CPM are prices
with 6 decimals; the known-cause series are machine temperatures with 8 decimals, CPU utilisation and request
latency with 3, taxi passenger counts as integers, key-hold times with 3. About 0.2 % of the slots are missing
(single drops and a few outages), as in the real corpus. Values are written with Python's shortest round-trip repr
of the rounded double (integers without a fraction), as NAB's own files are. Deterministic: the same seed gives the
same bytes (Python's `random`, no numpy). With --with, the CSVs of a NAB directory are copied alongside, so that OUT
holds all 58 series.
"""
import argparse
import datetime
import math
import os
import random
import shutil

DAY = 288
WEEK = 7 * DAY


def seasonal(i, phase=0.0):
    """Daily cycle in [-1, 1], peaking in the afternoon, slightly weaker at weekends."""
    daily = math.sin(2 * math.pi * ((i % DAY) / DAY - 0.35 + phase))
    weekend = 0.6 if (i // DAY) % 7 in (5, 6) else 1.0
    return daily * weekend


def tweets(rng, i, state):
    base = state.setdefault("base", rng.uniform(8, 120))
    burst = state.get("burst", 0.0) * 0.93
    if rng.random() < 0.0015:
        burst += base * rng.uniform(2, 15)
    state["burst"] = burst
    mean = max(0.5, base * (1 + 0.45 * seasonal(i)) + burst)
    return float(max(0, round(rng.gauss(mean, math.sqrt(mean)))))


def ad_price(rng, i, state, level, spread):
    drift = state.get("drift", 0.0) + rng.gauss(0, spread / 40)
    drift *= 0.999
    state["drift"] = drift
    value = level * (1 + 0.25 * seasonal(i, 0.1)) + drift + rng.gauss(0, spread / 8)
    if rng.random() < 0.0005:
        value *= rng.uniform(1.8, 3.5)
    return round(max(0.0001, value), 6)


def temperature(rng, i, state, level, swing):
    walk = state.get("walk", 0.0) + rng.gauss(0, 0.05)
    walk *= 0.995
    failure = state.get("failure", 0)
    if failure == 0 and rng.random() < 0.00004:
        failure = 2 * DAY
    state["failure"] = max(0, failure - 1)
    dip = -swing * 4 * math.sin(math.pi * failure / (2 * DAY)) if failure else 0.0
    state["walk"] = walk
    return round(level + swing * seasonal(i) + walk + dip + rng.gauss(0, swing / 20), 8)


def cpu(rng, i, state):
    level = state.get("level", 40.0)
    if rng.random() < 0.0008:
        level = rng.choice([15.0, 35.0, 60.0, 85.0])
    state["level"] = level
    return round(min(100.0, max(0.0, level + 10 * seasonal(i) + rng.gauss(0, 3))), 3)


def latency(rng, i, state):
    value = 45 + 3 * seasonal(i) + rng.expovariate(1 / 1.5)
    if rng.random() < 0.001:
        value += rng.uniform(20, 200)
    return round(value, 3)


def taxi(rng, i, state):
    week = 1 + 0.15 * math.sin(2 * math.pi * (i % WEEK) / WEEK)
    night = 0.25 + 0.75 * (0.5 + 0.5 * math.sin(2 * math.pi * ((i % DAY) / DAY - 0.3)))
    return float(max(0, round(2500 * week * night + rng.gauss(0, 60))))


def key_hold(rng, i, state, level):
    return round(max(0.001, rng.lognormvariate(math.log(level), 0.35)), 3)


def series_table():
    """(category, name, generator, start, step seconds, rows) as in NAB 1.1."""
    table = []
    ad_rows = {2: 1624, 3: 1538, 4: 1643}
    for exchange in (2, 3, 4):
        table.append(("realAdExchange", f"exchange-{exchange}_cpc_results",
                      lambda r, i, s, lv=0.05 * exchange: ad_price(r, i, s, lv, lv / 3),
                      datetime.datetime(2011, 7, 1), 3600, ad_rows[exchange]))
        table.append(("realAdExchange", f"exchange-{exchange}_cpm_results",
                      lambda r, i, s, lv=0.4 * exchange: ad_price(r, i, s, lv, lv / 3),
                      datetime.datetime(2011, 7, 1), 3600, ad_rows[exchange]))
    table += [
        ("realKnownCause", "ambient_temperature_system_failure", lambda r, i, s: temperature(r, i, s, 71.0, 2.5),
         datetime.datetime(2013, 7, 4), 3600, 7267),
        ("realKnownCause", "cpu_utilization_asg_misconfiguration", cpu, datetime.datetime(2014, 5, 14), 300, 18050),
        ("realKnownCause", "ec2_request_latency_system_failure", latency, datetime.datetime(2014, 3, 7), 300, 4032),
        ("realKnownCause", "machine_temperature_system_failure", lambda r, i, s: temperature(r, i, s, 85.0, 6.0),
         datetime.datetime(2013, 12, 2), 300, 22695),
        ("realKnownCause", "nyc_taxi", taxi, datetime.datetime(2014, 7, 1), 1800, 10320),
        ("realKnownCause", "rogue_agent_key_hold", lambda r, i, s: key_hold(r, i, s, 0.09),
         datetime.datetime(2014, 7, 6), 300, 1882),
        ("realKnownCause", "rogue_agent_key_updown", lambda r, i, s: key_hold(r, i, s, 0.2),
         datetime.datetime(2014, 7, 6), 300, 5315),
    ]
    tweet_rows = (15902, 15831, 15833, 15866, 15833, 15842, 15893, 15853, 15858, 15866)
    for ticker, rows in zip(("AAPL", "AMZN", "CRM", "CVS", "FB", "GOOG", "IBM", "KO", "PFE", "UPS"), tweet_rows):
        table.append(("realTweets", f"Twitter_volume_{ticker}", tweets, datetime.datetime(2015, 2, 26), 300, rows))
    return table


def missing_slots(rng, slots):
    """About 0.2 % of the slots: single drops and a few short outages."""
    missing = set(rng.sample(range(slots), slots // 1000))
    for _ in range(4):
        start = rng.randrange(slots)
        missing.update(range(start, min(slots, start + rng.randint(2, 12))))
    return missing


def write_series(path, generate, rng, start, step_seconds, rows):
    """Writes `rows` points: slots on the grid are generated until that many survive the missing ones."""
    slots = rows + rows // 100 + 64
    missing = missing_slots(rng, slots)
    state = {}
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write("timestamp,value\n")
        for i in range(slots):
            if written == rows:
                break
            # The generators' cycles count 5-minute slots: scale the index to the series' own interval.
            value = generate(rng, i * step_seconds // 300, state)
            if i in missing:
                continue
            when = start + datetime.timedelta(seconds=i * step_seconds)
            text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
            out.write(f"{when:%Y-%m-%d %H:%M:%S},{text}\n")
            written += 1
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--with", dest="with_dir", help="a NAB directory whose CSVs are copied into OUT too")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    total = 0
    for index, (category, name, generate, start, step_seconds, rows) in enumerate(series_table()):
        os.makedirs(os.path.join(args.out, category), exist_ok=True)
        rng = random.Random(args.seed * 1000 + index)
        total += write_series(os.path.join(args.out, category, name + ".csv"), generate, rng, start, step_seconds,
                              rows)
    copied = 0
    if args.with_dir:
        for root, _, files in os.walk(args.with_dir):
            for name in files:
                if name.endswith(".csv"):
                    target = os.path.join(args.out, os.path.relpath(root, args.with_dir))
                    os.makedirs(target, exist_ok=True)
                    shutil.copyfile(os.path.join(root, name), os.path.join(target, name))
                    copied += 1
    print(f"generated {len(series_table())} series, {total} points; copied {copied} CSVs")


if __name__ == "__main__":
    main()
