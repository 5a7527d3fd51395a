"""Wire layer: routes, authentication, request parsing, status codes, SSE framing.

`OfflineAPI` is a plain function of a request (method, path, headers, body)
that returns a response (status, headers, body chunks). The same object is
plugged into the SDK in-process (see `transport.py`) and served on a socket
(see `server.py`), so both speak exactly the same bytes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

import pydantic

from . import errors, resources
from .catalog import BY_ID, MODELS, RETIRED
from .chat import ChatEndpoint, response_id
from .engine import Engine
from .schemas import ChatRequest, EmbeddingRequest, JobRequest
from .store import Store, parse_multipart


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


def _json(status: int, body) -> WireResponse:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return WireResponse(status, {"content-type": "application/json"}, (data,))


def _sse(chunks: list[dict]) -> WireResponse:
    events = [b"data: " + json.dumps(c, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n" for c in chunks]
    events.append(b"data: [DONE]\n\n")
    return WireResponse(200, {"content-type": "text/event-stream", "cache-control": "no-cache"}, tuple(events))


def _parse(model: type[pydantic.BaseModel], body: bytes):
    try:
        data = json.loads(body or b"null")
    except ValueError as exc:
        raise errors.validation([{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error",
                                  "input": {}, "ctx": {"error": str(exc)}}]) from None
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as exc:
        raise errors.from_pydantic(exc) from None


def _query_flag(query: str, name: str) -> bool:
    """A boolean query parameter, read as the service's framework reads one (422 if it is not a boolean)."""
    value = parse_qs(query).get(name, [None])[0]
    if value is None or value.lower() in ("false", "0", "no", "off", "f", "n"):
        return False
    if value.lower() in ("true", "1", "yes", "on", "t", "y"):
        return True
    raise errors.validation([{"type": "bool_parsing", "loc": ["query", name], "input": value,
                              "msg": "Input should be a valid boolean, unable to interpret input"}])


