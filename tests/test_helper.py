"""helper.py and the backend choice: what a learner sees when things are set up, or not."""

import pytest

import helper
from mistral_course import backend


NAMES = ("MISTRAL_API_KEY", "MISTRAL_BACKEND", "MISTRAL_SERVER_URL", "MISTRAL_SERVER_API_KEY", "MISTRAL_TOKEN_BUDGET",
         "MISTRAL_MODEL", "MISTRAL_EMBED_MODEL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in NAMES:
        monkeypatch.setenv(name, "")  # records the original value, so it is restored afterwards...
        monkeypatch.delenv(name)      # ...even when a .env file sets it during the test
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout


def test_offline_without_a_key(capsys):
    client = helper.get_client()
    assert "offline" in capsys.readouterr().out
    assert backend.active_backend() == "offline"
    assert client.models.list().data


def test_key_selects_the_hosted_api_and_is_never_printed(monkeypatch, capsys):
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-test-1234567890abcdef")
    assert backend.active_backend() == "mistral"
    helper.get_client()
    out = capsys.readouterr().out
    assert "mistral" in out and "1234567890" not in out


def test_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text("MISTRAL_API_KEY=from-dotenv-file\n")
    assert helper.load_mistral_api_key() == "from-dotenv-file"


def test_explicit_backend_wins(monkeypatch):
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-whatever")
    monkeypatch.setenv("MISTRAL_BACKEND", "offline")
    assert backend.active_backend() == "offline"


def test_missing_key_is_one_clear_sentence(monkeypatch):
    monkeypatch.setenv("MISTRAL_BACKEND", "mistral")
    with pytest.raises(backend.MissingKey) as info:
        helper.get_client()
    assert "MISTRAL_API_KEY" in str(info.value) and ".env" in str(info.value)
    assert info.value._render_traceback_() == [f"MissingKey: {info.value}"]


def test_unknown_backend_name(monkeypatch):
    monkeypatch.setenv("MISTRAL_BACKEND", "openai")
    with pytest.raises(backend.CourseError, match="must be one of"):
        backend.active_backend()


def test_local_needs_a_url(monkeypatch):
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    with pytest.raises(backend.CourseError, match="MISTRAL_SERVER_URL"):
        helper.get_client()


def test_unreachable_local_server_is_one_clear_sentence(monkeypatch):
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", f"http://127.0.0.1:{port}/v1")
    client = helper.get_client(quiet=True)
    with pytest.raises(backend.BackendUnreachable) as info:
        client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}])
    assert f"127.0.0.1:{port}" in str(info.value) and "serve" in str(info.value)


def test_local_backend_talks_to_a_served_offline_api(monkeypatch, server):
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", server + "/v1")
    helper.get_client(quiet=True)
    assert helper.mistral("hello").startswith("Hello!")
    assert len(helper.get_text_embedding("one card")) == 1024
    assert len(helper.get_text_embedding(["a", "b"])) == 2


@pytest.fixture
def capture_server():
    """A plain HTTP server on loopback that records every request's Authorization header."""
    import http.server
    import json
    import threading

    seen = []

    class Capture(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            seen.append(self.headers.get("Authorization"))
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = json.dumps({"id": "c", "object": "chat.completion", "created": 0, "model": "m",
                               "choices": [{"index": 0, "finish_reason": "stop",
                                            "message": {"role": "assistant", "content": "ok"}}],
                               "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()


def test_local_never_sends_the_learners_mistral_key(monkeypatch, capture_server):
    url, seen = capture_server
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", url)
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-test-secret-of-the-learner")
    helper.get_client(quiet=True)
    assert helper.mistral("hi") == "ok"
    monkeypatch.setenv("MISTRAL_SERVER_API_KEY", "server-token")
    helper.get_client(quiet=True)
    assert helper.mistral("hi") == "ok"
    assert seen == ["Bearer local", "Bearer server-token"]


def test_a_server_key_over_plain_http_to_another_host_warns(monkeypatch):
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", "http://192.0.2.10:8000/v1")
    monkeypatch.setenv("MISTRAL_SERVER_API_KEY", "server-token")
    with pytest.warns(UserWarning, match="unencrypted"):
        backend.make_client()
    monkeypatch.setenv("MISTRAL_SERVER_URL", "https://gpu.example.org/v1")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        backend.make_client()


def test_token_budget_stops_a_run_with_one_sentence(monkeypatch, server):
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", server)
    monkeypatch.setenv("MISTRAL_TOKEN_BUDGET", "20")
    helper.get_client(quiet=True)
    assert helper.mistral("hello").startswith("Hello!")  # about 30 tokens: the budget is now used up
    with pytest.raises(backend.BudgetExceeded, match="token budget of 20 tokens is used up"):
        helper.mistral("hello again")


def budgeted_client(monkeypatch, server, budget):
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", server)
    monkeypatch.setenv("MISTRAL_TOKEN_BUDGET", str(budget))
    return backend.make_client()


HELLO = [{"role": "user", "content": "hello"}]  # more than 20 tokens, with the answer


def test_token_budget_counts_async_calls(monkeypatch, server):
    import asyncio

    client = budgeted_client(monkeypatch, server, 20)

    async def two_calls():
        first = await client.chat.complete_async(model="mistral-small-latest", messages=HELLO)
        assert first.choices[0].message.content.startswith("Hello!")
        await client.chat.complete_async(model="mistral-small-latest", messages=HELLO)

    with pytest.raises(backend.BudgetExceeded, match="token budget of 20 tokens is used up"):
        asyncio.run(two_calls())
    with pytest.raises(backend.BudgetExceeded):  # one budget for the sync and the async client
        client.chat.complete(model="mistral-small-latest", messages=HELLO)


def test_token_budget_counts_streams(monkeypatch, server):
    client = budgeted_client(monkeypatch, server, 20)
    with client.chat.stream(model="mistral-small-latest", messages=HELLO) as events:
        text = "".join(e.data.choices[0].delta.content or "" for e in events)
    assert text.startswith("Hello!")  # the stream passes through unchanged
    with pytest.raises(backend.BudgetExceeded, match="token budget of 20 tokens is used up"):
        client.chat.stream(model="mistral-small-latest", messages=HELLO)


def test_token_budget_counts_async_streams(monkeypatch, server):
    import asyncio

    client = budgeted_client(monkeypatch, server, 20)

    async def stream_then_call():
        events = await client.chat.stream_async(model="mistral-small-latest", messages=HELLO)
        async with events:
            assert "".join([e.data.choices[0].delta.content or "" async for e in events]).startswith("Hello!")
        await client.chat.complete_async(model="mistral-small-latest", messages=HELLO)

    with pytest.raises(backend.BudgetExceeded, match="token budget of 20 tokens is used up"):
        asyncio.run(stream_then_call())

