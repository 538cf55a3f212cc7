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
import sys
import tempfile
import threading
import time
import traceback
import unittest

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
# 26 backend tasks (scenario 26; 17-25 left for other scenarios)
SIM_ACCOUNTS = 26


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

    def gateway(self, name, accounts, run_timeout="30s", stall_after=None):
        gw = h.Gateway(self.registry, self.args.mjgate, self.workdir, name, self.sim(), self.dsn(name),
                       accounts, run_timeout=run_timeout, stall_after=stall_after)
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


    # 26. The backend admin dialect (api-contracts.md §7): priority orders an account's
    #     one slot, PUT re-orders a waiting task, status 0->3 cancels before Discord sees
    #     it, the transition table, soft delete, paging, uploads served back, results.
    def test_26_backend_tasks(self):
        sim = ENV.sim()
        gw = ENV.gateway("backend", [{"id": "accb", "sim": 26, "core_size": 1, "queue_size": 20}],
                         run_timeout="8s")
        api = gw.base + "/backend/api/v1"
        tag = f"bk-{RUN}"
        channel = h.sim_account(26)["channel_id"]

        def call(method, path, body=None, headers=None):
            r = h.http(method, api + path, body=body, headers=gw.headers() if headers is None else headers)
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
            # Credentials: none -> 10107, a wrong key -> 10101.
            self.assertEqual(call("GET", "/tasks", headers={}), (400, {"code": 10107, "msg": "未登录",
                                                                       "error": "invalid_token"}))
            self.assertEqual(call("GET", "/tasks", headers={"mj-api-secret": "sk-wrong"})[1]["code"], 10101)
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
            self.assertEqual(page["items"][0]["user"]["uid"], 1, page)
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

            up_headers = {**gw.headers(), "Content-Type": f"multipart/form-data; boundary={boundary}"}
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
