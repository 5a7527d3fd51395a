"""Skill: answer a question from the context given in the prompt, and only from it.

It reads the context (after a "Context:" line, inside a fenced block, or between
dashed rules) and the question ("Question:", else the last line with a question
mark), scores every sentence of the context by embedding similarity to the question
plus the words they share, and answers with the best sentence (and the runner-up
when it is nearly as good and from the same source), quoted as written. When no
sentence is close enough, it says the documents do not contain the answer.
"""

from __future__ import annotations

import re

import numpy as np

from .. import resources
from .conversation import Conversation, Reply
from .prompt import blocks
from .text import sentences, stem, words

TEXT = r"(text|article|paragraph|passage|excerpt|extract|notes?|information)"
INSTRUCTION = re.compile(r"\b(context|documents?|passages?|sources?"  # "answer from the context", "the documents"
                         rf"|{TEXT} (below|above|provided|given)|(following|given|provided|this) {TEXT}"
                         rf"|(based|only) on the {TEXT})\b", re.I)
NOT_FOUND = "I cannot find the answer to this question in the documents provided."
ANSWER_TYPES = [
    (r"\bhow much\b|\b(cost|price|fee|charge)s?\b",
     r"\d[\d.,]*\s*(euros?|€|dollars?|pounds?|cents?|%)|[€$£]\s?\d|\bfree\b"),
    (r"\b(when|what time|how long|how often|which day)\b",
     r"\d{1,2}:\d{2}|\b(days?|weeks?|months?|years?|hours?|minutes?|seconds?|monday|tuesday|wednesday|thursday"
     r"|friday|saturday|sunday|daily|weekly|monthly)\b"),
    (r"\bhow many\b", r"\d"),
]
STOP = set("a an the is are was were be to of in on at for and or but with by it its this that what which who "
           "how when where why do does did can could would should will my your our i you we they me us".split())


def _content(text: str) -> set[str]:
    return {stem(w) for w in words(text) if w not in STOP}


def read_prompt(prompt: str) -> tuple[str, str] | None:
    """(context, question) from a grounded prompt, or None."""
    question = None
    m = re.findall(r"^\s*(?:question|query)\s*:\s*(.+)$", prompt, re.I | re.M)
    if m:
        question = m[-1].strip()
    else:
        asked = [line.strip() for line in prompt.splitlines() if line.strip().endswith("?")]
        question = asked[-1] if asked else None
    if not question:
        return None
    context = None
    dashed = re.search(r"^-{3,}\s*$(.*?)^-{3,}\s*$", prompt, re.M | re.S)
    after = re.search(r"^\s*context\s*:?\s*$(.*?)(?=^\s*(?:question|query)\s*:|\Z)", prompt, re.I | re.M | re.S)
    if dashed:
        context = dashed.group(1)
    elif after:
        context = after.group(1)
    else:
        fenced = [b for b in blocks(prompt) if question not in b]
        context = max(fenced, key=len) if fenced else None
    if not context or len(context.split()) < 8:
        return None
    return context.strip(), question


def sentences_with_sources(context: str) -> list[tuple[str, str, int]]:
    """(sentence, source id, paragraph number); a '[source-id]' opening a paragraph names its source."""
    out = []
    for number, paragraph in enumerate(re.split(r"\n\s*\n", context)):
        source = ""
        m = re.match(r"\s*\[([^\]]+)\]\s*", paragraph)
        if m:
            source, paragraph = m.group(1), paragraph[m.end():]
        out += [(s, source, number) for s in sentences(paragraph)]
    return out


def answer(question: str, context: str) -> str:
    candidates = sentences_with_sources(context)
    if not candidates:
        return NOT_FOUND
    vectors = resources.embed([question] + [s for s, _, _ in candidates])
    similarity = vectors[1:] @ vectors[0]
    asked = _content(question)
    shared = np.array([len(asked & _content(s)) for s, _, _ in candidates], dtype=float)
    for asks, gives in ANSWER_TYPES:  # a question for an amount, a time or a count: sentences that give one
        if re.search(asks, question, re.I):
            shared += np.array([bool(re.search(gives, s, re.I)) for s, _, _ in candidates], dtype=float)
    paragraphs = max(n for _, _, n in candidates) + 1
    earlier = np.array([(paragraphs - n) / paragraphs for _, _, n in candidates])  # retrieval ranks context
    scores = similarity + 0.12 * np.minimum(shared, 4) + 0.08 * earlier
    order = np.argsort(-scores, kind="stable")
    best = int(order[0])
    if similarity[best] < 0.45 and shared[best] < 2:
        return NOT_FOUND
    chosen = [best]
    if len(order) > 1:
        runner = int(order[1])
        if scores[runner] >= scores[best] - 0.05 and candidates[runner][1] == candidates[best][1]:
            chosen.append(runner)
    text = " ".join(candidates[i][0] for i in sorted(chosen))
    source = candidates[best][1]
    return f"{text} (Source: {source})" if source else text


class Grounded:
    name = "grounded"
    summary = "answer a question from the context you give, and say when the context has no answer"

    def applies(self, conv: Conversation) -> bool:
        prompt = conv.last_user
        return bool(INSTRUCTION.search(prompt)) and read_prompt(prompt) is not None

    def reply(self, conv: Conversation) -> Reply:
        context, question = read_prompt(conv.last_user)
        return Reply(content=answer(question, context), skill=self.name)
