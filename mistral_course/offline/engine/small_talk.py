"""Skill: small talk. A greeting, thanks or goodbye gets one short line; "who are you?" or
"what can you do?" gets who answers and the list of what it can do."""

from __future__ import annotations

import re

from .conversation import Conversation, Reply, Task
from .prompt import blocks
from .skill import LIKELY, SURE
from .text import STOPWORDS, words

KINDS = [  # (kind, pattern), in the order that picks the reply when a message holds several
    ("can", r"\bwhat can you( do|\b)|\bcapabilit\w*|\bwhat do you do\b|\bhow can you help\b|\bwhat tasks\b"
            r"|\bwhat are you (?:\w+ )?(?:good|able) \w+|\bwhat are your (?:skills|features|limits|limitations)\b"
            r"|\bwhat can i (?:ask|use you)|\bwhat(?:'s| is) your (?:purpose|job)\b|\bwhat do you know\b"
            r"|\bwhat (?:you are|you're) (?:able|good)\b|\bwhat you can do\b"
            r"|\bwhat (?:sorts?|kinds?|types?) of (?:things|tasks|stuff|questions) (?:can|could you|you can|you could|you are able|you're able)\b"
            r"|\bwhat can you help (?:me )?with\b|^\W*(?:help|help me|help please|please help|need help)\W*$"),
    ("who", r"\b(who|what) are you\b|\bintroduce yourself\b|\bidentify yourself\b|\byour name\b|\bwhich model\b"
            r"|\bwhat model\b|\bare you (a|an) (ai|bot|robot|model|human|llm|person|real|language model|chatbot|chat bot"
            r"|computer|program|machine|assistant)\b|\bwho (made|built|created) you\b"
            r"|\bis this (?:chatgpt|gpt|mistral|claude|gemini|an? (?:ai|bot|robot|model|human|person|real person|language model))\b"
            r"|\bwhat(?:'s| is) your name\b|\bare you (?:real|human|a real person|chatgpt|gpt|mistral|claude|gemini|alive)\b"
            r"|\bwho (?:am i|i am|i'm) (?:talking|speaking|chatting) (?:to|with)\b"
            r"|\bam i (?:talking|speaking|chatting) (?:to|with) (?:a|an) (?:actual |real |live )?(?:human|person|bot|ai|machine|robot)\b|\bwho(?:'s| is) this\b"),
    ("how", r"\bhow are (?:you|u|ya)(?: doing| today| doing today| going)?(?=\s*(?:[?!.,]|$))|\bhow's it going\b"
            r"|\bhow are things\b|\bhow do you do\b|\bwh?at'?s up\b(?!\s+with)|\bsup\b|\bhow's your day\b"
            r"|\b(?:u|you) (?:good|ok|okay|alright)\s*\?"),
    ("thanks", r"\b(thanks?|thank (you|u)|thx|ty|tysm|tyvm|ta|cheers|much appreciated|appreciate it|many thanks"
               r"|grateful)\b"),
    ("bye", r"\b(bye|goodbye|bye-bye|see you|see ya|cya|good ?night|later!|catch you later|talk later|ciao|take care"
            r"|talk soon|have a (nice|good|great) (day|evening|weekend))\b"),
    ("hello", r"^\W*(hello+|hi+|hey+|heya|hiya|howdy|greetings|good (morning|afternoon|evening|day)|morning|evening"
              r"|yo+|g'day|nice to meet you|pleased to meet you)\b"
              r"|\b(?:is )?any(?:one|body) (?:there|here|around|home)\b|\bare you (?:there|here|awake|online)\b"),
    ("ok", r"^\W*(?:ok(?:ay)?|k|cool|nice|great|got it|gotcha|alright|all right|right|understood|noted|i see|ah ok|oh ok)\W*$"),
]
# How people text: 'wat can u do', 'who r u', 'how r u', 'ur name'
TEXTED = [(r"\bu\b", "you"), (r"\br\b", "are"), (r"\b(?:wat|wht|wut)\b", "what"), (r"\bur\b", "your"),
          (r"\bya\b", "you")]
# Words that keep a message social once its greeting, thanks or goodbye is taken out.
FILLER = re.compile(r"\b(mate|m8|man|guys|everyone|all|there|again|so much|very much|a lot|a bunch|buddy|friend|folks|team"
                    r"|for (?:the|your|all (?:the|your)) (?:help|support|answer|reply)|for (?:that|this|everything)"
                    r"|for now|bot|ai|dear|sir|madam|really|just|lol|haha|that helped|it helped|helped a lot"
                    r"|that was (?:helpful|great|useful)|very helpful|so helpful|(?:that(?:'s|s| has)?|it(?:'s|s)?) sorted(?: it)?)\b", re.I)
