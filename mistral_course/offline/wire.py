"""Wire layer: routes, authentication, request parsing, status codes, SSE framing.

`OfflineAPI` is one ASGI application. An established server (uvicorn, see
`server.py`) serves it on a socket, and the in-process transport (see
`transport.py`) drives the very same object, so notebooks and the served API
cannot diverge. Inside, a request becomes a `WireRequest` (method, path,
headers, body) and a `WireResponse` (status, headers, body chunks);
`OfflineAPI.handle` is that plain function, for tests and benchmarks.

Nothing here holds a lock around the engine, the tokenizer or the
embeddings: heavy routes run in a pool of threads, light ones on the event
loop, and only the file and job store guards its own state.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import parse_qs

import pydantic

from . import embedding_formats, errors, resources
from .catalog import BY_ID, MODELS, RETIRED
from .chat import ChatEndpoint, response_id
from .engine import Engine
from .schemas import LIMITS, ChatRequest, EmbeddingRequest, JobRequest
from .store import Store, parse_multipart

# Engine, tokenizer and embedding work runs here, so the event loop keeps answering light requests. The work
# holds Python's GIL, so more threads would not run faster; four let a slow request run beside quick ones
# without many threads contending for the GIL with the event loop.
WORKERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="offline-api")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class WireRequest:
    method: str
    path: str  # without the query string
    query: str = ""
    headers: dict = field(default_factory=dict)  # lower-case names
    body: bytes = b""


@dataclass(frozen=True)
class WireResponse:
    status: int
    headers: dict
    chunks: tuple[bytes, ...]  # one chunk for JSON; one per event for a stream

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)


def _dumps(body) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def _json(status: int, body, headers: dict | None = None) -> WireResponse:
    try:
        data = _dumps(body)
    except (ValueError, TypeError, RecursionError):
        # An error body that echoes what the client sent (NaN, a lone surrogate, deep nesting) must stay JSON:
        # drop the echoed inputs.
        data = _dumps(_without_inputs(body))
    return WireResponse(status, {"content-type": "application/json", **(headers or {})}, (data,))


def _without_inputs(body):
    if isinstance(body, dict):
        return {k: (None if k == "input" else _without_inputs(v)) for k, v in body.items()}
    if isinstance(body, list):
        return [_without_inputs(v) for v in body]
    return body if isinstance(body, (int, float, bool, type(None))) and body == body else str(body)


def _sse(chunks: list[dict]) -> WireResponse:
    events = [b"data: " + _dumps(c) + b"\n\n" for c in chunks]
    events.append(b"data: [DONE]\n\n")
    return WireResponse(200, {"content-type": "text/event-stream", "cache-control": "no-cache"}, tuple(events))


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def _parse(model: type[pydantic.BaseModel], body: bytes):
    try:
        data = json.loads(body or b"null", parse_constant=_refuse_constant)
        _dumps(data)  # what cannot be written back as UTF-8 JSON (a lone surrogate) is not valid input
    except (ValueError, RecursionError) as exc:
        message = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise errors.validation([{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error",
                                  "input": {}, "ctx": {"error": message}}]) from None
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise errors.from_pydantic(exc) from None
    except RecursionError:
        raise errors.validation([{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error",
                                  "input": {}, "ctx": {"error": "nested too deeply"}}]) from None


def _query_flag(query: str, name: str) -> bool:
    """A boolean query parameter, read as the service's framework reads one (422 if it is not a boolean)."""
    value = parse_qs(query).get(name, [None])[0]
    if value is None or value.lower() in ("false", "0", "no", "off", "f", "n"):
        return False
    if value.lower() in ("true", "1", "yes", "on", "t", "y"):
        return True
    raise errors.validation([{"type": "bool_parsing", "loc": ["query", name], "input": value,
                              "msg": "Input should be a valid boolean, unable to interpret input"}])


