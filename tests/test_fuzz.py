"""Property-based test (issue 19): thousands of generated requests, well-formed or not, sent to the very ASGI
application the server and the notebooks use. None may get a 5xx, and every answer must be valid JSON
(or server-sent events of valid JSON, or a file's bytes)."""

import asyncio
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mistral_course.backend import course_api

REQUESTS = 2000
api = course_api()
sent = []

ROLES = ["system", "user", "assistant", "tool", "function", ""]
MODELS = ["mistral-small-latest", "mistral-embed", "open-mistral-7b", "codestral-latest"]
words = st.text(max_size=40)
floats = st.floats(allow_nan=True, allow_infinity=True)
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), floats, words)
any_json = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(words, inner, max_size=4)), max_leaves=12)


def maybe(strategy):
    return st.one_of(strategy, any_json)


call = st.fixed_dictionaries({"id": maybe(st.text("abcXYZ0123456789", min_size=9, max_size=9)),
                              "type": maybe(st.just("function")),
                              "function": maybe(st.fixed_dictionaries({"name": maybe(words),
                                                                       "arguments": maybe(st.just("{}"))}))})
content = st.one_of(words, st.none(), st.integers(), st.lists(st.fixed_dictionaries(
    {"type": maybe(st.sampled_from(["text", "image_url"])), "text": maybe(words)}), max_size=2))
message = st.fixed_dictionaries({"role": maybe(st.sampled_from(ROLES))},
                                optional={"content": content, "tool_calls": maybe(st.lists(call, max_size=2)),
                                          "tool_call_id": maybe(words), "name": maybe(words),
                                          "prefix": maybe(st.booleans())})
tool = st.fixed_dictionaries({"type": maybe(st.just("function")), "function": maybe(st.fixed_dictionaries(
    {"name": maybe(words), "parameters": maybe(st.just({"type": "object", "properties": {}}))}))})
chat = st.fixed_dictionaries(
    {"model": maybe(st.sampled_from(MODELS)), "messages": maybe(st.lists(message, max_size=4))},
    optional={"temperature": maybe(floats), "top_p": maybe(floats), "max_tokens": maybe(st.integers(-5, 10**6)),
              "n": maybe(st.integers(-5, 10**7)), "stream": maybe(st.booleans()), "stop": maybe(words),
              "random_seed": maybe(st.integers()), "safe_prompt": maybe(st.booleans()),
              "tools": maybe(st.lists(tool, max_size=2)), "tool_choice": maybe(st.sampled_from(["auto", "none", "any"])),
              "response_format": maybe(st.fixed_dictionaries({"type": maybe(st.sampled_from(["text", "json_object"]))})),
              "metadata": any_json, "max_token": any_json})
embeddings = st.fixed_dictionaries({"model": maybe(st.sampled_from(MODELS)),
                                    "input": maybe(st.one_of(words, st.lists(words, max_size=5)))},
                                   optional={"output_dimension": maybe(st.integers(-3, 5000)),
                                             "encoding_format": maybe(words)})
job = st.fixed_dictionaries({"model": maybe(st.sampled_from(MODELS)),
                             "training_files": maybe(st.lists(st.fixed_dictionaries({"file_id": maybe(words)}),
                                                              max_size=2))},
                            optional={"hyperparameters": maybe(st.fixed_dictionaries(
                                {}, optional={"training_steps": maybe(st.integers(-5, 10**6)),
                                              "seq_len": maybe(st.integers(-5, 10**6)),
                                              "learning_rate": maybe(floats)})),
                                      "auto_start": maybe(st.booleans()), "suffix": maybe(words)})


