# Process, HTTP and webhook plumbing for the end-to-end suite: starts real
# mjgate / mjgate-sim processes on loopback, talks to them, and always cleans up.
# Standard library only, so the suite runs wherever Python 3 does.

import ctypes
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT_KEY = "sk-e2etestkey0123456789abcdef0123456789abcdef01234567"
SIM_GUILD = "1100000000000000001"
TERMINAL = ("SUCCESS", "FAILURE", "CANCEL")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class E2EError(AssertionError):
    """A harness-level failure (process did not start, wait timed out)."""


# -- small pure helpers -------------------------------------------------------


def free_port():
    """A port the OS just handed out on 127.0.0.1 (bind to 0, then release)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sim_account(i):
    """Identity of simulator account i (1-based), as mjgate-sim defines it."""
    return {
        "token": f"sim-token-{i}",
        "user_id": str(1300000000000000000 + i),
        "guild_id": SIM_GUILD,
        "channel_id": str(1200000000000000000 + i),
    }


def progress_value(text):
    """ "NN%" -> NN; anything else -> None."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)%\s*", text or "")
    return float(m.group(1)) if m else None


def status_rank(task):
    """Callback rank of api-contracts 3.8 (terminal = 5)."""
    status = task.get("status")
    if status in TERMINAL:
        return 5.0
    base = {"NOT_START": 0.0, "MODAL": 1.0, "SUBMITTED": 2.0, "IN_PROGRESS": 3.0}.get(status)
    if base is None:
        raise E2EError(f"unknown status {status!r}")
    if status == "IN_PROGRESS":
        base += (progress_value(task.get("progress")) or 0.0) / 100.0
    return base


def parse_conninfo(dsn):
    """libpq 'k=v k=v' conninfo -> dict (values without spaces or quotes)."""
    out = {}
    for part in dsn.split():
        if "=" not in part:
            raise E2EError(f"cannot parse conninfo part {part!r} of {dsn!r}")
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip().strip("'")
    return out


def format_conninfo(fields):
    return " ".join(f"{k}={v}" for k, v in fields.items())


def wait_until(predicate, timeout, what, interval=0.05):
    """Polls predicate() until it returns a truthy value or the deadline passes."""
    deadline = time.monotonic() + timeout
    delay = interval
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise E2EError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
        delay = min(delay * 1.5, 0.5)


# -- HTTP client --------------------------------------------------------------

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise E2EError(f"HTTP {self.status}: body is not JSON ({e}): {self.body[:300]!r}")

    def __repr__(self):
        return f"<HTTP {self.status} {self.body[:300]!r}>"


def http(method, url, body=None, headers=None, timeout=15.0):
    """One request; returns Response for every HTTP status (errors included)."""
    hdrs = dict(headers or {})
    data = None
    if body is not None:
        if isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        elif isinstance(body, str):
            data = body.encode("utf-8")
        else:
            data = json.dumps(body).encode("utf-8")
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with _opener.open(req, timeout=timeout) as r:
            return Response(r.status, dict(r.headers.items()), r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, dict(e.headers.items()), e.read())


# -- processes ----------------------------------------------------------------

_libc = None