def _host_name(host: str) -> str:
    """The name in a Host header, without its port ("[::1]:8000" -> "::1")."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class _Disconnected(Exception):
    """The client went away before its request was read."""


class OfflineAPI:
    """The offline Mistral API, as one ASGI application.

    rate_limit_failures: answer 429 to that many chat/embedding requests before
    serving normally (opt-in, for the retry lesson).
    rate: at most this many chat/embedding requests a second per token (opt-in, None: no limit), the way a
      free-tier key is limited; a request that comes too soon gets 429 with Retry-After.
    trainer: a callable that runs fine-tuning jobs (see store.py).
    tokens: the bearer tokens accepted; None accepts any (loopback and in-process only).
      Files and jobs are kept apart per token either way.
    allowed_hosts: the Host header names accepted (the server sets the loopback names when it listens on
      loopback, against DNS rebinding); None accepts any.
    poll_wait: how long a GET of a job may wait for the job to move on.
    """

    def __init__(self, engine: Engine | None = None, rate_limit_failures: int = 0, trainer=None, *,
                 tokens=None, allowed_hosts=None, poll_wait: float = LIMITS.max_poll_wait_in_process,
                 rate: float | None = None):
        self.engine = engine or Engine()
        self.store = Store(trainer)
        self.chat = ChatEndpoint(self.engine, self.is_chat_model, self.store.models, self.context_of)
        self.rate_limit_failures = rate_limit_failures
        self.rate = rate
        self._next_allowed: dict[str, float] = {}  # token -> monotonic time its next request may come
        self._throttle_lock = threading.Lock()
        self.tokens = frozenset(tokens) if tokens is not None else None
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts) if allowed_hosts is not None else None
        self.poll_wait = poll_wait
        self.routes = [
            ("POST", r"/v1/chat/completions", self._chat),
            ("POST", r"/v1/embeddings", self._embeddings),
            ("GET", r"/v1/models", self._models),
            ("GET", r"/v1/models/(?P<model_id>[^/]+)", self._model),
            ("POST", r"/v1/files", self._upload),
            ("GET", r"/v1/files", self._files),
            ("GET", r"/v1/files/(?P<file_id>[^/]+)", self._file),
            ("GET", r"/v1/files/(?P<file_id>[^/]+)/content", self._download),
            ("DELETE", r"/v1/files/(?P<file_id>[^/]+)", self._delete_file),
            ("POST", r"/v1/fine_tuning/jobs", self._create_job),
            ("GET", r"/v1/fine_tuning/jobs", self._jobs),
            ("GET", r"/v1/fine_tuning/jobs/(?P<job_id>[^/]+)", self._job),
            ("POST", r"/v1/fine_tuning/jobs/(?P<job_id>[^/]+)/start", self._start_job),
            ("POST", r"/v1/fine_tuning/jobs/(?P<job_id>[^/]+)/cancel", self._cancel_job),
        ]
        # Routes that do real work run in the thread pool; the others answer on the event loop.
        self._heavy = {self._chat, self._embeddings, self._upload, self._create_job, self._download}

    # ------------------------------------------------------------------ ASGI entry point
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] != "http":
            return
        headers = {}
        for name, value in scope.get("headers", ()):
            headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8", "surrogateescape")
        query = scope.get("query_string", b"").decode("latin-1")
        try:
            self._check_http(raw_path, query, scope.get("headers", ()), headers)
            body = await self._read_body(scope["path"], headers, receive)
            out = await self.respond(WireRequest(scope["method"], scope["path"], query, headers, body))
        except errors.ApiError as exc:
            out = _json(exc.status, exc.body, exc.headers)
        except _Disconnected:
            return
        await self._send(out, send)

    @staticmethod
    async def _send(out: WireResponse, send) -> None:
        streaming = out.headers.get("content-type") == "text/event-stream"
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in out.headers.items()]
        if not streaming:
            headers.append((b"content-length", str(len(out.body)).encode()))
        try:
            await send({"type": "http.response.start", "status": out.status, "headers": headers})
            # A stream's events are all computed already, so they go out in one write (one chunk of a chunked
            # body); the client still reads them as server-sent events, one by one.
            await send({"type": "http.response.body", "body": out.body})
        except OSError:  # the client went away mid-stream: nothing to tell it, nothing to print
            return

    def _check_http(self, raw_path: bytes, query: str, raw_headers, headers: dict) -> None:
        """What the HTTP layer refuses before any route runs; each answer is JSON."""
        if len(raw_path) + len(query) > LIMITS.max_url_bytes:
            raise errors.http_error(414, f"The URL is longer than {LIMITS.max_url_bytes} bytes")
        if sum(len(k) + len(v) + 4 for k, v in raw_headers) > LIMITS.max_header_bytes:
            raise errors.http_error(431, f"The request headers are larger than {LIMITS.max_header_bytes} bytes")
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in self.allowed_hosts:
            raise errors.http_error(403, "This server answers only to the host names "
                                         f"{', '.join(sorted(self.allowed_hosts))}; the request's Host header "
                                         "is not one of them.")

    @staticmethod
    def body_limit(path: str) -> int:
        return LIMITS.max_upload_bytes if path.rstrip("/") == "/v1/files" else LIMITS.max_json_body_bytes

    async def _read_body(self, path: str, headers: dict, receive) -> bytes:
        limit = self.body_limit(path)
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise errors.http_error(413, f"The request body is larger than {limit} bytes")
        chunks, size = [], 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), LIMITS.body_timeout_seconds)
            except asyncio.TimeoutError:
                raise errors.http_error(408, f"The request body did not arrive within "
                                             f"{LIMITS.body_timeout_seconds:g} seconds") from None
            if message["type"] == "http.disconnect":
                raise _Disconnected()
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise errors.http_error(413, f"The request body is larger than {limit} bytes")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def respond(self, req: WireRequest) -> WireResponse:
        """The response to one request; heavy routes run in the thread pool."""
        try:
            handler, kwargs, owner = self._route(req)
        except errors.ApiError as exc:
            return _json(exc.status, exc.body, exc.headers)
        if handler == self._job:
            await self._wait_for_news(owner, kwargs["job_id"])
        if handler in self._heavy:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(WORKERS, partial(self._call, handler, req, owner, kwargs))
        return self._call(handler, req, owner, kwargs)

    async def _wait_for_news(self, owner: str, job_id: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.poll_wait
        while not self.store.has_news(job_id, owner) and loop.time() < deadline:
            await asyncio.sleep(0.02)

    # ------------------------------------------------------------------ the plain function
    def handle(self, req: WireRequest) -> WireResponse:
        """The response to one request, computed in the caller's thread (a GET of a job does not wait)."""
        try:
            handler, kwargs, owner = self._route(req)
        except errors.ApiError as exc:
            return _json(exc.status, exc.body, exc.headers)
        return self._call(handler, req, owner, kwargs)

    def _call(self, handler, req: WireRequest, owner: str, kwargs: dict) -> WireResponse:
        try:
            return handler(req, owner, **kwargs)
        except errors.ApiError as exc:
            return _json(exc.status, exc.body, exc.headers)
        except Exception as exc:  # never let a request take the backend down
            return _json(500, errors.error_body(
                500, f"Internal error in the offline backend: {type(exc).__name__}: {exc}", "internal_error", "1000"))

    def _route(self, req: WireRequest):
        """(handler, path parameters, owner) for a request, or the ApiError that answers it."""
        path = req.path.rstrip("/")
        allowed = []
        for method, pattern, handler in self.routes:
            match = re.fullmatch(pattern, path)
            if match:
                if method != req.method:
                    allowed.append(method)
                    continue
                return handler, match.groupdict(), self._owner(req, path)
        if allowed:
            error = errors.ApiError(405, {"detail": "Method Not Allowed"})
            error.headers = {"allow": ", ".join(sorted(set(allowed)))}
            raise error
        raise errors.ApiError(404, {"detail": "Not Found"})

    def _owner(self, req: WireRequest, path: str) -> str:
        """The bearer token: it says whose files and jobs a request sees (401 without an accepted one)."""
        auth = req.headers.get("authorization", "")
        token = auth[len("Bearer "):].strip() if auth.startswith("Bearer ") else None
        if token is None or (self.tokens is not None and token not in self.tokens):
            raise errors.unauthorized(req.method.encode() + path.encode("utf-8", "surrogatepass") + req.body)
        return token

    def _throttle(self, owner: str) -> None:
        with self._throttle_lock:
            if self.rate_limit_failures > 0:
                self.rate_limit_failures -= 1
                raise errors.rate_limited(retry_after=1)
            if self.rate:
                now = time.monotonic()
                wait = self._next_allowed.get(owner, now) - now
                if wait > 0:
                    raise errors.rate_limited(retry_after=wait)
                self._next_allowed[owner] = now + 1 / self.rate

    def is_chat_model(self, model: str) -> bool:
        if model in RETIRED:
            return False
        return (model in BY_ID and BY_ID[model].chat) or model in self.store.models

    def context_of(self, model: str) -> int | None:
        base = model.split(":")[1] if model.startswith("ft:") and model.count(":") >= 2 else model
        return BY_ID[base].max_context_length if base in BY_ID else None

    def is_fine_tunable(self, model: str) -> bool:
        return model in BY_ID and BY_ID[model].fine_tuning

    # ------------------------------------------------------------------ inference
    def _chat(self, req: WireRequest, owner: str) -> WireResponse:
        self._throttle(owner)
        chat = _parse(ChatRequest, req.body)
        body, stream, skill = self.chat.answer(req.body, chat)
        out = _sse(stream) if stream is not None else _json(200, body)
        out.headers["x-offline-skill"] = skill  # which offline skill answered, for tests and the curious
        return out

    def _embeddings(self, req: WireRequest, owner: str) -> WireResponse:
        self._throttle(owner)
        er = _parse(EmbeddingRequest, req.body)
        if er.model not in BY_ID or BY_ID[er.model].chat:
            raise errors.invalid_model(er.model)
        texts = [er.input] if isinstance(er.input, str) else er.input
        if not texts:
            raise errors.bad_request("The input list must not be empty")
        if len(texts) > LIMITS.max_embedding_inputs:
            raise errors.too_many_embedding_inputs()
        smallest, default, largest = BY_ID[er.model].embedding_dims
        dims = default if er.output_dimension is None else er.output_dimension
        if not smallest <= dims <= largest:
            raise errors.bad_request(f"{er.model} produces embeddings of {smallest} to {largest} dimensions"
                                     if smallest < largest else
                                     f"{er.model} only produces {default}-dimensional embeddings")
        counts = [resources.count_tokens(t, er.model) for t in texts]
        longest = max(counts)
        if longest > LIMITS.max_embedding_input_tokens:
            raise errors.bad_request(f"Input {counts.index(longest)} has {longest} tokens; {er.model} takes at most "
                                     f"{LIMITS.max_embedding_input_tokens} tokens per input", param="input")
        tokens = sum(counts)
        if tokens > LIMITS.max_embedding_tokens:
            raise errors.too_many_embedding_tokens(tokens, LIMITS.max_embedding_tokens)
        rows = embedding_formats.rows(resources.embed(texts, dims), er.output_dtype or "float",
                                       er.encoding_format or "float")
        data = [{"object": "embedding", "embedding": row, "index": i} for i, row in enumerate(rows)]
        return _json(200, {"id": response_id(req.body), "object": "list", "data": data, "model": er.model,
                           "usage": {"prompt_tokens": tokens, "completion_tokens": 0, "total_tokens": tokens}})

    def _models(self, req: WireRequest, owner: str) -> WireResponse:
        cards = [m.card(i) for m in MODELS for i in m.ids] + [self._ft_card(name) for name in list(self.store.models)]
        return _json(200, {"object": "list", "data": cards})

    def _model(self, req: WireRequest, owner: str, model_id: str) -> WireResponse:
        if model_id in BY_ID:
            return _json(200, BY_ID[model_id].card(model_id))
        if model_id in self.store.models:
            return _json(200, self._ft_card(model_id))
        raise errors.not_found(f"Model {model_id} not found")

    def _ft_card(self, name: str) -> dict:
        base = name.split(":")[1]
        with self.store.lock:
            job = next(j.id for j in self.store.jobs.values() if j.fine_tuned_model == name)
        return {**BY_ID[base].card(base), "id": name, "name": name, "aliases": [], "type": "fine-tuned", "job": job,
                "root": base, "archived": False, "owned_by": "offline"}

    # ------------------------------------------------------------------ files
    def _upload(self, req: WireRequest, owner: str) -> WireResponse:
        fields = parse_multipart(req.headers.get("content-type", ""), req.body)
        return _json(200, self.store.upload(fields, owner))

    def _files(self, req: WireRequest, owner: str) -> WireResponse:
        purpose = parse_qs(req.query).get("purpose", [None])[0]
        return _json(200, self.store.list_files(purpose, owner))

    def _file(self, req: WireRequest, owner: str, file_id: str) -> WireResponse:
        return _json(200, self.store.file(file_id, owner).card(deleted=False))

    def _download(self, req: WireRequest, owner: str, file_id: str) -> WireResponse:
        return WireResponse(200, {"content-type": "application/octet-stream"},
                            (self.store.file(file_id, owner).data,))

    def _delete_file(self, req: WireRequest, owner: str, file_id: str) -> WireResponse:
        return _json(200, self.store.delete_file(file_id, owner))

    # ------------------------------------------------------------------ fine-tuning jobs (legacy API)
    def _create_job(self, req: WireRequest, owner: str) -> WireResponse:
        job = _parse(JobRequest, req.body)
        if _query_flag(req.query, "dry_run"):
            return _json(200, self.store.dry_run(job, self.is_fine_tunable, owner))
        return _json(200, self.store.create_job(job, self.is_fine_tunable, owner))

    def _jobs(self, req: WireRequest, owner: str) -> WireResponse:
        status = parse_qs(req.query).get("status", [None])[0]
        return _json(200, self.store.list_jobs(status, owner))

    def _job(self, req: WireRequest, owner: str, job_id: str) -> WireResponse:
        return _json(200, self.store.poll(job_id, owner))

    def _start_job(self, req: WireRequest, owner: str, job_id: str) -> WireResponse:
        return _json(200, self.store.start(job_id, owner))

    def _cancel_job(self, req: WireRequest, owner: str, job_id: str) -> WireResponse:
        return _json(200, self.store.cancel(job_id, owner))
