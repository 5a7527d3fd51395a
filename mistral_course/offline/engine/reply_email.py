"""Skill: write a reply e-mail to a customer using only a block of facts.

It finds the customer's message (a fenced block, or the lines after a
heading or key such as "Email:"), the sender's name (the line after a
sign-off such as "Regards," or a short last line), the facts (lines that
hold numbers, outside the message), and the signature the prompt asks for
(`Sign the email with "..."`). It quotes the facts whose words best match the
question, adds a one-line comparison when the customer asks to compare two
figures of the same kind, and never states a number that is not in the facts. When no fact
matches the question, the reply says the facts do not cover it.
"""

from __future__ import annotations

import re

from .. import resources
from .conversation import Conversation, Reply, Task
from .prompt import blocks, fenced_spans, lines, outside_blocks, unquote
from .skill import SURE, UNSURE
from .text import STOPWORDS, concept, words

ASKS = re.compile(r"\b(e-?mail|reply|replies|respond|response|write back|sign[- ]off"
                  r"|answer (?:the|this|that|her|him|them|our|my) (?:customer|client|sender|guest|resident|patient"
                  r"|member|parent|tenant|caller|message|enquiry|inquiry|query|letter|note))\b", re.I)
REPLY_VERB = re.compile(r"\b(reply|replies|respond|response|write back|answer|draft|write|compose)\b", re.I)
OTHER_TASK = re.compile(r"\b(json|extract\w*|pars(?:e|ing)|summar\w*|tl;?dr|classif\w*|categori[sz]e|label|translat\w*"
                        r"|proofread\w*|fields?|keys)\b", re.I)
ANSWER_FORM = re.compile(r"\b(?:reply|respond|answer)\s+(?:only\s+)?(?:with|in|using)\s+(?:only\s+|just\s+)?(?:the|a|an|one"
                         r"|a single|single)?\s*(?:\w+\s+)?(?:label|category|class|word|letter|number|json|yes|no|true|false"
                         r"|intent|tag|score)s?\b", re.I)
SIGNOFF = re.compile(r"^(best|kind|warm)?\s*(regards|wishes|thanks|thank you|cheers|sincerely|best|yours)\b.*$", re.I)
SIGN_AS = re.compile(r"sign(?:ed)?(?:[- ]off)?(?: the (?:e-?mail|reply|message))?(?: with| as)?\s*[\"“']([^\"”']+)[\"”']", re.I)
SHORT = 4  # a policy of this many sentences is quoted whole once it answers the message: a part could mislead
NUMBER = re.compile(r"\d+(?:\.\d+)?\s*%?")


MESSAGE_LABEL = re.compile(r"^[ \t]*(?:#+\s*)?(?:(?:the\s+)?(?:customer|guest|patient|client|member|user|buyer|tenant|parent"
                           r"|student|caller)(?:'s|s')?\s*)?(?:e-?mail|message|inquiry|enquiry|question|asks|says|wrote|note"
                           r"|request|customer|guest|patient|client)(?:[ \t]+from[ \t]+[\w' ]{1,30})?[ \t]*:[ \t]*(.*)$", re.I | re.M)
FACTS_LABEL = re.compile(r"^[ \t]*(?:#+\s*)?(?:[\w' ,.]{0,120}\s)?(?:facts?|info(?:rmation)?|details|policy|policies|rules?|pricing|prices"
                         r"|rates|data|notes|requirements)\b[^:\n]{0,30}:[ \t]*(.*)$", re.I | re.M)


OWNED_LABEL = re.compile(r"^[ \t]*(?:[\w']+[ \t]+){0,2}(?:message|msg|e-?mail|enquiry|inquiry|question|ticket)"
                         r"(?:[ \t]*\([^)\n]{0,40}\))?[ \t]*:[ \t]*(.*)$", re.I | re.M)  # 'her msg: "..."'


def _section(prompt: str, m: re.Match) -> str:
    """A labelled section: the rest of the label's line, else the lines after it up to the next label."""
    if m.group(1).strip():
        return m.group(1).strip()
    rest = prompt[m.end():].lstrip(" \t\n")  # the blank line after the label is not the section's end
    stop = re.search(r"\n\s*\n(?=\s*(?:#+\s*)?[\w' ]{1,40}:)|\n\s*#+\s", rest)
    return (rest[: stop.start()] if stop else rest).strip()


