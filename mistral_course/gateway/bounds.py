"""The most a request can cost, in tokens, known before it is sent: what the gateway reserves.

Mistral's tokenizers never make more tokens than a text has UTF-8 bytes (byte-level BPE, or
SentencePiece with byte fallback), so a message's bytes in JSON, which also covers its role, quotes and
the chat template's few control tokens, bound its prompt tokens. An image counts as at most IMAGE_TOKENS
(a 1024 x 1024 picture in 16-pixel patches, with its row breaks). The answer is bounded by `max_tokens`,
which the gateway sets when the learner did not.
"""

from __future__ import annotations

import json

IMAGE_TOKENS = 4_200
PER_MESSAGE = 8  # control tokens around a message beyond its JSON punctuation
PER_REQUEST = 16  # BOS and the template's opening tokens


def _bytes(value) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))


def _images(value) -> int:
    if isinstance(value, dict):
        own = 1 if value.get("type") == "image_url" else 0
        return own + sum(_images(v) for v in value.values())
    if isinstance(value, list):
        return sum(_images(v) for v in value)
    return 0


def chat_prompt(body: dict) -> int:
    messages = body.get("messages") or []
    extra = [body.get(key) for key in ("tools", "response_format", "prediction") if body.get(key)]
    count = len(messages) if isinstance(messages, list) else 1
    return (_bytes(messages) + sum(_bytes(e) for e in extra) + PER_MESSAGE * count + PER_REQUEST
            + IMAGE_TOKENS * _images(messages))


def embeddings_prompt(body: dict) -> int:
    inputs = body.get("input", body.get("inputs"))
    inputs = [inputs] if isinstance(inputs, str) else inputs if isinstance(inputs, list) else []
    return sum(_bytes(text) + PER_MESSAGE for text in inputs) + PER_REQUEST
