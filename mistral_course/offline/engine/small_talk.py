"""Skill: small talk. A greeting, thanks or goodbye gets one short line; "who are you?" or
"what can you do?" gets who answers and the list of what it can do."""

from __future__ import annotations

import re

from .conversation import Conversation, Reply, Task
from .skill import SURE
from .text import STOPWORDS, words

KINDS = [  # (kind, pattern over the whole short message)
    ("about", r"\b(who|what) are you\b|\bwhat can you( do|\b)|\bintroduce yourself\b|\byour name\b"
              r"|\bwhich model\b|\bwhat model\b|\bcapabilit\w*|\bwhat do you do\b|\bhow can you help\b"
              r"|\bwhat tasks\b|\bare you (a|an) (ai|bot|robot|model|human|llm)\b"),
    ("thanks", r"\b(thanks?|thank you|thx|ty|cheers|much appreciated|appreciate it)\b"),
    ("bye", r"\b(bye|goodbye|see you|see ya|good night|later|ciao)\b"),
    ("how", r"\bhow are you\b|\bhow's it going\b|\bhow are things\b|\bhow do you do\b"),
    ("hello", r"^\W*(hello|hi|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|yo)\b"),
]
LINES = {
    "thanks": "You're welcome!",
    "bye": "Goodbye, and good luck with the course!",
    "how": "I'm fine, thanks: I'm the course's offline backend, ready when you are.",
    "hello": "Hello! I'm the course's offline backend. Ask me \"what can you do?\" to see what I can answer.",
}


class SmallTalk:
    name = "small_talk"
    summary = "answer a greeting or thanks in a line, and say what I can do"
    lesson = "lesson 00"

    def __init__(self, capabilities: list[str] | None = None):
        self.capabilities = capabilities or []  # summaries of every skill the engine has (set by the engine)

    def read(self, conv: Conversation) -> Task | None:
        text = conv.last_user.strip()
        ws = words(text)
        if not ws or len(ws) > 12:  # small talk is short; anything longer is a task
            return None
        for kind, pattern in KINDS:
            m = re.search(pattern, text, re.I)
            rest = [w for w in words(text[: m.start()] + " " + text[m.end():]) if w not in STOPWORDS] if m else []
            if m and len(rest) <= 3:  # more than a few other words: a task that opens politely
                return Task(self.name, SURE, "small talk", kind)
        return None

    def answer(self, task: Task) -> Reply:
        if task.data != "about":
            return Reply(content=LINES[task.data], skill=self.name)
        listed = "; ".join(self.capabilities)
        text = ("I am the course's offline stand-in for Mistral's models: rules for a few tasks, not a language "
                "model. I run inside your Python process with no key and no network, and give the same answer every "
                f"time. I can: {listed}. For anything else, set MISTRAL_API_KEY to talk to a real Mistral model.")
        return Reply(content=text, skill=self.name)
