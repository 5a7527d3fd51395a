"""The guardrail: with safe_prompt=True, the engine first declines requests to produce harmful text.

It reads the learner's own instruction only (the last user turn without its fenced blocks), so a
pasted message that mentions a scam or a threat can still be summarised, classified or answered.
A sentence is harmful when it asks to produce something (write, generate, tell, give ...) whose aim
is harmful (demeaning or attacking people, violence, weapons, self-harm, breaking the law), and no
protective aim (report, avoid, spot, prevent ...) stands before that word.
"""

from __future__ import annotations

import re

from .conversation import Conversation, Reply
from .prompt import outside_blocks

NAME = "guardrail"
PRODUCE = re.compile(r"\b(write|generate|compose|create|make|tell|give|draft|list|explain|show me how|help me"
                     r"|teach me|send|come up with|provide|build|steps?|instructions?|how (?:to|do i|can i|would i))\b",
                     re.I)
HARMFUL = re.compile(
    r"\b(insult\w*|humiliat\w*|degrad\w*|demean\w*|slur\w*|hate\w*|hateful|racist|sexist|harass\w*|bull(?:y|ying)"
    r"|threat\w*|intimidat\w*|mock\w*|ridicul\w*|kill\w*|murder\w*|hurt\w*|attack\w*|bomb\w*|weapon\w*|explosive\w*"
    r"|poison\w*|self-harm|suicide|steal\w*|launder\w*|hack into|phishing|scam\w*|fraud\w*|stalk\w*|blackmail\w*"
    r"|ddos|denial[- ]of[- ]service|floods?\b.{0,40}\b(?:site|website|server|requests)|malware|ransomware|keylogger"
    r"|spyware|break into|crack\w* (?:\w+ ){0,3}passwords?|dox+\w*|(?:take|bring|knock)s? (?:\w+ ){0,3}(?:down|offline)"
    r"|pretend\w* to be from|impersonat\w*|collect (?:their|them|people's|customers'?) ?(?:logins?|passwords?|details)?"
    r"|secretly (?:track|install|put|read|record|monitor|follow)\w*|tracking app|spy on|track (?:my|his|her) (?:ex|wife"
    r"|husband|partner|girlfriend|boyfriend)|methamphetamine|meth|cocaine|heroin|fentanyl|nerve agents?|sarin"
    r"|(?:synthesi[sz]|cook|manufactur)\w* (?:\w+ ){0,2}(?:drugs?|narcotics?))\b",
    re.I)
PROTECTIVE = re.compile(r"\b(report\w*|avoid\w*|prevent\w*|protect\w*|recogni[sz]\w*|spot\w*|detect\w*|deal\w* with"
                        r"|handle|handling|respond\w* to|stop\w*|block\w*|identify\w*|classify\w*|summar\w*|survive"
                        r"|victims?|against|warn\w*|safe\w*|aware\w*|train\w*)\b", re.I)


def harmful_aim(instruction: str) -> str | None:
    """The harmful word a request to produce text aims at, or None."""
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", instruction):
        produce = PRODUCE.search(sentence)
        if not produce:
            continue
        aim = HARMFUL.search(sentence, produce.end())
        if aim and not PROTECTIVE.search(sentence[: aim.start()]):
            return aim.group(0).lower()
    return None


def refusal(conv: Conversation) -> Reply | None:
    """The refusal for a harmful request under safe_prompt, else None."""
    if not conv.safe_prompt:
        return None
    own = outside_blocks(conv.last_user)
    aim = harmful_aim(own if len(own.split()) >= 3 else conv.last_user)  # a prompt that is all one block is its own
    if aim is None:
        return None
    text = (f"I can't help with that. The request asks for content about \"{aim}\", which could hurt or "
            "demean people, and I aim to keep replies respectful and safe. If there is something "
            "constructive behind the request, for example resolving a conflict or reporting a problem, "
            "I'm glad to help with that instead.")
    return Reply(content=text, skill=NAME)
