"""Who spent what: each learner's requests and tokens, kept in SQLite, and the admission of a new request.

Budgets hold exactly under concurrency because a request reserves its largest possible cost before it is
forwarded (`admit`) and settles to the tokens the API reported once it is done (`settle`): a learner's
spent + reserved tokens never pass the budget, so neither can what they spend. The rate limit counts the
requests admitted in the last minute. Everything runs on the gateway's one event loop, so no lock is needed:
`admit` and `settle` never wait on anything.
"""

from __future__ import annotations

import collections
import dataclasses
import sqlite3
import time
from pathlib import Path

SCHEMA = """CREATE TABLE IF NOT EXISTS usage (
    learner TEXT PRIMARY KEY,
    requests INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0
)"""


class Refused(Exception):
    """A request the gateway will not forward: an HTTP status, a sentence for the learner, and a wait (s)."""

    def __init__(self, status: int, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


@dataclasses.dataclass
class Reservation:
    learner: str
    tokens: int  # the most this request can cost
    settled: bool = False


@dataclasses.dataclass
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    refused: int = 0

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Ledger:
    def __init__(self, path: str | Path, budget: int, requests_per_minute: int, clock=time.monotonic):
        self.budget, self.requests_per_minute, self.clock = budget, requests_per_minute, clock
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # durable across a gateway crash; an OS crash may lose the last
        self.db.execute(SCHEMA)
        self.usage: dict[str, Usage] = {
            row[0]: Usage(*row[1:]) for row in self.db.execute(
                "SELECT learner, requests, prompt_tokens, completion_tokens, refused FROM usage")}
        self.reserved: dict[str, int] = collections.defaultdict(int)
        self.recent: dict[str, collections.deque] = collections.defaultdict(collections.deque)

    def of(self, learner: str) -> Usage:
        return self.usage.get(learner, Usage())

    def remaining(self, learner: str) -> int:
        return self.budget - self.of(learner).tokens - self.reserved[learner]

    def admit(self, learner: str, most: int, least: int | None = None) -> Reservation:
        """Reserve up to `most` tokens (at least `least`, default `most`) or raise Refused with a 429."""
        least = most if least is None else least
        now = self.clock()
        recent = self.recent[learner]
        while recent and now - recent[0] >= 60:
            recent.popleft()
        if len(recent) >= self.requests_per_minute:
            self._refuse(learner)
            wait = max(1, int(60 - (now - recent[0])) + 1)
            raise Refused(429, f"You have sent {len(recent)} requests in the last minute, the limit for each "
                               f"learner in this classroom: wait {wait} s and try again.", retry_after=wait)
        remaining = self.remaining(learner)
        if remaining < least:
            self._refuse(learner)
            spent = self.of(learner).tokens
            raise Refused(429, f"You have used {spent:,} of your {self.budget:,}-token budget for this workshop "
                               f"({remaining:,} left, and this request could need {least:,}): ask your instructor "
                               "to raise your budget, or send a shorter request.")
        recent.append(now)
        reservation = Reservation(learner, min(most, remaining))
        self.reserved[learner] += reservation.tokens
        return reservation

    def settle(self, reservation: Reservation, prompt_tokens: int = 0, completion_tokens: int = 0,
               answered: bool = True) -> None:
        """Release the reservation and record what the request really cost (once, whatever happens)."""
        if reservation.settled:
            return
        reservation.settled = True
        learner = reservation.learner
        self.reserved[learner] -= reservation.tokens
        if not answered:
            return
        usage = self.usage.setdefault(learner, Usage())
        usage.requests += 1
        usage.prompt_tokens += prompt_tokens
        usage.completion_tokens += completion_tokens
        self._save(learner, usage)

    def _refuse(self, learner: str) -> None:
        usage = self.usage.setdefault(learner, Usage())
        usage.refused += 1
        self._save(learner, usage)

    def _save(self, learner: str, usage: Usage) -> None:
        self.db.execute("INSERT INTO usage (learner, requests, prompt_tokens, completion_tokens, refused) "
                        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(learner) DO UPDATE SET requests=excluded.requests, "
                        "prompt_tokens=excluded.prompt_tokens, completion_tokens=excluded.completion_tokens, "
                        "refused=excluded.refused",
                        (learner, usage.requests, usage.prompt_tokens, usage.completion_tokens, usage.refused))

    def table(self) -> list[tuple[str, Usage]]:
        return sorted(self.usage.items())

    def close(self) -> None:
        self.db.close()
