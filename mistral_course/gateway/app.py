"""The gateway's routes: a tornado application that JupyterHub runs as a service.

Under the service's prefix (for example /services/gateway/):
- health             no token: {"status": "ok"}
- v1/chat/completions, v1/embeddings, v1/models[/ID]
                     a learner's JupyterHub token as the bearer; forwarded to the upstream API with the
                     instructor's key, reserved before and counted after (ledger.py)
- usage              the caller's own requests and tokens (JSON)
- admin              the hub's admins only, after the hub's login: every learner's usage as a table and a bar chart
- oauth_callback     the hub's login coming back

The instructor's key is only ever put in the upstream request's Authorization header; responses carry
the upstream's body and content type, never its headers.
"""

from __future__ import annotations

import html
import json
import logging
import time
from http import HTTPStatus

import httpx2
from jupyterhub.services.auth import HubAuth, HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web
from tornado.iostream import StreamClosedError

from . import bounds
from .ledger import Ledger, Refused

log = logging.getLogger("mistral_course.gateway")

FORWARDED = {"v1/chat/completions": "POST", "v1/embeddings": "POST", "v1/models": "GET"}


def error_body(message: str, kind: str, code: int) -> bytes:
    """An error in the Mistral API's shape, which the SDK shows as the response text."""
    return json.dumps({"object": "error", "message": message, "type": kind, "param": None,
                       "code": str(code)}).encode()


class Settings:
    """What one gateway needs: where to forward, with which key, and the classroom's limits."""

    def __init__(self, upstream: str, key: str, ledger: Ledger, max_completion_tokens: int = 4096,
                 timeout: float = 120.0):
        self.upstream, self.ledger, self.max_completion_tokens = upstream.rstrip("/"), ledger, max_completion_tokens
        self.client = httpx2.AsyncClient(base_url=self.upstream, timeout=httpx2.Timeout(timeout, connect=5.0),
                                         headers={"Authorization": f"Bearer {key}"},
                                         # idle connections are dropped before servers usually drop them (5 s),
                                         # so a request never goes out on a connection the server is closing
                                         limits=httpx2.Limits(max_connections=200, max_keepalive_connections=50,
                                                              keepalive_expiry=2.0))


class Base(HubOAuthenticated, web.RequestHandler):
    @property
    def gateway(self) -> Settings:
        return self.settings["gateway"]

    def fail(self, status: int, message: str, kind: str = "gateway_error", retry_after: int | None = None):
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        if retry_after:
            self.set_header("Retry-After", str(retry_after))
        self.finish(error_body(message, kind, status))

    def write_error(self, status_code, **kwargs):  # tornado's own errors, as JSON without a traceback
        self.set_header("Content-Type", "application/json")
        self.finish(error_body(HTTPStatus(status_code).phrase, "gateway_error", status_code))


class Health(Base):
    def get(self):
        self.finish({"status": "ok"})


