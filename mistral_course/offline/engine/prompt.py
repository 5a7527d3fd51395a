"""Reading a prompt's structure: delimited blocks, short-line lists, "Key: value" lines.

These helpers look at the *shape* of a prompt (delimiters, lists, key
prefixes), never at the course's own wording, so a learner can rephrase
freely.
"""

from __future__ import annotations

import re

# Opening and closing delimiters people use to fence off the text a task is about.
FENCES = [r"<<<(.*?)>>>", r"```(?:[a-z]+\n)?(.*?)```", r'"""(.*?)"""', r"###+(.*?)###+", r"<([a-z_]+)>(.*?)</\1>"]
_KEY = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,24}?)\s*:\s*(.*)$")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)]|[a-z][.)])\s+")


def blocks(text: str) -> list[str]:
    """Contents of fenced blocks (<<< >>>, ``` ```, \"\"\" \"\"\", ### ###, <tag></tag>), in order of appearance."""
    found = []
    for fence in FENCES:
        for m in re.finditer(fence, text, flags=re.S | re.I):
            inner = m.group(m.lastindex).strip()
            if inner:
                found.append((m.start(), inner))
    return [inner for _, inner in sorted(found)]


def strip_key(line: str) -> str:
    """'Inquiry: my card...' -> 'my card...'; a line without a short key prefix is returned as is."""
    m = _KEY.match(line)
    return m.group(2).strip() if m and m.group(2).strip() else line.strip()


def key_of(line: str) -> str | None:
    m = _KEY.match(line)
    return m.group(1).strip().lower() if m else None


def value_of(line: str) -> str:
    """The value of a 'Key: value' line ('' when there is no key or no value)."""
    m = _KEY.match(line)
    return m.group(2).strip() if m else ""


def unquote(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] in "\"'`“‘«" and text[-1] in "\"'`”’»":
        text = text[1:-1].strip()
    return text


def unbullet(line: str) -> str:
    return _BULLET.sub("", line, count=1).strip()


def is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def is_short_item(line: str, max_words: int = 6) -> bool:
    """A line that reads like a list entry (a label or a name), not a sentence."""
    item = unbullet(line)
    if not item or len(item.split()) > max_words:
        return False
    return not re.search(r"[.?!:]$", item) or is_bullet(line)
