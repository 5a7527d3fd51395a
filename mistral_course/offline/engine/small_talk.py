"""Skill: small talk. A greeting, thanks or goodbye gets one short line; "who are you?" or
"what can you do?" gets who answers and the list of what it can do."""

from __future__ import annotations

import re

from .conversation import Conversation, Reply, Task
from .skill import SURE
from .text import STOPWORDS, words

KINDS = [  # (kind, pattern over the whole short message)
    ("can", r"\bwhat can you( do|\b)|\bcapabilit\w*|\bwhat do you do\b|\bhow can you help\b|\bwhat tasks\b"
            r"|\bwhat are you (?:good|able) \w+|\bwhat are your (?:skills|features|limits|limitations)\b"
            r"|\bwhat can i (?:ask|use you)|\bwhat(?:'s| is) your (?:purpose|job)\b|\bwhat do you know\b"
            r"|\bwhat (?:you are|you're) (?:able|good)\b|\bwhat you can do\b"),
    ("who", r"\b(who|what) are you\b|\bintroduce yourself\b|\bidentify yourself\b|\byour name\b|\bwhich model\b"
            r"|\bwhat model\b|\bare you (a|an) (ai|bot|robot|model|human|llm|person|real)\b|\bwho (made|built|created) you\b"
            r"|\bwhat(?:'s| is) your name\b|\bare you (?:real|human|a real person|chatgpt|gpt|mistral|claude|gemini|alive)\b"
            r"|\bwho am i (?:talking|speaking|chatting) (?:to|with)\b|\bwho(?:'s| is) this\b"),
    ("thanks", r"\b(thanks?|thank (you|u)|thx|ty|tysm|tyvm|ta|cheers|much appreciated|appreciate it|many thanks"
               r"|grateful)\b"),
    ("bye", r"\b(bye|goodbye|see you|see ya|cya|good night|later|ciao|take care|talk soon|have a (nice|good) day)\b"),
    ("how", r"\bhow are you\b|\bhow's it going\b|\bhow are things\b|\bhow do you do\b|\bwhat's up\b|\bhow's your day\b"),
    ("hello", r"^\W*(hello+|hi+|hey+|hiya|howdy|greetings|good (morning|afternoon|evening|day)|morning|evening|yo|g'day"
              r"|nice to meet you|pleased to meet you)\b"),
]
REQUEST = re.compile(r"\b(please|pls|can you|could you|would you|will you|remind|send|book|tell me|give me|need|want"
                     r"|help me|make|write|check|find)\b", re.I)  # thanks said at the end of a request
QUOTED = re.compile(r"\"[^\"\n]{0,300}\"|“[^”\n]{0,300}”|‘[^’\n]{0,300}’|(?<!\w)'[^'\n]{0,300}'(?!\w)")
LINES = {
    "thanks": "You're welcome!",
    "bye": "Goodbye, and good luck with the course!",
    "how": "I'm fine, thanks: I'm the course's offline backend, ready when you are.",
    "hello": "Hello! I'm the course's offline backend. Ask me \"what can you do?\" to see what I can answer.",
    "who": "I'm the course's offline backend: rules that stand in for Mistral's models, not a language model. "
           "Ask \"what can you do?\" for the list.",
}


class SmallTalk:
    name = "small_talk"
    summary = "make small talk"
    lesson = "lesson 00"

    def __init__(self, capabilities: list[str] | None = None):
        self.capabilities = capabilities or []  # summaries of every skill the engine has (set by the engine)

    def read(self, conv: Conversation) -> Task | None:
        text = conv.last_user.strip()
        if not words(text) or len(words(text)) > 30:  # small talk is short; anything longer is a task
            return None
        text = QUOTED.sub(" ", text)  # quoted text is no small talk
        ws = words(text)
        for kind, pattern in KINDS:
            m = re.search(pattern, text, re.I)
            if not m:
                continue
            rest = [w for w in words(text[: m.start()] + " " + text[m.end():]) if w not in STOPWORDS]
            # "what can you do?" in a longer message; thanks or goodbye with no question or request; a bare greeting
            plain = "?" not in text and ":" not in text and len(ws) <= 20 and not REQUEST.search(text)
            if kind in ("can", "who") or (kind in ("thanks", "bye") and plain) or len(rest) <= 3:
                return Task(self.name, SURE, "small talk", kind)
        return None

    def answer(self, task: Task) -> Reply:
        if task.data != "can":
            return Reply(content=LINES[task.data], skill=self.name)
        listed = "; ".join(self.capabilities)
        text = ("I'm the course's offline backend: rules, not a language model, with no key and no network. "
                f"I can {listed}. For anything else, set MISTRAL_API_KEY to use a real Mistral model.")
        return Reply(content=text, skill=self.name)
