"""A pass-through in front of `cargo lambda watch`'s Lambda Invoke API, for the end-to-end test.

Why it exists: the real Invoke API answers a function error with HTTP 200, the header
`X-Amz-Function-Error: Unhandled` and the error JSON as payload. `cargo lambda watch` answers it
with HTTP 500 instead. An AWS SDK (cognito-local's included) treats a 500 as a service failure,
retries it and finally reports `UnexpectedLambdaException`, so a deliberate rejection could never
reach the client as `UserLambdaValidationException` the way it does on AWS.

This proxy forwards every request unchanged and rewrites exactly one thing: a 500 reply to
`POST /2015-03-31/functions/<name>/invocations` whose body is a Lambda error object
(`{"errorType": ..., "errorMessage": ...}`) becomes 200 with `X-Amz-Function-Error: Unhandled`
and the same body, which is what Lambda itself would send. Any other reply passes through as is.

It also writes one JSON line per invocation to a journal file (function name, trigger source,
user name, status, whether it was a function error and its type, and the function's `response`
object), so
the test can prove which functions Cognito called and what they answered.

Usage: python invoke_proxy.py --listen PORT --upstream PORT --journal FILE
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<name>[^/]+)/invocations$")
# The first invocation of a function may compile it inside `cargo lambda watch`.
UPSTREAM_TIMEOUT_SECONDS = 900
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def lambda_error(body: bytes) -> bool:
    try:
        payload = json.loads(body)
    except ValueError:
        return False
    return isinstance(payload, dict) and "errorMessage" in payload


def summary(request_body: bytes, reply_body: bytes) -> dict:
    def parse(data: bytes) -> dict:
        try:
            value = json.loads(data)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    event, reply = parse(request_body), parse(reply_body)
    return {
        "triggerSource": event.get("triggerSource"),
        "userName": event.get("userName"),
        "response": reply.get("response"),
        "errorType": reply.get("errorType"),
        "errorMessage": reply.get("errorMessage"),
    }


class Proxy(BaseHTTPRequestHandler):
    upstream_port: int
    journal_path: str
    journal_lock = threading.Lock()
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.forward()

    def do_POST(self) -> None:  # noqa: N802
        self.forward()

    def forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.upstream_port, timeout=UPSTREAM_TIMEOUT_SECONDS
        )
        try:
            connection.request(self.command, self.path, body=body, headers=headers)
            upstream = connection.getresponse()
            status, reply = upstream.status, upstream.read()
            reply_headers = [
                (k, v) for k, v in upstream.getheaders() if k.lower() not in HOP_BY_HOP
            ]
        except OSError as error:
            self.send_error(502, f"upstream unreachable: {error}")
            return
        finally:
            connection.close()

        match = INVOKE_PATH.match(self.path) if self.command == "POST" else None
        function_error = False
        if match and status == 500 and lambda_error(reply):
            status, function_error = 200, True
            reply_headers.append(("X-Amz-Function-Error", "Unhandled"))
        if match:
            self.record(match.group("name"), status, function_error, body, reply)

        self.send_response(status)
        for key, value in reply_headers:
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def record(self, name: str, status: int, function_error: bool, body: bytes, reply: bytes):
        entry = {"function": name, "status": status, "functionError": function_error}
        entry.update(summary(body, reply))
        with self.journal_lock, open(self.journal_path, "a", encoding="utf-8") as journal:
            journal.write(json.dumps(entry) + "\n")

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        sys.stderr.write("invoke-proxy: " + (format % args) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", type=int, required=True)
    parser.add_argument("--upstream", type=int, required=True)
    parser.add_argument("--journal", required=True)
    arguments = parser.parse_args()
    Proxy.upstream_port = arguments.upstream
    Proxy.journal_path = arguments.journal
    server = ThreadingHTTPServer(("127.0.0.1", arguments.listen), Proxy)
    sys.stderr.write(
        f"invoke-proxy: 127.0.0.1:{arguments.listen} -> 127.0.0.1:{arguments.upstream}\n"
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
