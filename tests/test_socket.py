"""The same API served on a real socket: the SDK and plain HTTP both work."""

import json
import urllib.error
import urllib.request

import httpx2
from mistralai.client import Mistral


def test_sdk_over_the_socket(server):
    client = Mistral(api_key="anything", server_url=server)
    r = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "hello"}])
    assert r.choices[0].message.content.startswith("Hello!")
    text = "".join(e.data.choices[0].delta.content or "" for e in client.chat.stream(
        model="mistral-small-latest", messages=[{"role": "user", "content": "hello"}]))
    assert text == r.choices[0].message.content
    e = client.embeddings.create(model="mistral-embed", inputs=["one", "two"])
    assert len(e.data) == 2 and len(e.data[0].embedding) == 1024
    assert "mistral-embed" in [m.id for m in client.models.list().data]


def test_raw_http_stream_is_server_sent_events(server):
    body = {"model": "mistral-small-latest", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
    with httpx2.stream("POST", server + "/v1/chat/completions", json=body,
                       headers={"Authorization": "Bearer x"}) as r:
        assert r.headers["content-type"] == "text/event-stream"
        lines = [line for line in r.iter_lines() if line]
    assert lines[-1] == "data: [DONE]"
    assert json.loads(lines[0][6:])["object"] == "chat.completion.chunk"


def test_raw_http_errors(server):
    request = urllib.request.Request(server + "/v1/models")
    try:
        urllib.request.urlopen(request)
        raise AssertionError("expected 401")
    except urllib.error.HTTPError as exc:
        assert exc.code == 401 and json.loads(exc.read())["message"] == "Unauthorized"
    request = urllib.request.Request(server + "/v1/chat/completions", data=b"{}", method="POST",
                                     headers={"Authorization": "Bearer x", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request)
        raise AssertionError("expected 422")
    except urllib.error.HTTPError as exc:
        assert exc.code == 422
        assert {d["loc"][1] for d in json.loads(exc.read())["detail"]} == {"model", "messages"}


def test_serve_command_warns_beyond_loopback():
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "mistral_course.offline", "serve", "--port", "0",
                                "--host", "0.0.0.0"], stdout=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        second = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert first.startswith("WARNING: listening on 0.0.0.0") and "Offline Mistral API on http://0.0.0.0:" in second
