"""Retrieval-augmented generation from scratch: chunk, embed, index, retrieve, answer with sources.

    chunks = chunk_documents(load_articles(), size=800, overlap=100)
    index = build_index(embed_texts(client, [c.for_embedding for c in chunks]))
    hits = retrieve(client, index, chunks, "How long does a card take?", k=3)
    answer = answer_with_context(client, "How long does a card take?", hits)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .paths import DATA
from .reply_text import text_of

GROUNDED_PROMPT = """Answer the question using only the context below, not prior knowledge.
If the context does not contain the answer, say that you cannot find it in the documents.

Context:
---------------------
{context}
---------------------

Question: {question}
Answer:"""


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    title: str
    text: str
    position: int  # the chunk's number within its document

    @property
    def for_embedding(self) -> str:
        """The text that is embedded: the title gives every chunk its document's topic."""
        return f"{self.title}\n{self.text}"


def load_articles(folder: Path | str = DATA / "help_center") -> list[Document]:
    """Markdown files whose first line is '# Title'; the file name (without .md) is the id."""
    docs = []
    for path in sorted(Path(folder).glob("*.md")):
        lines = path.read_text(encoding="utf-8").strip().splitlines()
        title = lines[0].lstrip("# ").strip()
        docs.append(Document(path.stem, title, "\n".join(lines[1:]).strip()))
    return docs


def document_from_text(name: str, text: str) -> Document:
    """A Document from an uploaded .txt or .md file: the first Markdown heading, if any, is its title."""
    heading = re.search(r"^#+\s*(.+)$", text, re.M)
    if not heading:
        return Document(Path(name).stem, Path(name).stem, text.strip())
    return Document(Path(name).stem, heading.group(1).strip(), (text[:heading.start()] + text[heading.end():]).strip())


# --------------------------------------------------------------------------- chunking
def chunk_text(text: str, size: int = 800, overlap: int = 100) -> list[str]:
    """Fixed-size chunks of about `size` characters, each starting `size - overlap` after the last.

    Cuts are moved back to the nearest space so no word is split.
    """
    if overlap >= size:
        raise ValueError("overlap must be smaller than size")
    text = " ".join(text.split())
    chunks, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text) and " " in text[start:end]:
            end = text.rindex(" ", start, end)
        chunks.append(text[start:end].strip())
        if end == len(text):
            break
        start = max(end - overlap, start + 1)
        while start < len(text) and start > 0 and text[start - 1] != " ":  # start on a word
            start += 1
    return [c for c in chunks if c]


def chunk_by_paragraph(text: str, max_chars: int = 1200) -> list[str]:
    """One chunk per paragraph (blank-line or heading separated), merging short neighbours up to max_chars."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n(?=#)", text) if p.strip()]
    chunks: list[str] = []
    for paragraph in paragraphs:
        if chunks and len(chunks[-1]) + len(paragraph) + 1 <= max_chars:
            chunks[-1] += " " + paragraph
        else:
            chunks.append(paragraph)
    return chunks


def chunk_documents(docs: list[Document], size: int | None = 800, overlap: int = 100) -> list[Chunk]:
    """Chunks of every document; size=None chunks by paragraph."""
    out = []
    for doc in docs:
        pieces = chunk_by_paragraph(doc.text) if size is None else chunk_text(doc.text, size, overlap)
        out += [Chunk(doc.id, doc.title, piece, i) for i, piece in enumerate(pieces)]
    return out


# --------------------------------------------------------------------------- embedding, index, retrieval
def embed_texts(client, texts: list[str], model: str = "mistral-embed", batch_size: int = 64) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text, requested `batch_size` texts at a time."""
    rows = []
    for start in range(0, len(texts), batch_size):
        response = client.embeddings.create(model=model, inputs=texts[start:start + batch_size])
        rows += [item.embedding for item in response.data]
    vectors = np.asarray(rows, dtype=np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def build_index(vectors: np.ndarray):
    """A flat (exact) faiss index on inner product; on unit vectors that is cosine similarity."""
    import faiss

    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def retrieve(client, index, chunks: list[Chunk], question: str, k: int = 3,
             model: str = "mistral-embed") -> list[tuple[Chunk, float]]:
    """The k chunks closest to the question, best first, with their cosine similarity."""
    query = embed_texts(client, [question], model=model)
    scores, ids = index.search(query, k)
    return [(chunks[i], float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]


def grounded_prompt(question: str, hits: list[tuple[Chunk, float]]) -> str:
    """The question, with the retrieved chunks as its only context (each marked with its document's id)."""
    context = "\n\n".join(f"[{chunk.doc_id}] {chunk.text}" for chunk, _ in hits)
    return GROUNDED_PROMPT.format(context=context, question=question)


def answer_with_context(client, question: str, hits: list[tuple[Chunk, float]],
                        model: str = "mistral-small-latest", stream: bool = False):
    """Ask the model to answer from the retrieved chunks only. Returns the text (or the event stream)."""
    messages = [{"role": "user", "content": grounded_prompt(question, hits)}]
    if stream:
        return client.chat.stream(model=model, messages=messages)
    return text_of(client.chat.complete(model=model, messages=messages))


def sources(hits: list[tuple[Chunk, float]]) -> list[str]:
    """The distinct documents behind the retrieved chunks, in order of first appearance."""
    return list(dict.fromkeys(f"{chunk.title} ({chunk.doc_id})" for chunk, _ in hits))


# --------------------------------------------------------------------------- evaluation
def evaluate_retrieval(client, index, chunks: list[Chunk], questions: list[tuple[str, str]],
                       ks: tuple[int, ...] = (1, 3, 5)) -> dict[str, float]:
    """Hit rate@k (the right document among the top k chunks' documents) and MRR over (question, doc id) pairs."""
    depth = max(max(ks), 20)
    vectors = embed_texts(client, [q for q, _ in questions])
    _, ids = index.search(vectors, min(depth, len(chunks)))
    hits = {k: 0 for k in ks}
    reciprocal = 0.0
    for (question, doc_id), row in zip(questions, ids):
        ranked = list(dict.fromkeys(chunks[i].doc_id for i in row if i >= 0))  # documents, best first
        rank = ranked.index(doc_id) + 1 if doc_id in ranked else None
        for k in ks:
            hits[k] += rank is not None and rank <= k
        reciprocal += 1 / rank if rank else 0.0
    n = len(questions)
    return {**{f"hit@{k}": hits[k] / n for k in ks}, "MRR": reciprocal / n}
