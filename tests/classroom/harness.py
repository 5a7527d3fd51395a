"""A real classroom on loopback for the tests and the benchmark: the course's offline API standing in for
Mistral's, and JupyterHub with its proxy and the key gateway, started from classroom/jupyterhub_config.py.

Everything each process prints goes to one log file, which the tests search for the instructor's key.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "classroom" / "jupyterhub_config.py"
# What the tests use as the instructor's key: random, so finding it anywhere means it leaked.
INSTRUCTOR_KEY = "instructor-key-" + secrets.token_hex(16)
LEARNER_PASSWORD = "learners-" + secrets.token_hex(4)
ADMIN_PASSWORD = "instructor-" + secrets.token_hex(16)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (httpx2.TransportError, OSError, LookupError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not happen within {timeout:.0f} s")


class Classroom:
    def __init__(self, folder: Path, learners: list[str], budget: int, rate: int, max_answer: int = 256):
        self.folder, self.learners = folder, learners
        self.budget, self.rate, self.max_answer = budget, rate, max_answer
        self.ports = {name: free_port() for name in ("public", "hub", "proxy_api", "gateway", "offline", "link")}
        self.upstream_url = f"http://127.0.0.1:{self.ports['link']}"  # what the gateway forwards to
        self.url = f"http://127.0.0.1:{self.ports['public']}"
        self.gateway_url = f"http://127.0.0.1:{self.ports['gateway']}/services/gateway"
        self.admin_token = secrets.token_hex(24)
        self.log_path = folder / "classroom.log"
        self.log = open(self.log_path, "ab")
        self.offline: subprocess.Popen | None = None
        self.link: subprocess.Popen | None = None
        self.hub: subprocess.Popen | None = None

    # ------------------------------------------------------------------ processes
    def environment(self) -> dict:
        environ = {k: v for k, v in os.environ.items() if not k.startswith(("MISTRAL_", "CLASSROOM_"))}
        environ.update({
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "notebooks")]),
            "CLASSROOM_STATE": str(self.folder / "state"), "CLASSROOM_IP": "127.0.0.1",
            "CLASSROOM_PORT": str(self.ports["public"]), "CLASSROOM_HUB_PORT": str(self.ports["hub"]),
            "CLASSROOM_PROXY_API_PORT": str(self.ports["proxy_api"]),
            "CLASSROOM_GATEWAY_PORT": str(self.ports["gateway"]),
            "CLASSROOM_LEARNERS": ",".join(self.learners), "CLASSROOM_PASSWORD": LEARNER_PASSWORD,
            "CLASSROOM_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "MISTRAL_API_KEY": INSTRUCTOR_KEY,
            "MISTRAL_GATEWAY_UPSTREAM": self.upstream_url,
            "MISTRAL_GATEWAY_BUDGET": str(self.budget), "MISTRAL_GATEWAY_RATE": str(self.rate),
            "MISTRAL_GATEWAY_MAX_ANSWER": str(self.max_answer),
            "CLASSROOM_TEST_TOKEN": self.admin_token,
        })
        return environ

    def start_upstream(self) -> None:
        """The offline API (once), and the link to it that the gateway forwards to."""
        probe = {"Authorization": "Bearer probe"}
        if self.offline is None:
            self.offline = subprocess.Popen(
                [sys.executable, "-m", "mistral_course.offline", "serve", "--port", str(self.ports["offline"])],
                env={**self.environment(), "MISTRAL_API_KEY": ""}, stdout=self.log, stderr=self.log)
            wait_until(lambda: httpx2.get(f"http://127.0.0.1:{self.ports['offline']}/v1/models",
                                          headers=probe).status_code == 200, 60, "the offline API answering")
        self.link = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("slow_link.py")), str(self.ports["link"]),
             f"http://127.0.0.1:{self.ports['offline']}"], env=self.environment(), stdout=self.log, stderr=self.log)
        wait_until(lambda: httpx2.get(f"{self.upstream_url}/v1/models", headers=probe).status_code == 200, 60,
                   "the link to the offline API answering")

    def stop_upstream(self) -> None:
        """The upstream goes away: the gateway's connections to it are refused."""
        if self.link is not None:
            self.link.terminate()
            self.link.wait(20)
            self.link = None

    def pace(self, seconds: float) -> None:
        """Streamed answers arrive one chunk every `seconds`, like a real model's."""
        httpx2.put(f"{self.upstream_url}/_link/pace?seconds={seconds}").raise_for_status()

    def start(self) -> "Classroom":
        self.start_upstream()
        config = self.folder / "test_config.py"
        config.write_text(
            f"load_subconfig({str(CONFIG)!r})\n"
            "import os\n"
            "c.JupyterHub.services.append({'name': 'classroom-test',\n"
            "                              'api_token': os.environ['CLASSROOM_TEST_TOKEN']})\n"
            "c.JupyterHub.load_roles.append({'name': 'classroom-test', 'services': ['classroom-test'], 'scopes': "
            "['admin:users', 'admin:servers', 'tokens', 'access:servers', 'list:users']})\n")
        self.hub = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                    cwd=self.folder, env=self.environment(), stdout=self.log, stderr=self.log,
                                    start_new_session=True)
        wait_until(lambda: httpx2.get(f"{self.url}/services/gateway/health").status_code == 200, 90,
                   "the hub and its gateway answering")
        return self

    def stop(self) -> None:
        if self.hub is not None:
            self.hub.send_signal(signal.SIGTERM)
            try:
                self.hub.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
            self.hub = None
        self.stop_upstream()
        if self.offline is not None:
            self.offline.terminate()
            self.offline.wait(20)
        self.log.close()

    def gateway_pid(self) -> int:
        """The gateway's process: the hub's child whose command line runs mistral_course.gateway."""
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    status = (entry / "status").read_text()
                    cmdline = (entry / "cmdline").read_bytes().split(b"\0")
                except OSError:
                    continue
                ppid = int(re.search(r"PPid:\s+(\d+)", status).group(1))
                if ppid == self.hub.pid and b"mistral_course.gateway" in cmdline:
                    return int(entry.name)
        raise LookupError("no gateway process under the hub")

    def logs(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    # ------------------------------------------------------------------ the hub's REST API
    def api(self, method: str, path: str, **kwargs):
        response = httpx2.request(method, f"{self.url}/hub/api/{path}", timeout=30,
                                  headers={"Authorization": f"token {self.admin_token}"}, **kwargs)
        response.raise_for_status()
        return response.json() if response.content else None

    def create_learners(self, names: list[str]) -> None:
        self.api("POST", "users", json={"usernames": names})

    def token_for(self, name: str, scopes: list[str] | None = None) -> str:
        body = {"note": "classroom test", "scopes": scopes or ["access:services!service=gateway"]}
        return self.api("POST", f"users/{name}/tokens", json=body)["token"]

    def log_in(self, name: str, password: str = LEARNER_PASSWORD) -> httpx2.Client:
        """A browser-like session that logged in through the hub's login form."""
        session = httpx2.Client(base_url=self.url, follow_redirects=True, timeout=60)
        session.get("/hub/login")
        xsrf = session.cookies.get("_xsrf")
        response = session.post("/hub/login", data={"username": name, "password": password, "_xsrf": xsrf})
        if response.status_code != 200 or "jupyterhub-session-id" not in session.cookies:
            raise AssertionError(f"{name} could not log in: {response.status_code}")
        return session

    def start_server(self, name: str) -> dict:
        """Start a learner's server if it is not running (as the hub's Start button does), once it is ready."""
        if not self.api("GET", f"users/{name}")["servers"]:
            self.api("POST", f"users/{name}/server")
        return self.wait_for_server(name)

    def wait_for_server(self, name: str, timeout: float = 120) -> dict:
        return wait_until(lambda: (self.api("GET", f"users/{name}")["servers"].get("") or {}).get("ready")
                          and self.api("GET", f"users/{name}"), timeout, f"{name}'s server starting")


# ---------------------------------------------------------------------------------------- the load driver
CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "Hello! What can you do?"}]}
EMBED = {"model": "mistral-embed", "input": ["How do I reset my card's PIN?", "Cards and payments"]}
# What the load sends: a learner's longer question (about 250 tokens) and a few passages to embed
CONTEXT = ("Our bank offers current accounts, savings accounts, cards and loans. A card can be frozen in the app, "
           "a PIN can be reset at any cash machine, and a transfer abroad takes one to three working days. ") * 5
