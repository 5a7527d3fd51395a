"""What the `local` backend changes so that Mistral's SDK can talk to an OpenAI-compatible server
(vLLM, Ollama, llama.cpp's server), and nothing more. Used only by `local`, never for Mistral's API.

Requests, before they leave:
- `model`: the lessons name Mistral's models (`mistral-small-latest`, `mistral-embed`), which a server of
  your own does not have. With MISTRAL_MODEL (and MISTRAL_EMBED_MODEL) set, chat and FIM requests use
  MISTRAL_MODEL and embedding requests MISTRAL_EMBED_MODEL, whatever model the lesson named.
- `tool_choice`: Mistral's "any" (call some tool) is OpenAI's "required"; servers know only the latter.
- `random_seed`: Mistral's name for the sampling seed; OpenAI-style servers call it `seed`.

Responses, before the SDK reads them (only fields that are missing are filled in):
- a model card without `type` (vLLM, Ollama, llama.cpp) gets "base", and without `capabilities` gets
  chat only, so `client.models.list()` does not fail validation;
- an embeddings response without `id` (Ollama, llama.cpp) gets one, as the SDK requires.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

import httpx2

from .settings import server_models

CHAT_PATHS = ("/v1/chat/completions", "/v1/fim/completions")
EMBED_PATHS = ("/v1/embeddings",)
TOOL_CHOICES = {"any": "required"}  # Mistral's value -> the OpenAI value that means the same


@dataclass(frozen=True)
class ServerModels:
    """The server's own model names, from MISTRAL_MODEL and MISTRAL_EMBED_MODEL (None: keep the lesson's)."""
    chat: str | None = None
    embed: str | None = None

    @classmethod
    def from_environment(cls) -> "ServerModels":
        return cls(*server_models())


class ServerDialect:
    """Rewrites requests to and responses from an OpenAI-compatible server (see the module's docstring)."""

    def __init__(self, models: ServerModels | None = None):
        self.models = models or ServerModels()

    # ---------------------------------------------------------------- requests
    def request(self, request: httpx2.Request) -> httpx2.Request:
        try:
            body = _json_object(request.content) if "json" in request.headers.get("content-type", "") else None
        except httpx2.RequestNotRead:  # a streamed upload (a file): nothing to adapt
            body = None
        if body is None:
            return request
        changed = dict(body)
        path = request.url.path
        model = self.models.embed if path in EMBED_PATHS else self.models.chat if path in CHAT_PATHS else None
        if model and "model" in changed:
            changed["model"] = model
        if changed.get("tool_choice") in TOOL_CHOICES:
            changed["tool_choice"] = TOOL_CHOICES[changed["tool_choice"]]
        if "random_seed" in changed:
            seed = changed.pop("random_seed")
            if seed is not None:
                changed.setdefault("seed", seed)
        if changed == body:
            return request
        headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
        return httpx2.Request(request.method, request.url, headers=headers,
                              content=json.dumps(changed).encode("utf-8"), extensions=request.extensions)

    # ---------------------------------------------------------------- responses
    def response_body(self, path: str, body: bytes) -> bytes:
        """The JSON body of a successful response, with the fields the SDK requires filled in."""
        data = _json_object(body)
        if data is None:
            return body
        if path == "/v1/models" and isinstance(data.get("data"), list):
            data["data"] = [_model_card(card) for card in data["data"]]
        elif path.startswith("/v1/models/"):
            data = _model_card(data)
        elif path in EMBED_PATHS and "data" in data:
            data.setdefault("id", f"embd-{uuid.uuid4().hex}")
            data.setdefault("object", "list")
        else:
            return body
        return json.dumps(data).encode("utf-8")

    @staticmethod
    def _adaptable(response: httpx2.Response) -> bool:
        return response.status_code == 200 and "application/json" in response.headers.get("content-type", "")

    def response(self, request: httpx2.Request, response: httpx2.Response) -> httpx2.Response:
        return self._rebuilt(request, response, response.read()) if self._adaptable(response) else response

    async def aresponse(self, request: httpx2.Request, response: httpx2.Response) -> httpx2.Response:
        return self._rebuilt(request, response, await response.aread()) if self._adaptable(response) else response

    def _rebuilt(self, request, response, body: bytes) -> httpx2.Response:
        body = self.response_body(request.url.path, body)
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "content-encoding")}
        return httpx2.Response(response.status_code, headers=headers, content=body, request=request,
                               extensions=response.extensions)


def _json_object(body: bytes) -> dict | None:
    try:
        data = json.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _model_card(card):
    if not isinstance(card, dict):
        return card
    card = dict(card)
    card.setdefault("type", "base")
    card.setdefault("capabilities", {"completion_chat": True})
    return card
