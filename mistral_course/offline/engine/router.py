"""The router: every skill reads the request, the most confident answers, and below the threshold
the engine declines. See the package docstring for the whole picture."""

from __future__ import annotations

import re

from . import decline, formats, guardrail
from .conversation import Conversation, Reply
from .prompt import outside_blocks
from .skill import THRESHOLD
from .text import LANGUAGES, language

# The engine's budget is a size, not a clock: every skill's work grows linearly with the text, so this bounds
# the time a request can take (under 2 s for the slowest adversarial input at the limit, on 2 cores), while
# the same request always gets the same answer. A clock would not: a first request that loads the tokenizer
# on a busy machine would be declined, the same request a second later answered.
MAX_CHARS = 50_000
QUOTED = re.compile(r"\"[^\"\n]{1,2000}\"|“[^”\n]{1,2000}”|«[^»\n]{1,2000}»")
OTHER_LANGUAGE = rf"(?!english\b)(?:{LANGUAGES})"
# 'Answer in French.', 'Always respond in German', 'summarise this in Spanish', '(in Italian please)': the learner
# asks for the answer in another language; 'a review of French food' asks for nothing of the kind.
ASKED_LANGUAGE = re.compile(rf"\b(?:answer|answers|reply|replies|respond|responses?|write|summari[sz]e|say|speak|explain"
                            rf"|return|output|translate|talk|communicate)\b[^.\n?!\"“]{{0,40}}?\b(?:in|into|to)\s+({OTHER_LANGUAGE})\b"
                            rf"|(?:^|[.(]\s*)in\s+({OTHER_LANGUAGE})\s*(?:,?\s*(?:please|pls|only))?\s*[.!)]?\s*$", re.I | re.M)


class Engine:
    def __init__(self, skills: list | None = None, threshold: float = THRESHOLD):
        from .defaults import default_skills  # the skills import the engine's helpers, not the other way round

        self.skills = list(skills) if skills is not None else default_skills()
        self.threshold = threshold
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
        own = outside_blocks(conv.last_user)
        spoken = language(own)
        if spoken != "english":  # a quoted text is not the instruction: 'Which language is this? "Je voudrais..."'
            spoken = language(QUOTED.sub(" ", own))
        if spoken != "english" and not self._ends_with_tool_results(conv):
            return decline.not_english(spoken)
        asked = ASKED_LANGUAGE.search(QUOTED.sub(" ", conv.system + "\n" + own))
        if asked and not (conv.tool_choice != "none" and any(  # a tool may take the language as an argument
                re.search(r"lang|locale|^target$", name, re.I)
                for t in conv.tools for name in ((t.get("parameters") or {}).get("properties") or {}))):
            return decline.other_language((asked.group(1) or asked.group(2)).capitalize())

        best = None
        for skill in self._candidates(conv):
            task = skill.read(conv)
            if task and (best is None or task.confidence > best[0].confidence):  # ties: the earlier skill
                best = (task, skill)
        if best is None or best[0].confidence < self.threshold:
            cautious = guardrail.cautious_refusal(conv)  # under safe_prompt, a sign of harm in what no skill understood
            if cautious:
                return cautious
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
