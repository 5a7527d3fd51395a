"""The guardrail: with safe_prompt=True, the engine first declines requests to produce harmful text.

It reads the learner's own instruction only (the last user turn without its fenced blocks), so a
pasted message that mentions a scam or a threat can still be summarised, classified or answered.
A sentence is harmful when it asks to produce something (write, generate, tell, give ...) whose aim
is harmful (demeaning or attacking people, violence, weapons, self-harm, breaking the law), and no
protective aim (report, avoid, spot, prevent ...) stands before that word. Harm includes threats and
intimidation, cruelty, fraud and forgery, theft, breaking into someone else's account, and false accusations;
'kill a process' or 'attack a chess opening' (BENIGN) is no harm.
"""

from __future__ import annotations

import re

from .conversation import Conversation, Reply
from .prompt import outside_blocks

NAME = "guardrail"
PRODUCE = re.compile(r"\b(write|generate|compose|create|make|tell|give|draft|list|explain|show me how|help me"
                     r"|teach me|send|come up with|provide|build|steps?|instructions?|how (?:to|do i|can i|would i)"
                     r"|ways? to|best way|ideas?|tips?|can you|could you|i want|i need|suggest)\b",
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
    r"|(?:synthesi[sz]|cook|manufactur)\w* (?:\w+ ){0,2}(?:drugs?|narcotics?)"
    r"|cruel\w*|make (?:him|her|them|my \w+|\w+) cry|scare (?:\w+ ){0,3}into|i know where (?:\w+ ){0,3}(?:lives?|works?|school)"
    r"|(?:fake|forged?|false|counterfeit) (?:\w+ ){0,2}(?:invoices?|receipts?|reviews?|ids?|passports?|documents?"
    r"|signatures?|notes?|certificates?|prescriptions?|money|banknotes?|cheques?|checks?)|forg(?:e|ing) (?:\w+ ){0,2}signatures?"
    r"|shoplift\w*|(?:get|break|log|sneak|hack) into (?:his|her|their|someone['’]s|somebody['’]s|(?:my|a|an) \w+['’]s) (?:\w+ ){0,2}"
    r"(?:account|phone|email|inbox|computer|laptop)s?"
    r"|without (?:his|her|their|them|him) (?:knowing|consent|permission)|spread (?:\w+ ){0,2}rumou?rs?|defam\w*"
    r"|(?:jokes?|stereotypes?|memes?) (?:about|on|making fun of) (?:\w+ ){0,2}(?:women|men|muslims?|jews?|jewish|christians?"
    r"|black|white|asians?|gay|lesbians?|trans|immigrants?|refugees?|mexicans?|africans?|arabs?|indians?|chinese|disabled"
    r"|fat|old) ?(?:people|person|folks?)?|revenge|get back at|ruin (?:\w+ ){0,2}(?:life|reputation|career|marriage)"
    r"|make (?:\w+ ){0,2}life (?:hell|miserable)|embarrass\w* (?:him|her|them|my \w+) (?:in public|publicly|online)"
    r"|fake news|misinformation|disinformation|propaganda|gaslight\w*|cheat (?:on|in) (?:\w+ ){0,2}(?:exams?|tests?)"
    r"|manipulat\w* (?:my |his |her |their |an? |the )?(?:girlfriend|boyfriend|wife|husband|partner|friends?|boss|parents?"
    r"|mother|father|mum|mom|dad|sister|brother|kids?|child|children|colleagues?|coworkers?|ex|employees?|customers?"
    r"|voters?|people|someone|somebody|him|her|them)|untraceable (?:guns?|firearms?|weapons?))\b",
    re.I)
# An accusation the request itself says is false: 'say the owner is a thief (he isn't)'.
ACCUSATION = re.compile(r"\b(thief|liar|criminal|drug dealer|cheat|crook)\b", re.I)
UNTRUE = re.compile(r"\b(isn['’]t|is not|aren['’]t|wasn['’]t|never did|not true|made[- ]up|even though)\b", re.I)
# 'kill' and 'attack' in their technical or playful senses: a process, a chess opening.
BENIGN = re.compile(r"\b(?:kill\w*|attack\w*|hack\w*) (?:(?:a|an|the|this|that|my|all|every) )?(?:\w+ )?(?:process\w*|tasks?|jobs?"
                    r"|apps?|programs?|scripts?|threads?|containers?|pods?|sessions?|servers?|openings?|lines?|queens?"
                    r"|kings?|problems?|bugs?|time|weeds?|the lights|engine)\b", re.I)
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
        if aim and any(b.start() <= aim.start() < b.end() for b in BENIGN.finditer(sentence)):
            aim = HARMFUL.search(sentence, aim.end())  # 'kill a process' is no harm; look further
        if aim is None and (accused := ACCUSATION.search(sentence, produce.end())) and UNTRUE.search(sentence, accused.end()):
            aim = accused
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
