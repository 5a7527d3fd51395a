"""Skill: function calling with tools the backend has never seen.

From the tools' names, descriptions and parameter schemas alone it:
- decides whether a tool fits the request (the words of the tool's name and description that the
  request shares, plus embedding similarity), and picks the best one(s);
- fills each argument from the user's turns, newest first, with the shared readers (values.py):
  identifiers (or the schema's `pattern`), enum values, numbers and amounts, dates, times, places,
  people, quoted strings, 'key: value' lines, pairs such as "80 GBP to CHF" or "from Lyon to Nice",
  units as written ("30 miles in km"), and for a free-text query the request itself; one number of the
  request is one argument ('45 days late' is not the tax too);
- writes each value in the form the argument's description asks (DD/MM/YYYY, 12-hour times, ISO
  date-times, cents, lowercase codes, E.164), and declines for a form it cannot write (a timestamp);
- emits one call per identifier when a question names several (parallel calls), and calls several tools
  only when each has a word of the request that no other has; a yes/no question about a state ('is my
  order cancelled?') looks it up and never calls a tool that acts;
- asks back for exactly the required arguments the request does not hold; when the request holds words
  that could be an argument but no reader can delimit them (two cities, 'Rome or Florence', a time zone
  written as a city, an unquoted subject, a whole request as a search query, lower-case words where a
  value goes, 'tomorrow' for a date, an optional argument read two ways or given in an unread form) the
  skill is UNSURE and the engine declines: it never calls with a guess, nor asks for what the learner
  already wrote; a question about meaning or a way of doing ('what does X mean?', 'how do I ...?') that
  gives no argument calls no tool;
- after tool results, answers with what the results say, and nothing else.
Whether tools are used at all (tool_choice, results pending) is the engine's decision, not this skill's.
"""

from __future__ import annotations

import json
import re

from .. import resources
from .conversation import Conversation, Reply, Task, ToolCallOut
from .grounded import answer as grounded_answer
from .prompt import outside_blocks
from .skill import LIKELY, SURE, UNSURE
from .text import LANGUAGES, STOPWORDS, name_words, stem, words
from . import values

# What a question word asks for, in the words tools use for it.
ASKS_FOR = {"when": {"date", "time", "day", "when", "schedule"}, "where": {"location", "address", "place", "city"},
            "who": {"name", "person", "owner", "customer"}, "how much": {"amount", "price", "cost", "total", "rate"},
            "how many": {"count", "number", "quantity"}, "weather": {"forecast", "temperature"},
            "rain|raining|snow|snowing|sunny|windy|hot|cold|umbrella": {"weather", "forecast", "temperature"},
            "convert": {"exchange", "currency", "rate"}, "book": {"reserve", "reservation", "booking"},
            "reserve": {"book", "booking", "reservation"}, "remind": {"reminder", "reminders", "alarm"}, "table": {"reservation", "restaurant"},
            "how do i get|how can i get|how to get|route|way to|walk to|drive to|cycle to": {"direction", "directions",
                                                                                          "route"},
            "nights?|stay|staying": {"hotel", "room", "booking"},
            "eat|dinner|lunch|brunch|food|cuisine|sushi|pizza|thai|italian|indian|chinese|mexican|vegan|burgers?|ramen"
            "|tapas": {"restaurant", "restaurants", "cuisine"},
            "schedule|meeting|appointment|calendar|diary": {"event", "calendar", "meeting", "appointment"},
            "put|add|pencil|set up|arrange|schedule|book": {"create", "add", "new"},  # 'put a meeting in my calendar'
            "say|translate|translation|in (?:english|french|spanish|german|italian|portuguese|japanese|chinese)":
                {"translate", "translation", "language"},
            "trading at|trades at|share price|shares? (?:at|worth)|quote for|px for|ticker":
                {"stock", "share", "price", "quote", "ticker"},  # 'whats NVDA trading at rn'
            "how many (?:kilo|kg|pound|lb|metre|meter|mile|inch|cm|centimet|feet|foot|litre|liter|gallon|ounce|gram)\\w*"
            "|in (?:centimet|millimet|kilomet|metre|meter|inch|feet|kg|kilo|pound|lb)\\w*|to (?:kg|lbs?|cm|km|miles|feet|inches)\\b":
                {"convert", "conversion", "unit", "units"},  # '45 feet ... how many metres is that?'
            "forecast|fcst|wx|icy|frost|freez\\w*|storm|fog\\w*": {"weather", "forecast", "temperature"}}
SEARCH_ASKED = re.compile(r"\b(?:look(?:ing)?\s+up|search|google|find|lookup)\b", re.I)
FILLER = {"get", "retrieve", "fetch", "lookup", "look", "find", "check", "the", "a", "an", "of", "for", "and",
          "to", "by", "is", "in", "on", "with", "given", "this", "that", "returns", "return", "function", "tool",
          "current", "information", "info", "data", "details", "specified", "specific", "provided", "user"}
CODE = (r"\b(USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|INR|CNY|SEK|NOK|DKK|PLN|CZK|HUF|MXN|BRL|ZAR|SGD|HKD|KRW|TRY|AED"
        r"|NGN|KES|GHS|EGP|MAD|TND|ETB|TZS|UGX|XOF|XAF|ARS|CLP|COP|PEN|UYU|THB|IDR|MYR|PHP|VND|PKR|BDT|LKR|NPR|ILS"
        r"|SAR|QAR|KWD|BHD|OMR|JOD|RUB|UAH|RON|BGN|ISK|TWD|KZT|GEL|RSD)\b")  # ISO 4217 codes, the common ones
WORDLIKE = {"try", "pen", "cop", "rub", "mad", "gel", "php", "ils", "top", "all"}  # a code only in capitals


def _codes(text: str):
    """Currency codes as matches, in any case, except those that are also everyday words ('try', 'pen')."""
    return [m for m in re.finditer(CODE, text, re.I) if m.group().isupper() or m.group().lower() not in WORDLIKE]
_PLACE_NAME = r"[A-Z][\w'’-]+(?: (?:de |del |da |do |la |le |van |von |\d{1,4}[A-Za-z]? )?[A-Z][\w'’-]+)*"  # 'Puerta del Sol'
# A place's name may end in the kind of place it is ('Porto Campanha station') and carry its town after a comma
# ('Halloway Museum, Kingsbridge'), but only where the place ends there: before 'to', or at the end of a clause.
PLACE_KIND = (r"(?: (?:train |bus |coach |railway |ferry )?(?:station|airport|terminal|harbour|harbor|port|pier|stop|depot"
              r"|warehouse|yard|campus|car park|hospital|surgery|library|school|office))?")
PLACE_ENDS = r"(?=\s+(?:to|->|→)\s|\s*[?.!;]|\s*$|,?\s+(?:please|pls|on|at|by|for|tomorrow|today|tonight|via)\b)"
_PLACE = rf"{_PLACE_NAME}{PLACE_KIND}(?:, {_PLACE_NAME}{PLACE_ENDS})?"
PAIR_LEADS = [
    re.compile(rf"{CODE}\s*(?:to|into|in|->|→|/)\s*{CODE}", re.I),
    re.compile(rf"\bfrom\s+((?:\d{{1,4}}[A-Za-z]? )?{_PLACE})\s+to\s+((?:\d{{1,4}}[A-Za-z]? )?{_PLACE})"),  # '14 Larkspur Row' 
    re.compile(rf"\b({_PLACE})\s+(?:to|->|→)\s+({_PLACE})"),
]
CREATIVE = re.compile(r"\b(write|compose|draft|create|make up|tell)\b.{0,30}\b(poem|story|song|haiku|limerick|essay|joke"
                      r"|tweet|slogan|rap|paragraph|blog post|article|speech|toast|eulogy|sonnet|riddle|bio|biography"
                      r"|history of|note|script|program|code|function)s?\b"
                      r"|\b(?:recommend|suggest)\b.{0,20}\b(?:some|a few|any|good|great)\b", re.I)
SPELLED_DATE = re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth"
                          r"|\w+teenth|twentieth|twenty[- ]\w+|thirtieth|thirty[- ]first)\b[^.?!\n]{0,40}\b(?:jan|feb|mar|apr|may"
                          r"|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
SPELLED_AMOUNT = re.compile(r"\b(?:an? |one |two |half an? )?(?:hour|half|quarter|minutes?|dozen|couple|pair)\b|\b(?:one|two"
                            r"|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|ninety)\b", re.I)
RELATIVE_DAY = re.compile(r"\b(?:today|tomorrow|tonight|yesterday|day after tomorrow|(?:next|this|coming) (?:week|weekend|"
                          r"mon|tue|wed|thu|fri|sat|sun)\w*|(?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)days?|in \w+ (?:days|weeks))\b",
                          re.I)
SPELLED_TIME = re.compile(r"\b(?:half past|quarter past|quarter to|(?:at|by|from|around) \d{1,2})\b|o'clock", re.I)
EXPLAIN = re.compile(r"^\W*(?:what does\b.{1,60}\bmean|what(?: i|')s an? |what are \w+s\b(?! (?:the|my|our)\b)"
                     r"|how (?:does|do)\b.{1,60}\bwork|(?:can you |could you |please )?explain\b|why (?:is|are|do|does)\b"
                     r"|what(?:'s| is) the difference\b|how (?:do|can|should|would) (?:i|we|one|you)\b(?! get\b)"
                     r"|is it possible to\b)", re.I)  # a question about meaning or a way of doing needs no tool
FIRST_OF_PAIR = re.compile(r"(^|_)(from|source|origin|base|start|departure|depart|sell|have|in|checkin)(_|$)", re.I)
SECOND_OF_PAIR = re.compile(r"(^|_)(to|target|destination|dest|quote|end|arrival|arrive|buy|want|out|checkout|return"
                            r"|until)(_|$)", re.I)
# Words that take back or hold off the action after them: 'don't cancel', 'hold off on cancelling', 'was going to
# cancel', 'should I cancel?' (advice, not an order). Within four words before the verb.
NOT_NOW = re.compile(r"\b(?:don'?t|do not|doesn'?t|never|not|no need to|hold off(?: on)?|without|instead of|rather than"
                     r"|was going to|were going to|wanted to|meant to|should i|should we|whether to|whether i should"
                     r"|if i should|no longer|stop)\b", re.I)
TAKEN_BACK = re.compile(r"\b(?:changed? (?:my|our) minds?|never ?mind|nevermind|scratch that|ignore (?:that|my last))\b", re.I)
# A request asks: a question, a polite or direct ask, or a sentence in the present; a statement about the past with
# none of these ('Thanks, the weather in Porto was lovely last week!') asks for no call.
ASKING = re.compile(r"\?|\b(?:please|pls|plz|kindly|can you|could you|would you|will you|can i|could i|i need|i want|"
                    r"i'd like|i would like|let me know|tell me|show me|give me|get me|send me|make sure|go ahead)\b", re.I)
PERSON_LEAD = re.compile(r"(?:\bby|\bI'?m|\bI am|name is|this is|it's|\bDear|\bHi|\bHello|\bThanks|\bMr\.?|\bMrs\.?|\bMs\.?"
                         r"|\bDr\.?)\W{0,3}$")  # a person's name comes after these, not a place's
