"""Plug an OfflineAPI into the real SDK, in-process, through httpx2's MockTransport."""

from __future__ import annotations

import httpx2

from .wire import OfflineAPI, WireRequest


# A reserved name that can never resolve: nothing sent to it could leave the machine.
OFFLINE_URL = "http://offline.invalid"


def to_wire(request: httpx2.Request) -> WireRequest:
    return WireRequest(request.method, request.url.path, request.url.query.decode(),
                       {k.lower(): v for k, v in request.headers.items()}, request.read())


def mock_transport(api: OfflineAPI) -> httpx2.MockTransport:
    def handle(request: httpx2.Request) -> httpx2.Response:
        out = api(to_wire(request))
        return httpx2.Response(out.status, headers=out.headers, content=out.body)

    return httpx2.MockTransport(handle)


def offline_client(api: OfflineAPI | None = None, **sdk_options):
    """A real `mistralai.client.Mistral` whose every request is answered by `api`.

    The key is a placeholder: the offline backend only checks that one is sent.
    """
    from mistralai.client import Mistral

    transport = mock_transport(api or OfflineAPI())
    return Mistral(api_key=sdk_options.pop("api_key", "offline"), server_url=OFFLINE_URL,
                   client=httpx2.Client(transport=transport),
                   async_client=httpx2.AsyncClient(transport=transport), **sdk_options)


def offline_http_client(api: OfflineAPI) -> httpx2.Client:
    """A plain HTTP client on the same offline API, for REST paths the SDK no longer has (the legacy jobs)."""
    return httpx2.Client(transport=mock_transport(api), base_url=OFFLINE_URL,
                         headers={"Authorization": "Bearer offline"})