HEADING = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?:the[ \t]+)?(?:customer(?:'s)?[ \t]+)?(?:e-?mail|message|inquiry|enquiry|question)"
                     r"[ \t]*:?[ \t]*$", re.I | re.M)


MESSAGE_WORDS = re.compile(r"\b(?:message|msg|e-?mail|enquiry|inquiry|question|ticket|complaint|wrote|writes|asks|asked"
                           r"|says|said)\b", re.I)
FACTS_WORDS = re.compile(r"\b(?:facts?|kb|knowledge|info|information|details|polic(?:y|ies)|notes|arranged|approved"
                         r"|know|requirements?|pricing|prices|rates|data|terms|options|points|answer|reply|response)\b",
                         re.I)


def _labelled_blocks(prompt: str) -> list[tuple[str, str]]:
    """(label, contents) of each fenced block: the tag's name, or the short line just before the fence."""
    out = []
    for start, _end, inner in fenced_spans(prompt):
        tag = re.match(r"<([A-Za-z_][\w-]*)>", prompt[start:start + 40])
        before = prompt[max(0, start - 200):start].rstrip().rsplit("\n", 1)[-1]  # a short look back: linear work
        label = tag.group(1).replace("_", " ") if tag else before if len(before.split()) <= 8 else ""
        out.append((label, inner.strip()))
    return out


def _message(prompt: str) -> str:
    labelled_blocks = [(label, inner) for label, inner in _labelled_blocks(prompt) if inner]
    asked = [inner for label, inner in labelled_blocks if MESSAGE_WORDS.search(label) and not
             re.search(r"\b(?:facts?|kb|info|policy|notes|details)\b", label, re.I)]
    if asked:  # '<ticket>...</ticket>', 'Resident enquiry:' and a fence: the message whatever comes after it
        return asked[-1]
    headings = list(HEADING.finditer(prompt))
    if headings:  # a heading such as '# Email' on its own line: the message is what follows it
        rest = prompt[headings[-1].end():]
        stop = re.search(r"\n[ \t]*#+[ \t]", rest)
        rest = (rest[: stop.start()] if stop else rest).strip()
        facts = FACTS_LABEL.search(rest)  # 'Customer email:' then the e-mail, then 'Facts:': the e-mail alone
        rest = rest[: facts.start()].strip() if facts and facts.start() > 0 else rest
        quoted = QUOTED_MESSAGE.match(rest)
        return next(g for g in quoted.groups() if g is not None) if quoted and quoted.end() >= len(rest) - 1 else rest
    labelled = [m for m in MESSAGE_LABEL.finditer(prompt) if not FACTS_LABEL.match(m.group(0))] or \
        [m for m in OWNED_LABEL.finditer(prompt) if not FACTS_LABEL.match(m.group(0))]
    if labelled:
        found = _section(prompt, labelled[-1])
        inner = blocks(found) or [next(g for g in m.groups() if g is not None) for m in QUOTED_MESSAGE.finditer(found)]
        # a quoted message, not what follows; its closing quote is the kind that opened it ('3 days' notice' is no end)
        return unquote(inner[0] if inner else found)
    fenced = blocks(prompt)
    if fenced:
        return fenced[-1]
    quoted = [q for q in re.findall(r"(?<!\w)[\"“'‘](.{20,}?)[\"”'’](?!\w)", prompt, re.S) if "?" in q]
    return quoted[-1] if quoted else ""


QUOTED_MESSAGE = re.compile(r"^\"(.+?)\"(?=\s|$)|^“(.+?)”(?=\s|$)|^'(.+?)'(?=\s|$)|^‘(.+?)’(?=\s|$)", re.S)


def _sender(message: str) -> str | None:
    rows = [r.strip() for r in message.splitlines() if r.strip()]
    for i, row in enumerate(rows[:-1]):
        if SIGNOFF.match(row):
            return rows[i + 1].rstrip(".,")
    m = re.search(r"(?:regards|thanks|cheers|best),\s*([A-Z][a-z]+(?: [A-Z][a-z]+)?)\s*$", message.strip(), re.I)
    if m:
        return m.group(1)
    last = rows[-1] if rows else ""
    return last if 0 < len(last.split()) <= 3 and last[:1].isupper() and not NUMBER.search(last) else None


FACTS_HEADING = re.compile(r"^[ \t]*#+[ \t]*(?:[\w' ]{0,30}[ \t])?(?:facts?|info(?:rmation)?|details|policy|policies|pricing"
                           r"|prices|rates|data|notes)[ \t]*$", re.I | re.M)


def _facts(prompt: str, message: str) -> list[str]:
    return [f for f in _fact_lines(prompt, message) if re.search(r"[A-Za-z0-9]{2}", f)
            and not INSTRUCTION.search(f) and not f.rstrip().endswith(":")]  # the request is not a fact


# 'Please write a reply to ...', 'need to reply to my tenant', 'her message:': the learner's request, not a fact
INSTRUCTION = re.compile(r"\b(?:write|draft|compose|prepare)\b.{0,40}\b(?:reply|response|e-?mail|answer|message)\b"
                         r"|\b(?:reply|respond)\s+(?:to|back)\b|\b(?:her|his|their|the)\s+(?:message|msg|email)\s*:", re.I)
SPLIT_ITEMS = re.compile(r"\n|\s+/\s+|;\s*|(?<=[.!])\s+(?=[A-Z0-9])")


def _split_items(section: str) -> list[str]:
    """A section's facts: its lines, and the parts of a line split at ';' or a full stop, unless the line is one
    named row ('Admission: adults £8; children under 16 free' is one fact about admission)."""
    out = []
    for line in re.split(r"\n|\s+/\s+", section):
        line = re.sub(r"^[ \t]*(?:[-*•]|\d+[.)])[ \t]+", "", line)
        out += [line] if ROW.match(line) else SPLIT_ITEMS.split(line)
    return [i.strip(" -*•\t.") for i in out if len(i.split()) >= 2]


def _fact_lines(prompt: str, message: str) -> list[str]:
    for label, inner in _labelled_blocks(prompt):  # '<kb>...</kb>', 'What the manager approved:' and a fence
        if inner != message and message not in inner and FACTS_WORDS.search(label) and not MESSAGE_WORDS.search(label):
            return _split_items(unbullet_all(inner))
    rest = prompt.replace(message, " ")
    introduced = [m for m in INTRODUCED.finditer(rest) if not MESSAGE_WORDS.search(m.group(0))]
    if introduced and not FACTS_LABEL.search(rest):  # '..., only these details:' and the lines below it
        section = re.split(r"\n\s*\n(?=[^\n]*:)", rest[introduced[-1].end():].strip("\n"), maxsplit=1)[0]
        return _split_items(section)
    labelled = list(FACTS_LABEL.finditer(rest))
    heading = list(FACTS_HEADING.finditer(rest))
    if heading and not labelled:  # '### Policy' on its own line: the lines up to the next heading
        after = rest[heading[-1].end():]
        stop = re.search(r"\n[ \t]*#+[ \t]", after)
        section = after[: stop.start()] if stop else after
        return [i.strip(" -*•\t.") for i in re.split(r"\n|(?<=[.!])\s+(?=[A-Z0-9])", section) if len(i.split()) >= 2]
    if labelled:
        section = _section(rest, labelled[-1])
        inner = blocks(section)
        section = inner[0] if inner else section
        return _split_items(section)
    listed = []
    for paragraph in re.split(r"\n\s*\n", rest):  # a paragraph of 'Name: value' rows or of bullets is a list of facts
        rows = [r for r in paragraph.splitlines() if r.strip()]
        items = [r for r in rows if ROW.match(r) or r.strip().startswith(("-", "*", "•"))]
        if len(items) >= 2 and len(items) >= len(rows) - 1 and not any(INSTRUCTION.search(r) for r in items):
            listed += [r.strip(" -*•\t") for r in items]
    if listed:
        return listed
    return [r.strip(" -*•\t") for r in lines(rest) if NUMBER.search(r) and len(r.split()) <= 30 and ":" in r or
            (NUMBER.search(r) and r.strip().startswith(("-", "*", "•", "|")))]


ROW = re.compile(r"^[ \t]*[\w'(][\w' ()/&-]{1,40}:[ \t]+\S")  # 'How to claim: JourneyBack form on our website'


INTRODUCED = re.compile(r"^[^\n]{0,200}\b(?:facts?|details|info(?:rmation)?|points|what (?:i|we) (?:know|have|arranged)"
                        r"|approved|kb)\b[^\n]{0,40}:[ \t]*$", re.I | re.M)


def unbullet_all(text: str) -> str:
    return re.sub(r"^[ \t]*(?:[-*•]|\d+[.)])[ \t]+", "", text, flags=re.M)


# Words that say what kind of figure is asked or greet, not what it is about: 'the fee for a will' is about a will.
MEASURES = {concept(w) for w in "price much many cost fee charge rate long time often amount number get know tell "
            "need want like please thank thanks hi hello dear regards".split()}
STRONG = 0.6  # an embedding similarity that means the same thing in other words
NEAR = 0.45  # close enough that another wording may be the same thing


WEAK = {concept(w) for w in "per good morning evening afternoon around about just also really hi hiya hey kind year years "
        "i'm im offer offers offered provide provides provided".split()}  # 'do you offer X?': X is the topic  # 'Kind regards', the 'year' of '7-year' and '20-year': no topic


def _key_terms(text: str) -> set[str]:
    terms = {concept(w) for w in words(text) if w not in STOPWORDS and w not in ("compared", "compare") and len(w) > 1}
    terms |= {m.group().replace(" ", "-") for m in re.finditer(r"\d+[- ]year", text.lower())}
    return terms


def _topic(text: str) -> set[str]:
    """What a text is about: its key terms without the measure words, cut to seven letters ('deliver' meets
    'delivery')."""
    return {t[:7] for t in _key_terms(text) - MEASURES - WEAK if not t.isdigit()}


def _shape(row: str) -> str:
    """A row's value with its figures blanked: rows of one kind ('interest rate #%, APR #%') share it."""
    return re.sub(r"\d+(?:[.,]\d+)*", "#", row.split(":", 1)[1].strip().lower())


def _head(row: str) -> str:
    """The last word of a row's name, what it names a kind of: 'plan' in 'Premium plan'."""
    named = [w for w in words(row.split(":")[0]) if w not in STOPWORDS]
    return concept(named[-1])[:7] if named else ""


def _relevant(facts: list[str], message: str, unsure: list | None = None) -> list[str]:
    """For each question in the message, the facts whose name (the part before ':') best match it; extra name
    words count against. Facts that match no question are left out."""
    questions = [q for q in re.split(r"(?<=[?.!])\s+|,\s*(?:and\s+)?(?=(?:what|how|can|do|does|is|are|when|which|where"
                                     r"|who|will|would|could|should|has|have|did)\b)"
                                     r"|\s+and\s+(?=(?:what|how|when|where|can|do|does|is|are|will|should|could)\s)",
                                     message, flags=re.I)
                 if "?" in q or re.match(r"\s*(?:(?:hi|hello|hey|hiya)\b[\s,!]*)?(what|how|can|do|does|is|are|when|which|where|who|will|would|could"
                                                  r"|should|has|have|did)\b", q,
                                         re.I)] or [message]
    chosen, unsure, doubts = [], unsure if unsure is not None else [], []
    about = _topic(message)  # what the whole message is about
    known = set().union(*(_topic(f) for f in facts))
    for question in questions:
        asked = _key_terms(question)

        def score(fact: str) -> float:
            if ":" not in fact:  # a plain sentence: the words it shares with the question
                return len(asked & _key_terms(fact)) - 0.05 * len(_key_terms(fact) - asked)
            name = _key_terms(fact.split(":")[0])
            return len(asked & name) - 0.5 * len(name - asked) + 0.1 * len(asked & _key_terms(fact))

        similarity = resources.embed([question, *facts])
        meaning = similarity[1:] @ similarity[0]  # 'first session' meets 'initial assessment'
        scores = [score(f) + float(m) for f, m in zip(facts, meaning)]
        if re.search(r"\bhow much\b|\b(cost|price|fee|charge|rate)s?\b", question, re.I):
            scores = [s + (1.0 if re.search(r"[$€£¥]\s?\d|\d\s?(?:%|usd|eur|gbp|chf)|\bfree\b", f, re.I) else 0)
                      for s, f in zip(scores, facts)]
        scores = [s if about & _topic(f) or m >= STRONG else 0
                  for s, f, m in zip(scores, facts, meaning)]  # a fact that shares no word and no clear meaning: out
        topic = _topic(question)
        shared = topic & known
        if (not shared or len(topic) >= 3 and len(shared) * 3 < len(topic) or _unanswered(question, known)) and (
                "?" in question or re.match(r"\s*(what|how|when|where|which|who)\b", question, re.I)):
            doubts.append(question)  # no fact shares a word with it, or few of its words: perhaps in other words
        best = max(scores, default=0)
        if best <= 0:
            continue
        chosen += [f for f, s in zip(facts, scores) if s > 0 and s > best - 0.5 and f not in chosen][:4]
    for question in doubts:  # 'and how long does it take?' asks about what a chosen fact names, if it gives the
        if not chosen or len(_topic(question)) > 1 or not any(  # kind of value asked ('3-5 working days')
                asks.search(question) and any(gives.search(f) for f in chosen) for asks, gives in KINDS):
            unsure.append(question)
    if chosen:  # a fact that shares the message's words belongs in the reply too ('bring photo ID when collecting');
        # a row counts by a word of its name that the message says and the chosen rows' names do not ('free plan'
        # for 'the free tier'), never by the words of its value, so 'Off-peak plan' stays out beside 'Premium plan'
        names = set().union(*(_topic(f.split(":")[0]) for f in chosen if ":" in f))
        chosen += [f for f in facts if f not in chosen and (about & (_topic(f.split(":")[0]) - names) if ":" in f
                                                            else about & _topic(f))]
        # a row about the same thing as a chosen row is part of the answer: 'How to claim' brings 'Claim deadline',
        # 'Guest pass price' brings 'ID: guest must bring photo ID' (the conditions a real reply would mention)
        # ('Off-peak plan' beside 'Premium plan' is another of the same kind, not a condition: same head noun)
        subject = set().union(*(_topic(f.split(":")[0]) for f in chosen if ":" in f)) - MEASURES
        heads = {_head(f) for f in chosen if ":" in f}
        shapes = {_shape(f) for f in chosen if ":" in f}  # 'interest rate 5.5%, APR 5.7%' beside its like: another
        chosen += [f for f in facts if f not in chosen and ":" in f and subject & _topic(f) and _head(f) not in heads
                   and _shape(f) not in shapes]  # product's figures, not a condition of the chosen one
        for question in questions:  # 'when is the fix coming?' and 'Fix is in 4.8.2': the date is in the one fact
            for asks, gives in [*KINDS, WHERE]:  # that names 4.8.2 too; with no such fact, rules can't tell
                if asks.search(question) and not any(gives.search(f) for f in chosen):
                    linked = [f for f in facts if f not in chosen and gives.search(f)
                              and _tokens(f) & set().union(*(_tokens(c) for c in chosen))]
                    if len(linked) == 1:
                        chosen.append(linked[0])
                    elif question not in unsure:
                        unsure.append(question)
    return chosen[:6]


YES_NO = re.compile(r"^\W*(?:(?:hi|hello|hey|and|also|so|but|ok|okay)\W+)*(?:is|are|do|does|did|can|could|will|would|has"
                    r"|have)\b", re.I)
WHICH = re.compile(r"\b(?:which|what)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:is|are|was|do|does|did|will|can|should|my|your"
                   r"|our|the)\b", re.I)


def _unanswered(question: str, known: set[str]) -> bool:
    """What a question asks that no fact names: the last word of a yes/no question ('... certified organic?'),
    or the thing a 'which' question asks for ('which scheme is my deposit protected with?')."""
    m = THING_ASKED.search(question)  # 'will there be an interpreter ...?', 'could I get an extension ...?'
    if m:
        thing = [w for w in words(m.group(1)) if w not in STOPWORDS and len(w) > 2 and not w.isdigit()
                 and concept(w) not in WEAK | MEASURES | AVAILABLE | GENERIC_ASKS | PLACEHOLDERS]
        if any(concept(w)[:7] not in known for w in thing):
            return True
    if YES_NO.match(question):  # the thing it ends on must be in the facts: 'will there be an interpreter available?'
        asked = [w for w in words(_without_names(question)) if w not in STOPWORDS and len(w) > 2
                 and concept(w) not in WEAK | MEASURES | AVAILABLE]
        return bool(asked) and concept(asked[-1])[:7] not in known and not asked[-1].isdigit()
    m = WHICH.search(question)
    if m:
        thing = {concept(w)[:7] for w in words(m.group(1)) if w not in STOPWORDS and concept(w) not in MEASURES | WEAK}
        return bool(thing) and not thing & known
    m = WHAT_VERB.search(question)  # 'what does Ella need to bring ...?': a fact must say the bringing
    if m and m.group(1).lower() not in STOPWORDS:
        return concept(m.group(1).lower())[:7] not in known
    return False


THING_ASKED = re.compile(r"\b(?:(?:is|are|will|would) there (?:be )?|(?:can|could|may|might) (?:i|we|he|she|they) (?:get|have"
                         r"|book|request|arrange) |do you (?:have|offer|provide|do|sell) )(?:an? |any |some |the )?"
                         r"((?:[\w-]+ ){0,2}?[\w-]+)(?= (?:for|on|at|in|with|to|from|if|when|available|this|next|please)\b|\s*[?,.]|$)",
                         re.I)
PLACEHOLDERS = {concept(w) for w in "somewhere anywhere anything something anyone someone anybody somebody way ways chance "
                "need option options possibility".split()}  # 'is there any way ...?' names no thing
AVAILABLE = {concept(w) for w in "available open possible allowed ok okay still yet".split()}  # 'is X available?' asks of X
GREETING = re.compile(r"^\W*(?:(?:hi|hello|hey|hiya|dear|good (?:morning|afternoon|evening))\b[^,!?.\n]{0,40}[,!.]\s*)+", re.I)


def _without_names(question: str) -> str:
    """A question without its greeting and the capitalised words inside it (names: 'Hi Mrs Pemberton, will ...')."""
    question = GREETING.sub("", question)
    return re.sub(r"(?<=[a-z,;] )(?:(?!(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)"
                  r"[A-Z][a-z]+\b ?)+", " ", question)  # days and months are no names


WHAT_VERB = re.compile(r"\bwhat\s+(?:do|does|did|should|shall|will|must|can|would)\s+(?:[\w']+\s+){1,3}?"
                       r"(?:need\s+to\s+|have\s+to\s+|got\s+to\s+)?(bring|wear|pack|take|send|include|cover|sign|show"
                       r"|provide|upload|attach|prepare|complete|fill|submit|pay|do)\b", re.I)
GENERIC_ASKS = {concept(w) for w in "happen happened happening get getting got anything something thing things going "
                "go know help sort sorted deal news update status situation wrong".split()}


def _vague(message: str) -> bool:
    """A message whose question names no thing ('What happened and are we getting anything for it?'): no rule can
    tell that the facts do not cover it."""
    asked = [q for q in re.split(r"(?<=[?])\s+|\s+and\s+(?=(?:what|how|are|is|do|does|can|will)\b)", message, flags=re.I)
             if "?" in q]
    return any(not ({c for c in _topic(q)} - {concept(w)[:7] for w in GENERIC_ASKS}) for q in asked)


def _close_in_meaning(facts: list[str], message: str) -> bool:
    """Whether some fact is near the message in meaning or shares one of its words: then 'the facts do not
    cover it' could be wrong, since rules only see words."""
    about = _topic(message)
    if any(about & _topic(f) for f in facts):
        return True
    vectors = resources.embed([message, *facts])
    return float(max(vectors[1:] @ vectors[0], default=0)) >= NEAR


# A time or a date in a fact ('Thursday 7am', 'ready tmrw', 'within 5 working days').
TIME_GIVEN = re.compile(r"\d\s?(?:am|pm)\b|\d:\d\d|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:mon|tue|tues|wed|thu"
                        r"|thur|thurs|fri|sat|sun)\b\.?|\b\d{1,2}(?:st|nd|rd|th)\b|\b(?:hours?|days?|weeks?|months?|years?"
                        r"|minutes?|noon|midnight)\b|\d-year"
                        r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b\.?\s*\d|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb"
                        r"|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:today|tomorrow|tonight|tmrw|tmr|tomoz)\b", re.I)

# A kind of value asked ('how much', 'how soon') and a fact that gives one ('callout fee $95', 'Thursday 7am').
KINDS = [(re.compile(r"\bhow much\b|\b(?:cost|price|fee|charge|rate|pay)s?\b(?!-)", re.I),
          re.compile(r"[$€£¥]\s?\d|\d\s?(?:usd|eur|gbp|chf)\b|\b(?:usd|eur|gbp|chf)\s?\d|\bfree\b|\d\s?%", re.I)),  # a rate: %
         (re.compile(r"(?:^|[.?!,]\s+|\band\s+)\W*(?:[\w']+\W+){0,2}?when\b"  # 'when' that asks, not 'when 8.0 comes out'
                     r"|\b(?:how soon|how long|what time|what day|which day|open|close)\b", re.I),
          TIME_GIVEN)]
# Only against 'the facts do not cover it': questions a fact may answer in other words, though an answer need not
# give that kind of value ('any news on the bloods?' is answered by 'all normal'). 'Is my bike done yet?' and 'any
# update?' ask how far a job has got, and 'ready tomorrow after 3pm' says; 'let me know when suits' asks for a time;
# 'who do I speak to?' is answered by a fact that names a person, or a number or an address to reach one.
ANSWERED_OTHERWISE = [
    (re.compile(r"\b(?:yet|any (?:news|update)|an update|update on|progress on|status of)\b"
                r"|\b(?:let (?:me|us) know|tell (?:me|us)|ask(?:ing)?) when\b", re.I), TIME_GIVEN),
    (re.compile(r"\bwhom?\b|\b(?:speak|talk) to\b|\bcontact\b", re.I),
     re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b|\+?\d[\d ]{8,}\d|[\w.+-]+@[\w-]+\.\w")),
    (re.compile(r"\bwhy\b", re.I), re.compile(r"\w"))]  # a cause is told in words of its own: any fact may be it


WHERE = (re.compile(r"\bwhere\b(?!\s*(?:is|are|'s|s)\s+(?:my|our)\b)", re.I),  # not 'where is my refund?' (a status)  # 'where do I get a key?': a fact that names a place or a way to reach it
         re.compile(r"\b(?:room|office|desk|reception|counter|building|floor|level|street|road|avenue|lane|centre|center"
                    r"|hall|portal|website|online|app|address|collect\w*|located|upstairs|downstairs)\b|www\.|\.(?:com|org"
                    r"|net|uk|ie|eu)\b|\b[A-Z]\d{1,3}\b", re.I))


def _tokens(fact: str) -> set[str]:
    """A fact's distinctive tokens: versions, codes, names and numbers ('4.8.2', 'SYNC-1184', 'Hartley')."""
    return {t.lower() for t in re.findall(r"\b(?:\d+(?:\.\d+)+|[A-Z][\w-]*\d[\w-]*|[A-Z]{2,}[\w-]*)\b", fact)}


def _kind_given(facts: list[str], message: str) -> bool:
    """Whether the message asks for a kind of value that some fact gives: then the fact may answer it in other words."""
    return any(asks.search(message) and any(gives.search(f) and not FOR_OTHER.search(f) for f in facts)
               for asks, gives in [*KINDS, *ANSWERED_OTHERWISE])  # 'our fee for a freehold purchase' is the fee of
    # something else


FOR_OTHER = re.compile(r"\bfor (?:an? |the |each |every |all )?(?!you\b|us\b|it\b|(?:mon|tue|tues|wed|thu|thur|thurs|fri"
                       r"|sat|sun)[a-z]*\b|today\b|tomorrow\b|tonight\b|next\b|this\b)[a-z]+", re.I)  # 'booked for tue'
                       # is a time, not another thing's


def _comparison(chosen: list[str], question: str) -> str | None:
    if len(chosen) != 2 or not re.search(r"compar|differ|versus|vs\.?|better|lower|higher|cheaper", question, re.I):
        return None
    names = set().union(*(_key_terms(f.split(":")[0]) for f in chosen))
    for term in sorted(_key_terms(question) - names, key=len, reverse=True):  # a measure, not a product name
        values = []
        for fact in chosen:
            m = re.search(re.escape(term) + r"\W{0,3}(?:of |is )?(\d+(?:\.\d+)?)\s*%", fact, re.I)
            if m:
                values.append((fact.split(":")[0].strip(), float(m.group(1))))
        if len(values) == 2:
            (a, x), (b, y) = values
            low, high = ((a, x), (b, y)) if x <= y else ((b, y), (a, x))
            return (f"The {low[0]} {term.upper() if len(term) <= 4 else term} ({low[1]:g}%) is lower than the "
                    f"{high[0]} one ({high[1]:g}%), by {high[1] - low[1]:.3f} percentage points.")
    return None


class ReplyEmail:
    name = "reply_email"
    summary = "reply to e-mails from your facts"
    lesson = "lesson 01"

    def read(self, conv: Conversation) -> Task | None:
        prompt = conv.system + "\n\n" + conv.last_user
        own = ANSWER_FORM.sub(" ", outside_blocks(prompt))  # 'Reply with the label only.' asks for no e-mail
        if not ASKS.search(own) or not REPLY_VERB.search(own):  # the request asks for a reply, not the text it
            return None  # pastes; 'sort this email into one of: ...' names an e-mail but asks for no reply
        if (conv.wants_json or OTHER_TASK.search(own)) and not REPLY_VERB.search(own):  # 'parse this email sig into
            return None  # JSON', 'summarise the email below': the e-mail is the text of another task
        message = _message(prompt)
        if not message:
            return None
        if len(message.split()) < 5:  # 'Forwarded message': a heading, not what the customer wrote
            return Task(self.name, UNSURE, "a request to answer a message", lacking="it could not tell which text is "
                        "the message to answer")
        facts = _facts(prompt, message)
        if not facts:
            return Task(self.name, UNSURE, "a request to answer a message", lacking="it found no facts to answer from")
        unsure: list[str] = []
        relevant = _relevant(facts, message, unsure)
        if relevant and unsure:
            return Task(self.name, UNSURE, "a request to answer a message from facts",
                        lacking="the facts answer only part of it, and rules can't tell whether another fact "
                                "says the rest in other words")
        if not relevant and (_close_in_meaning(facts, message) or _kind_given(facts, message) or _vague(message)):  # 'not covered' only
            # when clearly so
            return Task(self.name, UNSURE, "a request to answer a message from facts",
                        lacking="no fact shares its words, and rules can't tell whether one says the same in "
                                "other words")
        signed = SIGN_AS.search(prompt)
        return Task(self.name, SURE, "a request to answer a message from facts",
                    data=(message, facts, relevant, signed.group(1).strip().rstrip(".") if signed else "Customer Support"))

    def answer(self, task: Task) -> Reply:
        message, facts, relevant, signature = task.data
        policy = len(facts) <= SHORT and sum(bool(ROW.match(f)) for f in facts) < 2  # sentences, not a list of named
        # items ('Parking: £18 a night'); a time's colon ('open 10:00 to 16:00') names nothing
        chosen = facts if policy and relevant else relevant
        sender = _sender(message)
        parts = [f"Dear {sender}," if sender else "Hello,", ""]
        if chosen:
            parts += ["Thank you for your message. Here are the figures you asked about:", ""]
            parts += [f"- {fact}" for fact in chosen]
            comparison = _comparison(chosen, message)
            if comparison:
                parts += ["", comparison]
        else:
            parts += ["Thank you for your message. I'm sorry: the information I have does not cover your question, "
                      "so I can't answer it here."]
        parts += ["", "Please let us know if you have any other questions.", "", "Best regards,", signature]
        return Reply(content="\n".join(parts), skill=self.name)