MONEY_NOUN = re.compile(r"\b(?:pesos?|francs?|kron(?:a|e|or|er)|crowns?|rupees?|rupiahs?|dinars?|dirhams?|riyals?|rials?"
                        r"|reals?|reais|yuan|renminbi|won|rand|ringgit|baht|zloty|forints?|lira|lire|shekels?|r[ou]?ubles?"
                        r"|dollars?|pounds?|euros?|yen|bucks|quid)\b", re.I)  # a currency named by a word of its own
# A yes/no question inside a sentence, or a state written as a past participle: 'tell me if order 5 has been
# refunded', 'check whether it shipped', 'is it cancelled already?' asks about a state, it orders nothing.
STATE_ASKED = re.compile(r"\b(?:if|whether)\s+(?:[\w'-]+\s+){0,4}?(?:is|are|has|have|had|was|were|did|got|been)\b"
                         r"|\b(?:has|have|had)\s+(?:it\s+|they\s+)?(?:already\s+|yet\s+)?been\s+\w+ed\b", re.I)
MOVING = re.compile(r"\b(?:go|get|going|getting|walk|walking|drive|driving|cycle|cycling|ride|route|directions?|way"
                    r"|travel|commute|head|heading|on foot|how far)\b", re.I)
ACKNOWLEDGED = set("""ok okay great thanks thank you thx ty cheers cool perfect nice got it awesome brilliant lovely sounds
good all super wonderful noted understood so much a lot very mate""".split())  # 'great, thanks!' after an answer
NOT_PAST = re.compile(r"\b(?:will|going to|tomorrow|tonight|today|now|next|this (?:week|weekend|evening|afternoon))\b", re.I)
ORDERS = set("""arrange book send check find get show tell give make let set add create open cancel schedule order buy pay
call email text remind look search start stop update change delete remove move put take bring convert translate track
refund reserve list help run restart""".split())  # verbs that start an order ('convert 1250 AUD ..., got a job in ...')
PAST = re.compile(r"\b(?:was|were|had|did|went|got|yesterday|last (?:week|night|month|year|time|weekend)|ago|\w{3,}ed)\b", re.I)
# A request to do something: when only a tool that looks something up fits its words, and another tool acts, the
# pick is a guess ('register vacation leave for E-30418' is no leave-balance lookup).
ACTION_ASKED = re.compile(r"(?:^|[.!?]\s+|\b(?:please|pls|kindly|can you|could you|would you|will you|i want(?: to)?|i['’]d"
                          r" like to|i would like to|i need to|need to|help me|go ahead and|just)\s+)(?:register|book|send"
                          r"|shift|move|transfer|pay|create|cancel|set up|add|arrange|request|schedule|order|submit|log"
                          r"|raise|freeze|block|return|refund|update|delete|remove|apply for|reserve|rebook|renew|issue"
                          r"|approve|reject)\b(?!\s*(?:no\b|number|ref\b|reference|id\b|#|status|history|details|balance))",
                          re.I | re.M)  # not 'order no. 4471', a noun
_CODE = r"(?=[A-Z0-9 -]{0,9}\d)[A-Z0-9][A-Z0-9-]{1,8}(?: \d[A-Z]{2})?"  # '10115', 'SW1A 1AA', 'D02-X285'
CODE_PAIR = re.compile(rf"\bfrom\s+(?:(?:postcode|post code|zip(?: code)?|postal code)\s+)?({_CODE})\s+to\s+"
                       rf"(?:(?:postcode|post code|zip(?: code)?|postal code)\s+)?({_CODE})\b")
BOUNDED = re.compile(r"\bor (?:more|less|over|above|under|higher|lower|fewer)\b|\b(?:at least|at most|no more than|no less than"
                     r"|more than|less than|fewer than|over|above|under|below|up to|minimum|maximum|min\.?|max\.?)\s+"
                     r"(?:[£$€]\s?)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a hundred|hundred)", re.I)
QUESTION_ONLY = re.compile(r"^\W*(?:how much|how many|how long|how far|what(?:'s| is| are| does)|which|who)\b", re.I)
CALCULATES = re.compile(r"(^|_)(quote|estimate|calculate|calc|convert|compute|price|cost|rate|forecast|weather)(_|$)", re.I)
LOOKUP = re.compile(r"(^|_)(get|retrieve|read|check|status|state|track|lookup|look|find|search|list|view|show|fetch|query)(_|$)", re.I)
FREE_TEXT = re.compile(r"^(q|query|question|search|search_query|text|prompt|topic|keywords?|terms?|message|body"
                       r"|content|note|comment|description|summary|subject)$")
PERSONISH = re.compile(r"(^|_)(name|person|customer|contact|guest|employee|user|recipient|patient|attendee|author"
                       r"|artist|player|owner|member)(_name)?$", re.I)
PLACEISH = re.compile(r"city|town|location|place|destination|origin|country|region|address|airport|venue|where"
                      r"|restaurant|hotel|shop|store|branch|clinic|library|gym|cinema|theatre|theater|museum|office|cafe",
                      re.I)


# Currencies named in words or by sign, the more specific first ('canadian dollars' before 'dollars').
CURRENCY_NAMES = [(r"canadian dollars?", "CAD"), (r"australian dollars?", "AUD"), (r"new zealand dollars?", "NZD"),
                  (r"hong kong dollars?", "HKD"), (r"singapore dollars?", "SGD"), (r"(?:us |u\.s\. |american )?dollars?",
                  "USD"), (r"euros?", "EUR"), (r"(?:british )?pounds?(?: sterling)?|sterling|quid", "GBP"), (r"yen", "JPY"),
                  (r"(?:brazilian )?reais|brazilian real", "BRL"), (r"swiss francs?", "CHF"), (r"(?:indian )?rupees?", "INR"),
                  (r"yuan|renminbi", "CNY"), (r"zloty|złoty", "PLN"), (r"mexican pesos?", "MXN"),
                  (r"swedish kron(?:a|or)", "SEK"), (r"norwegian kron(?:e|er)", "NOK"), (r"danish kron(?:e|er)", "DKK"),
                  (r"south african rand", "ZAR"), (r"turkish lira", "TRY"), (r"dirhams?", "AED"), (r"R\$", "BRL"),
                  (r"€", "EUR"), (r"£", "GBP"), (r"¥", "JPY"), (r"\$", "USD")]
CURRENCY_NAME = re.compile("|".join(f"(?P<c{i}>{pattern})" if not re.search("[a-z]", pattern, re.I) else f"(?P<c{i}>(?<!\\w)(?:{pattern})(?!\\w))"
                                    for i, (pattern, _) in enumerate(CURRENCY_NAMES)), re.I)  # 'European', 'pounding': no money


def currency_codes(text: str) -> list[str]:
    """Every currency the text names, by code, word or sign, in the order it names them (repeats dropped)."""
    found = [(m.start(), m.group().upper()) for m in _codes(text)]
    for m in CURRENCY_NAME.finditer(text):
        if not any(start <= m.start() < start + 3 for start, _ in found):
            found.append((m.start(), CURRENCY_NAMES[int(m.lastgroup[1:])][1]))
    return list(dict.fromkeys(code for _, code in sorted(found)))


_UNIT = r"°?[^\W\d_][^\W\d_/°]{0,14}(?:/[^\W\d_]{1,4})?"
UNIT_PAIRS = [re.compile(rf"(?P<v>-?\d(?:[\d,.]*\d)?)\s?(?:degrees\s)?(?P<a>{_UNIT})\s+(?:to|in|into|->|→)\s+(?P<b>{_UNIT})(?![\w/])"),
              re.compile(rf"\bhow many (?P<b>{_UNIT}) (?:(?:is|are|in|make|makes|equals?) )?(?P<v>-?\d(?:[\d,.]*\d)?)\s?(?P<a>{_UNIT})(?![\w/])",
                         re.I),
              re.compile(rf"(?P<v>-?\d(?:[\d,.]*\d)?)\s?(?P<a>{_UNIT})\b[^.?!\d]{{0,40}}?\bhow many (?P<b>{_UNIT})(?![\w/])"
                         r"(?=\s+(?:is|are|that|this|it)\b|\s*\?)", re.I)]  # '45 feet of bunting - how many metres is that?'
UNIT_NAMES = {  # a unit's name as people write it -> how unit enums abbreviate it ('pounds' for an enum of kg, lb)
    "pound": ("lb", "lbs"), "kilogram": ("kg",), "kilo": ("kg",), "gram": ("g",), "ounce": ("oz",), "stone": ("st",),
    "metre": ("m",), "meter": ("m",), "kilometre": ("km",), "kilometer": ("km",), "centimetre": ("cm",),
    "centimeter": ("cm",), "millimetre": ("mm",), "millimeter": ("mm",), "mile": ("mi",), "feet": ("ft",),
    "foot": ("ft",), "inche": ("in",), "inch": ("in",), "yard": ("yd",), "litre": ("l",), "liter": ("l",),
    "millilitre": ("ml",), "milliliter": ("ml",), "gallon": ("gal",), "celsiu": ("c", "celsius"), "celsius": ("c",),
    "fahrenheit": ("f",), "kelvin": ("k",)}
WEIGHTS = re.compile(r"\b(?:kg|kgs|kilos?|kilograms?|grams?|g|oz|ounces?|stones?|lbs?|tons?|tonnes?)\b", re.I)


def _unit_pair(text: str):
    """[value, from unit, to unit] as written: '37 celsius in fahrenheit', '5 kg to pounds', 'how many GiB is
    52428800 KiB'; AMBIGUOUS for several, None for none; never a pair of currencies."""
    found = []
    for pattern in UNIT_PAIRS:
        for m in pattern.finditer(text):
            a, b = m.group("a"), m.group("b")
            if any(w.lower() in STOPWORDS or w.lower() in CHAT for w in (a, b)) or all(currency_codes(w) for w in (a, b)):
                continue
            found.append((values.parse_number(m.group("v")), a, b))
    found = list(dict.fromkeys(found))
    return list(found[0]) if len(found) == 1 else values.AMBIGUOUS if found else None


def _labelled_code(name: str, text: str) -> str | None:
    """The currency written right after the argument's own word: 'base CHF', 'quote: JPY', 'to_currency=EUR'."""
    word = next((w for w in name_words(name) if w != "currency"), None)
    if not word or len(word) < 2:
        return None
    found = {m.group(1).upper() for m in re.finditer(rf"\b{re.escape(word)}(?:[ _]currency)?\s*[:=]?\s*{CODE}", text, re.I)}
    return found.pop() if len(found) == 1 else None


def _currency_order(text: str):
    """The two currencies a request names, as [source, target]: in the order written when a word joins them ('80 GBP
    to CHF', 'EUR in GBP', 'USD/EUR', 'from ... to'), the other way round after 'per' ('yen per dollar');
    AMBIGUOUS when nothing between them says which is which ('JPY, CHF rate')."""
    spots = [(m.start(), m.end()) for m in _codes(text)] + \
        [(m.start(), m.end()) for m in CURRENCY_NAME.finditer(text)]
    spots = sorted(spots)
    if len(spots) < 2:
        return values.AMBIGUOUS
    codes = currency_codes(text)
    between = text[spots[0][1]:spots[-1][0]].lower()
    if re.search(r"\bper\b", between):
        return codes[::-1]
    if re.search(r"\bhow (?:many|much)\s+(?:[a-z]+\s+)?$", text[max(0, spots[0][0] - 24):spots[0][0]], re.I):
        return values.AMBIGUOUS  # 'How many US dollars would I get for 2,500 yen?': the target is named first
    if sum(bool(re.search(r"\b(?:in|into)\s+(?:[a-z]+\s+)?$", text[max(0, a - 16):a], re.I)) for a, _ in spots) > 1:
        return values.AMBIGUOUS  # "what's 100 in euros? (it's in GBP)": both after 'in', which is the target?
    if re.search(r"\b(?:to|into|in|for)\b|->|→|/|=", between) or re.search(r"\bfrom\b", text[:spots[0][0]], re.I):
        return codes
    return values.AMBIGUOUS


