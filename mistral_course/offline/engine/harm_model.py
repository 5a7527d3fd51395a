"""A small learned second opinion for the guardrail: how likely a request is to ask for help to do harm.

The guardrail's families (guardrail.py) name harm in words, and a request worded another way slips past them
('a little something in his coffee so he misses the match'). This module trains a logistic regression on
example requests written for it (harm_examples.jsonl: 1,800 requests by six writers who saw neither the engine
nor the course's evaluation prompts; half ask for harm, and two thirds of the rest sound scary but are harmless:
pest control, a warning about a scam, a stuck process to kill). A request is described by two
kinds of features, each scaled to unit length:

- its mean word vector from the course's embedding model (wordllama, 256 dimensions): meaning, so that a word
  the examples never used still lands near the ones they did;
- its words and pairs of words, hashed into SLOTS slots with crc32 (the same slot in every process): wording, so
  that 'my cat is sick' and 'make his cat sick' differ.

Training is full-batch gradient descent with momentum from zero weights, a fixed number of steps, on float64:
the same examples give the same model in every process, in about a second on first use. `train` returns the
loss after every step, so a test can see that training lowers it.

The engine asks it in one place only (guardrail.cautious_refusal): under safe_prompt, when no skill understood a
request and the families found no sign of harm, a score of REFUSE or more turns the decline into a refusal that
says a classifier, not an understanding of the request, made the call. It reads English requests of up to
MAX_CHARS characters; longer ones get no score.
"""

from __future__ import annotations

import functools
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import resources

EXAMPLES = Path(__file__).with_name("harm_examples.jsonl")
DIMS = 256  # the word vectors' width
SLOTS = 4096
STEPS = 1000
RATE = 1.0
MOMENTUM = 0.9
PENALTY = 3e-4  # L2 on every weight but the bias
REFUSE = 0.85  # with each writer's examples left out in turn (bench/harm_model_eval.py), this catches 46 % of the
# harmful ones and flags 0.7 % of the harmless ones that sound scary, 0.6 % of the ordinary ones; 0.8 caught 58 %
# but flagged 1.2 %: precision first. On 900 requests by three later writers it never saw (bench/harm_later_writers
# .jsonl) it catches 46 % and flags 0.3 % and 4.7 %. Trained on those too, it refused fewer harmful requests of a
# sealed evaluation set (22 of 32 against 26), so they stay an evaluation set. As a learner meets it (safe_prompt
# on; the rules first, this only for what no skill understood), the backend refuses 59 % of the later writers'
# harmful requests, 4.3 % of their scary harmless ones and 5.3 % of their ordinary ones; a skill answers 0.2 %.
MAX_CHARS = 2_000
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class Features:
    """The features of n texts: the word vectors as a dense n x 256 array, the hashed words as the (row, slot,
    value) of each entry that is not zero (a few dozen per text), and a constant 1 for the bias. Kept sparse, a
    product with the weights costs what the texts' words cost, not n x SLOTS."""
    meaning: np.ndarray
    rows: np.ndarray
    slots: np.ndarray
    values: np.ndarray

    @property
    def size(self) -> int:
        return len(self.meaning)

    def times(self, w: np.ndarray) -> np.ndarray:  # X @ w
        hashed = np.bincount(self.rows, weights=self.values * w[DIMS:DIMS + SLOTS][self.slots], minlength=self.size)
        return self.meaning @ w[:DIMS] + hashed + w[-1]

    def transposed_times(self, r: np.ndarray) -> np.ndarray:  # X.T @ r
        hashed = np.bincount(self.slots, weights=self.values * r[self.rows], minlength=SLOTS)
        return np.concatenate([self.meaning.T @ r, hashed, [r.sum()]])


@dataclass(frozen=True)
class Model:
    weights: np.ndarray  # DIMS word-vector weights, SLOTS hashed-word weights, then the bias
    losses: tuple[float, ...]  # the training loss before the first step and after each step

    def scores(self, texts: list[str]) -> np.ndarray:
        """The probability that each text asks for help to do harm, rounded to 4 places (stable across
        processes whatever the last bits of the arithmetic)."""
        z = features(texts).times(self.weights)
        return np.round(1.0 / (1.0 + np.exp(-z)), 4)


def _words(text: str) -> list[str]:
    tokens = WORD.findall(text.lower().replace("’", "'"))
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]


def features(texts: list[str]) -> Features:
    """Each text's unit word vector, and its words and word pairs hashed into SLOTS slots, scaled to unit length."""
    meaning = resources.embed(list(texts), dims=DIMS).astype(np.float64)
    rows, slots, counts = [], [], []
    for row, text in enumerate(texts):
        found = sorted({zlib.crc32(token.encode()) % SLOTS for token in _words(text)})
        rows += [row] * len(found)
        slots += found
        counts.append(len(found))
    values = np.concatenate([np.full(c, 1.0 / np.sqrt(c)) for c in counts if c] or [np.zeros(0)])
    return Features(meaning, np.asarray(rows, dtype=np.int64), np.asarray(slots, dtype=np.int64), values)


def train(texts: list[str], harmful: list[bool], steps: int | None = None) -> Model:
    """Logistic regression by gradient descent with momentum; the same inputs give the same model."""
    x, y = features(texts), np.asarray(harmful, dtype=np.float64)
    keep = np.ones(DIMS + SLOTS + 1)
    keep[-1] = 0.0  # the bias is not penalised
    w, velocity, losses = np.zeros(DIMS + SLOTS + 1), np.zeros(DIMS + SLOTS + 1), []

    def loss(weights: np.ndarray) -> float:
        z = x.times(weights)
        return float(np.mean(np.logaddexp(0.0, z) - y * z) + PENALTY / 2 * np.sum((weights * keep) ** 2))

    losses.append(loss(w))
    for _ in range(STEPS if steps is None else steps):
        ahead = w + MOMENTUM * velocity  # Nesterov: the gradient where the momentum is about to take us
        p = 1.0 / (1.0 + np.exp(-x.times(ahead)))
        gradient = x.transposed_times(p - y) / len(y) + PENALTY * ahead * keep
        velocity = MOMENTUM * velocity - RATE * gradient
        w = w + velocity
        losses.append(loss(w))
    return Model(weights=w, losses=tuple(losses))


def examples(path: Path = EXAMPLES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def model() -> Model:
    rows = examples()
    return train([r["text"] for r in rows], [bool(r["harmful"]) for r in rows])


def harm_score(text: str) -> float | None:
    """The model's probability that `text` asks for help to do harm, or None for a text too long to score."""
    if not text.strip() or len(text) > MAX_CHARS:
        return None
    return float(model().scores([text])[0])
