"""The one protocol every offline skill follows, and the confidence levels they speak in."""

from __future__ import annotations

from typing import Protocol

from .conversation import Conversation, Reply, Task

# Confidence levels, so that skills speak one scale. The engine answers from SURE and LIKELY,
# declines below THRESHOLD, and tells what a skill that was UNSURE understood.
SURE = 0.9      # the request names this task and every piece the answer needs was found
LIKELY = 0.7    # the task is clear from the request's shape, and the pieces were found
THRESHOLD = 0.5
UNSURE = 0.3    # it looks like this task, but a piece is missing or could be read two ways


class Skill(Protocol):
    name: str      # shown in the x-offline-skill response header
    summary: str   # one line for the capability list ("classify text into the labels you give")
    lesson: str    # where the course shows how to write this task's prompt ("lesson 01")

    def read(self, conv: Conversation) -> Task | None:
        """Parse the request once: the task understood, with a confidence; None when it is not this task."""

    def answer(self, task: Task) -> Reply:
        """Write the reply from the parsed task alone."""