def _currency_role(text: str) -> int | None:
    """For a request that names one currency: 1 when it is the target ('into Swiss francs', 'in EUR'), 0 when
    it is the source ('from GBP', 'my 50 GBP to ...'), None when the words around it do not say."""
    m = next(iter(_codes(text)), None) or CURRENCY_NAME.search(text)
    if not m:
        return None
    before, after = text[max(0, m.start() - 24):m.start()].lower(), text[m.end():m.end() + 12].lower()
    if re.search(r"\b(?:to|into|in)\s+(?:\w+\s+)?$", before):
        return 1
    if re.search(r"\bfrom\s+(?:\w+\s+)?$", before) or re.match(r"\s*(?:to|into|->|→)\b", after):
        return 0
    return None


def ticker(text: str) -> str | None:
    """A stock symbol: in backticks or brackets, after 'ticker'/'symbol', else the one word in capitals."""
    for pattern in (r"`([A-Z]{1,5})`", r"\(([A-Z]{1,5})\)", r"\b(?:ticker|symbol)\W{0,3}([A-Z]{1,5})\b"):
        m = re.search(pattern, text)
        if m:
            return m.group(1)
    capitals = set(re.findall(r"(?<![\w.-])[A-Z]{2,10}(?:[.-][A-Z]{1,2})?(?![\w-])", text)) - {
        "I", "OK", "CEO", "CFO", "AI", "API", "US", "UK", "EU", "ASAP", "FYI", "ETA", "PM", "AM", "NB", "ETF", "IPO",
        "NYSE", "LSE"} - set(currency_codes(text))  # 'OKOLAFOODS ... on the NGX': two words in capitals, no guess
    return capitals.pop() if len(capitals) == 1 else None


def _describes(name: str, schema: dict) -> str:
    return (name + " " + (schema.get("description", "") or "")).lower()


def _is_currency(name: str, schema: dict, purpose: str = "") -> bool:
    """A currency argument: says so, or is a base/quote, from/to or an ISO code of a tool about currencies."""
    described = _describes(name, schema)
    return schema.get("type", "string") == "string" and ("currency" in described or (
        bool(re.search(r"currenc|exchange|\bfx\b|forex", purpose, re.I))
        and bool(re.search(r"(^|_)(base|quote|from|to|source|target|sell|buy)(_|$)|\biso\b|\bcode\b", described))))


HOSTNAME = re.compile(r"(?<![\w.@-])[a-z][a-z0-9]*(?:[-.][a-z0-9]+)+(?![\w@-])")


def _hostname(text: str):
    """A server's name: one lower-case word with digits joined by hyphens or dots ('web-03', 'db2.internal')."""
    found = list(dict.fromkeys(m.group().rstrip(".") for m in HOSTNAME.finditer(text) if re.search(r"\d", m.group())
                               and not values.FORMATS["email"].fullmatch(m.group())))
    return found[0] if len(found) == 1 else values.AMBIGUOUS if found else None


# Words a request holds that name no argument: chat, politeness, time words. Any other word the tool does not
# explain may be the value of an argument no reader could delimit ('forecast bergen + tromso'), so the skill
# does not ask back for what the learner may have written.
CHAT = set("""like pls plz please thanks thank thx ty cheers now right currently today tonight tomorrow soon asap quick
quickly again also maybe possible poss kindly hello hey hi yo ok okay sure there here about info need want wanted know
tell give show mean means meaning usually often always ever really much many very way going gonna wanna would should
could might must shall want like one something anything everything someone anyone current latest new next last
what's whats where's wheres how's who's it's i'm i'd i'll can't don't""".split()) | set(values.MONTHS) \
    | set(values.NUMBER_WORDS) | set("monday tuesday wednesday thursday friday saturday sunday morning afternoon evening "
                                     "night weekend week month year".split())


def _value_like(text: str, tool: dict, fixed: dict) -> list[str]:
    """Unexplained words written where a value goes: right after 'in', 'at', 'near', 'for' or 'from' ('weather in
    oslo'), joined to another by '+', '&' or '/' ('oslo + lisbon'), or, in a terse request, right after a word of
    the tool's own ('forecast bergen'). A chatty request's other words ('my tennis lesson') are no candidates."""
    loose = set(_unexplained(text, tool, fixed))
    if not loose:
        return []
    tokens = re.findall(r"[+&/]|[^\W\d_][\w'’-]*|\d[\w:.-]*", text.lower())  # numbers too: 'for 2026-05-18 three boxes'
    own = {stem(w) for w in words(f"{tool['name'].replace('_', ' ')} {tool.get('description', '')}")} - {stem(w) for w in STOPWORDS}
    terse = len(words(text)) <= 8
    if len(words(text)) <= 3:
        return sorted(loose)  # a reply of a word or two ('lisbon please') is the value itself
    found = []
    for i, token in enumerate(tokens):
        if token not in loose:
            continue
        before, after = tokens[i - 1] if i else "", tokens[i + 1] if i + 1 < len(tokens) else ""
        lead = ("in", "at", "near", "for", "from")
        if before in lead or (i > 1 and tokens[i - 2] in lead and before.isalpha() and before not in STOPWORDS) \
                or "+" in (before, after) or "&" in (before, after) \
                or "/" in (before, after) or (terse and stem(before) in own):
            found.append(token)
    return found


def _unexplained(text: str, tool: dict, fixed: dict) -> list[str]:
    """Words of the request that neither the tool, nor an argument already read, nor chat explain."""
    fn = tool.get("parameters") or {}
    props = fn.get("properties") or {}
    told = " ".join([tool["name"].replace("_", " "), tool.get("description", "") or ""]
                    + [f"{n.replace('_', ' ')} {p.get('description', '')} {' '.join(map(str, p.get('enum') or []))}"
                       for n, p in props.items() if isinstance(p, dict)])
    known = {stem(w) for w in words(told)} | {stem(w) for v in fixed.values() for w in words(str(v))}
    explained = [q for q in ASKS_FOR if re.search(r"\b(?:" + q + r")\b", text, re.I)]
    out = []
    for w in words(text):
        if len(w) < 3 or w.isdigit() or w in STOPWORDS or w in CHAT or w in values.COMMON_WORDS or stem(w) in known:
            continue
        if any(re.fullmatch(q, w) for q in explained) or any(stem(w) in {stem(x) for x in ASKS_FOR[q]} for q in explained):
            continue
        out.append(w)
    return out


def _unread_name(text: str, taken: set) -> bool:
    """Whether the text holds a name no argument took and no person's cue introduces ('between Rome and Milan';
    not 'by Kazuo Ishiguro'). One pass over the text."""
    names = set(values.proper_names(text))
    for m in values.PROPER.finditer(text):
        tail = m.group().split(" ", 1)[-1]  # "Can Rome": proper_names drops a head such as 'Can'
        name = m.group() if m.group() in names else tail if tail in names else None
        if name and not any(name in t or t in name for t in taken) \
                and not PERSON_LEAD.search(text[max(0, m.start() - 16):m.start()]):
            return True
    return False


def _asked_elsewhere(text: str, found: str) -> bool:
    """Whether the question names a place of its own while the place read sits in another sentence ('It was so
    hot in Madrid yesterday! Anyway, how is Berlin today?'); 'Maria lives in Lyon. What's the weather there?' is
    no doubt: the question names nothing."""
    questions = [q for q in re.split(r"(?<=[.!?])\s+|\n+", text.strip()) if q.rstrip().endswith("?")]
    if not questions or any(found in q for q in questions):
        return False
    return any(n not in found and found not in n for q in questions for n in values.proper_names(q))


def _newest_number_unused(latest: str, calls: list[ToolCallOut]) -> bool:
    """Whether the latest message of several writes a number that no argument holds ('and 250?' after 'Convert
    100 USD to EUR'): a follow-up that changes a value the older message gave."""
    held = {str(v) for c in calls for v in c.arguments.values()}
    plain = values.dates_blanked(latest)
    for m in values.NUMBER.finditer(plain):
        number = values.parse_number(m.group())
        if not any(m.group() in h or (number is not None and _same_number(number, h)) for h in held):
            return True
    return False


def _same_number(number: float, held: str) -> bool:
    try:
        return float(held) == number
    except ValueError:
        return False


def _named_thing(name: str) -> str:
    """The one word an identifier parameter is named for ('order' of order_id), or '' when there is not one."""
    head = [w for w in name_words(name) if w not in ("id", "number", "no", "num", "ref", "code")]
    return head[0] if len(head) == 1 and len(head[0]) >= 3 else ""


def _labelled_id(name: str, text: str) -> list[str]:
    """A short number written right after the word the identifier is named for ('order 4471' for order_id,
    'ticket no. 512' for ticket_number): too short to be an identifier alone, a year or a count elsewhere."""
    head = _named_thing(name)
    if not head:
        return []
    found = re.findall(rf"\b{re.escape(head)}s?\s*(?:#|no\.?|number|num|id)?\s*:?\s*(\d{{3,4}})\b(?![.,:/-]\d)", text, re.I)
    return list(dict.fromkeys(found))


def _named_by(name: str, found: list[str], text: str) -> list[str]:
    """The identifiers written within a few words after the word the parameter is named for ('booking reference
    QX7PLM' for booking_ref)."""
    head = _named_thing(name)
    return [i for i in found if head and re.search(rf"\b{re.escape(head)}s?\b[^.?!\n]{{0,20}}?{re.escape(i)}", text, re.I)]


def _named_for(name: str, found: list[str], text: str) -> list[str]:
    """Of several identifiers, those written just after the word the parameter is named for ('order ID is
    A-88213' for order_id), when another is written after a different word ('Ticket #60214')."""
    head = _named_thing(name)
    if not head:
        return []
    named = _named_by(name, found, text)

    def labelled_otherwise(i: str) -> bool:  # 'Ticket #60214', 'case no. 55': another thing's number
        m = re.search(rf"\b([A-Za-z]{{3,}})(\s*(?:#|no\.|number|num|id|ref)\s*:?\s*|\s*:\s*|\s+)#?{re.escape(i)}", text)
        return bool(m) and m.group(1).lower() != head and m.group(1).lower() not in STOPWORDS \
            and (m.group(2).strip() != "" or m.group(1)[0].isupper())  # a marker, or a name: 'Case 7731'
    others = [i for i in found if i not in named]
    return named if named and others and all(labelled_otherwise(i) for i in others) else []


def _clauses(text: str, joined: bool = False) -> list[str]:
    """The clauses of a request that names several things. With `joined`, 'and' before another thing joins
    ('Are T1003 and T1005 paid?') and only 'and' before anything else starts a clause."""
    join = r"\band\b(?!\s+[#\w-]*\d)" if joined else r"\band\b"
    return [c for c in re.split(rf"[,;.?!\n]|{join}|\balso\b|\bthen\b", text) if c.strip()]


