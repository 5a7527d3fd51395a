"""The offline Mistral API: deterministic, task-aware, honest about what it is.

Three layers, data flowing one way (request -> validate -> engine -> response):
- wire (`wire.py`, `schemas.py`, `errors.py`, `chat.py`, `store.py`): routes,
  request validation, status codes and error bodies, streaming, files and jobs;
- engine (`engine/`): the task skills that turn a conversation into a reply;
- resources (`resources.py`, `tokenizer_map.py`): Mistral's real tokenizers, the
  version each model counts with, and offline embeddings.

`OfflineAPI` is one ASGI application: `transport.py` plugs it into the real SDK
in-process; `server.py` serves the same object with uvicorn on a socket
(`python -m mistral_course.offline serve`). Files, jobs and fine-tuned models
live in memory only.
"""

from .engine import Engine
from .transport import offline_client, offline_http_client
from .wire import OfflineAPI, WireRequest, WireResponse

__all__ = ["Engine", "OfflineAPI", "WireRequest", "WireResponse", "offline_client", "offline_http_client"]
