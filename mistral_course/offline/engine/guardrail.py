"""Skill: with safe_prompt=True, decline requests for hateful or harmful text.

A request is taken as harmful when it asks to produce something (write,
generate, tell, give ...) and it names a harmful aim: demeaning or attacking
people, violence, weapons, self-harm, or breaking the law. The reply says
what was declined and why, in one short paragraph.
"""

from __future__ import annotations

import re

from .conversation import Conversation, Reply

PRODUCE = re.compile(r"\b(write|generate|compose|create|make|tell|give|draft|list|explain how|show me how|help me)\b", re.I)
HARMFUL = re.compile(
    r"\b(insult\w*|humiliat\w*|degrad\w*|demean\w*|slur\w*|hate\w*|hateful|racist|sexist|harass\w*|bull(y|ying)|threat\w*"
    r"|mock\w*|ridicul\w*|kill\w*|murder\w*|hurt\w*|attack\w*|bomb\w*|weapon\w*|explosive\w*|poison\w*|self-harm|suicide"
    r"|steal\w*|launder\w*|hack into|phishing|scam\w*|fraud\w*)\b", re.I)


def is_harmful(text: str) -> bool:
    return bool(PRODUCE.search(text)) and bool(HARMFUL.search(text))


class Guardrail:
    name = "guardrail"
    summary = "decline harmful requests when safe_prompt is on"

    def applies(self, conv: Conversation) -> bool:
        return conv.safe_prompt and is_harmful(conv.last_user)

    def reply(self, conv: Conversation) -> Reply:
        aim = HARMFUL.search(conv.last_user).group(0).lower()
        text = (f"I can't help with that. The request asks for content about \"{aim}\", which could hurt or "
                "demean people, and I aim to keep replies respectful and safe. If there is something "
                "constructive behind the request, for example resolving a conflict or reporting a problem, "
                "I'm glad to help with that instead.")
        return Reply(content=text, skill=self.name)
