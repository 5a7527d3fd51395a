"""Serve an OfflineAPI on a real socket, so curl and any HTTP client can use it."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Lock

from .wire import OfflineAPI, WireRequest


def make_server(api: OfflineAPI, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    lock = Lock()  # the API keeps files and jobs in memory: one request at a time

    class Handler(BaseHTTPRequestHandler):
        server_version = "mistral-course-offline"
        sys_version = ""

        def _serve(self):
            path, _, query = self.path.partition("?")
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                out = api(WireRequest(self.command, path, query, headers, body))
            self.send_response(out.status)
            for name, value in out.headers.items():
                self.send_header(name, value)
            streaming = out.headers.get("content-type") == "text/event-stream"
            if not streaming:
                self.send_header("content-length", str(len(out.body)))
            self.end_headers()
            for chunk in out.chunks:
                self.wfile.write(chunk)
                if streaming:
                    self.wfile.flush()

        do_GET = do_POST = do_DELETE = do_PUT = do_PATCH = _serve

        def log_message(self, format, *args):  # keep request bodies and headers out of logs
            pass

    return ThreadingHTTPServer((host, port), Handler)
