"""Small text helpers that several skills share."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zà-ÿ0-9']+")


def words(text: str) -> list[str]:
    """Lower-case words, accents kept, punctuation dropped."""
    return _WORD.findall(text.lower())


def first_words(text: str, n: int) -> list[str]:
    return words(text)[:n]


def stem(word: str) -> str:
    """A crude stem, so 'payments' meets 'payment' and 'delivered' meets 'deliver'."""
    return re.sub(r"(ing|ed|es|s)$", "", word) if len(word) > 4 else word


def sentences(text: str, min_words: int = 4) -> list[str]:
    """The sentences of a text (Markdown emphasis marks dropped), leaving out fragments under min_words."""
    flat = re.sub(r"\s+", " ", re.sub(r"[*_]{2,}", "", text)).strip()
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])", flat) if len(s.split()) >= min_words]