class Api(Base):
    """The forwarded API: authenticate, admit, forward, settle."""

    learner: str | None = None

    async def learner_from_token(self) -> str | None:
        header = self.request.headers.get("Authorization", "")
        match = HubAuth.auth_header_pat.match(header)
        if not match:
            return None
        try:
            model = await self.hub_auth.user_for_token(match.group(1).strip(), sync=False)
        except web.HTTPError:
            raise Refused(503, "The classroom gateway could not check your token with JupyterHub: try again "
                               "in a moment, and tell your instructor if it goes on.") from None
        if not model or model.get("kind", "user") != "user":
            return None
        if not self.hub_auth.check_scopes(self.hub_auth.access_scopes, model):
            return None
        return model["name"]

    async def prepare(self):
        try:
            self.learner = await self.learner_from_token()
        except Refused as refused:
            return self.fail(refused.status, refused.message)
        if self.learner is None:
            return self.fail(401, "The classroom gateway needs your JupyterHub token as the bearer token "
                                  "(MISTRAL_SERVER_API_KEY, set for you in the hub's servers); this one is missing, "
                                  "wrong or expired.", kind="invalid_api_key")

    async def get(self, path: str):
        if not path.startswith("v1/models"):
            return self.not_forwarded(path)
        try:
            reservation = self.gateway.ledger.admit(self.learner, 0)
        except Refused as refused:
            return self.refuse(refused)
        await self.forward("GET", path, None, reservation)

    async def post(self, path: str):
        if path not in ("v1/chat/completions", "v1/embeddings"):
            return self.not_forwarded(path)
        try:
            body = json.loads(self.request.body or b"null")
        except ValueError:
            body = None
        ledger = self.gateway.ledger
        try:
            if not isinstance(body, dict):  # the upstream answers it with its own 4xx
                reservation = ledger.admit(self.learner, 0)
            elif path == "v1/embeddings":
                reservation = ledger.admit(self.learner, bounds.embeddings_prompt(body))
            else:
                prompt = bounds.chat_prompt(body)
                asked = body.get("max_tokens")
                ceiling = asked if isinstance(asked, int) and asked > 0 else self.gateway.max_completion_tokens
                reservation = ledger.admit(self.learner, prompt + ceiling, least=prompt + 1)
                if reservation.tokens - prompt < ceiling:  # near the budget: the answer stops at what is left
                    body["max_tokens"] = reservation.tokens - prompt
                elif asked is None:
                    body["max_tokens"] = ceiling
        except Refused as refused:
            return self.refuse(refused)
        streaming = isinstance(body, dict) and body.get("stream") is True
        await self.forward("POST", path, body if isinstance(body, dict) else self.request.body, reservation,
                           streaming)

    def refuse(self, refused: Refused):
        kind = "rate_limited" if refused.retry_after else "budget_exceeded"
        self.fail(refused.status, refused.message, kind, refused.retry_after)

    def not_forwarded(self, path: str):
        self.fail(404, f"The classroom gateway forwards chat, embeddings and models only, not /{path}.",
                  kind="not_found")

    async def forward(self, method, path, body, reservation, streaming=False):
        ledger = self.gateway.ledger
        payload = ({"json": body} if isinstance(body, dict) else {"content": body} if body is not None else {})
        request = self.gateway.client.build_request(method, "/" + path, **payload)
        try:
            response = await self.gateway.client.send(request, stream=True)
        except httpx2.TransportError as exc:
            ledger.settle(reservation, answered=False)
            log.warning("upstream unreachable for %s: %s", self.learner, type(exc).__name__)
            return self.fail(502, "The classroom gateway could not reach the model service "
                                  f"({type(exc).__name__}); nothing was counted. Tell your instructor.",
                             kind="upstream_unreachable")
        try:
            if response.status_code in (401, 403):  # the instructor's key, not the learner's token
                await response.aread()
                ledger.settle(reservation, answered=False)
                return self.fail(502, "The model service refused the classroom's key; nothing was counted. "
                                      "Tell your instructor.", kind="upstream_refused")
            if response.status_code != 200 or not streaming:
                return await self.relay_whole(response, reservation)
            await self.relay_stream(response, reservation)
        finally:
            await response.aclose()
            ledger.settle(reservation, answered=False)  # a no-op once settled

    async def relay_whole(self, response, reservation):
        try:
            data = await response.aread()
        except httpx2.TransportError as exc:
            self.gateway.ledger.settle(reservation, answered=False)
            return self.fail(502, f"The model service's answer broke off ({type(exc).__name__}); nothing was "
                                  "counted. Try again.", kind="upstream_unreachable")
        usage = {}
        if response.status_code == 200:
            try:
                usage = json.loads(data).get("usage") or {}
            except (ValueError, AttributeError):
                usage = {}
        self.settle(reservation, usage, answered=response.status_code == 200)
        self.set_status(response.status_code)
        self.set_header("Content-Type", response.headers.get("content-type", "application/json"))
        try:
            self.finish(data)
        except StreamClosedError:
            pass

    async def relay_stream(self, response, reservation):
        usage, pending, connected = {}, b"", True
        self.set_header("Content-Type", response.headers.get("content-type", "text/event-stream"))
        self.set_header("Cache-Control", "no-cache")
        try:
            async for chunk in response.aiter_bytes():
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    if line.startswith(b"data:") and b'"usage"' in line:
                        try:
                            usage = json.loads(line[5:]).get("usage") or usage
                        except (ValueError, AttributeError):
                            pass
                if connected:  # a learner who left still gets counted: read on to the usage
                    try:
                        self.write(chunk)
                        await self.flush()
                    except StreamClosedError:
                        connected = False
                        log.info("%s left mid-stream; reading the answer to its end to count it", self.learner)
        except httpx2.TransportError as exc:
            log.warning("upstream stream for %s broke off: %s", self.learner, type(exc).__name__)
        self.settle(reservation, usage, answered=bool(usage))
        if connected:
            try:
                self.finish()
            except StreamClosedError:
                pass

    def settle(self, reservation, usage: dict, answered: bool):
        prompt = int(usage.get("prompt_tokens") or 0)
        completion = int(usage.get("completion_tokens") or 0)
        self.gateway.ledger.settle(reservation, prompt, completion, answered=answered)


