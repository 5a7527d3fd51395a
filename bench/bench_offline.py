"""Benchmark of the offline backend on this machine: prints figures, asserts nothing.

    make bench

Targets (issue #2): chat p50 <= 5 ms; embedding 1,000 chunks of ~500 characters <= 1 s.
Every request goes through the real SDK and the in-process transport, so the
figures include request building, validation, JSON and response parsing.
"""

from __future__ import annotations

import statistics
import time

from mistral_course.backend import course_api
from mistral_course.offline import offline_client, resources

MODEL = "mistral-small-latest"
SENTENCES = [
    "Your new card is posted within three working days of your order.",
    "You can change your PIN at any of our cash machines or in the app.",
    "Transfers in euros are free; other currencies carry a small exchange fee.",
    "If a payment looks wrong, open a dispute from the transaction's page.",
    "We support customers living in most countries of the European Economic Area.",
    "A transfer can be cancelled while it is still pending, but not after it has been sent.",
]


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def chunks(n: int, size: int = 500) -> list[str]:
    text, out, i = " ".join(SENTENCES), [], 0
    while len(out) < n:
        rotated = " ".join(SENTENCES[i % len(SENTENCES):] + SENTENCES[: i % len(SENTENCES)])
        out.append((rotated + " " + text)[:size])
        i += 1
    return out


def main() -> None:
    client = offline_client(course_api())
    messages = [{"role": "user", "content": "Hello! What can you do for me?"}]
    client.chat.complete(model=MODEL, messages=messages)  # load the tokenizer once
    resources.embed(["warm up"])

    rows = []
    chat = timed(lambda: client.chat.complete(model=MODEL, messages=messages), 200)
    rows.append(("chat.complete", *percentiles(chat), "p50 <= 5 ms"))
    stream = timed(lambda: list(client.chat.stream(model=MODEL, messages=messages)), 100)
    rows.append(("chat.stream (whole answer)", *percentiles(stream), ""))

    texts = chunks(1000)
    sdk = timed(lambda: client.embeddings.create(model="mistral-embed", inputs=texts), 5)
    engine = timed(lambda: resources.embed(texts), 5)

    print(f"{'offline backend':34s} {'p50 ms':>8s} {'p95 ms':>8s}  target")
    for name, p50, p95, target in rows:
        print(f"{name:34s} {p50:8.2f} {p95:8.2f}  {target}")
    print()
    print(f"embed 1,000 chunks of {len(texts[0])} chars")
    print(f"  {'through the SDK (JSON both ways)':32s} {statistics.median(sdk):8.1f} ms  target <= 1000 ms")
    print(f"  {'embedding model alone':32s} {statistics.median(engine):8.1f} ms")


if __name__ == "__main__":
    main()