def encode(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")


ids = st.one_of(words.map(lambda w: w.replace("/", "") or "x"), st.just("00000000-0000-4000-8000-000000000000"))
turn = st.fixed_dictionaries({"role": st.sampled_from(["user", "assistant", "system", "tool"]), "content": words},
                             optional={"tool_call_id": st.text("abc123", min_size=9, max_size=9)})
near_valid_chat = st.fixed_dictionaries(
    {"model": st.sampled_from(MODELS[:1] + MODELS[3:]), "messages": st.lists(turn, min_size=1, max_size=4)},
    optional={"stream": st.booleans(), "max_tokens": st.integers(0, 50), "n": st.integers(1, 3),
              "stop": words, "safe_prompt": st.booleans(), "tools": st.lists(tool, max_size=1),
              "response_format": st.just({"type": "json_object"})})
ROUTES = st.one_of(
    st.tuples(st.just("POST"), st.just("/v1/chat/completions"), near_valid_chat.map(encode)),
    st.tuples(st.just("POST"), st.just("/v1/chat/completions"), chat.map(encode)),
    st.tuples(st.just("POST"), st.just("/v1/embeddings"), embeddings.map(encode)),
    st.tuples(st.just("POST"), st.just("/v1/fine_tuning/jobs"), job.map(encode)),
    st.tuples(st.sampled_from(["GET", "DELETE"]), ids.map(lambda i: f"/v1/files/{i}"), st.just(b"")),
    st.tuples(st.sampled_from(["GET", "POST"]), ids.map(lambda i: f"/v1/fine_tuning/jobs/{i}"), st.just(b"")),
    st.tuples(st.just("POST"), ids.map(lambda i: f"/v1/fine_tuning/jobs/{i}/cancel"), st.just(b"")),
    st.tuples(st.sampled_from(["GET", "POST", "PUT", "OPTIONS", "HEAD", "TRACE", "BREW"]),
              st.sampled_from(["/v1/models", "/v1/files", "/v1/fine_tuning/jobs", "/v1/models/x", "/", "/v2"]),
              st.binary(max_size=60)),
    st.tuples(st.just("POST"), st.sampled_from(["/v1/chat/completions", "/v1/embeddings", "/v1/files",
                                                "/v1/fine_tuning/jobs"]), st.binary(max_size=200)),
    st.tuples(st.just("POST"), st.just("/v1/chat/completions"), any_json.map(encode)),
)
HEADERS = st.fixed_dictionaries(
    {}, optional={"authorization": st.sampled_from(["Bearer offline", "Bearer other", "Basic x", "Bearer "]),
                  "content-type": st.sampled_from(["application/json", "multipart/form-data; boundary=B",
                                                   "multipart/form-data", "text/plain"]),
                  "host": st.sampled_from(["offline.invalid", "localhost:8000"])})
QUERIES = st.sampled_from(["", "dry_run=true", "dry_run=maybe", "purpose=fine-tune", "status=RUNNING", "%ff=%00"])


async def asgi(method: str, path: str, query: str, headers: dict, body: bytes):
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode("utf-8", "surrogatepass"), "query_string": query.encode(),
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()], "client": None, "server": None}
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    out = {}

    async def receive():
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message):
        if message["type"] == "http.response.start":
            out["status"], out["headers"] = message["status"], dict(message["headers"])
        else:
            out["body"] = out.get("body", b"") + message.get("body", b"")

    await api(scope, receive, send)
    return out


def strict(data: bytes):
    return json.loads(data, parse_constant=lambda name: (_ for _ in ()).throw(ValueError(name)))


@settings(max_examples=REQUESTS, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(route=ROUTES, headers=HEADERS, query=QUERIES)
def send_one(route, headers, query):
    method, path, body = route
    headers = {"authorization": "Bearer offline", **headers}
    out = asyncio.run(asgi(method, path, query, headers, body))
    sent.append(out["status"])
    assert out["status"] < 500, (method, path, body[:200], out)
    kind = out["headers"].get(b"content-type", b"")
    if kind == b"text/event-stream":
        events = [line[6:] for line in out["body"].split(b"\n\n") if line.startswith(b"data: ")]
        assert events[-1] == b"[DONE]" and all(strict(e) for e in events[:-1])
    elif kind != b"application/octet-stream":
        assert kind == b"application/json", out
        strict(out["body"])


def test_two_thousand_generated_requests_get_no_5xx_and_only_json():
    sent.clear()
    send_one()
    assert len(sent) >= REQUESTS
    assert {s // 100 for s in sent} >= {2, 4}  # both answers and refusals were exercised
