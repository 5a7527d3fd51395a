"""The router: every skill reads the request, the most confident answers, and below the threshold
the engine declines. See the package docstring for the whole picture."""

from __future__ import annotations

import time

from . import decline, formats, guardrail
from .conversation import Conversation, Reply
from .prompt import outside_blocks
from .skill import THRESHOLD
from .text import language

MAX_CHARS = 200_000  # the most text one request may hold for the engine to read it at all
BUDGET_SECONDS = 3.0  # after this long reading a request, the engine stops asking skills and declines


class Engine:
    def __init__(self, skills: list | None = None, threshold: float = THRESHOLD, budget_seconds: float = BUDGET_SECONDS):
        from .defaults import default_skills  # the skills import the engine's helpers, not the other way round

        self.skills = list(skills) if skills is not None else default_skills()
        self.threshold, self.budget_seconds = threshold, budget_seconds
        capabilities = [s.summary for s in self.skills]
        for skill in self.skills:
            if hasattr(skill, "capabilities"):
                skill.capabilities = capabilities

    @property
    def skill_names(self) -> list[str]:
        return [s.name for s in self.skills]

    def reply(self, conv: Conversation) -> Reply:
        return formats.shape(self._reply(conv), conv)

    def _reply(self, conv: Conversation) -> Reply:
        size = sum(len(t.text) for t in conv.turns)
        if size > MAX_CHARS:
            return decline.too_long(f"{MAX_CHARS:,} characters")
        refusal = guardrail.refusal(conv)  # first, on the learner's own instruction only
        if refusal:
            return refusal
        spoken = language(outside_blocks(conv.last_user))
        if spoken != "english" and not self._ends_with_tool_results(conv):
            return decline.not_english(spoken)

        started, best = time.perf_counter(), None
        for skill in self._candidates(conv):
            task = skill.read(conv)
            if task and (best is None or task.confidence > best[0].confidence):  # ties: the earlier skill
                best = (task, skill)
            if time.perf_counter() - started > self.budget_seconds:
                return decline.too_long(f"{self.budget_seconds:g} seconds of reading")
        if best is None or best[0].confidence < self.threshold:
            return decline.unsure(best and best[0], best[1].lesson if best else "")
        task, skill = best
        return skill.answer(task)

    @staticmethod
    def _ends_with_tool_results(conv: Conversation) -> bool:
        return bool(conv.turns) and conv.turns[-1].role == "tool"

    def _candidates(self, conv: Conversation) -> list:
        """Whether tools change the answer is decided here, once: the tool skill alone after tool results
        or when tool_choice forces a call; never with tool_choice "none" or no tools; else every skill."""
        tool_skills = [s for s in self.skills if s.name == "tools"]
        others = [s for s in self.skills if s.name != "tools"]
        if self._ends_with_tool_results(conv):
            return tool_skills
        if not conv.tools or conv.tool_choice == "none":
            return others
        if conv.tool_choice in ("any", "required") or isinstance(conv.tool_choice, dict):
            return tool_skills
        return self.skills
