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
from .conversation import Conversation, Reply, Task
from .prompt import blocks, outside_blocks, quoted_paragraphs
from .skill import LIKELY, SURE, UNSURE
from .text import is_heading, sentences

# "questions" asks for questions; a "Question:" label only asks one, which is another skill's job
ASKS = re.compile(r"\b(summar\w*|tl;?dr|key (?:points|takeaways)|main points|gist|(?:markdown |write an? |a )report"
                  r"|report in markdown|recap|sum up|sum it up|boil (?:it|this) down|condense|bullets?(?: points?)?"
                  r"|one[- ]liner|(?:ask|write|generate|add|create|come up with|list)\b[^.\n]{0,30}\bquestions\b)(?!\w)",
                  re.I)  # whole words: a 'bulletin' asks for no bullets
SURELY = re.compile(r"\b(summar\w*|tl;?dr|gist|recap|sum up|sum it up|key (?:points|takeaways)|main points|condense)",
                    re.I)
# A sentence of the request itself, never a sentence of the summary.
REQUEST = re.compile(r"\b(summar\w*|tl;?dr|bullets?|key points|main points|gist|recap|sum (?:it )?up|in \w+ sentences?)\b"
                     r"|^\W*(?:can you|could you|would you|please|give me|i need|i want|i'd like|thanks|thank you)\b",
                     re.I)
COURTESY = re.compile(r"^\W*(?:we|i)\s+(?:look forward to|hope (?:to see|you)|wish you)\b|^\W*(?:thank you|thanks|many thanks)"
                      r"\b(?! to)|^\W*(?:kind|best|warm) regards\b|^\W*(?:have a (?:great|nice|lovely)|see you (?:soon|there))\b"
                      r"|^\W*(?:please )?(?:do not hesitate|don't hesitate|feel free) to (?:contact|call|get in touch)", re.I)
COUNTS = {"one": 1, "a single": 1, "single": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "a couple of": 2, "a few": 3}
ANSWER_SPAN = re.compile(r"(?:[$€£]\s?)?\d+(?:[.,]\d+)?(?:\s?%|\s(?:percent(?:age points?)?|per cent|million|billion|"
                         r"thousand|points?|years?|months?|days?|[a-z]+s))?|(?<!^)(?<![.!?] )\b[A-Z][a-z]+(?: [A-Z][a-z]+)*")


