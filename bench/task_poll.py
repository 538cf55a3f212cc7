#!/usr/bin/env python3
"""Polls mjgate's POST /mj/task/list-by-condition until every given task is terminal.

bench/run pipeline (webhooks off) uses it: completion is read from each task's own
finishTime, so the polling interval does not blur the figure. Bounded by --timeout.
Prints "id status submitTime finishTime" lines to --out and a summary on stdout.
"""
import argparse
import json
import sys
import time
import urllib.request

TERMINAL = {"SUCCESS", "FAILURE", "CANCEL"}


def list_by_condition(url, key, ids):
    body = json.dumps({"ids": ids}).encode()
    req = urllib.request.Request(url + "/mj/task/list-by-condition", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "mj-api-secret": key})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--ids", required=True, help="file with one task id per line")
    ap.add_argument("--out", required=True)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--interval", type=float, default=0.2)
    a = ap.parse_args()
    with open(a.ids) as f:
        pending = [line.strip() for line in f if line.strip()]
    done = {}
    deadline = time.monotonic() + a.timeout
    rounds = 0
    while pending and time.monotonic() < deadline:
        rounds += 1
        still = []
        for i in range(0, len(pending), 100):
            chunk = pending[i:i + 100]
            seen = {t.get("id"): t for t in list_by_condition(a.url, a.key, chunk)}
            for tid in chunk:
                t = seen.get(tid)
                if t and t.get("status") in TERMINAL:
                    done[tid] = t
                else:
                    still.append(tid)
        pending = still
        if pending:
            time.sleep(a.interval)
    with open(a.out, "w") as f:
        for tid, t in done.items():
            f.write(f"{tid} {t.get('status')} {t.get('submitTime') or 0} {t.get('finishTime') or 0}\n")
    print(f"task_poll terminal={len(done)} pending={len(pending)} rounds={rounds}")
    return 0 if not pending else 1


if __name__ == "__main__":
    sys.exit(main())
