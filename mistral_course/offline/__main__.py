"""python -m mistral_course.offline serve [--port 8000] [--host 127.0.0.1]"""

from __future__ import annotations

import argparse

from mistral_course.backend import course_api
from mistral_course.offline.server import make_server


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.offline",
                                     description="Serve the course's offline Mistral API on this machine.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="answer HTTP requests (on 127.0.0.1 unless --host says otherwise)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on; anything but a loopback address exposes the API to your network")
    args = parser.parse_args(argv)

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"WARNING: listening on {args.host} makes this offline API reachable from other machines on your "
              "network, with no real authentication. Use it only on a classroom network you trust.", flush=True)
    server = make_server(course_api(), args.host, args.port)
    print(f"Offline Mistral API on http://{args.host}:{server.server_address[1]} (Ctrl-C to stop). "
          f"Any bearer token is accepted; the API itself never contacts the internet.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
