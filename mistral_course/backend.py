"""Which backend the course talks to, and a ready `Mistral` client for it.

- offline: the course's own deterministic API, in-process (no key, no network);
- mistral: the hosted API at api.mistral.ai (needs MISTRAL_API_KEY);
- local: a server of your own at MISTRAL_SERVER_URL (vLLM, Ollama, llama.cpp's server, or
  `python -m mistral_course.offline serve`); server_dialect.py adapts the few things that differ.

The learner's settings and errors are in settings.py, the HTTP plumbing (friendly network
errors, the token budget) in transports.py; both are importable from here too.

Clients for `mistral` and `local` retry by default (see `default_retries`): a free-tier key allows about one
request a second, and a lesson's loop of calls should wait for its turn instead of stopping at the first 429.
"""

from __future__ import annotations

import warnings

import httpx2

from .settings import (BACKENDS, BANNERS, BackendUnreachable, CourseError, MissingKey,  # noqa: F401
                       NetworkTrouble, active_backend, api_key, banner, is_private_url, load_dotenv_file,
                       server_api_key, server_url)
from .server_dialect import ServerDialect, ServerModels
from .transports import BudgetExceeded, FriendlyAsyncTransport, FriendlyTransport, TokenBudget  # noqa: F401


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


# The SDK retries a call on 429, 500, 502, 503 and 504 (and, here, on a network failure) once it has a RetryConfig.
# It waits as long as the answer's Retry-After header says; without one it backs off 1 s, 2 s, 4 s ... (at most
# 16 s, plus up to 0.5 s of jitter), and it stops retrying once 30 s have passed since the first attempt, so the
# learner sees the error instead of an endless wait.
RETRY_BUDGET_MS = 30_000


def default_retries():
    """The retry policy of the `mistral` and `local` clients."""
    from mistralai.client.utils import BackoffStrategy, RetryConfig

    return RetryConfig("backoff", BackoffStrategy(initial_interval=1_000, max_interval=16_000, exponent=2,
                                                  max_elapsed_time=RETRY_BUDGET_MS, jitter_ms=500),
                       retry_connection_errors=True)


def make_client(backend: str | None = None, **sdk_options):
    """A `mistralai.client.Mistral` for the chosen (or active) backend.

    For `mistral` and `local`, `retry_config` defaults to `default_retries()`; pass your own (or None for no
    retries) to replace it, or `retries=` to one call.
    """
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
        url = server_url()
        key = server_api_key() or "local"  # never MISTRAL_API_KEY: that key is for Mistral's servers only
        if server_api_key() and not is_private_url(url):
            warnings.warn(f"MISTRAL_SERVER_API_KEY will travel unencrypted to {url}: use https, an SSH tunnel "
                          "or a server on this machine.", stacklevel=2)
        hint = (f"Could not reach the local server at {url}: start it (for example "
                "`python -m mistral_course.offline serve`) or check MISTRAL_SERVER_URL.")
    sdk_options.setdefault("retry_config", default_retries())
    timeout = httpx2.Timeout(120.0, connect=10.0)  # long answers take a while; a dead host does not
    budget = TokenBudget.from_environment()  # one budget for the sync and the async client
    dialect = ServerDialect(ServerModels.from_environment()) if backend == "local" else None
    return Mistral(api_key=key, server_url=url,
                   client=httpx2.Client(transport=FriendlyTransport(hint, budget, dialect), timeout=timeout,
                                        follow_redirects=True),
                   async_client=httpx2.AsyncClient(transport=FriendlyAsyncTransport(hint, budget, dialect),
                                                   timeout=timeout, follow_redirects=True),
                   **sdk_options)
