"""Engine layer: turns a validated Conversation into a Reply.

Each skill is one small class with `name`, `summary`, `applies(conv)` and
`reply(conv)`. The engine asks the task skills in order, then the greeting,
and the first that applies answers; the last skill always applies. The engine never sees HTTP.
"""

from __future__ import annotations

from .conversation import Conversation, Reply, ToolCallOut, Turn
from .greeting import Greeting
from .limits import BeyondOffline

__all__ = ["Engine", "Conversation", "Reply", "ToolCallOut", "Turn"]


# What the backend does for every request, whichever skill answers.
BUILT_IN = [
    "count tokens with Mistral's real tokenizer",
    "embed text as 1024-dimensional vectors",
    "stream any answer and stop at max_tokens",
]


class Engine:
    def __init__(self, skills: list | None = None):
        task_skills = list(skills or [])
        capabilities = [*BUILT_IN, *(s.summary for s in task_skills)]
        self.skills = [*task_skills, Greeting(capabilities), BeyondOffline(capabilities)]

    def reply(self, conv: Conversation) -> Reply:
        for skill in self.skills:
            if skill.applies(conv):
                return skill.reply(conv)
        raise AssertionError("the last skill always applies")
