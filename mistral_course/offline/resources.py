"""Resources layer: the real tokenizer and the offline embedding model.

Both are loaded once per process, on first use, from files that ship inside
installed wheels, so nothing is downloaded.
"""

from __future__ import annotations

import functools
import logging
import os

import numpy as np

EMBEDDING_DIM = 1024  # the width of mistral-embed's vectors


# --------------------------------------------------------------------------- tokenizer
@functools.cache
def tokenizer():
    """Mistral's Tekken tokenizer (131k vocabulary), as used by today's hosted models.

    It is loaded in serving mode, so encoding a chat request also validates it
    exactly as mistral-common validates requests for serving.
    """
    import mistral_common
    from mistral_common.protocol.instruct.validator import ValidationMode
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    path = os.path.join(os.path.dirname(mistral_common.__file__), "data", "tekken_240911.json")
    return MistralTokenizer.from_file(path, mode=ValidationMode.serving)


def encode_text(text: str) -> list[int]:
    """Token ids of plain text, without BOS/EOS."""
    return tokenizer().instruct_tokenizer.tokenizer.encode(text, bos=False, eos=False)


def decode_tokens(tokens: list[int]) -> str:
    return tokenizer().instruct_tokenizer.tokenizer.decode(tokens)


def count_tokens(text: str) -> int:
    return len(encode_text(text))


# --------------------------------------------------------------------------- embeddings
@functools.cache
def _wordllama():
    # Importing wordllama calls logging.basicConfig(level=INFO), which would make
    # every library print its INFO logs; put the root logger back as it was.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    import wordllama
    from wordllama import WordLlama

    root.handlers[:] = handlers
    root.setLevel(level)

    # WordLlama's own path lookup misses the tokenizer bundled in its wheel,
    # so point it at the package folder and forbid any download.
    folder = os.path.dirname(wordllama.__file__)
    return WordLlama.load(cache_dir=folder, disable_download=True)


@functools.cache
def _lift(dims: int = EMBEDDING_DIM) -> np.ndarray:
    """A fixed dims x 256 matrix, seeded by its width, with orthonormal columns when dims >= 256.

    Multiplying a 256-d vector by it gives a dims-d vector with the same length, and any two lifted vectors keep
    their dot product, so cosine similarities are exactly those of the 256-d model while every coordinate is
    used. Narrower than 256 (codestral-embed allows it), it projects onto orthonormal rows instead, and cosine
    similarities are only approximately kept.
    """
    rng = np.random.default_rng(dims)
    if dims >= 256:
        q, _ = np.linalg.qr(rng.standard_normal((dims, 256)))
        return q.astype(np.float32)
    q, _ = np.linalg.qr(rng.standard_normal((256, dims)))
    return q.T.astype(np.float32)


def embed(texts: list[str], dims: int = EMBEDDING_DIM) -> np.ndarray:
    """Unit-length float32 embeddings (1024-d, mistral-embed's width, unless asked otherwise), one row per text."""
    small = np.asarray(_wordllama().embed(list(texts), norm=False), dtype=np.float32)
    norms = np.linalg.norm(small, axis=1, keepdims=True)
    # A text with no known words has a zero vector; give it a fixed direction.
    small = np.where(norms > 0, small / np.maximum(norms, 1e-12), np.eye(1, 256, dtype=np.float32))
    out = small @ _lift(dims).T
    if dims < 256:  # a projection shortens vectors: make them unit length again
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out