def _die_with_parent():
    """preexec_fn: the child gets SIGKILL if this Python process dies."""
    global _libc
    try:
        if _libc is None:
            _libc = ctypes.CDLL("libc.so.6", use_errno=True)
        _libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class Process:
    """A child process whose stdout+stderr are drained into a log file.

    `wait_line(regex)` waits for a line of output; every registered process is
    killed by PID in `Registry.stop_all()`.
    """

    def __init__(self, name, args, log_path, env=None):
        self.name = name
        self.args = [str(a) for a in args]
        self.log_path = log_path
        self._lines = []
        self._cond = threading.Condition()
        self._log = open(log_path, "a", encoding="utf-8", errors="replace")
        self._log.write(f"$ {' '.join(self.args)}\n")
        self._log.flush()
        self.popen = subprocess.Popen(
            self.args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            preexec_fn=_die_with_parent,
        )
        self.pid = self.popen.pid
        self._reader = threading.Thread(target=self._drain, name=f"drain-{name}", daemon=True)
        self._reader.start()

    def _drain(self):
        for raw in iter(self.popen.stdout.readline, b""):
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self._cond:
                self._lines.append(line)
                self._log.write(line + "\n")
                self._log.flush()
                self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def alive(self):
        return self.popen.poll() is None

    def wait_line(self, regex, timeout):
        """Returns the first match of regex in the output; fails on exit/timeout."""
        pattern = re.compile(regex)
        deadline = time.monotonic() + timeout
        seen = 0
        with self._cond:
            while True:
                while seen < len(self._lines):
                    m = pattern.search(self._lines[seen])
                    seen += 1
                    if m:
                        return m
                if not self.alive() and not self._reader.is_alive():
                    raise E2EError(f"{self.name} exited with {self.popen.returncode} before printing {regex!r}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise E2EError(f"{self.name} did not print {regex!r} within {timeout:.0f}s")
                self._cond.wait(min(left, 0.2))

    def kill(self, sig=signal.SIGKILL):
        """Sends sig to this PID (if still running) and reaps it."""
        if self.alive():
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass
        try:
            self.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(self.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)
        self._reader.join(timeout=5)

    def stop(self, grace=5.0):
        """SIGTERM, a bounded wait, then SIGKILL (and a note that it was needed)."""
        if self.alive():
            t0 = time.monotonic()
            try:
                os.kill(self.pid, signal.SIGTERM)
                self.popen.wait(timeout=grace)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                print(f"  note: {self.name} (pid {self.pid}) did not exit within {grace:.0f}s of SIGTERM; "
                      f"sending SIGKILL", flush=True)
            else:
                print(f"  note: {self.name} exited {time.monotonic() - t0:.2f}s after SIGTERM "
                      f"(status {self.popen.returncode})", flush=True)
        self.kill(signal.SIGKILL)

    def close_log(self):
        with self._cond:
            if not self._log.closed:
                self._log.close()

    def tail(self, n=80):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return f.readlines()[-n:]
        except OSError as e:
            return [f"<cannot read {self.log_path}: {e}>\n"]


class Registry:
    """Every process and server the suite started, for cleanup and log tails."""

    def __init__(self):
        self.processes = []
        self.servers = []

    def add(self, proc):
        self.processes.append(proc)
        return proc

    def stop_all(self):
        for srv in self.servers:
            try:
                srv.close()
            except Exception:  # cleanup must go on
                pass
        for proc in self.processes:
            try:
                proc.stop()
            except Exception:
                pass
            proc.close_log()

    def print_tails(self, n=80):
        for proc in self.processes:
            print(f"----- last {n} lines of {proc.name} (pid {proc.pid}, {proc.log_path}) -----")
            for line in proc.tail(n):
                print("  " + line.rstrip("\n"))
        print("----- end of logs -----", flush=True)


# -- simulator ----------------------------------------------------------------


class Sim:
    """A running mjgate-sim, with its HTTP proxy (absolute-form + CONNECT to
    127.0.0.1, Basic credentials PROXY_USER:proxy_password) on its own port."""

    PROXY_USER = "e2e-proxy"

    def __init__(self, registry, binary, workdir, accounts, seed=7, heartbeat_ms=500):
        self.proxy_password = "pw-" + secrets.token_hex(8)
        self.proc = registry.add(
            Process(
                "mjgate-sim",
                [binary, "--listen", "127.0.0.1:0", "--speed", "test", "--accounts", accounts,
                 "--seed", seed, "--heartbeat-ms", heartbeat_ms,
                 "--proxy-listen", "127.0.0.1:0", "--proxy-auth", f"{self.PROXY_USER}:{self.proxy_password}"],
                os.path.join(workdir, "mjgate-sim.log"),
            )
        )
        m = self.proc.wait_line(r"mjgate-sim listening on (http://127\.0\.0\.1:(\d+))", timeout=30)
        self.base = m.group(1)
        self.port = int(m.group(2))
        m = self.proc.wait_line(r"mjgate-sim proxy listening on http://127\.0\.0\.1:(\d+)", timeout=30)
        self.proxy_port = int(m.group(1))
        wait_until(self._healthy, 30, "GET /_sim/health = 200")

    def proxy_url(self, credentials=True):
        """The sim proxy as a channel's `proxy` (with its credentials by default)."""
        auth = f"{self.PROXY_USER}:{self.proxy_password}@" if credentials else ""
        return f"http://{auth}127.0.0.1:{self.proxy_port}"

    def proxy_stats(self):
        """GET /_sim/proxy: what the proxy relayed (requests, by_request, refused_auth, …)."""
        return self.get("/_sim/proxy")

    def _healthy(self):
        try:
            return http("GET", self.base + "/_sim/health", timeout=5).status == 200
        except OSError:
            return False

    def job_count(self, sim_indices):
        """Jobs the simulated bot started in the channels of these accounts (GET /_sim/jobs)."""
        channels = {sim_account(i)["channel_id"] for i in sim_indices}
        return sum(1 for j in self.get("/_sim/jobs")
                   if str(j.get("channel")) in channels and j.get("action") not in ("info", "settings"))

    def get(self, path):
        r = http("GET", self.base + path)
        if r.status != 200:
            raise E2EError(f"sim GET {path}: {r}")
        return r.json()

    def fault(self, user, kind, **extra):
        """POST /_sim/fault for simulator account `user` (1-based): reconnect, invalid_session, close,
        abrupt, drop_acks, drop_events (with count=…)."""
        body = {"user": user, "kind": kind, **extra}
        r = http("POST", self.base + "/_sim/fault", body=body)
        if r.status not in (200, 204):
            raise E2EError(f"sim POST /_sim/fault {body}: {r}")


# -- gateway ------------------------------------------------------------------


class Gateway:
    """One mjgate configuration (config file + database) and its current process.

    `start()` may be called again after `kill9()`: the same config and database.
    """

    def __init__(self, registry, binary, workdir, name, sim, dsn, accounts, run_timeout="30s",
                 stall_after=None, env=None, extra_config=()):
        self.registry = registry
        self.env = env  # extra environment variables for mjgate (e.g. MJGATE_SECURITY__ROOT_PASSWORD)
        self.binary = binary
        self.name = name
        self.dir = os.path.join(workdir, name)
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.accounts = accounts
        self.dsn = dsn
        self.config_path = os.path.join(self.dir, "mjgate.toml")
        self.proc = None
        self.starts = 0
        with open(self.config_path, "w", encoding="utf-8") as f:
            f.write(self._config_text(sim, dsn, accounts, run_timeout, stall_after, extra_config))

    def _config_text(self, sim, dsn, accounts, run_timeout, stall_after=None, extra_config=()):
        """The TOML file; `extra_config` lines (whole sections, e.g. "[node_api]")
        go after the built-in sections and before the [[accounts]] tables."""
        lines = [
            f'data_dir = "{self.dir}/data"',
            "[server]",
            'host = "127.0.0.1"',
            f"port = {self.port}",
            "[storage]",
            f'dsn = "{dsn}"',
            "[security]",
            f'root_api_key = "{ROOT_KEY}"',
            "[discord]",
            f'api_base = "{sim.base}"',
            f'gateway_url = "ws://127.0.0.1:{sim.port}/gateway"',
            f'discordsays_base = "{sim.base}/discordsays/{{app_id}}"',
            "compress = true",
            *([f'stall_after = "{stall_after}"'] if stall_after else []),
            "[notify]",
            "allow_private = true",
            "[task]",
            f'run_timeout = "{run_timeout}"',
            *extra_config,
        ]
        for acc in accounts:
            ident = sim_account(acc["sim"])
            lines += [
                "",
                "[[accounts]]",
                f'id = "{acc["id"]}"',
                f'guild_id = "{ident["guild_id"]}"',
                f'channel_id = "{ident["channel_id"]}"',
                f'user_token = "{ident["token"]}"',
                f'core_size = {acc.get("core_size", 3)}',
                f'queue_size = {acc.get("queue_size", 100)}',
            ]
            for key in ("relax_core_size", "relax_queue_size"):
                if key in acc:
                    lines.append(f"{key} = {acc[key]}")
        return "\n".join(lines) + "\n"

    def start(self, timeout=45):
        """Starts `mjgate serve`, waits until it serves and its accounts are READY."""
        self.starts += 1
        self.proc = self.registry.add(
            Process(
                f"mjgate[{self.name}#{self.starts}]",
                [self.binary, "serve", "--config", self.config_path],
                os.path.join(self.dir, f"mjgate.{self.starts}.log"),
                env={**os.environ, **self.env} if self.env else None,
            )
        )
        t0 = time.monotonic()
        self._wait_serving(timeout)
        self.wait_accounts_ready(max(5.0, timeout - (time.monotonic() - t0)))

    def _wait_serving(self, timeout):
        # Either signal is enough: the ready line on stdout or /healthz = 200.
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.proc.wait_line(r"mjgate listening on http://", timeout=0.3)
                break
            except E2EError:
                if not self.proc.alive():
                    raise E2EError(f"{self.proc.name} exited with {self.proc.popen.returncode} during start")
            try:
                r = http("GET", self.base + "/healthz", timeout=2)
                if r.status == 200 and r.json().get("status") == "ok":
                    break
            except (OSError, E2EError):
                pass
            if time.monotonic() >= deadline:
                raise E2EError(f"{self.proc.name} not serving within {timeout:.0f}s")
        # The line may come before the socket is usable by every route; healthz must answer.
        wait_until(self._healthz_ok, max(1.0, deadline - time.monotonic()), f"{self.name} /healthz")

    def _healthz_ok(self):
        try:
            r = http("GET", self.base + "/healthz", timeout=2)
            return r.status == 200 and r.json().get("status") == "ok"
        except (OSError, E2EError):
            return False

    def account_states(self):
        """{account id: state} from GET /mj/account/list, or None if unavailable."""
        r = self.get("/mj/account/list?limit=100")
        if r.status != 200:
            return None
        try:
            return {a.get("id"): a.get("state") for a in r.json()}
        except (AttributeError, E2EError):
            return None

    def wait_accounts_ready(self, timeout):
        """Waits until every configured account is READY.

        Source: `state` in GET /mj/account/list (api-contracts 3.9.1). When that
        route is not served, falls back to mjgate's log line
        `account <id> ready`, and warns if neither shows up.
        """
        ids = sorted(a["id"] for a in self.accounts)
        deadline = time.monotonic() + timeout
        last = None
        while True:
            states = self.account_states()
            if states is None:
                break  # route not served: use the log
            last = states
            if all(states.get(i) == "READY" for i in ids):
                return
            if time.monotonic() >= deadline:
                raise E2EError(f"accounts {ids} not READY within {timeout:.0f}s; last seen: {last}")
            time.sleep(0.1)
        try:
            for i in ids:
                self.proc.wait_line(rf"account {re.escape(i)} ready",
                                    timeout=max(0.1, deadline - time.monotonic()))
        except E2EError as e:
            print(f"  warning: {self.name}: GET /mj/account/list not served and {e}; continuing", flush=True)

    def kill9(self):
        self.proc.kill(signal.SIGKILL)

    # -- API calls (root key) --

    def headers(self, key=ROOT_KEY, style="mj-api-secret"):
        if key is None:
            return {}
        if style == "bearer":
            return {"Authorization": f"Bearer {key}"}
        return {"mj-api-secret": key}

    def get(self, path, **kw):
        return http("GET", self.base + path, headers=self.headers(), **kw)

    def post(self, path, body, **kw):
        return http("POST", self.base + path, body=body, headers=self.headers(), **kw)

    def imagine(self, prompt, instance_id=None, hook=None, timeout=30.0):
        body = {"prompt": prompt}
        if hook:
            body["notifyHook"] = hook
        if instance_id:
            body["accountFilter"] = {"instanceId": instance_id}
        r = self.post("/mj/submit/imagine", body, timeout=timeout)
        if r.status != 200:
            raise E2EError(f"submit/imagine answered {r}")
        return r.json()

    def fetch(self, task_id):
        r = self.get(f"/mj/task/{task_id}/fetch")
        if r.status != 200:
            raise E2EError(f"fetch {task_id} answered {r}")
        return r.json()

    def list_by_ids(self, ids, chunk=100):
        out = []
        for i in range(0, len(ids), chunk):
            r = self.post("/mj/task/list-by-condition", {"ids": ids[i:i + chunk]})
            if r.status != 200:
                raise E2EError(f"list-by-condition answered {r}")
            body = r.json()
            if not isinstance(body, list):
                raise E2EError(f"list-by-condition is not an array: {r}")
            out.extend(body)
        return out

    def wait_terminal(self, ids, timeout):
        """Polls list-by-condition until every id is terminal; returns {id: task}."""
        ids = list(ids)
        state = {}

        def done():
            for t in self.list_by_ids(ids):
                state[t["id"]] = t
            return all(state.get(i, {}).get("status") in TERMINAL for i in ids)

        try:
            wait_until(done, timeout, f"{len(ids)} task(s) terminal", interval=0.2)
        except E2EError as e:
            pending = {i: state.get(i, {}).get("status", "<missing>") for i in ids
                       if state.get(i, {}).get("status") not in TERMINAL}
            sample = dict(list(pending.items())[:10])
            raise E2EError(f"{e}; {len(pending)} not terminal, e.g. {sample}")
        return state


# -- postgres -----------------------------------------------------------------


class PgDatabases:
    """Creates fresh databases next to MJGATE_TEST_PG_DSN's and drops them at the end."""

    def __init__(self, admin_dsn):
        self.admin_dsn = admin_dsn
        self.fields = parse_conninfo(admin_dsn)
        self.created = []

    def _psql(self, sql):
        r = subprocess.run(["psql", self.admin_dsn, "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise E2EError(f"psql {sql!r} failed ({r.returncode}): {r.stderr.strip()}")
        return r.stdout

    def create(self):
        """A new empty database; returns mjgate's DSN for it."""
        name = "e2e_" + secrets.token_hex(6)
        self._psql(f"create database {name}")
        self.created.append(name)
        fields = dict(self.fields)
        fields["dbname"] = name
        fields.setdefault("user", "postgres")
        return "postgresql:" + format_conninfo(fields)

    def drop_all(self):
        for name in self.created:
            try:
                self._psql(f"drop database if exists {name} with (force)")
            except Exception as e:  # report, keep cleaning
                print(f"warning: could not drop database {name}: {e}")
        self.created = []


# -- webhook sink -------------------------------------------------------------


class WebhookSink:
    """An http.server on 127.0.0.1 that records every POST (Task JSON callbacks)."""

    def __init__(self, registry):
        sink = self
        self.events = []  # (monotonic time, path, headers, body dict or None, raw)
        self.cond = threading.Condition()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _body(self):
                if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
                    data = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_POST(self):
                raw = self._body()
                try:
                    doc = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    doc = None
                with sink.cond:
                    sink.events.append((time.monotonic(), self.path, dict(self.headers.items()), doc, raw))
                    sink.cond.notify_all()
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        class Server(ThreadingHTTPServer):
            request_queue_size = 256  # mjgate may open many connections at once
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, name="webhook-sink", daemon=True)
        self.thread.start()
        registry.servers.append(self)

    def for_task(self, task_id):
        with self.cond:
            return [e for e in self.events if isinstance(e[3], dict) and e[3].get("id") == task_id]

    def wait_terminal(self, task_id, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                if any(isinstance(e[3], dict) and e[3].get("id") == task_id
                       and e[3].get("status") in TERMINAL for e in self.events):
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [e[3].get("status") for e in self.events
                            if isinstance(e[3], dict) and e[3].get("id") == task_id]
                    raise E2EError(f"no terminal callback for {task_id} within {timeout:.0f}s; got {seen}")
                self.cond.wait(min(left, 0.5))
        return self.for_task(task_id)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
