"""Benchmark of the offline backend on this machine: prints figures, asserts nothing.

    make bench

Targets (issue #2): chat p50 <= 5 ms; embedding 1,000 chunks of ~500 characters <= 1 s.
Each figure is given twice: for the backend alone (request bytes in, response
bytes out: validation, tokenizer, engine, JSON) and through the real SDK, whose
own request building and response parsing cost several milliseconds a call.
"""

from __future__ import annotations

import json
import statistics
import time

from mistral_course.backend import course_api
from mistral_course.offline import WireRequest, offline_client, resources

MODEL = "mistral-small-latest"
SENTENCES = [
    "Your new card is posted within three working days of your order.",
    "You can change your PIN at any of our cash machines or in the app.",
    "Transfers in euros are free; other currencies carry a small exchange fee.",
    "If a payment looks wrong, open a dispute from the transaction's page.",
    "We support customers living in most countries of the European Economic Area.",
    "A transfer can be cancelled while it is still pending, but not after it has been sent.",
]
HEADERS = {"authorization": "Bearer offline", "content-type": "application/json"}


def timed(fn, repeats: int) -> list[float]:
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p50_p95(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    return f"{statistics.median(ordered):9.2f} {ordered[int(0.95 * (len(ordered) - 1))]:9.2f}"


def chunks(n: int, size: int = 500) -> list[str]:
    out = []
    for i in range(n):
        k = i % len(SENTENCES)
        out.append(" ".join(SENTENCES[k:] + SENTENCES[:k] + SENTENCES)[:size])
    return out


def main() -> None:
    api = course_api()
    client = offline_client(api)
    messages = [{"role": "user", "content": "Hello! What can you do for me?"}]
    body = json.dumps({"model": MODEL, "messages": messages}).encode()
    stream_body = json.dumps({"model": MODEL, "messages": messages, "stream": True}).encode()
    texts = chunks(1000)
    embed_body = json.dumps({"model": "mistral-embed", "input": texts}).encode()

    def wire(payload, path="/v1/chat/completions"):
        return lambda: api(WireRequest("POST", path, "", HEADERS, payload))

    wire(body)(), resources.embed(["warm up"])  # load the tokenizer and the embedding model once

    print(f"{'offline backend, this machine':40s} {'p50 ms':>9s} {'p95 ms':>9s}")
    print(f"{'chat, backend alone':40s} {p50_p95(timed(wire(body), 300))}   target p50 <= 5 ms")
    print(f"{'chat, through the SDK':40s} {p50_p95(timed(lambda: client.chat.complete(model=MODEL, messages=messages), 200))}")
    print(f"{'streamed chat, backend alone':40s} {p50_p95(timed(wire(stream_body), 200))}")
    print(f"{'streamed chat, through the SDK':40s} "
          f"{p50_p95(timed(lambda: list(client.chat.stream(model=MODEL, messages=messages)), 100))}")
    print(f"{'embed 1,000 x 500 chars, backend alone':40s} "
          f"{p50_p95(timed(wire(embed_body, '/v1/embeddings'), 5))}   target <= 1000 ms")
    print(f"{'embed 1,000 x 500 chars, through the SDK':40s} "
          f"{p50_p95(timed(lambda: client.embeddings.create(model='mistral-embed', inputs=texts), 5))}")


if __name__ == "__main__":
    main()
