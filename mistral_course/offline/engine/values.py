"""Reading values out of a learner's text: numbers and money, dates and times, identifiers, names
and places, yes/no flags and enum values, and values with a shape of their own (addresses, versions,
job titles, postcodes ...). The JSON and tool skills share these readers.

A reader never guesses. It returns the value when one candidate is clearly the property's (the only one,
the one written next to the property's word, the first or second of a start/end pair); MISSING (None) when
the text gives no evidence for it; ABSENT when the text surely lacks it (no '@' at all for an e-mail); and
AMBIGUOUS when the text holds several candidates and nothing tells which ('€350, or €300', two dates for
a plain 'date', 'Rome or Florence'): then a skill must neither pick one nor answer null, which would say
the text is silent. Every reader scans the text once; none backtracks over it.
"""

from __future__ import annotations

import bisect
import functools
import re

from .text import STOPWORDS, name_words, stem, words

MISSING = None  # what a reader returns when it found nothing (the text may still say it in words it can't read)


class _Absent:
    """What a reader returns when the text surely does not give the value (no e-mail address at all, say)."""

    def __bool__(self):
        return False

    def __repr__(self):
        return "ABSENT"


ABSENT = _Absent()


class _Ambiguous:
    """What a reader returns when the text gives several candidates and nothing says which is the value: the
    skill must not pick one, nor claim the text is silent (null)."""

    def __bool__(self):
        return False

    def __repr__(self):
        return "AMBIGUOUS"


AMBIGUOUS = _Ambiguous()

NEGATION = re.compile(r"\b(no|not|non|never|denies|denied|without|doesn't|does not|don't|isn't|wasn't|quit|stopped"
                      r"|haven['’]?t|hasn['’]?t|hadn['’]?t|didn['’]?t|doesnt|dont|isnt|wasnt|aren['’]?t|weren['’]?t|won['’]?t"
                      r"|can['’]?t|cannot|couldn['’]?t|wouldn['’]?t|shouldn['’]?t|ain['’]?t"
                      r"|former|gave up|given up|ex|nor|neither|free of|negative for|other than|rather than|instead of"
                      r"|declined|declines|refused|refuses|turned down|turns down|opted out of|opts out of|waived|skipped)\b"
                      r"|\bnon-", re.I)  # 'declined breakfast', 'refused the upgrade'
SYNONYMS = {  # everyday words for some very common enum values
    "male": ["man", "he", "his", "him", "boy", "gentleman", "mr"],
    "female": ["woman", "she", "her", "girl", "lady", "mrs", "ms"],
    "other": ["non-binary", "nonbinary"],
    # aggregates and orders, as query tools abbreviate them ('avg', 'desc') and people write them out
    "avg": ["average", "mean"], "average": ["avg", "mean"], "mean": ["average", "avg"],
    "min": ["minimum", "lowest", "smallest"], "max": ["maximum", "highest", "largest", "biggest"],
    "asc": ["ascending"], "desc": ["descending"],
    # temperature scales and measurement systems, as tools abbreviate them
    "c": ["celsius", "°c", "centigrade"], "f": ["fahrenheit", "°f"], "k": ["kelvin"],
    "metric": ["celsius", "°c", "kilometres", "kilometers", "km/h"], "imperial": ["fahrenheit", "°f", "miles", "mph"],
    # ways of travelling, as route tools name them
    "walking": ["on foot", "walk"], "driving": ["by car", "drive"], "cycling": ["by bike", "by bicycle", "cycle"],
    "bicycling": ["by bike", "by bicycle", "cycle"], "transit": ["by bus", "by train", "by tube", "by metro", "by subway",
                                                                 "by tram", "public transport"],
    # why a card or a parcel needs help, and how to be told, as people say it
    "stolen": ["nicked", "pinched", "robbed", "taken from me"], "damaged": ["smashed", "cracked", "dented", "crushed"],
    "lost": ["misplaced", "can't find", "cannot find"], "sms": ["text message", "by text", "text me"],
    "push": ["app notification", "push notification", "notification in the app"],
    # a switch, as people say it ('living room lights on'); 'on' alone is too common a word to count
    "on": ["turn on", "switch on", "turn it on", "switch it on", "turn them on", "switch them on", "lights on",
           "light on", "heating on"],
    "off": ["turn off", "switch off", "turn it off", "switch it off", "lights off", "light off", "heating off"],
    # clinic departments, as patients shorten them
    "physiotherapy": ["physio"], "cardiology": ["cardio"], "dermatology": ["derm"],
}
EURO_NUMBER = r"\d{1,3}(?:\.\d{3})+,\d{1,2}(?!\d)|\d{1,3}(?:\.\d{3}){2,}(?![\d,])"  # 1.500,00 and 2.400.000
NUMBER = re.compile(rf"(?<![\w.,])-?(?:{EURO_NUMBER})|(?<![\w.])-?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)"
                    r"|(?<![\w.])-?\d+(?:[.,]\d+)?(?![\d]|st\b|nd\b|rd\b|th\b)")  # '40th' is a rank, not an amount
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
NUMBER_WORDS.update({w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)})
CURRENCY_CODE = r"USD|EUR|GBP|CHF|JPY|INR|CAD|AUD|NZD|CNY|SEK|NOK|DKK|PLN|CZK|HUF|MXN|BRL|ZAR|SGD|HKD|KRW|TRY|AED"
CURRENCY = r"(?:[$€£¥₹]|(?:US|CA|AU|NZ|HK|S)\$|CHF|USD|EUR|GBP|JPY|INR|CAD|AUD)"
_AMOUNT = rf"(?:{EURO_NUMBER}|\d[\d,]*(?:\.\d+)?)"  # the number of an amount, whole: never the tail of '1.500,00'
_SCALE = r"(\s?(?:k|m|bn|mn|million|billion|thousand)\b)?"  # '$90k', '€2.5 million'
MONEY = re.compile(rf"{CURRENCY}\s?({_AMOUNT}){_SCALE}|(?<![\d.,])({_AMOUNT}){_SCALE}\s?(?:{CURRENCY}|dollars?|euros?"
                   r"|pounds?|francs?|yen|rupees?|reais|reals?|bucks)\b", re.I)
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def money_amount(m: re.Match) -> float | None:
    """The amount a MONEY match gives, its scale applied ('$90k' -> 90000.0)."""
    value = parse_number(m.group(1) or m.group(3))
    scale = (m.group(2) or m.group(4) or "").strip().lower()
    return value * SCALES[scale] if value is not None and scale else value
UNIT_CUES = {  # field-name word -> patterns whose first group is the value
    "age": [r"(\d{1,3})[- ]years?[- ]old", r"\baged? (\d{1,3})", r"(\d{1,3})[- ]?(?:yo|y/o|yrs? old)\b",
            r"(\d{1,3}) years of age", r"\b(?:boy|girl|man|woman|child|patient|person) of (\d{1,3})\b",
            r"\b(?:is|am|turned|turns|turning)\s(\d{1,3})\s(?:years?|yrs?)\b",
            r"\b[A-Z][a-z]+,? (\d{1,3}),", r"\bage:? (\d{1,3})\b", r"\b(?:M[rs]s?|Dr|Miss)\.? [A-Z][a-z]+ \((\d{1,3})\)"],
    "weight": [r"(\d{1,3}(?:,\d{3})*(?:\.\d+)?) ?(?:kg|kilos?|kilograms|lbs?|pounds)\b",
               r"weigh(?:s|ing|t)?(?: of| is)? (\d{1,3}(?:\.\d+)?)"],
    "height": [r"(\d{2,3}(?:\.\d+)?) ?(?:cm|centimet)", r"(\d\.\d{1,2}) ?m\b"],
    "length": [r"\b(\d{1,4}) ?-?(?:chars?|characters|letters|digits)\b"],
    "limit": [r"\btop (\d{1,3})\b", r"\b(\d{1,3}) (?:results|items|articles|stories|headlines|hits)\b"],
    "results": [r"\btop (\d{1,3})\b", r"\b(\d{1,3}) (?:results|items|articles|stories|headlines|hits)\b"],

}
QUANTITY = re.compile(r"\b(\d{1,4}) ?x\s|\bx ?(\d{1,4})\b|\b(?:qty|quantity)\W{0,3}(\d{1,4})\b"
                      r"|\b(\d{1,4}) (?:[a-z]+ )?(?:boxes|bags|bottles|packs|packets|cases|crates|pairs|units|pieces|pcs|cans|jars"
                      r"|cartons|rolls|sets|kilos|kg|tins|loaves|dozen)(?: of)?\b")
PARTY = re.compile(r"\b(?:(?:table|booking|reservation|room|seats?|tickets?)\s+for|(?:family|group|party) of)\s+(\d{1,3}|" + "|".join(NUMBER_WORDS) +
                   r")\b|\b(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")\s+(?:people|persons|guests|adults|kids|children|teens|infants|babies|pax|diners|covers|of us)\b",
                   re.I)
MONEY_FIELDS = {"price", "rent", "cost", "fee", "amount", "salary", "total", "budget", "subtotal", "balance", "paid",
                "payment", "charge", "tax", "vat", "tip", "deposit", "fare", "value", "revenue", "spend", "refund", "bill"}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MON = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATES = [
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? {_MON},? (\d{{4}})\b", re.I), ("d", "mon", "y")),
    (re.compile(rf"\b{_MON} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.I), ("mon", "d", "y")),
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), ("d", "m", "y")),
]
DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MON}(?![\w,]* \d{{4}})|\b{_MON} \d{{1,2}}(?:st|nd|rd|th)?\b(?!,? \d{{4}})",
                       re.I)  # '12 July', 'July 12th': a date without its year
TIME = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s?(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2}):(\d{2})\b|\b(noon|midnight)\b", re.I)
FORMATS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "uri": re.compile(r"https?://[^\s\"'<>)]+"),
    "phone": re.compile(r"\+?\d[\d ()-]{6,}\d"),
}
IDENTIFIER = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*\d)[A-Z]{2,}(?:-[A-Z0-9]+){2,}(?![\w-])"  # SKU SHO-BLK-42, whole
                        r"|(?<![\w-])(?!\d{4}-\d\d-\d\d\b)\d[\dA-Z]*(?:-[A-Z0-9]+)*-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?![\w-])"
                        r"|(?<![\w-])(?=[A-Za-z0-9-]*\d)[A-Z][A-Za-z]{0,5}[-_]?\d[\w-]*\b|#\d{3,}\b"
                        r"|(?<![\d-])\b(?!\d{4}-\d\d-\d\d\b)\d{2,}(?:-\d{2,})+\b|\b\d{5,}\b"  # 55-81723, not 2026-05-18
                        r"|\b(?=[A-Z0-9]*[A-Z])\d[A-Z0-9]{5,}\b")  # a parcel's 1Z999AA10123456784
UP = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞĪİŁŃŇŌŐŒŘŚŞŠŢŤŪŮŰŹŻŽ"
NAME = rf"[{UP}](?:[^\W\d_]|['’-](?=[^\W\d_]))+"  # a capitalised word, accents and apostrophes kept: O'Neill, Gdańsk
PROPER = re.compile(rf"\b{NAME}(?: (?:de |da |van |von |del |la |le |al-|bin )?{NAME})*")
NOT_NAMES = set("I The A An This That These Those My Your Our Their His Her Its We You They He She It Hi Hello Dear "
                "Thanks Thank Regards Best Please Yes No Monday Tuesday Wednesday Thursday Friday Saturday Sunday "
                "January February March April May June July August September October November December Today "
                "Tomorrow Yesterday Mr Mrs Ms Dr Sir Madam Can Could Would Will What When Where Who Why How Is Are "
                "Do Does Did Hey Extract Return Give Get Find List Output Name City Age Summarise Summarize "
                "Classify Total Order Invoice Subject From To Date Note Notes Also And But Or If So Just JSON API Text "
                "Kindly Beautiful".split())
