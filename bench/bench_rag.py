"""Retrieval timing on this machine, offline: prints figures, asserts nothing.

Target (issue #6): top-5 retrieval p50 <= 5 ms per query. Shown twice: through the SDK
(question embedded by the offline API, then faiss search) and with the embedding model
called directly (what a deployment embedding locally would pay).
"""

from __future__ import annotations

import itertools
import time

from mistral_course.backend import course_api
from mistral_course.offline import offline_client, resources
from mistral_course.rag import build_index, chunk_documents, embed_texts, load_articles, retrieve
from timing import p50_p95, samples_ms

QUESTIONS = ["How long does a card take to arrive?", "Can I change my PIN?", "What fee applies abroad?",
             "How do I cancel a transfer?", "Which countries do you support?"]


def main() -> None:
    client = offline_client(course_api())
    resources.embed(["warm up"])
    embed_texts(client, ["warm up the tokenizer and the SDK"])
    start = time.perf_counter()
    chunks = chunk_documents(load_articles(), size=800, overlap=100)
    index = build_index(embed_texts(client, [c.for_embedding for c in chunks], batch_size=32))
    built = (time.perf_counter() - start) * 1000

    questions = itertools.cycle(QUESTIONS)
    sdk = p50_p95(samples_ms(lambda: retrieve(client, index, chunks, next(questions), k=5), 200))
    local = p50_p95(samples_ms(lambda: index.search(resources.embed([next(questions)]), 5), 200))
    print(f"chunk + embed + index the help centre ({len(chunks)} chunks): {built:8.1f} ms")
    print(f"{'top-5 retrieval, through the SDK':44s} p50 {sdk[0]:6.2f} ms  p95 {sdk[1]:6.2f} ms  (target p50 <= 5 ms)")
    print(f"{'top-5 retrieval, embedding called directly':44s} p50 {local[0]:6.2f} ms  p95 {local[1]:6.2f} ms")


if __name__ == "__main__":
    main()
