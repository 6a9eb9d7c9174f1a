"""Load through real components: boto3 -> cognito-local -> invoke proxy -> cargo lambda watch ->
the three trigger functions. scripts/load/run.sh flows starts the stack and runs this.

Two kinds of flow, interleaved and run at bounded concurrency:

- password reset of a legacy user: InitiateAuth (USER_PASSWORD_AUTH) with the legacy password,
  which makes cognito-local call user-migration (UserMigration_Authentication: lookup in the
  legacy table, bcrypt check) and create the user; AdminGetUser (the migrated attributes must be
  that user's); ForgotPassword (custom-message writes the email, cognito-local delivers it with
  the code); ConfirmForgotPassword with the delivered code; InitiateAuth with the new password.
  cognito-local answers ForgotPassword for a user it does not hold with UserNotFoundException
  and never raises UserMigration_ForgotPassword (e2e/README.md, gap 4), so the migration happens
  at the sign-in that starts the flow.
- sign-up: SignUp (pre-sign-up, then custom-message for the code email), ConfirmSignUp with the
  delivered code.

The codes cognito-local sends are read from its data store (see `Codes`). Each API call's
latency is recorded; a call that fails, a code that is never stored or a wrong answer counts as
a failure of its kind. The invoke proxy's journal gives what every function answered, and shows
whether each custom message was the built-in template.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError



class Codes:
    """Reads the confirmation code cognito-local stored for a user from its data store file
    (`.cognito/db/<pool id>.json`). cognito-local saves the code before ForgotPassword or SignUp
    returns, so it is there when the call has answered. (Its log also shows each delivered
    message, but under load it loses some of those lines: they never reach the file.)"""

    def __init__(self, directory: Path):
        self.directory = directory
        self.lock = threading.Lock()
        self.cache: tuple[float, dict] | None = None
        self.rereads = 0

    def users(self, path: Path) -> dict:
        # One parse per file version, shared by all threads; the file is rewritten in place,
        # so a read can catch it half-written: read again.
        with self.lock:
            for _ in range(200):
                stamp = path.stat().st_mtime_ns
                if self.cache and self.cache[0] == stamp:
                    return self.cache[1]
                try:
                    by_email = {}
                    for user in json.loads(path.read_text(encoding="utf-8"))["Users"].values():
                        for attribute in user.get("Attributes", []):
                            if attribute["Name"] == "email":
                                by_email[attribute["Value"]] = user
                    self.cache = (stamp, by_email)
                    return by_email
                except (ValueError, KeyError):
                    self.rereads += 1
                    time.sleep(0.01)
            raise RuntimeError(f"{path} stays unreadable")

    def code(self, pool_id: str, email: str, timeout: float = 10.0) -> str | None:
        path = self.directory / f"{pool_id}.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            user = self.users(path).get(email)
            if user and user.get("ConfirmationCode"):
                return user["ConfirmationCode"]
            time.sleep(0.05)
        return None


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = collections.defaultdict(list)
        self.failures: collections.Counter = collections.Counter()
        self.examples: dict[str, str] = {}
        self.flows: collections.Counter = collections.Counter()

    def call(self, name: str, function, **kwargs):
        started = time.perf_counter()
        try:
            return function(**kwargs)
        except ClientError as error:
            kind = f"{name}: {error.response['Error']['Code']}"
            self.fail(kind, error.response["Error"].get("Message", ""))
            raise FlowFailed(kind) from None
        except Exception as error:  # noqa: BLE001 (a transport failure is a failure of its kind)
            kind = f"{name}: {type(error).__name__}"
            self.fail(kind, str(error))
            raise FlowFailed(kind) from None
        finally:
            with self.lock:
                self.latency[name].append((time.perf_counter() - started) * 1000)

    def fail(self, kind: str, example: str = "") -> None:
        with self.lock:
            self.failures[kind] += 1
            self.examples.setdefault(kind, example[:300])


class FlowFailed(Exception):
    pass


class Flows:
    def __init__(self, arguments, codes: Codes, recorder: Recorder):
        self.args = arguments
        self.codes = codes
        self.rec = recorder
        self.local = threading.local()
        admin = self.client()
        created = admin.create_user_pool(
            PoolName=f"load-{uuid.uuid4().hex[:8]}",
            UsernameAttributes=["email"],
            AutoVerifiedAttributes=["email"],
        )
        self.pool_id = created["UserPool"]["Id"]
        self.client_id = admin.create_user_pool_client(
            UserPoolId=self.pool_id,
            ClientName="load",
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        self.run_id = uuid.uuid4().hex[:6]

    def client(self):
        client = getattr(self.local, "client", None)
        if client is None:
            client = boto3.client(
                "cognito-idp",
                endpoint_url=self.args.endpoint,
                region_name="us-east-1",
                aws_access_key_id="local",
                aws_secret_access_key="local",
                # Each call includes triggers; never let the SDK retry behind our back.
                config=Config(
                    retries={"max_attempts": 1, "mode": "standard"},
                    read_timeout=120,
                    max_pool_connections=4,
                ),
            )
            self.local.client = client
        return client

    def code(self, email: str, step: str) -> str:
        code = self.codes.code(self.pool_id, email)
        if code is None:
            self.rec.fail(f"{step}: no code stored within 10 s")
            raise FlowFailed(step)
        return code

    def reset(self, user: dict) -> None:
        cognito, email = self.client(), user["email"]
        result = self.rec.call(
            "InitiateAuth (migrates)",
            cognito.initiate_auth,
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": user["password"]},
        )
        if "AuthenticationResult" not in result:
            self.rec.fail("InitiateAuth (migrates): no tokens", json.dumps(result)[:200])
            raise FlowFailed("migrate")
        got = self.rec.call(
            "AdminGetUser", cognito.admin_get_user, UserPoolId=self.pool_id, Username=email
        )
        attributes = {a["Name"]: a["Value"] for a in got["UserAttributes"]}
        if (attributes.get("email"), attributes.get("given_name")) != (
            email,
            user["given_name"],
        ):
            self.rec.fail("AdminGetUser: not the legacy user's attributes", str(attributes))
            raise FlowFailed("attributes")
        self.rec.call(
            "ForgotPassword",
            cognito.forgot_password,
            ClientId=self.client_id,
            Username=email,
            ClientMetadata={"locale": user["locale"]},
        )
        code = self.code(email, "ForgotPassword")
        new_password = f"Reset-{uuid.uuid4().hex[:10]}-Pw1!"
        self.rec.call(
            "ConfirmForgotPassword",
            cognito.confirm_forgot_password,
            ClientId=self.client_id,
            Username=email,
            ConfirmationCode=code,
            Password=new_password,
        )
        result = self.rec.call(
            "InitiateAuth (new password)",
            cognito.initiate_auth,
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": new_password},
        )
        if "AuthenticationResult" not in result:
            self.rec.fail("InitiateAuth (new password): no tokens")
            raise FlowFailed("new password")

    def sign_up(self, number: int) -> None:
        cognito = self.client()
        email = f"signup-{self.run_id}-{number:05d}@load.example.org"
        self.rec.call(
            "SignUp",
            cognito.sign_up,
            ClientId=self.client_id,
            Username=email,
            Password=f"Sign-{uuid.uuid4().hex[:10]}-Pw1!",
            UserAttributes=[{"Name": "email", "Value": email}],
        )
        code = self.code(email, "SignUp")
        self.rec.call(
            "ConfirmSignUp",
            cognito.confirm_sign_up,
            ClientId=self.client_id,
            Username=email,
            ConfirmationCode=code,
        )

    def run(self, kind: str, item) -> None:
        try:
            if kind == "reset":
                self.reset(item)
            else:
                self.sign_up(item)
            self.rec.flows[f"{kind} ok"] += 1
        except FlowFailed:
            self.rec.flows[f"{kind} failed"] += 1


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


TEMPLATE_SUBJECTS = {
    "CustomMessage_ForgotPassword": {"Reset your password", "Passwort zurücksetzen"},
    "CustomMessage_SignUp": {"Verify your email address"},
}


def journal_summary(path: Path) -> dict:
    """Every function invocation the invoke proxy saw, by outcome; a custom message counts as
    "template" only when its answer carries the built-in template's subject for the source."""
    counts: collections.Counter = collections.Counter()
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            source = entry.get("triggerSource")
            outcome = "function error" if entry.get("functionError") else f"HTTP {entry['status']}"
            if source in TEMPLATE_SUBJECTS and not entry.get("functionError"):
                subject = (entry.get("response") or {}).get("emailSubject")
                outcome += ", template" if subject in TEMPLATE_SUBJECTS[source] else ", NOT the template"
            counts[f"{entry['function']} {source}: {outcome}"] += 1
    return dict(sorted(counts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--cognito-db", type=Path, required=True, help="its .cognito/db folder")
    parser.add_argument("--journal", type=Path, required=True)
    parser.add_argument("--users-cache", type=Path, required=True)
    parser.add_argument("--flows", type=int, default=20)
    parser.add_argument("--signups", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()

    users = json.loads(arguments.users_cache.read_text(encoding="utf-8"))["users"]
    if len(users) < arguments.flows:
        parser.error("fewer legacy users than flows")
    recorder = Recorder()
    codes = Codes(arguments.cognito_db)
    flows = Flows(arguments, codes, recorder)
    work = [("reset", users[i]) for i in range(arguments.flows)]
    work += [("signup", i) for i in range(arguments.signups)]
    random.Random(3).shuffle(work)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=arguments.concurrency) as pool:
        for future in [pool.submit(flows.run, kind, item) for kind, item in work]:
            future.result()
    elapsed = time.monotonic() - started

    result = {
        "flows": arguments.flows,
        "signups": arguments.signups,
        "concurrency": arguments.concurrency,
        "seconds": round(elapsed, 1),
        "flows_per_second": round(len(work) / elapsed, 2),
        "completed": dict(recorder.flows),
        "calls": {
            name: {
                "n": len(values),
                "p50_ms": round(percentile(values, 0.5), 1),
                "p99_ms": round(percentile(values, 0.99), 1),
                "max_ms": round(max(values), 1),
            }
            for name, values in recorder.latency.items()
        },
        "failures": dict(recorder.failures),
        "failure_examples": recorder.examples,
        "journal": journal_summary(arguments.journal),
        "data_store_rereads": codes.rereads,
    }
    print(f"{arguments.flows} password-reset flows + {arguments.signups} sign-up flows, "
          f"{arguments.concurrency} at a time: {result['seconds']} s "
          f"({result['flows_per_second']} flows/s)")
    print(f"flows: {result['completed']}")
    print(f"{'API call':32} {'n':>6} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}")
    for name, figures in result["calls"].items():
        print(f"{name:32} {figures['n']:6d} {figures['p50_ms']:9.1f} {figures['p99_ms']:9.1f} "
              f"{figures['max_ms']:9.1f}")
    print(f"failures: {sum(recorder.failures.values())}")
    for kind, count in recorder.failures.items():
        print(f"  {count:6d}  {kind}  e.g. {recorder.examples.get(kind, '')!r}")
    print("function invocations (invoke proxy journal):")
    for entry, count in result["journal"].items():
        print(f"  {count:6d}  {entry}")
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    raise SystemExit(1 if recorder.failures else 0)


if __name__ == "__main__":
    main()
