"""The HTTP transports of a client for a real server: a network failure becomes one sentence saying
what to do, and every call, sync or async, whole or streamed, counts against the run's token budget.
The SDK retries what is worth retrying (see backend.default_retries): here a failure is marked as such."""

from __future__ import annotations

import json
import os

import httpx2

from .settings import BackendUnreachable, CourseError, NetworkTrouble, is_loopback

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


def refuse_for_good(response) -> None:
    """The classroom gateway's 429 for a used-up budget is final: raising here (outside the SDK's retryable
    errors) shows its sentence at once, where retrying it would only wait out the retry budget first."""
    if response.status_code != 429 or "application/json" not in response.headers.get("content-type", ""):
        return
    try:
        body = json.loads(response.read())
    except ValueError:
        return
    if isinstance(body, dict) and body.get("type") == "budget_exceeded":
        raise BudgetExceeded(str(body.get("message", "The classroom's budget for you is used up.")))


class CountedStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
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


def unreachable(request, hint: str) -> BackendUnreachable:
    """The error for a request that failed on the network. A server on this machine refusing the connection is
    not running: said at once. Anything else (no route, DNS, a dropped connection, a timeout) may pass, so the
    SDK's retries wait it out before saying it."""
    if is_loopback(request.url.host or ""):
        return BackendUnreachable(hint)
    return NetworkTrouble(hint)


class FriendlyTransport(httpx2.BaseTransport):
    """dialect: for the `local` backend, a ServerDialect (server_dialect.py) that adapts requests and responses
    to an OpenAI-compatible server; None (Mistral's API) sends and returns everything unchanged."""

    def __init__(self, hint: str, budget: TokenBudget | None = None, dialect=None):
        self.inner, self.hint, self.budget = httpx2.HTTPTransport(), hint, budget or TokenBudget(None)
        self.dialect = dialect

    def handle_request(self, request):
        self.budget.before(request)
        if self.dialect is not None:
            request = self.dialect.request(request)
        try:
            response = self.inner.handle_request(request)
        except httpx2.ConnectError:
            raise unreachable(request, self.hint) from None
        except httpx2.TransportError:
            raise NetworkTrouble(self.hint) from None
        if self.dialect is not None:
            response = self.dialect.response(request, response)
        refuse_for_good(response)
        kind = self.budget.kind(response)
        if kind == "json":
            self.budget.add_usage(response.read())
        elif kind == "stream":
            response.stream = CountedStream(response.stream, self.budget)
        return response

    def close(self):
        self.inner.close()


class FriendlyAsyncTransport(httpx2.AsyncBaseTransport):
    def __init__(self, hint: str, budget: TokenBudget | None = None, dialect=None):
        self.inner, self.hint, self.budget = httpx2.AsyncHTTPTransport(), hint, budget or TokenBudget(None)
        self.dialect = dialect

    async def handle_async_request(self, request):
        self.budget.before(request)
        if self.dialect is not None:
            request = self.dialect.request(request)
        try:
            response = await self.inner.handle_async_request(request)
        except httpx2.ConnectError:
            raise unreachable(request, self.hint) from None
        except httpx2.TransportError:
            raise NetworkTrouble(self.hint) from None
        if self.dialect is not None:
            response = await self.dialect.aresponse(request, response)
        if response.status_code == 429:
            await response.aread()  # small; read here so that refuse_for_good can look at it
            refuse_for_good(response)
        kind = self.budget.kind(response)
        if kind == "json":
            self.budget.add_usage(await response.aread())
        elif kind == "stream":
            response.stream = CountedStream(response.stream, self.budget)
        return response

    async def aclose(self):
        await self.inner.aclose()
