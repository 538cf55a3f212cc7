#!/usr/bin/env python3
# End-to-end suite: real mjgate + mjgate-sim processes on 127.0.0.1, driven
# through mjgate's public HTTP API, on SQLite or PostgreSQL (--db).
# Usage: test_e2e.py --mjgate PATH --sim PATH --db sqlite|postgres [--only 1,3]

import argparse
import base64
import concurrent.futures
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import unittest
import urllib.parse

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness as h  # noqa: E402

SKIP_EXIT = 77
RUN = secrets.token_hex(3)  # makes this run's prompts unique
MAIN_ACCOUNTS = [{"id": f"acc{i}", "sim": i, "core_size": 3, "queue_size": 100} for i in (1, 2, 3, 4)]
PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
# 1-4 main gateway, 5 queue-full gateway, 6 kill -9 gateway, 7 identical prompts,
# 8 gateway faults, 9 kill -9 with running jobs, 10 health gateway, 11 upscale lane,
# 12-15 Midjourney's error and health signals, 16 PicReader all and bookmark,
# 17 users and auth, 18-19 account admin (18 configured, 19 created through the API),
# 20 node-api, 21 backend tasks, 22 quota and billing, 23 idempotency (31), 24 the upstream of the mj relay (29)
SIM_ACCOUNTS = 25


def wait_suno_terminal(item, tids, timeout):
    """{task id: its /suno/fetch item} once every id is SUCCESS or FAILURE;
    `item(tid)` fetches one (and may record what it saw)."""
    done = {}

    def all_done():
        for tid in tids:
            if tid not in done:
                it = item(tid)
                if it["status"] in ("SUCCESS", "FAILURE"):
                    done[tid] = it
        return len(done) == len(tids)
    h.wait_until(all_done, timeout, f"suno tasks {tids} terminal", interval=0.25)
    return done


class Env:
    """What the scenarios share: one simulator, one main gateway, one webhook sink."""

    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.registry = h.Registry()
        self.pg = None
        if args.db == "postgres":
            self.pg = h.PgDatabases(os.environ["MJGATE_TEST_PG_DSN"])
        self._sim = None
        self._main = None
        self._sink = None

    def dsn(self, name):
        if self.pg:
            return self.pg.create()
        return f"sqlite:{os.path.join(self.workdir, name + '.db')}"

    def sim(self):
        if self._sim is None:
            self._sim = h.Sim(self.registry, self.args.sim, self.workdir, accounts=SIM_ACCOUNTS)
        return self._sim

    def gateway(self, name, accounts, run_timeout="30s", stall_after=None, env=None, extra_config=()):
        gw = h.Gateway(self.registry, self.args.mjgate, self.workdir, name, self.sim(), self.dsn(name),
                       accounts, run_timeout=run_timeout, stall_after=stall_after, env=env,
                       extra_config=extra_config)
        gw.start()
        return gw

    def main(self):
        if self._main is None or not self._main.proc.alive():
            self._main = self.gateway("main", MAIN_ACCOUNTS)
        return self._main

    def sink(self):
        if self._sink is None:
            self._sink = h.WebhookSink(self.registry)
        return self._sink

    def close(self):
        self.registry.stop_all()
        if self.pg:
            self.pg.drop_all()


ENV = None


def header(headers, name):
    for k, v in headers.items():
        if k.lower() == name.lower():
            return v
    return None


def download(url):
    return h.http("GET", url, timeout=15)


class Manage:
    """The management API (/mjgate/api/v1) of one gateway, as root by default,
    keeping every answer body (scenarios check that no secret is in one)."""

    def __init__(self, test, gw):
        self.test, self.api = test, gw.base + "/mjgate/api/v1"
        self.root = {"Authorization": f"Bearer {h.ROOT_KEY}"}
        self.bodies = []

    def call(self, method, path, body=None, headers=None):
        r = h.http(method, self.api + path, body=body, headers=self.root if headers is None else headers)
        self.bodies.append(r.body.decode() if isinstance(r.body, bytes) else str(r.body))
        return r

    def data(self, r, status=200):
        self.test.assertEqual(r.status, status, r)
        return r.json()["data"]

    def refused(self, r, status, needle):
        self.test.assertEqual(r.status, status, r)
        doc = r.json()
        self.test.assertEqual((doc["code"], doc["data"]), (status, None), doc)
        self.test.assertIn(needle, doc["message"], doc)

    def user_with_quota(self, name, quota):
        """A plain user with `quota` and an API key: (user, the clear key)."""
        u = self.data(self.call("POST", "/users", body={"name": name}))
        self.data(self.call("PUT", f"/users/{u['id']}", body={"quota": quota}))
        return u, self.data(self.call("POST", f"/users/{u['id']}/tokens", body={"name": "k"}))["key"]

    def balance(self, u):
        return self.data(self.call("GET", f"/users/{u['id']}"))["quota"]


