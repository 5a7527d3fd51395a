"""The learner's settings, and the mistakes a learner can fix.

The backend is chosen by environment variables (a `.env` file works too): MISTRAL_BACKEND,
MISTRAL_API_KEY, MISTRAL_SERVER_URL, MISTRAL_SERVER_API_KEY, and for a server of your own MISTRAL_MODEL and
MISTRAL_EMBED_MODEL (the names of its chat and embedding models). Problems a learner can fix end in a CourseError: one
sentence saying what to do, shown in Jupyter without a traceback.
"""

from __future__ import annotations

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


class BackendUnreachable(CourseError):
    """A server that cannot be reached; as it is, not retried (a server on this machine that refuses the
    connection is not running, and waiting will not start it)."""


class NetworkTrouble(BackendUnreachable, httpx2.ConnectError):
    """A network failure worth waiting out; still an httpx2.ConnectError, so the SDK's retries apply."""

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


def server_api_key() -> str | None:
    """The key for a local server: MISTRAL_SERVER_API_KEY only. A learner's Mistral key never goes to it."""
    load_dotenv_file()
    key = os.environ.get("MISTRAL_SERVER_API_KEY", "").strip()
    return key or None


def is_private_url(url: str) -> bool:
    """True when a URL is https, or plain http to this machine (loopback), where a bearer token is safe."""
    parsed = httpx2.URL(url)
    if parsed.scheme == "https":
        return True
    return is_loopback(parsed.host or "")


def is_loopback(host: str) -> bool:
    """True for a name or address of this machine's loopback interface."""
    host = host.lower()
    return host in ("localhost", "::1") or host.startswith("127.")


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


def server_models() -> tuple[str | None, str | None]:
    """The `local` server's chat and embedding model names (MISTRAL_MODEL, MISTRAL_EMBED_MODEL), or None."""
    load_dotenv_file()
    return (os.environ.get("MISTRAL_MODEL", "").strip() or None,
            os.environ.get("MISTRAL_EMBED_MODEL", "").strip() or None)


def models_sentence() -> str:
    """What the `local` backend does with the model a lesson names (see server_dialect.py)."""
    chat, embed = server_models()
    named = " and ".join(part for part in (f"chat requests use its model '{chat}'" if chat else "",
                                           f"embeddings use '{embed}'" if embed else "") if part)
    if not named:
        return (" Lessons name Mistral's models: if your server's models have other names (vLLM, Ollama, "
                "llama.cpp), set MISTRAL_MODEL (and MISTRAL_EMBED_MODEL) to them.")
    kept = (" Chat requests keep the lesson's model name: set MISTRAL_MODEL to your server's." if not chat else
            " Embedding requests keep the lesson's model name: set MISTRAL_EMBED_MODEL to your server's."
            if not embed else "")
    return f" Whatever model a lesson names, {named}.{kept}"


def banner(backend: str | None = None) -> str:
    backend = backend or active_backend()
    if backend == "local":
        return BANNERS[backend].format(url=server_url()) + models_sentence()
    return BANNERS[backend]