LOAD_CHAT = {**CHAT, "messages": [{"role": "user", "content": CONTEXT + "Summarise this in one sentence."}]}
LOAD_EMBED = {"model": "mistral-embed", "input": [CONTEXT[:400], CONTEXT[400:800], "How do I reset my PIN?"]}


async def one_learner(client: httpx2.AsyncClient, url: str, token: str, until: float, record: dict,
                      kinds=("chat", "stream", "embeddings")) -> None:
    """A learner sending chat, streamed chat and embeddings in turn until `until`; tallies what it received."""
    headers = {"Authorization": f"Bearer {token}"}
    turn = 0
    while time.monotonic() < until:
        kind = kinds[turn % len(kinds)]
        turn += 1
        started = time.monotonic()
        usage, status = None, None
        if kind == "models":  # no model work: what the gateway itself costs
            response = await client.get(f"{url}/v1/models", headers=headers)
            status, usage = response.status_code, {"total_tokens": 0}
        elif kind == "stream":
            async with client.stream("POST", f"{url}/v1/chat/completions", headers=headers,
                                     json={**LOAD_CHAT, "stream": True}) as response:
                status = response.status_code
                if status != 200:
                    record["bodies"].append((await response.aread()).decode(errors="replace"))
                else:
                    async for line in response.aiter_lines():
                        if line.startswith("data:") and '"usage"' in line:
                            usage = json.loads(line[5:])["usage"] or usage  # null until the last chunk
        else:
            path, body = ("v1/chat/completions", LOAD_CHAT) if kind == "chat" else ("v1/embeddings", LOAD_EMBED)
            response = await client.post(f"{url}/{path}", headers=headers, json=body)
            status = response.status_code
            if status == 200:
                usage = response.json()["usage"]
            else:
                record["bodies"].append(response.text)
        record["statuses"][status] = record["statuses"].get(status, 0) + 1
        if status == 200:
            record["latencies"].append(time.monotonic() - started)
            record["tokens"] += usage["total_tokens"]
        else:
            await asyncio.sleep(1)  # the learner reads the message, then tries something else