class OfflineAPI:
    """The offline Mistral API.

    rate_limit_failures: answer 429 to that many chat/embedding requests before
    serving normally (opt-in, for the retry lesson).
    trainer: a callable that runs fine-tuning jobs (see store.py).
    """

    def __init__(self, engine: Engine | None = None, rate_limit_failures: int = 0, trainer=None):
        self.engine = engine or Engine()
        self.store = Store(trainer)
        self.chat = ChatEndpoint(self.engine, self.is_chat_model, self.store.models)
        self.rate_limit_failures = rate_limit_failures
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

    # ------------------------------------------------------------------ entry point
    def __call__(self, req: WireRequest) -> WireResponse:
        try:
            return self._dispatch(req)
        except errors.ApiError as exc:
            return _json(exc.status, exc.body)
        except Exception as exc:  # never let a request take the backend down
            return _json(500, errors.error_body(
                f"Internal error in the offline backend: {type(exc).__name__}: {exc}", "internal_error", "1000"))

    def _dispatch(self, req: WireRequest) -> WireResponse:
        path = req.path.rstrip("/")
        allowed = []
        for method, pattern, handler in self.routes:
            match = re.fullmatch(pattern, path)
            if match:
                if method != req.method:
                    allowed.append(method)
                    continue
                if not req.headers.get("authorization", "").startswith("Bearer "):
                    raise errors.unauthorized(req.method.encode() + path.encode() + req.body)
                return handler(req, **match.groupdict())
        if allowed:
            return _json(405, {"detail": "Method Not Allowed"})
        return _json(404, {"detail": "Not Found"})

    def _throttle(self) -> None:
        if self.rate_limit_failures > 0:
            self.rate_limit_failures -= 1
            raise errors.rate_limited()

    def is_chat_model(self, model: str) -> bool:
        if model in RETIRED:
            return False
        return (model in BY_ID and BY_ID[model].chat) or model in self.store.models

    def is_fine_tunable(self, model: str) -> bool:
        return model in BY_ID and BY_ID[model].fine_tuning

    # ------------------------------------------------------------------ inference
    def _chat(self, req: WireRequest) -> WireResponse:
        self._throttle()
        chat = _parse(ChatRequest, req.body)
        body, stream, skill = self.chat.answer(req.body, chat)
        out = _sse(stream) if stream is not None else _json(200, body)
        out.headers["x-offline-skill"] = skill  # which offline skill answered, for tests and the curious
        return out

    def _embeddings(self, req: WireRequest) -> WireResponse:
        self._throttle()
        er = _parse(EmbeddingRequest, req.body)
        if er.model not in BY_ID or BY_ID[er.model].chat:
            raise errors.invalid_model(er.model)
        texts = [er.input] if isinstance(er.input, str) else er.input
        if not texts:
            raise errors.bad_request("The input list must not be empty")
        if er.output_dimension not in (None, resources.EMBEDDING_DIM):
            raise errors.bad_request(f"{er.model} only produces {resources.EMBEDDING_DIM}-dimensional embeddings")
        vectors = resources.embed(texts)
        tokens = sum(resources.count_tokens(t) for t in texts)
        # Seven decimals keep unit length to 1e-6 and halve the JSON (the service's own floats are coarser).
        rows = vectors.astype("float64").round(7).tolist()
        data = [{"object": "embedding", "embedding": row, "index": i} for i, row in enumerate(rows)]
        return _json(200, {"id": response_id(req.body), "object": "list", "data": data, "model": er.model,
                           "usage": {"prompt_tokens": tokens, "completion_tokens": 0, "total_tokens": tokens}})

    def _models(self, req: WireRequest) -> WireResponse:
        cards = [m.card() for m in MODELS] + [self._ft_card(name) for name in self.store.models]
        return _json(200, {"object": "list", "data": cards})

    def _model(self, req: WireRequest, model_id: str) -> WireResponse:
        if model_id in BY_ID:
            return _json(200, BY_ID[model_id].card())
        if model_id in self.store.models:
            return _json(200, self._ft_card(model_id))
        raise errors.not_found(f"Model {model_id} not found")

    def _ft_card(self, name: str) -> dict:
        base = name.split(":")[1]
        job = next(j.id for j in self.store.jobs.values() if j.fine_tuned_model == name)
        return {**BY_ID[base].card(), "id": name, "name": name, "type": "fine-tuned", "job": job,
                "root": base, "archived": False, "owned_by": "offline"}

    # ------------------------------------------------------------------ files
    def _upload(self, req: WireRequest) -> WireResponse:
        fields = parse_multipart(req.headers.get("content-type", ""), req.body)
        return _json(200, self.store.upload(fields))

    def _files(self, req: WireRequest) -> WireResponse:
        purpose = parse_qs(req.query).get("purpose", [None])[0]
        return _json(200, self.store.list_files(purpose))

    def _file(self, req: WireRequest, file_id: str) -> WireResponse:
        return _json(200, self.store.file(file_id).card(deleted=False))

    def _download(self, req: WireRequest, file_id: str) -> WireResponse:
        return WireResponse(200, {"content-type": "application/octet-stream"}, (self.store.file(file_id).data,))

    def _delete_file(self, req: WireRequest, file_id: str) -> WireResponse:
        return _json(200, self.store.delete_file(file_id))

    # ------------------------------------------------------------------ fine-tuning jobs (legacy API)
    def _create_job(self, req: WireRequest) -> WireResponse:
        job = _parse(JobRequest, req.body)
        if _query_flag(req.query, "dry_run"):
            return _json(200, self.store.dry_run(job, self.is_fine_tunable))
        return _json(200, self.store.create_job(job, self.is_fine_tunable))

    def _jobs(self, req: WireRequest) -> WireResponse:
        status = parse_qs(req.query).get("status", [None])[0]
        return _json(200, self.store.list_jobs(status))

    def _job(self, req: WireRequest, job_id: str) -> WireResponse:
        return _json(200, self.store.poll(job_id))

    def _start_job(self, req: WireRequest, job_id: str) -> WireResponse:
        return _json(200, self.store.start(job_id))

    def _cancel_job(self, req: WireRequest, job_id: str) -> WireResponse:
        return _json(200, self.store.cancel(job_id))
