"""Skill: classify a text into one of the labels the prompt lists.

How it reads any classification prompt:
1. labels: the run of short lines (or bullets) after a line that mentions
   categories/labels/classes/intents/options, or an inline list after a colon;
   a fallback label introduced by "otherwise", "doesn't fit", "none of" ... ;
2. few-shot examples: a line whose value is exactly a label, paired with the
   text on the line before it (or before an arrow on the same line);
3. the item: the last fenced block (<<< >>>, ###, ```, <tag>) that is not an
   example, else the last "Key: value" line, else the last line.
It then scores each label by embedding similarity between the item and the
label's name and description, and between the item and the label's examples,
plus a bonus for shared words; the fallback wins when nothing scores well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from .. import resources
from .conversation import Conversation, Reply
from .prompt import blocks, is_short_item, key_of, lines, strip_key, unbullet, unquote, value_of
from .text import words

CUE = re.compile(r"\b(categor\w*|classif\w*|label\w*|intents?|one of)\b", re.I)
FALLBACK_CUE = re.compile(r"(otherwise|does ?n[o']t fit|do not fit|doesn't match|none of|no category|fallback|default)", re.I)
STOPWORDS = set("a an the i my me to of for and or is it in on at do does can how what when why with be this that "
                "you your we our was were are am have has not no please will would could should from by as".split())


@dataclass
class Task:
    labels: list[str]
    descriptions: dict[str, str] = field(default_factory=dict)
    fallback: str | None = None
    examples: dict[str, list[str]] = field(default_factory=dict)
    item: str = ""


def _label_and_description(line: str) -> tuple[str, str]:
    item = unbullet(line)
    for sep in (":", " - ", " – ", " (", " = "):
        if sep in item:
            head, tail = item.split(sep, 1)
            return unquote(head).rstrip("."), tail.strip(" )")
    return unquote(item).rstrip("."), ""


def _is_label_line(row: str) -> bool:
    """A list entry: a short label, alone or followed by ': description'."""
    if not row.strip() or FALLBACK_CUE.search(row):
        return False
    label, description = _label_and_description(row)
    return is_short_item(label) and (bool(description) or is_short_item(row))


def read_task(text: str) -> Task | None:
    rows = lines(text)
    task = Task(labels=[])
    label_rows: set[int] = set()
    for i, row in enumerate(rows):
        fallback_at = FALLBACK_CUE.search(row)
        head = row[: fallback_at.start()] if fallback_at else row  # "... one of: a, b, c. Otherwise answer d."
        if task.labels or not CUE.search(head):
            continue
        inline = re.split(r"(?<=\w)\.(?:\s|$)", head.split(":", 1)[1])[0] if ":" in head else ""
        parts = [unquote(p).rstrip(".") for p in re.split(r",|\bor\b|\||/", inline) if p.strip()]
        if len(parts) >= 2 and all(0 < len(p.split()) <= 5 for p in parts):
            task.labels = parts
            continue
        j = i + 1
        while j < len(rows) and not rows[j].strip():
            j += 1
        while j < len(rows) and _is_label_line(rows[j]):
            label, description = _label_and_description(rows[j])
            task.labels.append(label)
            if description:
                task.descriptions[label] = description
            label_rows.add(j)
            j += 1
        if len(task.labels) < 2:
            task.labels, task.descriptions, label_rows = [], {}, set()
    if len(task.labels) < 2:
        return None

    for i, row in enumerate(rows):  # a fallback label: quoted on the cue line, or alone on the next line
        if not FALLBACK_CUE.search(row):
            continue
        quoted = re.findall(r"[\"'“`]([^\"'”`]{2,40})[\"'”`]", row)
        after = row.rstrip().endswith(":") and i + 1 < len(rows) and is_short_item(rows[i + 1])
        plain = re.search(r"\b(?:answer|say|reply|use|choose|return|classify it as|label it)\s+([a-z][a-z ]{1,30}?)\s*(?:\.|$)",
                          row[FALLBACK_CUE.search(row).start():])
        candidate = (quoted[-1] if quoted else unquote(unbullet(rows[i + 1])) if after
                     else plain.group(1) if plain else None)
        if candidate:
            task.fallback = candidate
            label_rows.add(i + 1)
            if candidate.lower() not in [l.lower() for l in task.labels]:
                task.labels.append(candidate)
            break

    by_lower = {l.lower(): l for l in task.labels}
    example_rows = set()
    for i, row in enumerate(rows):
        if i in label_rows:
            continue
        arrow = re.match(r"^(.*\S)\s*(?:->|=>|→)\s*(.+)$", row)
        value = unquote(strip_key(arrow.group(2) if arrow else row)).rstrip(".").lower()
        if value not in by_lower:
            continue
        if arrow:
            text_of = unquote(strip_key(arrow.group(1)))
        else:
            k = i - 1
            while k >= 0 and not rows[k].strip():
                k -= 1
            if k < 0 or k in label_rows or key_of(rows[k]) is None and is_short_item(rows[k]):
                continue
            text_of = unquote(strip_key(rows[k]))
            example_rows.add(k)
        example_rows.add(i)
        if text_of:
            task.examples.setdefault(by_lower[value], []).append(text_of)

    fenced = [b for b in blocks(text) if not any(ex in b for exs in task.examples.values() for ex in exs)]
    if fenced:
        task.item = unquote(strip_key(fenced[-1].strip().splitlines()[-1] if len(fenced[-1].splitlines()) == 1
                                      else fenced[-1]))
        if "\n" in task.item:
            task.item = " ".join(strip_key(r) for r in task.item.splitlines() if r.strip())
    else:
        keyed = [r for k, r in enumerate(rows) if value_of(r) and k not in example_rows and k not in label_rows
                 and not CUE.search(r)]
        rest = [r for k, r in enumerate(rows) if r.strip() and k not in example_rows and k not in label_rows]
        task.item = unquote(strip_key(keyed[-1] if keyed else rest[-1] if rest else ""))
    return task if task.item else None


def _content_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in words(text) if w not in STOPWORDS and len(w) > 2}


def choose(task: Task, threshold: float = 0.3, overlap_weight: float = 0.1) -> str:
    """The best label for the task's item."""
    names = task.labels
    label_texts = [f"{l} {task.descriptions.get(l, '')}".strip() for l in names]
    example_texts = [e for l in names for e in task.examples.get(l, [])]
    vectors = resources.embed([task.item, *label_texts, *example_texts])
    item, rest = vectors[0], vectors[1:]
    label_sims = rest[: len(names)] @ item
    example_sims = rest[len(names):] @ item
    item_words = _content_words(task.item)
    scores = {}
    k = 0
    for i, label in enumerate(names):
        n = len(task.examples.get(label, []))
        best_example = float(np.max(example_sims[k:k + n])) if n else -1.0
        k += n
        label_words = _content_words(" ".join([label_texts[i], *task.examples.get(label, [])]))
        overlap = len(item_words & label_words)
        scores[label] = max(float(label_sims[i]), best_example) + overlap_weight * min(overlap, 2)
    if task.fallback:
        others = [s for l, s in scores.items() if l != task.fallback]
        if others and max(others) < threshold:
            return task.fallback
    return max(names, key=lambda l: (scores[l], -names.index(l)))


class Classify:
    name = "classify"
    summary = "classify text into the categories your prompt lists"

    def applies(self, conv: Conversation) -> bool:
        return not conv.tools and read_task(self._prompt(conv)) is not None

    @staticmethod
    def _prompt(conv: Conversation) -> str:
        return conv.system + "\n\n" + conv.last_user if conv.system else conv.last_user

    def reply(self, conv: Conversation) -> Reply:
        task = read_task(self._prompt(conv))
        add_turn_examples(task, conv)
        return Reply(content=choose(task), skill=self.name)


def add_turn_examples(task: Task, conv: Conversation) -> None:
    """Few-shot examples given as turns: a user message, then an assistant answer that is a label."""
    by_lower = {l.lower(): l for l in task.labels}
    turns = conv.turns
    for before, after in zip(turns, turns[1:]):
        label = by_lower.get(after.text.strip().rstrip(".").lower())
        if before.role == "user" and after.role == "assistant" and label:
            task.examples.setdefault(label, []).append(unquote(strip_key(before.text)))