def warm_up(url: str, token: str) -> None:
    """One request of each kind first, so the upstream's first-use loading is not counted as latency."""
    headers = {"Authorization": f"Bearer {token}"}
    for path, body in (("v1/chat/completions", LOAD_CHAT), ("v1/embeddings", LOAD_EMBED)):
        httpx2.post(f"{url}/{path}", headers=headers, json=body, timeout=120).raise_for_status()


async def drive(url: str, tokens: dict[str, str], seconds: float,
                kinds=("chat", "stream", "embeddings")) -> dict[str, dict]:
    """Every learner at once for `seconds`; what each received."""
    records = {name: {"latencies": [], "statuses": {}, "tokens": 0, "bodies": []} for name in tokens}
    until = time.monotonic() + seconds
    limits = httpx2.Limits(max_connections=len(tokens) * 2)
    async with httpx2.AsyncClient(timeout=120, limits=limits) as client:
        await asyncio.gather(*(one_learner(client, url, token, until, records[name], kinds)
                               for name, token in tokens.items()))
    return records


def summary(records: dict[str, dict], seconds: float) -> dict:
    latencies = sorted(x for r in records.values() for x in r["latencies"])
    statuses: dict[int, int] = {}
    for r in records.values():
        for status, n in r["statuses"].items():
            statuses[status] = statuses.get(status, 0) + n

    def pct(q):
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")

    return {"answered": len(latencies), "answered_per_second": round(len(latencies) / seconds, 1),
            "p50_ms": round(1000 * pct(0.50)), "p99_ms": round(1000 * pct(0.99)), "statuses": statuses,
            "tokens": sum(r["tokens"] for r in records.values())}


# ---------------------------------------------------------------------------------------- a notebook in a server
async def run_in_server(server: str, token: str, codes: list[str], timeout: float = 300) -> list[dict]:
    """Run code cells in a new kernel of a learner's Jupyter server, through its REST API and its kernel
    websocket, as JupyterLab does; one {"outputs": [...], "status": ...} per cell (stops at an error)."""
    import uuid

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Authorization": f"token {token}"}
    async with httpx2.AsyncClient(base_url=server, headers=headers, timeout=60) as client:
        kernel = (await client.post("/api/kernels", json={"name": "python3"})).raise_for_status().json()
        socket_url = server.replace("http", "ws", 1) + f"/api/kernels/{kernel['id']}/channels"
        ws = await websocket_connect(HTTPRequest(socket_url, headers=headers))
        session, results = uuid.uuid4().hex, []
        try:
            for code in codes:
                msg_id = uuid.uuid4().hex
                ws.write_message(json.dumps({
                    "header": {"msg_id": msg_id, "username": "learner", "session": session, "date": "",
                               "msg_type": "execute_request", "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                    "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {},
                                "allow_stdin": False, "stop_on_error": True}}))
                outputs, status, idle = [], None, False
                while status is None or not idle:
                    message = json.loads(await asyncio.wait_for(ws.read_message(), timeout))
                    if message.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    kind, content = message["msg_type"], message["content"]
                    if kind == "execute_reply":
                        status = content["status"]
                    elif kind == "status":
                        idle = content["execution_state"] == "idle"
                    elif kind in ("stream", "execute_result", "display_data", "error"):
                        outputs.append({"output_type": kind, **content})
                results.append({"outputs": outputs, "status": status})
                if status != "ok":
                    break
        finally:
            ws.close()
            await client.delete(f"/api/kernels/{kernel['id']}")
    return results
