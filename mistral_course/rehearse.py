"""Rehearse live mode without a key (what `make rehearse` does): serve the offline API on this machine with a
free tier's rate limit, then run lessons with `MISTRAL_BACKEND=local` against it, as `make run BACKEND=local` does.

    python -m mistral_course.rehearse                 # lessons 01, 02 and 05 at one request a second
    python -m mistral_course.rehearse 00 04 --rate 2

Every chat and embedding call beyond the rate gets 429 with Retry-After, so the lessons finish only if their
client waits and retries (see backend.default_retries). Outputs go to build/rehearsal/; exit status 1 if any
lesson fails.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .backend import course_api
from .offline.server import make_server
from .paths import ROOT
from .run import main as run_main

LESSONS = ["01", "02", "05"]  # the lessons with loops of many calls


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.rehearse", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", default=LESSONS, help="lesson number prefixes (default: 01 02 05)")
    parser.add_argument("--rate", type=float, default=1.0, help="requests a second the server allows (default 1)")
    args = parser.parse_args(argv)

    server = make_server(course_api(rate=args.rate), "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ.update(MISTRAL_BACKEND="local", MISTRAL_SERVER_URL=url)
    os.environ.pop("MISTRAL_SERVER_API_KEY", None)
    print(f"Offline API on {url}, at most {args.rate:g} chat/embedding request(s) a second", flush=True)
    start = time.perf_counter()
    try:
        status = run_main([*args.only, "--out", str(ROOT / "build" / "rehearsal")])
    finally:
        server.shutdown()
        server.server_close()
    print(f"Rehearsal {'passed' if status == 0 else 'FAILED'} in {time.perf_counter() - start:.0f} s", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