class E2E(unittest.TestCase):
    maxDiff = 2000

    def assertAck(self, ack, codes=(1, 22)):
        self.assertIn(ack.get("code"), codes, f"SubmitResultVO {ack}")
        self.assertRegex(str(ack.get("result")), r"^\d{16}$", f"task id in {ack}")
        self.assertIsInstance(ack.get("properties"), dict, f"properties in {ack}")
        return ack["result"]

    # 1. imagine -> webhook SUBMITTED, IN_PROGRESS..., SUCCESS; fetch shows the result.
    def test_1_imagine_success_with_webhook(self):
        gw, sink = ENV.main(), ENV.sink()
        tid = self.assertAck(gw.imagine(f"a red fox in deep snow e2e-{RUN}", instance_id="acc1", hook=sink.url))

        sink.wait_terminal(tid, timeout=30)
        task = gw.fetch(tid)
        events = sink.for_task(tid)  # re-read: a late event after the terminal one is a bug

        deliveries, seen = [], set()
        for _, _, headers, doc, _ in events:
            key = header(headers, "X-Mjgate-Delivery")
            self.assertIsNotNone(key, f"X-Mjgate-Delivery missing on callback {doc.get('status')}")
            m = re.fullmatch(rf"{tid}:(\d+)", key)
            self.assertIsNotNone(m, f"X-Mjgate-Delivery {key!r} is not <taskId>:<revision>")
            if key in seen:
                continue  # at-least-once: a retry of an event already received
            seen.add(key)
            deliveries.append((int(m.group(1)), doc))

        statuses = [d["status"] for _, d in deliveries]
        self.assertGreaterEqual(len(statuses), 3, f"callbacks {statuses}")
        self.assertEqual(statuses[0], "SUBMITTED", f"callbacks {statuses}")
        self.assertIn("IN_PROGRESS", statuses, f"callbacks {statuses}")
        self.assertEqual(statuses[-1], "SUCCESS", f"callbacks {statuses}")
        self.assertEqual(sum(s in h.TERMINAL for s in statuses), 1, f"exactly one terminal callback: {statuses}")
        revisions = [r for r, _ in deliveries]
        self.assertEqual(revisions, sorted(revisions), f"callbacks out of revision order: {revisions}")
        ranks = [h.status_rank(d) for _, d in deliveries]
        for a, b in zip(ranks, ranks[1:]):
            self.assertLessEqual(a, b, f"status rank decreased: {list(zip(statuses, ranks))}")

        if task["status"] != "SUCCESS":
            # A client that got the SUCCESS callback and then fetches must see it too.
            later = gw.wait_terminal([tid], timeout=10)[tid]
            self.fail(f"fetch right after the SUCCESS callback shows {task['status']} {task['progress']} "
                      f"(callbacks are for persisted changes, api-contracts 3.8); "
                      f"a later fetch shows {later['status']} {later['progress']}")
        self.assertEqual(task["progress"], "100%", task)
        self.assertEqual(task["failReason"], "", task)
        self.assertEqual(deliveries[-1][1].get("imageUrl"), task["imageUrl"], "terminal callback = fetch")
        self.assertTrue(task["imageUrl"].startswith("http"), f"imageUrl {task['imageUrl']!r}")
        img = download(task["imageUrl"])
        self.assertEqual(img.status, 200, f"GET imageUrl {task['imageUrl']}: {img}")
        self.assertEqual(img.body[:8], h.PNG_SIGNATURE, f"imageUrl is not a PNG: {img.body[:16]!r}")

        custom_ids = [b.get("customId", "") for b in task["buttons"]]
        self.assertEqual(len(custom_ids), 9, f"buttons {custom_ids}")
        self.assertTrue(any(c.startswith("MJ::JOB::upsample::1::") for c in custom_ids), f"buttons {custom_ids}")
        self.assertEqual(task["instanceId"], "acc1", "accountFilter.instanceId pins the account")

    # 2. Midjourney's "Banned prompt detected" -> FAILURE with that reason.
    def test_2_banned_prompt_fails(self):
        gw = ENV.main()
        tid = self.assertAck(gw.imagine(f"a forbidden thing #sim:banned e2e-{RUN}", instance_id="acc2"))
        task = gw.wait_terminal([tid], timeout=30)[tid]
        self.assertEqual(task["status"], "FAILURE", task)
        self.assertIn("Banned prompt detected", task["failReason"], task)

    # 3. core_size 1 / queue_size 1: dispatched (1), queued behind one (22), rejected (23).
    def test_3_queue_full(self):
        gw = ENV.gateway("qfull", [{"id": "accq", "sim": 5, "core_size": 1, "queue_size": 1}])
        try:
            acks = [gw.imagine(f"a slow lighthouse {n} #sim:stall e2e-{RUN}", instance_id="accq")
                    for n in (1, 2, 3)]
            self.assertEqual([a.get("code") for a in acks], [1, 22, 23], f"acks {acks}")
            first, second = self.assertAck(acks[0], (1,)), self.assertAck(acks[1], (22,))
            self.assertEqual(acks[1]["properties"].get("numberOfQueues"), 1, acks[1])
            self.assertIsNone(acks[2].get("result"), f"a rejection carries no task id: {acks[2]}")

            r = gw.get("/mj/task/queue")
            self.assertEqual(r.status, 200, r)
            queued = {t["id"]: t["status"] for t in r.json()}
            self.assertEqual(set(queued), {first, second}, f"GET /mj/task/queue {queued}")
            self.assertEqual(queued[second], "NOT_START", queued)
            # Only the dispatched task reached Discord; the queued one waits in mjgate.
            h.wait_until(lambda: ENV.sim().job_count([5]) >= 1, 15, "the first job at the simulator")
            self.assertEqual(ENV.sim().job_count([5]), 1, "jobs started at the simulator")
        finally:
            gw.proc.stop()

    # 4. API key required; both header styles accepted.
    def test_4_auth(self):
        gw = ENV.main()
        url = gw.base + "/mj/task/list?limit=1"
        for desc, hdrs in (("no key", {}),
                           ("wrong mj-api-secret", {"mj-api-secret": "sk-wrong" + "0" * 40}),
                           ("wrong bearer", {"Authorization": "Bearer sk-wrong" + "0" * 40})):
            r = h.http("GET", url, headers=hdrs)
            self.assertEqual(r.status, 401, f"{desc}: {r}")
            self.assertEqual(r.json().get("code"), 4, f"{desc}: {r}")
        r = h.http("POST", gw.base + "/mj/submit/imagine", body={"prompt": f"unauthorised e2e-{RUN}"})
        self.assertEqual(r.status, 401, f"submit without key: {r}")
        for desc, hdrs in (("Authorization: Bearer", {"Authorization": f"Bearer {h.ROOT_KEY}"}),
                           ("mj-api-secret", {"mj-api-secret": h.ROOT_KEY})):
            r = h.http("GET", url, headers=hdrs)
            self.assertEqual(r.status, 200, f"{desc}: {r}")
            self.assertIsInstance(r.json(), list, f"{desc}: {r}")

    # 5. malformed requests are rejected and store nothing.
    def test_5_validation_stores_nothing(self):
        gw = ENV.main()

        def newest_ids():
            r = gw.get("/mj/task/list?limit=100")
            self.assertEqual(r.status, 200, r)
            return {t["id"] for t in r.json()}

        before = newest_ids()
        r = h.http("POST", gw.base + "/mj/submit/imagine", body=b'{"prompt": "broken',
                   headers=gw.headers())
        self.assertEqual(r.status, 400, f"bad JSON: {r}")
        self.assertEqual(r.json().get("code"), 4, f"bad JSON: {r}")
        for body in ({"prompt": ""}, {"prompt": "   "}, {}):
            r = gw.post("/mj/submit/imagine", body)
            self.assertEqual(r.status, 200, f"{body}: {r}")
            self.assertEqual(r.json().get("code"), 4, f"{body}: {r}")
            self.assertIsNone(r.json().get("result"), f"{body}: {r}")
        added = newest_ids() - before
        self.assertEqual(added, set(), "rejected submits must not create tasks")

    # 6. 200 concurrent imagines over 4 accounts: all accepted, all succeed, distinct images.
    def test_6_concurrent_load(self):
        gw = ENV.main()
        n = 200
        sim_jobs_before = ENV.sim().job_count(a["sim"] for a in MAIN_ACCOUNTS)
        barrier = threading.Barrier(n, timeout=30)
        acks, errors = [None] * n, []

        def submit(i):
            try:
                barrier.wait()
                acks[i] = gw.imagine(f"load test castle number {i} e2e-{RUN}", timeout=60)
            except Exception as e:  # collected and asserted below
                errors.append(f"#{i}: {e!r}")

        t0 = time.monotonic()
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=90)
        self.assertFalse([t for t in threads if t.is_alive()], "submit threads still running after 90 s")
        t_ack = time.monotonic() - t0
        self.assertEqual(errors[:5], [], f"{len(errors)} of {n} submits failed")
        ids = [self.assertAck(a) for a in acks]
        self.assertEqual(len(set(ids)), n, "task ids are unique")

        tasks = gw.wait_terminal(ids, timeout=120)
        t_done = time.monotonic() - t0
        statuses = {}
        for t in tasks.values():
            statuses[t["status"]] = statuses.get(t["status"], 0) + 1
        failed = [(t["id"], t["failReason"]) for t in tasks.values() if t["status"] != "SUCCESS"][:5]
        self.assertEqual(statuses, {"SUCCESS": n}, f"e.g. {failed}")
        urls = [tasks[i]["imageUrl"] for i in ids]
        self.assertEqual(len(set(urls)), n, "every task has its own imageUrl")
        per_account = {}
        for t in tasks.values():
            per_account[t["instanceId"]] = per_account.get(t["instanceId"], 0) + 1
        self.assertEqual(set(per_account), {a["id"] for a in MAIN_ACCOUNTS}, f"spread {per_account}")

        sim_jobs = ENV.sim().job_count(a["sim"] for a in MAIN_ACCOUNTS) - sim_jobs_before
        self.assertEqual(sim_jobs, n, "Midjourney jobs started for 200 tasks (none lost, none doubled)")

        # Each image is the one rendered for that job: distinct PNG bytes.
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            images = list(pool.map(download, urls, timeout=120))
        bad = [(u, r.status) for u, r in zip(urls, images) if r.status != 200 or r.body[:8] != h.PNG_SIGNATURE]
        self.assertEqual(bad[:5], [], f"{len(bad)} imageUrls did not serve a PNG")
        digests = {hashlib.sha256(r.body).hexdigest() for r in images}
        self.assertEqual(len(digests), n, "image bytes differ per task (correlation)")
        print(f"    load: {n} acknowledged in {t_ack:.2f}s, all SUCCESS after {t_done:.2f}s, "
              f"per account {dict(sorted(per_account.items()))}", flush=True)

    # 7. kill -9 after the last acknowledgement; restart; nothing is lost or stuck.
    def test_7_kill9_restart(self):
        gw = ENV.gateway("kill9", [{"id": "acck", "sim": 6, "core_size": 3, "queue_size": 100}],
                         run_timeout="10s")
        # Three stalled jobs hold every slot, so the other 27 are NOT_START when killed.
        prompts = [f"a stuck windmill {i} #sim:stall e2e-{RUN}" for i in range(3)]
        prompts += [f"a quiet harbour {i} e2e-{RUN}" for i in range(27)]
        acks = [gw.imagine(p, instance_id="acck") for p in prompts]
        gw.kill9()
        ids = [self.assertAck(a) for a in acks]
        stalled, queued = ids[:3], ids[3:]
        self.assertEqual([a["code"] for a in acks[:3]], [1, 1, 1], f"acks {acks[:3]}")

        gw.start()
        for tid in ids:
            gw.fetch(tid)  # every acknowledged id survived the crash
        tasks = gw.wait_terminal(ids, timeout=60)
        for tid in queued:
            self.assertEqual(tasks[tid]["status"], "SUCCESS", f"re-queued NOT_START task {tasks[tid]}")
        for tid in stalled:
            # Handed back to the account and reconciled: the history has no final for a
            # #sim:stall job, so it fails at its run timeout, not at the restart.
            t = tasks[tid]
            self.assertEqual(t["status"], "FAILURE", t)
            self.assertNotIn("mjgate restarted", t["failReason"], t)
            self.assertRegex(t["failReason"], r"run timeout|not found in the channel history", t)
        print(f"    kill9: stalled -> {[tasks[t]['status'] for t in stalled]} "
              f"({[tasks[t]['failReason'] for t in stalled]}); jobs at the simulator: "
              f"{ENV.sim().job_count([6])} for 30 tasks", flush=True)
        gw.proc.stop()


    # 8. Follow-ups click the parent's buttons on the parent's account: change (U2),
    #    simple-change (V1), action (reroll), and the code-4 refusals.
    def test_8_follow_ups(self):
        gw = ENV.main()
        parent_id = self.assertAck(gw.imagine(f"a lighthouse at dusk e2e-{RUN}", instance_id="acc3"))
        parent = gw.wait_terminal([parent_id], timeout=30)[parent_id]
        self.assertEqual(parent["status"], "SUCCESS", parent)
        reroll = next(b["customId"] for b in parent["buttons"] if "::reroll::" in b["customId"])

        def ack(path, body):
            r = gw.post(path, body)
            self.assertEqual(r.status, 200, f"{path}: {r}")
            return self.assertAck(r.json())

        children = {
            "UPSCALE": ack("/mj/submit/change", {"taskId": parent_id, "action": "UPSCALE", "index": 2}),
            "VARIATION": ack("/mj/submit/simple-change", {"content": f"{parent_id} V1"}),
            "REROLL": ack("/mj/submit/action", {"taskId": parent_id, "customId": reroll}),
        }
        done = gw.wait_terminal(list(children.values()), timeout=30)
        hashes = {parent["properties"]["messageHash"]}
        for action, tid in children.items():
            t = done[tid]
            self.assertEqual(t["status"], "SUCCESS", t)
            self.assertEqual(t["action"], action, t)
            self.assertEqual(t["parentId"], parent_id, t)
            self.assertEqual(t["instanceId"], "acc3", "a follow-up runs on its parent's account")
            self.assertTrue(t["imageUrl"].startswith("http"), t)
            hashes.add(t["properties"]["messageHash"])
        self.assertEqual(len(hashes), 4, f"each result is its own job: {hashes}")
        self.assertEqual(done[children["UPSCALE"]]["description"], f"/up {parent_id} U2")

        # image-seed: captured with the ✉️ reaction and the bot's DM, then kept on the task.
        seed = gw.get(f"/mj/task/{parent_id}/image-seed").json()
        self.assertEqual(seed.get("code"), 1, seed)
        self.assertRegex(seed["result"], r"^\d+$")
        self.assertEqual(gw.get(f"/mj/task/{parent_id}/image-seed").json(), seed, "the second answer is the kept seed")
        self.assertEqual(gw.get("/mj/task/1000000000000000/image-seed").status, 404)

        def refused(path, body, text):
            r = gw.post(path, body).json()
            self.assertEqual(r.get("code"), 4, f"{path} {body}: {r}")
            self.assertIn(text, r.get("description", ""), r)

        refused("/mj/submit/change", {"taskId": "1000000000000000", "action": "UPSCALE", "index": 1},
                "关联任务不存在或已失效")
        failed_id = self.assertAck(gw.imagine(f"doomed #sim:fail e2e-{RUN}", instance_id="acc3"))
        gw.wait_terminal([failed_id], timeout=30)
        refused("/mj/submit/simple-change", {"content": f"{failed_id} U1"}, "关联任务状态错误")
        refused("/mj/submit/action", {"taskId": parent_id, "customId": "MJ::JOB::upsample::1::not-this-job"},
                "关联任务不允许执行该操作")

    # 9. Cancel: a queued task becomes CANCEL at once and never reaches Discord; a
    #    running one becomes CANCEL at once; finished and unknown tasks are refused.
    def test_9_cancel(self):
        gw = ENV.main()
        running = [self.assertAck(gw.imagine(f"held {i} #sim:stall e2e-{RUN}", instance_id="acc4"))
                   for i in range(3)]  # acc4: core_size 3
        queued_ack = gw.imagine(f"never sent e2e-{RUN}", instance_id="acc4")
        queued = self.assertAck(queued_ack, codes=(22,))

        def cancel(tid):
            return gw.post(f"/mj/task/{tid}/cancel", {})

        r = cancel(queued)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"code": 1, "description": "取消成功", "result": queued, "properties": {}})
        t = gw.fetch(queued)
        self.assertEqual((t["status"], t["failReason"]), ("CANCEL", "任务已取消"), t)

        h.wait_until(lambda: gw.fetch(running[0])["status"] in ("SUBMITTED", "IN_PROGRESS"), 15,
                     "the held job is running")
        self.assertEqual(cancel(running[0]).json().get("code"), 1)
        self.assertEqual(gw.fetch(running[0])["status"], "CANCEL")

        again = cancel(running[0]).json()
        self.assertEqual((again.get("code"), again.get("description")), (4, "任务已结束，无法取消"), again)
        missing = cancel("1000000000000000")
        self.assertEqual(missing.status, 404, missing)
        prompts = [j.get("prompt", "") for j in ENV.sim().get("/_sim/jobs")]
        self.assertFalse(any(f"never sent e2e-{RUN}" in p for p in prompts), "a cancelled queued task reached Discord")
        for tid in running[1:]:
            cancel(tid)

    # 11. Modals: buttons that always open one answer code 21 and wait in MODAL;
    #     /submit/modal checks rule 9 and runs them (custom zoom, Vary Region with a
    #     mask); a Remix modal that opens although mjgate was not told is answered
    #     with the parent's prompt; a MODAL task can be cancelled.
    def test_11_modals(self):
        gw, sim = ENV.main(), ENV.sim()
        grid_id = self.assertAck(gw.imagine(f"a glass greenhouse e2e-{RUN}", instance_id="acc2"))
        grid = gw.wait_terminal([grid_id], timeout=30)[grid_id]
        self.assertEqual(grid["status"], "SUCCESS", grid)
        up_id = self.assertAck(gw.post("/mj/submit/change",
                                       {"taskId": grid_id, "action": "UPSCALE", "index": 1}).json())
        single = gw.wait_terminal([up_id], timeout=30)[up_id]
        self.assertEqual(single["status"], "SUCCESS", single)

        def button(task, part):
            ids = [b["customId"] for b in task["buttons"] if part in b["customId"]]
            self.assertTrue(ids, f"no {part} button in {task['buttons']}")
            return ids[0]

        def modal_task(custom_id):
            r = gw.post("/mj/submit/action", {"taskId": up_id, "customId": custom_id}).json()
            self.assertEqual(r.get("code"), 21, r)
            self.assertEqual(r["description"], "Waiting for window confirm")
            self.assertEqual(r["properties"].get("remix"), True, r)
            self.assertEqual(r["properties"].get("finalPrompt"), single["promptEn"], r)
            self.assertEqual(gw.fetch(r["result"])["status"], "MODAL")
            return r["result"]

        def modal(body):
            r = gw.post("/mj/submit/modal", body)
            self.assertEqual(r.status, 200, r)
            return r.json()

        zoom_id = modal_task(button(single, "CustomZoom"))
        bad = modal({"taskId": zoom_id, "prompt": "no zoom here"})
        self.assertEqual(bad.get("code"), 4, bad)
        self.assertEqual(gw.fetch(zoom_id)["status"], "MODAL", "a refused modal leaves the task waiting")
        self.assertEqual(self.assertAck(modal({"taskId": zoom_id, "prompt": f"{single['promptEn']} --ar 1:1 --zoom 1.5"})),
                         zoom_id)

        region_id = modal_task(button(single, "Inpaint"))
        no_mask = modal({"taskId": region_id, "prompt": "a red door"})
        self.assertEqual(no_mask.get("code"), 4, no_mask)
        self.assertEqual(self.assertAck(modal({"taskId": region_id, "prompt": "a red door", "maskBase64": PNG_1PX})),
                         region_id)

        cancelled_id = modal_task(button(single, "CustomZoom"))
        self.assertEqual(gw.post(f"/mj/task/{cancelled_id}/cancel", {}).json().get("code"), 1)
        self.assertEqual(gw.fetch(cancelled_id)["status"], "CANCEL")
        late = modal({"taskId": cancelled_id, "prompt": "too late --ar 1:1 --zoom 2"})
        self.assertEqual((late.get("code"), late.get("description")), (4, "任务状态错误"), late)

        # Remix switched on in Discord behind mjgate's back: the variation's modal is
        # answered with the parent's prompt instead of leaving the job hanging.
        self.assertEqual(h.http("PUT", sim.base + "/_sim/users/2", {"remix": True}).status, 200)
        try:
            remix_id = self.assertAck(gw.post("/mj/submit/simple-change", {"content": f"{grid_id} V2"}).json())
            done = gw.wait_terminal([zoom_id, region_id, remix_id], timeout=30)
        finally:
            h.http("PUT", sim.base + "/_sim/users/2", {"remix": False})
        for tid, action in ((zoom_id, "ZOOM"), (region_id, "VARIATION"), (remix_id, "VARIATION")):
            self.assertEqual(done[tid]["status"], "SUCCESS", done[tid])
            self.assertEqual(done[tid]["action"], action, done[tid])
            self.assertEqual(done[tid]["instanceId"], "acc2", done[tid])
        sent = [j["prompt"] for j in sim.get("/_sim/jobs") if "CustomZoom" in (j.get("custom_id") or "")]
        self.assertTrue(any("--zoom 1.5" in p for p in sent), f"the modal's prompt reached Discord: {sent}")
        remixed = [j for j in sim.get("/_sim/jobs") if j.get("action") == "variation" and "Remix" in (j.get("custom_id") or "")]
        self.assertTrue(remixed, "the V2 click went through a Remix modal")
        wrong = modal({"taskId": up_id, "prompt": "x"})
        self.assertEqual((wrong.get("code"), wrong.get("description")), (4, "任务状态错误"), wrong)

        # Every other job button of an upscaled image runs as its own task: vary
        # strong/subtle, zoom out 2x/1.5x, the four pans, the HD upscales.
        kinds = ("high_variation", "low_variation", "Outpaint::50", "Outpaint::75", "pan_left",
                 "pan_right", "pan_up", "pan_down", "upsample_")
        clicks = {}
        for kind in kinds:
            custom_id = next((b["customId"] for b in single["buttons"] if kind in b["customId"]), None)
            self.assertIsNotNone(custom_id, f"{kind} in {[b['customId'] for b in single['buttons']]}")
            r = gw.post("/mj/submit/action", {"taskId": up_id, "customId": custom_id}).json()
            clicks[kind] = self.assertAck(r)
        done = gw.wait_terminal(list(clicks.values()), timeout=45)
        for kind, tid in clicks.items():
            self.assertEqual(done[tid]["status"], "SUCCESS", f"{kind}: {done[tid]}")
            self.assertEqual(done[tid]["parentId"], up_id)

    # 13. describe (upload and link), blend, shorten and imagine with reference
    #     images: each goes through Discord's attachment upload where it has images,
    #     and ends SUCCESS with the result Midjourney gave.
    def test_13_describe_blend_shorten(self):
        gw, sim = ENV.main(), ENV.sim()
        png = "data:image/png;base64," + PNG_1PX
        link = f"{sim.base}/cdn/attachments/1/2/cat.png"  # loopback only

        def ack(path, body):
            r = gw.post(path, body)
            self.assertEqual(r.status, 200, f"{path}: {r}")
            return self.assertAck(r.json())

        ids = {
            "upload": ack("/mj/submit/describe", {"base64": png, "accountFilter": {"instanceId": "acc1"}}),
            "link": ack("/mj/submit/describe", {"link": link}),
            "blend": ack("/mj/submit/blend", {"base64Array": [png, PNG_1PX], "dimensions": "PORTRAIT"}),
            "shorten": ack("/mj/submit/shorten", {"prompt": f"a very very detailed castle on a hill e2e-{RUN}"}),
            "imagine": ack("/mj/submit/imagine", {"prompt": f"a statue like this e2e-{RUN}", "base64Array": [png]}),
        }
        done = gw.wait_terminal(list(ids.values()), timeout=30)
        for name, tid in ids.items():
            self.assertEqual(done[tid]["status"], "SUCCESS", f"{name}: {done[tid]}")
        up = done[ids["upload"]]
        self.assertEqual(up["action"], "DESCRIBE")
        self.assertEqual(up["description"], f"/describe {ids['upload']}.png")
        self.assertIn("1️⃣", up["prompt"], up)
        self.assertEqual(up["prompt"], up["promptEn"])
        self.assertTrue(any("PicReader" in b["customId"] for b in up["buttons"]), up["buttons"])
        self.assertEqual(done[ids["link"]]["description"], f"/describe {link}")
        blend = done[ids["blend"]]
        self.assertEqual((blend["action"], blend["description"]), ("BLEND", f"/blend {ids['blend']} 2"))
        self.assertTrue(blend["imageUrl"].startswith("http"), blend)
        shorten = done[ids["shorten"]]
        self.assertEqual(shorten["action"], "SHORTEN")
        self.assertIn("Shortened prompts", shorten["properties"]["finalPrompt"], shorten)
        jobs = sim.get("/_sim/jobs")
        sent = [j.get("prompt", "") for j in jobs if f"a statue like this e2e-{RUN}" in j.get("prompt", "")]
        self.assertTrue(sent and sent[0].startswith("http"), f"the reference image leads the prompt: {sent}")
        self.assertTrue(any(j.get("action") == "blend" for j in jobs), "a blend job ran")
        bad = gw.post("/mj/submit/blend", {"base64Array": [png]}).json()
        self.assertEqual(bad.get("code"), 4, bad)

        # "Imagine all" runs one task per describe line (scenario 21 has the details).
        everything = next(b["customId"] for b in up["buttons"] if b["customId"].endswith("PicReader::all"))
        all_ack = gw.post("/mj/submit/action", {"taskId": ids["upload"], "customId": everything}).json()
        self.assertIn(all_ack.get("code"), (1, 22), all_ack)
        all_ids = str(all_ack.get("result")).split(",")
        self.assertEqual(len(set(all_ids)), 4, all_ack)
        # PicReader on the describe result opens a modal prefilled with that line.
        pick = next(b["customId"] for b in up["buttons"] if b["customId"].endswith("PicReader::2"))
        r = gw.post("/mj/submit/action", {"taskId": ids["upload"], "customId": pick}).json()
        self.assertEqual(r.get("code"), 21, r)
        self.assertEqual(r["properties"].get("finalPrompt"), describe_lines(up["prompt"])[1], r)
        self.assertAck(gw.post("/mj/submit/modal", {"taskId": r["result"]}).json())
        done = gw.wait_terminal([r["result"]] + all_ids, timeout=45)
        picked = done[r["result"]]
        self.assertEqual(picked["status"], "SUCCESS", picked)
        self.assertEqual(picked["prompt"], describe_lines(up["prompt"])[1], picked)
        for tid in all_ids:
            self.assertEqual(done[tid]["status"], "SUCCESS", done[tid])
    # 10. Final images are kept by mjgate (api-contracts 3.10): imageUrl is mjgate's own
    #     /mj/image/{id}, served without an API key, byte-identical to the simulator's
    #     image, with ETag (If-None-Match -> 304), Range (206) and 404 for unknown ids.
    def test_10_image_rehost(self):
        gw = ENV.main()
        tid = self.assertAck(gw.imagine(f"a copper kettle on a stove e2e-{RUN}", instance_id="acc2"))
        task = gw.wait_terminal([tid], timeout=30)[tid]
        self.assertEqual(task["status"], "SUCCESS", task)
        self.assertEqual(task["imageUrl"], f"{gw.base}/mj/image/{tid}", "imageUrl is mjgate's own URL")

        # The simulator's original: the attachment of the final message in the channel history.
        ident = h.sim_account(2)
        message_id = task["properties"]["messageId"]
        r = h.http("GET", f"{ENV.sim().base}/api/v9/channels/{ident['channel_id']}/messages"
                          f"?limit=1&before={int(message_id) + 1}", headers={"Authorization": ident["token"]})
        self.assertEqual(r.status, 200, f"simulator history: {r}")
        final = r.json()[0]
        self.assertEqual(final["id"], message_id, final)
        original = download(final["attachments"][0]["url"])
        self.assertEqual(original.status, 200, original)
        self.assertEqual(original.body[:8], h.PNG_SIGNATURE)

        img = h.http("GET", task["imageUrl"])  # no API key
        self.assertEqual(img.status, 200, img)
        self.assertEqual(header(img.headers, "Content-Type"), "image/png")
        self.assertEqual(header(img.headers, "Cache-Control"), "public, max-age=86400")
        self.assertEqual(img.body, original.body, "the kept image is the simulator's image")
        self.assertEqual(int(header(img.headers, "Content-Length")), len(original.body))
        etag = header(img.headers, "ETag")
        self.assertTrue(etag, "ETag missing")

        again = h.http("GET", task["imageUrl"], headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304, again)
        self.assertEqual(again.body, b"")
        part = h.http("GET", gw.base + f"/mj-fast/mj/image/{tid}", headers={"Range": "bytes=0-7"})
        self.assertEqual(part.status, 206, part)
        self.assertEqual(part.body, h.PNG_SIGNATURE)
        self.assertEqual(header(part.headers, "Content-Range"), f"bytes 0-7/{len(original.body)}")
        missing = h.http("GET", gw.base + "/mj/image/1000000000000000")
        self.assertEqual((missing.status, missing.json()), (404, {"error": "midjourney_task_not_found"}))

    # 14. The same prompt 20 times at once on one account (12 slots, the MJ plan's concurrency;
    #     8 wait in its queue): every task gets its own job and image.
    def test_14_identical_prompts(self):
        gw = ENV.gateway("same20", [{"id": "accs", "sim": 7, "core_size": 12, "queue_size": 100}])
        try:
            n, prompt = 20, f"the same red lantern over a river e2e-{RUN}"
            barrier = threading.Barrier(n, timeout=30)
            acks, errors = [None] * n, []

            def submit(i):
                try:
                    barrier.wait()
                    acks[i] = gw.imagine(prompt, instance_id="accs", timeout=60)
                except Exception as e:  # collected and asserted below
                    errors.append(f"#{i}: {e!r}")

            threads = [threading.Thread(target=submit, args=(i,)) for i in range(n)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=90)
            self.assertFalse([t for t in threads if t.is_alive()], "submit threads still running")
            self.assertEqual(errors, [], "submits")
            ids = [self.assertAck(a) for a in acks]
            self.assertEqual(len(set(ids)), n, "task ids are unique")
            tasks = gw.wait_terminal(ids, timeout=90)
            bad = [(i, tasks[i]["status"], tasks[i].get("failReason")) for i in ids
                   if tasks[i]["status"] != "SUCCESS"]
            self.assertEqual(bad, [], "every identical prompt succeeds")
            hashes = {tasks[i]["properties"].get("messageHash") for i in ids}
            self.assertEqual(len(hashes - {None, ""}), n, f"distinct Midjourney jobs: {hashes}")
            urls = [tasks[i]["imageUrl"] for i in ids]
            self.assertEqual(len(set(urls)), n, "every task has its own imageUrl")
            with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
                images = list(pool.map(download, urls, timeout=60))
            self.assertTrue(all(r.status == 200 for r in images), [r.status for r in images])
            digests = {hashlib.sha256(r.body).hexdigest() for r in images}
            self.assertEqual(len(digests), n, "image bytes differ per task (correlation)")
            self.assertEqual(ENV.sim().job_count([7]), n, "one Midjourney job per task")
        finally:
            gw.proc.stop()

    # 15. Gateway faults while jobs run: every task ends terminal (none stuck), and every
    #     task whose result exists at Discord ends SUCCESS (live, replayed or from history).
    def test_15_gateway_faults(self):
        gw = ENV.gateway("faults", [{"id": "accf", "sim": 8, "core_size": 12, "queue_size": 100}],
                         run_timeout="60s", stall_after="2s")
        try:
            cases = [("reconnect", {}), ("invalid_session", {}), ("abrupt", {}),
                     ("drop_events", {"count": 12}), ("dropfinal", None)]
            summary = {}
            for kind, extra in cases:
                before = ENV.sim().job_count([8])
                token = " #sim:dropfinal" if extra is None else ""
                ids = [self.assertAck(gw.imagine(f"a {kind} storm {i}{token} e2e-{RUN}", instance_id="accf"))
                       for i in range(3)]
                h.wait_until(lambda: ENV.sim().job_count([8]) >= before + 3, 20, f"{kind}: jobs at the simulator")
                if extra is not None:
                    ENV.sim().fault(8, kind, **extra)
                tasks = gw.wait_terminal(ids, timeout=45)
                bad = [(i, tasks[i]["status"], tasks[i].get("failReason")) for i in ids
                       if tasks[i]["status"] != "SUCCESS" or not tasks[i].get("imageUrl")]
                self.assertEqual(bad, [], f"after fault {kind}")
                summary[kind] = [tasks[i]["status"] for i in ids]
            # drop_events and #sim:dropfinal can only end through the history.
            gw.proc.wait_line(r"account accf: history read: .* [1-9]\d* job\(s\) finished", timeout=5)
            print(f"    faults: {summary}", flush=True)
        finally:
            gw.proc.stop()

    # 16. kill -9 while jobs run at Midjourney; they finish while mjgate is down; after the
    #     restart the account reads the channel history and the tasks end SUCCESS.
    def test_16_kill9_reconcile(self):
        gw = ENV.gateway("kill9r", [{"id": "accr", "sim": 9, "core_size": 3, "queue_size": 100}],
                         run_timeout="60s", stall_after="5s")
        acks = [gw.imagine(f"a drifting airship {i} e2e-{RUN}", instance_id="accr") for i in range(3)]
        ids = [self.assertAck(a, (1,)) for a in acks]
        h.wait_until(lambda: all(gw.fetch(i)["status"] == "IN_PROGRESS" for i in ids), 20,
                     "the three jobs IN_PROGRESS")
        gw.kill9()
        channel = h.sim_account(9)["channel_id"]
        h.wait_until(lambda: sum(1 for j in ENV.sim().get("/_sim/jobs")
                                 if str(j.get("channel")) == channel and j.get("state") == "success") >= 3,
                     30, "the jobs finished at the simulator while mjgate was down")
        gw.start()
        try:
            tasks = gw.wait_terminal(ids, timeout=30)
            bad = [(i, tasks[i]["status"], tasks[i].get("failReason")) for i in ids
                   if tasks[i]["status"] != "SUCCESS" or not tasks[i].get("imageUrl")]
            self.assertEqual(bad, [], "running tasks reconciled after the restart")
            gw.proc.wait_line(r"account accr: history read: .* [1-9]\d* job\(s\) finished", timeout=5)
            self.assertEqual(ENV.sim().job_count([9]), 3, "nothing was sent again")
        finally:
            gw.proc.stop()


    # 17. Account health and sync: /settings is read at connect (Remix on → a
    #     variation waits in MODAL, code 21), a rotated command version is
    #     rediscovered and the job sent once more, and a revoked token ends in
    #     DISABLED/AUTH with new work refused by code 3.
    def test_17_account_health_and_sync(self):
        sim = ENV.sim()
        self.assertEqual(h.http("PUT", sim.base + "/_sim/users/10", {"remix": True}).status, 200)
        gw = ENV.gateway("health", [{"id": "acch", "sim": 10, "core_size": 3, "queue_size": 10}])
        try:
            def account():
                return next(a for a in gw.get("/mj/account/list").json() if a["id"] == "acch")

            h.wait_until(lambda: account().get("infoUpdated") and account().get("remix") is True, 15,
                         "/info and /settings synced with Remix on")
            acct = account()
            self.assertEqual(acct["state"], "READY", acct)
            self.assertIsNotNone(acct["version"], acct)
            self.assertNotIn("sim-token", json.dumps(acct), "the token is never shown in clear")

            grid_id = self.assertAck(gw.imagine(f"a paper boat e2e-{RUN}"))
            self.assertEqual(gw.wait_terminal([grid_id], timeout=30)[grid_id]["status"], "SUCCESS")
            r = gw.post("/mj/submit/simple-change", {"content": f"{grid_id} V1"}).json()
            self.assertEqual(r.get("code"), 21, f"Remix on, no auto-submit: {r}")
            self.assertAck(gw.post("/mj/submit/modal", {"taskId": r["result"], "prompt": f"a paper plane e2e-{RUN}"}).json())
            remixed = gw.wait_terminal([r["result"]], timeout=30)[r["result"]]
            self.assertEqual(remixed["status"], "SUCCESS", remixed)
            self.assertTrue(any(f"a paper plane e2e-{RUN}" in j.get("prompt", "") for j in sim.get("/_sim/jobs")),
                            "the modal's prompt reached Discord")

            # Account commands: a settings button and the version selector, answered
            # with the refreshed account once the settings message updated.
            toggled = gw.post("/mj/account/acch/action", {"customId": "MJ::Settings::RemixMode"}).json()
            self.assertEqual(toggled.get("code"), 1, toggled)
            self.assertIs(toggled["result"]["remix"], False, toggled)
            changed = gw.post("/mj/account/acch/change-version?version=6", {}).json()
            self.assertEqual((changed.get("code"), changed["result"]["version"]), (1, "6"), changed)
            refused = gw.post("/mj/account/acch/change-version?version=99", {}).json()
            self.assertEqual(refused.get("code"), 4, refused)
            synced = gw.post("/mj/account/acch/sync-info", {}).json()
            self.assertEqual(synced.get("code"), 1, synced)
            self.assertEqual(gw.post("/mj/account/nobody/sync-info", {}).status, 404)
            plain = gw.post("/mj/submit/simple-change", {"content": f"{grid_id} V2"}).json()
            self.assertIn(plain.get("code"), (1, 22), f"Remix off now: no modal: {plain}")

            self.assertEqual(h.http("POST", sim.base + "/_sim/rotate-versions", {}).status, 200)
            after_rotate = self.assertAck(gw.imagine(f"a kite after rotation e2e-{RUN}"))
            done = gw.wait_terminal([after_rotate], timeout=30)[after_rotate]
            self.assertEqual(done["status"], "SUCCESS", f"stale version rediscovered and resent: {done}")

            self.assertEqual(h.http("POST", sim.base + "/_sim/disable-token", {"user": 10}).status, 200)
            doomed = gw.imagine(f"a kite with a dead token e2e-{RUN}")
            if doomed.get("code") in (1, 22):
                gw.wait_terminal([doomed["result"]], timeout=30)
            h.wait_until(lambda: account()["state"] == "DISABLED", 15, "the account is DISABLED")
            acct = account()
            self.assertEqual(acct["disabledCode"], "AUTH", acct)
            refused = gw.imagine(f"no account can take this e2e-{RUN}")
            self.assertEqual(refused.get("code"), 3, refused)
        finally:
            h.http("POST", sim.base + "/_sim/enable-token", {"user": 10})
            h.http("PUT", sim.base + "/_sim/users/10", {"remix": False})
            gw.proc.stop()
    # 12. Paged task query (/mj/task/query and /mj/task-admin/query): filters by
    #     prompt substring, status, statusSet and exact state; pages tile the
    #     matches in sort order with the right totals; bad requests are refused.
    def test_12_task_query(self):
        gw = ENV.main()
        tag = f"qry{RUN}"  # only this scenario's tasks carry it
        prompts = [f"a paper boat {i} {tag}" for i in range(4)] + [f"a forbidden boat #sim:banned {tag}"]
        ids = []
        for i, prompt in enumerate(prompts):
            r = gw.post("/mj/submit/imagine", {"prompt": prompt, "state": f"st-{tag}-{i}",
                                               "accountFilter": {"instanceId": "acc3"}})
            self.assertEqual(r.status, 200, r)
            ids.append(self.assertAck(r.json()))
        done = gw.wait_terminal(ids, timeout=60)
        self.assertEqual([done[i]["status"] for i in ids], ["SUCCESS"] * 4 + ["FAILURE"], done)

        def query(body, path="/mj/task/query"):
            r = gw.post(path, body)
            self.assertEqual(r.status, 200, f"{path} {body}: {r}")
            page = r.json()
            for key in ("content", "totalElements", "totalPages", "size", "number", "first", "last",
                        "numberOfElements", "empty"):
                self.assertIn(key, page, f"{path} {body}: {page}")
            return page

        # Finished tasks are read from storage: wait (bounded) until the last write is committed.
        h.wait_until(lambda: query({"prompt": tag, "status": "SUCCESS"})["totalElements"] == 4, 15,
                     "the four successes visible to the query")
        everything = query({"prompt": tag, "pageSize": 100})
        self.assertEqual(everything["totalElements"], 5, everything)
        self.assertEqual(sorted(t["id"] for t in everything["content"]), sorted(ids))
        self.assertEqual([t["id"] for t in everything["content"]], sorted(ids, reverse=True),
                         "default sort is id,desc")
        self.assertEqual(everything["content"][0], gw.fetch(everything["content"][0]["id"]),
                         "a page item is the Task JSON that fetch returns")

        failed = query({"prompt": tag, "statusSet": ["FAILURE", "CANCEL"]})
        self.assertEqual([t["id"] for t in failed["content"]], [ids[4]], failed)
        self.assertEqual(failed["totalElements"], 1)
        both = query({"prompt": tag, "statusSet": ["FAILURE", "SUCCESS"], "action": "IMAGINE"})
        self.assertEqual(both["totalElements"], 5, both)
        state = query({"state": f"st-{tag}-2"})
        self.assertEqual([t["id"] for t in state["content"]], [ids[2]], state)
        self.assertEqual(query({"state": f"st-{tag}"})["totalElements"], 0, "state is exact, not a substring")
        self.assertEqual(query({"prompt": f"boat 3 {tag}"})["totalElements"], 1)
        self.assertEqual(query({"prompt": f"%{tag}"})["totalElements"], 0, "% is literal, not a wildcard")
        self.assertEqual(query({"prompt": tag.upper()})["totalElements"], 0, "substring match is case-sensitive")

        seen = []
        for number, size in ((0, 2), (1, 2), (2, 1)):
            page = query({"prompt": tag, "pageSize": 2, "pageNumber": number, "sort": "id,asc"})
            self.assertEqual((page["totalElements"], page["totalPages"], page["number"], page["size"]),
                             (5, 3, number, 2), page)
            self.assertEqual(page["numberOfElements"], size, page)
            self.assertEqual((page["first"], page["last"]), (number == 0, number == 2), page)
            seen += [t["id"] for t in page["content"]]
        self.assertEqual(seen, sorted(ids), "pages tile the matches in sort order")
        past = query({"prompt": tag, "pageSize": 2, "pageNumber": 7}, path="/mj-fast/mj/task-admin/query")
        self.assertEqual((past["content"], past["totalElements"], past["last"], past["empty"]),
                         ([], 5, True, True), past)
        newest = query({"prompt": tag, "sort": "submitTime,desc", "pageSize": 1})
        self.assertEqual(newest["content"][0]["submitTime"], max(done[i]["submitTime"] for i in ids))

        bad_sort = gw.post("/mj/task/query", {"sort": "prompt,desc"})
        self.assertEqual((bad_sort.status, bad_sort.json().get("code")), (200, 4), bad_sort)
        not_json = h.http("POST", gw.base + "/mj/task/query", body=b"pageNumber=1", headers=gw.headers())
        self.assertEqual((not_json.status, not_json.json().get("code")), (400, 4), not_json)
        no_key = h.http("POST", gw.base + "/mj/task-admin/query", body={})
        self.assertEqual(no_key.status, 401, no_key)

    # 18. Speed prefixes and Niji: /mj-relax/mj runs the job with --relax (the
    #     accounts' mode is fast), botType NIJI_JOURNEY goes to the Niji bot.
    def test_18_speed_prefix_and_niji(self):
        gw, sim = ENV.main(), ENV.sim()
        relax = gw.post("/mj-relax/mj/submit/imagine", {"prompt": f"a slow river e2e-{RUN}"}).json()
        niji = gw.post("/mj/submit/imagine", {"prompt": f"a fox spirit e2e-{RUN}", "botType": "NIJI_JOURNEY"}).json()
        ids = [self.assertAck(relax), self.assertAck(niji)]
        done = gw.wait_terminal(ids, timeout=30)
        for tid in ids:
            self.assertEqual(done[tid]["status"], "SUCCESS", done[tid])
        self.assertEqual(done[ids[1]]["botType"], "NIJI_JOURNEY", done[ids[1]])
        jobs = sim.get("/_sim/jobs")
        sent = [j for j in jobs if f"a slow river e2e-{RUN}" in j.get("prompt", "")]
        self.assertTrue(sent and "--relax" in sent[0]["prompt"], f"relax flag sent: {sent}")
        fox = [j for j in jobs if f"a fox spirit e2e-{RUN}" in j.get("prompt", "")]
        self.assertTrue(fox and "niji" in str(fox[0].get("bot", "")).lower() or
                        fox and str(fox[0].get("bot")) == "1022952195194359889", f"sent to Niji: {fox}")
        bad = gw.post("/mj/submit/imagine", {"prompt": "x", "botType": "DALL_E"}).json()
        self.assertEqual(bad.get("code"), 4, bad)
        # accountFilter: Remix on is asked for but no account has it → 3; modes pick the speed.
        no_remix = gw.post("/mj/submit/imagine", {"prompt": f"needs remix e2e-{RUN}",
                                                  "accountFilter": {"remix": True}}).json()
        self.assertEqual(no_remix.get("code"), 3, no_remix)
        no_remark = gw.post("/mj/submit/imagine", {"prompt": f"needs a remark e2e-{RUN}",
                                                   "accountFilter": {"remark": "no such remark"}}).json()
        self.assertEqual(no_remark.get("code"), 3, no_remark)
        relaxed = self.assertAck(gw.post("/mj/submit/imagine", {
            "prompt": f"a relaxed pond e2e-{RUN}", "accountFilter": {"remix": False, "modes": ["RELAX"]}}).json())
        self.assertEqual(gw.wait_terminal([relaxed], timeout=30)[relaxed]["status"], "SUCCESS")
        sent = [j["prompt"] for j in sim.get("/_sim/jobs") if f"a relaxed pond e2e-{RUN}" in j.get("prompt", "")]
        self.assertTrue(sent and "--relax" in sent[0], sent)

    # 19. Video from an image (uploaded, leading the prompt with --video 1) and from
    #     an upscaled parent's Animate button; a grid parent is refused. The upscale
    #     lane: a U pick runs while the account's only slot is held.
    def test_19_video_and_upscale_lane(self):
        gw, sim = ENV.main(), ENV.sim()
        png = "data:image/png;base64," + PNG_1PX
        from_image = self.assertAck(gw.post("/mj/submit/video", {"base64": png, "prompt": f"waves e2e-{RUN}",
                                                                 "motion": "high", "batchSize": 1}).json())
        grid_id = self.assertAck(gw.imagine(f"a windmill e2e-{RUN}", instance_id="acc1"))
        grid = gw.wait_terminal([grid_id], timeout=30)[grid_id]
        self.assertEqual(grid["status"], "SUCCESS", grid)
        refused = gw.post("/mj/submit/video", {"taskId": grid_id}).json()
        self.assertEqual(refused.get("code"), 4, refused)
        up_id = self.assertAck(gw.post("/mj/submit/change", {"taskId": grid_id, "action": "UPSCALE", "index": 2}).json())
        self.assertEqual(gw.wait_terminal([up_id], timeout=30)[up_id]["status"], "SUCCESS")
        animated = self.assertAck(gw.post("/mj/submit/video", {"taskId": up_id, "motion": "low"}).json())
        done = gw.wait_terminal([from_image, animated], timeout=30)
        for tid in (from_image, animated):
            self.assertEqual(done[tid]["status"], "SUCCESS", done[tid])
            self.assertEqual(done[tid]["action"], "VIDEO", done[tid])
        sent = [j.get("prompt", "") for j in sim.get("/_sim/jobs") if f"waves e2e-{RUN}" in j.get("prompt", "")]
        self.assertTrue(sent and sent[0].startswith("http") and "--video 1 --motion high --bs 1" in sent[0], sent)

        uploaded = gw.post("/mj/submit/upload-discord-images", {"base64Array": [png, PNG_1PX]}).json()
        self.assertEqual(uploaded.get("code"), 1, uploaded)
        self.assertEqual(len(uploaded["result"]), 2, uploaded)
        for url in uploaded["result"]:
            self.assertTrue(url.startswith(sim.base + "/cdn/"), url)
            self.assertEqual(h.http("GET", url).status, 200, url)
        none = gw.post("/mj/submit/upload-discord-images", {"base64Array": []}).json()
        self.assertEqual(none.get("code"), 4, none)

        lane = ENV.gateway("lane", [{"id": "accl", "sim": 11, "core_size": 1, "queue_size": 10,
                                     "relax_core_size": 1, "relax_queue_size": 5}])
        try:
            first = self.assertAck(lane.imagine(f"a lane grid e2e-{RUN}"))
            self.assertEqual(lane.wait_terminal([first], timeout=30)[first]["status"], "SUCCESS")
            held = self.assertAck(lane.imagine(f"holds the slot #sim:stall e2e-{RUN}"))
            h.wait_until(lambda: lane.fetch(held)["status"] in ("SUBMITTED", "IN_PROGRESS"), 15, "the slot is taken")
            pick = self.assertAck(lane.post("/mj/submit/change", {"taskId": first, "action": "UPSCALE", "index": 1}).json(),
                                  codes=(1, 22))
            done = lane.wait_terminal([pick], timeout=30)[pick]
            self.assertEqual(done["status"], "SUCCESS", f"a U pick needs no slot: {done}")
            self.assertIn(lane.fetch(held)["status"], ("SUBMITTED", "IN_PROGRESS"))
            # The relax lane has its own slot: a relax job starts at once (code 1)
            # while the fast lane's only slot is held; a fast one waits (22).
            relax = lane.post("/mj-relax/mj/submit/imagine", {"prompt": f"a relax lane job e2e-{RUN}"}).json()
            self.assertEqual(relax.get("code"), 1, relax)
            fast = lane.post("/mj-fast/mj/submit/imagine", {"prompt": f"a fast lane job e2e-{RUN}"}).json()
            self.assertEqual(fast.get("code"), 22, fast)
            self.assertEqual(lane.wait_terminal([relax["result"]], timeout=30)[relax["result"]]["status"], "SUCCESS")
            acct = next(a for a in lane.get("/mj/account/list").json() if a["id"] == "accl")
            self.assertEqual((acct["relaxCoreSize"], acct["relaxQueueSize"], acct["running"]), (1, 5, 1), acct)
            lane.post(f"/mj/task/{held}/cancel", {})
        finally:
            lane.proc.stop()

    # 20. Midjourney's error and health signals end in the documented task and
    #     account states (discord-midjourney-protocol.md §7).
    def test_20_error_and_health_signals(self):
        sim = ENV.sim()
        gw = ENV.gateway("signals", [{"id": i, "sim": n, "core_size": 3, "queue_size": 20}
                                     for i, n in (("sa", 12), ("sc", 13), ("sl", 14), ("sd", 15))])
        try:
            def account(acc_id):
                return next(a for a in gw.get("/mj/account/list").json() if a["id"] == acc_id)

            def run(token, acc):
                return self.assertAck(gw.imagine(f"signal {token} e2e-{RUN} #sim:{token}", instance_id=acc))

            plain = {t: run(t, "sa") for t in ("banned", "invalid", "fail", "jobqueued", "queuefull", "appeal")}
            done = gw.wait_terminal(list(plain.values()), timeout=45)
            plain["tos"] = run("tos", "sa")  # alone: it refuses every job of the user until accepted
            done.update(gw.wait_terminal([plain["tos"]], timeout=30))
            expect = {"banned": ("FAILURE", "Banned prompt"), "invalid": ("FAILURE", "Invalid parameter"),
                      "fail": ("FAILURE", "Failed"), "jobqueued": ("SUCCESS", ""),
                      "queuefull": ("FAILURE", "Queue full"), "appeal": ("FAILURE", "Action needed"),
                      "tos": ("FAILURE", "Tos not accepted")}
            for token, tid in plain.items():
                status, reason = expect[token]
                self.assertEqual(done[tid]["status"], status, f"{token}: {done[tid]}")
                self.assertIn(reason, done[tid].get("failReason") or "", f"{token}: {done[tid]}")
            self.assertEqual(account("sa")["state"], "READY", "plain job errors leave the account usable")
            after_tos = self.assertAck(gw.imagine(f"after the ToS click e2e-{RUN}", instance_id="sa"))
            self.assertEqual(gw.wait_terminal([after_tos], timeout=30)[after_tos]["status"], "SUCCESS",
                             "mjgate clicked Accept ToS")

            credits = run("credits", "sc")
            t = gw.wait_terminal([credits], timeout=30)[credits]
            self.assertEqual(t["status"], "SUCCESS", f"ran again on relax: {t}")
            self.assertTrue(account("sc")["fastExhausted"], account("sc"))
            sent = [j["prompt"] for j in sim.get("/_sim/jobs") if f"signal credits e2e-{RUN}" in j.get("prompt", "")]
            self.assertTrue(any("--relax" in p for p in sent), sent)

            captcha = run("captcha", "sl")
            t = gw.wait_terminal([captcha], timeout=30)[captcha]
            self.assertEqual(t["status"], "FAILURE", t)
            h.wait_until(lambda: account("sl")["state"] == "LOCKED", 10, "CAPTCHA locks the account")
            self.assertIn("captcha", (account("sl")["properties"]["disabledReason"] or "").lower())
            locked = gw.imagine(f"waits for an operator e2e-{RUN}", instance_id="sl")
            self.assertEqual(locked.get("code"), 22, f"a LOCKED account queues, never 3: {locked}")

            sub = run("subscription", "sd")
            t = gw.wait_terminal([sub], timeout=30)[sub]
            self.assertEqual(t["status"], "FAILURE", t)
            self.assertIn("Subscription required", t["failReason"])
            h.wait_until(lambda: account("sd")["state"] == "DISABLED", 10, "no subscription disables")
            self.assertEqual(account("sd")["disabledCode"], "SUBSCRIPTION")
            refused = gw.imagine(f"nobody can run this e2e-{RUN}", instance_id="sd")
            self.assertEqual(refused.get("code"), 3, refused)
        finally:
            gw.proc.stop()

    # 21. PicReader "all" fans out into one IMAGINE task per describe line, each its own
    #     job and image, answered once with the ids comma-joined; admitted whole or not at
    #     all. The heart (bookmark) is a click without a task, answered with the parent's id.
    def test_21_picreader_all_and_bookmark(self):
        sim = ENV.sim()
        # One slot and four queue places: the first click's picks fill the lane.
        gw = ENV.gateway("picall", [{"id": "accp", "sim": 16, "core_size": 1, "queue_size": 4}])
        channel = h.sim_account(16)["channel_id"]
        try:
            def action(task_id, custom_id, **extra):
                return gw.post("/mj/submit/action", {"taskId": task_id, "customId": custom_id, **extra}).json()

            def count(query):
                r = gw.post("/mj/task/query", {"pageSize": 1, **query})
                self.assertEqual(r.status, 200, r)
                return r.json()["totalElements"]

            link = f"{sim.base}/cdn/attachments/1/2/dog.png"
            desc_id = self.assertAck(gw.post("/mj/submit/describe", {"link": link}).json())
            parent = gw.wait_terminal([desc_id], timeout=30)[desc_id]
            self.assertEqual(parent["status"], "SUCCESS", parent)
            lines = describe_lines(parent["prompt"])
            self.assertEqual(len(set(lines)), 4, parent["prompt"])
            everything = next(b["customId"] for b in parent["buttons"] if b["customId"].endswith("PicReader::all"))

            state = f"all-{RUN}"
            ack = action(desc_id, everything, state=state)
            # Refused at once: the lane holds 3 waiting picks, so only one more place is
            # free and the second click cannot place its four: nothing is created.
            refused = action(desc_id, everything, state=f"refused-{RUN}")
            self.assertEqual((ack.get("code"), ack["properties"].get("numberOfQueues")), (22, 3), ack)
            ids = str(ack.get("result")).split(",")
            self.assertEqual(len(ids), 4, ack)
            self.assertEqual(len(set(ids)), 4, ack)
            for tid in ids:
                self.assertRegex(tid, r"^\d{16}$", ack)
            self.assertEqual(refused.get("code"), 23, refused)
            self.assertIsNone(refused.get("result"), refused)
            for n in range(1, 5):
                self.assertEqual(count({"state": f"refused-{RUN}::{n}"}), 0, f"pick {n} of the refused click")

            done = gw.wait_terminal(ids, timeout=60)
            for n, tid in enumerate(ids, 1):
                t = done[tid]
                self.assertEqual(t["status"], "SUCCESS", t)
                self.assertEqual((t["action"], t["parentId"], t["instanceId"]), ("IMAGINE", desc_id, "accp"), t)
                self.assertEqual(t["customId"], f"MJ::Job::PicReader::{n}", t)
                self.assertEqual(t["state"], f"{state}::{n}", t)
                self.assertEqual(t["prompt"], lines[n - 1], t)
            self.assertEqual(len({done[tid]["imageUrl"] for tid in ids}), 4, "four different images")
            self.assertEqual(len({done[tid]["properties"]["messageHash"] for tid in ids}), 4, "four jobs")
            jobs = [j for j in sim.get("/_sim/jobs") if str(j.get("channel")) == channel]
            # Each pick is a click on PicReader n, then its modal sent with the prefilled line.
            modals = {j["custom_id"].rsplit("::", 1)[1]: j["prompt"] for j in jobs
                      if j.get("custom_id", "").startswith("MJ::Picreader::Modal::")}
            self.assertEqual(sorted(modals), ["1", "2", "3", "4"], jobs)
            for n, line in enumerate(lines, 1):
                self.assertTrue(modals[str(n)].startswith(line), f"modal {n}: {modals[str(n)]!r} != {line!r}")
            self.assertFalse([j for j in jobs if j.get("custom_id") == everything], "the all button is never clicked")
            # The refused click left no place taken: the idle lane starts the next job at once.
            self.assertEqual(gw.imagine(f"after the fan-out e2e-{RUN}", instance_id="accp").get("code"), 1)

            up_id = self.assertAck(gw.post("/mj/submit/simple-change", {"content": f"{ids[0]} U1"}).json())
            up = gw.wait_terminal([up_id], timeout=30)[up_id]
            self.assertEqual(up["status"], "SUCCESS", up)
            heart = next(b["customId"] for b in up["buttons"] if b["customId"].startswith("MJ::BOOKMARK::"))
            tasks_before = count({"instanceId": "accp"})
            flags_before = sim.get("/_sim/stats")["wrong_message_flags"]
            liked = action(up_id, heart, state="ignored")
            self.assertEqual((liked.get("code"), liked.get("result")), (1, up_id), liked)
            self.assertEqual(liked["properties"].get("discordInstanceId"), "accp", liked)
            clicks = [j for j in sim.get("/_sim/jobs") if j.get("custom_id") == heart]
            self.assertEqual(len(clicks), 1, "the simulator saw the heart click once")
            self.assertEqual(str(clicks[0]["channel"]), channel)
            self.assertEqual(sim.get("/_sim/stats")["wrong_message_flags"], flags_before, "sent with its message's flags")
            self.assertEqual(count({"instanceId": "accp"}), tasks_before, "a bookmark creates no task")

            # The parent's account disabled: gone, as for every follow-up (4, never 3).
            self.assertEqual(h.http("POST", sim.base + "/_sim/disable-token", {"user": 16}).status, 200)
            h.wait_until(lambda: next(a for a in gw.get("/mj/account/list").json()
                                      if a["id"] == "accp")["state"] == "DISABLED", 15, "accp DISABLED")
            gone = action(up_id, heart)
            self.assertEqual((gone.get("code"), gone.get("description")), (4, "关联任务不存在或已失效"), gone)
        finally:
            h.http("POST", sim.base + "/_sim/enable-token", {"user": 16})
            gw.proc.stop()

    # 24. new-api dashboard lists (api-contracts 4): /api/mj/self and /api/mj with every filter and
    #     paging rule, both slash spellings, the auth error envelopes; /api/task's empty envelope.
    def test_24_new_api_lists(self):
        gw = ENV.main()
        tag = f"lst{RUN}"
        # The dashboard takes a user's access token, not an API key: root asks for one.
        made = h.http("POST", gw.base + "/mjgate/api/v1/users/1/access-token", body={},
                      headers={"Authorization": f"Bearer {h.ROOT_KEY}"}).json()
        token = made["data"]["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        refused_key = h.http("GET", gw.base + "/api/mj/self", headers={"Authorization": f"Bearer {h.ROOT_KEY}"})
        self.assertEqual(refused_key.status, 200, refused_key)  # an API key is no access token
        self.assertEqual(refused_key.json()["success"], False, refused_key)

        def get(path, params=None, headers=None):
            url = gw.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
            return h.http("GET", url, headers=auth if headers is None else headers)

        def page(path, params=None, headers=None):
            r = get(path, params, headers)
            self.assertEqual(r.status, 200, f"{path} {params}: {r}")
            self.assertEqual(header(r.headers, "Auth-Version"), "mjgate-1", r.headers)
            body = r.json()
            self.assertEqual(list(body), ["success", "message", "data"], body)
            self.assertEqual((body["success"], body["message"]), (True, ""), body)
            self.assertEqual(list(body["data"]), ["page", "page_size", "total", "items"], body)
            self.assertIsInstance(body["data"]["items"], list, body)
            return body["data"]

        def refused(path, headers, status, message, params=None):
            r = get(path, params, headers)
            self.assertEqual(r.status, status, f"{path} {headers}: {r}")
            self.assertEqual(r.json(), {"success": False, "message": message}, r)

        ids = [self.assertAck(gw.imagine(f"a paper lantern {i} {tag}", instance_id="acc2")) for i in range(5)]
        gw.wait_terminal(ids, timeout=60)
        fetched = {i: gw.fetch(i) for i in ids}
        times = {i: fetched[i]["submitTime"] for i in ids}
        first, last = min(times.values()), max(times.values())
        window = {"start_timestamp": first, "end_timestamp": last}
        # Finished rows are read from storage: wait (bounded) until every terminal write is committed.
        h.wait_until(lambda: sum(t["status"] == "SUCCESS" for t in page("/api/mj", window)["items"]) == 5,
                     15, "the five successes in /api/mj")

        # The window (ms) holds exactly this scenario's tasks, newest (highest seq) first.
        for path in ("/api/mj/self", "/api/mj/self/", "/api/mj", "/api/mj/"):
            data = page(path, window)
            self.assertEqual((data["page"], data["page_size"], data["total"]), (1, 20, 5), f"{path}: {data}")
            self.assertEqual([t["mj_id"] for t in data["items"]], ids[::-1], path)
            seqs = [t["id"] for t in data["items"]]
            self.assertEqual(seqs, sorted(seqs, reverse=True), path)
            self.assertTrue(all(isinstance(s, int) for s in seqs), seqs)

        # One item against the task's own Task JSON (4.5: ms times, JSON-string columns).
        item = page("/api/mj", {**window, "mj_id": ids[2]})["items"][0]
        task = fetched[ids[2]]
        self.assertEqual(list(item), ["id", "code", "user_id", "action", "mj_id", "prompt", "prompt_en",
                                      "description", "state", "submit_time", "start_time", "finish_time",
                                      "image_url", "video_url", "video_urls", "status", "progress",
                                      "fail_reason", "channel_id", "quota", "buttons", "properties"], item)
        self.assertEqual((item["mj_id"], item["user_id"], item["action"], item["status"], item["progress"]),
                         (ids[2], 1, "IMAGINE", "SUCCESS", "100%"), item)
        self.assertIn(item["code"], (1, 22), item)
        for mine, theirs in (("prompt", "prompt"), ("prompt_en", "promptEn"), ("description", "description"),
                             ("state", "state"), ("submit_time", "submitTime"), ("start_time", "startTime"),
                             ("finish_time", "finishTime"), ("image_url", "imageUrl"),
                             ("fail_reason", "failReason"), ("video_url", "videoUrl")):
            self.assertEqual(item[mine], task[theirs], f"{mine} vs {theirs}: {item} / {task}")
        self.assertGreater(item["submit_time"], 10**12, "milliseconds")
        self.assertTrue(item["image_url"], item)
        self.assertEqual((item["channel_id"], item["quota"], item["video_urls"]), (0, 0, ""), item)
        self.assertEqual(json.loads(item["buttons"]), task["buttons"], item)
        self.assertEqual(json.loads(item["properties"]),
                         {"finalPrompt": task["properties"]["finalPrompt"],
                          "finalZhPrompt": task["properties"]["finalZhPrompt"]}, item)
        self.assertEqual(page("/api/mj/self", {"mj_id": ids[2]})["items"], [item], "/self shows the same item")
        self.assertEqual(page("/api/mj", {"mj_id": "1" + ids[2]})["total"], 0)

        # channel_id: admin list only; 0 is the local account pool.
        self.assertEqual(page("/api/mj", {**window, "channel_id": 0})["total"], 5)
        self.assertEqual(page("/api/mj", {**window, "channel_id": 7})["total"], 0)
        self.assertEqual(page("/api/mj/self", {**window, "channel_id": 7})["total"], 5, "ignored on /self")

        # Times: milliseconds bound exactly; seconds cover their whole second.
        later = [i for i in ids if times[i] >= last]
        self.assertEqual({t["mj_id"] for t in page("/api/mj", {"start_timestamp": last})["items"]}, set(later))
        early = [i for i in ids if times[i] <= first]
        data = page("/api/mj/self", {**window, "end_timestamp": first})
        self.assertEqual({t["mj_id"] for t in data["items"]}, set(early))
        secs = page("/api/mj", {"start_timestamp": first // 1000, "end_timestamp": last // 1000, "page_size": 100})
        self.assertTrue(set(ids) <= {t["mj_id"] for t in secs["items"]}, secs)
        self.assertTrue(all(first // 1000 * 1000 <= t["submit_time"] <= last // 1000 * 1000 + 999
                            for t in secs["items"]), secs)
        before = page("/api/mj", {"start_timestamp": first // 1000 - 3600, "end_timestamp": first // 1000 - 1})
        self.assertFalse(set(ids) & {t["mj_id"] for t in before["items"]}, before)
        ignored = page("/api/mj/self", {**window, "start_timestamp": "soon", "end_timestamp": 0})
        self.assertGreaterEqual(ignored["total"], 5, "non-numeric or 0 bounds are ignored")

        # Paging: p, page_size and its fallbacks, clamps, the page past the end.
        seen = []
        for p, expect in ((1, 2), (2, 2), (3, 1)):
            data = page("/api/mj/self", {**window, "p": p, "page_size": 2})
            self.assertEqual((data["page"], data["page_size"], data["total"], len(data["items"])),
                             (p, 2, 5, expect), data)
            seen += [t["mj_id"] for t in data["items"]]
        self.assertEqual(seen, ids[::-1], "pages tile the matches")
        past = page("/api/mj", {**window, "p": 9, "page_size": 2})
        self.assertEqual((past["items"], past["total"], past["page"]), ([], 5, 9), past)
        for params, expect in (({"ps": 3}, (1, 3)), ({"size": 4}, (1, 4)), ({"page_size": 0}, (1, 20)),
                               ({"page_size": 0, "ps": 2}, (1, 2)), ({"page_size": 101}, (1, 100)),
                               ({"p": 0, "page_size": 2}, (1, 2)), ({"p": -3, "size": 2}, (1, 2)),
                               ({"p": "x"}, (1, 20))):
            data = page("/api/mj", {**window, **params})
            self.assertEqual((data["page"], data["page_size"]), expect, f"{params}: {data}")
            self.assertEqual(len(data["items"]), min(5, expect[1]), f"{params}: {data}")
        for params in ({"page_size": -1}, {"page_size": "abc"}, {"ps": -5}, {"size": "ten"}):
            refused("/api/mj/self", auth, 200, "page_size must be between 1 and 100", params)

        # Authentication (4.2): token required, New-Api-User optional but checked, en/zh messages.
        for headers in ({**auth, "New-Api-User": "1"}, {**auth, "New-Api-User": "Bearer 1"},
                        {"Authorization": token}):
            self.assertEqual(page("/api/mj/self", window, headers)["total"], 5, headers)
        refused("/api/mj/self", {}, 401, "Unauthorized, not logged in and no access token provided")
        refused("/api/mj", {"mj-api-secret": h.ROOT_KEY}, 401,
                "Unauthorized, not logged in and no access token provided")
        refused("/api/task/self", {"Accept-Language": "zh-CN,zh;q=0.9"}, 401,
                "无权进行此操作，未登录且未提供 access token")
        refused("/api/mj/self", {"Authorization": "Bearer sk-wrong" + "0" * 40}, 200,
                "Unauthorized, invalid access token")
        refused("/api/mj", {**auth, "New-Api-User": "2"}, 401, "Unauthorized, New-Api-User does not match")
        refused("/api/mj/", {**auth, "New-Api-User": "2", "Accept-Language": "zh"}, 401,
                "无权进行此操作，New-Api-User 与登录用户不匹配")
        refused("/api/mj/self", {**auth, "New-Api-User": "abc"}, 401, "Unauthorized, New-Api-User format error")

        # The task center holds no tasks yet: the exact empty envelope, filters and all.
        empty = b'{"success":true,"message":"","data":{"page":1,"page_size":20,"total":0,"items":[]}}'
        for path, params in (("/api/task/self", None), ("/api/task/self/", None), ("/api/task", None),
                             ("/api/task/", {"platform": "suno", "action": "song", "status": "SUCCESS",
                                             "task_id": "task_" + "0" * 32, "user_id": 1, "channel_id": 0,
                                             "start_timestamp": first // 1000})):
            r = get(path, params)
            self.assertEqual((r.status, r.body), (200, empty), f"{path} {params}: {r}")
        self.assertEqual(page("/api/task/self", {"p": 2, "ps": 5})["page"], 2)
        refused("/api/task", auth, 200, "page_size must be between 1 and 100", {"page_size": -1})

    # 23. Users, roles and credentials: root creates a user and keys; that user
    #     sees only its own tasks; revoked keys get 401, disabled users 403; an
    #     admin cannot create a root; the backend login (password from the
    #     environment) with header and cookie, logout; no secret of the test
    #     reaches mjgate's log.
    def test_23_users_and_auth(self):
        password = "e2e-root-" + secrets.token_hex(10)
        gw = ENV.gateway("users", [{"id": "accu", "sim": 17, "core_size": 3, "queue_size": 20}],
                         env={"MJGATE_SECURITY__ROOT_PASSWORD": password})
        secrets_seen = [password]
        api = gw.base + "/mjgate/api/v1"

        def call(method, url, key, body=None, headers=None):
            hdrs = {"Authorization": f"Bearer {key}", **(headers or {})}
            return h.http(method, url, body=body, headers=hdrs)

        def data(r, status=200):
            self.assertEqual(r.status, status, r)
            doc = r.json()
            if status == 200:
                self.assertEqual((doc.get("code"), doc.get("message")), (0, ""), doc)
            return doc.get("data")

        try:
            # Root creates alice and two keys for her (answered in clear once, masked after).
            alice = data(call("POST", api + "/users", h.ROOT_KEY, {"name": f"alice-{RUN}", "group": "vip"}))
            self.assertEqual((alice["role"], alice["status"], alice["group"]), (1, 1, "vip"), alice)
            key1 = data(call("POST", f"{api}/users/{alice['id']}/tokens", h.ROOT_KEY, {"name": "main"}))
            key2 = data(call("POST", f"{api}/users/{alice['id']}/tokens", h.ROOT_KEY, {}))
            for k in (key1, key2):
                self.assertRegex(k["key"], r"^sk-[A-Za-z0-9]{48}$", k)
                secrets_seen.append(k["key"])
            listed = data(call("GET", f"{api}/users/{alice['id']}/tokens", h.ROOT_KEY))
            self.assertEqual([k["id"] for k in listed], [key1["id"], key2["id"]])
            self.assertTrue(all("********" in k["key"] for k in listed), listed)
            access = data(call("POST", f"{api}/users/{alice['id']}/access-token", h.ROOT_KEY))
            self.assertRegex(access["access_token"], r"^[A-Za-z0-9]{32}$")
            secrets_seen.append(access["access_token"])

            # Each key submits; alice sees only her own tasks.
            alice_hdr = {"Authorization": f"Bearer {key1['key']}"}
            root_tid = self.assertAck(gw.imagine(f"root owns this e2e-{RUN}"))
            r = h.http("POST", gw.base + "/mj/submit/imagine", body={"prompt": f"alice owns this e2e-{RUN}"},
                       headers=alice_hdr)
            alice_tid = self.assertAck(r.json())
            self.assertEqual(h.http("GET", f"{gw.base}/mj/task/{alice_tid}/fetch", headers=alice_hdr).status, 200)
            foreign = h.http("GET", f"{gw.base}/mj/task/{root_tid}/fetch", headers=alice_hdr)
            self.assertEqual(foreign.status, 404, foreign)
            cancel = h.http("POST", f"{gw.base}/mj/task/{root_tid}/cancel", body={}, headers=alice_hdr)
            self.assertEqual(cancel.status, 404, cancel)
            self.assertNotEqual(gw.fetch(root_tid)["status"], "CANCEL")
            mine = h.http("POST", gw.base + "/mj/task/list-by-condition", body={"ids": [root_tid, alice_tid]},
                          headers=alice_hdr).json()
            self.assertEqual([t["id"] for t in mine], [alice_tid])
            both = gw.list_by_ids([root_tid, alice_tid])  # root is an admin: sees everyone's
            self.assertEqual([t["id"] for t in both], [root_tid, alice_tid])
            listing = h.http("GET", gw.base + "/mj/task/list?limit=50", headers=alice_hdr).json()
            self.assertEqual({t["id"] for t in listing}, {alice_tid})
            self.assertEqual(call("GET", api + "/users", key1["key"]).status, 403)  # not an admin

            # An admin manages plain users only; nobody creates a root.
            boss = data(call("POST", api + "/users", h.ROOT_KEY, {"name": f"boss-{RUN}", "role": 10}))
            boss_key = data(call("POST", f"{api}/users/{boss['id']}/tokens", h.ROOT_KEY, {}))["key"]
            secrets_seen.append(boss_key)
            for role in (100, 10):
                r = call("POST", api + "/users", boss_key, {"name": f"up-{role}-{RUN}", "role": role})
                self.assertEqual(r.status, 403, r)
            self.assertEqual(call("POST", api + "/users", h.ROOT_KEY, {"name": f"r2-{RUN}", "role": 100}).status, 403)
            data(call("POST", api + "/users", boss_key, {"name": f"plain-{RUN}"}))
            self.assertEqual(call("PUT", f"{api}/users/1", boss_key, {"status": 2}).status, 403)
            self.assertEqual(call("POST", api + "/users", h.ROOT_KEY, {"name": f"alice-{RUN}"}).status, 409)
            page = data(call("GET", api + "/users?limit=2", boss_key))
            self.assertEqual((page["total"], len(page["items"])), (4, 2), page)

            # A revoked key authenticates as nobody (401); a disabled user's key is refused
            # with 403 "Forbidden" (api-contracts §3.2).
            task_list = gw.base + "/mj/task/list?limit=1"
            revoked = data(call("DELETE", f"{api}/tokens/{key2['id']}", h.ROOT_KEY))
            self.assertEqual(revoked["status"], 2)
            r = call("GET", task_list, key2["key"])
            self.assertEqual((r.status, r.json().get("code")), (401, 4), r)
            self.assertEqual(call("GET", task_list, key1["key"]).status, 200)
            disabled = data(call("DELETE", f"{api}/users/{alice['id']}", h.ROOT_KEY))
            self.assertEqual(disabled["status"], 2)
            r = call("GET", task_list, key1["key"])
            self.assertEqual((r.status, r.json().get("code"), r.json().get("description")), (403, 4, "Forbidden"), r)
            r = h.http("POST", gw.base + "/mj/submit/imagine", body={"prompt": f"banned e2e-{RUN}"}, headers=alice_hdr)
            self.assertEqual(r.status, 403, r)

            # Backend login: password from MJGATE_SECURITY__ROOT_PASSWORD.
            backend = gw.base + "/backend/api/v1"
            wrong = h.http("POST", backend + "/login", body={"name": "root", "password": "not-it-" + RUN})
            self.assertEqual((wrong.status, wrong.json()),
                             (200, {"code": 10106, "msg": "用户名或密码错误", "error": "wrong_password"}))
            ok = h.http("POST", backend + "/login", body={"name": "root", "password": password})
            self.assertEqual(ok.status, 200, ok)
            self.assertEqual(ok.json(), {"code": 0, "msg": "ok", "error": "",
                                         "data": {"uid": 1, "name": "root", "role": 7, "perm": 0}})
            jwt = header(ok.headers, "x-auth-token")
            self.assertRegex(jwt or "", r"^[\w-]+\.[\w-]+\.[\w-]+$")
            cookie = header(ok.headers, "Set-Cookie") or ""
            m = re.match(r"backend-token=([0-9a-f]{64}); Path=/; HttpOnly; SameSite=Lax$", cookie)
            self.assertTrue(m, cookie)
            sid = m.group(1)
            secrets_seen += [jwt, sid]
            hola = backend + "/hola"
            for desc, hdrs in (("x-auth-token", {"x-auth-token": jwt}), ("cookie", {"Cookie": f"backend-token={sid}"})):
                r = h.http("GET", hola, headers=hdrs)
                self.assertEqual((r.status, r.json()), (200, {"code": 0, "msg": "", "error": ""}), desc)
            r = h.http("GET", hola)
            self.assertEqual((r.status, r.json()), (400, {"code": 10107, "msg": "未登录", "error": "invalid_token"}))
            out = h.http("POST", backend + "/logout", body={}, headers={"x-auth-token": jwt})
            self.assertEqual((out.status, out.json()), (200, {"code": 0, "msg": "", "error": ""}))
            self.assertIn("Max-Age=0", header(out.headers, "Set-Cookie") or "")
            for hdrs in ({"x-auth-token": jwt}, {"Cookie": f"backend-token={sid}"}):
                r = h.http("GET", hola, headers=hdrs)
                self.assertEqual((r.status, r.json().get("code")), (401, 10103), r)
            again = h.http("POST", backend + "/logout", body={}, headers={"x-auth-token": jwt})
            self.assertEqual(again.json().get("code"), 0)  # idempotent
        finally:
            gw.proc.stop()
        with open(gw.proc.log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertIn("users:", log)  # the log is the real one
        for secret in secrets_seen + [h.ROOT_KEY]:
            self.assertNotIn(secret, log, "a clear secret reached the log")
            self.assertNotIn(secret[3:] if secret.startswith("sk-") else secret, log)

    # 22. Account administration (api-contracts.md 3.9): an account created over
    #     the API connects and runs jobs; query/filter/sort; live updates keep
    #     accepted tasks (smaller queue, reconnect); disable/enable; delete fails
    #     its tasks with a reason; config accounts are read-only; tokens are
    #     never in clear in a response, the log or the accounts table.
    def test_22_account_admin(self):
        simc, sima = h.sim_account(18), h.sim_account(19)
        gw = ENV.gateway("acct", [{"id": "cfg22", "sim": 18, "core_size": 2, "queue_size": 10}],
                         run_timeout="6s")
        bodies = []  # every response body: none may hold a clear token

        def call(method, path, body=None):
            r = h.http(method, gw.base + path, body=body, headers=gw.headers())
            bodies.append(r.body.decode("utf-8", "replace"))
            return r

        def account(acc_id):
            r = call("GET", f"/mj/account/{acc_id}/fetch")
            self.assertEqual(r.status, 200, r)
            return r.json()

        def submit(prompt, acc_id):
            ack = gw.imagine(f"{prompt} e2e-{RUN}", instance_id=acc_id)
            bodies.append(json.dumps(ack, ensure_ascii=False))
            return ack

        def ready_lines(acc_id):
            with open(gw.proc.log_path, encoding="utf-8", errors="replace") as f:
                return sum(1 for line in f if f"account {acc_id} ready as" in line)

        try:
            # -- create: the account connects by itself and runs a job.
            created = call("POST", "/mj/account/create", {
                "guildId": sima["guild_id"], "channelId": sima["channel_id"],
                "userToken": sima["token"], "coreSize": 1, "queueSize": 5,
                "remark": f"acct22 api {RUN}", "name": "api-18"}).json()
            self.assertEqual((created.get("code"), created.get("description")), (1, "成功"), created)
            acc = created["result"]
            self.assertEqual(acc, sima["channel_id"], "the id defaults to the channel")
            h.wait_until(lambda: account(acc)["state"] == "READY", 20, "the created account is READY")
            shown = account(acc)
            self.assertEqual(shown["userToken"], "sim-********n-19", shown)
            self.assertEqual((shown["source"], shown["coreSize"], shown["queueSize"], shown["name"]),
                             ("api", 1, 5, "api-18"), shown)
            first = self.assertAck(submit("first job of a created account", acc))
            self.assertEqual(gw.wait_terminal([first], timeout=30)[first]["status"], "SUCCESS")

            # -- create refusals.
            dup = call("POST", "/mj/account/create", {"guildId": sima["guild_id"],
                                                      "channelId": sima["channel_id"],
                                                      "userToken": "another-token-value"}).json()
            self.assertEqual((dup["code"], dup["description"]), (4, "渠道已存在"), dup)
            big = call("POST", "/mj/account/create", {"guildId": "1", "channelId": "2", "userToken": "t",
                                                      "coreSize": 13}).json()
            self.assertEqual(big["code"], 4, big)

            # -- query: page, filters, sort whitelist.
            page = call("POST", "/mj/account/query", {"pageNumber": 0, "pageSize": 1, "sort": "id,asc"}).json()
            self.assertEqual((page["totalElements"], page["totalPages"], page["size"], page["number"]),
                             (2, 2, 1, 0), page)
            self.assertEqual([a["id"] for a in page["content"]], [acc], page)
            newest = call("POST", "/mj/account/query", {"sort": "dateCreated,desc"}).json()
            self.assertEqual([a["id"] for a in newest["content"]], [acc, "cfg22"], newest)
            mine = call("POST", "/mj/account/query", {"remark": f"acct22 api {RUN}"}).json()
            self.assertEqual([a["id"] for a in mine["content"]], [acc], mine)
            by_channel = call("POST", "/mj/account/query", {"channelId": simc["channel_id"]}).json()
            self.assertEqual([a["id"] for a in by_channel["content"]], ["cfg22"], by_channel)
            self.assertEqual(call("POST", "/mj/account/query", {"enable": False}).json()["totalElements"], 0)
            self.assertEqual(call("POST", "/mj/account/query", {"sort": "userToken,asc"}).json()["code"], 4)
            listed = call("GET", "/mj/account/list?limit=1").json()
            self.assertEqual(len(listed), 1, listed)

            # -- config accounts are read-only; unknown ids are 404.
            ro = call("PUT", "/mj/account/cfg22/update", {"remark": "x"}).json()
            self.assertEqual(ro["code"], 4, ro)
            self.assertIn("配置文件", ro["description"])
            self.assertEqual(call("DELETE", "/mj/account/cfg22/delete").json()["code"], 4)
            unknown = '{"code":4,"description":"账号不存在","result":null,"properties":{}}'
            for method, path in (("PUT", "/mj/account/nope22/update"),
                                 ("PUT", "/mj/account/nope22/update-reconnect"),
                                 ("DELETE", "/mj/account/nope22/delete"),
                                 ("GET", "/mj/account/nope22/fetch")):
                r = call(method, path, {} if method == "PUT" else None)
                self.assertEqual((r.status, r.body.decode()), (404, unknown), f"{method} {path}")
            moved = call("PUT", f"/mj/account/{acc}/update", {"channelId": simc["channel_id"]}).json()
            self.assertEqual(moved["code"], 4, moved)

            # -- one job holds the only slot; three wait.
            held = self.assertAck(submit("holds the slot #sim:stall", acc), codes=(1,))
            h.wait_until(lambda: gw.fetch(held)["status"] in ("SUBMITTED", "IN_PROGRESS"), 15, "the slot is taken")
            waiting = [self.assertAck(submit(f"waits {i}", acc), codes=(22,)) for i in range(3)]

            # -- a smaller queue keeps what it accepted; only new work is refused.
            upd = call("PUT", f"/mj/account/{acc}/update", {"queueSize": 1}).json()
            self.assertEqual((upd["code"], upd["description"]), (1, "成功"), upd)
            now = account(acc)
            self.assertEqual((now["queueSize"], now["queued"], now["running"]), (1, 3, 1), now)
            self.assertEqual(submit("refused by the smaller queue", acc).get("code"), 23)
            for tid in waiting:
                self.assertEqual(gw.fetch(tid)["status"], "NOT_START")

            # -- update-reconnect: a new gateway session; queued stay queued, the running job stays tracked.
            before = ready_lines(acc)
            rec = call("PUT", f"/mj/account/{acc}/update-reconnect",
                       {"remark": f"acct22 reconnected {RUN}", "userToken": "sim-********n-19"}).json()
            self.assertEqual(rec["code"], 1, rec)
            h.wait_until(lambda: ready_lines(acc) > before, 20, "a second READY after update-reconnect")
            h.wait_until(lambda: account(acc)["state"] == "READY", 20, "READY again")
            now = account(acc)
            self.assertEqual((now["running"], now["queued"], now["remark"]),
                             (1, 3, f"acct22 reconnected {RUN}"), now)
            for tid in waiting:
                self.assertEqual(gw.fetch(tid)["status"], "NOT_START")
            done = gw.wait_terminal([held] + waiting, timeout=45)
            self.assertEqual(done[held]["status"], "FAILURE", done[held])
            self.assertIn("run timeout", done[held]["failReason"])
            for tid in waiting:
                self.assertEqual(done[tid]["status"], "SUCCESS", f"queued across the reconnect: {done[tid]}")

            # -- disable (OPERATOR) and enable (reconnects).
            call("PUT", f"/mj/account/{acc}/update", {"enable": False, "queueSize": 5})
            h.wait_until(lambda: account(acc)["state"] == "DISABLED", 10, "disabled by the operator")
            self.assertEqual(account(acc)["disabledCode"], "OPERATOR")
            self.assertEqual(submit("nobody may run this", acc).get("code"), 3)
            call("PUT", f"/mj/account/{acc}/update", {"enable": True})
            h.wait_until(lambda: account(acc)["state"] == "READY", 20, "enabled again")

            rows = self._account_rows(gw)  # sealed at rest, while both accounts exist
            self.assertEqual(sorted(rows), sorted([acc, "cfg22"]), rows)
            for acc_id, token in ((acc, sima["token"]), ("cfg22", simc["token"])):
                self.assertTrue(rows[acc_id].startswith("enc:v1:"), rows)
                self.assertNotIn(token, rows[acc_id])

            # -- delete: its running and queued tasks fail with the reason, never silently.
            held = self.assertAck(submit("holds the slot again #sim:stall", acc), codes=(1,))
            h.wait_until(lambda: gw.fetch(held)["status"] in ("SUBMITTED", "IN_PROGRESS"), 15, "the slot is taken")
            queued = [self.assertAck(submit(f"queued before delete {i}", acc), codes=(22,)) for i in range(2)]
            gone = call("DELETE", f"/mj/account/{acc}/delete").json()
            self.assertEqual((gone["code"], gone["description"]), (1, "成功"), gone)
            failed = gw.wait_terminal([held] + queued, timeout=15)
            for tid, t in failed.items():
                self.assertEqual(t["status"], "FAILURE", t)
                self.assertIn("账号已删除", t["failReason"], t)
            self.assertEqual(call("GET", f"/mj/account/{acc}/fetch").status, 404)
            self.assertEqual([a["id"] for a in call("GET", "/mj/account/list").json()], ["cfg22"])
            self.assertEqual(submit("after the delete", acc).get("code"), 3)
            self.assertEqual(account("cfg22")["state"], "READY", "the other account never noticed")

            # -- tokens: masked in responses, absent from the log, sealed in the table.
            for body in bodies:
                for token in (simc["token"], sima["token"], "another-token-value"):
                    self.assertNotIn(token, body)
            self.assertEqual(sorted(self._account_rows(gw)), ["cfg22"], "the deleted row is gone")
        finally:
            gw.proc.stop()
        with open(gw.proc.log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
        for token in (simc["token"], sima["token"], "another-token-value"):
            self.assertNotIn(token, log, f"clear token in {gw.proc.log_path}")
        self.assertIn("account cfg22 ready", log)

    def _account_rows(self, gw):
        """{id: user_token} read straight from the gateway's database."""
        if gw.dsn.startswith("sqlite:"):
            import sqlite3
            with sqlite3.connect(gw.dsn[len("sqlite:"):]) as db:
                return dict(db.execute("select id, user_token from accounts").fetchall())
        out = subprocess.run(["psql", gw.dsn[len("postgresql:"):], "-qAtF", "\t", "-c",
                              "select id, user_token from accounts"],
                             capture_output=True, text=True, timeout=30, check=True).stdout
        return dict(line.split("\t", 1) for line in out.splitlines() if line)

    # 25. The node-api dialect (api-contracts 6): submit from the query, a JSON, an
    #     urlencoded and a multipart body; fetch by _id and id (also //task/fetch); the
    #     progress rule; U/V by the parent's _id; foreign and unknown parents; the
    #     bounded list; 405 / 401; anonymous mode; the node document as callback body.
    def test_25_node_api(self):
        sink = ENV.sink()
        gw = ENV.gateway("nodeapi", [{"id": "accn", "sim": 20, "core_size": 1, "queue_size": 20}],
                         run_timeout="6s", extra_config=["[node_api]", "anonymous_user = 2"])
        api = gw.base + "/api/v1"
        root = gw.headers()
        uuid_re = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
        try:
            def accepted(r):
                self.assertEqual(r.status, 200, r)
                body = r.json()
                self.assertEqual(list(body), ["code", "description", "result"], body)
                self.assertEqual((body["code"], body["description"]), (1, "成功"), body)
                self.assertRegex(body["result"], uuid_re)
                return body["result"]

            def refused(r, status, description=None):
                self.assertEqual(r.status, status, r)
                body = r.json()
                self.assertEqual(body.get("code"), 0, body)
                if description is not None:
                    self.assertEqual(body.get("description"), description, body)

            def fetch(ref, headers=None, key="_id"):
                r = h.http("GET", f"{api}/task/fetch?{key}={ref}", headers=headers if headers is not None else root)
                self.assertEqual(r.status, 200, f"fetch {ref}: {r}")
                return r.json()

            seen = {}  # uuid -> set of (status, progress) observed by polling

            def wait_done(uuids, timeout=40):
                def done():
                    for u in uuids:
                        doc = fetch(u)
                        seen.setdefault(u, set()).add((doc["status"], doc["progress"]))
                    return all(fetch(u)["status"] in ("SUCCESS", "FAILURE") for u in uuids)
                h.wait_until(done, timeout, f"node tasks {uuids} finished", interval=0.05)
                return {u: fetch(u) for u in uuids}

            # The anonymous user is a real user (node_api.anonymous_user = 2): until it
            # exists anonymous calls get 401; once created (the first user after root),
            # they run as it.
            refused(h.http("GET", f"{api}/task/list"), 401, "unauthorized")
            made = h.http("POST", gw.base + "/mjgate/api/v1/users", body={"name": f"anon-{RUN}"},
                          headers={"Authorization": f"Bearer {h.ROOT_KEY}"})
            self.assertEqual((made.status, made.json()["data"]["id"]), (200, 2), made)
            self.assertEqual(h.http("GET", f"{api}/task/list").status, 200)
            # Methods and credentials; anonymous mode needs *no* credential.
            for path in ("/trigger/submit", "/task/fetch", "/task/list"):
                for method in ("PUT", "DELETE", "PATCH"):
                    refused(h.http(method, api + path, headers=root), 405, "method not allowed")
                refused(h.http("GET", api + path, headers={"mj-api-secret": "sk-wrong"}), 401, "unauthorized")
            self.assertEqual(h.http("POST", gw.base + "/mj/submit/imagine", body={"prompt": "x"}).status, 401,
                             "the mj dialect never runs anonymously")

            # Submits from the four parameter sources; the prompt is never modified.
            hook = urllib.parse.quote(sink.url, safe="")
            a = accepted(h.http("GET", f"{api}/trigger/submit?action=IMAGINE&prompt="
                                       f"{urllib.parse.quote(f'一只狗 node-a e2e-{RUN}')}&state=main&notifyHook={hook}"))
            b = accepted(h.http("POST", f"{api}/trigger/submit", headers=root,
                                body={"action": "imagine", "prompt": f"node-b e2e-{RUN}", "state": "json"}))
            c = accepted(h.http("POST", f"{api}/trigger/submit",
                                body=urllib.parse.urlencode({"action": "IMAGINE", "prompt": f"node-c e2e-{RUN}"}),
                                headers={"Content-Type": "application/x-www-form-urlencoded"}))
            boundary = "mjgateE2E" + secrets.token_hex(4)
            parts = b"".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in (("action", "IMAGINE"), ("prompt", f"node-d e2e-{RUN}"), ("state", "multi")))
            d = accepted(h.http("POST", f"{api}/trigger/submit", body=parts + f"--{boundary}--\r\n".encode(),
                                headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}))
            done = wait_done([a, b, c, d])
            for u, prompt, state in ((a, f"一只狗 node-a e2e-{RUN}", "main"), (b, f"node-b e2e-{RUN}", "json"),
                                     (c, f"node-c e2e-{RUN}", ""), (d, f"node-d e2e-{RUN}", "multi")):
                doc = done[u]
                self.assertEqual(doc["_id"], u)
                self.assertEqual((doc["status"], doc["progress"], doc["action"]), ("SUCCESS", "done", "IMAGINE"), doc)
                self.assertEqual((doc["prompt"], doc["state"], doc["index"], doc["taskId"]), (prompt, state, "", ""), doc)
                self.assertEqual(doc["description"], f"/imagine {prompt}")
                self.assertTrue(doc["uri"].startswith("http") and doc["uri"] == doc["imageUrl"], doc)
                self.assertRegex(doc["hash"], r"^[0-9a-f-]{36}$")
                self.assertRegex(doc["messageId"], r"^\d+$")
                self.assertTrue(doc["content"], doc)
                self.assertEqual(doc["creationTime"], doc["submitTime"])
                self.assertLessEqual(doc["submitTime"], doc["startTime"])
                self.assertLessEqual(doc["startTime"], doc["finishTime"])
                self.assertEqual(list(doc)[:3], ["_id", "index", "action"])
                self.assertEqual(len(doc), 21, doc)
            self.assertEqual(done[a]["notifyHook"], sink.url)

            # fetch by _id and by the numeric id, from any source, also via //task/fetch;
            # the mj dialect shows the same task under its id.
            mj_tasks = {t["prompt"]: t for t in gw.get("/mj/task/list?limit=100").json()}
            a_id = mj_tasks[f"一只狗 node-a e2e-{RUN}"]["id"]
            self.assertEqual(mj_tasks[f"一只狗 node-a e2e-{RUN}"]["status"], "SUCCESS")
            self.assertEqual(fetch(a_id, key="id"), done[a])
            self.assertEqual(fetch(a_id), done[a])
            by_double_slash = h.http("GET", f"{gw.base}/api/v1//task/fetch?_id={a.upper()}", headers=root)
            self.assertEqual(by_double_slash.json(), done[a])
            by_post = h.http("POST", f"{api}/task/fetch", body={"_id": a}, headers=root)
            self.assertEqual(by_post.json(), done[a])
            refused(h.http("GET", f"{api}/task/fetch?_id=00000000-0000-4000-8000-000000000000", headers=root),
                    400, "任务不存在")
            # Anonymous callers are user 2: they see their own tasks, never root's.
            self.assertEqual(fetch(a, headers={}), done[a])
            refused(h.http("GET", f"{api}/task/fetch?_id={b}"), 400, "任务不存在")

            # Follow-ups by the parent's _id are the mj dialect's own follow-ups.
            up = accepted(h.http("POST", f"{api}/trigger/submit", body={"action": "UPSCALE", "taskId": a, "index": 2}))
            var = accepted(h.http("GET", f"{api}/trigger/submit?action=VARIATION&taskId={a}&index=3"))
            kids = wait_done([up, var])
            for u, action, index in ((up, "UPSCALE", "2"), (var, "VARIATION", "3")):
                doc = kids[u]
                self.assertEqual((doc["status"], doc["action"], doc["index"], doc["taskId"]),
                                 ("SUCCESS", action, index, a), doc)
                self.assertTrue(doc["description"].startswith(f"/up {a_id} "), doc)
                self.assertTrue(doc["uri"].startswith("http"), doc)
            refused(h.http("GET", f"{api}/trigger/submit?action=UPSCALE&taskId={b}&index=1"), 400,
                    "关联任务不存在或已失效")  # root's task: foreign to user 2
            refused(h.http("GET", f"{api}/trigger/submit?action=UPSCALE&taskId=00000000-0000-4000-8000-000000000000&index=1"),
                    400, "关联任务不存在或已失效")
            refused(h.http("GET", f"{api}/trigger/submit?action=UPSCALE&taskId={a}&index=5"), 400)
            refused(h.http("GET", f"{api}/trigger/submit?action=IMAGINE"), 400, "prompt不能为空")

            # The progress rule: "" while queued, "NN%" while running, the last value on FAILURE.
            held = accepted(h.http("GET", f"{api}/trigger/submit?action=IMAGINE&prompt="
                                          f"holds+the+slot+%23sim%3Astall+e2e-{RUN}&notifyHook={hook}"))
            h.wait_until(lambda: fetch(held)["status"] == "IN_PROGRESS", 15, "the stalled job runs")
            running = fetch(held)
            self.assertEqual(running["status"], "IN_PROGRESS", running)
            self.assertRegex(running["progress"], r"^\d+%$", running)  # "0%" until the first update
            self.assertEqual((running["uri"], running["messageId"], running["finishTime"]), ("", "", None), running)
            queued = accepted(h.http("GET", f"{api}/trigger/submit?action=IMAGINE&prompt=queued+e2e-{RUN}"))
            waiting = fetch(queued)
            self.assertEqual((waiting["status"], waiting["progress"], waiting["startTime"]), ("NOT_START", "", None),
                             waiting)
            last = wait_done([held, queued], timeout=40)
            self.assertEqual((last[held]["status"], last[held]["progress"]), ("FAILURE", running["progress"]), last[held])
            self.assertIn("run timeout", last[held]["failReason"])
            self.assertEqual((last[queued]["status"], last[queued]["progress"]), ("SUCCESS", "done"), last[queued])
            for u, pairs in seen.items():
                for status, progress in pairs:
                    expected = {"NOT_START": r"", "IN_PROGRESS": r"\d+%", "SUCCESS": r"done",
                                "FAILURE": r"(\d+%)?"}[status]
                    self.assertRegex(progress, f"^{expected}$", f"{u}: {status} with progress {progress!r}")
            self.assertIn(("NOT_START", ""), seen[queued])

            # The list: the caller's documents only, newest first, bounded, with a cursor.
            mine = [a, c, d, up, var, held, queued]

            def node_list(query="", headers=None):
                r = h.http("GET", f"{api}/task/list{query}", headers=headers if headers is not None else {})
                self.assertEqual(r.status, 200, r)
                return r.json(), int(header(r.headers, "X-Total-Count"))

            docs, total = node_list()
            self.assertEqual(total, len(mine))
            self.assertEqual(sorted(x["_id"] for x in docs), sorted(mine))
            times = [x["submitTime"] for x in docs]
            self.assertEqual(times, sorted(times, reverse=True), "newest submitTime first")
            self.assertEqual(node_list("?limit=2")[0], docs[:2])
            self.assertEqual(node_list(f"?before={docs[2]['_id']}&limit=3")[0], docs[3:6])
            self.assertEqual(node_list(f"?before={a_id}")[0], [x for x in docs if x["submitTime"] < done[a]["submitTime"]])
            self.assertEqual(node_list("?offset=1&limit=2")[0], docs[1:3])
            self.assertEqual(node_list("?offset=100")[0], [])
            self.assertEqual(node_list("?offset=100")[1], total, "X-Total-Count counts every match")
            post = h.http("POST", f"{api}/task/list", body={"limit": "3"})
            self.assertEqual(post.json(), docs[:3])
            refused(h.http("GET", f"{api}/task/list?limit=-1"), 400)
            refused(h.http("GET", f"{api}/task/list?offset=10001"), 400)
            admin_docs, admin_total = node_list("?limit=500", headers=root)
            self.assertEqual(admin_total, len(mine) + 1, "root (admin) sees every user's tasks")
            self.assertIn(b, [x["_id"] for x in admin_docs])

            # Callbacks: node tasks post their node document, on the terminal event only.
            def node_events(u):
                with sink.cond:
                    return [(e[2], e[3]) for e in sink.events if isinstance(e[3], dict) and e[3].get("_id") == u]

            for u, final in ((a, done[a]), (held, last[held])):
                h.wait_until(lambda: node_events(u), 15, f"the callback of {u}")
                events = node_events(u)
                keys = {header(hd, "X-Mjgate-Delivery") for hd, _ in events}
                self.assertEqual(len(keys), 1, f"one event (retries share its key): {keys}")
                for _, doc in events:
                    self.assertEqual(doc, final, "the callback body is the fetched node document")
        finally:
            gw.proc.stop()

    # 28. Task center (Suno) through upstream channels: music and lyrics to SUCCESS with
    # progress seen, upstream FAILURE, a forgotten task failed as lost, a 5xx submit
    # retried on a second channel, every channel failing (502, task failed), owner
    # scoping, and the upstream down then up (the channel backs off, the task finishes).
    def test_28_suno_task_center(self):
        sim = ENV.sim()
        key = "sim-suno-key"
        channels = []
        for cid, prio in ((1, 10), (2, 0)):
            channels += ["[[channels]]", f"id = {cid}", 'type = "suno"', f'base_url = "{sim.base}"',
                         f'key = "{key}"', f"priority = {prio}"]
        gw = ENV.gateway("suno", [], extra_config=[
            "[poll]", 'interval = "1s"', "lost_after = 2", 'lost_min_age = "3s"',
            'backoff_base = "1s"', 'backoff_max = "2s"', "[relay]", "submit_retries = 2", *channels])
        root = {"Authorization": f"Bearer {h.ROOT_KEY}"}
        step = h.http("POST", sim.base + "/_sim/suno", body={"step_ms": 1200, "down": False})
        self.assertEqual(step.status, 200, step)

        def submit(action, body, headers=root):
            return h.http("POST", gw.base + f"/suno/submit/{action}", body=body, headers=headers)

        def accepted(action, body):
            r = submit(action, body)
            self.assertEqual(r.status, 200, r)
            doc = r.json()
            self.assertEqual(list(doc), ["code", "message", "data"], doc)
            self.assertEqual((doc["code"], doc["message"]), ("success", ""), doc)
            self.assertRegex(doc["data"], r"^suno-[0-9a-f]+-[0-9a-f]+$", doc)  # the upstream's id
            self.assertEqual(header(r.headers, "X-New-Api-Other-Ratios"), "{}", r.headers)
            return doc["data"]

        def fetch_one(tid, headers=root):
            return h.http("GET", gw.base + f"/suno/fetch/{tid}", headers=headers)

        seen = {}

        def item(tid):
            r = fetch_one(tid)
            self.assertEqual(r.status, 200, r)
            it = r.json()["data"]
            seen.setdefault(tid, []).append((it["status"], it["progress"]))
            return it

        def wait_done(tids, timeout):
            return wait_suno_terminal(item, tids, timeout)

        try:
            # Refusals: no key, a bad action, lyrics without prompt.
            self.assertEqual(submit("music", {"prompt": "x"}, headers={}).status, 401)
            bad = submit("video", {"prompt": "x"})
            self.assertEqual((bad.status, bad.json()["code"]), (400, "invalid_action"), bad)
            empty = submit("lyrics", {"prompt": ""})
            self.assertEqual((empty.status, empty.json()["code"]), (400, "prompt_empty"), empty)

            music = accepted("music", {"prompt": f"a calm sea song e2e-{RUN}", "title": "Sea", "tags": "ambient"})
            lyrics = accepted("LYRICS", {"prompt": f"rain on tin roofs e2e-{RUN}"})
            failing = accepted("music", {"prompt": f"doomed #suno:fail e2e-{RUN}"})
            forgotten = accepted("music", {"prompt": f"forgotten #suno:forget e2e-{RUN}"})
            retried = accepted("music", {"prompt": f"second channel #suno:5xx-once e2e-{RUN}"})
            broken = submit("music", {"prompt": f"never #suno:5xx e2e-{RUN}"})
            self.assertEqual((broken.status, broken.json()["code"]), (502, "fail_to_fetch_task"), broken)
            self.assertNotIn("127.0.0.1", broken.body.decode() if isinstance(broken.body, bytes) else str(broken.body))

            first = item(music)  # the row exists at once, before any poll
            self.assertIn(first["status"], ("NOT_START", "SUBMITTED", "QUEUED", "IN_PROGRESS"), first)
            done = wait_done([music, lyrics, failing, forgotten, retried], timeout=45)

            song = done[music]
            self.assertEqual((song["status"], song["progress"], song["action"], song["platform"]),
                             ("SUCCESS", "100%", "MUSIC", "suno"), song)
            self.assertEqual(song["task_id"], music, song)
            self.assertEqual(len(song["data"]), 2, song)
            self.assertTrue(all(c["audio_url"].endswith(".mp3") for c in song["data"]), song)
            self.assertGreater(song["finish_time"], 0, song)
            running = [s for s, _ in seen[music] if s in ("SUBMITTED", "QUEUED", "IN_PROGRESS")]
            self.assertTrue(running, f"no progress seen before SUCCESS: {seen[music]}")
            progress = dict(seen[music])
            if "QUEUED" in progress:
                self.assertEqual(progress["QUEUED"], "20%", seen[music])
            words = done[lyrics]
            self.assertEqual((words["status"], words["action"]), ("SUCCESS", "LYRICS"), words)
            self.assertIn("rain on tin roofs", words["data"]["text"], words)
            self.assertEqual(done[failing]["status"], "FAILURE", done[failing])
            self.assertTrue(done[failing]["fail_reason"], done[failing])
            self.assertEqual((done[forgotten]["status"], done[forgotten]["fail_reason"]),
                             ("FAILURE", "上游任务丢失"), done[forgotten])
            self.assertEqual(done[retried]["status"], "SUCCESS", done[retried])

            # Batch fetch: order kept, unknown ids left out, action filter.
            both = h.http("POST", gw.base + "/suno/fetch", headers=root,
                          body={"ids": [lyrics, "nope", music]}).json()
            self.assertEqual([i["task_id"] for i in both["data"]], [lyrics, music], both)
            only = h.http("POST", gw.base + "/suno/fetch", headers=root,
                          body={"ids": [lyrics, music], "action": "MUSIC"}).json()
            self.assertEqual([i["task_id"] for i in only["data"]], [music], only)
            self.assertEqual(h.http("POST", gw.base + "/suno/fetch", headers=root, body={"ids": []}).json()["data"], [])
            missing = fetch_one("nope")
            self.assertEqual((missing.status, missing.json()["code"]), (400, "task_not_exist"), missing)

            # The dashboard lists: platform suno, the upstream id, the channel that took each task.
            api = gw.base + "/mjgate/api/v1"
            token = h.http("POST", api + "/users/1/access-token", body={}, headers=root).json()["data"]["access_token"]
            dash = {"Authorization": f"Bearer {token}"}
            mine = h.http("GET", gw.base + "/api/task/self?page_size=100", headers=dash).json()["data"]["items"]
            by_id = {i["task_id"]: i for i in mine}
            for tid in (music, lyrics, failing, forgotten, retried):
                self.assertIn(tid, by_id, mine)
                self.assertEqual((by_id[tid]["platform"], by_id[tid]["channel_id"]), ("suno", 0), by_id[tid])
            self.assertEqual(by_id[music]["status"], "SUCCESS", by_id[music])
            rejected = [i for i in mine if "never #suno:5xx" in i["properties"].get("input", "")]
            self.assertEqual(len(rejected), 1, mine)
            self.assertEqual(rejected[0]["status"], "FAILURE", rejected[0])
            self.assertIn("HTTP 500", rejected[0]["fail_reason"], rejected[0])
            admin = h.http("GET", gw.base + f"/api/task/?task_id={retried}", headers=dash).json()["data"]["items"]
            self.assertEqual([(i["task_id"], i["channel_id"]) for i in admin], [(retried, 2)], admin)
            admin = h.http("GET", gw.base + f"/api/task/?task_id={music}", headers=dash).json()["data"]["items"]
            self.assertEqual([i["channel_id"] for i in admin], [1], admin)
            # The admin list names the owner (api-contracts.md §4.6); /self never does.
            self.assertEqual([i.get("username") for i in admin], ["root"], admin)
            self.assertNotIn("username", by_id[music], by_id[music])

            # Owner scoping: another user's key sees none of root's tasks.
            bob = h.http("POST", api + "/users", body={"name": f"bob-{RUN}"}, headers=root).json()["data"]
            bob_key = h.http("POST", f"{api}/users/{bob['id']}/tokens", body={}, headers=root).json()["data"]["key"]
            bob_hdr = {"Authorization": f"Bearer {bob_key}"}
            foreign = fetch_one(music, headers=bob_hdr)
            self.assertEqual((foreign.status, foreign.json()["code"]), (400, "task_not_exist"), foreign)
            none = h.http("POST", gw.base + "/suno/fetch", headers=bob_hdr, body={"ids": [music, lyrics]}).json()
            self.assertEqual(none["data"], [], none)

            # Upstream down, then up: the channel backs off, the task keeps its state and finishes.
            late = accepted("music", {"prompt": f"through the storm e2e-{RUN}"})
            down = h.http("POST", sim.base + "/_sim/suno", body={"down": True})
            self.assertEqual(down.status, 200, down)
            time.sleep(4.0)
            held = item(late)
            self.assertNotIn(held["status"], ("SUCCESS", "FAILURE"), held)
            gw.proc.wait_line(r"channel \d+: upstream failing", timeout=10)
            self.assertEqual(h.http("POST", sim.base + "/_sim/suno", body={"down": False}).status, 200)
            finished = wait_done([late], timeout=30)[late]
            self.assertEqual(finished["status"], "SUCCESS", finished)

            # kill -9 with a task in flight: the restarted gateway rebuilds its poller's
            # in-flight set from the database and the task still finishes.
            survivor = accepted("music", {"prompt": f"after the crash e2e-{RUN}"})
            gw.kill9()
            gw.start()
            resumed = wait_done([survivor], timeout=30)[survivor]
            self.assertEqual((resumed["status"], len(resumed["data"])), ("SUCCESS", 2), resumed)
            gw.proc.wait_line(r"task center: 1 task\(s\) resumed, 0 failed", timeout=5)
        finally:
            h.http("POST", sim.base + "/_sim/suno", body={"down": False})
            gw.proc.stop()

    # 29. The midjourney-proxy relay (api-contracts.md §5.4, §5.5): mjgate A (no Discord account)
    #     relays to mjgate B (sim account 23) through a midjourney-proxy channel: imagine and an
    #     upscale follow-up reach SUCCESS with progress, image and buttons downstream; B's own
    #     refusals (4, 24) come back as is; a stalled task times out "上游任务超时" (refunded
    #     once, billing on); B down: 23 for a new task, the task in flight keeps its state and
    #     finishes once B is back.
    def test_29_mj_relay(self):
        upstream_b = ENV.gateway("relay-b", [{"id": "b24", "sim": 24, "core_size": 3}], extra_config=[
            "[mj]", "max_prompt = 80", 'banned_words = ["relaybanned"]'])
        a = ENV.gateway("relay-a", [], extra_config=[
            "[billing]", "enabled = true",
            "[poll]", 'interval = "1s"', 'mj_timeout = "25s"', "lost_after = 3", 'lost_min_age = "5s"',
            'backoff_base = "1s"', 'backoff_max = "2s"',
            "[[channels]]", "id = 9", 'type = "midjourney-proxy"', f'base_url = "{upstream_b.base}"',
            f'key = "{h.ROOT_KEY}"'])
        manage = Manage(self, a)
        api, root = manage.api, manage.root
        # A paying user (root is never charged): a key with quota for the billing checks.
        carol, carol_key = manage.user_with_quota(f"carol-{RUN}", 10_000_000)
        hdr = {"mj-api-secret": carol_key}

        def balance():
            return manage.balance(carol)

        def submit(path, body):
            r = h.http("POST", a.base + path, body=body, headers=hdr, timeout=20)
            self.assertEqual(r.status, 200, r)
            return r.json()

        def fetch(tid):
            r = h.http("GET", a.base + f"/mj/task/{tid}/fetch", headers=hdr)
            self.assertEqual(r.status, 200, r)
            return r.json()

        seen = {}

        def wait_final(tid, timeout):
            out = {}

            def final():
                t = fetch(tid)
                seen.setdefault(tid, []).append((t["status"], t["progress"]))
                out["t"] = t
                return t["status"] in h.TERMINAL
            h.wait_until(final, timeout, f"relayed task {tid} final", interval=0.3)
            return out["t"]

        try:
            start = balance()
            # imagine: accepted with A's own id, progress and the result arrive downstream.
            made = submit("/mj/submit/imagine", {"prompt": f"a lighthouse at dusk #sim:slow e2e-{RUN}",
                                                 "notifyHook": "http://127.0.0.1:9/never-forwarded"})
            self.assertIn(made["code"], (1, 22), made)
            tid = made["result"]
            self.assertRegex(tid, r"^\d{16}$", made)
            first = fetch(tid)  # committed before the answer
            self.assertEqual(first["action"], "IMAGINE", first)
            held = start - balance()
            self.assertGreater(held, 0, "the relayed task holds its price")
            done = wait_final(tid, 40)
            self.assertEqual((done["status"], done["progress"], done["failReason"]), ("SUCCESS", "100%", ""), done)
            self.assertTrue(done["imageUrl"].startswith(a.base + "/mj/image/"), done)  # re-hosted by A
            img = h.http("GET", done["imageUrl"])
            self.assertEqual(img.status, 200, img)
            labels = [b["label"] for b in done["buttons"]]
            self.assertIn("U1", labels, done)
            running = [p for s, p in seen[tid] if s == "IN_PROGRESS"]
            self.assertTrue(running, f"no progress seen downstream: {seen[tid]}")
            self.assertTrue(all(re.fullmatch(r"\d+%", p) for p in running), seen[tid])
            self.assertEqual(start - balance(), held, "settled at the held price")
            # B never saw the client's hook: its copy of the task has none (and is B's own id).
            b_tasks = [t for t in h.http("GET", upstream_b.base + "/mj/task/list?limit=50",
                                         headers={"mj-api-secret": h.ROOT_KEY}).json()
                       if f"lighthouse at dusk #sim:slow e2e-{RUN}" in t["prompt"]]
            self.assertEqual(len(b_tasks), 1, b_tasks)
            self.assertEqual(b_tasks[0]["properties"]["notifyHook"], "", b_tasks[0])
            self.assertNotEqual(b_tasks[0]["id"], tid)

            # upscale: a button of the relayed result, on the same channel, against B's id.
            u1 = next(b["customId"] for b in done["buttons"] if b["label"] == "U1")
            up1 = submit("/mj/submit/action", {"taskId": tid, "customId": u1})
            self.assertIn(up1["code"], (1, 22), up1)
            child = wait_final(up1["result"], 40)
            self.assertEqual((child["status"], child["action"], child["parentId"]), ("SUCCESS", "UPSCALE", tid), child)
            self.assertTrue(child["imageUrl"], child)
            # change by index works too (re-encoded as B's /submit/change).
            v2 = submit("/mj/submit/change", {"taskId": tid, "action": "VARIATION", "index": 2})
            self.assertIn(v2["code"], (1, 22), v2)
            self.assertEqual(wait_final(v2["result"], 40)["status"], "SUCCESS")

            # The dashboard list shows them (channel recorded).
            token = h.http("POST", api + f"/users/{carol['id']}/access-token", body={},
                           headers=root).json()["data"]["access_token"]
            mine = h.http("GET", a.base + "/api/mj/self?page_size=100",
                          headers={"Authorization": f"Bearer {token}"}).json()["data"]["items"]
            ids = {t["mj_id"] for t in mine}
            self.assertTrue({tid, up1["result"], v2["result"]} <= ids, mine)

            # B's own refusals come back as is; nothing stays charged.
            before = balance()
            long = submit("/mj/submit/imagine", {"prompt": "x" * 120})
            self.assertEqual((long["code"], long["result"]), (4, None), long)
            self.assertEqual(long["description"], "prompt过长", long)
            banned = submit("/mj/submit/imagine", {"prompt": f"relaybanned thing e2e-{RUN}"})
            self.assertEqual((banned["code"], banned["properties"].get("bannedWord")), (24, "relaybanned"), banned)
            h.wait_until(lambda: balance() == before, 10, "refused submits refunded")

            # A task B never finishes (its job stalls) times out "上游任务超时" at A, refunded
            # exactly once (a late poll or sweep must not refund again).
            before = balance()
            stuck = submit("/mj/submit/imagine", {"prompt": f"into the fog #sim:stall e2e-{RUN}"})
            self.assertIn(stuck["code"], (1, 22), stuck)
            self.assertLess(balance(), before)
            gone = wait_final(stuck["result"], 45)
            self.assertEqual((gone["status"], gone["failReason"]), ("FAILURE", "上游任务超时"), gone)
            h.wait_until(lambda: balance() == before, 10, "the timed-out task refunded")
            time.sleep(2.5)
            self.assertEqual(balance(), before)

            # B down: a task in flight keeps its state; a new submit answers 23 (the only
            # channel is unreachable) and holds nothing; when B is back the task finishes.
            before = balance()
            flying = submit("/mj/submit/imagine", {"prompt": f"through the night #sim:slow e2e-{RUN}"})
            self.assertIn(flying["code"], (1, 22), flying)
            upstream_b.proc.stop()
            refused = submit("/mj/submit/imagine", {"prompt": f"nobody home e2e-{RUN}"})
            self.assertEqual(refused["code"], 23, refused)
            a.proc.wait_line(r"channel 9: upstream failing", timeout=15)
            self.assertNotIn(fetch(flying["result"])["status"], h.TERMINAL)

            # B back (same database): the channel recovers, the task in flight and new tasks finish.
            upstream_b.start()
            self.assertEqual(wait_final(flying["result"], 45)["status"], "SUCCESS")
            again = submit("/mj/submit/imagine", {"prompt": f"after the storm e2e-{RUN}"})
            self.assertIn(again["code"], (1, 22), again)
            self.assertEqual(wait_final(again["result"], 45)["status"], "SUCCESS")

            # kill -9 of A with a relayed task in flight: the restarted A re-adopts it from its
            # database (the poller's set rebuilt) and it still finishes.
            survivor = submit("/mj/submit/imagine", {"prompt": f"after the crash #sim:slow e2e-{RUN}"})
            self.assertIn(survivor["code"], (1, 22), survivor)
            a.kill9()
            a.start()
            self.assertEqual(wait_final(survivor["result"], 45)["status"], "SUCCESS")
            a.proc.wait_line(r"restart recovery: 1 task\(s\) resumed, 0 failed", timeout=5)

            # Push: a channel with callback = true gets B's notifyHook, so progress and the
            # result arrive long before its first (20 s) poll; a wrong secret is refused (403),
            # a push for an id not in flight is ignored (200), and the secret is never logged.
            c = ENV.gateway("relay-c", [], extra_config=[
                "[poll]", 'interval = "20s"',
                "[[channels]]", "id = 11", 'type = "midjourney-proxy"', f'base_url = "{upstream_b.base}"',
                f'key = "{h.ROOT_KEY}"', "callback = true"])
            try:
                pushed = h.http("POST", c.base + "/mj/submit/imagine", headers=root,
                                body={"prompt": f"pushed along #sim:slow e2e-{RUN}"}).json()
                self.assertIn(pushed["code"], (1, 22), pushed)
                seen_c = []

                def pushed_done():
                    t = h.http("GET", c.base + f"/mj/task/{pushed['result']}/fetch", headers=root).json()
                    seen_c.append((t["status"], t["progress"]))
                    return t["status"] == "SUCCESS"
                h.wait_until(pushed_done, 15, "pushed task SUCCESS before the first poll", interval=0.3)
                self.assertTrue(any(st == "IN_PROGRESS" for st, _ in seen_c), seen_c)
                on_b = [t for t in h.http("GET", upstream_b.base + "/mj/task/list?limit=50",
                                          headers={"mj-api-secret": h.ROOT_KEY}).json()
                        if f"pushed along #sim:slow e2e-{RUN}" in t["prompt"]]
                hook = on_b[0]["properties"]["notifyHook"]
                self.assertRegex(hook, r"^http://127\.0\.0\.1:\d+/mj/relay-callback/11/[0-9a-f]{32}$", on_b[0])
                secret = hook.rsplit("/", 1)[1]
                wrong = h.http("POST", c.base + "/mj/relay-callback/11/" + "0" * 32,
                               body={"id": "x", "status": "SUCCESS"})
                self.assertEqual(wrong.status, 403, wrong)
                other = h.http("POST", c.base + "/mj/relay-callback/12/" + secret,
                               body={"id": "x", "status": "SUCCESS"})
                self.assertEqual(other.status, 403, other)
                stray = h.http("POST", hook, body={"id": "not-in-flight", "status": "SUCCESS"})
                self.assertEqual(stray.status, 200, stray)
                with open(os.path.join(c.dir, "mjgate.1.log"), encoding="utf-8") as f:
                    self.assertNotIn(secret, f.read())
            finally:
                c.proc.stop()
        finally:
            a.proc.stop()
            upstream_b.proc.stop()

    # 26. The backend admin dialect (api-contracts.md §7): priority orders an account's
    #     one slot, PUT re-orders a waiting task, status 0->3 cancels before Discord sees
    #     it, the transition table, soft delete, paging, uploads served back, results.
    def test_26_backend_tasks(self):
        sim = ENV.sim()
        password = "e2e-root-" + secrets.token_hex(10)
        gw = ENV.gateway("backend", [{"id": "accb", "sim": 21, "core_size": 1, "queue_size": 20}],
                         run_timeout="8s", env={"MJGATE_SECURITY__ROOT_PASSWORD": password})
        api = gw.base + "/backend/api/v1"
        tag = f"bk-{RUN}"
        channel = h.sim_account(21)["channel_id"]

        def login(name, secret):
            r = h.http("POST", api + "/login", body={"name": name, "password": secret})
            self.assertEqual((r.status, r.json()["code"]), (200, 0), r)
            return {"x-auth-token": next(v for k, v in r.headers.items() if k.lower() == "x-auth-token")}

        auth = login("root", password)

        def call(method, path, body=None, headers=None):
            r = h.http(method, api + path, body=body, headers=auth if headers is None else headers)
            return r.status, r.json()

        def task(tid):
            status, body = call("GET", f"/task/{tid}")
            self.assertEqual((status, body["code"]), (200, 0), body)
            return body["data"]

        def create(name, priority=0, type_="image", input_=None):
            status, body = call("POST", "/task", {"type": type_, "priority": priority,
                                                  "input": input_ or f"job-{name}-{tag}", "note": name})
            self.assertEqual((status, body["code"], body["msg"], body["error"]), (200, 0, "ok", ""), body)
            return body["data"]["id"]

        def mj_task(name):
            r = gw.post("/mj/task/query", {"prompt": f"job-{name}-{tag}", "pageSize": 1})
            self.assertEqual(r.status, 200, r)
            return r.json()["content"][0]

        def sim_prompts():
            return [j.get("prompt", "") for j in sim.get("/_sim/jobs") if str(j.get("channel")) == channel]

        try:
            # Credentials: none (an API key is not a login) -> 10107, a forged token -> 10101.
            for hdrs in ({}, gw.headers()):
                self.assertEqual(call("GET", "/tasks", headers=hdrs), (400, {"code": 10107, "msg": "未登录",
                                                                            "error": "invalid_token"}))
            forged = {"x-auth-token": auth["x-auth-token"][:-4] + "AAAA"}
            self.assertEqual(call("GET", "/tasks", headers=forged)[1]["code"], 10101)
            # Validation.
            for bad in ({"type": "audio", "input": "x"}, {"type": "image", "input": "  "},
                        {"type": "image", "input": "x", "priority": 128},
                        {"type": "image", "input": "x", "note": "n" * 256},
                        {"type": "video", "input": "no image url here"}):
                status, body = call("POST", "/task", bad)
                self.assertEqual((status, body["code"], body["error"]), (400, 10102, "invalid_request"), bad)

            # One slot, held by a job that never ends (its run timeout frees it).
            holder = create("holder", input_=f"holds the slot #sim:stall {tag}")
            h.wait_until(lambda: task(holder)["status"] == 2, 15, "the holder runs (status 2)")
            status, body = call("PUT", "/task/status", {"id": holder, "status": 0})
            self.assertEqual((status, body["code"], body["msg"]), (400, 10121, "不能回退回pending状态"), body)

            ids = {name: create(name, prio) for name, prio in
                   (("low", -5), ("mid", 0), ("high", 10), ("moved", 0), ("cancelled", 100))}
            self.assertEqual(sorted(ids.values()), list(ids.values()), "seqs grow")
            waiting = task(ids["moved"])
            self.assertEqual({k: waiting[k] for k in ("status", "type", "priority", "input", "result", "note")},
                             {"status": 0, "type": "image", "priority": 0, "input": f"job-moved-{tag}",
                              "result": "", "note": "moved"}, waiting)
            self.assertEqual(call("GET", f"/task?id={ids['moved']}")[1]["data"], waiting)
            # Keys present are applied, zero values included.
            self.assertEqual(call("PUT", "/task", {"id": ids["moved"], "priority": 50, "note": ""}),
                             (200, {"code": 0, "msg": "ok", "error": ""}))
            self.assertEqual(call("PUT", "/task", {"id": ids["mid"], "note": "still mid"})[1]["code"], 0)
            self.assertEqual((task(ids["moved"])["priority"], task(ids["moved"])["note"]), (50, ""))
            self.assertEqual((task(ids["mid"])["priority"], task(ids["mid"])["note"]), (0, "still mid"))
            self.assertEqual(call("PUT", "/task/status", {"id": ids["cancelled"], "status": 3}),
                             (200, {"code": 0, "msg": "ok", "error": ""}))
            cancelled = task(ids["cancelled"])
            self.assertEqual(cancelled["status"], 3, cancelled)
            self.assertNotEqual(cancelled["fail_reason"], "", cancelled)
            self.assertEqual(call("PUT", "/task/status", {"id": ids["cancelled"], "status": 3})[1]["code"], 0)
            self.assertEqual(call("PUT", "/task/status", {"id": ids["cancelled"], "status": 0})[1]["code"], 10121)
            self.assertEqual(call("PUT", "/task/status", {"id": ids["mid"], "status": 1})[1]["code"], 10121)
            self.assertEqual(call("PUT", "/task/status", {"id": ids["mid"], "status": 7})[1]["code"], 10102)
            missing = call("GET", "/task/999999999")
            self.assertEqual(missing, (400, {"code": 10109, "msg": "任务不存在", "error": "not_found"}))
            self.assertEqual(call("PUT", "/task", {"id": 999999999, "note": "x"})[1]["code"], 10109)

            order = ("moved", "high", "mid", "low")
            for name in order:
                h.wait_until(lambda: task(ids[name])["status"] in (1, 3), 60, f"{name} finishes")
            self.assertEqual(task(holder)["status"], 3, "the holder hit its run timeout")
            sent = [n for p in sim_prompts() for n in order + ("cancelled",) if f"job-{n}-{tag}" in p]
            self.assertEqual(sent, list(order), "execution order follows priority; the cancelled one never ran")
            for name in order:
                done, mj = task(ids[name]), mj_task(name)
                self.assertEqual(done["status"], 1, done)
                self.assertTrue(done["result"].startswith(gw.base + "/mj/image/"), done)
                self.assertEqual(done["result"], mj["imageUrl"], (done, mj))
            status, body = call("PUT", "/task/status", {"id": ids["high"], "status": 0})
            self.assertEqual((status, body["code"], body["error"]), (400, 10121, "invalid_status"), body)

            # Paging: newest seq first, the true total, limit 0 counts.
            status, page = call("GET", "/tasks?offset=0&limit=3")
            self.assertEqual((status, page["code"], page["msg"]), (200, 0, ""), page)
            total = page["total"]
            self.assertEqual(total, 6, page)  # the holder and the five above
            self.assertEqual([i["id"] for i in page["items"]], [ids["cancelled"], ids["moved"], ids["high"]])
            self.assertEqual(page["items"][0]["user"], {"uid": 1, "name": "root"}, page)
            # Another user sees none of root's tasks and may not read or change them (10108).
            bob_password = "e2e-bob-" + secrets.token_hex(8)
            made = h.http("POST", gw.base + "/mjgate/api/v1/users", headers={"Authorization": f"Bearer {h.ROOT_KEY}"},
                          body={"name": f"bob-{RUN}", "password": bob_password})
            self.assertEqual(made.status, 200, made)
            bob = login(f"bob-{RUN}", bob_password)
            before_bob = task(ids["moved"])
            self.assertEqual(call("GET", "/tasks?all=1&limit=0", headers=bob)[1]["total"], 0)
            for method, path, body in (("GET", f"/task/{ids['moved']}", None),
                                       ("PUT", "/task", {"id": ids["moved"], "priority": 5}),
                                       ("PUT", "/task/status", {"id": ids["moved"], "status": 3})):
                status, body = call(method, path, body, headers=bob)
                self.assertEqual((status, body["code"], body["error"]), (400, 10108, "no_permission"), (path, body))
            self.assertEqual(call("DELETE", "/task", {"ids": [ids["moved"]]}, headers=bob)[1]["data"],
                             {"deleted": 0})
            self.assertEqual(task(ids["moved"]), before_bob, "bob changed nothing")
            self.assertEqual(set(page["items"][0]), {"id", "status", "type", "priority", "note", "user"})
            tail = call("GET", "/tasks?offset=4&limit=100")[1]
            self.assertEqual([i["id"] for i in tail["items"]], [ids["low"], holder], tail)
            self.assertEqual(call("GET", "/tasks?limit=0")[1], {"code": 0, "msg": "", "error": "",
                                                                 "total": total, "items": []})
            self.assertEqual(call("GET", "/tasks?all=1&limit=0")[1]["total"], total)
            for q in ("offset=-1", "limit=-5", "limit=abc"):
                self.assertEqual(call("GET", "/tasks?" + q)[1]["code"], 10102, q)

            # Soft delete: missing ids ignored; hidden from GET /task and the mj fetch.
            low_mj = mj_task("low")["id"]
            self.assertEqual(call("DELETE", "/task", {"ids": [ids["low"], 999999999]}),
                             (200, {"code": 0, "msg": "ok", "error": "", "data": {"deleted": 1}}))
            self.assertEqual(call("GET", f"/task/{ids['low']}")[1]["code"], 10109)
            self.assertEqual(gw.get(f"/mj/task/{low_mj}/fetch").status, 404)
            self.assertEqual(call("GET", "/tasks?limit=0")[1]["total"], total - 1)
            self.assertEqual(call("DELETE", "/task", {"ids": None})[1]["data"], {"deleted": 0})
            # A running task is cancelled, then removed.
            doomed = create("doomed", input_=f"job-doomed-{tag} #sim:stall")
            h.wait_until(lambda: task(doomed)["status"] == 2, 15, "doomed runs")
            doomed_mj = mj_task("doomed")["id"]
            self.assertEqual(call("DELETE", "/task", {"ids": [doomed]})[1]["data"], {"deleted": 1})
            self.assertEqual(call("GET", f"/task/{doomed}")[1]["code"], 10109)
            self.assertEqual(gw.get(f"/mj/task/{doomed_mj}/fetch").status, 404)

            # Uploads: sniffed, stored, served back with caching and ranges.
            png = base64.b64decode(PNG_1PX)
            boundary = "e2eboundary" + RUN

            def multipart(filename, data, ctype):
                body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
                        f"filename=\"{filename}\"\r\nContent-Type: {ctype}\r\n\r\n").encode() + data
                return body + f"\r\n--{boundary}--\r\n".encode()

            up_headers = {**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"}
            r = h.http("POST", api + "/upload", body=multipart("a.png", png, "application/octet-stream"),
                       headers=up_headers)
            up = r.json()
            self.assertEqual((r.status, up["code"], up["error"]), (200, 0, ""), up)
            self.assertRegex(up["uri"], r"^/files/[A-Za-z0-9]{20}\.png$")
            self.assertEqual(up["full_uri"], gw.base + up["uri"])
            got = h.http("GET", up["full_uri"])
            self.assertEqual((got.status, got.body), (200, png))
            self.assertEqual(header(got.headers, "Content-Type"), "image/png")
            self.assertEqual(header(got.headers, "Cache-Control"), "public, max-age=31536000, immutable")
            etag = header(got.headers, "ETag")
            self.assertEqual(h.http("GET", up["full_uri"], headers={"If-None-Match": etag}).status, 304)
            part = h.http("GET", up["full_uri"], headers={"Range": "bytes=0-3"})
            self.assertEqual((part.status, part.body), (206, png[:4]))
            self.assertEqual(h.http("GET", gw.base + "/files/AAAAAAAAAAAAAAAAAAAA.png").status, 404)
            self.assertEqual(h.http("GET", gw.base + "/files/..%2Fmjgate.toml").status, 404)
            r = h.http("POST", api + "/upload", body=multipart("a.png", b"just some text", "image/png"),
                       headers=up_headers)
            self.assertEqual((r.status, r.json()["code"]), (400, 10102), r)
            self.assertEqual(h.http("POST", api + "/upload", body=multipart("a.png", png, "image/png"),
                                    headers={"Content-Type": up_headers["Content-Type"]}).json()["code"], 10107)

            # A video task from the uploaded image runs as VIDEO.
            video = create("video", type_="video", input_=f"{up['full_uri']} job-video-{tag}")
            h.wait_until(lambda: task(video)["status"] in (1, 3), 60, "the video task finishes")
            self.assertEqual(task(video)["status"], 1, task(video))
            self.assertEqual(mj_task("video")["action"], "VIDEO")
            sent = [p for p in sim_prompts() if f"job-video-{tag}" in p]
            self.assertTrue(sent and sent[0].startswith(up["full_uri"]) and "--video 1" in sent[0], sent)
        finally:
            gw.proc.stop()


    # 27. Quota and billing (api-contracts 5.3, 1.7) with billing.enabled and small prices:
    #     a balance for exactly N tasks accepts N and refuses the next with 4 "额度不足" and
    #     no task; FAILURE, run timeout and cancel-before-dispatch refund exactly once,
    #     SUCCESS settles; a limited key is debited and restored; a burst of concurrent
    #     submits and cancels never refunds twice; a modal click is free and /submit/modal
    #     pays; node-api's envelopes; the rate limit 23.
    def test_27_quota(self):
        price = 100
        gw = ENV.gateway("quota", [{"id": "accq", "sim": 22, "core_size": 1, "queue_size": 50}],
                         run_timeout="5s",
                         extra_config=["[billing]", "enabled = true",
                                       f'prices = ["mj_imagine={price}", "mj_upscale=40", "mj_zoom=70"]',
                                       "[auth]", "rate_limit = 20"])
        api = gw.base + "/mjgate/api/v1"
        root = {"Authorization": f"Bearer {h.ROOT_KEY}"}

        def data(r):
            self.assertEqual(r.status, 200, r)
            return r.json()["data"]

        def user(name, balance, remaining=None):
            u = data(h.http("POST", api + "/users", body={"name": f"{name}-{RUN}"}, headers=root))
            if balance:  # the admin edit path, audited as an adjustment
                self.assertEqual(data(h.http("PUT", f"{api}/users/{u['id']}", body={"quota": balance},
                                             headers=root))["quota"], balance)
            body = {"name": "k"} if remaining is None else {"name": "k", "remaining_quota": remaining}
            key = data(h.http("POST", f"{api}/users/{u['id']}/tokens", body=body, headers=root))
            return u["id"], key["id"], {"Authorization": f"Bearer {key['key']}"}

        def balance(uid):
            return data(h.http("GET", f"{api}/users/{uid}", headers=root))["quota"]

        def submit(hdr, prompt):
            r = h.http("POST", gw.base + "/mj/submit/imagine", body={"prompt": prompt}, headers=hdr)
            self.assertEqual(r.status, 200, r)
            return r.json()

        def refused_quota(ack):
            self.assertEqual((ack["code"], ack["description"], ack["result"]), (4, "额度不足", None), ack)

        def ledger(ids):
            rows = self._db_rows(gw, "select task_id, kind, amount from quota_ledger")
            out = {i: [] for i in ids}
            for task_id, kind, amount in rows:
                if task_id in out:
                    out[task_id].append((kind, int(amount)))
            return {i: sorted(v) for i, v in out.items()}

        def task_count(uid):
            return int(self._db_rows(gw, f"select count(*) from tasks where user_id = {int(uid)}")[0][0])

        try:
            # A balance for exactly 4 imagines: 4 accepted, the 5th refused, nothing stored.
            a, _, ahdr = user("qa", 4 * price)
            stall = self.assertAck(submit(ahdr, f"holds the only slot #sim:stall q-{RUN}"))
            ok = self.assertAck(submit(ahdr, f"settles q-{RUN}"))
            queued = self.assertAck(submit(ahdr, f"cancelled in the queue q-{RUN}"))
            fails = self.assertAck(submit(ahdr, f"fails on discord #sim:fail q-{RUN}"))
            self.assertEqual(balance(a), 0)
            refused_quota(submit(ahdr, f"one too many q-{RUN}"))
            self.assertEqual(task_count(a), 4, "a refused submit creates no task")
            # node-api: the same refusal in its envelope.
            r = h.http("POST", gw.base + "/api/v1/trigger/submit", body={"action": "IMAGINE", "prompt": "x"},
                       headers=ahdr)
            self.assertEqual((r.status, r.json()), (403, {"code": 0, "description": "额度不足"}), r)
            self.assertEqual(task_count(a), 4)
            self.assertEqual(gw.fetch(queued)["status"], "NOT_START")
            c = h.http("POST", f"{gw.base}/mj/task/{queued}/cancel", body={}, headers=ahdr).json()
            self.assertEqual(c["code"], 1, c)
            done = gw.wait_terminal([stall, ok, queued, fails], timeout=60)
            self.assertEqual({i: done[i]["status"] for i in (stall, ok, queued, fails)},
                             {stall: "FAILURE", ok: "SUCCESS", queued: "CANCEL", fails: "FAILURE"})
            self.assertEqual(balance(a), 3 * price, "three refunds, one charge")
            rows = ledger([stall, ok, queued, fails])
            for tid in (stall, queued, fails):
                self.assertEqual(rows[tid], [("hold", price), ("refund", price)], tid)
            self.assertEqual(rows[ok], [("hold", price), ("settle", price)])
            states = dict((i, (s, int(q))) for i, s, q in self._db_rows(
                gw, "select id, billing_state, quota from tasks where id in ('%s')" % "','".join(
                    [stall, ok, queued, fails])))
            self.assertEqual(states, {stall: ("REFUNDED", 0), ok: ("SETTLED", price),
                                      queued: ("REFUNDED", 0), fails: ("REFUNDED", 0)})
            adjust = self._db_rows(gw, f"select amount from quota_ledger where kind = 'adjust' and user_id = {a}")
            self.assertEqual([int(x[0]) for x in adjust], [4 * price], "the admin's edit is in the ledger")

            # The task's quota in the new-api list (the mj Task JSON never shows billing).
            token = data(h.http("POST", f"{api}/users/{a}/access-token", body={}, headers=root))["access_token"]
            items = h.http("GET", gw.base + "/api/mj/self?page_size=100",
                           headers={"Authorization": f"Bearer {token}"}).json()["data"]["items"]
            self.assertEqual({x["mj_id"]: x["quota"] for x in items},
                             {stall: 0, ok: price, queued: 0, fails: 0})

            # A key limited to 2.5 imagines: the key, not the balance, refuses the third;
            # refunds restore the key and the balance.
            b, bkey, bhdr = user("qb", 10 * price, remaining=int(2.5 * price))
            # b1 holds the only slot (stalls until the 5 s run timeout) and b2 waits behind it,
            # so neither is refunded before the third submit (a fast #sim:fail on b1 was, once).
            b1 = self.assertAck(submit(bhdr, f"key one #sim:stall q-{RUN}"))
            b2 = self.assertAck(submit(bhdr, f"key two #sim:fail q-{RUN}"))
            refused_quota(submit(bhdr, f"key three q-{RUN}"))
            keys = data(h.http("GET", f"{api}/users/{b}/tokens", headers=root))
            self.assertEqual([k["remaining_quota"] for k in keys if k["id"] == bkey], [int(0.5 * price)])
            self.assertEqual(balance(b), 8 * price)
            gw.wait_terminal([b1, b2], timeout=60)
            h.wait_until(lambda: balance(b) == 10 * price, 10, "the key holder's refunds")
            keys = data(h.http("GET", f"{api}/users/{b}/tokens", headers=root))
            self.assertEqual([k["remaining_quota"] for k in keys if k["id"] == bkey], [int(2.5 * price)])

            # A burst: 14 concurrent submits against a balance for 9, then 3 concurrent cancels
            # of each accepted task. Every task holds once and ends once; the arithmetic is exact.
            cu, _, chdr = user("qc", 9 * price)
            blocker = self.assertAck(submit(ahdr, f"keeps the slot busy #sim:stall q-{RUN}"))
            with concurrent.futures.ThreadPoolExecutor(14) as pool:
                acks = list(pool.map(lambda n: submit(chdr, f"burst {n} q-{RUN}"), range(14)))
            accepted = [x["result"] for x in acks if x["code"] in (1, 22)]
            self.assertEqual(len(accepted), 9, acks)
            for x in acks:
                if x["code"] not in (1, 22):
                    refused_quota(x)
            self.assertEqual(task_count(cu), 9)

            def cancel(tid):
                return h.http("POST", f"{gw.base}/mj/task/{tid}/cancel", body={}, headers=chdr).json()["code"]

            with concurrent.futures.ThreadPoolExecutor(27) as pool:
                codes = list(pool.map(cancel, accepted * 3))
            self.assertEqual(codes.count(1), 9, f"one cancel per task wins: {codes}")
            gw.wait_terminal(accepted + [blocker], timeout=60)
            rows = ledger(accepted)
            states = dict(self._db_rows(gw, "select id, billing_state from tasks where id in ('%s')" %
                                        "','".join(accepted)))
            for tid in accepted:
                end = {"REFUNDED": "refund", "SETTLED": "settle"}[states[tid]]
                self.assertEqual(rows[tid], sorted([("hold", price), (end, price)]), tid)
            settled = sum(states[t] == "SETTLED" for t in accepted)
            self.assertEqual(balance(cu), 9 * price - settled * price, states)
            time.sleep(1)  # a late double refund would show here
            self.assertEqual(balance(cu), 9 * price - settled * price)
            self.assertEqual(ledger(accepted), rows)

            # A modal-only click (custom zoom) is free; /submit/modal pays for it, and a
            # balance that cannot pay leaves the task MODAL (then cancelled: nothing to refund).
            e, _, ehdr = user("qe", price + 40 + 70)
            grid = self.assertAck(submit(ehdr, f"a grid to zoom q-{RUN}"))
            self.assertEqual(gw.wait_terminal([grid], timeout=60)[grid]["status"], "SUCCESS")
            up = self.assertAck(h.http("POST", gw.base + "/mj/submit/change", headers=ehdr,
                                       body={"taskId": grid, "action": "UPSCALE", "index": 1}).json())
            single = gw.wait_terminal([up], timeout=60)[up]
            self.assertEqual(single["status"], "SUCCESS", single)
            self.assertEqual(balance(e), 70)
            zoom = [b["customId"] for b in single["buttons"] if "CustomZoom" in b["customId"]][0]

            def click():
                r = h.http("POST", gw.base + "/mj/submit/action", headers=ehdr,
                           body={"taskId": up, "customId": zoom}).json()
                self.assertEqual(r.get("code"), 21, r)
                return r["result"]

            z1, z2 = click(), click()
            self.assertEqual(balance(e), 70, "a modal click holds nothing")
            self.assertEqual(ledger([z1, z2]), {z1: [], z2: []})

            def confirm(tid):
                return h.http("POST", gw.base + "/mj/submit/modal", headers=ehdr,
                              body={"taskId": tid, "prompt": f"{single['promptEn']} --ar 1:1 --zoom 1.5"}).json()

            self.assertEqual(self.assertAck(confirm(z1)), z1)
            self.assertEqual(balance(e), 0)
            refused_quota(confirm(z2))
            self.assertEqual(gw.fetch(z2)["status"], "MODAL", "an unpaid modal keeps waiting")
            self.assertEqual(h.http("POST", f"{gw.base}/mj/task/{z2}/cancel", body={}, headers=ehdr).json()["code"], 1)
            self.assertEqual(gw.wait_terminal([z1, z2], timeout=60)[z1]["status"], "SUCCESS")
            self.assertEqual(ledger([z1, z2]), {z1: [("hold", 70), ("settle", 70)], z2: []})
            self.assertEqual(balance(e), 0)

            # Rate limit (auth.rate_limit = 20 a minute): the 21st submit within the minute is 23,
            # even when the balance would refuse it anyway; node-api answers 429 + Retry-After.
            _, _, dhdr = user("qd", 0)
            for n in range(20):
                refused_quota(submit(dhdr, f"rate {n} q-{RUN}"))
            limited = submit(dhdr, f"rate 21 q-{RUN}")
            self.assertEqual((limited["code"], limited["result"]), (23, None), limited)
            self.assertIn("提交过于频繁", limited["description"])
            self.assertGreaterEqual(limited["properties"]["retryAfter"], 1, limited)
            r = h.http("POST", gw.base + "/api/v1/trigger/submit", body={"action": "IMAGINE", "prompt": "x"},
                       headers=dhdr)
            self.assertEqual(r.status, 429, r)
            self.assertEqual(r.json()["code"], 0, r)
            self.assertGreaterEqual(int(header(r.headers, "Retry-After") or 0), 1, r.headers)
            self.assertEqual(gw.imagine(f"root is exempt #sim:fail q-{RUN}")["code"] in (1, 22), True)
        finally:
            gw.proc.stop()

    # 30. Channels administered through the API (issue 6): admins create, list, read,
    #     update and delete Suno channels; keys masked in every answer, sealed in the
    #     table, absent from the log; config channels read-only; live updates (disable
    #     → 503 no_available_channel, enable, a new key); billing holds on accept,
    #     settles on SUCCESS, refunds once on FAILURE; deleting a channel fails its
    #     in-flight tasks "渠道已删除" and refunds each exactly once, even while its
    #     tasks fail upstream at the same time; a plain user gets 403.
    def test_30_channel_admin(self):
        sim = ENV.sim()
        secret = "sim-suno-key"  # what the simulator's Suno upstream accepts
        masked = "sim-********-key"
        music_price, lyrics_price = 300, 20
        gw = ENV.gateway("channels", [], extra_config=[
            "[poll]", 'interval = "1s"', 'backoff_base = "1s"', 'backoff_max = "2s"',
            "[billing]", "enabled = true",
            f'prices = ["suno_music={music_price}", "suno_lyrics={lyrics_price}"]',
            "[[channels]]", "id = 50", 'name = "from-config"', 'type = "suno"',
            f'base_url = "{sim.base}"', f'key = "{secret}"', "enabled = false"])
        manage = Manage(self, gw)
        api, root, bodies = manage.api, manage.root, manage.bodies
        call, data, refused = manage.call, manage.data, manage.refused
        balance0 = 10000
        u, key = manage.user_with_quota(f"chan-{RUN}", balance0)  # a plain user with a key
        user = {"Authorization": f"Bearer {key}"}

        def balance():
            return manage.balance(u)

        def submit(action, prompt):
            return h.http("POST", gw.base + f"/suno/submit/{action}", body={"prompt": prompt}, headers=user)

        def accepted(action, prompt):
            r = submit(action, prompt)
            self.assertEqual(r.status, 200, r)
            return r.json()["data"]

        def item(tid):
            r = h.http("GET", gw.base + f"/suno/fetch/{tid}", headers=user)
            self.assertEqual(r.status, 200, r)
            return r.json()["data"]

        def wait_done(tids, timeout):
            return wait_suno_terminal(item, tids, timeout)

        def ledger():
            """{task id: sorted [(kind, amount)]} of the user's tasks."""
            out = {}
            for tid, kind, amount in self._db_rows(
                    gw, f"select task_id, kind, amount from quota_ledger where user_id = {int(u['id'])} "
                        "and task_id <> ''"):
                out.setdefault(tid, []).append((kind, int(amount)))
            return {t: sorted(v) for t, v in out.items()}

        def local_id(task_center_id):
            rows = self._db_rows(gw, "select id from tasks where upstream_task_id = '%s'" % task_center_id)
            self.assertEqual(len(rows), 1, rows)
            return rows[0][0]

        try:
            h.http("POST", sim.base + "/_sim/suno", body={"step_ms": 300, "down": False})
            # -- a plain user may not administer channels
            for method, path, body in (("GET", "/channels", None), ("POST", "/channels", {"name": "x"}),
                                       ("DELETE", "/channels/50", None)):
                refused(call(method, path, body, headers=user), 403, "admins")
            refused(call("GET", "/channels", headers={}), 401, "")

            # -- the config channel is listed, masked, read-only
            listed = data(call("GET", "/channels"))
            self.assertEqual((listed["total"], listed["items"][0]["id"], listed["items"][0]["source"],
                              listed["items"][0]["key"], listed["items"][0]["enabled"]),
                             (1, 50, "config", masked, False), listed)
            refused(call("PUT", "/channels/50", body={"enabled": True}), 403, "config file")
            refused(call("DELETE", "/channels/50"), 403, "config file")
            # disabled everywhere: no channel can take the task, nothing is held or stored
            r = submit("music", f"nobody serves me e2e-{RUN}")
            self.assertEqual((r.status, r.json()["code"]), (503, "no_available_channel"), r)

            # -- validation
            good = {"name": f"api-{RUN}", "type": "suno", "base_url": sim.base, "key": secret,
                    "models": ["MUSIC", "LYRICS"], "weight": 2, "priority": 5}
            for bad, needle in ((dict(good, type="dalle"), "type"), (dict(good, base_url="ftp://x"), "base_url"),
                                (dict(good, weight=0), "weight"), (dict(good, key=""), "key"),
                                (dict(good, models=[1]), "models"), (dict(good, weight="2"), "weight")):
                refused(call("POST", "/channels", body=bad), 400, needle)
            refused(call("POST", "/channels", body=dict(good, name="from-config")), 409, "taken")

            # -- create: masked answer, sealed row, id past the config channel's
            ch = data(call("POST", "/channels", body=good))
            cid = ch["id"]
            self.assertGreater(cid, 50, ch)
            self.assertEqual((ch["name"], ch["type"], ch["base_url"], ch["key"], ch["models"], ch["weight"],
                              ch["priority"], ch["enabled"], ch["source"]),
                             (good["name"], "suno", sim.base, masked, ["MUSIC", "LYRICS"], 2, 5, True, "api"), ch)
            self.assertEqual(data(call("GET", f"/channels/{cid}")), ch)
            self.assertEqual([c["id"] for c in data(call("GET", "/channels"))["items"]], [50, cid])
            refused(call("GET", "/channels/99999"), 404, "no channel")
            rows = self._db_rows(gw, f"select key_sealed, key_masked from channels where id = {cid}")
            self.assertEqual(len(rows), 1, rows)
            self.assertTrue(rows[0][0].startswith("enc:v1:"), rows)
            self.assertNotIn(secret, rows[0][0])
            self.assertEqual(rows[0][1], masked)

            # -- a song through it: held on accept, settled on SUCCESS
            song = accepted("music", f"through the api channel e2e-{RUN}")
            self.assertEqual(balance(), balance0 - music_price)
            self.assertEqual(wait_done([song], 30)[song]["status"], "SUCCESS")
            self.assertEqual(ledger()[local_id(song)], [("hold", music_price), ("settle", music_price)])
            spent = music_price

            # -- disable live: 503; enable (masked key = unchanged): works again
            off = data(call("PUT", f"/channels/{cid}", body={"enabled": False}))
            self.assertEqual((off["enabled"], off["key"], off["weight"]), (False, masked, 2), off)
            r = submit("music", f"channel is off e2e-{RUN}")
            self.assertEqual((r.status, r.json()["code"]), (503, "no_available_channel"), r)
            on = data(call("PUT", f"/channels/{cid}", body={"enabled": True, "key": masked}))
            self.assertEqual(on["enabled"], True, on)
            words = accepted("lyrics", f"back on e2e-{RUN}")
            spent += lyrics_price
            self.assertEqual(wait_done([words], 30)[words]["status"], "SUCCESS")

            # -- a wrong key, live: the upstream refuses (401), the hold is refunded once
            data(call("PUT", f"/channels/{cid}", body={"key": "wrong-key-0123456789"}))
            r = submit("music", f"wrong key e2e-{RUN}")
            self.assertEqual((r.status, r.json()["code"]), (502, "fail_to_fetch_task"), r)
            self.assertEqual(balance(), balance0 - spent)
            fixed = data(call("PUT", f"/channels/{cid}", body={"key": secret}))
            self.assertEqual(fixed["key"], masked, fixed)
            upstream_fail = accepted("music", f"fails upstream #suno:fail e2e-{RUN}")
            self.assertEqual(wait_done([upstream_fail], 30)[upstream_fail]["status"], "FAILURE")
            self.assertEqual(ledger()[local_id(upstream_fail)], [("hold", music_price), ("refund", music_price)])
            self.assertEqual(balance(), balance0 - spent)

            # -- delete with tasks in flight, racing upstream failures
            forgotten = [accepted("music", f"in flight {i} #suno:forget e2e-{RUN}") for i in range(3)]
            # Staggered over about 2 s: at the delete, the oldest have failed upstream,
            # the middle ones fail upstream while the poller is being retired, the
            # newest are plainly in flight.
            failing = []
            for i in range(8):
                failing.append(accepted("music", f"racing {i} #suno:fail e2e-{RUN}"))
                time.sleep(0.25)
            gone = data(call("DELETE", f"/channels/{cid}"))
            self.assertEqual(gone, {"id": cid, "deleted": True})
            done = wait_done(forgotten + failing, 30)
            for tid in forgotten:
                self.assertEqual((done[tid]["status"], done[tid]["fail_reason"]), ("FAILURE", "渠道已删除"), done[tid])
            for tid in failing:
                self.assertEqual(done[tid]["status"], "FAILURE", done[tid])
            time.sleep(2.0)  # late poll answers and sweeps have nothing left to refund
            book = ledger()
            for tid in forgotten + failing:
                self.assertEqual(book[local_id(tid)], [("hold", music_price), ("refund", music_price)], tid)
            self.assertEqual(balance(), balance0 - spent)
            refund_rows = self._db_rows(gw, f"select task_id, count(*) from quota_ledger where user_id = "
                                            f"{int(u['id'])} and kind = 'refund' group by task_id having count(*) > 1")
            self.assertEqual(refund_rows, [])

            # -- gone: 404, not listed, no row, no task can reach it
            refused(call("GET", f"/channels/{cid}"), 404, "no channel")
            refused(call("DELETE", f"/channels/{cid}"), 404, "no channel")
            self.assertEqual([c["id"] for c in data(call("GET", "/channels"))["items"]], [50])
            self.assertEqual(self._db_rows(gw, f"select id from channels where id = {cid}"), [])
            r = submit("music", f"after the delete e2e-{RUN}")
            self.assertEqual((r.status, r.json()["code"]), (503, "no_available_channel"), r)

            # -- a restart: API channels come back from the table (their sealed keys
            #    open again), a config channel gone from the file is gone.
            kept = data(call("POST", "/channels", body=dict(good, name=f"kept-{RUN}")))
            gw.proc.stop()
            with open(gw.config_path, encoding="utf-8") as f:
                text = f.read()
            with open(gw.config_path, "w", encoding="utf-8") as f:
                f.write(text[:text.index("[[channels]]")])
            gw.start()
            listed = data(call("GET", "/channels"))["items"]
            self.assertEqual([(c["id"], c["key"], c["source"]) for c in listed], [(kept["id"], masked, "api")], listed)
            gw.proc.wait_line(r"channel 50 left the config file: removed", timeout=5)
            again = accepted("music", f"after the restart e2e-{RUN}")
            self.assertEqual(wait_done([again], 30)[again]["status"], "SUCCESS")

            for body in bodies:
                self.assertNotIn(secret, body)
                self.assertNotIn("wrong-key-0123456789", body)
        finally:
            h.http("POST", sim.base + "/_sim/suno", body={"down": False})
            gw.proc.stop()
        logs = ""
        for name in sorted(os.listdir(gw.dir)):
            if name.startswith("mjgate.") and name.endswith(".log"):
                with open(os.path.join(gw.dir, name), encoding="utf-8", errors="replace") as f:
                    logs += f.read()
        for clear in (secret, "wrong-key-0123456789"):
            self.assertNotIn(clear, logs, f"clear key in the logs of {gw.dir}")
        self.assertIn(f"channel {cid} deleted", logs)

    def test_31_idempotency(self):
        price = 100
        password = "e2e-root-" + secrets.token_hex(10)
        gw = ENV.gateway("idem", [{"id": "acci", "sim": 23, "core_size": 2, "queue_size": 50}],
                         run_timeout="8s", env={"MJGATE_SECURITY__ROOT_PASSWORD": password},
                         extra_config=["[billing]", "enabled = true",
                                       f'prices = ["mj_imagine={price}"]',
                                       "[backend]", "max_pending = 3"])
        api = gw.base + "/mjgate/api/v1"
        root = {"Authorization": f"Bearer {h.ROOT_KEY}"}

        def data(r):
            self.assertEqual(r.status, 200, r)
            return r.json()["data"]

        def user(name, balance):
            u = data(h.http("POST", api + "/users", body={"name": f"{name}-{RUN}"}, headers=root))
            data(h.http("PUT", f"{api}/users/{u['id']}", body={"quota": balance}, headers=root))
            key = data(h.http("POST", f"{api}/users/{u['id']}/tokens", body={"name": "k"}, headers=root))
            return u["id"], {"Authorization": f"Bearer {key['key']}"}

        def imagine(hdr, prompt, key, path="/mj/submit/imagine"):
            return h.http("POST", gw.base + path, body={"prompt": prompt},
                          headers={**hdr, "Idempotency-Key": key})

        def count(where):
            return int(self._db_rows(gw, f"select count(*) from tasks where {where}")[0][0])

        def holds(uid):
            return int(self._db_rows(gw, "select count(*) from quota_ledger where kind = 'hold' "
                                         f"and user_id = {int(uid)}")[0][0])

        try:
            a, ahdr = user("ia", 50 * price)
            b, bhdr = user("ib", 50 * price)
            # Same user, same key: the first answer again, byte for byte; one task, one hold.
            first = imagine(ahdr, f"once only i-{RUN}", "order-1")
            tid = self.assertAck(first.json())
            again = imagine(ahdr, f"once only i-{RUN}", "order-1")
            self.assertEqual((again.status, again.body), (first.status, first.body))
            # Even through a speed-prefixed path and with another body: the key decides.
            third = imagine(ahdr, f"something else i-{RUN}", "order-1", "/mj-fast/mj/submit/imagine")
            self.assertEqual(third.body, first.body)
            self.assertEqual(count(f"user_id = {a}"), 1)
            self.assertEqual(holds(a), 1, "one charge")
            # Another user with the same key gets a task of its own.
            other = imagine(bhdr, f"once only i-{RUN}", "order-1")
            self.assertNotEqual(self.assertAck(other.json()), tid)
            self.assertEqual(count(f"user_id = {b}"), 1)
            # A key that is not 1-128 visible ASCII characters: a clear error, nothing created.
            for bad in ("has space", "x" * 129):
                r = imagine(ahdr, f"bad key i-{RUN}", bad)
                self.assertEqual(r.status, 400, r)
                self.assertIn("Idempotency-Key", r.json()["description"])
            self.assertEqual(count(f"user_id = {a}"), 1)
            # Concurrent duplicates: one runs, the others wait and answer the same.
            with concurrent.futures.ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(lambda n: imagine(ahdr, f"burst i-{RUN}", "burst-1"), range(8)))
            self.assertEqual({(x.status, x.body) for x in answers}, {(answers[0].status, answers[0].body)})
            self.assertAck(answers[0].json())
            self.assertEqual(count(f"user_id = {a}"), 2)
            self.assertEqual(holds(a), 2)
            # node-api and the task center's neighbours: the same rules in their envelopes.
            node = [h.http("POST", gw.base + "/api/v1/trigger/submit", headers={**ahdr, "Idempotency-Key": "n-1"},
                           body={"action": "IMAGINE", "prompt": f"node i-{RUN}"}) for _ in range(2)]
            self.assertEqual(node[0].status, 200, node[0])
            self.assertEqual(node[1].body, node[0].body)
            r = h.http("POST", gw.base + "/api/v1/trigger/submit", headers={**ahdr, "Idempotency-Key": "bad key"},
                       body={"action": "IMAGINE", "prompt": "x"})
            self.assertEqual((r.status, r.json()["code"]), (400, 0), r)
            self.assertEqual(count(f"user_id = {a}"), 3)
            # backend admin: POST /task with a key, twice → one task, same data.id.
            login = h.http("POST", gw.base + "/backend/api/v1/login", body={"name": "root", "password": password})
            self.assertEqual(login.status, 200, login)
            token = {"x-auth-token": header(login.headers, "x-auth-token")}
            before = count("origin = 'backend'")
            posts = [h.http("POST", gw.base + "/backend/api/v1/task", headers={**token, "Idempotency-Key": "bk-1"},
                            body={"type": "image", "input": f"backend i-{RUN}"}) for _ in range(2)]
            self.assertEqual(posts[0].json()["code"], 0, posts[0])
            self.assertEqual(posts[1].body, posts[0].body)
            self.assertEqual(count("origin = 'backend'"), before + 1)
            # kill -9 and restart: the stored answer survives.
            gw.kill9()
            gw.start()
            after = imagine(ahdr, f"once only i-{RUN}", "order-1")
            self.assertEqual((after.status, after.body), (first.status, first.body))
            self.assertEqual(count(f"user_id = {a}"), 3)
            self.assertEqual(holds(a), 3)
            stored = int(self._db_rows(gw, f"select count(*) from idempotency_keys where user_id = {a}")[0][0])
            self.assertEqual(stored, 3, "order-1, burst-1, n-1")
            # backend.max_pending = 3: two stalled jobs fill the account's two slots, then
            # waiting tasks pile up until POST /task answers 10202 (HTTP 429).
            login = h.http("POST", gw.base + "/backend/api/v1/login", body={"name": "root", "password": password})
            token = {"x-auth-token": header(login.headers, "x-auth-token")}
            refused, accepted = None, 0
            for n in range(8):
                r = h.http("POST", gw.base + "/backend/api/v1/task", headers=token,
                           body={"type": "image", "input": f"pending {n} #sim:stall i-{RUN}"})
                if r.json()["code"] != 0:
                    refused = r
                    break
                accepted += 1
            self.assertIsNotNone(refused, "no 10202 after 8 submits")
            self.assertEqual((refused.status, refused.json()["code"], refused.json()["error"]),
                             (429, 10202, "too_many_pending"), refused)
            # Root's earlier tasks may be waiting too (the slots may be busy with user a's
            # jobs resumed after the restart): at least three of root's tasks are unfinished.
            self.assertGreaterEqual(accepted, 1)
            unfinished = count("user_id = 1 and status in ('NOT_START', 'MODAL', 'SUBMITTED', 'IN_PROGRESS')")
            self.assertGreaterEqual(unfinished, 3)
            # Transient: not kept under an Idempotency-Key (the retry may run once a slot frees).
            again = h.http("POST", gw.base + "/backend/api/v1/task", headers={**token, "Idempotency-Key": "full-1"},
                           body={"type": "image", "input": f"pending again i-{RUN}"})
            self.assertEqual(again.json()["code"], 10202, again)
            self.assertEqual(header(again.headers, "Retry-After"), "10", again.headers)
            stored = self._db_rows(gw, "select count(*) from idempotency_keys where idem_key = 'full-1'")
            self.assertEqual(int(stored[0][0]), 0, "a 10202 is not stored")
        finally:
            gw.proc.stop()

    # 32. A channel's HTTP proxy (issue 6): a Suno channel created through the admin API
    # with the simulator's proxy (Basic credentials) carries music to SUCCESS, the proxy
    # counts its submit and polls; answers, rows and logs show the proxy masked only; a
    # PATCH to a dead proxy (and to wrong credentials) fails the next submit with 502 and a
    # refund, a PATCH back recovers; speed_prefix/callback are set through the API.
    def test_32_channel_proxy(self):
        sim = ENV.sim()
        secret = "sim-suno-key"
        password = sim.proxy_password
        proxy = sim.proxy_url()
        proxy_masked = proxy.replace(password, "********")
        self.assertNotEqual(proxy, proxy_masked)
        music_price = 300
        gw = ENV.gateway("proxy", [], extra_config=[
            "[poll]", 'interval = "1s"', 'backoff_base = "1s"', 'backoff_max = "2s"',
            "[billing]", "enabled = true", f'prices = ["suno_music={music_price}"]',
            "[[channels]]", "id = 60", 'name = "config-proxied"', 'type = "suno"',
            f'base_url = "{sim.base}"', f'key = "{secret}"', "enabled = false", f'proxy = "{proxy}"'])
        manage = Manage(self, gw)
        api, root, bodies = manage.api, manage.root, manage.bodies
        call, data, refused = manage.call, manage.data, manage.refused
        balance0 = 10000
        u, key = manage.user_with_quota(f"proxy-{RUN}", balance0)
        user = {"Authorization": f"Bearer {key}"}

        def balance():
            return manage.balance(u)

        def submit(prompt):
            r = h.http("POST", gw.base + "/suno/submit/music", body={"prompt": prompt}, headers=user)
            bodies.append(r.body.decode() if isinstance(r.body, bytes) else str(r.body))
            return r

        def accepted(prompt):
            r = submit(prompt)
            self.assertEqual(r.status, 200, r)
            return r.json()["data"]

        def item(tid):
            r = h.http("GET", gw.base + f"/suno/fetch/{tid}", headers=user)
            self.assertEqual(r.status, 200, r)
            return r.json()["data"]

        def relayed():
            """(submits, fetches) the sim proxy relayed so far."""
            by = sim.proxy_stats()["by_request"]
            return (sum(n for k, n in by.items() if k.upper().startswith("POST /SUNO/SUBMIT/")),
                    by.get("POST /suno/fetch", 0))

        def song_through_proxy(prompt):
            before = relayed()
            tid = accepted(prompt)
            done = wait_suno_terminal(item, [tid], 30)[tid]
            self.assertEqual(done["status"], "SUCCESS", done)
            after = relayed()
            self.assertEqual(after[0], before[0] + 1, (before, after))  # the submit
            self.assertGreaterEqual(after[1], before[1] + 1, (before, after))  # the polls
            return tid

        cid = None
        try:
            h.http("POST", sim.base + "/_sim/suno", body={"step_ms": 300, "down": False})
            # -- the config channel's proxy is sealed and shown masked
            listed = data(call("GET", "/channels"))["items"]
            self.assertEqual([(c["id"], c["proxy"]) for c in listed], [(60, proxy_masked)], listed)

            # -- validation: clear 400s in the manage envelope, never echoing a password
            good = {"name": f"proxied-{RUN}", "type": "suno", "base_url": sim.base, "key": secret,
                    "models": ["MUSIC"], "proxy": proxy}
            for bad, needle in ((dict(good, proxy="socks5://u:hunter2x@127.0.0.1:1080"), "only http://"),
                                (dict(good, proxy="http://127.0.0.1"), "port"),
                                (dict(good, proxy=7), "proxy must be a string"),
                                (dict(good, proxy=proxy_masked), "masked proxy"),
                                (dict(good, callback=True), "midjourney-proxy channels only"),
                                (dict(good, speed_prefix="yes"), "speed_prefix must be true or false")):
                refused(call("POST", "/channels", body=bad), 400, needle)

            # -- create with the proxy: masked in every answer, sealed in its row
            ch = data(call("POST", "/channels", body=good))
            cid = ch["id"]
            self.assertEqual((ch["proxy"], ch["speed_prefix"], ch["callback"]), (proxy_masked, False, False), ch)
            self.assertEqual(data(call("GET", f"/channels/{cid}"))["proxy"], proxy_masked)
            rows = self._db_rows(gw, f"select proxy_sealed, proxy_masked from channels where id = {cid}")
            self.assertEqual(len(rows), 1, rows)
            self.assertTrue(rows[0][0].startswith("enc:v1:"), rows)
            self.assertNotIn(password, rows[0][0])
            self.assertEqual(rows[0][1], proxy_masked)

            # -- music through the proxy: the proxy relayed its submit and its polls
            first = song_through_proxy(f"through the proxy e2e-{RUN}")
            self.assertEqual(balance(), balance0 - music_price)
            spent = music_price

            # -- a dead proxy (a closed port), live: the next submit fails, refunded
            dead = f"http://{h.Sim.PROXY_USER}:{password}@127.0.0.1:{h.free_port()}"
            off = data(call("PATCH", f"/channels/{cid}", body={"proxy": dead}))
            self.assertEqual(off["proxy"], dead.replace(password, "********"), off)
            r = submit(f"dead proxy e2e-{RUN}")
            self.assertEqual((r.status, r.json()["code"]), (502, "fail_to_fetch_task"), r)
            self.assertEqual(balance(), balance0 - spent)  # held, then refunded

            # -- wrong credentials: the proxy answers 407, same outcome
            stats = sim.proxy_stats()
            wrong = proxy.replace(password, "not-the-password")
            data(call("PATCH", f"/channels/{cid}", body={"proxy": wrong}))
            r = submit(f"wrong proxy password e2e-{RUN}")
            self.assertEqual((r.status, r.json()["code"]), (502, "fail_to_fetch_task"), r)
            self.assertEqual(balance(), balance0 - spent)
            self.assertGreater(sim.proxy_stats()["refused_auth"], stats["refused_auth"])

            # -- back to the right proxy: works again; the mask sent back keeps it
            back = data(call("PATCH", f"/channels/{cid}", body={"proxy": proxy}))
            self.assertEqual(back["proxy"], proxy_masked, back)
            song_through_proxy(f"proxy back e2e-{RUN}")
            kept = data(call("PATCH", f"/channels/{cid}", body={"proxy": proxy_masked, "weight": 3}))
            self.assertEqual((kept["proxy"], kept["weight"]), (proxy_masked, 3), kept)
            song_through_proxy(f"proxy kept e2e-{RUN}")
            spent += 2 * music_price
            self.assertEqual(balance(), balance0 - spent)
            self.assertEqual(item(first)["status"], "SUCCESS")

            # -- "" = direct: the proxy sees nothing more
            direct = data(call("PATCH", f"/channels/{cid}", body={"proxy": ""}))
            self.assertEqual(direct["proxy"], "", direct)
            before = relayed()
            plain = accepted(f"direct again e2e-{RUN}")
            self.assertEqual(wait_suno_terminal(item, [plain], 30)[plain]["status"], "SUCCESS")
            self.assertEqual(relayed(), before)

            # -- midjourney-proxy flags through the API
            mj = data(call("POST", "/channels", body={
                "name": f"mj-{RUN}", "type": "midjourney-proxy", "base_url": sim.base, "key": "mj-upstream-key",
                "speed_prefix": True, "callback": True, "enabled": False}))
            self.assertEqual((mj["speed_prefix"], mj["callback"], mj["proxy"]), (True, True, ""), mj)
            flipped = data(call("PUT", f"/channels/{mj['id']}", body={"speed_prefix": False}))
            self.assertEqual((flipped["speed_prefix"], flipped["callback"]), (False, True), flipped)
            refused(call("PATCH", f"/channels/{mj['id']}", body={"callback": "no"}), 400,
                    "callback must be true or false")
            self.assertEqual([(c["id"], c["speed_prefix"], c["callback"]) for c in data(call("GET", "/channels"))["items"]
                              if c["id"] == mj["id"]], [(mj["id"], False, True)])
            data(call("DELETE", f"/channels/{mj['id']}"))

            for body in bodies:
                self.assertNotIn(password, body)
                self.assertNotIn("hunter2x", body)
        finally:
            gw.proc.stop()
        logs = ""
        for name in sorted(os.listdir(gw.dir)):
            if name.startswith("mjgate.") and name.endswith(".log"):
                with open(os.path.join(gw.dir, name), encoding="utf-8", errors="replace") as f:
                    logs += f.read()
        self.assertIn(f'channel {cid} ("proxied-{RUN}", suno) created', logs)
        for clear in (password, "hunter2x", "not-the-password"):
            self.assertNotIn(clear, logs, f"a proxy password in the logs of {gw.dir}")

    def _db_rows(self, gw, query):
        """Rows of `query` read straight from the gateway's database (strings on PostgreSQL)."""
        if gw.dsn.startswith("sqlite:"):
            import sqlite3
            with sqlite3.connect(gw.dsn[len("sqlite:"):]) as db:
                return [tuple(str(c) for c in row) for row in db.execute(query).fetchall()]
        out = subprocess.run(["psql", gw.dsn[len("postgresql:"):], "-qAtF", "\t", "-c", query],
                             capture_output=True, text=True, timeout=30, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


    # 33. Cancel and the remaining follow-ups of relayed tasks (A: no account → B: sim 25):
    #     a cancel of a task running upstream is forwarded (A and B CANCEL, the charge of a
    #     started job stands), one still waiting upstream is refunded once on A, a finished
    #     one is refused; PicReader "all" on a relayed describe makes four children on A
    #     that all finish; the bookmark is clicked upstream and makes no task.
    def test_33_mj_relay_ops(self):
        sim = ENV.sim()
        price = 100
        # One slot at B: a cancelled stalled job keeps it (until the 15 s run timeout),
        # so the next task waits NOT_START there.
        upstream_b = ENV.gateway("relayops-b", [{"id": "b25", "sim": 25, "core_size": 1, "queue_size": 10}],
                                 run_timeout="15s")
        a = ENV.gateway("relayops-a", [], extra_config=[
            "[billing]", "enabled = true", f'prices = ["mj_imagine={price}"]',
            "[poll]", 'interval = "1s"', 'backoff_base = "1s"', 'backoff_max = "2s"',
            "[[channels]]", "id = 9", 'type = "midjourney-proxy"', f'base_url = "{upstream_b.base}"',
            f'key = "{h.ROOT_KEY}"'])
        manage = Manage(self, a)
        api, root = manage.api, manage.root
        dave, dave_key = manage.user_with_quota(f"dave-{RUN}", 10_000_000)
        hdr = {"mj-api-secret": dave_key}
        tag = f"ops-{RUN}"

        def balance():
            return manage.balance(dave)

        def post(path, body=None):
            r = h.http("POST", a.base + path, body=body if body is not None else {}, headers=hdr, timeout=20)
            self.assertEqual(r.status, 200, r)
            return r.json()

        def fetch(tid):
            r = h.http("GET", a.base + f"/mj/task/{tid}/fetch", headers=hdr)
            self.assertEqual(r.status, 200, r)
            return r.json()

        def on_b(words):
            return [t for t in h.http("GET", upstream_b.base + "/mj/task/list?limit=100",
                                      headers={"mj-api-secret": h.ROOT_KEY}).json()
                    if words in t["prompt"]]

        def wait_status(tid, statuses, timeout):
            out = {}

            def there():
                out["t"] = fetch(tid)
                return out["t"]["status"] in statuses
            h.wait_until(there, timeout, f"task {tid} in {statuses}", interval=0.3)
            return out["t"]

        def wait_final(ids, timeout):
            return {tid: wait_status(tid, h.TERMINAL, timeout) for tid in ids}

        try:
            start = balance()
            # A job running upstream (it stalls at 0% on B): the cancel goes to B.
            stalled = post("/mj/submit/imagine", {"prompt": f"a frozen lake #sim:stall {tag}"})
            self.assertIn(stalled["code"], (1, 22), stalled)
            running = wait_status(stalled["result"], ("IN_PROGRESS",), 20)
            self.assertTrue(running["startTime"], running)
            # A second one waits at B behind it (B's only slot).
            queued = post("/mj/submit/imagine", {"prompt": f"a quiet harbour {tag}"})
            self.assertIn(queued["code"], (1, 22), queued)
            self.assertEqual(start - balance(), 2 * price, "both hold their price")
            h.wait_until(lambda: [t["status"] for t in on_b(f"a quiet harbour {tag}")] == ["NOT_START"], 10,
                         "the second task waits at B")

            done = post(f"/mj/task/{stalled['result']}/cancel")
            self.assertEqual((done["code"], done["description"], done["result"]),
                             (1, "取消成功", stalled["result"]), done)
            mine = fetch(stalled["result"])
            self.assertEqual((mine["status"], mine["failReason"]), ("CANCEL", "任务已取消"), mine)
            self.assertEqual([t["status"] for t in on_b(f"a frozen lake #sim:stall {tag}")], ["CANCEL"])

            # Still waiting upstream: cancelled there before it ran, refunded here once.
            done = post(f"/mj/task/{queued['result']}/cancel")
            self.assertEqual((done["code"], done["result"]), (1, queued["result"]), done)
            self.assertEqual(fetch(queued["result"])["status"], "CANCEL")
            self.assertEqual([t["status"] for t in on_b(f"a quiet harbour {tag}")], ["CANCEL"])
            # The started job's charge stands (Midjourney ran it), the waiting one's came back.
            h.wait_until(lambda: start - balance() == price, 10, "the waiting task refunded")
            # Later polls and B's run timeout (15 s) flip nothing, and nothing is refunded twice.
            time.sleep(3)
            self.assertEqual(start - balance(), price)
            for tid in (stalled["result"], queued["result"]):
                self.assertEqual(fetch(tid)["status"], "CANCEL", tid)
            # A finished task cannot be cancelled: the mj envelope says why.
            again = post(f"/mj/task/{stalled['result']}/cancel")
            self.assertEqual((again["code"], again["description"], again["result"]),
                             (4, "任务已结束，无法取消", None), again)

            # PicReader "all" on a relayed describe: B answers four ids, A makes four children.
            link = f"{sim.base}/cdn/attachments/1/2/dog.png"
            desc = post("/mj/submit/describe", {"link": link})
            self.assertIn(desc["code"], (1, 22), desc)
            parent = wait_final([desc["result"]], 40)[desc["result"]]
            self.assertEqual(parent["status"], "SUCCESS", parent)
            lines = describe_lines(parent["prompt"])
            self.assertEqual(len(lines), 4, parent["prompt"])
            everything = next(b["customId"] for b in parent["buttons"] if b["customId"].endswith("PicReader::all"))
            state = f"all-{tag}"
            ack = post("/mj/submit/action", {"taskId": desc["result"], "customId": everything, "state": state})
            self.assertIn(ack["code"], (1, 22), ack)
            ids = str(ack["result"]).split(",")
            self.assertEqual(len(set(ids)), 4, ack)
            for tid in ids:
                self.assertRegex(tid, r"^\d{16}$", ack)
            children = wait_final(ids, 90)
            for n, tid in enumerate(ids, 1):
                t = children[tid]
                self.assertEqual((t["status"], t["action"], t["parentId"], t["customId"], t["state"]),
                                 ("SUCCESS", "IMAGINE", desc["result"], f"MJ::Job::PicReader::{n}",
                                  f"{state}::{n}"), t)
                self.assertEqual(t["prompt"], lines[n - 1], t)
                self.assertTrue(t["imageUrl"].startswith(a.base + "/mj/image/"), t)
            self.assertEqual(len({children[tid]["imageUrl"] for tid in ids}), 4)
            b_children = [t for t in h.http("GET", upstream_b.base + "/mj/task/list?limit=100",
                                            headers={"mj-api-secret": h.ROOT_KEY}).json()
                          if t["customId"].startswith("MJ::Job::PicReader::")]
            self.assertEqual(len(b_children), 4, b_children)

            # The bookmark on a relayed upscale: clicked once at the simulator, no task anywhere new.
            up = post("/mj/submit/simple-change", {"content": f"{ids[0]} U1"})
            self.assertIn(up["code"], (1, 22), up)
            upscaled = wait_final([up["result"]], 40)[up["result"]]
            self.assertEqual(upscaled["status"], "SUCCESS", upscaled)
            heart = next(b["customId"] for b in upscaled["buttons"] if b["customId"].startswith("MJ::BOOKMARK::"))
            count_a = len(h.http("GET", a.base + "/mj/task/list?limit=100", headers=hdr).json())
            count_b = len(h.http("GET", upstream_b.base + "/mj/task/list?limit=100",
                                 headers={"mj-api-secret": h.ROOT_KEY}).json())
            liked = post("/mj/submit/action", {"taskId": up["result"], "customId": heart})
            self.assertEqual((liked["code"], liked["result"]), (1, up["result"]), liked)
            clicks = [j for j in sim.get("/_sim/jobs") if j.get("custom_id") == heart]
            self.assertEqual(len(clicks), 1, "the simulator saw the heart click once")
            self.assertEqual(len(h.http("GET", a.base + "/mj/task/list?limit=100", headers=hdr).json()), count_a)
            self.assertEqual(len(h.http("GET", upstream_b.base + "/mj/task/list?limit=100",
                                        headers={"mj-api-secret": h.ROOT_KEY}).json()), count_b)
        finally:
            a.proc.stop()
            upstream_b.proc.stop()

    # 34. A midjourney-proxy channel answering code 3 (api-contracts.md §5.4):
    # skipped for the request only, never disabled on a burst; disabled after
    # [relay] disable_after answers spanning disable_span; an admin's "enabled"
    # starts a new run.
    def test_34_channel_disabled_after_code_3(self):
        upstream_b = ENV.gateway("strike-b", [])  # no account: it answers every imagine with 3
        a = ENV.gateway("strike-a", [], extra_config=["[relay]", "disable_after = 3", 'disable_span = "2s"'])
        root = {"Authorization": f"Bearer {h.ROOT_KEY}"}
        api = a.base + "/mjgate/api/v1"
        try:
            r = h.http("POST", api + "/channels", headers=root,
                       body={"name": f"b-{RUN}", "type": "midjourney-proxy", "base_url": upstream_b.base,
                             "key": h.ROOT_KEY})
            self.assertEqual(r.status, 200, r)
            cid = r.json()["data"]["id"]

            def imagine():
                r = h.http("POST", a.base + "/mj/submit/imagine", headers=root, timeout=20,
                           body={"prompt": f"a harbour nobody serves e2e-{RUN}"})
                self.assertEqual(r.status, 200, r)
                return r.json()

            def channel():
                r = h.http("GET", f"{api}/channels/{cid}", headers=root)
                self.assertEqual(r.status, 200, r)
                return r.json()["data"]

            def b_tasks():
                r = h.http("GET", upstream_b.base + "/mj/task/list?limit=100", headers=root)
                self.assertEqual(r.status, 200, r)
                return len(r.json())

            for n in range(3):  # a burst: three strikes within a second
                self.assertEqual(imagine()["code"], 3, "B cannot serve it, and A has no account")
            self.assertTrue(channel()["enabled"], "never disabled on a burst")
            time.sleep(2.2)
            self.assertEqual(imagine()["code"], 3)  # the fourth: the run now spans 2 s
            h.wait_until(lambda: not channel()["enabled"], 5, "the channel disabled after a long run of code 3")
            self.assertTrue(any(f"channel {cid} disabled: 4 consecutive code-3 answers" in line
                                for line in a.proc.tail(400)), "the log says why")
            self.assertEqual(b_tasks(), 0, "B stored none of them (each was refused)")
            self.assertEqual(imagine()["code"], 3)  # disabled: no channel left to try

            r = h.http("PUT", f"{api}/channels/{cid}", headers=root, body={"enabled": True})
            self.assertEqual(r.status, 200, r)
            self.assertTrue(r.json()["data"]["enabled"], r)
            time.sleep(2.2)
            self.assertEqual(imagine()["code"], 3)  # one strike of a new run, however late
            time.sleep(0.5)
            self.assertTrue(channel()["enabled"], "an admin's word starts a new run")
        finally:
            a.proc.stop()
            upstream_b.proc.stop()

def describe_lines(prompt):
    """The numbered prompts of a describe result ("1️⃣ text ...")."""
    return [part.strip() for part in re.split(r"[1-9]\ufe0f?\u20e3", prompt)[1:]]


SCENARIOS = [name for name in sorted(dir(E2E)) if name.startswith("test_")]


def run(args):
    selected = [s for s in SCENARIOS if not args.only or s.split("_")[1] in args.only.split(",")]
    passed, failed, timings = 0, 0, []
    for name in selected:
        result = unittest.TestResult()
        print(f"e2e: RUN  {name}", flush=True)
        t0 = time.monotonic()
        E2E(name).run(result)
        dt = time.monotonic() - t0
        problems = result.failures + result.errors
        ok = not problems and result.testsRun == 1
        timings.append((name, dt, ok))
        if ok:
            passed += 1
            print(f"e2e: PASS {name} ({dt:.2f}s)", flush=True)
        else:
            failed += 1
            print(f"e2e: FAIL {name} ({dt:.2f}s)", flush=True)
            for _, tb in problems:
                print("    " + tb.rstrip().replace("\n", "\n    "), flush=True)
    print(f"e2e: timings ({args.db})")
    for name, dt, ok in timings:
        print(f"  {name:<40} {dt:7.2f}s  {'ok' if ok else 'FAILED'}")
    return passed, failed


def main():
    global ENV
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mjgate", required=True)
    parser.add_argument("--sim", required=True)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--only", default="", help="comma-separated scenario numbers, e.g. 1,3")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir even on success")
    args = parser.parse_args()

    if args.db == "postgres" and not os.environ.get("MJGATE_TEST_PG_DSN"):
        print("e2e: skipped: MJGATE_TEST_PG_DSN not set (run under tests/scripts/with_postgres.sh)")
        return SKIP_EXIT
    for path in (args.mjgate, args.sim):
        if not os.access(path, os.X_OK):
            print(f"e2e: not executable: {path}")
            print("e2e: 0 passed, 1 failed")
            return 1

    # ctest's timeout sends SIGTERM: unwind through the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = tempfile.mkdtemp(prefix=f"mjgate-e2e-{args.db}-")
    print(f"e2e: db={args.db} run={RUN} workdir={workdir}", flush=True)
    passed, failed = 0, 0
    try:
        ENV = Env(args, workdir)
        passed, failed = run(args)
    except BaseException:
        traceback.print_exc()
        failed += 1
    finally:
        if ENV is not None:
            ENV.registry.stop_all()
            if failed:
                ENV.registry.print_tails(80)
            ENV.close()
    if failed == 0 and not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"e2e: files kept in {workdir}")
    print(f"e2e: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
