"""Which backend the course talks to, and a ready `Mistral` client for it.

- offline: the course's own deterministic API, in-process (no key, no network);
- mistral: the hosted API at api.mistral.ai (needs MISTRAL_API_KEY);
- local: any server speaking the same API at MISTRAL_SERVER_URL (vLLM, Ollama,
  or `python -m mistral_course.offline serve`).

Problems a learner can fix end in a CourseError: one sentence saying what to
do, shown in Jupyter without a traceback.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx2

BACKENDS = ("offline", "mistral", "local")

BANNERS = {
    "offline": "Backend: offline. A deterministic stand-in for Mistral's API runs inside this notebook: "
               "no key, no network, rule-based answers (set MISTRAL_API_KEY to use real models).",
    "mistral": "Backend: mistral. Requests go to Mistral's hosted API with your key, and count against your usage.",
    "local": "Backend: local. Requests go to the server at {url} (for example vLLM or Ollama).",
}


class CourseError(RuntimeError):
    """A problem the learner can fix, stated in one sentence."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return [f"{type(self).__name__}: {self}"]


class MissingKey(CourseError):
    pass


class BackendUnreachable(CourseError, httpx2.ConnectError):
    """Raised for a network failure; still an httpx2.ConnectError, so the SDK's retries apply."""

    def __init__(self, message: str):
        Exception.__init__(self, message)


# --------------------------------------------------------------------------- settings
def load_dotenv_file(start: Path | None = None) -> None:
    """Read a `.env` file from the working folder or its parents into the environment (never overriding)."""
    from dotenv import find_dotenv, load_dotenv

    path = find_dotenv(usecwd=True) if start is None else str(start)
    if path:
        load_dotenv(path, override=False)


def api_key() -> str | None:
    load_dotenv_file()
    key = os.environ.get("MISTRAL_API_KEY", "").strip()
    return key or None


def active_backend() -> str:
    chosen = os.environ.get("MISTRAL_BACKEND", "").strip().lower()
    if chosen:
        if chosen not in BACKENDS:
            raise CourseError(f"MISTRAL_BACKEND is '{chosen}', but it must be one of: {', '.join(BACKENDS)}.")
        return chosen
    return "mistral" if api_key() else "offline"


def server_url() -> str:
    url = os.environ.get("MISTRAL_SERVER_URL", "").strip().rstrip("/")
    if not url:
        raise CourseError("MISTRAL_BACKEND is 'local' but MISTRAL_SERVER_URL is not set: "
                          "set it to your server's address, for example http://127.0.0.1:8000.")
    return url[: -len("/v1")] if url.endswith("/v1") else url


def banner(backend: str | None = None) -> str:
    backend = backend or active_backend()
    return BANNERS[backend].format(url=server_url() if backend == "local" else "")


# --------------------------------------------------------------------------- clients
def course_api(**options):
    """The offline API with the engine's default skills, and a trainer that really fine-tunes."""
    from .offline import OfflineAPI

    options.setdefault("trainer", CourseTrainer())
    return OfflineAPI(**options)


class CourseTrainer:
    """Runs offline fine-tuning jobs for real: LoRA on the course's tiny Mistral (see finetune.py)."""
    batch_size = 8  # conversations per training step; dry runs estimate with it

    def __call__(self, run):
        from .finetune import course_trainer  # imports torch: only when a job actually trains

        return course_trainer(run, batch_size=self.batch_size)


class TokenBudget:
    """Stops a run against a real API once MISTRAL_TOKEN_BUDGET tokens have been used. Every call counts,
    sync or async, whole or streamed (a stream's usage comes in its last event)."""

    def __init__(self, limit: int | None):
        self.limit, self.used = limit, 0

    @classmethod
    def from_environment(cls) -> "TokenBudget":
        value = os.environ.get("MISTRAL_TOKEN_BUDGET", "").strip()
        return cls(int(value) if value.isdigit() else None)

    def check(self) -> None:
        if self.limit is not None and self.used >= self.limit:
            raise BudgetExceeded(f"The token budget of {self.limit:,} tokens is used up ({self.used:,} used), so this "
                                 "run stops here. Raise MISTRAL_TOKEN_BUDGET to allow more.")

    def add_usage(self, body: bytes) -> None:
        """Count the `usage` in a JSON body: a whole response, or one event of a stream."""
        try:
            self.used += int(json.loads(body).get("usage", {}).get("total_tokens", 0))
        except (ValueError, AttributeError, TypeError):
            pass

    def before(self, request) -> None:
        """Refuse a request once the budget is used up; ask for a stream uncompressed, so it can be counted."""
        self.check()
        if self.limit is not None and "text/event-stream" in request.headers.get("accept", ""):
            request.headers["accept-encoding"] = "identity"

    def kind(self, response) -> str | None:
        """How a response is counted: "json" (read whole), "stream" (event by event), or None."""
        content_type = response.headers.get("content-type", "") if self.limit is not None else ""
        if "application/json" in content_type:
            return "json"
        return "stream" if "text/event-stream" in content_type else None


