"""The served API under load, faults and mistakes (issue 19): no request holds the others, every mistake is a
4xx with a JSON body, HTTP framing is uvicorn's, and beyond loopback the state is kept apart per token."""

import json
import socket
import subprocess
import sys
import threading
from dataclasses import replace

import httpx2
import pytest

from mistral_course.backend import course_api
from mistral_course.offline import Engine, OfflineAPI, wire
from mistral_course.offline.engine import SURE, Reply, Task
from mistral_course.offline.engine.defaults import default_skills
from mistral_course.offline.server import make_server

AUTH = {"Authorization": "Bearer x"}
CHAT = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hello"}]}


def strict_json(data: bytes):
    """JSON as the standard defines it: NaN and Infinity are not JSON."""
    return json.loads(data, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))


def raw(server_url: str, request: bytes, read_timeout: float = 20.0) -> bytes:
    """Send raw bytes to the server and read its answer until it closes or goes quiet."""
    host, port = server_url.rsplit("//", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=read_timeout) as sock:
        sock.sendall(request)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
                if b"\r\n\r\n" in data and _complete(data):
                    break
        except socket.timeout:
            pass
    return data


def _complete(data: bytes) -> bool:
    head, _, body = data.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def status_and_body(response: bytes) -> tuple[int, bytes]:
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), body


class Gate:
    """A skill that answers 'block' only when the test opens the gate: it stands for a slow request."""
    name, summary, lesson = "gate", "blocks until released (test only)", "no lesson"

    def __init__(self):
        self.entered, self.release = threading.Event(), threading.Event()

    def read(self, conv):
        return Task(self.name, SURE, "a request to block") if conv.turns[-1].text == "block" else None

    def answer(self, task):
        self.entered.set()
        self.release.wait(60)
        return Reply(content="released", skill="gate")


# --------------------------------------------------------------------------- one request no longer freezes everyone
def test_a_slow_request_does_not_hold_the_others():
    gate = Gate()
    server = make_server(OfflineAPI(Engine([gate, *default_skills()])), "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        slow = threading.Thread(target=httpx2.post, args=(url + "/v1/chat/completions",),
                                kwargs={"json": {**CHAT, "messages": [{"role": "user", "content": "block"}]},
                                        "headers": AUTH, "timeout": 60})
        slow.start()
        assert gate.entered.wait(30)
        # The slow request is inside the engine; before, a global lock held these until it finished.
        assert httpx2.get(url + "/v1/models", headers=AUTH, timeout=30).status_code == 200
        r = httpx2.post(url + "/v1/chat/completions", json=CHAT, headers=AUTH, timeout=30)
        assert r.status_code == 200 and not gate.release.is_set()
    finally:
        gate.release.set()
        slow.join(30)
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- every mistake: 4xx and JSON
BAD_BODIES = {
    "content null": ({**CHAT, "messages": [{"role": "user", "content": None}]}, 400),
    "tool message without tool_call_id": ({**CHAT, "messages": [
        {"role": "user", "content": "look"},
        {"role": "assistant", "tool_calls": [{"id": "abcDEF123", "function": {"name": "f", "arguments": "{}"}}]},
        {"role": "tool", "content": "42"}]}, 400),
    "n far too large": ({**CHAT, "n": 1_000_000}, 422),
}


@pytest.mark.parametrize("case", BAD_BODIES)
def test_client_mistakes_in_chat_are_4xx_with_json(http, case):
    body, status = BAD_BODIES[case]
    r = http.post("/v1/chat/completions", json=body)
    assert r.status_code == status and strict_json(r.content)


@pytest.mark.parametrize("payload", [
    b'{"model": "mistral-small-latest", "messages": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"model": "mistral-small-latest", "messages": [], "metadata": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001,
    b'{"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hi"}], "temperature": NaN}',
    b'{"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hi"}], "top_p": Infinity}',
    b'{"model": "\\ud800", "messages": [{"role": "user", "content": "hi"}]}',
    b'{"model": "mistral-small-latest", "messages": [{"role": "user", "content": "\\udfff"}]}',
    b'\xff\xfe{"model": 1}',
])
def test_malformed_json_bodies_are_422_with_json(http, payload):
    r = http.post("/v1/chat/completions", content=payload, headers={"content-type": "application/json"})
    assert r.status_code == 422 and strict_json(r.content)["detail"][0]["type"] in ("json_invalid",)


