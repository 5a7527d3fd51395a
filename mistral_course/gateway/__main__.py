"""python -m mistral_course.gateway: the key gateway, started by JupyterHub as one of its services.

JupyterHub tells it where to listen and how to reach the hub (JUPYTERHUB_SERVICE_URL, JUPYTERHUB_API_URL,
JUPYTERHUB_API_TOKEN, JUPYTERHUB_SERVICE_PREFIX). The instructor's settings come from its own environment:
  MISTRAL_API_KEY                the instructor's key, sent upstream only (empty for a rehearsal offline), or
  MISTRAL_GATEWAY_KEY_FILE       a file holding it (what classroom/jupyterhub_config.py uses: JupyterHub keeps each
                                 service's environment in its database, and the key should not be there)
  MISTRAL_GATEWAY_UPSTREAM       the API to forward to (default https://api.mistral.ai)
  MISTRAL_GATEWAY_BUDGET         tokens per learner (default 200000)
  MISTRAL_GATEWAY_RATE           requests per learner per minute (default 300: lesson 01 sends 84 in a row)
  MISTRAL_GATEWAY_MAX_ANSWER     the longest answer, in tokens, when a request does not say (default 4096)
  MISTRAL_GATEWAY_DB             the SQLite file that keeps usage across restarts (default gateway-usage.sqlite)
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import sys
from urllib.parse import urlparse

from .app import Settings, make_app
from .ledger import Ledger


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="[gateway %(asctime)s] %(message)s", stream=sys.stdout)
    logging.getLogger("httpx2").setLevel(logging.WARNING)  # its request lines are not ours to print
    environ = os.environ
    url = urlparse(environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8765"))
    key = environ.pop("MISTRAL_API_KEY", "").strip()  # out of the environment, so no child process inherits it
    key_file = environ.get("MISTRAL_GATEWAY_KEY_FILE", "")
    if not key and key_file and os.path.exists(key_file):
        with open(key_file) as f:
            key = f.read().strip()
    upstream = environ.get("MISTRAL_GATEWAY_UPSTREAM", "https://api.mistral.ai")
    if not key and not upstream.startswith(("http://127.", "http://localhost")):
        print("The gateway needs the instructor's MISTRAL_API_KEY to forward to " + upstream, file=sys.stderr)
        return 1
    ledger = Ledger(environ.get("MISTRAL_GATEWAY_DB", "gateway-usage.sqlite"),
                    budget=int(environ.get("MISTRAL_GATEWAY_BUDGET", "200000")),
                    requests_per_minute=int(environ.get("MISTRAL_GATEWAY_RATE", "300")))
    settings = Settings(upstream, key or "classroom-rehearsal", ledger,
                        max_completion_tokens=int(environ.get("MISTRAL_GATEWAY_MAX_ANSWER", "4096")))
    app = make_app(settings, environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"), secrets.token_bytes(32))

    async def serve():
        app.listen(url.port or 80, url.hostname or "127.0.0.1", xheaders=True)
        logging.getLogger("mistral_course.gateway").info(
            "listening on %s:%s, forwarding to %s; %s tokens and %s requests a minute per learner",
            url.hostname, url.port, upstream, ledger.budget, ledger.requests_per_minute)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        await settings.client.aclose()
        ledger.close()

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