def _own_clause(call: ToolCallOut, same: list[ToolCallOut], clauses: list[str]) -> tuple[str | None, list[str]]:
    """The one clause that names what sets this call apart from the other calls of its tool, and those values."""
    things = [str(v) for k, v in call.arguments.items() if any(str(o.arguments.get(k)) != str(v) for o in same
                                                               if o is not call)]
    home = [c for c in clauses if things and all(t in c for t in things)]
    return (home[0] if len(home) == 1 else None), things


def _crossed(calls: list[ToolCallOut]) -> bool:
    """Calls for several tools, one of them for several things: every thing crossed with every tool."""
    names = [c.name for c in calls]
    return len(set(names)) > 1 and len(names) > len(set(names))


def _entities_unpaired(calls: list[ToolCallOut], text: str) -> bool:
    """Parallel calls over several things need each thing paired with its action: with two tools, a call per thing
    for each would cross them ('cancel 88120 and refund 88121' is no four calls); with one acting tool, a thing
    named in a sentence without the tool's verb is not surely for it ('cancel 88120. also where's 88121?')."""
    by_tool: dict = {}
    for call in calls:
        by_tool.setdefault(call.name, []).append(call)
    several = {n: cs for n, cs in by_tool.items() if len(cs) > 1}
    for name, made in several.items():
        verb = name_words(name)[0]
        if verb in FILLER or LOOKUP.search(name):
            continue
        clauses = [c for c in re.split(r"[.;!?\n]+", text) if c.strip()]
        for call in made:
            things = [str(v) for k, v in call.arguments.items() if len({str(o.arguments.get(k)) for o in made}) > 1]
            for thing in things:
                home = [c for c in clauses if thing in c]
                if home and not any(re.search(rf"\b{re.escape(stem(verb))}", c, re.I) for c in home):
                    return True
    return False


def _told(text: str, tools: list[dict]) -> bool:
    """Whether the request only tells about the past ('Thanks, the weather in Porto was lovely last week!'): no
    question, no ask, every sentence in the past and none starting with a verb, a tool's or one of ORDERS
    ('convert 1250 AUD to NZD, got a job in Auckland' asks)."""
    if ASKING.search(text):
        return False
    own = {stem(w) for t in tools for w in name_words(t["name"])}
    for sentence in re.split(r"(?<=[.!;])\s+|\n+", text.strip()):
        first = next(iter(words(sentence)), "")
        if first and (not PAST.search(sentence) or NOT_PAST.search(sentence) or stem(first) in own or first in ORDERS):
            return False
    return True


def _held_off(text: str, tool: dict) -> bool:
    """Whether the request takes back or holds off the action the tool's name starts with ('cancel_order' after
    'please don't cancel', 'hold off on cancelling', 'I was going to cancel ... but changed my mind')."""
    subject = {stem(w) for w in name_words(tool["name"]) if w not in FILLER and len(w) > 2}
    for clause in re.split(r"[.;:!?\n]|,\s*(?:but|and|just|instead)\b", text.lower()):  # "Don't check the weather in Paris"
        if re.match(r"\W*(?:please\s+)?(?:don'?t|do not|no need to|there'?s no need to|never)\s+(?:bother\s+(?:to\s+)?)?\w+", clause) \
                and subject & {stem(t) for t in re.findall(r"[\w']+", clause)}:
            return True
    verb = name_words(tool["name"])[0] if tool["name"] else ""
    if not verb or verb in FILLER or not re.search(rf"\b{re.escape(stem(verb))}", text, re.I):
        return False
    if TAKEN_BACK.search(text):
        return True
    for clause in re.split(r"[.,;:!?\n]", text.lower()):  # 'I don't know. Cancel order 5' holds nothing off
        tokens = re.findall(r"[\w']+", clause)
        if any(stem(t) == stem(verb) and NOT_NOW.search(" ".join(tokens[max(0, i - 4):i])) for i, t in enumerate(tokens)):
            return True
    return False


EXAMPLE = re.compile(r"\b(?:e\.g\.|eg|for example|such as|like)[,:]?\s+['\"]?([A-Za-z0-9][\w./-]{0,15}(?: \d{1,4}[A-Za-z]?\b)?)['\"]?",
                     re.I)  # 'e.g. 4B', 'e.g. Lab 1'


def _like_example(description: str, text: str):
    """The one token of the text shaped like the example a parameter's description gives, when the example mixes
    letters and digits ('e.g. 4B', 'like KM-101'): digits stand for digits, capitals for capitals. None when the
    description gives no such example or no token fits; AMBIGUOUS when several different ones do."""
    m = EXAMPLE.search(description)
    if not m or not (re.search(r"\d", m.group(1)) and re.search(r"[A-Za-z]", m.group(1))):
        return None
    word, _, code = m.group(1).rpartition(" ")
    shape = "".join(r"\d+" if run[0].isdigit() else "[A-Z]+" if run[0].isupper() else "[a-z]+" if run[0].islower()
                    else re.escape(run) for run in re.findall(r"\d+|[A-Z]+|[a-z]+|.", code))  # '4B' fits '12C'
    if word:  # 'e.g. Lab 1': the word as written, then the number's shape ('Lab 3')
        shape = rf"(?i:{re.escape(word)}) {shape}"
    found = list(dict.fromkeys(re.findall(rf"(?<![\w-]){shape}(?![\w-])", text)))
    return found[0] if len(found) == 1 else values.AMBIGUOUS if found else None


def _is_identifier_param(name: str, schema: dict) -> bool:
    text = _describes(name, schema)
    return schema.get("type", "string") == "string" and "enum" not in schema and (
        "pattern" in schema or bool(re.search(r"(^|_)(id|number|no|code|ref|reference|sku)$", name.lower()))
        or bool(re.search(r"\bid\b|identifier|reference number|order number|tracking number", text)))


def _pair(text: str) -> tuple[str, str] | None:
    for pattern in PAIR_LEADS:
        m = pattern.search(text)
        if m and m.group(1).split()[0] not in values.NOT_NAMES:
            return m.group(1), m.group(2)
    return None


SEARCH_VERB = re.compile(r"^\W*(?:(?:please|can you|could you|would you|would you kindly|kindly|pls|hey)\s+)*(?:search(?: for)?"
                         r"|look up|look for|find(?: me)?|locate|lookup|google|query)\s*(?::\s*|\s(?:for\s+)?)(?:the\s+(?:docs|documentation|kb|knowledge base|web)\s+for\s*:?\s*)?"
                         r"(?:(?:some|any|more)\s+)?(?:(?:info(?:rmation)?|details|news|facts)\s+(?:on|about|regarding)\s+)?",
                         re.I)  # 'look up: X', 'search the web for: X', 'find me some info on X'


RETRIEVAL = re.compile(r"\b(passages?|documents?|docs|guide|handbook|manual|knowledge base|faq|notes|policy|policies"
                       r"|articles?)\b", re.I)


def _free_text(user_text: str, name: str, purpose: str = "") -> str | None:
    """What a model would search for: a quoted phrase, else the short phrase after a search verb ('search for
    webhook retries'), else, for a retrieval tool, one short question; None when the request does not
    delimit it (a whole request of several sentences is no query). A question is its own query only for a
    tool that retrieves passages from the learner's documents (`purpose`, the tool's description), as RAG
    retrieval embeds the question; a web search wants the words the learner delimits."""
    quotes = values.quoted(user_text)
    if len(quotes) == 1:
        return quotes[0]
    if quotes or not re.fullmatch(r"q|query|search|search_query|keywords?|terms?|topic", name.lower()):
        return None  # a message, subject or body is what the learner quotes, not the whole request
    lines = [m for line in user_text.splitlines() if (m := SEARCH_VERB.match(line.strip()))]
    if len(lines) == 1 and "\n" in user_text.strip():  # '### Request\nSearch the web for: X\n### Constraints ...'
        user_text = lines[0].string
    m = SEARCH_VERB.match(user_text.strip())
    question = user_text.strip()
    if not m and RETRIEVAL.search(purpose) and question.endswith("?") \
            and len(re.findall(r"[.!?](?:\s|$)", question)) == 1 and len(question.split()) <= 20:
        return question  # retrieval embeds the question itself ('How much do students pay to get in?')
    if not m:
        return None
    phrase = re.split(r"\s+[—–-]\s+|[,;:.?!]\s|[?!.]$|\n|\s+(?:near|around|close to)\s", user_text.strip()[m.end():])[0].strip()
    return phrase if 0 < len(phrase.split()) <= 8 else None


def _known(value):
    """A reader's value, or None when it found none or several (values.AMBIGUOUS)."""
    return None if value is values.AMBIGUOUS or value is values.ABSENT else value


def _dated_or_timed(name: str, schema: dict) -> bool:
    return bool(re.search(r"(^|_)(date|day|time|when|datetime|timestamp|check_?in|check_?out)($|_)", name)
                or schema.get("format") in ("date", "date-time", "time")
                or re.search(r"yyyy|hh:mm|iso ?8601", schema.get("description", "") or "", re.I))


def _unused_when(text: str, fixed: dict, props: dict) -> bool:
    """Whether the request gives more dates, or more times, than the arguments read took (a date without its
    year, 'next Friday', a second date, a time)."""
    dates = len(set(values.iso_dates(text))) + len(values.DAY_MONTH.findall(text)) \
        + len(values.NUMERIC_DATE.findall(text)) + len(RELATIVE_DAY.findall(text))
    times = len({c for _, _, c in values._times_in(text)})
    read_dates = read_times = 0
    for name, value in fixed.items():
        if not _dated_or_timed(name, props[name]) or not isinstance(value, str):
            continue
        read_dates += bool(re.search(r"\d{4}-?\d\d-?\d\d|\d\d[/.-]\d\d[/.-]\d{4}", value))
        read_times += bool(re.search(r"\d:\d\d", value))
    return dates > read_dates or times > read_times