def test_422_bodies_never_echo_what_json_cannot_say(http):
    r = http.post("/v1/chat/completions", json={**CHAT, "temperature": "x", "metadata": {"deep": [[["y"]]]}})
    assert r.status_code == 422 and strict_json(r.content)


def test_an_embedding_input_with_a_lone_surrogate_is_a_422(http):
    r = http.post("/v1/embeddings", content=b'{"model": "mistral-embed", "input": ["ok", "\\ud83d"]}',
                  headers={"content-type": "application/json"})
    assert r.status_code == 422 and strict_json(r.content)


def test_a_non_utf8_purpose_is_a_422(http):
    r = http.post("/v1/files", files={"file": ("a.jsonl", b"{}\n")}, data={"purpose": b"\xff\xfe".decode("latin-1")})
    assert r.status_code == 422 and strict_json(r.content)["detail"][0]["loc"] == ["body", "purpose"]
    form = (b"--B\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n\xff\xfe\r\n"
            b"--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jsonl\"\r\n\r\n{}\n\r\n--B--\r\n")
    r = http.post("/v1/files", content=form, headers={"content-type": "multipart/form-data; boundary=B"})
    assert r.status_code == 422 and strict_json(r.content)


@pytest.mark.parametrize("method", ["OPTIONS", "HEAD", "TRACE", "PUT", "PATCH"])
def test_other_methods_get_json_405_with_allow(server, method):
    r = httpx2.request(method, server + "/v1/chat/completions", headers=AUTH)
    assert r.status_code == 405 and r.headers["allow"] == "POST"
    if method != "HEAD":
        assert strict_json(r.content) == {"detail": "Method Not Allowed"}


