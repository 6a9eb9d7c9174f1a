"""Fixtures for the end-to-end test: a boto3 Cognito client against cognito-local, a fresh user
pool and app client, and readers for what cognito-local delivered and which functions it called.

e2e/run.sh starts cognito-local, `cargo lambda watch` and the invoke proxy, then runs pytest
with these variables set:

- E2E_COGNITO_ENDPOINT: cognito-local's URL
- E2E_COGNITO_LOG: cognito-local's log file (delivered messages are printed there)
- E2E_JOURNAL: the invoke proxy's journal (one JSON line per Lambda invocation)
- E2E_LEGACY_DB: the legacy SQLite database the user-migration function reads
- E2E_POLICY_FILE: the pre-sign-up policy the function runs with
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.exit(f"{name} is not set: run the end-to-end test through e2e/run.sh", 2)
    return value


@pytest.fixture(scope="session")
def cognito():
    return boto3.client(
        "cognito-idp",
        endpoint_url=_env("E2E_COGNITO_ENDPOINT"),
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        # A sign-up call includes the trigger; never let the SDK retry it behind our back.
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, read_timeout=300),
    )


@dataclass(frozen=True)
class Pool:
    pool_id: str
    client_id: str


@pytest.fixture(scope="session")
def pool(cognito) -> Pool:
    created = cognito.create_user_pool(
        PoolName=f"e2e-{uuid.uuid4().hex[:8]}",
        UsernameAttributes=["email"],
        AutoVerifiedAttributes=["email"],
    )
    pool_id = created["UserPool"]["Id"]
    client = cognito.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName="e2e",
        ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH",
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ],
    )
    return Pool(pool_id, client["UserPoolClient"]["ClientId"])


@pytest.fixture(scope="session")
def policy() -> dict:
    return json.loads(Path(_env("E2E_POLICY_FILE")).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def legacy_db() -> Path:
    return Path(_env("E2E_LEGACY_DB"))


class Journal:
    """The invoke proxy's record of every Lambda invocation cognito-local made."""

    def __init__(self, path: Path):
        self.path = path

    def entries(self) -> list[dict]:
        if not self.path.exists():
            return []
        lines = self.path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def calls(self, function: str, user_name: str | None = None) -> list[dict]:
        return [
            entry
            for entry in self.entries()
            if entry["function"] == function
            and (user_name is None or entry.get("userName") == user_name)
        ]


@pytest.fixture(scope="session")
def journal() -> Journal:
    return Journal(Path(_env("E2E_JOURNAL")))


@dataclass
class Delivery:
    """One "Confirmation Code Delivery" box from cognito-local's log, whitespace removed from
    the wrapped multi-line fields (the box wraps long lines at arbitrary points)."""

    fields: dict[str, str]

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


class CognitoLog:
    """cognito-local's log, read from a remembered offset so each test sees its own output."""

    FIELD = re.compile(r"^(Username|Destination|Code|Email Subject|Email Message|SMS Message):\s?(.*)$")

    def __init__(self, path: Path):
        self.path = path

    def size(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def read_from(self, offset: int) -> str:
        with open(self.path, "rb") as log:
            log.seek(offset)
            return ANSI.sub("", log.read().decode("utf-8", errors="replace"))

    def deliveries_since(self, offset: int, timeout: float = 15.0) -> list[Delivery]:
        deadline = time.monotonic() + timeout
        while True:
            deliveries = self._parse(self.read_from(offset))
            if deliveries or time.monotonic() > deadline:
                return deliveries
            time.sleep(0.2)

    @classmethod
    def _parse(cls, text: str) -> list[Delivery]:
        # cognito-local logs each delivery as a box (boxen). Depending on the log formatter the
        # box's rows arrive on separate lines or joined on one line ("...││..."): split on the
        # box characters, not on newlines.
        deliveries: list[Delivery] = []
        for box in re.findall(r"╭[^\n]*?╮(.*?)╰", text, flags=re.S):
            rows = [row.strip() for row in re.split(r"[│\n]", box)]
            fields: dict[str, str] = {}
            current = None
            for row in rows:
                if not row:
                    continue
                match = cls.FIELD.match(row)
                if match:
                    current = match.group(1)
                    fields[current] = match.group(2)
                elif current:
                    fields[current] += row
            if "Code" in fields:
                deliveries.append(Delivery({k: re.sub(r"\s+", "", v) for k, v in fields.items()}))
        return deliveries


@pytest.fixture(scope="session")
def cognito_log() -> CognitoLog:
    return CognitoLog(Path(_env("E2E_COGNITO_LOG")))
