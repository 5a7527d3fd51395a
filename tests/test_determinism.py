"""The same requests give the same bytes in any process."""

import subprocess
import sys

SCRIPT = r"""
import hashlib, json
from mistral_course.backend import course_api
from mistral_course.offline import WireRequest

api = course_api()
auth = {"authorization": "Bearer offline", "content-type": "application/json"}
def post(path, body):
    return api.handle(WireRequest("POST", path, "", auth, json.dumps(body).encode())).body
chat = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "Hi! What can you do?"}]}
out = [
    post("/v1/chat/completions", chat),
    post("/v1/chat/completions", {**chat, "stream": True, "max_tokens": 9}),
    post("/v1/chat/completions", {**chat, "model": "open-mistral-7b"}),
    post("/v1/embeddings", {"model": "mistral-embed", "input": ["a card", "une carte", "exchange rates"]}),
    api.handle(WireRequest("GET", "/v1/models", "", auth)).body,
]
print(hashlib.sha256(b"\x00".join(out)).hexdigest())
"""


def run_once() -> str:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_two_processes_give_identical_bytes():
    first, second = run_once(), run_once()
    assert len(first) == 64 and first == second


def test_same_request_same_response_in_one_process(http):
    body = {"model": "mistral-small-latest", "messages": [{"role": "user", "content": "hello"}]}
    a = http.post("/v1/chat/completions", json=body).content
    b = http.post("/v1/chat/completions", json=body).content
    assert a == b