class BudgetExceeded(CourseError):
    pass


class _CountedStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A response body passed through unchanged, whose server-sent events' usage is added to a budget."""

    def __init__(self, inner, budget: TokenBudget):
        self.inner, self.budget, self.partial = inner, budget, b""

    def _see(self, chunk: bytes) -> None:
        *lines, self.partial = (self.partial + chunk).split(b"\n")
        for line in lines:
            if line.startswith(b"data:") and b'"usage"' in line:
                self.budget.add_usage(line[len(b"data:"):])

    def __iter__(self):
        for chunk in self.inner:
            self._see(chunk)
            yield chunk

    async def __aiter__(self):
        async for chunk in self.inner:
            self._see(chunk)
            yield chunk

    def close(self):
        self.inner.close()

    async def aclose(self):
        await self.inner.aclose()


class _Friendly(httpx2.BaseTransport):
    def __init__(self, hint: str, budget: TokenBudget | None = None):
        self.inner, self.hint, self.budget = httpx2.HTTPTransport(), hint, budget or TokenBudget(None)

    def handle_request(self, request):
        self.budget.before(request)
        try:
            response = self.inner.handle_request(request)
        except httpx2.TransportError:
            raise BackendUnreachable(self.hint) from None
        kind = self.budget.kind(response)
        if kind == "json":
            self.budget.add_usage(response.read())
        elif kind == "stream":
            response.stream = _CountedStream(response.stream, self.budget)
        return response

    def close(self):
        self.inner.close()


class _FriendlyAsync(httpx2.AsyncBaseTransport):
    def __init__(self, hint: str, budget: TokenBudget | None = None):
        self.inner, self.hint, self.budget = httpx2.AsyncHTTPTransport(), hint, budget or TokenBudget(None)

    async def handle_async_request(self, request):
        self.budget.before(request)
        try:
            response = await self.inner.handle_async_request(request)
        except httpx2.TransportError:
            raise BackendUnreachable(self.hint) from None
        kind = self.budget.kind(response)
        if kind == "json":
            self.budget.add_usage(await response.aread())
        elif kind == "stream":
            response.stream = _CountedStream(response.stream, self.budget)
        return response

    async def aclose(self):
        await self.inner.aclose()


def make_client(backend: str | None = None, **sdk_options):
    """A `mistralai.client.Mistral` for the chosen (or active) backend."""
    from mistralai.client import Mistral

    backend = backend or active_backend()
    if backend == "offline":
        from .offline import offline_client

        return offline_client(course_api(), **sdk_options)

    if backend == "mistral":
        key = api_key()
        if not key:
            raise MissingKey("MISTRAL_BACKEND is 'mistral' but no MISTRAL_API_KEY was found: put "
                             "MISTRAL_API_KEY=... in a .env file at the course's top folder (or unset "
                             "MISTRAL_BACKEND to run offline).")
        hint = ("Could not reach Mistral's API at api.mistral.ai: check your internet connection, "
                "or set MISTRAL_BACKEND=offline to keep working offline.")
        url = None
    else:
        key = api_key() or "local"
        url = server_url()
        hint = (f"Could not reach the local server at {url}: start it (for example "
                "`python -m mistral_course.offline serve`) or check MISTRAL_SERVER_URL.")
    timeout = httpx2.Timeout(120.0, connect=10.0)  # long answers take a while; a dead host does not
    budget = TokenBudget.from_environment()  # one budget for the sync and the async client
    return Mistral(api_key=key, server_url=url,
                   client=httpx2.Client(transport=_Friendly(hint, budget), timeout=timeout, follow_redirects=True),
                   async_client=httpx2.AsyncClient(transport=_FriendlyAsync(hint, budget), timeout=timeout,
                                                   follow_redirects=True),
                   **sdk_options)