def test_an_unknown_method_gets_json_405(server):
    status, body = status_and_body(raw(server, b"BREW /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
    assert status == 405 and strict_json(body) == {"detail": "Method Not Allowed"}


def test_long_urls_and_large_headers_get_json_414_and_431(server):
    r = httpx2.get(server + "/v1/models?q=" + "a" * 10_000, headers=AUTH)
    assert r.status_code == 414 and strict_json(r.content)["object"] == "error"
    r = httpx2.get(server + "/v1/models", headers={**AUTH, **{f"x-h{i}": "v" * 1000 for i in range(20)}})
    assert r.status_code == 431 and strict_json(r.content)["object"] == "error"


# --------------------------------------------------------------------------- limits
def test_a_body_past_the_limit_is_413_before_it_is_read(server):
    head = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
            b"Content-Type: application/json\r\nContent-Length: 100000000000000\r\n\r\n")
    status, body = status_and_body(raw(server, head + b"{"))
    assert status == 413 and "larger than" in strict_json(body)["message"]


def test_a_large_chat_body_is_413_in_process_too(http):
    r = http.post("/v1/chat/completions", json={**CHAT, "messages": [
        {"role": "user", "content": "word " * (wire.LIMITS.max_json_body_bytes // 5)}]})
    assert r.status_code == 413 and strict_json(r.content)["object"] == "error"


def test_an_upload_past_its_limit_is_413(server):
    head = (b"POST /v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
            b"Content-Type: multipart/form-data; boundary=B\r\n"
            b"Content-Length: %d\r\n\r\n" % (wire.LIMITS.max_upload_bytes + 1))
    status, body = status_and_body(raw(server, head))
    assert status == 413 and strict_json(body)["object"] == "error"


def test_a_prompt_longer_than_the_context_is_a_400(http):
    long = {**CHAT, "messages": [{"role": "user", "content": "hello " * 140_000}]}
    r = http.post("/v1/chat/completions", json=long)
    assert r.status_code == 400 and "maximum context length" in r.json()["message"]
    r = http.post("/v1/chat/completions", json={**CHAT, "max_tokens": 131_072})
    assert r.status_code == 400 and "131072 maximum context length" in r.json()["message"]


def test_embedding_batches_past_the_limits_are_a_400(http):
    r = http.post("/v1/embeddings", json={"model": "mistral-embed", "input": ["a"] * 513})
    assert r.status_code == 400 and r.json()["message"].startswith("Too many inputs in request")
    r = http.post("/v1/embeddings", json={"model": "mistral-embed", "input": ["one two three " * 400] * 20})
    assert r.status_code == 400 and r.json()["message"].startswith("Too many tokens overall")
    r = http.post("/v1/embeddings", json={"model": "mistral-embed", "input": "word " * 9000})
    assert r.status_code == 400 and "at most 8192 tokens per input" in r.json()["message"]


# --------------------------------------------------------------------------- HTTP framing
def test_a_body_shorter_than_its_content_length_gets_408_not_a_hang(server, monkeypatch):
    monkeypatch.setattr(wire, "LIMITS", replace(wire.LIMITS, body_timeout_seconds=0.5))
    head = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
            b"Content-Length: 100\r\n\r\n{")
    status, body = status_and_body(raw(server, head))
    assert status == 408 and strict_json(body)["object"] == "error"


@pytest.mark.parametrize("length", [b"abc", b"-1"])
def test_a_bad_content_length_gets_an_answer(server, length):
    head = b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length + b"\r\n\r\n{}"
    status, _ = status_and_body(raw(server, head))
    assert status == 400


def test_chunked_bodies_and_100_continue(server):
    body = json.dumps(CHAT).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:])) + b"0\r\n\r\n"
    head = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
            b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    status, out = status_and_body(raw(server, head + chunked))
    assert status == 200 and strict_json(out)["object"] == "chat.completion"

    host, port = server.rsplit("//", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=20) as sock:
        sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
                     b"Expect: 100-continue\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(body))
        assert sock.recv(1024).startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert status_and_body(data)[0] == 200


def test_half_open_connections_hold_no_threads(server):
    before = threading.active_count()
    host, port = server.rsplit("//", 1)[1].rsplit(":", 1)
    sockets = [socket.create_connection((host, int(port))) for _ in range(32)]
    try:
        for sock in sockets:
            sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{")
        assert httpx2.get(server + "/v1/models", headers=AUTH, timeout=30).status_code == 200
        assert threading.active_count() <= before + 2  # before: one thread per connection, held forever
    finally:
        for sock in sockets:
            sock.close()


def test_a_client_leaving_mid_stream_prints_nothing(server, capfd):
    body = json.dumps({**CHAT, "stream": True, "messages": [
        {"role": "user", "content": "Summarise this: " + "The bank opens a new branch. " * 300}]}).encode()
    host, port = server.rsplit("//", 1)[1].rsplit(":", 1)
    for _ in range(5):
        with socket.create_connection((host, int(port))) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body) + body)
            sock.recv(100)
    assert httpx2.get(server + "/v1/models", headers=AUTH, timeout=30).status_code == 200
    assert "Traceback" not in capfd.readouterr().err


# --------------------------------------------------------------------------- exposure
def test_files_and_jobs_are_kept_apart_per_token(api, server):
    alice, bob = {"Authorization": "Bearer alice"}, {"Authorization": "Bearer bob"}
    up = httpx2.post(server + "/v1/files", headers=alice, files={"file": ("a.jsonl", b"{}\n")}).json()
    assert [f["id"] for f in httpx2.get(server + "/v1/files", headers=alice).json()["data"]] == [up["id"]]
    assert httpx2.get(server + "/v1/files", headers=bob).json()["data"] == []
    for call in (httpx2.get, httpx2.delete):
        assert call(server + f"/v1/files/{up['id']}", headers=bob).status_code == 404
    assert httpx2.get(server + f"/v1/files/{up['id']}/content", headers=bob).status_code == 404
    job = {"model": "mistral-small-latest", "training_files": [{"file_id": up["id"]}]}
    assert httpx2.post(server + "/v1/fine_tuning/jobs", headers=bob, json=job).status_code == 404
    created = httpx2.post(server + "/v1/fine_tuning/jobs", headers=alice, json=job).json()
    assert httpx2.get(server + f"/v1/fine_tuning/jobs/{created['id']}", headers=bob).status_code == 404
    assert httpx2.post(server + f"/v1/fine_tuning/jobs/{created['id']}/cancel", headers=bob).status_code == 404
    assert httpx2.get(server + "/v1/fine_tuning/jobs", headers=bob).json()["total"] == 0


def test_file_ids_never_collide_after_a_delete(http):
    first = http.post("/v1/files", files={"file": ("a.jsonl", b"A\n")}).json()
    second = http.post("/v1/files", files={"file": ("b.jsonl", b"B\n")}).json()
    http.delete(f"/v1/files/{first['id']}")
    third = http.post("/v1/files", files={"file": ("b.jsonl", b"B\n")}).json()  # before: took `second`'s id
    assert third["id"] != second["id"]
    assert http.get(f"/v1/files/{second['id']}/content").content == b"B\n"
    assert http.get("/v1/files").json()["total"] == 2


def test_on_loopback_only_loopback_host_names_are_answered(server):
    for host in ("evil.example", "evil.example:8000", "10.0.0.5"):
        r = httpx2.get(server + "/v1/models", headers={**AUTH, "Host": host})
        assert r.status_code == 403 and "Host header" in strict_json(r.content)["message"]
    port = server.rsplit(":", 1)[1]
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"):
        assert httpx2.get(server + "/v1/models", headers={**AUTH, "Host": host}).status_code == 200


def test_given_tokens_are_the_only_ones_accepted():
    api = course_api(tokens=["room-token"])
    server = make_server(api, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for token in ("-", "anything", "room-token2"):
            r = httpx2.get(url + "/v1/models", headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 401 and strict_json(r.content)["message"] == "Unauthorized"
        assert httpx2.get(url + "/v1/models", headers={"Authorization": "Bearer room-token"}).status_code == 200
    finally:
        server.shutdown()
        server.server_close()


def serve(*args, lines=3):
    process = subprocess.Popen([sys.executable, "-m", "mistral_course.offline", "serve", *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = []
    try:
        for _ in range(lines):
            out.append(process.stdout.readline())
            if not out[-1]:
                break
    finally:
        process.terminate()
        _, err = process.communicate(timeout=20)
    return out, err, process.returncode


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_beyond_loopback_a_token_is_generated_and_printed(host):
    if ":" in host and not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    out, err, _ = serve("--port", "0", "--host", host, lines=4)
    assert out[0].startswith(f"WARNING: listening on {host} ") and "live in this process's memory" in out[1]
    assert out[2].startswith("Accepted tokens") and len(out[3].strip()) >= 20 and "Traceback" not in err


def test_on_ipv6_loopback_the_command_needs_no_token():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    out, err, _ = serve("--port", "0", "--host", "::1", lines=2)
    assert out[0].startswith("Offline Mistral API on http://[::1]:") and "Traceback" not in err
    assert out[1].startswith("On loopback any bearer token is accepted")


def test_ipv6_loopback_serves():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        socket.socket(socket.AF_INET6).bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback on this machine")
    api = course_api()
    server = make_server(api, "::1", 0).start()
    try:
        r = httpx2.get(f"http://[::1]:{server.server_address[1]}/v1/models", headers=AUTH)
        assert r.status_code == 200
    finally:
        server.shutdown()
        server.server_close()


def test_a_busy_port_or_an_empty_host_is_one_sentence():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        out, err, code = serve("--port", port, lines=1)
    assert code == 1 and "Traceback" not in err
    assert err.strip() == f"Cannot start: Port {port} on 127.0.0.1 is already in use: stop the program using it, " \
                          "or choose another port with --port."
    out, err, code = serve("--port", "0", "--host", "", lines=1)
    assert code == 1 and err.startswith("Cannot start: --host is empty") and "Traceback" not in err


def test_the_socket_and_the_notebooks_get_the_same_bytes(http, server):
    """One application object: served by uvicorn, or driven in-process, it answers byte for byte the same."""
    for body in (CHAT, {**CHAT, "stream": True}, {**CHAT, "n": 99}):
        served = httpx2.post(server + "/v1/chat/completions", json=body, headers={"Authorization": "Bearer offline"})
        in_process = http.post("/v1/chat/completions", json=body)
        assert (served.status_code, served.content) == (in_process.status_code, in_process.content)
