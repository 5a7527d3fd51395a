"""A network link between the gateway and its upstream that the tests can slow down: it relays every request
to the upstream as it is, and while a pace is set it holds each streamed chunk that long, the way a real
model's answer arrives a piece at a time. PUT /_link/pace?seconds=0.05 sets the pace (0 by default);
GET /_link/bearers lists the bearer tokens it has forwarded.

    python tests/classroom/slow_link.py PORT UPSTREAM_URL
"""

from __future__ import annotations

import asyncio
import json
import sys

import httpx2
import uvicorn


class SlowLink:
    def __init__(self, upstream: str):
        self.upstream = upstream
        self.pace = 0.0
        self.bearers: set[str] = set()
        self.client = httpx2.AsyncClient(base_url=upstream, timeout=120, limits=httpx2.Limits(keepalive_expiry=2.0))

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        if scope["path"] == "/_link/bearers":  # which bearer tokens the upstream was sent (for the key tests)
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json")]})
            return await send({"type": "http.response.body", "body": json.dumps(sorted(self.bearers)).encode()})
        if scope["path"] == "/_link/pace":
            self.pace = float(scope["query_string"].decode().partition("seconds=")[2] or 0)
            await send({"type": "http.response.start", "status": 204, "headers": []})
            return await send({"type": "http.response.body", "body": b""})
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = [(k.decode(), v.decode()) for k, v in scope["headers"] if k.lower() not in (b"host",)]
        self.bearers.update(v.removeprefix("Bearer ") for k, v in headers if k.lower() == "authorization")
        request = self.client.build_request(scope["method"], scope["path"], content=body, headers=headers,
                                            params=scope["query_string"].decode())
        response = await self.client.send(request, stream=True)
        try:
            await send({"type": "http.response.start", "status": response.status_code,
                        "headers": [(b"content-type", response.headers.get("content-type", "").encode())]})
            streamed = "event-stream" in response.headers.get("content-type", "")
            async for chunk in (response.aiter_lines() if streamed else response.aiter_bytes()):
                if streamed:
                    chunk = (chunk + "\n").encode()
                    if self.pace and chunk.strip():
                        await asyncio.sleep(self.pace)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            await response.aclose()


if __name__ == "__main__":
    uvicorn.run(SlowLink(sys.argv[2]), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
