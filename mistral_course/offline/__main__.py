"""python -m mistral_course.offline serve [--port 8000]"""

from __future__ import annotations

import argparse

from mistral_course.backend import course_api
from mistral_course.offline.server import make_server


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.offline",
                                     description="Serve the course's offline Mistral API on this machine.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="answer HTTP requests on 127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)

    server = make_server(course_api(), "127.0.0.1", args.port)
    print(f"Offline Mistral API on http://127.0.0.1:{server.server_address[1]} (Ctrl-C to stop). "
          f"Any bearer token is accepted; no request leaves this machine.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
