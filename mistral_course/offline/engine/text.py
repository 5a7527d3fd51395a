"""Small text helpers that several skills share."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zà-ÿ0-9']+")


def words(text: str) -> list[str]:
    """Lower-case words, accents kept, punctuation dropped."""
    return _WORD.findall(text.lower())


def first_words(text: str, n: int) -> list[str]:
    return words(text)[:n]
