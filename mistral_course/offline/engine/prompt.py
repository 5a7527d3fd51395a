"""Reading a prompt's structure: delimited blocks, short-line lists, "Key: value" lines.

These helpers look at the *shape* of a prompt (delimiters, lists, key
prefixes), never at the course's own wording, so a learner can rephrase
freely.
"""

from __future__ import annotations

import re

# Opening and closing delimiters people use to fence off the text a task is about.
FENCES = [("<<<", ">>>"), ("```", "```"), ('"""', '"""'), ("###", "###"), ("---", "---")]
_KEY = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]{0,24}?(?:[ \t]*#?\d{1,4})?)\s*:\s*(.*)$")  # "Ticket 2: ..." too
_BULLET = re.compile(r"^[ \t]*(?:[-*•–]|\d+[.)]|[a-z][.)])\s+")


LINE_ONLY = {"###", "---"}  # '### Title' is a Markdown heading and '---' a rule unless they stand on a line alone


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands on a line of its own, but for more of the same character around it."""
    before = text.rfind("\n", max(0, start - 200), start)
    if before == -1 and start > 200:
        return False
    after = text.find("\n", end, end + 200)
    after = len(text) if after == -1 and len(text) - end <= 200 else after
    return after != -1 and not text[before + 1:start].strip(" \t-") and not text[end:after].strip(" \t-")


def _fenced(text: str, opening: str, closing: str) -> list[tuple[int, int, str]]:
    """(start, end, inside) of each opening...closing pair, scanning once from left to right."""
    found, i = [], 0
    while (start := text.find(opening, i)) != -1:
        inner_start = start + len(opening)
        while text.startswith(opening[0], inner_start):  # '####' opens like '###'
            inner_start += 1
        line_end = text.find("\n", inner_start)
        line_end = len(text) if line_end == -1 else line_end
        if opening in LINE_ONLY and text[inner_start:line_end].strip() and closing not in text[inner_start:line_end]:
            i = line_end  # a heading, not a fence
            continue
        if opening == "---" and not (_alone(text, start, inner_start) and not text[inner_start:line_end].strip(" \t-")):
            i = line_end  # '|---|---|' is a table's rule, not a fence: '---' fences stand on a line of their own
            continue
        end = text.find(closing, inner_start)
        while opening == "---" and end != -1 and not _alone(text, end, end + 3):
            end = text.find(closing, text.find("\n", end) if text.find("\n", end) != -1 else len(text))
        if end == -1:
            break  # no closing after here, so none after any later opening either
        found.append((start, end + len(closing), text[inner_start:end]))
        i = end + len(closing)
        while text.startswith(closing[0], i):
            i += 1
    return found


def fenced_spans(text: str) -> list[tuple[int, int, str]]:
    """Every fenced block as (start, end, inside), in order; linear in the text's length."""
    found = []
    for opening, closing in FENCES:
        found += _fenced(text, opening, closing)
    since = 0
    for m in re.finditer(r"</([A-Za-z_][\w-]{0,30})>", text):  # each closing tag with the nearest opening before it
        opening = text.rfind(f"<{m.group(1)}>", since, m.start())
        if opening != -1:
            found.append((opening, m.end(), text[opening + len(m.group(1)) + 2:m.start()]))
        since = m.end()
    spans = []
    for start, end, inner in sorted(found):
        if inner.strip() and not (spans and start < spans[-1][1]):  # nested or overlapping: the outer one wins
            if opening_language := re.match(r"[a-z]+\n", inner):  # ```json\n...```
                inner = inner[opening_language.end():]
            spans.append((start, end, inner))
    return spans


def blocks(text: str) -> list[str]:
    """Contents of fenced blocks (<<< >>>, ``` ```, \"\"\" \"\"\", ### ###, --- ---, <tag></tag>), in order."""
    return [inner.strip() for _, _, inner in fenced_spans(text) if inner.strip()]


def outside_blocks(text: str) -> str:
    """The text with its fenced blocks left out: the learner's own instruction."""
    out, i = [], 0
    for start, end, _ in fenced_spans(text):
        out.append(text[i:start])
        i = end
    out.append(text[i:])
    return " ".join(out)


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


_QUOTED_PARAGRAPH = re.compile(r"[\"“](.+)[\"”]", re.S)


def quoted_paragraphs(text: str, min_words: int = 12) -> list[str]:
    """The paragraphs that stand wholly inside double quotes, quotes taken off: a letter or a notice pasted
    under the learner's own words ('I copied this from your website:' and then "Rental conditions: ...")."""
    found = []
    for paragraph in re.split(r"\n[ \t]*\n", text):
        m = _QUOTED_PARAGRAPH.fullmatch(paragraph.strip())
        if m and len(m.group(1).split()) >= min_words and not re.search(r"[\"“”]", m.group(1)):
            found.append(m.group(1))
    return found

