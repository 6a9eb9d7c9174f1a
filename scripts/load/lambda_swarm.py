"""Many user-migration instances, one legacy database: a Lambda Runtime API emulator with load,
answer checks and fault injection.

Each instance is one process of the function binary with its own Runtime API endpoint (its own
loopback port, as every Lambda execution environment has its own), polling
`GET /2018-06-01/runtime/invocation/next` and answering on `.../invocation/<id>/response` or
`.../error`. An idle instance gets the next queued event, one event at a time per instance, as
Lambda does. `next` carries Lambda-Runtime-Aws-Request-Id, Lambda-Runtime-Deadline-Ms (Unix ms),
Lambda-Runtime-Invoked-Function-Arn and Lambda-Runtime-Trace-Id.

The load is `--events` UserMigration_Authentication events for `--users` legacy users: each user
gets events/users sign-ins, queued next to each other so that several instances work on the same
user at the same moment; `--wrong-every` makes every n-th of them a wrong password. Every answer
is checked:

  right password  -> migrated with exactly that user's attributes, CONFIRMED, SUPPRESS
  wrong password  -> "not found" (the event back without userAttributes)
  any event       -> a function error (the generic failure, e.g. the database refused) is a
                     defined outcome; a runtime failure (the process died, the deadline passed)
                     too, since the caller sees an error and nothing was written
  anything else   -> a violation: a right password answered "not found", a wrong password
                     migrated, another user's attributes, a malformed answer

Faults (`--fault`):
  db-restart    run --db-stop-cmd at --fault-at (fraction of events sent), --db-start-cmd
                --fault-seconds later
  runtime-drop  for --fault-seconds from --fault-at, the Runtime API misbehaves, rotating
                through: a `next` answer cut off in the middle of its body, the connection closed
                after a response was received but before it was acknowledged, and an instance's
                endpoint refusing connections for --refuse-seconds

An instance process that exits is counted and started again (Lambda would start a new execution
environment), after --restart-delay seconds. The summary is printed as text and, with --json,
written as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from legacy_users import expected_attributes, load_or_make  # noqa: E402

NEXT = "/2018-06-01/runtime/invocation/next"
INVOCATION_PREFIX = "/2018-06-01/runtime/invocation/"
INIT_ERROR = "/2018-06-01/runtime/init/error"
FUNCTION_NAME = "user-migration"


def now_ms() -> float:
    return time.monotonic() * 1000.0


@dataclass
class Invocation:
    index: int
    request_id: str
    payload: bytes
    user: dict
    login: str
    right_password: bool
    submitted: float = 0.0
    dispatched: float | None = None
    finished: float | None = None
    instance: int | None = None
    outcome: str | None = None  # response | error | runtime-failure
    detail: str = ""
    body: bytes = b""
    future: asyncio.Future | None = None


@dataclass
class Instance:
    number: int
    port: int
    process: asyncio.subprocess.Process | None = None
    server: asyncio.base_events.Server | None = None
    current: Invocation | None = None
    waiter: asyncio.Future | None = None
    connections: set = field(default_factory=set)
    starts: int = 0
    exits: list = field(default_factory=list)
    served: int = 0
    refusing: bool = False


class Swarm:
    def __init__(self, arguments: argparse.Namespace):
        self.args = arguments
        self.pending: collections.deque[Invocation] = collections.deque()
        self.waiting: collections.deque[Instance] = collections.deque()
        self.by_id: dict[str, Invocation] = {}
        self.instances: list[Instance] = []
        self.stopping = False
        self.faults: list[str] = []  # fault modes still to apply, rotated
        self.fault_active = False
        self.fault_log: list[str] = []
        self.init_errors = 0
        self.started = time.monotonic()

    # ---------------------------------------------------------------- dispatch

    def submit(self, invocation: Invocation) -> None:
        invocation.submitted = now_ms()
        invocation.future = asyncio.get_running_loop().create_future()
        self.by_id[invocation.request_id] = invocation
        self.pending.append(invocation)
        self.dispatch()

    def dispatch(self) -> None:
        while self.pending and self.waiting:
            instance = self.waiting.popleft()
            if instance.waiter is None or instance.waiter.done():
                continue
            instance.waiter.set_result(self.pending.popleft())
            instance.waiter = None

    def finish(self, invocation: Invocation, outcome: str, detail: str = "", body=b""):
        if invocation.outcome is not None:
            return
        invocation.outcome, invocation.detail, invocation.body = outcome, detail, body
        invocation.finished = now_ms()
        if invocation.future and not invocation.future.done():
            invocation.future.set_result(None)

    def abandon(self, instance: Instance, kind: str) -> None:
        """The instance's current invocation will never be answered: a runtime failure."""
        invocation, instance.current = instance.current, None
        if invocation is not None and invocation.outcome is None:
            self.finish(invocation, "runtime-failure", kind)

    # ---------------------------------------------------------------- HTTP

    async def serve_connection(self, instance: Instance, reader, writer) -> None:
        instance.connections.add(writer)
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                method, path, _ = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = await read_body(reader, headers)
                if not await self.route(instance, method, path, headers, body, writer):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, ValueError):
            return
        finally:
            instance.connections.discard(writer)
            writer.close()

    async def route(self, instance, method, path, headers, body, writer) -> bool:
        if method == "GET" and path == NEXT:
            return await self.next_invocation(instance, writer)
        if method == "POST" and path == INIT_ERROR:
            self.init_errors += 1
            await respond(writer, 202, b'{"status":"OK"}')
            return True
        if method == "POST" and path.startswith(INVOCATION_PREFIX):
            request_id, _, kind = path[len(INVOCATION_PREFIX) :].partition("/")
            invocation = self.by_id.get(request_id)
            if invocation is None or kind not in ("response", "error"):
                await respond(writer, 400, b'{"errorType":"InvalidRequestID"}')
                return True
            if instance.current is invocation:
                instance.current = None
            instance.served += 1
            detail = headers.get("lambda-runtime-function-error-type", "")
            self.finish(invocation, kind, detail, body)
            if self.take_fault("drop-ack"):
                # The answer arrived in full; the acknowledgement never does.
                self.fault_log.append(f"drop-ack: instance {instance.number}")
                writer.transport.abort()
                return False
            await respond(writer, 202, b'{"status":"OK"}')
            return True
        await respond(writer, 404, b'{"errorType":"NotFound"}')
        return True

    async def next_invocation(self, instance: Instance, writer) -> bool:
        # Polling again without answering the current event: it is lost to this instance.
        self.abandon(instance, "Runtime.NoResponse (polled next without answering)")
        waiter = asyncio.get_running_loop().create_future()
        instance.waiter = waiter
        self.waiting.append(instance)
        self.dispatch()
        try:
            invocation: Invocation = await waiter
        except asyncio.CancelledError:
            return False
        instance.current = invocation
        invocation.instance = instance.number
        invocation.dispatched = now_ms()
        deadline = int(time.time() * 1000) + self.args.timeout_ms
        head = [
            ("Content-Type", "application/json"),
            ("Lambda-Runtime-Aws-Request-Id", invocation.request_id),
            ("Lambda-Runtime-Deadline-Ms", str(deadline)),
            (
                "Lambda-Runtime-Invoked-Function-Arn",
                f"arn:aws:lambda:eu-west-1:123456789012:function:{FUNCTION_NAME}",
            ),
            ("Lambda-Runtime-Trace-Id", f"Root=1-{uuid.uuid4().hex[:8]}-{uuid.uuid4().hex[:24]}"),
        ]
        if self.take_fault("cut-next"):
            # Full Content-Length announced, half the body sent, then the connection closes.
            self.fault_log.append(f"cut-next: instance {instance.number}")
            payload = invocation.payload
            writer.write(response_head(200, head, len(payload)) + payload[: len(payload) // 2])
            await writer.drain()
            writer.transport.abort()
            asyncio.get_running_loop().call_later(
                self.args.timeout_ms / 1000 + 1, self.deadline_passed, instance, invocation
            )
            return False
        await respond(writer, 200, invocation.payload, head)
        asyncio.get_running_loop().call_later(
            self.args.timeout_ms / 1000 + 1, self.deadline_passed, instance, invocation
        )
        return True

    def deadline_passed(self, instance: Instance, invocation: Invocation) -> None:
        if invocation.outcome is None:
            self.finish(invocation, "runtime-failure", "Sandbox.Timedout")
            if instance.current is invocation:
                instance.current = None
                if instance.process and instance.process.returncode is None:
                    instance.process.kill()  # Lambda resets an environment after a timeout

    # ---------------------------------------------------------------- faults

    def take_fault(self, kind: str) -> bool:
        if not self.fault_active or not self.faults or self.faults[0] != kind:
            return False
        self.faults.append(self.faults.pop(0))
        return True

    async def refuse(self, instance: Instance, seconds: float) -> None:
        """The endpoint refuses connections for a moment: listener closed, idle polls cut."""
        self.fault_log.append(f"refuse: instance {instance.number} for {seconds}s")
        instance.refusing = True
        instance.server.close()
        if instance.waiter is not None and not instance.waiter.done():
            instance.waiter.cancel()
            instance.waiter = None
        for writer in list(instance.connections):
            writer.transport.abort()
        await asyncio.sleep(seconds)
        await self.listen(instance)
        instance.refusing = False

    async def runtime_faults(self, started: asyncio.Event) -> None:
        await started.wait()
        self.fault_log.append(f"runtime-drop window opens ({self.args.fault_seconds}s)")
        self.fault_active = True
        self.faults = ["cut-next", "drop-ack", "refuse"]
        end = time.monotonic() + self.args.fault_seconds
        refusals = []
        while time.monotonic() < end:
            if self.faults[0] == "refuse":
                self.faults.append(self.faults.pop(0))
                victim = random.choice([i for i in self.instances if not i.refusing])
                refusals.append(asyncio.create_task(self.refuse(victim, self.args.refuse_seconds)))
            await asyncio.sleep(self.args.fault_interval)
        self.fault_active = False
        await asyncio.gather(*refusals)
        self.fault_log.append("runtime-drop window closes")

    async def db_restart(self, started: asyncio.Event) -> None:
        await started.wait()
        t0 = time.monotonic()
        self.fault_log.append(f"database stop at {t0 - self.started:.1f}s")
        await run_shell(self.args.db_stop_cmd)
        self.fault_log.append(f"database stopped after {time.monotonic() - t0:.1f}s")
        await asyncio.sleep(self.args.fault_seconds)
        await run_shell(self.args.db_start_cmd)
        self.fault_log.append(f"database started again at {time.monotonic() - self.started:.1f}s")

    # ---------------------------------------------------------------- processes

    async def listen(self, instance: Instance) -> None:
        instance.server = await asyncio.start_server(
            lambda r, w: self.serve_connection(instance, r, w), "127.0.0.1", instance.port
        )

    def environment(self, instance: Instance) -> dict[str, str]:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{instance.port}",
            "AWS_LAMBDA_FUNCTION_NAME": FUNCTION_NAME,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{FUNCTION_NAME}",
            "AWS_LAMBDA_LOG_STREAM_NAME": f"instance-{instance.number}",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
            "AWS_REGION": "eu-west-1",
            "AWS_DEFAULT_REGION": "eu-west-1",
            "_HANDLER": "bootstrap",
            "TZ": ":UTC",
        }
        for item in self.args.env:
            name, _, value = item.partition("=")
            env[name] = value
        return env

    async def supervise(self, instance: Instance, logs: Path) -> None:
        while not self.stopping:
            log = open(logs / f"instance-{instance.number:03d}.log", "ab")
            instance.starts += 1
            instance.process = await asyncio.create_subprocess_exec(
                self.args.binary,
                env=self.environment(instance),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            log.close()
            code = await instance.process.wait()
            if self.stopping:
                return
            instance.exits.append(code)
            self.abandon(instance, f"Runtime.ExitError (exit status {code})")
            await asyncio.sleep(self.args.restart_delay)

    async def stop(self) -> None:
        self.stopping = True
        for instance in self.instances:
            if instance.process and instance.process.returncode is None:
                try:
                    os.killpg(instance.process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for instance in self.instances:
            if instance.process:
                try:
                    await asyncio.wait_for(instance.process.wait(), 5)
                except asyncio.TimeoutError:
                    os.killpg(instance.process.pid, signal.SIGKILL)
            if instance.server:
                instance.server.close()

    # ---------------------------------------------------------------- run

    async def run(self) -> dict:
        args = self.args
        users = load_or_make(args.users, args.cost, args.prefix, Path(args.users_cache))
        invocations = make_invocations(users, args.events, args.wrong_every, args.seed)
        logs = Path(args.logs)
        logs.mkdir(parents=True, exist_ok=True)
        ports = free_ports(args.instances)
        self.instances = [Instance(n, port) for n, port in enumerate(ports)]
        for instance in self.instances:
            await self.listen(instance)
        supervisors = [
            asyncio.create_task(self.supervise(instance, logs)) for instance in self.instances
        ]
        # Wait until every instance polls (its cold start ends at its first `next`).
        for _ in range(600):
            if len(self.waiting) >= len(self.instances):
                break
            await asyncio.sleep(0.05)
        init_seconds = time.monotonic() - self.started

        fault_started = asyncio.Event()
        fault_task = None
        if args.fault == "db-restart":
            fault_task = asyncio.create_task(self.db_restart(fault_started))
        elif args.fault == "runtime-drop":
            fault_task = asyncio.create_task(self.runtime_faults(fault_started))
        monitor = asyncio.create_task(self.monitor_db()) if args.pg_monitor_cmd else None

        semaphore = asyncio.Semaphore(args.concurrency)
        fault_at = int(len(invocations) * args.fault_at)
        load_started = time.monotonic()

        async def one(invocation: Invocation) -> None:
            try:
                await invocation.future
            finally:
                semaphore.release()

        tasks = []
        for invocation in invocations:
            await semaphore.acquire()
            if invocation.index == fault_at:
                fault_started.set()
            self.submit(invocation)
            tasks.append(asyncio.create_task(one(invocation)))
        await asyncio.gather(*tasks)
        load_seconds = time.monotonic() - load_started
        if fault_task:
            await fault_task
        # After the fault: every instance must serve again. Send one right-password sign-in per
        # instance slot and check them like the rest.
        recovery = []
        if args.fault != "none":
            await asyncio.sleep(args.settle_seconds)
            extra = make_invocations(users, args.instances * 2, 0, args.seed + 1)
            for invocation in extra:
                invocation.index += len(invocations)
                invocation.request_id = str(uuid.uuid4())
                self.submit(invocation)
            await asyncio.gather(*(i.future for i in extra))
            recovery = extra
        if monitor:
            monitor.cancel()
        await self.stop()
        for task in supervisors:
            task.cancel()
        return self.summary(invocations, recovery, init_seconds, load_seconds)

    async def monitor_db(self) -> None:
        self.db_samples: list[int] = []
        while True:
            process = await asyncio.create_subprocess_shell(
                self.args.pg_monitor_cmd,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            out, _ = await process.communicate()
            try:
                self.db_samples.append(int(out.decode().strip()))
            except ValueError:
                pass
            await asyncio.sleep(0.25)

    def summary(self, invocations, recovery, init_seconds, load_seconds) -> dict:
        outcomes = collections.Counter()
        violations = []
        invoke_ms, total_ms = [], []
        for invocation in invocations:
            verdict = check(invocation)
            outcomes[verdict] += 1
            if verdict.startswith("VIOLATION"):
                violations.append(
                    {"index": invocation.index, "login": invocation.login, "verdict": verdict}
                )
            if invocation.dispatched is not None and invocation.finished is not None:
                invoke_ms.append(invocation.finished - invocation.dispatched)
            total_ms.append(invocation.finished - invocation.submitted)
        recovered = collections.Counter(check(i) for i in recovery)
        same_user = collections.defaultdict(set)
        for invocation in invocations:
            if invocation.instance is not None:
                same_user[invocation.user["username"]].add(invocation.instance)
        concurrent = concurrent_same_user(invocations)
        result = {
            "instances": self.args.instances,
            "events": len(invocations),
            "users": self.args.users,
            "bcrypt_cost": self.args.cost,
            "concurrency": self.args.concurrency,
            "env": [e for e in self.args.env if not e.startswith("LEGACY_DATABASE_URL")],
            "fault": self.args.fault,
            "init_seconds": round(init_seconds, 2),
            "load_seconds": round(load_seconds, 2),
            "events_per_second": round(len(invocations) / load_seconds, 1),
            "outcomes": dict(sorted(outcomes.items())),
            "violations": violations[:20],
            "violation_count": len(violations),
            "invoke_ms": percentiles(invoke_ms),
            "end_to_end_ms": percentiles(total_ms),
            "instances_per_user_max": max((len(s) for s in same_user.values()), default=0),
            "users_served_by_overlapping_invocations": concurrent,
            "process_starts": sum(i.starts for i in self.instances),
            "process_exits": sum(len(i.exits) for i in self.instances),
            "exit_statuses": dict(
                collections.Counter(str(c) for i in self.instances for c in i.exits)
            ),
            "init_errors": self.init_errors,
            "instances_that_served": sum(1 for i in self.instances if i.served),
            "fault_log": self.fault_log,
            "after_fault_check": dict(recovered),
        }
        if getattr(self, "db_samples", None):
            result["db_connections_max"] = max(self.db_samples)
            result["db_connections_median"] = statistics.median(self.db_samples)
        return result


def check(invocation: Invocation) -> str:
    """The verdict on one answer; anything starting with VIOLATION breaks a promise."""
    expected = "right" if invocation.right_password else "wrong"
    if invocation.outcome == "runtime-failure":
        return f"{expected} password -> runtime failure ({invocation.detail.split(' ')[0]})"
    if invocation.outcome == "error":
        try:
            error = json.loads(invocation.body)
            kind = error.get("errorType", "?")
        except ValueError:
            kind = "unparseable"
        return f"{expected} password -> function error {kind}"
    try:
        event = json.loads(invocation.body)
        response = event["response"] or {}
        attributes = response.get("userAttributes") or {}
    except (ValueError, KeyError, TypeError, AttributeError):
        return f"VIOLATION: {expected} password -> malformed answer"
    if event.get("request", {}).get("password") is not None:
        return f"VIOLATION: {expected} password -> password echoed back"
    if not attributes:
        if invocation.right_password:
            return "VIOLATION: right password -> not found"
        return "wrong password -> not found"
    if not invocation.right_password:
        return "VIOLATION: wrong password -> migrated"
    if attributes.get("email") != invocation.user["email"]:
        return "VIOLATION: right password -> ANOTHER USER's attributes"
    if attributes != expected_attributes(invocation.user):
        return "VIOLATION: right password -> wrong attributes"
    if response.get("finalUserStatus") != "CONFIRMED" or response.get("messageAction") != "SUPPRESS":
        return "VIOLATION: right password -> wrong status or message action"
    return "right password -> migrated with the user's attributes"


def concurrent_same_user(invocations: list[Invocation]) -> int:
    """How many users had two or more invocations in flight on different instances at once."""
    spans = collections.defaultdict(list)
    for invocation in invocations:
        if invocation.dispatched is not None and invocation.finished is not None:
            spans[invocation.user["username"]].append(
                (invocation.dispatched, invocation.finished, invocation.instance)
            )
    count = 0
    for entries in spans.values():
        entries.sort()
        overlapping = any(
            b[0] < a[1] and a[2] != b[2] for a, b in zip(entries, entries[1:])
        )
        count += overlapping
    return count


def make_invocations(users, count, wrong_every, seed) -> list[Invocation]:
    rng = random.Random(seed)
    order = list(users)
    rng.shuffle(order)
    per_user = max(1, count // len(order))
    invocations: list[Invocation] = []
    for user in order:
        for k in range(per_user):
            if len(invocations) >= count:
                break
            wrong = wrong_every > 0 and (len(invocations) % wrong_every) == wrong_every - 1
            login = user["email"] if rng.random() < 0.5 else user["username"]
            if rng.random() < 0.3:
                login = login.upper()  # the lookup is case-insensitive
            password = user["password"] + ("x" if wrong else "")
            invocations.append(new_invocation(len(invocations), user, login, password, not wrong))
    while len(invocations) < count:  # count not a multiple of the users: top up
        user = rng.choice(order)
        invocations.append(
            new_invocation(len(invocations), user, user["email"], user["password"], True)
        )
    return invocations


def new_invocation(index, user, login, password, right) -> Invocation:
    event = {
        "version": "1",
        "triggerSource": "UserMigration_Authentication",
        "region": "eu-west-1",
        "userPoolId": "eu-west-1_LoadTest1",
        "userName": login,
        "callerContext": {"awsSdkVersion": "aws-sdk-unknown-unknown", "clientId": "loadclient"},
        "request": {"password": password, "validationData": None, "userAttributes": None},
        "response": {
            "userAttributes": None,
            "forceAliasCreation": None,
            "enableSMSMFA": None,
            "finalUserStatus": None,
            "messageAction": None,
            "desiredDeliveryMediums": None,
        },
    }
    return Invocation(index, str(uuid.uuid4()), json.dumps(event).encode(), user, login, right)


def percentiles(values: list[float]) -> dict:
    if not values:
        return {}
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)

    return {"n": len(ordered), "p50": at(0.50), "p90": at(0.90), "p99": at(0.99), "max": at(1.0)}


async def read_body(reader, headers) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip(), 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readexactly(2)
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""


REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 404: "Not Found"}


def response_head(status: int, headers, length: int) -> bytes:
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}"]
    lines += [f"{k}: {v}" for k, v in headers]
    lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def respond(writer, status: int, body: bytes, headers=None) -> None:
    headers = headers or [("Content-Type", "application/json")]
    writer.write(response_head(status, headers, len(body)) + body)
    await writer.drain()


async def run_shell(command: str) -> None:
    process = await asyncio.create_subprocess_shell(command)
    await process.wait()


def free_ports(count: int) -> list[int]:
    import socket

    sockets = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def print_summary(result: dict) -> None:
    print(f"instances {result['instances']}, {result['events']} sign-ins for "
          f"{result['users']} users, bcrypt cost {result['bcrypt_cost']}, "
          f"{result['concurrency']} in flight, fault: {result['fault']}")
    print(f"settings: {' '.join(result['env'])}")
    print(f"all instances polling after {result['init_seconds']}s; load took "
          f"{result['load_seconds']}s ({result['events_per_second']} sign-ins/s)")
    print("outcomes:")
    for verdict, count in result["outcomes"].items():
        print(f"  {count:6d}  {verdict}")
    print(f"violations: {result['violation_count']}")
    for violation in result["violations"]:
        print(f"  {violation}")
    i, e = result["invoke_ms"], result["end_to_end_ms"]
    print(f"invoke (next answered -> answer) ms: p50 {i.get('p50')} p90 {i.get('p90')} "
          f"p99 {i.get('p99')} max {i.get('max')}")
    print(f"end to end (queued -> answer) ms:    p50 {e.get('p50')} p90 {e.get('p90')} "
          f"p99 {e.get('p99')} max {e.get('max')}")
    print(f"users with overlapping invocations on different instances: "
          f"{result['users_served_by_overlapping_invocations']} "
          f"(max instances per user {result['instances_per_user_max']})")
    print(f"process starts {result['process_starts']}, exits {result['process_exits']} "
          f"{result['exit_statuses']}, init errors {result['init_errors']}, "
          f"instances that served {result['instances_that_served']}")
    if "db_connections_max" in result:
        print(f"database connections of the function role: max {result['db_connections_max']}, "
              f"median {result['db_connections_median']}")
    for line in result["fault_log"]:
        print(f"fault: {line}")
    if result["after_fault_check"]:
        print(f"after the fault, one more round: {result['after_fault_check']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--binary", required=True)
    parser.add_argument("--instances", type=int, default=50)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--wrong-every", type=int, default=4, help="every n-th password wrong")
    parser.add_argument("--concurrency", type=int, help="events in flight (default: instances)")
    parser.add_argument("--cost", type=int, default=10, help="bcrypt cost of the legacy hashes")
    parser.add_argument("--prefix", default="swarm")
    parser.add_argument("--users-cache", required=True)
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for instances")
    parser.add_argument("--timeout-ms", type=int, default=5000, help="function timeout")
    parser.add_argument("--restart-delay", type=float, default=0.2)
    parser.add_argument("--fault", choices=["none", "db-restart", "runtime-drop"], default="none")
    parser.add_argument("--fault-at", type=float, default=0.3)
    parser.add_argument("--fault-seconds", type=float, default=5.0)
    parser.add_argument("--fault-interval", type=float, default=0.25)
    parser.add_argument("--refuse-seconds", type=float, default=1.0)
    parser.add_argument("--settle-seconds", type=float, default=1.0)
    parser.add_argument("--db-stop-cmd", default="")
    parser.add_argument("--db-start-cmd", default="")
    parser.add_argument("--pg-monitor-cmd", default="", help="prints the connection count")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--json")
    arguments = parser.parse_args()
    arguments.concurrency = arguments.concurrency or arguments.instances
    if arguments.fault == "db-restart" and not (arguments.db_stop_cmd and arguments.db_start_cmd):
        parser.error("db-restart needs --db-stop-cmd and --db-start-cmd")
    swarm = Swarm(arguments)

    async def run() -> dict:
        try:
            return await swarm.run()
        finally:
            if not swarm.stopping:
                await swarm.stop()

    result = asyncio.run(run())
    print_summary(result)
    if arguments.json:
        Path(arguments.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    sys.exit(1 if result["violation_count"] else 0)


if __name__ == "__main__":
    main()