def _holds_candidates(name: str, schema: dict, text: str, fixed: dict, tool: dict | None = None) -> bool:
    """Whether the request holds words that could be this argument though no reader could delimit them
    (two cities, a time zone written as a city, an unquoted subject): then the skill is unsure and the engine
    declines; only a request with nothing of the kind is asked back."""
    kind = schema.get("type", "string")
    described = _describes(name, schema)
    purpose = f"{tool['name'].replace('_', ' ')}. {tool.get('description', '')}" if tool else ""
    taken = {str(v) for v in fixed.values()}
    if "enum" in schema and kind in ("integer", "number") and (values.NUMBER.search(values.dates_blanked(text))
                                                               or SPELLED_AMOUNT.search(text)):
        return True  # 'for one hour' with durations 30/60/90: a value in words, not asked back
    if "enum" in schema:  # 'high or medium': two of its values, and nothing says which; 'in kelvin': none of them
        return values.enum_value(name, schema["enum"], text, schema.get("description", "")) is values.AMBIGUOUS \
            or bool(tool and _value_like(text, tool, fixed)) or bool(tool and _other_object(text, tool, schema["enum"]))
    if kind == "boolean":
        return False
    if _is_identifier_param(name, schema):  # no identifier was read: a number-like word may still be one ('T 1002')
        return bool(re.search(r"\b[A-Z]{1,4}[ -]\d{2,}\b|\b(?=[\w-]*\d)[\w-]{3,}\b", values.dates_blanked(text))
                    or values.quoted(text))
    if "currency" in described or _is_currency(name, schema, purpose):  # 'into pesos': which pesos? not asked back
        return bool(set(currency_codes(text)) - taken) or any(  # a currency word no reader takes ('pesos')
            not currency_codes(text[max(0, m.start() - 12):m.end()]) for m in MONEY_NOUN.finditer(text))
    if kind in ("integer", "number") and re.search(r"unix|epoch|timestamp|date|time", described) \
            and (values.iso_dates(text) or values.TIME.search(text) or RELATIVE_DAY.search(text)):
        return True  # a date or time the learner gave, for a number this cannot work out
    if kind in ("integer", "number"):
        plain = values.dates_blanked(text)
        spelled = re.search(r"\b(?:" + "|".join(values.NUMBER_WORDS) + r"|couple|pair|dozen)\b", plain, re.I)
        party = re.search(r"\b(?:me and|and I|of us|my (?:wife|husband|partner|family|kids|children|friends?))\b", plain, re.I)
        return spelled is not None or party is not None \
            or any(parse not in {str(v) for v in fixed.values()} for parse in values.NUMBER.findall(plain))
    timed = bool(values.TIME.search(text) or SPELLED_TIME.search(text))
    if (schema.get("format") == "date-time" or "time" in name) and timed and RELATIVE_DAY.search(text):
        return True  # 'at 9 tomorrow': a date-time the learner gave, in words this does not resolve
    if re.search(r"(^|_)(date|day|on|check_?in|check_?out)", name) or schema.get("format") in ("date", "date-time"):
        relative = "time" not in name and schema.get("format") != "date-time" and RELATIVE_DAY.search(text)
        now = re.search(r"\b(?:right now|now|currently|at the moment)\b", text, re.I)
        spelled = SPELLED_DATE.search(text)  # 'from the third until the seventeenth of May': a date in words
        return bool(values.iso_dates(text) or values.NUMERIC_DATE.search(text) or values.DAY_MONTH.search(text)
                    or relative or now or spelled)  # 'tomorrow', 'right now': the date, written relatively: no question, no guess
    if schema.get("format") == "time" or re.search(r"(^|_)time$", name):
        return bool(values.TIME.search(text) or SPELLED_TIME.search(text))
    unexplained = bool(tool and _value_like(text, tool, fixed))  # 'forecast bergen + tromso': may be the city
    if (FREE_TEXT.search(name.lower()) or re.search(r"(^|_)(title|text|name|headline)$", name.lower())) \
            and re.search(r":[ \t]*[^\W\d_]", text):
        return True  # 'Open a ticket: printer on floor 3 is jammed': words after a colon may be the text itself
    if FREE_TEXT.search(name.lower()):
        return bool(_unexplained(text, tool, fixed)) if tool else len(words(text)) > 3  # free text: any word may be it
    if PLACEISH.search(name):  # a place after a lead, or a name no argument took ('between Rome and Milan')
        return unexplained or any(not any(m.group(1) in t for t in taken) and m.group(1).split()[0] not in values.NOT_NAMES
                                  for m in values.PLACE_LEAD.finditer(text)) \
            or _unread_name(text, taken)
    short = len(words(text)) <= 12 and bool(tool and _unexplained(text, tool, fixed)) \
        and not re.search(r"e-?mail|phone|url|link|address", described)  # "web-03's postgres is stuck": maybe the service
    return bool([n for n in values.proper_names(text) if not any(n in t for t in taken)]
                or [q for q in values.quoted(text) if q not in taken]) or unexplained or short


POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b")  # 'HG1 2QT': a UK postcode, whole


def _not_postcodes(found: list[str], text: str, name: str) -> list[str]:
    """Identifiers that are no piece of a postcode ('HG1' of 'Harrogate HG1 2QT' is no tracking number), unless
    the argument is a postcode itself."""
    if re.search(r"post|zip", name, re.I):
        return found
    inside = "".join(m.group() + " " for m in POSTCODE.finditer(text))
    return [f for f in found if f not in inside]


NOT_OBJECTS = frozenset("new replacement spare one ones it them another something more extra second few couple".split())


def _other_object(text: str, tool: dict, choices: list) -> str | None:
    """The thing the request asks the tool's own verb to act on, when it is none of the argument's values: 'order
    pizzas' for order_equipment(item: mouse|keyboard|...) is another errand, not one to ask back about."""
    verb = (name_words(tool["name"]) or [""])[0]
    if len(verb) < 3:
        return None
    m = re.search(rf"\b{re.escape(verb)}(?:s|ed|ing)?\s+(?:(?:a|an|the|some|us|me|\d+|two|three|four|five|six)\s+)?"
                  r"([a-z][a-z-]+)", text, re.I)
    if not m:
        return None
    thing = m.group(1).lower()
    allowed = {w for c in choices for w in words(str(c).lower())}
    if thing in STOPWORDS or thing in NOT_OBJECTS or thing in allowed or stem(thing) in {stem(w) for w in allowed}:
        return None
    return thing


MESSAGE_LEAD = re.compile(r"\b(?:saying|to say|that says|telling (?:her|him|them|me)|tell (?:her|him|them)|let (?:her|him|them)"
                          r" know)\s+(?:that\s+)?(.{3,300}?)\s*(?:[.!?](?:\s|$)|$)", re.I)


def _message(text: str, used: frozenset) -> str | None:
    """A message's text: the one quoted phrase not used by another argument, else what follows 'saying',
    'let her know' or 'tell them' up to the end of that sentence."""
    quotes = [q for q in values.quoted(text) if q not in used]
    if len(quotes) == 1:
        return quotes[0]
    found = list(dict.fromkeys(m.group(1).strip() for m in MESSAGE_LEAD.finditer(text)))
    return found[0] if len(found) == 1 and not quotes else None


def _blank_numbers(text: str, taken: set) -> str:
    """The text with the numbers other arguments already took blanked out: one number is one argument."""
    return values.NUMBER.sub(lambda m: " " * len(m.group()) if values.parse_number(m.group()) in taken else m.group(),
                             text)


def _read_twice(fixed: dict, props: dict, text: str) -> list[str]:
    """Numeric arguments that share one value the request writes fewer times than they share it ('45 days late'
    read as both the tax and the days): one number is one argument, so none of them is sure."""
    shared: dict = {}
    for name, value in fixed.items():
        if props[name].get("type") in ("integer", "number") and not isinstance(value, bool):
            shared.setdefault(float(value), []).append(name)
    plain = values.dates_blanked(text)
    twice = []
    for value, names in shared.items():
        written = sum(values.parse_number(m.group()) == value for m in values.NUMBER.finditer(plain))
        written += sum(float(n) == value for w, n in values.NUMBER_WORDS.items() if re.search(rf"\b{w}\b", plain, re.I))
        if len(names) > 1 and written < len(names):
            twice += names
    return twice


