"""Synthetic legacy users for the load runs, and the SQL tables that hold them.

Every user has a distinct password, a bcrypt hash of it (cost chosen per run), a distinct email
and distinct attributes, so that a check can tell one user's answer from another's. Hashes are
computed once per (count, cost, prefix) and cached as JSON under the run state directory, since
bcrypt at cost 10 takes about 60 ms per user in Python.

Usage:
  python legacy_users.py sqlite  --count N --cost C --prefix P --cache FILE --out legacy.sqlite
  python legacy_users.py pg-sql  --count N --cost C --prefix P --cache FILE  > seed.sql
The `pg-sql` form prints the table and a COPY block for psql.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import bcrypt

TABLE_SQL = """CREATE TABLE legacy_users (
    username              VARCHAR(128) NOT NULL PRIMARY KEY,
    email                 VARCHAR(255),
    email_verified        BOOLEAN NOT NULL DEFAULT FALSE,
    phone_number          VARCHAR(32),
    phone_number_verified BOOLEAN NOT NULL DEFAULT FALSE,
    password_hash         VARCHAR(255),
    given_name            VARCHAR(128),
    family_name           VARCHAR(128),
    locale                VARCHAR(16)
)"""

COLUMNS = (
    "username",
    "email",
    "email_verified",
    "phone_number",
    "phone_number_verified",
    "password_hash",
    "given_name",
    "family_name",
    "locale",
)


def _hash(item: tuple[str, int]) -> str:
    password, cost = item
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(cost)).decode()


def make_users(count: int, cost: int, prefix: str) -> list[dict]:
    """`count` users named `<prefix>.user<i>`, each with its own password, hash and attributes."""
    users = []
    for i in range(count):
        users.append(
            {
                "username": f"{prefix}.user{i:05d}",
                "email": f"{prefix}.user{i:05d}@legacy.example.net",
                "password": f"Legacy-{prefix}-{i:05d}-Pw!",
                "given_name": f"Given{i:05d}",
                "family_name": f"Family{prefix}{i:05d}",
                "locale": "de" if i % 2 else "en",
                # Every fifth user also has a verified phone number, unique per user.
                "phone_number": f"+4915{i:09d}" if i % 5 == 0 else None,
            }
        )
    with ProcessPoolExecutor() as pool:
        hashes = pool.map(_hash, [(u["password"], cost) for u in users], chunksize=16)
        for user, hashed in zip(users, hashes):
            user["password_hash"] = hashed
    return users


def load_or_make(count: int, cost: int, prefix: str, cache: Path) -> list[dict]:
    key = {"count": count, "cost": cost, "prefix": prefix}
    if cache.exists():
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached.get("key") == key:
            return cached["users"]
    users = make_users(count, cost, prefix)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "users": users}), encoding="utf-8")
    return users


def expected_attributes(user: dict) -> dict[str, str]:
    """What user-migration must answer for this user (the mapped attributes, as strings)."""
    attributes = {
        "email": user["email"],
        "email_verified": "true",
        "given_name": user["given_name"],
        "family_name": user["family_name"],
        "locale": user["locale"],
    }
    if user["phone_number"]:
        attributes["phone_number"] = user["phone_number"]
        attributes["phone_number_verified"] = "true"
    return attributes


def row(user: dict) -> tuple:
    return (
        user["username"],
        user["email"],
        True,
        user["phone_number"],
        user["phone_number"] is not None,
        user["password_hash"],
        user["given_name"],
        user["family_name"],
        user["locale"],
    )


def write_sqlite(users: list[dict], path: Path) -> None:
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as db:
        db.execute(TABLE_SQL)
        db.executemany(
            f"INSERT INTO legacy_users ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * 9)})",
            [row(u) for u in users],
        )


def pg_sql(users: list[dict]) -> str:
    def cell(value) -> str:
        if value is None:
            return r"\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")

    lines = [
        "DROP TABLE IF EXISTS legacy_users;",
        TABLE_SQL + ";",
        f"COPY legacy_users ({', '.join(COLUMNS)}) FROM stdin;",
    ]
    lines += ["\t".join(cell(v) for v in row(u)) for u in users]
    lines.append("\\.")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("form", choices=["sqlite", "pg-sql"])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--cost", type=int, default=10)
    parser.add_argument("--prefix", default="load")
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--out", type=Path)
    arguments = parser.parse_args()
    users = load_or_make(arguments.count, arguments.cost, arguments.prefix, arguments.cache)
    if arguments.form == "sqlite":
        if not arguments.out:
            parser.error("sqlite needs --out")
        write_sqlite(users, arguments.out)
    else:
        sys.stdout.write(pg_sql(users))


if __name__ == "__main__":
    main()
