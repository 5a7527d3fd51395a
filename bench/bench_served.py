"""Load and fault benchmark of the served offline API (issue 19): prints figures, asserts nothing.

    make bench                       # or: python bench/bench_served.py [--seconds 20] [--server-path DIR]

It starts `python -m mistral_course.offline serve` on a free loopback port, then for chat, streamed chat and
embeddings runs 16 and 32 clients (keep-alive connections, each sending its next request as soon as the last
is answered) for --seconds each. Meanwhile one client sends a slow proofreading request after another, a probe
times `GET /v1/models` while a slow request is in flight, and another client opens streams and hangs up after
their first bytes. The server's memory is sampled throughout. `--server-path` serves the package found in DIR
instead (an older checkout, for before/after figures).

The first row has no other load: only the slow requests, the probe and the hang-ups.

Targets (2 cores): 0 errors, 0 connection resets, chat p99 <= 100 ms at 32 clients, GET /v1/models during the
slow request <= 50 ms, server memory flat over the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = "mistral-small-latest"
HEADERS = {"Authorization": "Bearer bench", "Content-Type": "application/json", "Host": "127.0.0.1"}
CHAT = {"model": MODEL, "messages": [{"role": "user", "content": "Hello! What can you do for me?"}]}
STREAM = {**CHAT, "stream": True}
EMBED = {"model": "mistral-embed", "input": [f"Sentence number {i} about cards, transfers and fees." for i in range(8)]}
# Long words one or two edits from nothing: the proofreading skill searches hard for each (several seconds).
SLOW = {"model": MODEL, "messages": [{"role": "user", "content": "Proofread this text: " + " ".join(
    ["qwrtzpsdfghjklx", "mnbvcxyzlkjhgfq", "plokmijnuhbygvt", "zxqwvbnmrtyuiop", "lkjhgfdsapoiuyt",
     "trewqasdfgzxcvb", "bvcxzlkjhgfdsaq", "yxcvbnmasdfghjk"])}]}
LONG_STREAM = {**STREAM, "messages": [{"role": "user", "content": "Summarise this text: " +
                                       "The bank opens a new branch in the city centre next month. " * 60}]}
RESETS = (ConnectionResetError, BrokenPipeError, ConnectionAbortedError, http.client.RemoteDisconnected)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(server_path: str | None, log) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ)
    if server_path:
        env["PYTHONPATH"] = server_path
    process = subprocess.Popen([sys.executable, "-m", "mistral_course.offline", "serve", "--port", str(port)],
                               cwd=server_path or ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    request("POST", port, "/v1/chat/completions", CHAT)  # load the tokenizer
    request("POST", port, "/v1/embeddings", EMBED)  # and the embedding model
    return process, port


def request(method: str, port: int, path: str, body=None, connection=None, timeout=120):
    conn = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request(method, path, body=json.dumps(body).encode() if body is not None else None, headers=HEADERS)
    response = conn.getresponse()
    data = response.read()
    if connection is None:
        conn.close()
    return response.status, data


def rss_mb(pid: int) -> float:
    """The server's resident memory (Linux; elsewhere nan)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Loop(threading.Thread):
    """Sends one request after another on a keep-alive connection until `stop`; records latencies and failures."""

    def __init__(self, port, path, body, stop):
        super().__init__(daemon=True)
        self.port, self.path, self.body, self.stop = port, path, body, stop
        self.latencies, self.errors, self.resets = [], 0, 0

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                status, _ = request("POST", self.port, self.path, self.body, connection=conn)
                self.latencies.append((time.perf_counter() - start) * 1000)
                self.errors += status != 200
            except RESETS:
                self.resets += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.close()