class ToolUse:
    name = "tools"
    summary = "call the tools you describe"
    lesson = "lesson 04"

    def read(self, conv: Conversation) -> Task | None:
        results = self._pending_results(conv)
        if results:
            return Task(self.name, SURE, "tool results to answer from", data=("results", results, self._question(conv)))
        if not conv.tools:
            return None
        forced = self._forced(conv)
        tools, fit = self._best_tools(conv)
        if forced:  # the named tool; else the tools that fit, or the only one (picking one of several is a guess)
            if isinstance(forced, list):
                tools = forced
            elif not tools and len(conv.tools) == 1:
                tools = list(conv.tools)
            elif not tools:  # no tool's words: the one tool whose arguments the request holds ('whats AAPL at')
                read = [(t, self._calls_for(t, conv)) for t in conv.tools]
                held = [t for t, (made, _, _) in read if any(c.arguments for c in made)]
                tools = held if len(held) == 1 else []
                if not tools:  # every tool lacks an argument: say which; else the pick of a tool is the doubt
                    lacking = [m for _, (made, missing, unsure) in read for m in missing + unsure]
                    every = all(missing or unsure for _, (_, missing, unsure) in read) and not held
                    return self._cannot_force(lacking if every else [], "a request that must call one of the tools")
        elif not tools:
            return None
        asked = outside_blocks(self._request_text(conv))
        if not forced and (re.search(r"^[ \t]*(is|are|has|have|did|was|were)\b", asked, re.I | re.M) or STATE_ASKED.search(asked)) \
                and not any(LOOKUP.search(t["name"]) for t in tools):
            return Task(self.name, UNSURE, f"a question about the state of something, with the tool {tools[0]['name']}",
                        lacking="that tool acts rather than looks something up, and the request only asks")
        question = QUESTION_ONLY.search(asked)
        if not forced and question and "?" in asked and not ACTION_ASKED.search(asked) \
                and not any(LOOKUP.search(t["name"]) or CALCULATES.search(t["name"]) for t in tools):
            return Task(self.name, UNSURE, f"a question ('{question.group(0).strip()} ...'), with the tool {tools[0]['name']}",
                        lacking="that tool acts rather than looks something up, and the request only asks")
        if not forced and len(conv.users) > 1 and 0 < len(words(conv.last_user)) <= 8 \
                and set(words(conv.last_user)) <= ACKNOWLEDGED:
            return None  # 'great, thanks' after an answer asks for nothing more
        if not forced and _told(asked, tools):
            return None  # 'I cancelled order 4471 yesterday.': told, not asked
        acting = ACTION_ASKED.search(asked)
        if not forced and acting and all(LOOKUP.search(t["name"]) for t in tools) \
                and any(not LOOKUP.search(t["name"]) for t in conv.tools):
            return Task(self.name, UNSURE, f"a request that names the action '{acting.group(0).lower()}'",
                        lacking=f"the tool that fits its words best ({tools[0]['name']}) only looks something up, "
                                "and rules can't tell whether the tool that acts is the one meant")
        held_off = [t["name"] for t in tools if _held_off(asked, t)]
        if held_off and not forced:
            return Task(self.name, UNSURE, f"a request about the tool {held_off[0]}",
                        lacking="the request takes back or holds off that action ('don't', 'was going to', "
                                "'should I ...?'), and the offline backend won't guess what to do instead")
        calls, missing, unsure = [], [], []
        for tool in tools:
            made, lacking, doubtful = self._calls_for(tool, conv)
            calls += made
            missing += lacking
            unsure += doubtful
        if not forced and calls and not any(c.arguments for c in calls) and all(
                (t.get("parameters") or {}).get("properties") for t in tools if t["name"] in {c.name for c in calls}):
            return None  # a tool that takes arguments, called with none: the request gave it nothing to act on
        if not forced and EXPLAIN.search(asked) and not any(c.arguments for c in calls):
            return None  # 'what does a late fee mean?' asks for an explanation, not for the tool
        understood = f"a request {'that must call' if forced else 'for'} the tool {tools[0]['name']}"
        if calls and len(conv.users) > 1 and _newest_number_unused(conv.last_user, calls):
            return Task(self.name, UNSURE, understood, lacking="the latest message gives a number no argument took "
                                                               "('and 250?'), and an earlier one gives the rest")
        if _crossed(calls):  # 'When was T1003 paid, and what is the status of T1005?': pair each with its tool
            calls = self._paired(conv, calls, asked)
        if calls is None or _entities_unpaired(calls, asked) or self._unsupported(conv, calls, asked):
            return Task(self.name, UNSURE, understood, lacking="it could not tell which of the things the request names "
                                                               "each action is for")
        confidence = SURE if forced or fit >= 2 else LIKELY
        partial = {t["name"] for t, _ in missing + unsure} - {c.name for c in calls}
        if calls and partial and len(tools) > 1:  # two tools fit, one can be called: calling it alone would be half
            return Task(self.name, UNSURE, understood, lacking=f"the request also fits the tool {sorted(partial)[0]}, "
                        "whose arguments it could not read, and calling the other alone would do half of it")
        if forced and not calls:  # a forced call needs every required argument; none is ever made up
            return self._cannot_force(missing + unsure, understood)
        if missing and not calls:  # ask for all it lacks: what it could not read too, never half of it
            return Task(self.name, confidence, understood, data=("ask", missing + [u for u in unsure if u not in missing]))
        if unsure and not calls:
            asked = ", ".join(sorted({n.replace("_", " ") for _, n in unsure}))
            return Task(self.name, UNSURE, understood,
                        lacking=f"it could not tell which words of the request give the {asked}")
        return Task(self.name, confidence, understood, data=("call", calls))

    def _paired(self, conv: Conversation, calls: list[ToolCallOut], text: str) -> list[ToolCallOut] | None:
        """Each thing with the one tool its own clause asks for ('When was T1003 paid' -> the date tool, 'what is
        the status of T1005' -> the status tool); None when a clause fits no tool, or several, of those called."""
        clauses = _clauses(text)
        names = {c.name for c in calls}
        kept = []
        for call in calls:
            home, _ = _own_clause(call, [o for o in calls if o.name == call.name], clauses)
            if home is None or len(kept) > 8:
                return None
            fits = {t["name"] for t in self._tools_for(conv, home)[0]} & names
            if len(fits) != 1:
                return None
            if call.name in fits:
                kept.append(call)
        return kept or None

    def _unsupported(self, conv: Conversation, calls: list[ToolCallOut], text: str) -> bool:
        """With several tools offered, one tool called for several things: each thing's own clause must not ask
        for another tool, or for something no tool's words name ('the date T1003 was settled and the current state
        of T1005' is no second date lookup). A clause that is only the thing ('... T1001, and T1002') borrows."""
        if len(conv.tools) < 2 or len(calls) < 2 or len({c.name for c in calls}) != 1:
            return False
        clauses = _clauses(text, joined=True)
        for call in calls:
            home, things = _own_clause(call, calls, clauses)
            if home is None:
                continue
            fits = {t["name"] for t in self._tools_for(conv, home)[0]}
            said = [w for w in words(home) if w not in STOPWORDS and not any(w in t.lower() for t in things)]
            if (fits and call.name not in fits) or (not fits and len(said) >= 2):
                return True
        return False

    @staticmethod
    def _cannot_force(lacking: list, understood: str) -> Task:
        """tool_choice forces a call, but no tool's required arguments were all read. The real API would call
        anyway, with arguments the model made up, and the learner's code would index them; the offline backend
        declines instead (the wire sends it with finish_reason "error", as no call was made), saying which
        argument it could not read."""
        names = sorted({n.replace("_", " ") for _, n in lacking})
        if not names:
            return Task("tools", UNSURE, understood, lacking="tool_choice forces a call, and it could not tell "
                                                             "which of the tools the request is for")
        return Task("tools", UNSURE, understood,
                    lacking=f"tool_choice forces a call and it could not read the {', '.join(names)} from the "
                            "request (it never makes up an argument)")

    def answer(self, task: Task) -> Reply:
        kind, *rest = task.data
        if kind == "results":
            results, question = rest
            return Reply(content=self._final_answer(results, question), skill=self.name)
        if kind == "ask":
            missing = rest[0]
            tool = missing[0][0]
            order = list(((tool.get("parameters") or {}).get("properties") or {}))
            names = sorted({p for t, p in missing if t is tool}, key=lambda p: order.index(p) if p in order else 99)
            asked = [p.replace("_", " ") for p in names]
            what = asked[0] if len(asked) == 1 else ", ".join(asked[:-1]) + " and " + asked[-1]
            purpose = (tool.get("description") or tool["name"].replace("_", " ")).strip()
            purpose = purpose[0].lower() + purpose[1:].rstrip(".")
            them = "it" if len(asked) == 1 else "them"
            return Reply(content=f"Could you tell me the {what}? I need {them} to {purpose}.", skill=self.name)
        return Reply(tool_calls=tuple(rest[0]), skill=self.name)

    @staticmethod
    def _forced(conv: Conversation):
        choice = conv.tool_choice
        if isinstance(choice, dict):
            name = (choice.get("function") or {}).get("name")
            return [t for t in conv.tools if t["name"] == name] or True
        return choice in ("any", "required")

    @staticmethod
    def _request_text(conv: Conversation) -> str:
        """The user's turns since the last tool exchange, oldest first."""
        texts = []
        for turn in reversed(conv.turns):
            if turn.role == "tool":
                break
            if turn.role == "user":
                texts.append(turn.text)
        return "\n".join(reversed(texts))

    def _best_tools(self, conv: Conversation) -> tuple[list[dict], float]:
        """The tools that fit the latest message, else the request since the last tool results (a reply to a
        question back: 'Lisbon'); several when it names several tools' subjects; and the best score."""
        whole = outside_blocks(self._request_text(conv))
        latest = outside_blocks(conv.last_user)
        if latest.strip() != whole.strip():  # 'status of order 4471?' ... 'ok cancel it': the newest ask decides
            found = self._tools_for(conv, latest)
            if found[0]:
                return found
        return self._tools_for(conv, whole)

    def _tools_for(self, conv: Conversation, text: str) -> tuple[list[dict], float]:
        asked = {stem(w) for w in words(text)}
        for question, subjects in ASKS_FOR.items():
            if re.search(r"\b(?:" + question + r")\b", text, re.I):
                asked |= {stem(w) for w in subjects}
        yes_no = bool(re.search(r"^[ \t]*(is|are|has|have|did|does|do|was|were)\b", text, re.I | re.M)
                      or STATE_ASKED.search(text))
        if yes_no:
            asked |= {stem("status"), stem("state")}  # a yes/no question about something asks for its state
        if isinstance(_unit_pair(text), list):  # '30 miles in km' asks for a conversion of units
            asked |= {stem(w) for w in ("convert", "conversion", "unit", "units")}
        if len(currency_codes(text)) >= 2:  # 'How much is 40 EUR in GBP?' asks for a conversion
            asked |= {stem(w) for w in ("convert", "currency", "exchange", "rate")}
        named_ids = bool(_not_postcodes(values.identifiers(text), text, ""))
        dated = bool(values.iso_dates(text) or values.DAY_MONTH.search(text) or RELATIVE_DAY.search(text))
        creative = CREATIVE.search(text)
        if creative and not (creative.group(2) and any(creative.group(2).lower() in t["name"].lower()
                                                       for t in conv.tools)):
            return [], 0.0  # a poem about payments is no payment lookup; 'write a note' is one for add_note
        pair = PAIR_LEADS[1].search(text)  # 'from Plaza Mayor to Estación Norte' fits a tool between two places
        places_paired = bool(pair) and not currency_codes(pair.group()) and not isinstance(_unit_pair(text), list) \
            and bool(MOVING.search(text))  # and the request speaks of moving ('go', 'walk', 'on foot', 'how far')
        vectors = resources.embed([text] + [f"{t['name'].replace('_', ' ')}. {t.get('description', '')}"
                                            for t in conv.tools])
        similarity = vectors[1:] @ vectors[0]
        scores, worded, fits, hits = [], [], [], []
        for tool, sim in zip(conv.tools, similarity):
            name_hits = {stem(w) for w in name_words(tool["name"]) if w not in FILLER} & asked
            hits.append(name_hits)
            described = {stem(w) for w in words(tool.get("description", "")) if w not in FILLER and len(w) > 2}
            props = (tool.get("parameters") or {}).get("properties") or {}
            takes_id = any(_is_identifier_param(n, p) for n, p in props.items() if isinstance(p, dict))
            searches = bool(re.search(r"search|lookup|look_up|find|query", tool["name"], re.I))
            worded.append(2 * len(name_hits) + 0.5 * min(len(described & asked), 4))
            enums = {str(v).lower() for p in props.values() if isinstance(p, dict) for v in p.get("enum") or ()}
            takes_date = any(re.search(r"(^|_)(date|day|when)", n) or p.get("format") in ("date", "date-time")
                             for n, p in props.items() if isinstance(p, dict))
            between = any(FIRST_OF_PAIR.search(n) and PLACEISH.search(n) for n in props) \
                and any(SECOND_OF_PAIR.search(n) and PLACEISH.search(n) for n in props)
            bonus = (0.5 if named_ids and takes_id else 0) \
                + (1.0 if between and places_paired else 0) \
                + (0.5 if dated and takes_date else 0) \
                + (1.0 if enums & set(words(text)) else 0)  # it names one of the tool's own values
            asked_search = searches and "?" in text and (worded[-1] > 0 or bonus > 0 or sim >= 0.3
                                                           or SEARCH_ASKED.search(text)  # not 'What's 2+2?' for flights
                                                           or RETRIEVAL.search(tool.get("description", "")))  # a help centre: any question
            bonus += 1.0 if asked_search else 0
            scores.append(worded[-1] + bonus)
            fits.append(worded[-1] >= 1 or (worded[-1] >= 0.5 and bonus > 0) or asked_search
                        or (between and places_paired))
        combined = [s + float(sim) for s, sim in zip(scores, similarity)]
        best = max(combined)
        if not any(fits) and max(float(s) for s in similarity) < 0.65:
            return [], 0.0  # an identifier alone does not make a tool fit ('Refund T1002' is no status lookup)
        chosen = [i for i, (c, s) in enumerate(zip(combined, scores)) if c >= best - 0.25 or (s >= 2 and c >= best - 1)]
        if len(chosen) > 1 and yes_no:  # 'is my order cancelled?' asks about a state: look it up, do not act on it
            looks = [i for i in chosen if LOOKUP.search(conv.tools[i]["name"])]
            chosen = looks or chosen
        if len(chosen) > 1:  # several tools only when each has a word of the request that no other chosen tool has
            written = {stem(w) for w in words(text)}  # a word of the request, or what its question word asks for
            written |= {stem(w) for q in ("when", "where", "who", "how much", "how many")
                        if re.search(rf"\b{q}\b", text, re.I) for w in ASKS_FOR[q]}  # not a verb's synonyms
            if yes_no:  # 'Is T1002 paid, and when?': the state, and the date
                written |= {stem("status"), stem("state")}
            covers = {j: hits[j] | {stem(w) for w in words(conv.tools[j].get("description", ""))}
                      | {stem(w) for n in ((conv.tools[j].get("parameters") or {}).get("properties") or {})
                         for w in name_words(n)} for j in chosen}  # 'Refund order X': the order is the refund's own
            own = [i for i in chosen if (hits[i] & written) - set().union(*(covers[j] for j in chosen if j != i))]
            chosen = own or [max(chosen, key=lambda i: combined[i])]  # one tool with words of its own is the one
        return [conv.tools[i] for i in chosen], max(scores)  # how sure: the words the request shares with a tool, not a vague similarity

    # ------------------------------------------------------------------ arguments
    def _calls_for(self, tool: dict, conv: Conversation):
        params = tool.get("parameters") or {}
        props = {n: p for n, p in (params.get("properties") or {}).items() if isinstance(p, dict)}
        required = params.get("required") or []
        user_turns = [t.text for t in conv.turns if t.role == "user"][::-1]  # newest first
        fixed, per_entity, missing, deferred, doubtful, optional = {}, None, [], [], [], []
        purpose = f"{tool['name'].replace('_', ' ')}. {tool.get('description', '')}"
        paired = [n for n in props if FIRST_OF_PAIR.search(n) or SECOND_OF_PAIR.search(n)]
        used: set = set()
        for name, schema in props.items():
            if PLACEISH.search(name) and name not in paired and schema.get("type", "string") == "string":
                several = values.places(user_turns[0]) if user_turns else []
                if several == [values.AMBIGUOUS]:
                    doubtful.append((tool, name))  # 'Paris, Texas': the city with its region, or two places?
                    continue
                if len(several) > 1 and not per_entity:
                    per_entity = (name, several)
                    continue
            if _is_identifier_param(name, schema) and not (name in paired and "currency" in name.lower()):
                found = next((ids for text in user_turns if (ids := _not_postcodes(
                    values.identifiers(text, schema.get("pattern")), text, name) or _labelled_id(name, text))), [])
                if len(found) > 1:  # 'Ticket #60214 ... my order ID is A-88213': the id the learner names as this one
                    found = _named_for(name, found, next(t for t in user_turns if found[0] in t)) or found
                if found and per_entity and per_entity[0] != name:  # two identifier arguments: each takes the one
                    first, first_found = per_entity  # id written after its own word ('booking reference QX7PLM onto
                    source = next((t for t in user_turns if found[0] in t), "")  # flight AR482'), or neither is sure
                    mine, theirs = _named_by(name, found, source), _named_by(first, first_found, source)
                    if len(mine) == 1 and len(theirs) == 1 and mine != theirs:
                        fixed[first], per_entity = theirs[0], (name, mine)
                    else:
                        per_entity = None
                        doubtful += [(tool, first), (tool, name)]
                elif found:
                    per_entity = (name, found)
                elif name in required:
                    missing.append((tool, name))
                continue
            numeric = schema.get("type") in ("integer", "number") and "enum" not in schema
            readings = (self._value(name, schema, text, paired, frozenset(used), name in required and not numeric,
                                    purpose) for text in user_turns)
            value = None
            for reading in readings:
                if reading is values.AMBIGUOUS:
                    doubtful.append((tool, name))  # '2 hours, or maybe 3': the learner gave it, but which?
                    break
                if _known(reading) is not None:
                    value = _known(reading)
                    break
            if isinstance(value, str) and value in used:
                value = None  # one phrase of the request is one argument, not two
            if value is not None:
                fixed[name] = value
                used.add(value) if isinstance(value, str) else None
            elif numeric and name in required:
                deferred.append(name)  # the request's only number, once the numbers other arguments name are read
            elif name in required:
                missing.append((tool, name))
            else:
                optional.append(name)
        deferred = [n for n in deferred if (tool, n) not in doubtful]
        for name in deferred:  # 'paid her tax 45 days late': 45 is the days, so the tax is not given
            taken = {v for v in fixed.values() if isinstance(v, (int, float)) and not isinstance(v, bool)}
            value = next((v for text in user_turns
                          if (v := _known(self._value(name, props[name], _blank_numbers(text, taken), paired,
                                                      frozenset(used), True, purpose))) is not None), None)
            if value is not None:
                fixed[name] = value
            else:
                missing.append((tool, name))
        for name in _read_twice(fixed, props, user_turns[0] if user_turns else ""):
            del fixed[name]  # one number of the request read as two arguments: neither is sure
            (missing if name in required else doubtful).append((tool, name))
        for name in optional:  # 'on May 2nd' for an optional date: given, in a form not read; no call without it
            if _dated_or_timed(name, props[name]) and user_turns and _unused_when(user_turns[0], fixed, props):
                doubtful.append((tool, name))
            elif props[name].get("type") in ("integer", "number") and user_turns and BOUNDED.search(user_turns[0]) \
                    and re.search(r"(^|_)(min|max|minimum|maximum|limit|at_least|at_most|over|under|above|below)(_|$)", name):
                doubtful.append((tool, name))  # 'only those of one hundred pounds or more': a filter asked, not read
        if missing or doubtful:  # a value the request holds but does not delimit is no reason to ask back for it
            text = user_turns[0] if user_turns else ""
            unsure = [(t, n) for t, n in missing if _holds_candidates(n, props[n], text, fixed, t)] + doubtful
            return [], [m for m in missing if m not in unsure], unsure
        if per_entity:
            name, found = per_entity
            return [ToolCallOut(tool["name"], {**fixed, name: v}) for v in found], [], []
        return [ToolCallOut(tool["name"], fixed)], [], []

    def _value(self, name: str, schema: dict, text: str, paired: list[str], used: frozenset = frozenset(),
               required: bool = True, purpose: str = ""):
        kind = schema.get("type", "string")
        description = schema.get("description", "") or ""
        described = _describes(name, schema)
        if "enum" in schema and name in paired and re.search(r"(^|_)units?(_|$)", name):
            pair = _unit_pair(text)  # '210 lb to kg' with units kg/lb/st: each side of the pair is one of the values
            if isinstance(pair, list):
                side = (pair[1] if FIRST_OF_PAIR.search(name) else pair[2]).lower()
                forms = {side, side.rstrip("s"), *UNIT_NAMES.get(side.rstrip("s"), ())}
                hits = [v for v in schema["enum"] if str(v).lower() in forms]
                if len(hits) == 1:
                    return hits[0]
        if "enum" in schema and _is_currency(name, schema, purpose) and not schema.get("_raw"):
            code = self._value(name, {k: v for k, v in schema.items() if k != "enum"}, text, paired, used, required,
                               purpose)  # 'Convert 100 EUR to USD' with enum codes: read as any currency, then kept
            hits = [v for v in schema["enum"] if isinstance(code, str) and str(v).upper() == code.upper()]
            return hits[0] if hits else values.AMBIGUOUS if isinstance(code, str) else code
        if "enum" in schema:
            return values.enum_value(name, schema["enum"], text, description)
        shaped = _like_example(description, text) if kind == "string" else None
        if shaped is not None:
            return shaped  # 'Unit number, e.g. 4B' and 'Unit 7C': the one value shaped like the example
        if kind == "string" and re.search(r"(^|_)address$", name.lower()) and values.address(text):
            return values.address(text)  # '12 Alder Court': an address keeps its number
        if kind == "string" and re.fullmatch(r"to|recipients?|cc|bcc|(?:to|recipient)_(?:email|address)", name.lower()) \
                and re.search(r"e-?mail|\bmail\b", purpose, re.I):  # an e-mail tool's 'to' is an address
            found = list(dict.fromkeys(m.group() for m in values.FORMATS["email"].finditer(text)))
            return found[0] if len(found) == 1 else values.AMBIGUOUS if found else None
        if kind == "string" and re.search(r"(^|_)(host|hostname|server|machine|node)(_name)?$|\bhost ?name\b", described):
            return _hostname(text)
        if _is_currency(name, schema, purpose):
            code = self._value(name, {**schema, "_raw": True}, text, paired, used, required, purpose) \
                if not schema.get("_raw") else None
            if not schema.get("_raw"):  # the case the description shows: 'lowercase ISO code, e.g. usd'
                lower = re.search(r"lower-?case|\be\.g\.,? [a-z]{3}\b|\bsuch as [a-z]{3}\b", description)
                return code.lower() if isinstance(code, str) and lower else code
            codes = currency_codes(text)
            if "GBP" in codes and WEIGHTS.search(text) and not re.search(r"GBP|£|sterling|quid|british", text, re.I):
                return values.AMBIGUOUS  # '5 kg to pounds': pounds of weight, not of money
            if name in paired:  # 'from' the first currency named, 'to' the second
                wanted = 0 if FIRST_OF_PAIR.search(name) else 1
                labelled = _labelled_code(name, text)
                if labelled:  # 'base CHF, quote JPY', 'from: GBP'
                    return labelled
                if len(codes) == 1:  # 'convert 4,000 into Swiss francs': the one named is the target
                    return codes[0] if _currency_role(text) == wanted else None
                order = _currency_order(text) if len(codes) == 2 else None
                return order[wanted] if isinstance(order, list) else order
            return codes[0] if len(codes) == 1 else None
        if re.search(r"ticker|symbol", name, re.I) and kind == "string":
            return ticker(text)
        if "language" in described and kind == "string":  # 'translate it into Japanese', 'from German'
            source = bool(re.search(r"(^|_)(source|from|input|original)(_|$)", name))
            lead = r"from" if source else r"to|into|in"
            found = {m.group(1).capitalize() for m in re.finditer(rf"\b(?:{lead})\s+({LANGUAGES})\b", text, re.I)}
            return found.pop() if len(found) == 1 else None
        if name in paired and kind == "string" and re.search(r"(^|_)units?(_|$)", name):
            pair = _unit_pair(text)  # 'from_unit' and 'to_unit' as the learner writes them
            return pair if pair is values.AMBIGUOUS or pair is None else pair[1] if FIRST_OF_PAIR.search(name) else pair[2]
        if name in paired and kind == "string" and re.search(r"post_?code|zip|postal", name, re.I):
            coded = CODE_PAIR.search(text)  # 'from postcode 10115 to postcode 80331'
            if coded:
                return coded.group(1) if FIRST_OF_PAIR.search(name) else coded.group(2)
        if name in paired and kind == "string" and not _dated_or_timed(name, schema):  # a departure date is no place
            pair = _pair(text)
            if pair:  # 'Flights Dublin -> Porto': the tool's own word starting the sentence is no part of the place
                own = {stem(w) for w in words(purpose)}
                found = (pair[0] if FIRST_OF_PAIR.search(name) else pair[1]).split()
                while len(found) > 1 and stem(found[0].lower()) in own:
                    found = found[1:]
                return " ".join(found)
        if kind in ("integer", "number") and re.fullmatch(r"value|amount|quantity|number|input|x", name.lower()) \
                and any(re.search(r"(^|_)units?$", n) for n in paired):
            pair = _unit_pair(text)  # '37 celsius in fahrenheit': the value is the number the pair converts
            if isinstance(pair, list):
                return int(pair[0]) if kind == "integer" and float(pair[0]).is_integer() else pair[0]
        if kind in ("integer", "number") and re.search(r"percent|pct|percentage", described) \
                and not re.search(r"%|\bper ?cent\b|\bpct\b", text, re.I):
            return None  # '3 of us' is no percentage: a share is written with '%' or 'percent'
        if kind in ("integer", "number"):
            for phrase in used:  # a number inside another argument ('error 404 nginx') is not this one
                text = text.replace(phrase, " " * len(phrase))
            if re.search(r"unix|epoch|timestamp", described) and (values.iso_dates(text) or RELATIVE_DAY.search(text)):
                return values.AMBIGUOUS  # a date the learner gave, but as a timestamp this cannot write
            shares = re.findall(r"(?<![\d.,])(\d{1,3}(?:\.\d+)?)\s?(?:%|per ?cent\b)", text, re.I)
            if re.search(r"percent|pct|percentage", described) and len(set(shares)) == 1:
                value = float(shares[0])  # '40%' for a percentage: the '%' is its own word
            else:
                value = values.number(name, text, description, lone=required)  # an optional one needs its own word
            if not isinstance(value, (int, float)):
                return value if value is values.AMBIGUOUS and not required else None
            if re.search(r"\bcents?\b|\bpence\b|\bminor units?\b|(^|_)(cents|pence)$", described):
                value = round(value * 100, 6)  # '€12.50' for amount_cents is 1250
            if kind == "integer" and not float(value).is_integer():
                return values.AMBIGUOUS  # 12.5 is no integer: rounding would invent one
            return int(value) if kind == "integer" else value
        if kind == "boolean":
            return values.flag(name, text, description)
        if kind == "array" and (schema.get("items") or {}).get("enum"):
            return _enum_values_named(schema["items"]["enum"], text)
        if kind == "array" and (schema.get("items") or {}).get("type", "string") == "string":
            if "email" in described:  # 'attendees: a@x.org, b@y.org'
                return list(dict.fromkeys(values.FORMATS["email"].findall(text))) or None
            return _listed(name, text)
        if kind != "string":
            return None
        if schema.get("format") == "date-time" or re.search(r"date-?time|datetime|iso ?8601 (?:date and time|timestamp)"
                                                              r"|\d{4}-\d\d-\d\dT\d", description, re.I) \
                or re.fullmatch(r"(datetime|date_time|timestamp|starts_at|ends_at|scheduled_at|remind_at)", name):
            stamps = set(re.findall(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?", text))
            if len(stamps) == 1:  # written as one ISO date-time already: 'Start: 2026-05-06T10:00'
                return stamps.pop()
            day, clock = values.iso_date(text, name, description), values.clock_time(text, name, description)
            if not day or not clock or (name in paired and len(values.iso_dates(text)) > 1):
                return values.AMBIGUOUS if day or clock else None  # a date and a time, or neither
            seconds = ":00" if re.search(r"T\d\d:\d\d:\d\d|hh:mm:ss", description, re.I) \
                or schema.get("format") == "date-time" else ""
            return f"{day}T{clock}{seconds}"  # 'on 2026-05-02 at 19:30' -> 2026-05-02T19:30
        if schema.get("format") in ("date", "date-time") or re.search(r"(^|_)(date|day|on|check_?in|check_?out)", name) \
                or re.search(r"yyyy-mm-dd|\bdate\b|\b(?:dd|mm)[-/.]?(?:dd|mm)[-/.]?yyyy\b", description, re.I):
            if name in paired:  # start and end: the first and the second date the request gives
                dates = values.iso_dates(text)
                wanted = 0 if FIRST_OF_PAIR.search(name) else 1
                return values.in_date_format(dates[wanted], description) if len(dates) > wanted else None
            return values.in_date_format(values.iso_date(text, name, description), description) or None
        if schema.get("format") == "time" or re.search(r"(^|_)time$", name):
            return values.in_time_format(values.clock_time(text, name, description), description) or None
        for kind_name in ("email", "uri", "phone"):
            if kind_name in described or (kind_name == "uri" and re.search(r"url|link", name)):
                m = values.FORMATS[kind_name].search(text)
                if m and kind_name == "phone" and re.search(r"e\.?164|\+\d{8,}\b", description, re.I):
                    return re.sub(r"[^\d+]", "", m.group())  # '+44 20 7946 0958' as +442079460958
                return m.group() if m else None
        if re.search(r"last ?(?:4|four)|last_?4|last_four", described):  # 'card ending 9083', 'ends in 4417'
            found = set(re.findall(r"\b(?:ending|ends|ended|last (?:4|four)(?: digits)?)(?: (?:in|with|are|is|of))?"
                                   r"[\s:#*x•.-]*(\d{4})\b", text, re.I))
            return found.pop() if len(found) == 1 else values.AMBIGUOUS if found else None
        digits = re.search(r"\b(\d{1,2})[- ]digit\b", description, re.I)
        if digits:  # '4-digit alarm PIN' and 'It is 0712.': the one number of that many digits
            found = set(re.findall(rf"(?<![\d.,:/-])\d{{{digits.group(1)}}}(?![\d.,:/-]\d)", text))
            return found.pop() if len(found) == 1 else values.AMBIGUOUS if found else None
        found = values.keyed(name, text)
        if found or found is values.AMBIGUOUS:
            return found
        if re.search(r"(^|_)(title|subject|headline|heading|label|caption)$", name):
            return _known(values.called(text)) or (quotes[0] if len(quotes := values.quoted(text)) == 1 else None) \
                or (_known(values.event_named(text)) if re.search(r"event|meeting|appointment|calendar|schedul", purpose, re.I) else None)
        if PLACEISH.search(name) or re.search(r"\bcity\b|\blocation\b", description, re.I):
            quotes = [q for q in values.quoted(text) if q[:1].isupper()]
            named = values.proper_names(text)
            if not re.search(r"city|town", name) or not (named and (values.LANDMARK.search(named[0])
                                                                    or values.COUNTRY.fullmatch(named[0]))):
                named = named if len(named) == 1 else []
            else:
                named = []  # 'where the Eiffel Tower is' names a landmark, not its city
            found = values.place(text, name)
            if found is values.AMBIGUOUS and not quotes:
                return found  # 'in Rome or Florence': no fallback to the only capitalised word
            if re.search(r"origin|destination|(^|_)(from|to)(_|$)|departure|arrival|source|start|end", name):
                named = []  # 'flights to Porto': the only name is the destination, never the origin too
            if re.search(r"(^|_)address$", name):
                named = []  # an address is read as one ('12 Mill Lane'), never as a lone name ('the Whitcombe wedding')
            found = quotes[0] if quotes else found or (named[0] if named else None)
            return values.AMBIGUOUS if found and _asked_elsewhere(text, found) else found
        if PERSONISH.search(name):
            return values.person(text, "" if re.fullmatch(r"(full_)?name", name) else name)
        if re.fullmatch(r"(message|body|text|content|note)", name.lower()):
            return _message(text, used)
        if re.fullmatch(r"(near|address|location|where|place)", name.lower()) and values.address(text):
            return _known(values.address(text))  # 'notaries near 14 Castle Street, Chester'
        if FREE_TEXT.search(name.lower()) or re.search(r"query|look for|search|question|keywords", description, re.I):
            return _free_text(text, name, purpose)
        quotes = values.quoted(text)
        if len(quotes) != 1:
            return None
        before = text[max(0, text.find(quotes[0]) - 30):text.find(quotes[0])]
        return None if WORDING_BEFORE.search(before) else quotes[0]  # "the card should say '...'" is a message's words

    # ------------------------------------------------------------------ answering from results
    @staticmethod
    def _pending_results(conv: Conversation) -> list[tuple[dict, str]]:
        """(call, result text) pairs of the tool turns that close the conversation."""
        results = []
        for turn in reversed(conv.turns):
            if turn.role != "tool":
                break
            results.append(turn)
        if not results:
            return []
        calls = {c["id"]: c for t in conv.turns if t.role == "assistant" for c in t.tool_calls}
        return [(calls.get(t.tool_call_id, {"name": t.name or "tool", "arguments": {}}), t.text)
                for t in reversed(results)]

    @staticmethod
    def _question(conv: Conversation) -> str:
        return next((t.text for t in reversed(conv.turns) if t.role == "user"), "")

    def _final_answer(self, results: list[tuple[dict, str]], question: str = "") -> str:
        sentences = []
        for call, text in results:
            if len(text) > 300:  # passages (a search tool, say): answer the question from them
                query = " ".join(v for v in call.get("arguments", {}).values() if isinstance(v, str))
                found = grounded_answer(question if question.rstrip().endswith("?") else query or question,
                                        _passages(text))
                sentences.append(found or "The results touch on this, but I can't tell which part answers it.")
                continue
            subject = " ".join(w for w in name_words(call["name"]) if w not in FILLER)
            about = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in call.get("arguments", {}).items())
            try:
                value = json.loads(text)
            except ValueError:
                value = text
            if isinstance(value, dict) and "error" in value:
                sentences.append(f"I could not get the {subject}{' for ' + about if about else ''}: {value['error']}")
                continue
            if isinstance(value, dict) and len(value) == 1:
                shown = str(next(iter(value.values())))
            elif isinstance(value, dict):
                shown = "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in value.items())
            elif isinstance(value, list):
                shown = "; ".join(json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value)
            else:
                shown = str(value)
            sentences.append(f"The {subject}{' for ' + about if about else ''} is {shown}.")
        return " ".join(sentences)


# Words that introduce what a message says ('the card should say', 'reading', 'the note:'): a quote after them is
# the wording of a message, never the value of a product, a name or a place that the tool's other words ask for.
WORDING_BEFORE = re.compile(r"\b(?:say|says|saying|said|read|reads|reading|write|writes|writing|wording|words|message"
                            r"|note|card|caption|inscription|engraving|engraved)\b\W{0,4}$", re.I)


def _enum_values_named(choices: list, text: str):
    """The values of a list of choices that the text names, in its order ('the kitchen and the hallway' for rooms
    of living_room, kitchen, hallway ...); a value named in a negation ('not the bedroom') makes it unsure."""
    found = []
    for value in choices:
        if not isinstance(value, str):
            continue
        spoken = r"[\s_-]+".join(re.escape(w) for w in re.split(r"[\s_-]+", value))
        m = re.search(rf"(?<![\w-]){spoken}(?![\w-])", text, re.I)
        if m:
            if values.negated_near(text, m.start()):
                return values.AMBIGUOUS
            found.append((m.start(), value))
    return [v for _, v in sorted(found)] or None


def _listed(name: str, text: str) -> list[str] | None:
    """A list written after the argument's own name: 'items: mattress, wardrobe and a desk.'"""
    key = r"[ \t_-]*".join(re.escape(p) for p in name_words(name))
    m = re.search(rf"(?i)(?<![\w-]){key}\s*[:=]\s*([^.;\n]+?)\s*(?:[.;](?:\s|$)|\n|$)", text)
    if not m:
        return None
    parts = [p.strip(" \"'“”") for p in re.split(r",|\band\b|/", m.group(1))]
    parts = [re.sub(r"^(?:an?|the|some)\s+", "", p, flags=re.I) for p in parts if p]
    return parts if parts and all(0 < len(p.split()) <= 4 for p in parts) else None


def _passages(text: str) -> str:
    """A tool result as plain paragraphs: JSON lists and objects are unpacked, '[id]' prefixes kept."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    items = value if isinstance(value, list) else next((v for v in value.values() if isinstance(v, list)), [value]) \
        if isinstance(value, dict) else [value]
    paragraphs = []
    for item in items:
        if isinstance(item, dict):
            source = item.get("source") or item.get("id") or item.get("doc_id") or ""
            body = item.get("text") or item.get("content") or " ".join(str(v) for v in item.values())
            paragraphs.append(f"[{source}] {body}" if source else str(body))
        else:
            paragraphs.append(str(item))
    return "\n\n".join(paragraphs)
