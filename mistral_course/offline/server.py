"""Serve an OfflineAPI on a real socket with uvicorn, so curl and any HTTP client can use it.

uvicorn does the HTTP/1.1 (keep-alive, chunked bodies, `100 Continue`, idle
timeouts; malformed framing gets its plain-text 400) and runs the application
on one event loop; the application sends
its heavy work to a thread pool, so a slow request never holds the others.
"""

from __future__ import annotations

import errno
import socket
import threading

import uvicorn

from .schemas import LIMITS
from .transport import OFFLINE_URL
from .wire import LOOPBACK_HOSTS, OfflineAPI


class ServeError(RuntimeError):
    """The server cannot start, said in one sentence."""


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (IPv4 or IPv6), or a ServeError that says what to do."""
    if not host.strip():
        raise ServeError("--host is empty: give an address, for example 127.0.0.1 (this machine only) or "
                         "0.0.0.0 (every network interface).")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror:
        raise ServeError(f"{host} is not an address or host name this machine can listen on.") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"Port {port} on {host} is already in use: stop the program using it, or choose "
                             "another port with --port.") from None
        raise ServeError(f"Cannot listen on {host} port {port}: {exc.strerror or exc}.") from None
    sock.listen(2048)
    sock.setblocking(False)
    return sock


class ServedAPI:
    """An OfflineAPI served by uvicorn on one socket, in the calling thread or in a background thread."""

    def __init__(self, api: OfflineAPI, host: str = "127.0.0.1", port: int = 8000):
        self.api = api
        self.socket = bind(host, port)
        self.server_address = self.socket.getsockname()[:2]
        if is_loopback(host) and api.allowed_hosts is None:  # against DNS rebinding
            api.allowed_hosts = LOOPBACK_HOSTS | {OFFLINE_URL.split("//")[1]}
        api.poll_wait = min(api.poll_wait, LIMITS.max_poll_wait_served)  # clients' own timeouts are short
        # h11 parses every request method, so even an unknown one gets the application's JSON 405 (httptools'
        # parser answers those itself, in plain text). "auto" takes uvloop's faster event loop when it is
        # installed (the course pins it; it is not made for Windows, where asyncio's loop serves instead).
        config = uvicorn.Config(api, http="h11", loop="auto", lifespan="off", log_level="warning", access_log=False,
                                timeout_keep_alive=5, h11_max_incomplete_event_size=4 * LIMITS.max_header_bytes)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self.server.run(sockets=[self.socket])

    def start(self) -> "ServedAPI":
        """Serve in a daemon thread; returns once the server answers."""
        self._thread = threading.Thread(target=self.serve_forever, name="offline-api-server", daemon=True)
        self._thread.start()
        while not self.server.started and self._thread.is_alive():
            self._thread.join(0.01)
        return self

    def shutdown(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)

    def server_close(self) -> None:
        self.socket.close()


def make_server(api: OfflineAPI, host: str = "127.0.0.1", port: int = 8000) -> ServedAPI:
    return ServedAPI(api, host, port)
