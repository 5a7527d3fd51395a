"""The `mistral` and `local` clients retry by default, through the real SDK: 429 (waiting as Retry-After says),
5xx and dropped connections, within a bounded time; a learner's own retry policy replaces the default."""

import http.server
import json
import threading
import time

import pytest
from mistralai.client.errors import SDKError
from mistralai.client.utils import BackoffStrategy, RetryConfig

from mistral_course import backend
from mistral_course.backend import course_api
from mistral_course.offline.server import make_server

from conftest import user

MODEL = "mistral-small-latest"
OK = {"id": "c", "object": "chat.completion", "created": 0, "model": MODEL,
      "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
      "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


@pytest.fixture
def scripted():
    """A loopback HTTP server answering each POST with the next step of a script: ("ok",), ("status", code,
    headers) or ("drop",) (close the connection without answering). Records when each request came."""
    script, seen = [], []

    class Scripted(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(time.monotonic())
            step = script.pop(0) if script else ("ok",)
            if step[0] == "drop":
                self.close_connection = True
                return
            status, headers, body = 200, {}, OK
            if step[0] == "status":
                status, headers = step[1], step[2]
                kind = step[3] if len(step) > 3 else "rate_limited"
                body = {"object": "error", "message": "busy", "type": kind, "param": None, "code": "1300"}
            data = json.dumps(body).encode()
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", "Content-Length": str(len(data)),
                                **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", script, seen
    httpd.shutdown()
    httpd.server_close()


def local_client(monkeypatch, url, **sdk_options):
    monkeypatch.setenv("MISTRAL_SERVER_URL", url)
    return backend.make_client("local", **sdk_options)


def test_a_429_is_retried_after_the_wait_retry_after_names(monkeypatch, scripted):
    url, script, seen = scripted
    script.append(("status", 429, {"Retry-After": "2"}))
    answer = local_client(monkeypatch, url).chat.complete(model=MODEL, messages=user("hi"))
    assert answer.choices[0].message.content == "ok" and len(seen) == 2
    # The default backoff would have waited 1 to 1.5 s; Retry-After said 2.
    assert seen[1] - seen[0] >= 1.9


def test_a_used_up_classroom_budget_is_not_retried(monkeypatch, scripted):
    """The classroom gateway's 429 for a used-up budget (type budget_exceeded) is final: the learner sees its
    sentence at once instead of waiting out the 30 s retry budget; a rate-limit 429 is still retried."""
    import asyncio

    from mistral_course.transports import BudgetExceeded

    url, script, seen = scripted
    script.append(("status", 429, {}, "budget_exceeded"))
    client = local_client(monkeypatch, url)
    start = time.monotonic()
    with pytest.raises(BudgetExceeded, match="busy"):
        client.chat.complete(model=MODEL, messages=user("hi"))
    script.append(("status", 429, {}, "budget_exceeded"))
    with pytest.raises(BudgetExceeded, match="busy"):
        asyncio.run(client.chat.complete_async(model=MODEL, messages=user("hi")))
    assert len(seen) == 2 and time.monotonic() - start < 1


def test_5xx_and_a_dropped_connection_are_retried(monkeypatch, scripted):
    url, script, seen = scripted
    script.extend([("status", 503, {}), ("drop",)])
    answer = local_client(monkeypatch, url).chat.complete(model=MODEL, messages=user("hi"))
    assert answer.choices[0].message.content == "ok" and len(seen) == 3


def test_retrying_stops_once_its_time_budget_is_spent(monkeypatch, scripted):
    url, script, seen = scripted
    script.extend([("status", 429, {"Retry-After": "1"})] * 100)
    monkeypatch.setattr(backend, "RETRY_BUDGET_MS", 2_500)
    start = time.monotonic()
    with pytest.raises(SDKError) as info:
        local_client(monkeypatch, url).chat.complete(model=MODEL, messages=user("hi"))
    assert info.value.status_code == 429
    assert 3 <= len(seen) <= 5 and time.monotonic() - start < 10


def test_a_learners_own_retry_policy_replaces_the_default(monkeypatch, scripted):
    url, script, seen = scripted
    script.append(("status", 503, {}))
    with pytest.raises(SDKError) as info:
        local_client(monkeypatch, url, retry_config=None).chat.complete(model=MODEL, messages=user("hi"))
    assert info.value.status_code == 503 and len(seen) == 1
    script.extend([("status", 503, {})] * 2)
    mine = RetryConfig("backoff", BackoffStrategy(1, 5, 1.5, 5_000), retry_connection_errors=False)
    answer = local_client(monkeypatch, url, retry_config=mine).chat.complete(model=MODEL, messages=user("hi"))
    assert answer.choices[0].message.content == "ok" and len(seen) == 4
    # ...and `retries=` on one call wins over the client's policy.
    script.append(("status", 503, {}))
    with pytest.raises(SDKError):
        local_client(monkeypatch, url).chat.complete(model=MODEL, messages=user("hi"),
                                                     retries=RetryConfig("none", None, False))


def test_a_server_on_this_machine_that_is_not_running_is_said_at_once(monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    start = time.monotonic()
    with pytest.raises(backend.BackendUnreachable) as info:
        local_client(monkeypatch, f"http://127.0.0.1:{port}").chat.complete(model=MODEL, messages=user("hi"))
    assert not isinstance(info.value, backend.NetworkTrouble) and time.monotonic() - start < 5


@pytest.fixture
def rate_limited_server():
    api = course_api(rate=1)
    srv = make_server(api, "127.0.0.1", 0).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_the_served_rate_limit_answers_429_with_retry_after(rate_limited_server):
    import httpx2

    with httpx2.Client(base_url=rate_limited_server, headers={"Authorization": "Bearer a"}) as http:
        body = {"model": MODEL, "messages": user("hi")}
        http.post("/v1/chat/completions", json=body, headers={"Authorization": "Bearer warm"})  # loads the engine
        assert http.post("/v1/chat/completions", json=body).status_code == 200
        refused = http.post("/v1/chat/completions", json=body)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "1"
        assert 0 < int(refused.headers["retry-after-ms"]) <= 1000  # the wait to the millisecond, for the SDK
        assert refused.json() == {"object": "error", "message": "Rate limit exceeded", "type": "rate_limited",
                                  "param": None, "code": "1300", "raw_status_code": 429}
        # The limit is per token, like a key's.
        other = http.post("/v1/chat/completions", json=body, headers={"Authorization": "Bearer b"})
        assert other.status_code == 200


def test_a_loop_at_one_request_a_second_finishes_with_the_default_retries(monkeypatch, rate_limited_server):
    client = local_client(monkeypatch, rate_limited_server)
    start = time.monotonic()
    answers = [client.chat.complete(model=MODEL, messages=user(f"hello {i}")) for i in range(3)]
    vectors = client.embeddings.create(model="mistral-embed", inputs=["a", "b"])
    assert all(a.choices[0].message.content for a in answers) and len(vectors.data) == 2
    assert time.monotonic() - start >= 2.9  # four calls at one a second: the server made the client wait


def test_async_calls_retry_too(monkeypatch, rate_limited_server):
    import asyncio

    async def twice():
        client = local_client(monkeypatch, rate_limited_server)
        return [await client.chat.complete_async(model=MODEL, messages=user("hello")) for _ in range(2)]

    assert all(a.choices[0].message.content for a in asyncio.run(twice()))
