"""`text_of`: the text of an answer, whatever form it takes.

A message's `content` is a string from most models, but a list of chunks from a reasoning model (a `thinking`
chunk, then `text` chunks), and None beside tool calls. Every lesson and module reads answers through this one
function, so none of them breaks when a model starts returning chunks.
"""

from __future__ import annotations


def _field(item, name):
    return item.get(name) if isinstance(item, dict) else getattr(item, name, None)


def text_of(answer) -> str:
    """The answer's text, without any thinking: from a response (its first choice), a choice, a message, a stream
    delta, a `content` (a string, None, or a list of chunks as objects or dicts), or a plain string."""
    if answer is None:
        return ""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, list):  # chunks: only the text ones count
        return "".join(_field(chunk, "text") or "" for chunk in answer if _field(chunk, "type") == "text")
    for inner in ("choices", "message", "delta"):
        value = _field(answer, inner)
        if value is not None:
            return text_of(value[0] if inner == "choices" else value)
    return text_of(_field(answer, "content"))
