"""Skill: summarise a text, ask and answer questions about it, and write a Markdown report.

Everything is extractive: the summary is made of the text's most central
sentences (closest to the mean of all sentence embeddings), kept in their
order; each question is a fill-in-the-blank built from an informative
sentence, whose answer (a number with its unit, or a name) is the blanked
phrase, enclosed in <> when the prompt asks for it. Nothing is said that the
text does not say.
"""

from __future__ import annotations

import re

import numpy as np

from .. import resources
from .conversation import Conversation, Reply
from .prompt import blocks
from .text import sentences

# "questions" asks for questions; a "Question:" label only asks one, which is another skill's job
ASKS = re.compile(r"\b(summar\w*|tl;?dr|key points|main points|report|questions?\b(?!\s*:))", re.I)
COUNTS = {"one": 1, "a single": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
ANSWER_SPAN = re.compile(r"(?:[$€£]\s?)?\d+(?:[.,]\d+)?(?:\s?%|\s(?:percent(?:age points?)?|per cent|million|billion|"
                         r"thousand|points?|years?|months?|days?|[a-z]+s))?|(?<!^)(?<![.!?] )\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def source_text(prompt: str) -> str:
    """The passage to work on: the fenced block (else the heading section) with the most sentences."""
    sections = blocks(prompt) or re.split(r"^\s*#+[^\n]*$|^\s*[A-Z][A-Za-z ]{0,30}:\s*$", prompt, flags=re.M)
    sections = [s for s in sections if s and s.strip()]
    text = max(sections, key=lambda s: (len(sentences(s)), len(s)), default="")
    asked_inline = re.match(r"\s*[^:\n]{0,150}:[ \t]+(?=\S)", text)  # "Summarise this: The river ..."
    return text[asked_inline.end():] if asked_inline and ASKS.search(asked_inline.group()) else text


def _wanted(prompt: str, noun: str, default: int) -> int:
    m = re.search(r"\b(\d+|" + "|".join(COUNTS) + r")\b[^.\n]{0,40}?" + noun, prompt, re.I)
    if not m:
        return default
    word = m.group(1).lower()
    return int(word) if word.isdigit() else COUNTS[word]


def central(items: list[str], k: int) -> list[str]:
    """The k most central sentences, in their original order."""
    if len(items) <= k:
        return items
    vectors = resources.embed(items)
    centroid = vectors.mean(axis=0)
    order = np.argsort(-(vectors @ centroid), kind="stable")[:k]
    return [items[i] for i in sorted(order)]


def questions(items: list[str], n: int, enclose: bool) -> list[tuple[str, str]]:
    out = []
    for sentence in central(items, len(items)):
        if len(out) == n:
            break
        spans = [m for m in ANSWER_SPAN.finditer(sentence) if m.group().strip()]
        if not spans:
            continue
        span = max(spans, key=lambda m: (any(c.isdigit() for c in m.group()), len(m.group())))
        blanked = sentence[: span.start()] + "____" + sentence[span.end():]
        answer = span.group().strip()
        out.append((f"Fill in the blank, from the text: “{blanked}”", f"<{answer}>" if enclose else answer))
    return out


class Summarize:
    name = "summarize"
    summary = "summarise a text, ask and answer questions about it, and write a Markdown report"

    def applies(self, conv: Conversation) -> bool:
        return bool(ASKS.search(conv.last_user)) and len(sentences(source_text(conv.last_user))) >= 2

    def reply(self, conv: Conversation) -> Reply:
        prompt = conv.last_user
        items = sentences(source_text(prompt))
        instructions = prompt.replace(source_text(prompt), " ")
        summary = central(items, _wanted(instructions, "sentence", min(3, len(items))))
        wants_questions = re.search(r"\bquestions?\b", instructions, re.I)
        qa = questions(items, _wanted(instructions, "question", 3), "<>" in instructions) if wants_questions else []
        if re.search(r"\b(report|markdown)\b", instructions, re.I):
            parts = ["# Report", "", "## Summary", "", " ".join(summary), "", "## Key points", ""]
            parts += [f"- {s}" for s in central(items, min(5, len(items)))]
            if qa:
                parts += ["", "## Questions and answers", ""]
                parts += [f"{i}. **Q:** {q}  \n   **A:** {a}" for i, (q, a) in enumerate(qa, 1)]
            return Reply(content="\n".join(parts), skill=self.name)
        text = " ".join(summary)
        if qa:
            text += "\n\n" + "\n\n".join(f"Q: {q}\nA: {a}" for q, a in qa)
        return Reply(content=text, skill=self.name)
