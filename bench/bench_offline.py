"""Benchmark of the offline backend on this machine: prints figures, asserts nothing.

    make bench

Targets (issue #2): chat p50 <= 5 ms; embedding 1,000 chunks of ~500 characters <= 1 s.
Each figure is given twice: for the backend alone (request bytes in, response
bytes out: validation, tokenizer, engine, JSON) and through the real SDK, whose
own request building and response parsing cost several milliseconds a call.
"""

from __future__ import annotations

import json

from mistral_course.backend import course_api
from mistral_course.offline import WireRequest, offline_client, resources
from timing import p50_p95, samples_ms

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
    batches = [texts[i:i + 100] for i in range(0, len(texts), 100)]  # the API takes at most 16,384 tokens a request
    embed_bodies = [json.dumps({"model": "mistral-embed", "input": batch}).encode() for batch in batches]

    def wire(payload, path="/v1/chat/completions"):
        return lambda: api.handle(WireRequest("POST", path, "", HEADERS, payload))

    wire(body)(), resources.embed(["warm up"])  # load the tokenizer and the embedding model once

    def row(label: str, fn, repeats: int, note: str = "") -> None:
        p50, p95 = p50_p95(samples_ms(fn, repeats))
        print(f"{label:40s} {p50:9.2f} {p95:9.2f}   {note}".rstrip())

    print(f"{'offline backend, this machine':40s} {'p50 ms':>9s} {'p95 ms':>9s}")
    row("chat, backend alone", wire(body), 300, "target p50 <= 5 ms")
    row("chat, through the SDK", lambda: client.chat.complete(model=MODEL, messages=messages), 200)
    row("streamed chat, backend alone", wire(stream_body), 200)
    row("streamed chat, through the SDK", lambda: list(client.chat.stream(model=MODEL, messages=messages)), 100)
    row("embed 1,000 x 500 chars, backend alone", lambda: [wire(b, "/v1/embeddings")() for b in embed_bodies], 5,
        "target <= 1000 ms; 10 requests of 100")
    row("embed 1,000 x 500 chars, through the SDK",
        lambda: [client.embeddings.create(model="mistral-embed", inputs=batch) for batch in batches], 5)

if __name__ == "__main__":
    main()
