"""Plug an OfflineAPI into the real SDK, in-process: the SDK's requests go to the very ASGI application that
`python -m mistral_course.offline serve` puts on a socket, without any socket."""

from __future__ import annotations

import asyncio
import threading
from urllib.parse import unquote

import httpx2

from .wire import OfflineAPI

# A reserved name that can never resolve: nothing sent to it could leave the machine.
OFFLINE_URL = "http://offline.invalid"


class _BackgroundLoop:
    """One event loop in a daemon thread, shared by every in-process client: the synchronous SDK can then call
    the ASGI application from anywhere, including a Jupyter cell whose own loop is already running."""

    _loop: asyncio.AbstractEventLoop | None = None
    _lock = threading.Lock()

    @classmethod
    def run(cls, coroutine):
        with cls._lock:
            if cls._loop is None:
                cls._loop = asyncio.new_event_loop()
                threading.Thread(target=cls._loop.run_forever, name="offline-api-loop", daemon=True).start()
        return asyncio.run_coroutine_threadsafe(coroutine, cls._loop).result()


async def call_asgi(app, request: httpx2.Request) -> tuple[int, list, bytes]:
    """Send one request through an ASGI application; (status, headers, body)."""
    body = request.read()
    raw_path = request.url.raw_path.split(b"?")[0]
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": request.method,
             "scheme": "http", "path": unquote(raw_path.decode("ascii")), "raw_path": raw_path,
             "query_string": request.url.query, "root_path": "", "client": None, "server": None,
             "headers": [(k.lower(), v) for k, v in request.headers.raw]}
    sent = False
    status, headers, chunks = 500, [], []

    async def receive():
        nonlocal sent
        if sent:
            await asyncio.Event().wait()  # nothing more to read; the app never waits here for a full request
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], message.get("headers", [])
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, headers, b"".join(chunks)


class InProcessTransport(httpx2.BaseTransport):
    """A synchronous httpx2 transport that answers every request with the ASGI application `app`."""

    def __init__(self, app):
        self.app = app

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        status, headers, body = _BackgroundLoop.run(call_asgi(self.app, request))
        return httpx2.Response(status, headers=headers, content=body)


def offline_client(api: OfflineAPI | None = None, **sdk_options):
    """A real `mistralai.client.Mistral` whose every request is answered by `api`.

    The key is a placeholder: the offline backend only checks that one is sent.
    """
    from mistralai.client import Mistral

    app = api or OfflineAPI()
    return Mistral(api_key=sdk_options.pop("api_key", "offline"), server_url=OFFLINE_URL,
                   client=httpx2.Client(transport=InProcessTransport(app)),
                   async_client=httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app)), **sdk_options)


def offline_http_client(api: OfflineAPI) -> httpx2.Client:
    """A plain HTTP client on the same offline API, for REST paths the SDK no longer has (the legacy jobs)."""
    return httpx2.Client(transport=InProcessTransport(api), base_url=OFFLINE_URL,
                         headers={"Authorization": "Bearer offline"})
