#!/usr/bin/env python3
# Polling cost of the task center (issue 6, api-contracts.md §5.5): N Suno
# tasks in flight through mjgate's suno channels to the simulator's Suno
# upstream; for a fixed window, upstream requests per second (counted by the
# simulator, GET /_sim/suno) and database row writes per second, beside the
# one-request-per-task-per-15-s design (N / 15 req/s) new-api uses.
#
# Loopback only; every process is started here and stopped by its PID; every
# loop is bounded (submits, waits, the window).
#
# Usage: bench/relay_poll.py --mjgate build/release/app/mjgate --sim build/release/sim/mjgate-sim
#        [--tasks 10000] [--channels 2] [--window 20] [--pg-dsn "host=… dbname=… user=…"]
# Database writes: on SQLite, AFTER INSERT/UPDATE/DELETE triggers on `tasks`
# count row writes into a side table (created by this script in mjgate's
# database file, with mjgate running); on PostgreSQL, the difference of
# pg_stat_user_tables n_tup_ins + n_tup_upd + n_tup_del over the window.

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT_KEY = "sk-bench-relay-poll-root-key-000000000000000000000"
SUNO_KEY = "sim-suno-key"


def log(msg):
    print(f"relay_poll: {msg}", file=sys.stderr, flush=True)


def http(method, url, body=None, headers=None, timeout=30.0):
    data = json.dumps(body).encode() if body is not None else None
    hdrs = {"Content-Type": "application/json", **(headers or {})}
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


