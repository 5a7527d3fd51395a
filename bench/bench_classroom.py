"""Load benchmark of the classroom's key gateway: prints figures, asserts nothing.

    make bench                      # or: python bench/bench_classroom.py [--seconds 30] [--learners 30]

It starts a real classroom on loopback (the served offline API standing in for Mistral's, JupyterHub with its
proxy and the gateway: tests/classroom/harness.py), makes --learners learners each with their own token, and
runs them all at once for --seconds, each sending chat, streamed chat and embeddings in turn (a ~250-token
prompt; each sends its next request when the last is answered). Twice: straight to the offline API (no
gateway), then through the gateway, so the difference is what the gateway costs; and first the same for
10 s of `GET /v1/models` alone, which needs no model work, so that what remains is the gateway's own cost
(the token check with the hub, the accounts, one more hop). Then it compares each learner's count in the
gateway with the sum of the `usage` that learner received.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "classroom"))

import httpx2  # noqa: E402
from harness import Classroom, drive, summary, warm_up  # noqa: E402


def row(label: str, figures: dict) -> str:
    statuses = ", ".join(f"{n}x{status}" for status, n in sorted(figures["statuses"].items()))
    return (f"{label:<30} {figures['answered_per_second']:>7.1f}/s {figures['p50_ms']:>7} ms "
            f"{figures['p99_ms']:>7} ms   {statuses}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--learners", type=int, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-classroom-"))
    names = [f"learner{n:02d}" for n in range(1, args.learners + 1)]
    room = Classroom(folder, ["instructor"], budget=10**9, rate=10**6).start()
    try:
        room.create_learners(names + ["warmer"])
        tokens = {name: room.token_for(name) for name in names}
        warm_up(room.gateway_url, room.token_for("warmer"))
        upstream = room.upstream_url  # the link the gateway forwards through, so both runs pay for it
        print(f"{args.learners} learners for {args.seconds:.0f} s each run (chat, stream, embeddings in turn)")
        print(f"{'':<30} {'answered':>9} {'p50':>10} {'p99':>10}")
        short = min(10.0, args.seconds)
        for label, url in (("models list, no gateway", upstream), ("models list, through gateway", room.gateway_url)):
            print(row(label, summary(asyncio.run(drive(url, tokens, short, kinds=("models",))), short)))
        direct = summary(asyncio.run(drive(upstream, tokens, args.seconds)), args.seconds)
        print(row("lessons' mix, no gateway", direct))
        records = asyncio.run(drive(room.gateway_url, tokens, args.seconds))
        through = summary(records, args.seconds)
        print(row("lessons' mix, through gateway", through))
        exact = sum(
            httpx2.get(f"{room.gateway_url}/usage", headers={"Authorization": f"Bearer {tokens[name]}"}).json()[
                "tokens"] == record["tokens"] for name, record in records.items())
        print(f"learners whose count in the gateway equals the usage they received: {exact}/{len(records)} "
              f"({through['tokens']:,} tokens in all)")
    finally:
        room.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