class OwnUsage(Api):
    async def get(self):
        usage = self.gateway.ledger.of(self.learner)
        self.finish({"learner": self.learner, "requests": usage.requests, "tokens": usage.tokens,
                     "prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
                     "refused": usage.refused, "budget": self.gateway.ledger.budget})


class Admin(Base):
    """Every learner's usage, for the hub's admins: the hub's login, then an admin check with the hub."""

    @web.authenticated
    async def get(self):
        name = self.current_user["name"]
        async with httpx2.AsyncClient(timeout=10) as hub:  # with the gateway's own token (role: read:users)
            reply = await hub.get(url_path_join(self.hub_auth.api_url, "users", name),
                                  headers={"Authorization": f"token {self.hub_auth.api_token}"})
        if reply.status_code != 200 or not reply.json().get("admin"):
            return self.fail(403, "Only the hub's admins can see the classroom's usage.", kind="forbidden")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render_admin(self.gateway.ledger))


def render_admin(ledger: Ledger) -> str:
    rows = ledger.table()
    top = max([usage.tokens for _, usage in rows] + [ledger.budget, 1])
    bar_height, width = 22, 520
    bars, table = [], []
    for i, (learner, usage) in enumerate(rows):
        name = html.escape(learner)
        length = round(width * usage.tokens / top)
        y = i * bar_height
        bars.append(f'<text x="0" y="{y + 15}">{name}</text>'
                    f'<rect x="140" y="{y + 3}" width="{length}" height="{bar_height - 6}" fill="#fa520f"/>'
                    f'<text x="{146 + length}" y="{y + 15}">{usage.tokens:,}</text>')
        table.append(f"<tr><td>{name}</td><td>{usage.requests:,}</td><td>{usage.prompt_tokens:,}</td>"
                     f"<td>{usage.completion_tokens:,}</td><td>{usage.tokens:,}</td>"
                     f"<td>{ledger.budget - usage.tokens:,}</td><td>{usage.refused:,}</td></tr>")
    budget_x = 140 + round(width * ledger.budget / top)
    height = max(1, len(rows)) * bar_height
    chart = (f'<svg role="img" aria-label="tokens per learner" width="{width + 260}" height="{height + 10}" '
             f'font-family="sans-serif" font-size="13">{"".join(bars)}'
             f'<line x1="{budget_x}" x2="{budget_x}" y1="0" y2="{height}" stroke="#333" stroke-dasharray="4"/>'
             "</svg>")
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Classroom usage</title>"
            "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .8em;text-align:right}"
            "td:first-child,th:first-child{text-align:left}</style></head><body>"
            f"<h1>Classroom usage</h1><p>Budget: {ledger.budget:,} tokens per learner (dashed line); "
            f"at most {ledger.requests_per_minute} requests per learner per minute. "
            f"{time.strftime('%Y-%m-%d %H:%M:%S')}</p>{chart}"
            "<table><tr><th>learner</th><th>requests</th><th>prompt tokens</th><th>completion tokens</th>"
            f"<th>tokens</th><th>left</th><th>refused</th></tr>{''.join(table)}</table></body></html>")


def log_request(handler: web.RequestHandler) -> None:
    """One line per request: never a header, a query string or a body."""
    learner = getattr(handler, "learner", None) or "-"
    log.info("%s %s %s %s %.0f ms", handler.get_status(), handler.request.method, handler.request.path, learner,
             1000 * handler.request.request_time())


def make_app(settings: Settings, prefix: str, cookie_secret: bytes) -> web.Application:
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    routes = [
        (prefix + "health", Health),
        (prefix + "usage", OwnUsage),
        (prefix + "admin/?", Admin),
        (prefix + "oauth_callback", HubOAuthCallbackHandler),
        (prefix + r"(v1/.*)", Api),
    ]
    return web.Application(routes, gateway=settings, cookie_secret=cookie_secret, log_function=log_request,
                           xsrf_cookies=False)
