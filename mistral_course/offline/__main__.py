"""python -m mistral_course.offline serve [--port 8000] [--host 127.0.0.1] [--token T ... | --tokens N] [--rate R]"""

from __future__ import annotations

import argparse
import os
import secrets
import sys

from mistral_course.backend import course_api
from mistral_course.offline.server import ServeError, is_loopback, make_server


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.offline",
                                     description="Serve the course's offline Mistral API on this machine.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="answer HTTP requests (on 127.0.0.1 unless --host says otherwise)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (127.0.0.1, ::1, 0.0.0.0, ::, or one of this machine's "
                            "addresses); anything but loopback exposes the API to your network and needs tokens")
    serve.add_argument("--token", action="append", default=[],
                       help="a bearer token to accept (repeat it for several); each token has its own files and "
                            "jobs. Default beyond loopback: one token generated and printed "
                            "(or MISTRAL_OFFLINE_TOKEN)")
    serve.add_argument("--tokens", type=int, default=0, metavar="N",
                       help="generate N tokens and print them, one per learner")
    serve.add_argument("--rate", type=float, default=None, metavar="R",
                       help="answer at most R chat/embedding requests a second per token, and 429 with Retry-After "
                            "to the others (1 behaves like a free-tier key); default: no limit")
    args = parser.parse_args(argv)
    if args.rate is not None and args.rate <= 0:
        parser.error("--rate must be a positive number of requests a second")

    tokens = list(args.token) + [secrets.token_urlsafe(18) for _ in range(max(0, args.tokens))]
    loopback = is_loopback(args.host)
    if not tokens and not loopback:
        tokens = [os.environ.get("MISTRAL_OFFLINE_TOKEN", "").strip() or secrets.token_urlsafe(18)]
    # Engine work holds the GIL; a shorter switch interval (5 ms by default) lets quick requests and the event
    # loop take their turn sooner beside a slow request.
    sys.setswitchinterval(0.001)
    try:
        server = make_server(course_api(tokens=tokens or None, rate=args.rate), args.host, args.port)
    except ServeError as exc:
        print(f"Cannot start: {exc}", file=sys.stderr, flush=True)
        return 1

    host, port = server.server_address
    shown = f"[{host}]" if ":" in host else host
    if not loopback:
        print(f"WARNING: listening on {args.host} makes this offline API reachable from other machines on your "
              "network, over plain HTTP (no TLS). Use it only on a classroom network you trust.", flush=True)
    print(f"Offline Mistral API on http://{shown}:{port} (Ctrl-C to stop). "
          "Files, jobs and fine-tuned models live in this process's memory and are gone when it stops; "
          "the API itself never contacts the internet.", flush=True)
    if args.rate:
        print(f"Rate limit: {args.rate:g} chat/embedding request(s) a second per token; faster requests get 429 "
              "with a Retry-After header.", flush=True)
    if tokens:
        print("Accepted tokens (each sees only its own files and jobs; give one to each learner as "
              "MISTRAL_API_KEY):", flush=True)
        for token in tokens:
            print(f"  {token}", flush=True)
    else:
        print("On loopback any bearer token is accepted; each token sees only its own files and jobs.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