def source_text(prompt: str) -> str:
    """The passage to work on: the fenced block (else the heading section) with the most sentences."""
    sections = blocks(prompt) or re.split(r"^[ \t]*#+[^\n]*$|^[ \t]*[A-Z][A-Za-z ]{0,30}:\s*$", prompt, flags=re.M)
    sections = [s for s in sections if s and s.strip()]
    text = max(sections, key=lambda s: (len(sentences(s)), len(s)), default="")
    asked_inline = re.match(r"\s*[^:\n]{0,150}:[ \t]+(?=\S)", text)  # "Summarise this: The river ..."
    text = text[asked_inline.end():] if asked_inline and ASKS.search(asked_inline.group()) else text
    # A short paragraph that asks, above or below the text, is the request, not text: sentences run across paragraph
    # breaks, so left in it would join the text's first sentence ('3 bullets pls, need it in 5 min' + its title).
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    quoted = [q for q in quoted_paragraphs(text) if len(sentences(q)) >= 2]
    if quoted and len(quoted) < len(paragraphs) and any(ASKS.search(p) for p in paragraphs if quoted[0] not in p):
        return "\n\n".join(quoted)  # the letter pasted in quotes under the request
    while len(paragraphs) > 1 and _asks_alone(paragraphs[0]):
        paragraphs = paragraphs[1:]
    while len(paragraphs) > 1 and _asks_alone(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    return "\n\n".join(paragraphs)


def _untitled(source: str) -> str:
    """The text without a title line above a paragraph ('Brightwater Dental: Spring News'): a title is never
    joined to the sentence below it."""
    out = []
    for paragraph in re.split(r"\n[ \t]*\n", source):
        rows = paragraph.split("\n")
        out.append("\n".join(rows[1:]) if len(rows) > 1 and is_heading(rows[0]) else paragraph)
    return "\n\n".join(out)


def _asks_alone(paragraph: str) -> bool:
    return len(paragraph.split()) <= 30 and bool(ASKS.search(paragraph))


def _wanted(prompt: str, noun: str, default: int) -> int:
    options = "|".join(sorted(COUNTS, key=len, reverse=True))
    m = re.search(r"\b(\d+|" + options + r")\b[- ](?:(?!(?:\d+|" + options + r")\b)[\w-]+ ){0,2}?" + noun, prompt,
                  re.I)  # the count next to the noun: 'a two sentence summary' asks for two
    if not m:
        return default
    word = m.group(1).lower()
    return int(word) if word.isdigit() else COUNTS[word]


def is_data(text: str) -> bool:
    """A text made mostly of 'key: value' lines, braces or table rows (YAML, JSON, a config, a table)."""
    rows = [r.strip() for r in text.splitlines() if r.strip()]
    shaped = sum(bool(re.match(r"[\w\"'-]{1,40}\s*[:=]\s|[{}\[\]|]|- [\w-]+:", r)) for r in rows)
    return len(rows) >= 4 and shaped > len(rows) / 2


LEAD = 0.25  # how much an early place adds to a sentence's centrality, falling to nothing at the end of the text


def central(items: list[str], k: int) -> list[str]:
    """The k most central sentences, in their original order."""
    if len(items) <= k:
        return items
    return [items[i] for i in sorted(central_order(items)[:k])]


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


TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
UNITS = "one two three four five six seven eight nine".split()
# A count of words written in figures or in words ('50', 'fifty', 'twenty-five', 'a hundred')
COUNT = (rf"(\d+|(?:{'|'.join(TENS)})(?:[- ](?:{'|'.join(UNITS)}))?|ten|eleven|twelve|fifteen|a hundred|one hundred"
         rf"|{'|'.join(UNITS)})")
CAP_BEFORE = re.compile(r"\b(?:under|at most|no more than|not more than|max(?:imum)?|within|in|fewer than|less than|up to"
                        rf"|no longer than|below|not exceeding|limit of|≤|<=?)\s*{COUNT}\s*words?\b", re.I)
CAP_AFTER = re.compile(rf"\b{COUNT}\s*words?\s*(?:max(?:imum)?|or (?:less|fewer)|tops|at most|limit|long|or under)\b"
                       rf"|\b{COUNT}[- ]word\b", re.I)


def count_value(written: str) -> int:
    """'50', 'fifty', 'twenty-five', 'a hundred' as a number."""
    written = written.lower().replace("-", " ")
    if written.isdigit():
        return int(written)
    if written.endswith("hundred"):
        return 100
    small = {**{w: i for i, w in enumerate(UNITS, 1)}, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15}
    parts = written.split()
    return sum((TENS.index(p) + 2) * 10 if p in TENS else small[p] for p in parts)
EACH = re.compile(r"\b(?:each|per (?:bullet|point|item|line|sentence))\b[^.\n]{0,20}$", re.I)


LINE_WORDS = 25  # 'one line', 'tl;dr', 'a headline': the most words a quoted sentence may have to be one line


def word_caps(instructions: str) -> tuple[int | None, int | None]:
    """The most words asked for the whole answer, and for each bullet or sentence ('each under 10 words')."""
    total = each = None
    for m in [*CAP_BEFORE.finditer(instructions), *CAP_AFTER.finditer(instructions)]:
        n = count_value(next(g for g in m.groups() if g))
        if EACH.search(instructions[max(0, m.start() - 30):m.start()]):
            each = n if each is None else min(each, n)
        else:
            total = n if total is None else min(total, n)
    return total, each


def asked_count(instructions: str, noun: str) -> int | None:
    """How many of `noun` the request names ('3 bullets', 'five key points'), or None when it names none."""
    wanted = _wanted(instructions, noun, 0)
    return wanted or None


def fit(items: list[str], shape: str, n: int, exact: bool, caps: tuple[int | None, int | None]) -> list[str] | None:
    """The most central items that keep the asked form: n of them (exactly n when the request named n), within
    the word caps; None when no choice of the text's own sentences can."""
    total, each = caps
    if exact and n > len(items):
        return None  # '7 bullet points' from a text of five sentences: quoting can't make more
    if total is None and each is None:
        return central(items, n)
    kept, used = [], 0
    for i in central_order(items):
        size = len(items[i].split())
        if (each is None or size <= each) and (total is None or used + size <= total):
            kept.append(i)
            used += size
        if len(kept) == n:
            break
    if not kept or (exact and len(kept) < n):
        return None  # every sentence is longer than the asked words: quoting can't shorten
    return [items[i] for i in sorted(kept)]


def form(instructions: str, available: int) -> tuple[str, int]:
    """The asked form ('sentences', 'bullets', 'numbered' or 'line') and how many."""
    if re.search(r"\bnumbered\b|\bnumber(?:ed)? (?:them|each)\b", instructions, re.I):
        return "numbered", min(_wanted(instructions, r"(?:bullet|point|item|takeaway|thing|step)", 3), available)
    if re.search(r"\bbullet(?:s|ed)?\b|\bas a list\b|\blist (?:the|of)\b|\bpoints\b", instructions, re.I):  # not 'bulletin'
        return "bullets", min(_wanted(instructions, r"(?:bullet|point|item|takeaway)", 3), available)
    if re.search(r"\btl;?dr\b|\bone[- ]liner\b|\b(?:one|a single|single)[- ](?:line|sentence)\b|\bin a (?:line|sentence)\b"
                 r"|\bheadline\b", instructions, re.I):
        return "line", 1
    words_cap = re.search(rf"\b(?:under|at most|no more than|max(?:imum)?|within|in) {COUNT} words\b", instructions, re.I)
    if words_cap:
        return "words", count_value(words_cap.group(1))
    return "sentences", min(_wanted(instructions, "sentence", min(3, available)), available)


REWORD = re.compile(r"\b(?:in (?:your|my|his|her|their) own words|simple (?:words|terms|english|language)|plain (?:english"
                    r"|language|words)|simplif\w*|paraphras\w*|rephras\w*|reword\w*|rewrit\w*|translat\w*|explain\w*"
                    r"|like (?:i['’]m|i am) (?:five|5|a child)|for an? (?:child|kid|\d+[- ]year[- ]old)|eli5|(?:funny|formal|casual"
                    r"|friendly) tone|as an? (?:poem|haiku|tweet|limerick|song)|(?:and|then) (?:draft|write|reply|answer|classify"
                    r"|extract|translate|suggest|recommend))\b", re.I)
TOLD = re.compile(r"\b(?:i['’]m|i am|we['’]re|we are|i was|we were|i['’]ve been|i have been|i will be|i['’]ll be)\s+"
                  r"(?:\w+\s+)?$", re.I)  # the learner's own work told, not a request: 'I'm summarising reports'
NEGATED = re.compile(r"\b(?:not|no|without|never|nor|don['’]t|doesn['’]t|won['’]t)\b(?:\W+\w+){0,3}\W*$", re.I)
REPORT = re.compile(r"\bmarkdown\b|\b(?:write|make|produce|create|draft|into|as) (?:a |an |the )?(?:\w+ )?report\b", re.I)


def _names_a_text(prompt: str, m: re.Match) -> bool:
    """'this incident summary', 'Summary: ...': a summary the learner pastes, not one asked for."""
    line_start = prompt.rfind("\n", 0, m.start()) + 1
    if m.group(0).isupper() and len(m.group(0)) >= 4:  # 'SAFETY SUMMARY - Ethyl acetate': a document's title
        return True
    if re.search(r"\s[-–]\s*$", prompt[line_start:m.start()]) and not re.search(r"[.!?]", prompt[m.end():].split("\n")[0]):
        return True  # 'Gift Aid - key points': a heading of the pasted text
    line = prompt[line_start:].split("\n")[0]
    if line_start > 0 and re.fullmatch(r"[ \t]*[\w&'’ -]{0,40}\b(?:summary|summaries)(?:[ \t]+[-–—:][^\n]*)?[ \t:]*", line,
                                       re.I) \
            and not re.search(r"\b(?:please|pls|plz|give|write|make|need|want|can|could|short|brief|quick)\b", line, re.I):
        return True  # 'order summary' on a line of its own, below the request: the heading of the pasted facts
    before = prompt[max(0, m.start() - 40):m.start()]
    return m.group(0).lower() in ("summary", "summaries") and bool(
        re.match(r"[ \t]*:", prompt[m.end():])
        or re.search(r"\b(?:this|that|these|our|my|your)\s+(?:[\w-]+\s+)?$", before, re.I)
        or re.search(r"\((?:a |the )?$", before)  # 'NOTICE (summary of the notice served ...)'
        or re.search(r"\b(?:using|use|from|per|according to|based on|only)\s+(?:only\s+)?(?:the|this|that|my|our"
                     r"|your)?\s*(?:[\w-]+\s+)?$", before, re.I))  # 'reply using only the account summary'


class Summarize:
    name = "summarize"
    summary = "summarise or report on a text"
    lesson = "lesson 01"

    def read(self, conv: Conversation) -> Task | None:
        prompt = conv.last_user
        own = "\n".join([outside_blocks(prompt), *(b for b in blocks(prompt) if len(b.split()) <= 12)])  # a 'Discharge
        # summary' inside the pasted <policy> asks for nothing; a short '<task>summarize in 2 sentences</task>' does
        asked = next((m for m in ASKS.finditer(own) if not TOLD.search(own[max(0, m.start() - 30):m.start()])
                      and not _names_a_text(own, m)), None) \
            or (conv.system and ASKS.search(conv.system))
        if not asked:
            return None  # 'I'm summarising reviewer reports; which recommendation ...?' tells, it does not ask
        source = source_text(prompt)
        items = [s for s in sentences(_untitled(source)) if not REQUEST.search(s)]
        said = [s for s in items if not COURTESY.search(s) or s.rstrip().endswith("?")]
        items = said if len(said) >= 2 else items  # 'We look forward to seeing you soon.' says nothing
        asked_inside = [s for s in sentences(source, 1) if REQUEST.search(s)]  # 'tl;dr?' written after the text
        instructions = "\n".join([conv.system, prompt.replace(source, " "), *asked_inside])
        understood = "a request to summarise a text"
        if len(items) < 2:
            return Task(self.name, UNSURE, understood, lacking="it found no text of two or more sentences to summarise")
        if any(s.rstrip().endswith("?") for s in items) and source.strip() == prompt.strip():
            return Task(self.name, UNSURE, understood,
                        lacking="the message also asks a question, and where its text starts is a guess")
        if is_data(source):
            return Task(self.name, UNSURE, understood,
                        lacking="the text is data (keys and values), and quoting its lines would not summarise it")
        unlabelled = re.sub(r"^[ \t]*(?:#+[^\n]*|questions?\s*:)", "", instructions, flags=re.M | re.I)  # '## Question'
        plain = not (re.search(r"\bquestions?\b", unlabelled, re.I) or REPORT.search(unlabelled))
        reworded = next((m for m in REWORD.finditer(instructions) if not NEGATED.search(
            instructions[max(0, m.start() - 25):m.start()])), None) if plain else None
        if reworded:  # 'in your own words', 'explain it simply', 'and draft a reply': quoting can't do that
            return Task(self.name, UNSURE, understood,
                        lacking=f"the request asks for more than the text's own sentences (\"{reworded.group(0)}\"), "
                                "and rewording needs a language model")
        sure = SURE if SURELY.search(prompt) or (conv.system and SURELY.search(conv.system)) else LIKELY
        if plain:
            shape, n = form(instructions, len(items))
            caps = word_caps(instructions)
            if shape == "line" and caps[0] is None:  # a line of text holds about LINE_WORDS words, not a paragraph
                caps = (LINE_WORDS, caps[1])
            noun = {"sentences": "sentence", "line": "(?:line|sentence)"}.get(shape, r"(?:bullet|point|item|takeaway|thing)")
            exact = asked_count(instructions, noun) if shape != "line" else 1
            if shape == "words":
                shape, n, exact = "sentences", len(items), None
            chosen = fit(items, shape, exact or n, bool(exact), caps)
            if chosen is None:
                return Task(self.name, UNSURE, understood,
                            lacking="the asked length or number of points can't be met by quoting the text's own "
                                    "sentences, and rewording needs a language model")
            return Task(self.name, sure, understood, data=(items, instructions, shape, chosen))
        return Task(self.name, sure, understood, data=(items, instructions))

    def answer(self, task: Task) -> Reply:
        if len(task.data) == 4:  # the form was met in read(): only the layout is left
            _, _, shape, chosen = task.data
            if shape == "numbered":
                text = "\n".join(f"{i}. {s}" for i, s in enumerate(chosen, 1))
            elif shape == "bullets":
                text = "\n".join(f"- {s}" for s in chosen)
            else:
                text = " ".join(chosen)
            return Reply(content=text, skill=self.name, data={"summary": text})
        items, instructions = task.data
        wants_questions = re.search(r"\bquestions?\b", instructions, re.I)
        qa = questions(items, _wanted(instructions, "question", 3), "<>" in instructions) if wants_questions else []
        if REPORT.search(instructions):
            summary = central(items, _wanted(instructions, "sentence", min(3, len(items))))
            parts = ["# Report", "", "## Summary", "", " ".join(summary), "", "## Key points", ""]
            parts += [f"- {s}" for s in central(items, min(5, len(items)))]
            if qa:
                parts += ["", "## Questions and answers", ""]
                parts += [f"{i}. **Q:** {q}  \n   **A:** {a}" for i, (q, a) in enumerate(qa, 1)]
            return Reply(content="\n".join(parts), skill=self.name)
        shape, n = form(instructions, len(items))
        if shape == "words":
            ranked = central_order(items)
            kept, used = [], 0
            for i in ranked:
                if used + len(items[i].split()) <= n or not kept:
                    kept.append(i)
                    used += len(items[i].split())
            chosen = [items[i] for i in sorted(kept)]
        else:
            chosen = central(items, n)
        text = "\n".join(f"- {s}" for s in chosen) if shape == "bullets" else " ".join(chosen)
        if qa:
            text += "\n\n" + "\n\n".join(f"Q: {q}\nA: {a}" for q, a in qa)
        return Reply(content=text, skill=self.name, data={"summary": text})


def central_order(items: list[str]) -> list[int]:
    """Indices of the items, most central first. A notice, a letter or a report says its point early ('Market Street
    will be closed ...' before the detours), so an early place adds up to LEAD to the closeness to the centroid."""
    vectors = resources.embed(items)
    place = LEAD * (1 - np.arange(len(items)) / max(len(items), 1))
    return [int(i) for i in np.argsort(-(vectors @ vectors.mean(axis=0) + place), kind="stable")]
