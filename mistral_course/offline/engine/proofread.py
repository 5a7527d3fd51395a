"""Skill: correct the spelling and grammar of a text, lightly, adding nothing.

The dictionary is the Tekken tokenizer's own vocabulary: an English word that
is a single token there is known, and a lower token id means a more common
word. An unknown word is replaced by the most common known word one edit
away (two if none is one away); capitalised words inside a sentence are
taken for names and left alone. Sentence starts get a capital, a lone "i"
becomes "I", doubled spaces go, and the text ends with punctuation. Work stays linear: words longer
than MAX_WORD letters are left as written, and two edits are tried only for short words.
"""

from __future__ import annotations

import functools
import re
import string

from .. import resources
from .conversation import Conversation, Reply, Task
from .prompt import blocks
from .skill import SURE, UNSURE

ASKS = re.compile(r"\b(correct|fix|clean up|tidy up|tidy)\b.{0,60}?\b(spelling|grammar|typos?|mistakes"
                  r"|errors|text|prompt|sentence|message|note|paragraph|email|this)\b|\bproof-?read\b"
                  r"|\bcheck\b.{0,40}?\b(spelling|grammar|typos?)\b|\bspell-?check\b|\btypos?\b", re.I | re.S)
MAX_WORD = 20       # longer words are left as written
MAX_TWO_EDITS = 10  # two edits away are looked up only for words this short


@functools.cache
def known_words() -> dict[str, int]:
    """Lower-case word -> rank (the token id of ' word' in Tekken; lower is more common)."""
    tk = resources.tokenizer().instruct_tokenizer.tokenizer
    ranks: dict[str, int] = {}
    for i in range(tk.num_special_tokens, tk.n_words):
        piece = tk.id_to_piece(i)
        if isinstance(piece, str) and piece.startswith(" ") and piece[1:].isalpha():
            ranks.setdefault(piece[1:].lower(), i)
    return ranks


def _edits(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = string.ascii_lowercase
    return ({a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters})


SUFFIXES = ("izations", "ization", "izing", "ized", "izes", "ize", "ising", "ised", "ises", "ise", "ations", "ation",
            "ings", "ing", "ed", "es", "s", "ly", "ers", "er", "est", "ness", "ment", "ments", "able", "ful")


def is_known(lower: str) -> bool:
    """In the vocabulary, or a known word with a common ending ('categorize' = 'category' + 'ize')."""
    ranks = known_words()
    if lower in ranks:
        return True
    for suffix in SUFFIXES:
        stem = lower[: -len(suffix)]
        if lower.endswith(suffix) and len(stem) >= 3 and any(stem + e in ranks for e in ("", "e", "y", "ate")):
            return True
    return False


def correct_word(word: str) -> str:
    lower, ranks = word.lower(), known_words()
    if len(lower) < 3 or not lower.isalpha() or is_known(lower):
        return word
    if len(lower) > MAX_WORD:
        return word
    one = {w for w in _edits(lower) if w in ranks}
    found = one or ({w for e in _edits(lower) for w in _edits(e) if w in ranks} if len(lower) <= MAX_TWO_EDITS else set())
    if not found:
        return word
    best = min(found, key=lambda w: (ranks[w], w))
    return best.capitalize() if word[0].isupper() else best


def correct(text: str) -> str:
    out, sentence_start = [], True
    for token in re.split(r"(\W+)", text):
        if token.isalpha():
            if token == "i":
                token = "I"
            elif not (token[0].isupper() and not sentence_start):  # keep names as written
                token = correct_word(token)
            if sentence_start:
                token = token[0].upper() + token[1:]
            sentence_start = False
        elif re.search(r"[.!?][\s\"'“”‘’]*$", token):
            sentence_start = True
        out.append(token)
    fixed = re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()
    return fixed if not fixed or fixed[-1] in ".!?:;\"')" else fixed + "."


def target_text(prompt: str) -> str:
    """The text to correct: a fenced block, else what follows the instruction's colon, else the last paragraph."""
    fenced = blocks(prompt)
    if fenced:
        return fenced[-1]
    m = ASKS.search(prompt)
    after = prompt[m.end():] if m else prompt
    if ":" in after[:80]:
        return after.split(":", 1)[1].strip()
    quoted = re.findall(r"[\"“]([^\"”]{8,})[\"”]", prompt) + re.findall(r"(?<!\w)['‘]([^\n]{8,}?)['’](?!\w)", prompt)
    if quoted:
        return max(quoted, key=len)
    paragraphs = [p for p in re.split(r"\n\s*\n", prompt) if p.strip()]
    return paragraphs[-1].strip() if paragraphs else ""


class Proofread:
    name = "proofread"
    summary = "correct the spelling of a text"
    lesson = "lesson 01"

    def read(self, conv: Conversation) -> Task | None:
        prompt = conv.last_user
        if not ASKS.search(prompt) and not (conv.system and ASKS.search(conv.system)):
            return None
        text = target_text(prompt) if ASKS.search(prompt) else prompt.strip()
        if not text or len(text.split()) < 2:
            return Task(self.name, UNSURE, "a request to correct a text", lacking="it found no text to correct")
        return Task(self.name, SURE, "a request to correct a text", data=text)

    def answer(self, task: Task) -> Reply:
        return Reply(content=correct(task.data), skill=self.name)