REQUEST = re.compile(r"\b(please|pls|can you|could you|would you|will you|remind|send|book|tell me|give me|need|want"
                     r"|help me|make|write|check|find|summari[sz]e|classify|translate|explain|fix|correct|show|list"
                     r"|convert|extract|draft|answer|question|problem|issue|trouble|error|bug|about|regarding|in advance"
                     r"|but|however|although|though|except|missing|what|whats|when|where|which|why|who|how)\b"
                     r"|(?:^|[.!?]\s+)now\b", re.I)  # a greeting or thanks before a request
TASK = re.compile(r"\b(summari[sz]e|classify|translate|fix|correct|convert|extract|draft|write|calculate|book|send"
                  r"|remind|weather|text|email|e-mail|code|review)\b", re.I)  # a task beside 'who are you?'
UNHAPPY = re.compile(r"\b(nothing|useless|wrong|bad|terrible|awful|not|didn't|doesn't|don't|worst|broken|rubbish)\b", re.I)
QUOTED = re.compile(r"\"[^\"\n]{0,300}\"|“[^”\n]{0,300}”|‘[^’\n]{0,300}’|(?<!\w)'[^'\n]{0,300}'(?!\w)")
BRIEF = re.compile(r"\b(?:brief\w*|short(?:ly)?|quick(?:ly)?|in (?:a|one) (?:sentence|line)|one[- ]liner|in a few words"
                   r"|in (?:a )?nutshell|tl;?dr|sum(?:marise|marize)? (?:it )?up)\b", re.I)
ORDER = ["can", "who", "how", "thanks", "bye", "hello", "ok"]
LINES = {
    "thanks": "You're welcome!",
    "ok": "Alright. Ask me anything from the lessons when you're ready.",
    "bye": "Goodbye, and good luck with the course!",
    "how": "I'm fine, thanks: I'm the course's offline backend, ready when you are.",
    "hello": "Hello! I'm the course's offline backend. Ask me \"what can you do?\" to see what I can answer.",
    "who": "I'm the course's offline backend, an assistant program of rules standing in for Mistral's models: "
           "not a person, not a language model. Ask \"what can you do?\" for the list.",
}


class SmallTalk:
    name = "small_talk"
    summary = "make small talk"
    lesson = "lesson 00"

    def __init__(self, capabilities: list[str] | None = None):
        self.capabilities = capabilities or []  # summaries of every skill the engine has (set by the engine)

    def read(self, conv: Conversation) -> Task | None:
        """Small talk is a greeting, thanks, goodbye or question about the backend, with nothing left over
        once it is taken out but a few social words: no question, no request, no figures, no complaint."""
        text = conv.last_user.strip()
        if not words(text) or len(words(text)) > 40 or blocks(text):
            return None
        text = QUOTED.sub(" ", text)  # quoted text is no small talk
        for texted, written in TEXTED:
            text = re.sub(texted, written, text, flags=re.I)
        found = [(kind, m) for kind, pattern in KINDS for m in re.finditer(pattern, text, re.I)]
        if not found:
            return None
        rest = text
        for _, m in sorted(found, key=lambda f: -f[1].start()):
            rest = rest[:m.start()] + " " + rest[m.end():]
        rest = FILLER.sub(" ", rest)
        content = [w for w in words(rest) if w not in STOPWORDS]
        kind = found[0][0] if found[0][0] in ("can", "who") else min(found, key=lambda f: ORDER.index(f[0]))[0]
        if kind in ("can", "who"):  # a question about the backend may come with its own 'please' and '?'
            if TASK.search(rest) or re.search(r"\d", rest) or len(content) > 12:
                return None
            brief = kind == "can" and BRIEF.search(text)
            return Task(self.name, SURE, "small talk", "can, briefly" if brief else kind)
        if re.search(r"\w[^?.!]*\?", rest) or REQUEST.search(rest) or re.search(r"\d", rest) or len(content) > 15:
            return None  # a greeting before a question or a task: the task decides
        if UNHAPPY.search(rest) and kind in ("thanks", "hello", "how"):
            return None  # 'thanks for nothing, that was useless' is no thanks
        return Task(self.name, SURE if len(content) <= 3 else LIKELY, "small talk", kind)

    def answer(self, task: Task) -> Reply:
        if task.data == "can, briefly":  # 'briefly', 'in a sentence': the list would be longer than asked
            return Reply(content="I'm the course's offline backend: rules for summaries, labels, JSON, tool calls, "
                                 "answers from a text, e-mail replies and proofreading, not a language model.",
                         skill=self.name)
        if task.data != "can":
            return Reply(content=LINES[task.data], skill=self.name)
        listed = "; ".join(self.capabilities)
        text = (f"I'm the course's offline backend: rules, not a language model. I can {listed}. "
                "Otherwise, set MISTRAL_API_KEY for a real Mistral model.")
        return Reply(content=text, skill=self.name)
