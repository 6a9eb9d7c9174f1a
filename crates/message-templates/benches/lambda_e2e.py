#!/usr/bin/env python3
"""End-to-end cold start and warm latency of a Lambda function binary, against a mock Lambda
Runtime API on 127.0.0.1. Compares the `custom-message` function with an empty function.

    cargo build --release -p cognito-message-templates --bin custom-message --example empty_function
    python3 crates/message-templates/benches/lambda_e2e.py [--runs 30] [--warm 300]

cold  = process start -> first response posted (init + first invocation)
warm  = event handed out by /next -> its response posted (one warm invocation)
"""

import argparse
import http.server
import json
import os
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
EVENT = (ROOT / "events" / "CustomMessage_ForgotPassword.json").read_bytes()


class Api:
    def __init__(self, invocations):
        self.remaining = invocations
        self.served = {}
        self.answered = {}
        self.errors = []
        self.lock = threading.Lock()
        self.done = threading.Event()


def make_handler(api):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = -1  # one send per response (with flush), no Nagle/delayed-ACK stalls

        def setup(self):
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

        def do_GET(self):
            if not self.path.endswith("/runtime/invocation/next"):
                self.send_error(404)
                return
            with api.lock:
                if api.remaining == 0:
                    api.done.set()
                    number = None
                else:
                    api.remaining -= 1
                    number = len(api.served)
                    api.served[str(number)] = time.perf_counter()
            if number is None:
                time.sleep(30)  # the harness kills the process before this returns
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(EVENT)))
            self.send_header("Lambda-Runtime-Aws-Request-Id", str(number))
            self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 5000))
            self.send_header(
                "Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:123456789012:function:bench",
            )
            self.end_headers()
            self.wfile.write(EVENT)
            self.wfile.flush()

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            parts = self.path.strip("/").split("/")
            now = time.perf_counter()
            with api.lock:
                if parts[-1] == "response":
                    api.answered[parts[-2]] = now
                else:
                    api.errors.append((self.path, body[:300]))
            self.send_response(202)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self.wfile.flush()

    return Handler


def run_once(binary, warm, env_extra):
    api = Api(1 + warm)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(api))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{server.server_address[1]}",
        "AWS_LAMBDA_FUNCTION_NAME": "bench",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "128",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_LOG_STREAM_NAME": "bench",
        "AWS_LAMBDA_LOG_GROUP_NAME": "bench",
        **env_extra,
    }
    start = time.perf_counter()
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not api.done.wait(60):
            raise RuntimeError(f"{binary}: timed out; errors: {api.errors}")
    finally:
        process.kill()
        process.wait()
        server.shutdown()
        server.server_close()
    if api.errors or len(api.answered) != 1 + warm:
        raise RuntimeError(f"{binary}: errors {api.errors}, answered {len(api.answered)}")
    cold = api.answered["0"] - start
    warm_latencies = [api.answered[k] - api.served[k] for k in api.answered if k != "0"]
    return cold, warm_latencies


def measure(binary, runs, warm, env_extra):
    colds, warms = [], []
    for _ in range(runs):
        cold, latencies = run_once(binary, warm, env_extra)
        colds.append(cold)
        warms.extend(latencies)
    return statistics.median(colds) * 1000, statistics.median(warms) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warm", type=int, default=300)
    parser.add_argument("--target", default=str(ROOT / "target" / "release"))
    args = parser.parse_args()
    target = Path(args.target)
    functions = [
        ("empty (CognitoDefault)", target / "examples" / "empty_function", {}),
        ("custom-message (built-in templates)", target / "custom-message", {}),
        (
            "custom-message (CUSTOM_MESSAGE_CHANNELS=none)",
            target / "custom-message",
            {"CUSTOM_MESSAGE_CHANNELS": "none"},
        ),
        (
            "custom-message (CUSTOM_MESSAGE_TEMPLATE_DIR)",
            target / "custom-message",
            {"CUSTOM_MESSAGE_TEMPLATE_DIR": str(ROOT / "templates")},
        ),
    ]
    results = {}
    # Interleave the functions so background load hits them alike.
    for _ in range(args.runs):
        for name, binary, env in functions:
            cold, warm = measure(binary, 1, args.warm, env)
            results.setdefault(name, ([], []))
            results[name][0].append(cold)
            results[name][1].append(warm)
    base_cold = statistics.median(results[functions[0][0]][0])
    base_warm = statistics.median(results[functions[0][0]][1])
    print(f"{'function':<46} {'cold ms':>8} {'x':>5} {'warm ms':>8} {'x':>5}")
    for name, (colds, warms) in results.items():
        cold, warm = statistics.median(colds), statistics.median(warms)
        print(f"{name:<46} {cold:8.2f} {cold / base_cold:5.2f} {warm:8.3f} {warm / base_warm:5.2f}")
    print(json.dumps({"runs": args.runs, "warm_invocations_per_run": args.warm}))


if __name__ == "__main__":
    main()
