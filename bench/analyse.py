#!/usr/bin/env python3
"""Turns raw bench/run records into the figures of the results table (pure stdlib).

  analyse.py pipeline --t0-ms T --done FILE --format sink|poll [--sim-jobs JSON]
      completed jobs/s from the first submit (T, unix ms) to the last completion, and for
      webhook arrivals (sink format) p50/p99 of the time mjgate adds after the final gateway
      event: arrival - the simulator's final_sent_ms when /_sim/jobs has it, else arrival -
      the task's finishTime.
  analyse.py trend --file F
      least-squares slope of the columns of "t_s value..." lines, per minute and as the change
      over the whole run relative to the mean; "flat" when that change is under 10 %.
Every command prints one "key=value ..." line.
"""
import argparse
import json
import sys


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def fmt(v):
    return "-" if v is None else f"{v:.2f}"


def pipeline(a):
    rows = []
    with open(a.done) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4:
                rows.append(parts)
    # One row per task: a second terminal delivery of the same task would be a notifier bug.
    seen, unique = set(), []
    for r in rows:
        if r[0] not in seen:
            seen.add(r[0])
            unique.append(r)
    duplicates = len(rows) - len(unique)
    rows = unique
    ok = [r for r in rows if r[1] == "SUCCESS"]
    if a.format == "sink":
        done_ms = [int(r[2]) / 1000.0 for r in ok]
    else:
        done_ms = [float(r[3]) for r in ok if float(r[3]) > 0]
    span = (max(done_ms) - a.t0_ms) / 1000.0 if done_ms else 0.0
    rate = len(done_ms) / span if span > 0 else 0.0
    out = {"completed": len(ok), "failed": len(rows) - len(ok), "span_s": f"{span:.2f}",
           "jobs_per_s": f"{rate:.0f}", "duplicates": duplicates}
    if a.format == "sink":
        final_sent = {}
        if a.sim_jobs:
            with open(a.sim_jobs) as f:
                try:
                    jobs = json.load(f)
                except ValueError:
                    jobs = []
            for j in jobs:
                if isinstance(j, dict) and j.get("final_sent_ms"):
                    final_sent[j.get("hash")] = float(j["final_sent_ms"])
        if final_sent:
            added = [int(r[2]) / 1000.0 - final_sent[r[4]] for r in ok if r[4] in final_sent]
            out["added_from"] = "final_sent_ms"
        else:
            added = [int(r[2]) / 1000.0 - float(r[3]) for r in ok if float(r[3]) > 0]
            out["added_from"] = "finishTime"
        out["added_n"] = len(added)
        out["added_p50_ms"] = fmt(percentile(added, 50))
        out["added_p99_ms"] = fmt(percentile(added, 99))
    print(" ".join(f"{k}={v}" for k, v in out.items()))


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    den = sum((x - mx) ** 2 for x in xs)
    return (sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den > 0 else 0.0), my


def trend(a):
    cols = []
    with open(a.file) as f:
        for line in f:
            parts = line.split()
            if parts and not parts[0].startswith("#"):
                cols.append([float(p) for p in parts])
    if len(cols) < 2:
        print("samples=%d flat=unknown" % len(cols))
        return
    xs = [c[0] for c in cols]
    run = xs[-1] - xs[0]
    out = [f"samples={len(cols)}"]
    for i in range(1, len(cols[0])):
        s, mean = slope(xs, [c[i] for c in cols])
        change = abs(s * run) / mean * 100 if mean else 0.0
        out.append(f"c{i}_per_min={s * 60:.3f} c{i}_mean={mean:.2f} c{i}_change_pct={change:.1f} "
                   f"c{i}_flat={'yes' if change < 10 else 'no'}")
    print(" ".join(out))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("pipeline")
    p.add_argument("--t0-ms", type=float, required=True)
    p.add_argument("--done", required=True)
    p.add_argument("--format", choices=["sink", "poll"], required=True)
    p.add_argument("--sim-jobs")
    t = sub.add_parser("trend")
    t.add_argument("--file", required=True)
    a = ap.parse_args()
    {"pipeline": pipeline, "trend": trend}[a.cmd](a)
    return 0


if __name__ == "__main__":
    sys.exit(main())