class SlowAndProbe(threading.Thread):
    """Slow requests back to back; while each is in flight, GET /v1/models is timed every 0.2 s."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.port, self.stop = port, stop
        self.slow_done, self.probes, self.probe_errors = 0, [], 0

    def run(self):
        while not self.stop.is_set():
            finished = threading.Event()

            def slow():
                try:
                    request("POST", self.port, "/v1/chat/completions", SLOW)
                    self.slow_done += 1
                finally:
                    finished.set()

            threading.Thread(target=slow, daemon=True).start()
            time.sleep(0.3)
            while not finished.is_set() and not self.stop.is_set():
                start = time.perf_counter()
                try:
                    status, _ = request("GET", self.port, "/v1/models", timeout=60)
                    self.probes.append((time.perf_counter() - start) * 1000)
                    self.probe_errors += status != 200
                except (OSError, http.client.HTTPException):
                    self.probe_errors += 1
                finished.wait(0.2)
            finished.wait(120)


class HangUp(threading.Thread):
    """Opens a stream, reads its first bytes and closes the connection, again and again."""

    def __init__(self, port, stop):
        super().__init__(daemon=True)
        self.port, self.stop, self.count = port, stop, 0

    def run(self):
        body = json.dumps(LONG_STREAM).encode()
        head = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer bench\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        while not self.stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=30) as sock:
                    sock.sendall(head + body)
                    sock.recv(64)
                self.count += 1
            except OSError:
                pass
            self.stop.wait(0.1)


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def phase(port, pid, label, path, body, clients, seconds, memory):
    stop = threading.Event()
    loops = [Loop(port, path, body, stop) for _ in range(clients)]
    slow, hangup = SlowAndProbe(port, stop), HangUp(port, stop)
    for t in [*loops, slow, hangup]:
        t.start()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        memory.append(rss_mb(pid))
        time.sleep(0.5)
    stop.set()
    for t in loops:
        t.join(60)
    hangup.join(30)
    slow.join(150)
    latencies = [x for t in loops for x in t.latencies]
    errors, resets = sum(t.errors for t in loops), sum(t.resets for t in loops)
    print(f"{label:14s} {clients:3d} {len(latencies) / seconds:8.0f} {percentile(latencies, 0.5):8.1f} "
          f"{percentile(latencies, 0.99):8.1f} {errors:6d} {resets:6d} {percentile(slow.probes, 0.5):9.1f} "
          f"{max(slow.probes, default=float('nan')):9.1f} {slow.slow_done:5d} {hangup.count:7d} "
          f"{memory[-1]:7.0f}", flush=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--server-path", help="serve the mistral_course package found in this folder")
    args = parser.parse_args(argv)

    log_path = ROOT / "build" / "bench_served_server.log"
    log_path.parent.mkdir(exist_ok=True)
    with open(log_path, "w") as log:
        server, port = start_server(args.server_path, log)
        try:
            memory = [rss_mb(server.pid)]
            print(f"served offline API, loopback, {os.cpu_count()} cores, {args.seconds:g} s a row; "
                  f"server memory at start {memory[0]:.0f} MB")
            print(f"{'':14s} {'cli':>3s} {'req/s':>8s} {'p50 ms':>8s} {'p99 ms':>8s} {'errors':>6s} {'resets':>6s} "
                  f"{'models p50':>9s} {'models max':>9s} {'slow':>5s} {'hang-up':>7s} {'RSS MB':>7s}")
            phase(port, server.pid, "slow alone", "/v1/chat/completions", CHAT, 0, args.seconds,
                  memory)
            for label, path, body in [("chat", "/v1/chat/completions", CHAT),
                                      ("streamed chat", "/v1/chat/completions", STREAM),
                                      ("embeddings", "/v1/embeddings", EMBED)]:
                for clients in (16, 32):
                    phase(port, server.pid, label, path, body, clients, args.seconds, memory)
            print(f"server memory: start {memory[0]:.0f} MB, peak {max(memory):.0f} MB, end {memory[-1]:.0f} MB")
        finally:
            server.terminate()
            server.wait(30)
    tracebacks = log_path.read_text(errors="replace").count("Traceback")
    print(f"tracebacks printed by the server: {tracebacks} (its log: {log_path.relative_to(ROOT)})")
    print("targets: 0 errors, 0 resets, chat p99 <= 100 ms at 32 clients, models max <= 50 ms, memory flat")


if __name__ == "__main__":
    main()
