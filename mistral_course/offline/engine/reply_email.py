"""Skill: write a reply e-mail to a customer using only a block of facts.

It finds the customer's message (a fenced block, or the lines after a
heading or key such as "Email:"), the sender's name (the line after a
sign-off such as "Regards," or a short last line), the facts (lines that
hold numbers, outside the message), and the signature the prompt asks for
(`Sign the email with "..."`). It quotes the facts whose words best match the
question, adds a one-line comparison when the customer asks to compare two
figures of the same kind, and never states a number that is not in the facts. When no fact
matches the question, the reply says the facts do not cover it.
"""

from __future__ import annotations

import re

from .conversation import Conversation, Reply, Task
from .prompt import blocks, lines
from .skill import SURE, UNSURE
from .text import words

ASKS = re.compile(r"\b(e-?mail|reply|replies|respond|response|write back)\b", re.I)
SIGNOFF = re.compile(r"^(best|kind|warm)?\s*(regards|wishes|thanks|thank you|cheers|sincerely|best|yours)\b.*$", re.I)
SIGN_AS = re.compile(r"sign(?:ed)?(?: off)?(?: the (?:e-?mail|reply|message))?(?: with| as)?\s*[\"“']([^\"”']+)[\"”']", re.I)
NUMBER = re.compile(r"\d+(?:\.\d+)?\s*%?")
STOP = set("the a an is are what how and or of to for your my me i you it its in on at with compared compare".split())


def _message(prompt: str) -> str:
    fenced = blocks(prompt)
    if fenced:
        return fenced[-1]
    rows = lines(prompt)
    for i in range(len(rows) - 1, -1, -1):  # the last heading or key that names the customer's message
        if re.match(r"^\s*(#+\s*)?(customer('s)? )?(e-?mail|message|inquiry|question)\s*:?\s*$", rows[i], re.I):
            return "\n".join(rows[i + 1:]).strip()
    return ""


def _sender(message: str) -> str | None:
    rows = [r.strip() for r in message.splitlines() if r.strip()]
    for i, row in enumerate(rows[:-1]):
        if SIGNOFF.match(row):
            return rows[i + 1].rstrip(".,")
    m = re.search(r"(?:regards|thanks|cheers|best),\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$", message.strip(), re.I)
    if m:
        return m.group(1)
    last = rows[-1] if rows else ""
    return last if 0 < len(last.split()) <= 3 and last[:1].isupper() and not NUMBER.search(last) else None


def _facts(prompt: str, message: str) -> list[str]:
    rest = prompt.replace(message, "")
    return [r.strip(" -*•\t") for r in lines(rest) if NUMBER.search(r) and len(r.split()) <= 30 and ":" in r or
            (NUMBER.search(r) and r.strip().startswith(("-", "*", "•", "|")))]


def _key_terms(text: str) -> set[str]:
    terms = {w for w in words(text) if w not in STOP and len(w) > 1}
    terms |= {m.group().replace(" ", "-") for m in re.finditer(r"\d+[- ]year", text.lower())}
    return terms


def _relevant(facts: list[str], question: str) -> list[str]:
    """The facts whose name (the part before ':') best matches the question; extra name words count against."""
    asked = _key_terms(question)

    def score(fact: str) -> float:
        name = _key_terms(fact.split(":")[0])
        return len(asked & name) - 0.5 * len(name - asked) + 0.1 * len(asked & _key_terms(fact))

    scores = [score(f) for f in facts]
    best = max(scores, default=0)
    if best <= 0 or not asked & set().union(*(_key_terms(f) for f in facts)):
        return []
    return [f for f, s in zip(facts, scores) if s > best - 0.5][:4]


def _comparison(chosen: list[str], question: str) -> str | None:
    if len(chosen) != 2 or not re.search(r"compar|differ|versus|vs\.?|better|lower|higher|cheaper", question, re.I):
        return None
    names = set().union(*(_key_terms(f.split(":")[0]) for f in chosen))
    for term in sorted(_key_terms(question) - names, key=len, reverse=True):  # a measure, not a product name
        values = []
        for fact in chosen:
            m = re.search(re.escape(term) + r"\W{0,3}(?:of |is )?(\d+(?:\.\d+)?)\s*%", fact, re.I)
            if m:
                values.append((fact.split(":")[0].strip(), float(m.group(1))))
        if len(values) == 2:
            (a, x), (b, y) = values
            low, high = ((a, x), (b, y)) if x <= y else ((b, y), (a, x))
            return (f"The {low[0]} {term.upper() if len(term) <= 4 else term} ({low[1]:g}%) is lower than the "
                    f"{high[0]} one ({high[1]:g}%), by {high[1] - low[1]:.3f} percentage points.")
    return None


class ReplyEmail:
    name = "reply_email"
    summary = "write a reply e-mail from the facts you give"
    lesson = "lesson 01"

    def read(self, conv: Conversation) -> Task | None:
        prompt = conv.system + "\n\n" + conv.last_user
        if not ASKS.search(prompt):
            return None
        message = _message(prompt)
        if not message:
            return None
        facts = _facts(prompt, message)
        if not facts:
            return Task(self.name, UNSURE, "a request to answer a message", lacking="it found no facts to answer from")
        signed = SIGN_AS.search(prompt)
        return Task(self.name, SURE, "a request to answer a message from facts",
                    data=(message, facts, signed.group(1).strip().rstrip(".") if signed else "Customer Support"))

    def answer(self, task: Task) -> Reply:
        message, facts, signature = task.data
        chosen = _relevant(facts, message)
        sender = _sender(message)
        parts = [f"Dear {sender}," if sender else "Hello,", ""]
        if chosen:
            parts += ["Thank you for your message. Here are the figures you asked about:", ""]
            parts += [f"- {fact}" for fact in chosen]
            comparison = _comparison(chosen, message)
            if comparison:
                parts += ["", comparison]
        else:
            parts += ["Thank you for your message. I'm sorry: the information I have does not cover your question, "
                      "so I can't answer it here."]
        parts += ["", "Please let us know if you have any other questions.", "", "Best regards,", signature]
        return Reply(content="\n".join(parts), skill=self.name)