class Proc:
    """A child process whose stdout goes to a log file; stopped by PID."""

    def __init__(self, args, log_path):
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.p = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_line(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with open(self.log_path, "rb") as f:
                m = re.search(pattern.encode(), f.read())
            if m:
                return m
            if self.p.poll() is not None:
                raise RuntimeError(f"{self.log_path}: exited with {self.p.returncode}")
            time.sleep(0.05)
        raise RuntimeError(f"{self.log_path}: no line {pattern!r} within {timeout}s")

    def stop(self):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGTERM)
            try:
                self.p.wait(10)
            except subprocess.TimeoutExpired:
                self.p.kill()
                self.p.wait(10)
        self.log.close()


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Writes:
    """Counts row writes to mjgate's tables."""

    def __init__(self, dsn, db_path):
        self.dsn, self.db_path = dsn, db_path

    def install(self):
        if self.db_path is None:
            return
        with sqlite3.connect(self.db_path, timeout=30) as db:
            db.execute("create table if not exists bench_row_writes (n integer not null)")
            db.execute("delete from bench_row_writes")
            db.execute("insert into bench_row_writes (n) values (0)")
            for op in ("insert", "update", "delete"):
                db.execute(f"create trigger if not exists bench_tasks_{op} after {op} on tasks "
                           "begin update bench_row_writes set n = n + 1; end")

    def count(self):
        if self.db_path is not None:
            with sqlite3.connect(self.db_path, timeout=30) as db:
                return int(db.execute("select n from bench_row_writes").fetchone()[0])
        out = subprocess.run(
            ["psql", self.dsn, "-qAt", "-c",
             "select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables"],
            capture_output=True, text=True, timeout=30, check=True).stdout
        return int(out.strip() or 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mjgate", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--tasks", type=int, default=10000)
    ap.add_argument("--channels", type=int, default=2)
    ap.add_argument("--window", type=float, default=20.0, help="seconds measured")
    ap.add_argument("--step-ms", type=int, default=0,
                    help="simulator pace during the window (0: tasks never advance; N: a status change "
                         "every N ms)")
    ap.add_argument("--pg-dsn", default="", help="libpq conninfo; default SQLite")
    ap.add_argument("--submitters", type=int, default=16)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="mjgate-relay-poll.")
    procs = []
    try:
        sim = Proc([args.sim, "--listen", "127.0.0.1:0", "--speed", "bench", "--accounts", "1",
                    "--suno-step-ms", "3600000"], os.path.join(work, "sim.log"))
        procs.append(sim)
        sim_base = sim.wait_line(r"mjgate-sim listening on (http://127\.0\.0\.1:\d+)", 30).group(1).decode()
        sim_port = sim_base.rsplit(":", 1)[1]
        # Tasks must stay in flight while they are submitted and measured.
        assert http("POST", sim_base + "/_sim/suno", {"step_ms": 3600000, "down": False})[0] == 200

        db_path = None
        if args.pg_dsn:
            dsn = "postgresql:" + args.pg_dsn
        else:
            db_path = os.path.join(work, "mjgate.db")
            dsn = "sqlite:" + db_path
        port = free_port()
        lines = [f'data_dir = "{work}/data"', "[server]", 'host = "127.0.0.1"', f"port = {port}",
                 "[storage]", f'dsn = "{dsn}"', "[security]", f'root_api_key = "{ROOT_KEY}"',
                 "[discord]", f'api_base = "{sim_base}"', f'gateway_url = "ws://127.0.0.1:{sim_port}/gateway"',
                 "[auth]", "rate_limit = 0", "max_in_flight = 0"]
        for cid in range(1, args.channels + 1):
            lines += ["[[channels]]", f"id = {cid}", 'type = "suno"', f'base_url = "{sim_base}"',
                      f'key = "{SUNO_KEY}"']
        cfg = os.path.join(work, "mjgate.toml")
        with open(cfg, "w") as f:
            f.write("\n".join(lines) + "\n")
        gw = Proc([args.mjgate, "serve", "--config", cfg], os.path.join(work, "mjgate.log"))
        procs.append(gw)
        gw.wait_line(r"mjgate listening on http://127\.0\.0\.1:\d+", 60)
        base = f"http://127.0.0.1:{port}"
        root = {"Authorization": f"Bearer {ROOT_KEY}"}

        log(f"submitting {args.tasks} suno tasks over {args.channels} channel(s)")
        t0 = time.monotonic()
        failures = []

        def submit(n):
            status, body = http("POST", base + "/suno/submit/music",
                                {"prompt": f"relay poll {n}", "mv": "chirp-v3-5"}, headers=root)
            if status != 200:
                failures.append((status, body))
            return status

        with concurrent.futures.ThreadPoolExecutor(args.submitters) as pool:
            codes = list(pool.map(submit, range(args.tasks)))
        accepted = codes.count(200)
        log(f"{accepted} accepted in {time.monotonic() - t0:.1f}s; failures: {failures[:3]}")
        if accepted < args.tasks:
            raise RuntimeError(f"only {accepted} of {args.tasks} submits were accepted")

        writes = Writes(args.pg_dsn, db_path)
        writes.install()
        if args.step_ms:
            http("POST", sim_base + "/_sim/suno", {"step_ms": args.step_ms})
        # Let the pollers settle into their cadence, then measure a fixed window.
        time.sleep(3)
        s0, w0, m0 = http("GET", sim_base + "/_sim/suno")[1], writes.count(), time.monotonic()
        time.sleep(args.window)
        s1, w1, m1 = http("GET", sim_base + "/_sim/suno")[1], writes.count(), time.monotonic()
        secs = m1 - m0
        fetches = (s1["fetches"] - s0["fetches"]) / secs
        ids = (s1["fetched_ids"] - s0["fetched_ids"]) / secs
        submits = (s1["submits"] - s0["submits"]) / secs
        row_writes = (w1 - w0) / secs
        design = args.tasks / 15.0
        storage = "postgresql" if args.pg_dsn else "sqlite"
        print(f"| metric | mjgate | 1 req/task/15 s design | ratio |")
        print(f"|---|---|---|---|")
        print(f"| upstream requests/s ({args.tasks} tasks, {args.channels} channels) | {fetches + submits:.1f} "
              f"| {design:.1f} | {(fetches + submits) / design:.3f} |")
        print(f"| ids polled/s | {ids:.0f} | {design:.1f} | {ids / design:.2f} |")
        print(f"| database row writes/s ({storage}, step_ms={args.step_ms}) | {row_writes:.1f} | {design:.1f} "
              f"| {row_writes / design:.3f} |")
        print(f"window {secs:.1f}s; simulator tasks {s1['tasks']}; poll.interval 2s, poll.batch 200 (defaults)")
    finally:
        for p in reversed(procs):
            p.stop()
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
