"""Resources layer: Mistral's real tokenizers and the offline embedding model.

Both are loaded once per process, on first use, from files that ship inside
installed wheels, so nothing is downloaded.
"""

from __future__ import annotations

import functools
import logging
import os

import numpy as np

EMBEDDING_DIM = 1024  # the width of mistral-embed's vectors


# --------------------------------------------------------------------------- tokenizers
def _data(name: str) -> str:
    import mistral_common

    return os.path.join(os.path.dirname(mistral_common.__file__), "data", name)


@functools.cache
def tokenizer():
    """The Tekken file mistral-common ships (tekken_240911.json: 131k vocabulary, v3 template), as it is.

    Loaded in serving mode, so encoding a chat request also validates it as mistral-common validates requests for
    serving. It shows the v3 template; a model's own count comes from `tokenizer_for(model)`.
    """
    from mistral_common.protocol.instruct.validator import ValidationMode
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    return MistralTokenizer.from_file(_data("tekken_240911.json"), mode=ValidationMode.serving)


def special_tokens(version: str) -> list[dict]:
    """The control-token table of a Tekken tokenizer of `version`, laid out as mistral-common lays it out.

    mistral-common ships no Tekken file newer than v3; from v11 on it refuses a file without this table. The
    table is built from its own constants: ranks 0-19 are `Tekkenizer.DEPRECATED_SPECIAL_TOKENS` (`[INST]`,
    `[TOOL_CALLS]`, `[SYSTEM_PROMPT]`, ...); from v11, `[ARGS]` and `[CALL_ID]` at ranks 32 and 33; from v13,
    `[THINK]` and `[/THINK]` at 35 and 36 (the layout of mistral-common's own tests); other ranks are its
    `<SPECIAL_n>` fillers. A count needs only which control tokens a template uses: each is one token, whatever
    its rank.
    """
    from mistral_common.tokens.tokenizers.base import SpecialTokens, TokenizerVersion
    from mistral_common.tokens.tokenizers.tekken import SpecialTokenInfo, Tekkenizer

    v = TokenizerVersion(version)
    named = {t["rank"]: t["token_str"] for t in Tekkenizer.DEPRECATED_SPECIAL_TOKENS}
    if v >= TokenizerVersion.v11:
        named |= {32: SpecialTokens.args.value, 33: SpecialTokens.call_id.value}
    if v >= TokenizerVersion.v13:
        named |= {35: SpecialTokens.begin_think.value, 36: SpecialTokens.end_think.value}
    return [SpecialTokenInfo(rank=r, token_str=named.get(r, Tekkenizer.SPECIAL_TOKEN_TEMPLATE.format(id=r)),
                             is_control=True) for r in range(max(named) + 1)]


@functools.cache
def tekken(version: str):
    """A Tekken tokenizer of `version` ("v3", "v7", "v11" or "v13"), in serving mode, from the shipped file.

    Its vocabulary is that of tekken_240911.json; mistral-common's documentation encodes "Hello, how are you?"
    with Mistral Small 3.1's own tekken.json to the same ids (tests/test_tokenizer_map.py checks it).
    """
    import json

    if version == "v3":
        return tokenizer()
    with open(_data("tekken_240911.json"), encoding="utf-8") as f:
        data = json.load(f)
    data["config"]["version"] = version
    data["special_tokens"] = special_tokens(version)
    return _from_json(data)


def _from_json(data: dict):
    """mistral-common's own loader, on a file written to a temporary folder (it reads tokenizers from paths)."""
    import json
    import tempfile

    from mistral_common.protocol.instruct.validator import ValidationMode
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"tekken_{data['config']['version']}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
        return MistralTokenizer.from_file(path, mode=ValidationMode.serving)


@functools.cache
def sentencepiece(version: str):
    """A SentencePiece tokenizer mistral-common ships ("v1", "v2", "v3" or "v7"), in serving mode."""
    from mistral_common.protocol.instruct.validator import ValidationMode
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    files = {"v1": "tokenizer.model.v1", "v2": "mistral_instruct_tokenizer_240216.model.v2",
             "v3": "mistral_instruct_tokenizer_240323.model.v3", "v7": "mistral_instruct_tokenizer_241114.model.v7"}
    return MistralTokenizer.from_file(_data(files[version]), mode=ValidationMode.serving)


def tokenizer_for(model: str):
    """The tokenizer that counts `model`'s tokens, as tokenizer_map.py says (KeyError for an unknown model)."""
    from .tokenizer_map import choice_for

    choice = choice_for(model)
    return tekken(choice.version) if choice.tekken else sentencepiece(choice.version)


def encode_text(text: str, model: str | None = None) -> list[int]:
    """Token ids of plain text, without BOS/EOS: with `model`'s tokenizer, or the shipped Tekken file."""
    mistral = tokenizer_for(model) if model else tokenizer()
    return mistral.instruct_tokenizer.tokenizer.encode(text, bos=False, eos=False)


def decode_tokens(tokens: list[int]) -> str:
    return tokenizer().instruct_tokenizer.tokenizer.decode(tokens)


def count_tokens(text: str, model: str | None = None) -> int:
    return len(encode_text(text, model))


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