ROLE_WORDS = set("Guest Customer Client Patient Member Candidate Tenant Passenger Agent Manager Player Student Parent "
                 "Teacher Coach Owner Sender Recipient Requester Reporter Applicant User Employee Staff Buyer Seller "
                 "Landlord Caller Driver Courier Supplier Vendor Attendee Speaker Host".split())
NOT_NAMES |= ROLE_WORDS  # 'Guest Hana Sato' is Hana Sato


def parse_number(raw: str) -> float | None:
    """'1,240.50' -> 1240.5; '1.240,50' -> 1240.5; '3,5' -> 3.5; '12' -> 12.0; '2.800' -> None (two readings)."""
    raw = raw.strip()
    if re.fullmatch(r"-?(?:\d{1,3}(?:\.\d{3})+,\d{1,2}|\d{1,3}(?:\.\d{3}){2,})", raw):  # '1.500,00', '2.400.000'
        return float(raw.replace(".", "").replace(",", "."))
    if re.fullmatch(r"-?\d{1,3}\.\d{3}", raw):  # '2.800': 2,800 in much of Europe, 2.8 elsewhere: unknown
        return None
    if re.fullmatch(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?", raw):
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", ".")
    try:
        return float(raw)
    except ValueError:
        return None


def cue_words(name: str, description: str = "") -> list[str]:
    """The stems of a property's name and the first words of its description, as word beginnings to look for
    ('smoking' -> 'smok', which also finds 'smoker'; 'smoker' -> 'smok' too)."""
    cue = name_words(name) + words(description or "")[:6]
    kept = [re.sub(r"er$", "", stem(w)) for w in cue if len(w) > 2 and w not in STOPWORDS]
    return kept or name_words(name)  # a short name ('ok', 'n') is its own cue


def mentions(text: str, phrase: str) -> list[int]:
    """Where a phrase is mentioned as a word, or, for a long phrase, as a word's tail ('osteoarthritis')."""
    head = r"(?<![\w-])" if len(phrase) < 6 else r"(?<![-])"
    plural = r"(?:s|es)?" if len(phrase) >= 4 else ""  # 'migraines', but 'mr' is not 'mrs'
    return [m.start() for m in re.finditer(head + re.escape(phrase.lower()) + plural + r"(?![\w-])", text.lower())]


def negated_near(text: str, position: int) -> bool:
    """A negation in the four words before a mention, in the same clause, or in the mention's own word."""
    before = _words_before(text, position)
    own = re.match(r"[\w-]*", text[position:]).group()
    if STOPPED_NOT.search(before):
        return False  # 'has not stopped smoking', 'never quit': a negated ending is no negation
    clause = re.split(r"[.;!?\n]", text[max(0, position - 80): position])[-1]  # 'No other person or property was
    if re.match(r"\s*(?:no|nobody|no one|none|nothing|neither)\b(?! (?:doubt|matter|problem|worries)\b)", clause, re.I) \
            and not re.search(r",|\b(?:but|and|so|because)\b", clause):  # involved': a subject denied denies its verb
        return True
    return bool(NEGATION.search(before + own))


STOPPED_NOT = re.compile(r"\b(?:not|never|n['’]t)\s+(?:yet\s+|really\s+|actually\s+)?(?:quit|stopped|given up|gave up"
                         r"|managed to (?:quit|stop))\b", re.I)


def _cue_positions(name: str, description: str, text: str) -> list[int]:
    return [start for start, _ in _cue_spans(name, description, text)]


def _cue_spans(name: str, description: str, text: str) -> list[tuple[int, int]]:
    """Where the property's cue words are written, as (start, end) of each whole word."""
    low = text.lower()
    return [m.span() for w in cue_words(name, description) for m in re.finditer(r"\b" + re.escape(w) + r"[\w-]*", low)]


CODE_TOKEN = re.compile(r"(?<![\w.])\w+(?:-\w+)+")


def dates_blanked(text: str) -> str:
    """The text with its dates, times and hyphenated codes ('55-B-0921', '88412-XK') blanked: none is a quantity;
    and 'seven and a half' written 7.5, in as many characters."""
    for pattern, _ in DATES:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    text = TIME.sub(lambda m: " " * len(m.group()), text)
    text = AND_A_HALF.sub(lambda m: f"{_read(m.group(1)):g}.5".ljust(len(m.group())), text)  # 'seven and a half' is 7.5
    return CODE_TOKEN.sub(lambda m: " " * len(m.group()) if _is_code(m.group()) else m.group(), text)


AND_A_HALF = re.compile(r"\b(\d+|" + "|".join(w for w in NUMBER_WORDS if w != "zero") + r") and a half\b", re.I)


def _is_code(token: str) -> bool:
    """'55-B-0921', '88412-XK', 'exp-417' are codes; '3-bedroom', '12-month', '5-year-old' are quantities."""
    return bool(re.search(r"\d", token) and re.search(r"[A-Za-z]", token)
                and not re.fullmatch(r"\d+-[a-z]+(?:-[a-z]+)*", token))


ID_WORDS = re.compile(r"(?:room|no|nr|number|order|flat|unit|apt|suite|gate|platform|floor|page|ref|line|bus|route|seat"
                      r"|table|ticket|invoice|case|version|v|model|year|#)\.?\s*$", re.I)


def _clear_nearest(candidates: list[tuple[int, object]], cues: list[tuple[int, int]], limit: int, text: str = ""):
    """The value nearest a cue word when it is clearly the nearest: within `limit` characters of the word's nearer
    edge and in the same sentence, and no other value about as near (a second value at most twice as far, plus
    a few characters, makes the reading unsure). Binary searches, so the work stays linear in the text."""
    if not candidates:
        return MISSING
    if not cues:  # several values and no word of the property's to tell them apart
        return AMBIGUOUS if len({str(v) for _, v in candidates}) > 1 else MISSING
    bounds = [m.start() for m in re.finditer(r"[.;!?](?:\s|$)|\n", text)]
    spans = sorted(cues)

    def gap(pos: int) -> int:
        i = bisect.bisect_left(spans, (pos, pos))
        best = 10 ** 9
        for start, end in spans[max(0, i - 1): i + 1]:  # the nearest cue word before the value and after it
            low, high = (pos, start) if pos < start else (end, pos)
            crossed = bisect.bisect_left(bounds, high) - bisect.bisect_left(bounds, low)
            best = min(best, max(0, high - low) + (1000 if crossed else 0))
        return best

    ranked = sorted(((gap(pos), value) for pos, value in candidates), key=lambda r: r[0])
    best, value = ranked[0]
    if best > limit:
        return MISSING
    rivals = [d for d, v in ranked[1:] if v != value]
    return value if not rivals or rivals[0] > 2 * best + 8 else AMBIGUOUS


UNIT_WORDS = {  # a unit in a property's name ('wind_kmh', 'oven_c') -> how a text writes it after the number
    "kmh": r"km/h|kmh|kph|km per hour", "kph": r"km/h|kmh|kph|km per hour", "mph": r"mph|miles per hour",
    "c": r"°\s?c\b|degrees? c(?:elsius)?\b|celsius", "celsius": r"°\s?c\b|degrees? c(?:elsius)?\b|celsius",
    "f": r"°\s?f\b|degrees? f(?:ahrenheit)?\b|fahrenheit", "fahrenheit": r"°\s?f\b|degrees? f(?:ahrenheit)?\b|fahrenheit",
    "kg": r"kg\b|kilos?\b|kilograms?\b", "g": r"g\b|grams?\b", "lb": r"lbs?\b|pounds?\b", "lbs": r"lbs?\b|pounds?\b",
    "km": r"km\b|kilomet", "m": r"m\b|met(?:er|re)s?\b", "cm": r"cm\b|centimet", "mm": r"mm\b|millimet",
    "percent": r"%|per ?cent", "pct": r"%|per ?cent", "percentage": r"%|per ?cent", "minutes": r"min(?:ute)?s?\b", "mins": r"min(?:ute)?s?\b",
    "min": r"min(?:ute)?s?\b", "hours": r"h(?:ou)?rs?\b|h\b", "hrs": r"h(?:ou)?rs?\b", "days": r"days?\b",
    "weeks": r"weeks?\b|wks?\b", "months": r"months?\b|mos?\b", "years": r"years?\b|yrs?\b", "ml": r"ml\b|millilit",
    "l": r"l\b|lit(?:er|re)s?\b", "seconds": r"s(?:ec(?:ond)?s?)?\b", "ms": r"ms\b|millisec",
}


def _with_unit(name: str, description: str, text: str):
    """The number written with the unit the property's name ends in ('74 km/h' for wind_kmh, '-3 °C' for
    temperature_c); among several, the one clearly nearest the other cue words; None when the name has no unit."""
    parts = name_words(name)
    unit = UNIT_WORDS.get(parts[-1]) if len(parts) > 1 or parts[-1] in ("percent", "pct", "percentage") else None
    if not unit:
        return None
    found = [(m.start(), parse_number(m.group(1)))
             for m in re.finditer(rf"({NUMBER.pattern})\s?(?:{unit})", text, re.I)]
    if len({v for _, v in found}) == 1:
        return found[0][1]
    kind = next((units for units in KIND_UNITS.values() if re.fullmatch(units, parts[-1], re.I)), None)
    if not found and kind and re.search(rf"{NUMBER.pattern}\s?(?:{kind})\b", text, re.I):
        return AMBIGUOUS  # '180 lbs' for weight_kg: a value in another unit, which this reader does not convert
    cues = _cue_spans("_".join(parts[:-1]), description, text)
    return _clear_nearest(found, cues, 40, text) if found else MISSING


SPELLED = "(?:" + "|".join(NUMBER_WORDS) + ")"
TIME_UNITS = {"seconds": 1, "secs": 1, "sec": 1, "minutes": 60, "mins": 60, "min": 60, "hours": 3600, "hrs": 3600,
              "hr": 3600, "h": 3600}
_HOUR, _MINUTE = r"(?:hours?|hrs?|h)(?![a-z])", r"(?:minutes?|mins?|m)\b"
DURATION = re.compile(  # one span each: '1 hour 30 minutes', '1h30', '90-minute', 'an hour and a half', 'half an hour'
    rf"\b(?P<h>\d{{1,3}}(?:\.\d+)?|{SPELLED}|an?)[\s-]?{_HOUR}(?:\s*(?:and\s+)?(?P<hm>\d{{1,2}})\s?(?:{_MINUTE})?"
    rf"|\s+and\s+a\s+(?P<half>half|quarter))?"
    rf"|\b(?P<m>\d{{1,4}}|{SPELLED})[\s-]?(?:minutes?|mins?)\b|\b(?P<s>\d{{1,5}})[\s-]?(?:seconds?|secs?)\b"
    rf"|\b(?P<hh>half an hour|a quarter of an hour|quarter of an hour)\b", re.I)


def duration(name: str, description: str, text: str):
    """A length of time for a property measured in seconds, minutes or hours ('duration_minutes', 'length in
    minutes'), converted to that unit: '2 hours' -> 120, 'an hour and a half' -> 90, '45 min' -> 45. None when
    the property has no time unit; MISSING when the text gives no length of time; AMBIGUOUS when it gives two."""
    unit = next((w for w in reversed(name_words(name)) if w in TIME_UNITS), None)
    if unit is None:
        m = re.search(r"\bin (seconds|minutes|hours)\b", description or "", re.I)
        unit = m.group(1).lower() if m else None
    if unit is None:
        return None
    found = []
    plain = dates_blanked(text)
    for m in DURATION.finditer(plain):
        if re.search(r"\b(?:at|by|from|until|till|before|after)\s+$", plain[max(0, m.start() - 8):m.start()], re.I):
            continue  # 'at 9h' is a time of day, not a length of time
        if m.group("hh"):
            seconds = 1800 if m.group("hh").lower().startswith("half") else 900
        elif m.group("h"):
            hours = 1.0 if m.group("h").lower() in ("a", "an") else _read(m.group("h"))
            extra = {"half": 0.5, "quarter": 0.25}.get((m.group("half") or "").lower(), 0)
            seconds = (hours + extra) * 3600 + int(m.group("hm") or 0) * 60
        elif m.group("m"):
            seconds = _read(m.group("m")) * 60
        else:
            seconds = float(m.group("s"))
        found.append((m.start(), seconds / TIME_UNITS[unit]))
    if len({v for _, v in found}) <= 1:
        return found[0][1] if found else MISSING
    own = "_".join(w for w in name_words(name) if w not in TIME_UNITS and w not in ("duration", "length", "time"))
    cues = _cue_spans(own, "", plain) if own else []  # 'Preparation: 25 minutes. Cooking: 45 minutes.'
    return _clear_nearest(found, cues, 40, plain) if cues else AMBIGUOUS



def _read(raw: str) -> float | None:
    """A number in digits or in words ('3', 'three')."""
    return float(NUMBER_WORDS[raw.lower()]) if raw.lower() in NUMBER_WORDS else parse_number(raw)


def _next_to_cue(name: str, description: str, text: str) -> list[float | None]:
    """Numbers written right next to the property's cue word: '3 bedrooms', '81% humidity', 'humidity 81%',
    'rent: 950', 'guests = 4'. A comma or a second noun in between breaks the tie ('3 bedrooms, 2 baths')."""
    found = []
    for cue in cue_words(name, description)[:3]:
        if len(cue) < 3:
            continue
        word = re.escape(cue) + r"[\w-]*"
        # within one line: a number that ends a line belongs to that line, not to the word starting the next
        before = re.finditer(rf"({NUMBER.pattern}|\b{SPELLED}\b)[ \t-]?(?:%|°[ \t]?[cf]?|[a-z]{{1,3}}\b)?[ \t]?(?:[a-z-]+[ \t])?{word}",
                             text, re.I)
        after = re.finditer(rf"\b{word}[ \t]?(?:[:=]|\bis\b|\bwas\b|\bof\b)?[ \t]?(?:[$€£¥][ \t]?)?({NUMBER.pattern})", text, re.I)
        counted = set(name_words(name)) & MONEY_FIELDS  # 'deposit is 2 months' rent' gives no amount
        found += [_scaled(_read(m.group(1)), text[m.end(1):m.end(1) + 10]) for m in before]
        found += [_scaled(parse_number(m.group(1)), text[m.end(1):m.end(1) + 10]) for m in after
                  if not (counted and COUNTED.match(text, m.end(1)))]
    return list(dict.fromkeys(found))


RANGE = re.compile(r"(\d[\d,.]*)\s*(?:to|-|–|and)\s*(?:[$€£]\s?)?(\d[\d,.]*)")
BOUND_MAX = re.compile(r"\b(?:up to|limited to|maximum(?: of)?|max\.?|no more than|at most|capped at|not (?:to )?exceed(?:ing)?"
                       r"|under|below|less than)\s(?:[$€£]\s?)?(\d[\d,.]*)", re.I)
BOUND_MIN = re.compile(r"\b(?:at least|minimum(?: of)?|min\.?|no less than|from|over|above|more than|starting at)\s"
                       r"(?:[$€£]\s?)?(\d[\d,.]*)", re.I)


def _scaled(value: float | None, after: str) -> float | None:
    """A number with the scale written after it: '90k' -> 90000, '2.5 million' -> 2500000; '5m' is metres or
    millions, so unknown."""
    m = re.match(r"\s?(k|bn|million|billion|thousand)\b", after, re.I)
    if value is None or not m:
        return None if value is None or re.match(r"m\b", after) else value
    return value * SCALES[m.group(1).lower()]


def number(name: str, text: str, description: str = "", lone: bool = True) -> float | None:
    """A number for a property: by its unit (age, weight, money), else the number written next to its cue
    words, else the number clearly nearest them, else the text's only number; MISSING when the text has
    none, or several that could each be the one."""
    parts = set(name_words(name))
    lower, upper = parts & {"min", "minimum", "low", "lowest", "from", "start"}, \
        parts & {"max", "maximum", "high", "highest", "to", "end", "upto"}
    if lower or upper:  # one end of a range, or a bound ('limited to 15', 'at least 3'), next to the property's word
        plain = dates_blanked(text)
        ends = [(m.start(), parse_number(m.group(2) if upper else m.group(1))) for m in RANGE.finditer(plain)]
        ends += [(m.start(), parse_number(m.group(1))) for m in (BOUND_MAX if upper else BOUND_MIN).finditer(plain)]
        own = "_".join(w for w in name_words(name) if w not in lower | upper)
        spans = _cue_spans(own, description, plain) if own else []
        if spans:
            return _clear_nearest(ends, spans, 40, plain)
        if len({v for _, v in ends}) == 1:
            return ends[0][1]
        if ends:
            return AMBIGUOUS
    if parts & {"party", "guests", "people", "covers", "pax", "diners", "persons", "group", "seats", "attendees",
                 "passengers", "travellers", "travelers", "adults"}:
        plain = dates_blanked(text)
        found = list(PARTY.finditer(plain))
        counts = [m.group(1) or m.group(2) for m in found]
        nouns = {m.group().split()[-1].lower() for m in found if m.group(2)}  # "6 guests", not "table for 6"
        kids = [m for m in found if re.search(r"(?:kids|children|teens|infants|babies)$", m.group(), re.I)]
        if not parts & {"adults"} and (len(nouns) > 1 or kids and re.search(
                r"\b(?:me|myself|us|we|my (?:wife|husband|partner)|and I|plus)\b", plain, re.I)):
            return AMBIGUOUS  # 'me and my two kids', '2 adults and 2 children': a part of the party, not all of it
        if counts:  # 'a table for 4 people', 'for two', '6 guests'
            return _read(counts[0]) if len({_read(c) for c in counts}) == 1 else AMBIGUOUS
    if parts & {"qty", "quantity", "quantities"}:  # '3x chair', 'qty 40', '3 boxes of tea': one such count, or unknown
        counts = [m.group(1) or m.group(2) or m.group(3) or m.group(4) for m in QUANTITY.finditer(text)]
        if counts:
            return parse_number(counts[0]) if len(set(counts)) == 1 else AMBIGUOUS
    if parts & KIND_WORDS["weight"] and STONE.search(text):
        return AMBIGUOUS  # '12 stone', '11 st 4 lb': a weight the schema's plain number can't hold without converting
    labelled = _line_number(name, text)
    if labelled is not None:
        return labelled  # 'Gross pay: £2,450.00' on its own line, for gross_pay
    timed = duration(name, description, text)
    if timed is not None:
        return timed  # a length of time, in the property's own unit ('an hour' is 60 for duration_minutes)
    named_unit = len(name_words(name)) > 1 and name_words(name)[-1] in UNIT_WORDS  # weight_kg: only kg will do
    for field, patterns in UNIT_CUES.items():
        if field in parts and not named_unit:
            for pattern in patterns:
                whole = [m for m in re.finditer(pattern, text, re.I)
                         if not re.search(r"\d[,.]?$", text[max(0, m.start(1) - 2):m.start(1)])]
                if whole:  # never the tail of a longer number ('240' of '1,240 kg')
                    return parse_number(whole[0].group(1))
    plain = dates_blanked(text)
    cues = _cue_spans(name, description, plain)
    united = _with_unit(name, description, plain)
    if united is not None:
        return united
    if parts & MONEY_FIELDS:
        amounts = [(m.start(), money_amount(m)) for m in MONEY.finditer(plain)]
        if len({a for _, a in amounts}) == 1:
            return amounts[0][1]
        beside = [a for a in _next_to_cue(name, description, plain) if a in {x for _, x in amounts}]
        if len(beside) == 1:
            return beside[0]  # 'tip $6, total $46': the amount written right after its word
        if amounts:
            return _clear_nearest(amounts, cues, 60, plain)
    beside = _next_to_cue(name, description, plain)
    if len(beside) == 1:
        return beside[0]
    if len(beside) > 1:
        return AMBIGUOUS  # '3 bedrooms and 2 ... bedrooms': two readings
    counted = parts & MONEY_FIELDS  # '2 months' rent', '3 nights': a count of something is no amount of money
    foreign = _foreign_units(parts)  # '12 stone' is no age, '40 km' no price
    numbers = [(m.start(), _scaled(parse_number(m.group()), plain[m.end():m.end() + 10])) for m in NUMBER.finditer(plain)
               if not (counted and COUNTED.match(plain, m.end())) and not (foreign and foreign.match(plain, m.end()))]
    numbers += [(m.start(), float(NUMBER_WORDS[m.group().lower()]))
                for m in re.finditer(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", plain, re.I)
                if not (counted and COUNTED.match(plain, m.end()))]
    if cues and numbers:  # the number clearly nearest the cue, even one too ambiguous to read ('2.800'): then unknown
        found = _clear_nearest(numbers, cues, 40, plain)
        return AMBIGUOUS if found is MISSING else found  # the text speaks of it, with numbers, but none is clearly it
    if lone and len(numbers) == 1 and not ID_WORDS.search(plain[:numbers[0][0]]) \
            and not _counts_something_else(name, description, plain, numbers[0][0]):
        return numbers[0][1]  # the text's only number, unless it numbers something ('room 204')
    return MISSING


def _counts_something_else(name: str, description: str, text: str, start: int) -> bool:
    """Whether the number at start counts a thing the property is not: 'two nights' for guests, 'a family of
    four' for nights."""
    word = re.match(r"[\w.,]+\s*(?:-\s*)?([A-Za-z]+)", text[start:])
    cues = cue_words(name, description)
    people = set(cue_words("guests people persons party adults travellers passengers family group household participants "
                           "attendees members players students delegates headcount size count number"))
    if word and COUNTED.fullmatch(" " + word.group(1)) and not any(stem(word.group(1).lower()).startswith(c[:4])
                                                                    for c in cues):
        return not (re.fullmatch(r"people|persons|guests|adults", word.group(1), re.I) and people & set(cues))
    return bool(re.search(r"\b(?:family|group|party|team|household|crew)\s+of\s+$", text[max(0, start - 20):start], re.I)) \
        and not people & set(cues)


STONE = re.compile(r"\b\d{1,2}(?:\.\d)?\s?(?:st|stone)\b", re.I)
KIND_UNITS = {  # what a number written with one of these units measures
    "weight": r"st|stone|stones|lbs?|pounds?|kg|kilos?|kilograms?|g|grams?|oz|ounces?|tonnes?",
    "length": r"mm|cm|m|km|metres?|meters?|miles?|ft|feet|foot|inch(?:es)?",  # not 'in': '3 in stock' 
    "temperature": r"°\s?[cf]?|degrees?",
    "speed": r"mph|km/h|kmh|kph|knots?|kn",
    "volume": r"ml|l|litres?|liters?|gallons?|pints?",
}
KIND_WORDS = {
    "weight": {"weight", "mass", "kg", "g", "lb", "lbs", "grams", "kilos"},
    "length": {"height", "length", "width", "depth", "distance", "size", "mm", "cm", "m", "km", "miles", "diameter"},
    "temperature": {"temperature", "temp", "c", "f", "celsius", "fahrenheit"},
    "speed": {"speed", "mph", "kmh", "kph", "kn", "knots", "wind"},
    "volume": {"volume", "ml", "l", "litres", "liters", "capacity"},
}


def _foreign_units(parts: set[str]) -> re.Pattern | None:
    """Units whose numbers can't be this field's: every measured kind but the field's own ('12 stone' is no age)."""
    return _units_other_than(frozenset(kind for kind in KIND_UNITS if parts & KIND_WORDS[kind]))


@functools.lru_cache(maxsize=None)
def _units_other_than(own: frozenset) -> re.Pattern | None:
    others = [units for kind, units in KIND_UNITS.items() if kind not in own]
    return re.compile(r"\s?(?:" + "|".join(others) + r")(?![\w/])", re.I) if others else None


COUNTED = re.compile(r"[ \t-]?(?:days?|weeks?|weekends?|months?|years?|hours?|minutes?|nights?|times|people|persons"
                     r"|guests|adults|children|kids|bedrooms?|rooms?|items?|units?|pieces?|boxes|bags|tickets|seats|x)(?!\w)",
                     re.I)  # whole words: a 'nightmare' counts no nights
STARTS = re.compile(r"(^|_)(start|starts|from|begin|begins|beginning|check_?in|checkin|arrival|arrive|arriving|in|since"
                    r"|effective|commence\w*|open|opens|opening|first)(_|$)", re.I)
ENDS = re.compile(r"(^|_)(end|ends|until|to|till|check_?out|checkout|out|finish|finishes|last|expiry|expires|close|closes"
                  r"|closing|return)(_|$)", re.I)
GENERIC = {"date", "time", "day", "when", "on", "at", "datetime", "timestamp", "hour", "start", "end", "from", "to", "in",
           "out", "check", "iso"}


def _one_of(found: list[tuple[int, str, str]], name: str, description: str, text: str):
    """Which of the dates (or times) a text gives is the property's: (position, as returned, as compared) for each.
    One value: it. Two and a start or end property: the first or the second. Else the one clearly nearest the
    property's own cue words ('due' for due_date); MISSING when nothing tells them apart."""
    found = sorted(found)
    distinct = list(dict.fromkeys(same for _, _, same in found))
    if not distinct:
        return MISSING
    shown = {same: value for _, value, same in reversed(found)}  # the first way the text writes each
    if len(distinct) == 1:
        return shown[distinct[0]]
    if len(distinct) == 2 and STARTS.search(name) and not ENDS.search(name):
        return shown[distinct[0]]
    if len(distinct) == 2 and ENDS.search(name) and not STARTS.search(name):
        return shown[distinct[1]]
    own = "_".join(w for w in name_words(name) if w not in GENERIC)
    cues = _cue_spans(own, description, text) if own else []
    same = _clear_nearest([(pos, same) for pos, _, same in found], cues, 40, text)
    return shown[same] if same else AMBIGUOUS


_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
             "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
ORDINAL_DAYS = {w: i for i, w in enumerate(_ORDINALS, 1)}
ORDINAL_DAYS.update({f"twenty-{w}": 20 + i for i, w in enumerate(_ORDINALS[:9], 1)})
ORDINAL_DAYS.update({"thirtieth": 30, "thirty-first": 31})
SPOKEN_DAY = re.compile(r"\b(" + "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True)) + r")\b(?=(?:\s+(?:of\s+)?"
                        + _MON + r")|\s*(?:-|–|to|until|till|and|through)\s+(?:the\s+)?[\w-]+\s+(?:of\s+)?" + _MON + ")",
                        re.I)  # 'the first of April 2025', 'from the third until the seventeenth of May'


def _digits_for_spoken_days(text: str) -> str:
    """'the third until the seventeenth of May 2025' as '3rd' and '17th' padded to the same length, so every
    position in the text stays where it was."""
    return SPOKEN_DAY.sub(lambda m: f"{ORDINAL_DAYS[m.group(1).lower()]}th".rjust(len(m.group(1))), text)


def _dates_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, YYYY-MM-DD) of every full date in the text."""
    text = _digits_for_spoken_days(text) if SPOKEN_DAY.search(text) else text
    found = []
    for pattern, order in DATES:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups()))
            month = int(parts["m"]) if "m" in parts else next(
                (i + 1 for i, name in enumerate(MONTHS) if name.startswith(parts["mon"].lower().rstrip(".")[:3])), 0)
            if "m" in parts and "-" not in m.group() and int(parts["d"]) <= 12 and int(parts["d"]) != month:
                continue  # '05/11/2026': 5 November in Europe, May 11 in the US; unread, not guessed
            if 1 <= month <= 12 and 1 <= int(parts["d"]) <= 31:
                found.append((m.start(), m.end(), f"{int(parts['y']):04d}-{month:02d}-{int(parts['d']):02d}"))
    for m in DAY_RANGE.finditer(text):  # '3rd-5th Feb 2025', 'from 3 to 5 February 2025': the first day is a date too
        end = next((f for f in found if f[0] == m.start(2)), None)
        if end and int(m.group(1)) < int(end[2][-2:]):
            found.append((m.start(), m.start(2), f"{end[2][:8]}{int(m.group(1)):02d}"))
    return sorted(found)


DAY_RANGE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|—|to|until|till|and|through)\s*(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)?"
                       rf"(?: of)? {_MON}),? \d{{4}}\b", re.I)


def iso_date(text: str, name: str = "date", description: str = "") -> str | None:
    """The property's date as YYYY-MM-DD ('14 May 2026', 'May 14, 2026', '2026-05-14', '14/05/2026'): the text's
    only date, or the one its name points to (see _one_of); MISSING when several could be it."""
    return _one_of([(a, iso, iso) for a, _, iso in _dates_in(text)], name, description, text)


def iso_dates(text: str) -> list[str]:
    """Every date in the text as YYYY-MM-DD, in order."""
    return [iso for _, _, iso in _dates_in(text)]


NUMERIC_DATE = re.compile(r"(?<![\d.,/-])\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})(?![\d.,/-]?\d)")  # 05/11/24, 12.03.2025


def date_as_written(text: str, name: str = "date", description: str = "") -> str | None:
    """The property's date exactly as the text writes it ('14 May 2026', '12/03/2025', '15 July'); the text's only
    date or the one its name points to; MISSING when several could be it."""
    full = {a: iso for a, _, iso in _dates_in(text)}
    found = [(m.start(), m.group()) for pattern, _ in DATES for m in pattern.finditer(text)]
    found += [(m.start(), m.group()) for m in NUMERIC_DATE.finditer(text)]
    found += [(m.start(), m.group()) for m in DAY_MONTH.finditer(text)]
    longest = {}
    for start, written in found:  # one date read by two patterns is one date
        if len(written) > len(longest.get(start, "")):
            longest[start] = written
    return _one_of([(a, w, full.get(a, w.lower())) for a, w in longest.items()], name, description, text)


HOUR_WORDS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|[1-9]"
SPOKEN_TIME = re.compile(rf"\b(?:(half)(?: past)?|(quarter) (past|to)) ({HOUR_WORDS})\b|\b({HOUR_WORDS}) o['’]?clock\b",
                         re.I)  # 'half six', 'quarter to eight', 'seven o'clock'
PART_OF_DAY = re.compile(r"(?:\s+[\w']+){0,2}?\s*(?:\b(?:in the |this |tomorrow |at )?(morning|afternoon|evening|night|tonight)\b"
                         r"|(a\.?m\.?|p\.?m\.?)(?!\w))", re.I)


def _spoken_times(text: str) -> list[tuple[int, str, str]]:
    """(position, as written, HH:MM) of the times said in words: 'half six in the morning' -> 06:30. The hour is
    read as morning or afternoon only where the text says which; 'half six' alone is either, so it is left out."""
    found = []
    for m in SPOKEN_TIME.finditer(text):
        word = m.group(4) or m.group(5)
        hour = int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]
        minute = 30 if m.group(1) else 0
        if m.group(2):
            minute = 15 if m.group(3).lower() == "past" else 45
            hour = hour if m.group(3).lower() == "past" else hour - 1 or 12
        part = PART_OF_DAY.match(text, m.end())
        if not part:
            continue
        later = (part.group(1) or "").lower() in ("afternoon", "evening", "night", "tonight") or (part.group(2) or "").lower()[:1] == "p"
        hour = hour % 12 + (12 if later else 0)
        found.append((m.start(), text[m.start():part.end()].strip(), f"{hour:02d}:{minute:02d}"))
    return found


# A time written with a point, as in Britain ('10.30'), read only after a word that leads a time or a date:
# 'at 10.30', 'from 9.15', '14 May 10.30', 'Friday 6.45'; never after a currency sign ('£10.30').
DOTTED_TIME = re.compile(r"(?:\b(?:at|by|from|until|till|before|after|around|about)|\b(?:jan|feb|mar|apr|may|jun|jul|aug"
                         r"|sep|sept|oct|nov|dec)[a-z]*|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\btomorrow|\btoday"
                         r"|\btonight),?[ \t]+(\d{1,2})\.([0-5]\d)\b(?![.,]?\d|\s?(?:%|percent|kg|km|miles?|m\b))", re.I)


def _times_in(text: str) -> list[tuple[int, str, str]]:
    """(position, as written, HH:MM) of every time of day in the text."""
    found = _spoken_times(text)
    taken = {m.start() for m in TIME.finditer(text)}
    for m in DOTTED_TIME.finditer(text):
        if int(m.group(1)) < 24 and m.start(1) not in taken:
            found.append((m.start(1), f"{m.group(1)}.{m.group(2)}", f"{int(m.group(1)):02d}:{m.group(2)}"))
    for m in TIME.finditer(text):
        if m.group(6):
            clock = "12:00" if m.group(6).lower() == "noon" else "00:00"
        elif m.group(4):
            hour, minute = int(m.group(4)), int(m.group(5))
            clock = f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""
        else:
            hour, minute = int(m.group(1)) % 12, int(m.group(2) or 0)
            hour += 12 if m.group(3).lower().startswith("p") else 0
            clock = f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else ""
        if clock:
            found.append((m.start(), m.group().strip(), clock))
    return found


def time_as_written(text: str, name: str = "time", description: str = "") -> str | None:
    """The property's time of day as the text writes it ('7:30pm'); MISSING when several could be it."""
    return _one_of(_times_in(text), name, description, text)


def clock_time(text: str, name: str = "time", description: str = "") -> str | None:
    """The property's time of day as HH:MM ('7:30pm' -> '19:30', '19:30', 'noon' -> '12:00'); MISSING when
    several could be it."""
    return _one_of([(a, clock, clock) for a, _, clock in _times_in(text)], name, description, text)


# The formats a property's description may ask a date, a time or a code in.
DATE_SHAPE = re.compile(r"\b(YYYY|DD|MM)([-/.]?)(YYYY|DD|MM)\2(YYYY|DD|MM)\b", re.I)
OTHER_DATE_FORMS = re.compile(r"unix|epoch|timestamp|day of the week|weekday name|julian|week number|rfc ?2822", re.I)


def in_date_format(iso: str | None, description: str):
    """A YYYY-MM-DD date in the form the description asks ('DD/MM/YYYY', 'MM-DD-YYYY', 'YYYYMMDD'); AMBIGUOUS
    when it asks a form this cannot write (a Unix timestamp, a weekday name)."""
    if not iso:
        return iso
    m = DATE_SHAPE.search(description or "")
    if OTHER_DATE_FORMS.search(description or "") and not m:
        return AMBIGUOUS
    if not m or sorted(p.upper() for p in m.group(1, 3, 4)) != ["DD", "MM", "YYYY"]:
        return iso
    year, month, day = iso.split("-")
    parts = {"YYYY": year, "MM": month, "DD": day}
    return m.group(2).join(parts[p.upper()] for p in m.group(1, 3, 4))


def in_time_format(clock: str | None, description: str):
    """An HH:MM time in the form the description asks: 12-hour ('7:30 PM', '7:30pm') when it says so or shows
    one, else 24-hour HH:MM."""
    if not clock:
        return clock
    shown = re.search(r"\b\d{1,2}:\d{2} ?([AaPp])\.?([Mm])\b", description or "")
    if not shown and not re.search(r"12[- ]?h(?:ou)?r|\bam/pm\b|\bam or pm\b", description or "", re.I):
        return clock
    hours, minutes = (int(x) for x in clock.split(":"))
    suffix = "PM" if hours >= 12 else "AM"
    if shown:
        spaced = " " if re.search(r"\d ?[AaPp]", shown.group()) and " " in shown.group() else ""
        suffix = suffix if shown.group(1).isupper() else suffix.lower()
    else:
        spaced = " "
    return f"{(hours % 12) or 12}:{minutes:02d}{spaced}{suffix}"


def identifiers(text: str, pattern: str | None = None) -> list[str]:
    """Identifiers (T1001, BA-117, #40921, a schema's own `pattern`), in order, without repeats."""
    if pattern:
        found = [m.group() for m in re.finditer(pattern.lstrip("^").rstrip("$"), text)]
    else:
        found = [m.group().lstrip("#") for m in IDENTIFIER.finditer(text)]
    return list(dict.fromkeys(found))


def _key_line(name: str, text: str):
    """The match of a 'Name: value' line whose key is the property's whole name ('Gross pay: £2,450.00')."""
    key = r"[ \t_-]*".join(re.escape(p) for p in name_words(name))
    return re.search(rf"(?im)^[ \t\-*•]*(?:\d+[.)]\s*)?(?:[\w]+\s+)?(?:the\s+|your\s+|my\s+)?{key}(?:\s*\([^)]*\))?\s*[:=]\s*"
                     r"(.+?)\s*$", text)


def _line_number(name: str, text: str):
    """The one amount or number on the property's own 'Name: value' line; None without such a line (or when it
    holds none or several numbers)."""
    found = [m for m in re.finditer(r"(?im)^.*$", text) if _key_line(name, m.group())]
    if len(found) != 1:
        return None
    value = _key_line(name, found[0].group()).group(1)
    amounts = [money_amount(m) for m in MONEY.finditer(value)]
    if len(amounts) == 1:
        return amounts[0]
    numbers = [_scaled(parse_number(m.group()), value[m.end():m.end() + 10]) for m in NUMBER.finditer(dates_blanked(value))]
    return numbers[0] if len(numbers) == 1 and not amounts and re.fullmatch(r"[^\d]{0,12}\d[\d,.]*\s?[^\d]{0,24}", value) \
        else None


def keyed(name: str, text: str) -> str | None:
    """The value of a 'Name: value' (or 'name is value') line whose key is the property's name."""
    parts = name_words(name)
    key = r"[ \t_-]*".join(re.escape(p) for p in parts)
    line = r"(?im)^[ \t\-*•]*(?:\d+[.)]\s*)?(?:[\w]+\s+)?(?:the\s+|your\s+|my\s+)?{}(?:\s*\([^)]*\))?\s*[:=]\s*(.+?)\s*$"
    m = re.search(line.format(key), text)
    if not m and len(parts) >= 2 and parts[-1] == "name":  # pet_name and the line 'Pet: Pepper' (not 'Client: ...'):
        short = re.search(line.format(r"[ \t_-]*".join(re.escape(p) for p in parts[:-1])), text)  # the whole line a name
        m = short if short and re.fullmatch(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}\.?", short.group(1)) else None
    if m:
        value = re.split(r"(?<=[^\d\s][.!?])\s+(?=[A-Z])", m.group(1))[0]  # one sentence, not the rest of the line
        value = value.strip().strip("\"'“”").rstrip(".,;")
        return MISSING if not value or re.fullmatch(r"[_.\-–—\s]+", value) else value  # 'Dietary needs: ______' is blank
    m = re.search(rf"(?i)\b{key}[\"”']?\s*(?:(?:is|was|reads|of|as|:)\s*)?[\"“](?![\s:,}}])([^\"”]{{1,160}})[\"”]",
                  text)  # subject "Hi", and JSON's "city": "Zurich" (never the ': ' between a key's quotes and its value's)
    if m:
        return m.group(1).strip()
    m = re.search(rf"(?i)\b{key}\s+(?:is|was|reads|:)\s+'([^'\n]{{1,80}})'(?!\w)", text)
    if m:
        return m.group(1).strip()
    # a delimited value right after the key's words, the key maybe inflected: 'grouped by `country`',
    # 'on dataset `sales_2024`', "text it as 'raid w/ guild'", 'label it "dog walk"'
    loose = r"[ \t_-]*".join(re.escape(p) + (r"(?:s|es|d|ed|ing)?" if len(p) >= 4 else "") for p in parts)
    found = set()
    for m in re.finditer(rf"(?i)\b{loose}(?:\s+it)?\s*(?:(?:is|was|reads|of|as|to|=|:)\s*)?(?:`([^`\n]{{1,80}})`"
                         rf"|[\"“](?![\s:,}}])([^\"”\n]{{1,160}})[\"”]|(?<!\w)'([^'\n]{{1,80}})'(?!\w))", text):
        found.add((m.group(1) or m.group(2) or m.group(3)).strip())
    if found:
        return found.pop() if len(found) == 1 else AMBIGUOUS
    token = r"(?:[^\s,;.]|\.(?!\s|$))+"  # a point inside a word ('v2.1'), never the one that ends a sentence
    m = re.search(rf"(?i)\b{key}\s*:\s*({token}(?: {token}){{0,3}}?)\s*(?:[,;]|\.(?:\s|$)|$|(?=\s+[a-z_]+\s*:))",
                  text)  # 'code: XKZ.', 'subject: Invoice 42 body: attached', 'dish: miso aubergine. soy, sesame'
    m = m or re.search(rf"(?i)(?:^|[.;,]\s+){key}\s*:\s*([^\s,;|:.]+(?: [^\s,;|:.]+){{4,15}}?)\s*\.?\s*\Z",
                       text)  # the last of 'deck: chem. front: ionic bonding. back: the attraction between ions'
    m = m or re.search(rf"(?i)\b{key}\s+(?:is|was|=)\s+(\w(?:[\w.@-]*\w)?)(?=\s*(?:[,.;!?](?:\s|$)|$)|\s+(?:since|because"
                       r"|as|so|but)\b)", text)  # 'Priority is High since ...', 'My username is p.marchetti.'
    return m.group(1).strip().strip("\"'“”").rstrip(".") if m else MISSING


# 'FLT: NV 731   DATE: 2025-06-14': a short key in capitals or lower case, its value up to two spaces, a bar or the end
SHORT_KEY = re.compile(r"(?m)(?:^|[ \t]{2,}|\|[ \t]*)[ \t\-*•]*([A-Za-z]{3,5})\.?[ \t]*:[ \t]*(\S(?:[^\n:|]*?\S)?)"
                       r"(?=[ \t]{2,}|[ \t]*\||[ \t]*$)")


def _letters_in_order(short: str, word: str) -> bool:
    """'flt' in 'flight', 'amt' in 'amount': the first two letters among the word's first three, the rest in
    order ('pnr' is no 'passenger')."""
    if len(short) < 2 or short[0] != word[0] or short[1] not in word[1:3]:
        return False
    at = 0
    for letter in short:
        at = word.find(letter, at) + 1
        if not at:
            return False
    return True


def abbreviated(name: str, text: str) -> str | None:
    """The value of the one line whose key abbreviates a word of the property's name ('FLT: NV 731' for
    flight_number, 'AMT: 40.00' for amount); MISSING when there is none, or several that disagree."""
    long_words = [w for w in name_words(name) if len(w) >= 4]
    found = {m.group(2).strip() for m in SHORT_KEY.finditer(text[:20_000])
             if m.group(1).lower() not in long_words and any(_letters_in_order(m.group(1).lower(), w) for w in long_words)}
    return found.pop() if len(found) == 1 else MISSING


def quoted(text: str) -> list[str]:
    """Strings in double quotes (or single quotes that are not apostrophes), in order."""
    found = [m.group(1) for m in re.finditer(r"[\"“]([^\"”\n]{1,80})[\"”]", text)]
    found += [m.group(1) for m in re.finditer(r"(?<![\w])['‘]([^'’\n]{1,80}?)['’](?![\w])", text)]
    return found


COMMON_WORDS = set("""arrange book send check find get show tell give make please can could would will what when where
which who how why is are do does did let set add create open cancel schedule order buy pay call email text remind
look search start stop update change delete remove move put take bring need want help is just also then so but
and or if yes no ok okay sure thanks hello hi hey good great new next last today tomorrow""".split())


EVERYDAY = 4.5  # log10 of a word's count in the English word list: 'weather', 'usual', 'hope', 'nice'


def _everyday(word: str) -> bool:
    """Whether a word is so common in lower case that a capital starting a sentence says nothing about it
    ('Weather please'); a name this common alone ('Nice', 'Hope') is then left unread, never guessed."""
    from .proofread import known_words  # the one English word list of the engine (loaded once, on first use)

    return known_words().get(word.lower(), 0.0) >= EVERYDAY


def proper_names(text: str) -> list[str]:
    """Capitalised phrases that are names, not the first word of a sentence or a common word."""
    out = []
    for m in PROPER.finditer(text):
        phrase = m.group()
        head = re.sub(r"['’](?:s|re|ll|ve|d|m|t)$", "", phrase.split()[0])  # "What's" is "What"
        sentence_start = not text[:m.start()].strip() or re.search(r"[.!?:\n]\s*$", text[:m.start()])
        if head == "The" and " " in phrase and not sentence_start:
            out.append(phrase)  # 'a table at The Ivy', 'in The Hague': a capital 'The' inside a sentence is the name's
            continue
        if head in NOT_NAMES:
            rest = phrase.split()[1:]
            phrase = " ".join(rest)
            if not phrase:
                continue
        if phrase.split()[0] in NOT_NAMES:
            continue
        if sentence_start and " " in phrase and phrase.split()[0].lower() in COMMON_WORDS:
            phrase = phrase.split(" ", 1)[1]  # 'Book Dishoom for ...': the verb only has the sentence's capital
        if sentence_start and " " not in phrase and (phrase.lower() in COMMON_WORDS or _everyday(phrase)):
            continue  # 'Arrange a courier ...', 'Weather please': a capital that only starts the sentence
        out.append(phrase)
    return out


PLACE_LEAD = re.compile(r"\b(?:in|at|near|to|from|for|visiting|into|around|of)\s+(?:the\s+|both\s+)?"
                        rf"((?:(?:St|Ste|Mt|Ft)\.? )?{NAME}(?:[ -](?:de |do |da |del |la |le |sur )?{NAME})*)")  # St. Louis


ORIGIN_LEAD = re.compile(r"\b(?:from|leaving|departing|left|departed|sailed from|shipped from|collected (?:from|at)|picked up (?:from|at|in)|out of)"
                         r"\s+(?:our\s+|your\s+|the\s+)?"
                         rf"({NAME}(?: {NAME})*)")
DESTINATION_LEAD = re.compile(r"\b(?:to|bound for|heading (?:to|for)|going to|destined for|arriving (?:in|at)|for)\s+"
                              rf"(?:the\s+)?({NAME}(?: {NAME})*)")


LANDMARK = re.compile(r"\b(?:Tower|Museum|Bridge|Park|Station|Street|Square|Hotel|Restaurant|Cathedral|Church|Palace"
                      r"|Castle|Airport|Stadium|Centre|Center|Library|Hospital|School|University|Gallery|Market|Mall|Arena"
                      r"|Club|Cafe|Café|Bar|Studio|Studios|Games|Theatre|Theater|Cinema|Hall|College|Academy|Zoo)$")
STRONG_PLACE = re.compile(r"(?:in|near|at|visiting|around|based in|located in|lives in|living in)$")


# 'for the Whitcombe wedding', 'at the Patel party': a name before a common noun names that thing, not a place
MODIFIED = re.compile(r"\s+(?:wedding|party|parties|event|meeting|account|family|project|job|order|booking"
                      r"|team|case|contract|launch|conference|dinner|reception|funeral|christening|celebration|show|gig"
                      r"|concert|match|trip|visit|delivery|move|sale|fair|festival|anniversary|birthday)s?\b", re.I)


def place(text: str, role: str = "") -> str | None:
    """A place named after in/at/to/from ('the weather in Porto' -> 'Porto'); for an origin the place after
    'from', for a destination the place after 'to' or 'bound for'. When the text names several places for the
    same role, the place is unknown (MISSING), except after 'moved from A to B', where it is B."""
    lead = ORIGIN_LEAD if re.search(r"origin|from|departure|source|start|pick_?up|collection", role) else \
        DESTINATION_LEAD if re.search(r"destination|(^|_)to(_|$)|arrival|dest", role) else PLACE_LEAD
    moved = re.search(rf"\b(?:moved|relocated|emigrated)\s+from\s+{NAME}(?: {NAME})*\s+to\s+({NAME}(?: {NAME})*)", text)
    if lead is PLACE_LEAD and moved:  # 'moved from Izmir to Lyon': where they are now
        return moved.group(1)
    found = [(m.group(0).split()[0].lower(), m.group(1)) for m in lead.finditer(text)
             if (m.group(1).split()[0] not in NOT_NAMES or re.fullmatch(rf"The {NAME}(?: {NAME})*", m.group(1)))
             and not (re.search(r"\bthe\s", m.group(0)) and MODIFIED.match(text, m.end()))]
    found = [(w, c) for w, c in found if not re.fullmatch(CURRENCY_CODE, c)]  # 'convert 100 EUR to USD' names no place
    if re.search(r"city|town", role):  # 'the weather at the British Museum' (or 'in France') names no city
        found = [(w, c) for w, c in found if not LANDMARK.search(c) and not COUNTRY.fullmatch(c)]
    if any(re.match(rf"\s*(?:,\s*)?or\s+(?:the\s+)?{NAME}", text[m.end():]) for m in lead.finditer(text)):
        return AMBIGUOUS  # 'a hotel in Rome or Florence': a choice the learner has not made
    if lead is PLACE_LEAD:  # 'in', 'at', 'near' name a place more surely than 'for', 'of' or 'to'
        strong = [c for word, c in found if STRONG_PLACE.search(word)]
        found = [(w, c) for w, c in found if STRONG_PLACE.search(w)] if strong else found
    distinct = list(dict.fromkeys(c for _, c in found))
    if not distinct and lead is PLACE_LEAD and re.search(r"city|town|location|place", role):
        return _small_place(text)
    return distinct[0] if len(distinct) == 1 else AMBIGUOUS if distinct else MISSING


LOWER_PLACE = re.compile(r"\b(?:in|at|for|near)\s+([a-z][a-z'-]+(?:\s[a-z][a-z'-]+){0,2}?)(?=\s*(?:[?.!,]|$)|\s+(?:today|tomorrow"
                         r"|tonight|now|right now|this (?:week|weekend|morning|afternoon|evening)|please|pls|thanks))")


NOT_PLACES = set("or and celsius fahrenheit kelvin metric imperial degrees centigrade english french spanish german "
                 "italian euros dollars pounds detail details full short brief advance total general".split())


def _small_place(text: str):
    """A place written in small letters at the end of a request, as people type ('weather in paris', 'in new york
    tomorrow?'), with a capital to each word; never an everyday word ('in the morning', 'at home', 'for now')."""
    found = [m.group(1) for m in LOWER_PLACE.finditer(text)]
    found = [f for f in found if f.split()[0] not in STOPWORDS and not _everyday(f.split()[-1])
             and f.split()[-1] not in COMMON_WORDS and not set(f.split()) & NOT_PLACES]
    if len(found) != 1:
        return MISSING
    return " ".join(w.capitalize() for w in found[0].split())


def places(text: str) -> list[str]:
    """The places after a lead, the longest run of them first found: 'a trip to Japan ... the weather in both
    Kyoto and Osaka' -> ['Kyoto', 'Osaka']."""
    best: list[str] = []
    for m in PLACE_LEAD.finditer(text):
        if re.match(rf"\s*(?:,\s*)?or\s+(?:the\s+)?{NAME}", text[m.end():]):
            return []  # 'Rome or Florence': one of them, not both
        run = re.match(rf"((?:\s*,\s*|\s+(?:and|&|\+)\s+)(?:the\s+)?{NAME}(?: {NAME})*)*", text[m.end():])
        found = [m.group(1), *(re.findall(rf"{NAME}(?: {NAME})*", run.group()) if run else [])]
        if len(found) == 2 and re.match(r"\s*,", text[m.end():]) and (REGION.fullmatch(found[1]) or COUNTRY.fullmatch(found[1])):
            return [AMBIGUOUS]  # 'Paris, Texas': one city and its region, not two cities
        if m.group(1).split()[0] not in NOT_NAMES and len(found) > len(best):
            best = found
    return best


CLIENT_ROLES = (r"guest|customer|client|patient|member|tenant|applicant|candidate|student|passenger|buyer|recipient"
                r"|player|attendee|child|son|daughter|pupil")


OTHERS_ROLES = (r"manager|approver|approving|supervisor|doctor|physician|gp|nurse|agent|rep|advisor|adviser|officer"
                r"|teacher|tutor|coach|landlord|owner|driver|courier|engineer|technician|witness|referee|reviewer"
                r"|assignee|approved_by|signed_off|authori[sz]er|lawyer|solicitor|vet|dentist|consultant|host|speaker")


WRITER_ROLES = (r"customer|client|sender|caller|applicant|candidate|requester|reporter|member|guest|patient|tenant|buyer"
                r"|complainant|submitter|from")


def _initials(name: str) -> bool:
    """'UK GDPR', 'NHS GP': short words in capitals are initials, not a name ('MATTEO RIGHETTI' is one)."""
    return all(w.isupper() and len(w.strip(".")) <= 4 for w in name.split())


def person(text: str, role: str = "") -> str | None:
    """A person's name, without a possessive ending ("Jenny Alvarez's number" -> 'Jenny Alvarez')."""
    found = _person(text, role)
    return re.sub(r"['’]s$", "", found) if isinstance(found, str) else found


def _person(text: str, role: str = "") -> str | None:
    """A person's name: the one next to the role's words when a role is given ('doctor' -> 'Dr. Amara Nwosu',
    'agent' -> the name after 'contact'), else after 'name is', 'named', 'called', 'Dear', or the only full name."""
    full = [(m.start(), m.group()) for m in re.finditer(r"(?:(?:Dr|Mr|Mrs|Ms|Prof)\.? )?" + PROPER.pattern, text)
            if len(m.group().split()) >= 2 and m.group().split()[-1] not in NOT_NAMES
            and m.group().split()[0] not in NOT_NAMES - {"Dr", "Mr", "Mrs", "Ms"}
            and not _initials(m.group())]
    if role and re.search(CLIENT_ROLES, role):  # the person a letter is to, or a booking is for
        title = r"(?:(?:Mr|Mrs|Ms|Miss|Mx)\.?\s+)?"
        m = re.search(rf"\bDear\s+{title}({NAME}(?: {NAME})+)", text) or \
            re.search(rf"\b(?:for|register(?:ing)?(?: my \w+)?|enrol(?:l?ing)?(?: my \w+)?|my (?:son|daughter|child))\s+"
                      rf"{title}({NAME}(?: {NAME})+)", text)
        if m and m.group(1).split()[0] not in NOT_NAMES and not set(m.group(1).split()) & (ROLE_WORDS | {"Sir", "Madam", "Team"}):
            return m.group(1)  # 'Dear Hiring Manager' names no one
    if role and re.search(WRITER_ROLES, role):  # the one who writes: 'Hi, it's Aisha Rahman from Brightwater School'
        m = re.search(rf"\b(?:my name is|I am|I'm|this is|it's|it is|here is|signed,?)\s+({NAME}(?: {NAME})+)", text) or \
            re.search(rf"(?:^|[.!?,]\s+|\n)(?:[Hh]i|[Hh]ello|[Hh]ey)\W{{0,3}}({NAME}(?: {NAME})?)\s+(?:here\b|from\s)", text) or \
            re.search(rf"\b(?i:im|i'm|i am|it's|its|this is)\s+({NAME})\b(?!\s+{NAME})", text)
        if m and m.group(1).split()[0] not in NOT_NAMES:
            return m.group(1)
    if role:
        cues = [m.start() for w in cue_words(role) for m in re.finditer(r"\b" + re.escape(w), text.lower())]
        if re.search(r"doctor|physician|gp|dentist", role) and any(n.startswith("Dr") for _, n in full):
            return next(n for _, n in full if n.startswith("Dr"))
        near = [(min(abs(p - c) for c in cues), n) for p, n in full] if cues else []
        if near and min(near)[0] <= 40:
            best, chosen = min(near)
            rivals = [d for d, n in near if n != chosen]
            return chosen if not rivals or min(rivals) > 2 * best + 8 else MISSING
        if len(full) > 1:
            return AMBIGUOUS  # several people and nothing says which one this is
        if not cues and re.search(OTHERS_ROLES, role) and not re.search(WRITER_ROLES + "|" + CLIENT_ROLES, role):
            return MISSING  # an approving manager the text never names is not the writer who does
    m = re.search(rf"(?:name is|named|called|Dear|I am|I'm|this is|it's|it is|signed,?|\b(?i:im|i'm|i am))\s+"
                  rf"({NAME}(?: {NAME})*)", text)
    if m and m.group(1).split()[0] not in NOT_NAMES:
        return m.group(1)
    names = [n for n in proper_names(text) if len(n.split()) >= 2 and not LANDMARK.search(n) and not COMPANY.search(n)
             and not _initials(n)]
    if len(set(names)) != 1:
        return AMBIGUOUS if names else MISSING
    if role and _other_role(text, names[0], role):
        return MISSING  # 'Logged by agent Maya Cole': the only name there is, but not the customer's
    return names[0]


ROLES_LOW = {w.lower() for w in ROLE_WORDS} | {"dr", "doctor", "nurse", "officer", "rep", "representative", "advisor",
                                               "adviser", "consultant", "technician", "engineer", "clerk", "receptionist"}


def _other_role(text: str, name: str, role: str) -> bool:
    """Whether the text introduces the name with a role word that is not the asked role ('agent Maya Cole' for a
    customer)."""
    wanted = set(cue_words(role))
    for m in re.finditer(re.escape(name), text):
        before = re.findall(r"[A-Za-z]+", text[max(0, m.start() - 25):m.start()].lower())[-2:]
        said = [w for w in before if w in ROLES_LOW]
        if said and not any(w.startswith(c) or c.startswith(w) for w in said for c in wanted):
            return True
    return False


DENIED_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?(?:not|never|no longer|isn't|aren't|wasn't|weren't|won't|doesn't|don't"
                          r"|didn't|hasn't|haven't|cannot|can't)\b(?!\s+(?:a\s+|an\s+)?(?:problem|issue|only)\b)", re.I)


def denied_after(text: str, position: int) -> bool:
    """A negation in the two or three words after a mention, in the same clause: 'pets are not allowed',
    'parking is not available' (but 'not a problem' is no denial)."""
    word_end = position + len(re.match(r"[\w-]*", text[position:]).group())
    after = re.split(r"[.;,!?]|\bbut\b", text[word_end:word_end + 40])[0]
    return bool(DENIED_AFTER.match(after))


STATED = re.compile(r"[\w-]*(?:\s+(?:status|history|habit|flag|required|needed))?\s*(?:[:=?]|\s-|\s+(?:is|was)\b:?)"
                    r"\s*[\"'“]?(yes|y|true|no|n|false|never|none|nil|current|currently|former|daily|occasionally|0|1)\b"
                    r"(?!\s*(?:/|\bor\b))", re.I)  # 'smoker? yes/no' is a question, not an answer
STATED_YES = {"yes", "y", "true", "current", "currently", "daily", "occasionally", "1"}
QUIT_SINCE = re.compile(r"\b(?:before|until)\s+(?:quitting|stopping|giving (?:it )?up)\b|,\s*(?:but\s+)?(?:quit|stopped|gave up)"
                        r"\s+(?:in|at|last|\d|years?|months?)", re.I)


def _stopped_since(text: str, position: int) -> bool:
    """A habit given up: 'used to smoke', 'smoked for ten years before quitting', 'smoked, quit in 2015'."""
    if re.search(r"\bused to\s+$", text[max(0, position - 12):position], re.I):
        return True
    word_end = position + len(re.match(r"[\w-]*", text[position:]).group())
    return bool(QUIT_SINCE.search(re.split(r"[.;!?]", text[word_end:word_end + 60])[0]))


def _words_before(text: str, position: int) -> str:
    """The four words before a position, within its clause (ending in a space when they were followed by one)."""
    before = re.split(r"[.;,!?]|\bbut\b|\band\b", text[max(0, position - 40):position])[-1]
    return " ".join(before.split()[-4:]) + (" " if before.endswith(" ") else "")


def _negation_before(text: str, position: int) -> bool:
    """A negation in the four words before a word, in its clause (the word's own prefix left out)."""
    return bool(NEGATION.search(_words_before(text, position) + " "))


def flag(name: str, text: str, description: str = "") -> bool | None:
    """Whether the thing a yes/no property names is present (True), negated (False) or not mentioned (MISSING).
    Negated: a negation just before it ('no garden'), just after it ('pets are not allowed') or a negative
    prefix on its word ('uninsured', 'unpaid', 'non-refundable')."""
    low = text.lower()
    cues = [w for w in cue_words(name, description) if w not in ("has", "is", "was", "needs")]
    spots = [m.start() for w in cues for m in re.finditer(r"\b" + re.escape(w), low)]
    prefixed = [m.start() for w in cues for m in re.finditer(r"\b(?:un|non-?|dis|in|im)" + re.escape(w), low)]
    if not spots and not prefixed:
        return MISSING
    for p in sorted(spots):  # the text's own answer wins: 'Smoking: no', 'Urgent? No.', 'Smoking status: never'
        said = STATED.match(text, p)
        if said:
            return said.group(1).lower() in STATED_YES
    if any(_stopped_since(text, p) for p in spots):
        return False  # 'smoked for 10 years before quitting', 'used to smoke'
    if prefixed and all(_negation_before(text, p) for p in prefixed):
        return True  # 'make sure the back door isn't left unlocked': two negations, a yes
    return not (prefixed or any(negated_near(text, p) or denied_after(text, p) for p in spots))


def _described_value(choices: list, text: str, description: str):
    """The enum value whose meaning the description gives in words the text uses ('low = minor inconvenience' and
    'it's a minor inconvenience'; 'push = notification in the mobile app' and 'app notification'): all of the
    meaning's words, or two of three or more; MISSING when none or several values fit."""
    said = {stem(w) for w in words(text.lower())}
    fits = []
    for value in choices:
        m = re.search(rf"(?<![\w-]){re.escape(str(value))}\s*(?:=|:|\(|[-–—]\s)\s*([^;,=\n)]+)", description, re.I)
        if not m:
            continue
        meaning = {stem(w) for w in words(m.group(1).lower()) if w not in STOPWORDS and len(w) > 2}
        shared = meaning & said
        if meaning and (shared == meaning or (len(meaning) >= 3 and len(shared) >= 2)):
            fits.append(value)
    return fits[0] if len(fits) == 1 else MISSING


def enum_value(name: str, values: list, text: str, description: str = ""):
    """The enum value the text mentions (or implies, for yes/no and common synonyms); MISSING when none or
    when two values are mentioned equally early... the earliest un-negated mention wins."""
    lowered = [str(v).lower() for v in values]
    if set(lowered) <= {"yes", "no", "true", "false", "y", "n"}:
        found = flag(name, text, description)
        if found is None:
            return MISSING
        wanted = ("yes", "true", "y") if found else ("no", "false", "n")
        return next((v for v in values if str(v).lower() in wanted), MISSING)
    hits = {}
    for value in values:
        forms = {str(value).lower(), str(value).lower().replace("_", " "), stem(str(value).lower())}
        spots = [p for f in forms if len(f) > 2 for p in mentions(text, f) if not negated_near(text, p)]
        spots += [p for s in SYNONYMS.get(str(value).lower(), []) for p in mentions(text, s)]  # 'non-binary' is no denial
        if not spots and len(str(value)) >= 4 and str(value).isalpha():  # 'put the heating on' for mode 'heat'
            root = stem(str(value).lower())
            spots = [m.start() for m in re.finditer(r"[a-z]+", text.lower())
                     if len(m.group()) > len(root) and stem(m.group()) == root and not negated_near(text, m.start())]
        if spots:
            hits[value] = min(spots)
    if not hits:
        return _described_value(values, text, description)
    if len(hits) == 1:
        return next(iter(hits))
    cues = _cue_spans(name, description, text)  # 'priority high, impact low': the one next to 'priority'
    return _clear_nearest([(pos, value) for value, pos in hits.items()], cues, 30, text)


# --------------------------------------------------------------------------- things with a shape of their own
def _only(found: list[str]):
    distinct = list(dict.fromkeys(f.strip() for f in found if f and f.strip()))
    return distinct[0] if len(distinct) == 1 else AMBIGUOUS if distinct else MISSING


JOB_NOUNS = r"role|position|vacancy|post|job|opening"
NOT_JOBS = {"same", "new", "open", "this", "that", "whole", "full-time", "part-time", "permanent", "temporary", "other"}


JOB_HEADS = (r"driver|teacher|nurse|engineer|doctor|developer|manager|designer|accountant|lawyer|solicitor|chef|cook|farmer"
             r"|pilot|mechanic|electrician|plumber|carpenter|student|writer|artist|musician|scientist|analyst|consultant"
             r"|officer|clerk|assistant|technician|architect|pharmacist|dentist|librarian|cashier|waiter|waitress|baker"
             r"|butcher|builder|cleaner|programmer|researcher|professor|lecturer|journalist|photographer|firefighter"
             r"|soldier|secretary|receptionist|translator|vet|surgeon|therapist|psychologist|economist|supervisor"
             r"|director|coordinator|administrator|specialist|midwife|paramedic|carer|tutor|editor|actor|singer")


def job_title(text: str) -> str | None:
    """A job title: 'the warehouse supervisor role', 'hiring a Senior Data Analyst', 'work as a nurse', 'he was
    train driver'. AMBIGUOUS when the text names a job ('... nurse ...') in a way none of these read."""
    found = [m.group(1) for m in re.finditer(rf"\b(?:the|a|an)\s+((?:[A-Za-z-]+\s){{0,3}}?[A-Za-z-]+)\s+(?:{JOB_NOUNS})\b"
                                             r"(?!\s+(?:board|ads?|sites?|market|fair|hunt|search|seekers?|offers?|listings?))", text)
             if m.group(1).split()[0].lower() not in NOT_JOBS]
    found += re.findall(r"\b(?:hiring|recruiting|looking for)\s+(?:a|an)\s+([A-Z][\w-]*(?:\s(?:&\s|and\s|of\s)?[A-Z][\w-]*){0,4})",
                        text)  # the whole 'Learning & Development Coordinator', not 'Learning'

    found += re.findall(r"\b(?:work(?:s|ing|ed)?|employed|job|position|role)\s+as\s+(?:a|an|the)\s+([a-z]+(?:\s[a-z]+){0,2}?)"
                        r"(?=\s+(?:in|at|for|with|and|on|since|from|who|but|until)\b|\s*[,.;!?]|\s*$)", text)
    found += re.findall(rf"\b(?:is|was|am|job is|profession is|occupation is)\s+(?:a\s+|an\s+)?"
                        rf"((?:[a-z-]+\s){{0,2}}(?:{JOB_HEADS}))\b", text)
    found = [re.sub(r"^(?:a|an|the|retired|former)\s+", "", f) for f in found]
    if not found and re.search(rf"\b(?:{JOB_HEADS})s?\b", text, re.I):
        return AMBIGUOUS
    return _only(found)


def named_by_noun(text: str, noun: str) -> str | None:
    """A name whose kind is the property's noun: 'the Maple Room' (the noun capitalised is part of the name),
    'the Under-12 Blue team' (written small it is not): for room, team, branch, office, hotel ..."""
    head = rf"((?:[{UP}0-9][\w'’&-]*\s){{0,4}}?)"
    found = [m.group(1) + m.group(2) for m in re.finditer(rf"\b{head}({noun.capitalize()}s?)\b", text) if m.group(1)]
    found += [m.group(1).strip() for m in re.finditer(rf"\b{head}{noun.lower()}s?\b", text) if m.group(1)]
    found = [f for f in found if f.split()[0] not in NOT_NAMES or len(f.split()) > 1 and f.split()[0] == "The"
             and f.split()[1] not in NOT_NAMES]
    return _only([re.sub(r"^(?:The|Our|My)\s+", "", f) for f in found])


def version(text: str) -> str | None:
    """A software version: '4.8.1', 'version 5.12', 'v2.4.1' (the number only)."""
    found = re.findall(r"\b(?:version|ver\.?|v)\s?(\d+(?:\.\d+)+)\b", text, re.I)
    found = found or re.findall(r"(?<![\d.])(\d+\.\d+\.\d+)(?![\d.])", text)
    return _only(found)


OS_NAMES = re.compile(r"\b(?:Windows(?: (?:11|10|8\.1|8|7|XP|Vista|Server(?: \d{4})?))?|macOS(?: [A-Z][a-z]+| \d+(?:\.\d+)*)?"
                      r"|Mac OS X|iOS(?: \d+(?:\.\d+)*)?|iPadOS(?: \d+(?:\.\d+)*)?|Android(?: \d+(?:\.\d+)*)?"
                      r"|ChromeOS|Chrome OS|Linux|Ubuntu(?: \d+\.\d+)?|Debian(?: \d+)?|Fedora(?: \d+)?)\b")


def operating_system(text: str) -> str | None:
    """An operating system as written, with its version: 'Windows 11', 'iOS 17.6.1', 'Android 14'."""
    return _only(OS_NAMES.findall(text))


STREET = (r"Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Crescent|Drive|Way|Place|Pl|Court|Ct|Close|Square|Sq|Terrace"
          r"|Gardens|Boulevard|Blvd|Row|Hill|Grove|Parade|Walk|Mews|Quay|Wharf")


def address(text: str) -> str | None:
    """A street address: '14 Alder Lane, Fairview', '221B Baker Street', with the town after a comma."""
    found = re.findall(rf"\b(\d{{1,5}}[A-Za-z]?,?\s(?:[{UP}][\w'’-]*\s){{1,3}}(?:{STREET})\b\.?"
                       rf"(?:,\s[{UP}](?:[^\W\d_]|['’-])+(?![\w])(?:\s[{UP}](?:[^\W\d_]|['’-])+(?![\w]))?)?"
                       r"(?:,?\s(?:[A-Z]{2,3}\s)?(?:\d{4,5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})\b)?)", text)
    return _only([f.rstrip(".") for f in found])  # with a state and a postcode after the town: 'NSW 2204', 'LS1 4AP'


POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[AC-FHKNPRTV-Y]\d{2} ?[AC-FHKNPRTV-Y0-9]{4})\b")


def postcode(text: str) -> str | None:
    """A UK postcode or an Irish Eircode ('SW1A 1AA', 'D08 XY12'), or the number after 'zip'/'postcode'."""
    found = POSTCODE.findall(text) + re.findall(r"\b(?:zip|zip code|postcode|postal code)\W{0,3}(\d{4,5}(?:-\d{4})?)\b",
                                                text, re.I)
    return _only(found)


LAST_DIGITS = re.compile(r"\b(?:ending|ends)(?: in| with)?:?\s(\d{4})\b|[*•xX]{4}\s?(\d{4})\b")


def last_digits(text: str) -> str | None:
    """The last four digits of a card or an account: 'card ending 4471', 'ending in 0932', '**** 1234'."""
    return _only([a or b for a, b in LAST_DIGITS.findall(text)])


def maker(text: str) -> str | None:
    """Who made a work: the full name after 'by' ('Piranesi by Susanna Clarke')."""
    return _only([m.group(1) for m in re.finditer(rf"\bby\s+((?:Dr\.? )?{NAME}(?: {NAME})+)", text)
                  if m.group(1).split()[0] not in NOT_NAMES])


COMPANY = re.compile(rf"\b((?:[{UP}][\w&'’-]*[ \t]|&[ \t]){{0,5}}[{UP}][\w&'’-]*,?[ \t](?:Ltd|Limited|Inc|LLC|GmbH|plc|PLC|Corp|"
                     r"Corporation|Co\.|S\.A\.|SA|AG|BV|B\.V\.|SAS|SRL|Pty Ltd|LLP|"
                     r"AS|ASA|A/S|AB|Oy|Oyj|ApS|NV|N\.V\.|SpA|S\.p\.A\.|S\.L\.|SL|KG|Kft|Ltda|SARL|Sdn Bhd|Pvt Ltd|LP))"
                     r"(?:\.|\b)")  # legal forms of many countries: 'Halvorsen Logistics AS', 'Lindqvist Bygg AB'


def company(text: str) -> str | None:
    """A company's name: one with its legal form ('Okoro & Lindahl Technologies Ltd'), else the name before
    'was founded', 'is headquartered', 'employs'."""
    found = [re.sub(r"^(?:Visit|Contact|Call|Email|Ask|See|Try|Join|Meet|Use|Thank|Thanks|From|At|By|With|For|To)\s+", "", c)
             for c in COMPANY.findall(text)]
    found = [c for c in found if (c.split()[0] not in NOT_NAMES or len(c.split()) > 2)
             and any(ch.islower() for ch in c)]  # 'PAY AS' in a shouted line is no firm
    found = found or re.findall(rf"\b({NAME}(?: {NAME}){{0,3}})\s+(?:was founded|is headquartered|is based|employs|has been)",
                                text)
    found = found or [f for m in FIRM.finditer(text) if (f := m.group(1) or m.group(2)).split()[0] not in NOT_NAMES]
    return _only([re.sub(r"^(?:The)\s+", "", c) for c in found])


# A firm named without its legal form: 'from Tallow & Pike' (two names joined by '&' after from/at/with/for/|), or
# a name ending in a word firms call themselves ('Crestpoint Analytics', 'Northwind Logistics').
FIRM = re.compile(rf"(?:\b(?:from|at|with|for|joined|of)[ \t]+|\|[ \t]*)({NAME}(?: {NAME}){{0,2}} & {NAME}(?: {NAME}){{0,2}})"
                  rf"|\b((?:{NAME} ){{1,3}}(?:Analytics|Solutions|Systems|Technologies|Consulting|Partners|Group|Holdings"
                  r"|Labs|Media|Software|Logistics|Industries|Capital|Ventures|Insurance|Pharma|Networks|Digital|Studios"
                  r"|Agency|Associates|Enterprises|Robotics|Engineering|Interactive))\b")


COUNTRIES = ("Afghanistan|Albania|Algeria|Argentina|Armenia|Australia|Austria|Azerbaijan|Bangladesh|Belarus|Belgium|Bolivia"
             "|Bosnia and Herzegovina|Brazil|Bulgaria|Cambodia|Cameroon|Canada|Chile|China|Colombia|Costa Rica|Croatia|Cuba"
             "|Cyprus|Czech Republic|Czechia|Denmark|Dominican Republic|Ecuador|Egypt|El Salvador|Estonia|Ethiopia|Finland"
             "|France|Georgia|Germany|Ghana|Greece|Guatemala|Honduras|Hong Kong|Hungary|Iceland|India|Indonesia|Iran|Iraq"
             "|Ireland|Israel|Italy|Ivory Coast|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Latvia|Lebanon|Lithuania"
             "|Luxembourg|Malaysia|Malta|Mexico|Moldova|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Nepal|Netherlands"
             "|New Zealand|Nicaragua|Nigeria|North Macedonia|Norway|Oman|Pakistan|Panama|Paraguay|Peru|Philippines|Poland"
             "|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Singapore|Slovakia|Slovenia|South Africa"
             "|South Korea|Korea|Spain|Sri Lanka|Sudan|Sweden|Switzerland|Syria|Taiwan|Tanzania|Thailand|Tunisia|Turkey"
             "|Türkiye|Uganda|Ukraine|United Arab Emirates|UAE|United Kingdom|UK|Great Britain|England|Scotland|Wales"
             "|Northern Ireland|United States|USA|Uruguay|Uzbekistan|Venezuela|Vietnam|Zambia|Zimbabwe")
REGION = re.compile(r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho"
                    r"|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota"
                    r"|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina"
                    r"|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas"
                    r"|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Ontario|Quebec|Bavaria|Tuscany"
                    r"|[A-Z]{2}")
COUNTRY = re.compile(rf"\b(?:the )?({COUNTRIES})\b")


def country(text: str) -> str | None:
    """The one country the text names ('Nairobi, Kenya' -> 'Kenya'); MISSING when none or several."""
    return _only(COUNTRY.findall(text))


EVENT_NOUNS = (r"Gala|Workshop|Conference|Festival|Fair|Meetup|Concert|Party|Seminar|Webinar|Summit|Tournament|Match"
               r"|Race|Marathon|Show|Exhibition|Expo|Course|Session|Ceremony|Celebration|Dinner|Lunch|Breakfast|Launch"
               r"|Hackathon|Retreat|Forum|Symposium|Recital|Performance|Screening|Talk|Lecture|Camp|Bazaar|Quiz|Night")


def event_name(text: str) -> str | None:
    """An event's name: a capitalised phrase that ends in an event's noun ('the Children's Origami Workshop',
    'The Spring Charity Gala', 'our Annual Volunteer Dinner')."""
    found = re.findall(rf"\b((?:[{UP}0-9][\w'’&-]*\s){{1,5}}?(?:{EVENT_NOUNS}))\b", text)
    found = [re.sub(r"^(?:The|Our|My|Join|Attend|At)\s+", "", f) for f in found]
    found = [f for f in found if len(f.split()) >= 2 and f.split()[0] not in NOT_NAMES]
    return _only(found)


CALLED = re.compile(r"\b(?:titled|entitled|called|named|headed|with (?:the )?(?:title|subject(?: line)?|heading))\s+"
                    r"(?:[\"“‘']([^\"”’'\n]{2,80})[\"”’'](?!\w)|([^,.;:!?\n\"”’']{2,60}?)(?=\s*(?:[,.;:!?\n]|$)))")
_INNER = re.compile(r"\b(?:for|to|on|at|by|with|from|in|and|or|about|saying|that|which|because|so)\b", re.I)


def called(text: str) -> str | None:
    """A title given in words: 'a ticket titled Printer jammed, priority high', 'a note called "Q3 plan"'. Unquoted,
    it must end at a punctuation mark and hold no 'for', 'to', 'on' ... that could be the sentence going on."""
    found = [quoted or plain for quoted, plain in CALLED.findall(text) if quoted or not _INNER.search(plain)]
    return _only(found) if found or not CALLED.search(text) else AMBIGUOUS


EVENT_PUT = re.compile(r"\b(?:put(?: me| us| him| her| them)?(?: down)?(?: for)?|add|schedule|book(?: me| us)?(?: in)?(?: for)?"
                       r"|set up|arrange|pencil(?: me| us)? in(?: for)?|create)\s+(?:a|an|the|my|our)\s+"
                       r"((?:[\w'’&/-]+ ){0,4}?[\w'’&/-]+)(?=\s+(?:in|on|at|for|to|from|with|into|tomorrow|today|tonight|next|this"
                       r"|every|each|please|pls)\b|\s*[,.;!?\n]|\s*$)", re.I)
NO_TITLE = {"it", "this", "that", "one", "something", "event", "entry", "reminder", "item", "thing", "slot", "booking"}


def event_named(text: str) -> str | None:
    """What an event is, as the request names it after the verb that puts it in a calendar: 'put a staff meeting in
    the calendar on ...' -> 'staff meeting', 'put me down for the BLS recert class' -> 'BLS recert class'."""
    found = [m.group(1) for m in EVENT_PUT.finditer(text)
             if m.group(1).lower() not in NO_TITLE and not re.search(r"\d", m.group(1))]
    return _only(found)


MERCHANT = re.compile(rf"\b(?:shopping at|shopped at|shop at|purchased? at|bought (?:it )?(?:at|from)|ordered from|order from"
                      rf"|paid at|spent at|receipt from)\s+(?:the\s+)?({NAME}(?:\s(?:&\s)?{NAME}){{0,4}})")


def merchant(text: str) -> str | None:
    """Where something was bought: 'thanks for shopping at Oakridge Garden Centre', 'ordered from Bloom & Wild'."""
    return _only(MERCHANT.findall(text))
