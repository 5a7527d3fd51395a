"""Skill: answer with JSON that fits a schema, every value read from the learner's text.

The schema comes from the request (`response_format` `json_schema`: SURE), or from a JSON object in
the prompt when JSON is asked for (a JSON Schema, a bare map of properties, or an example object
whose values show the types: SURE), or from fields named in words ("extract the name, city and age
as JSON": LIKELY). Each property is read with the shared readers (values.py): numbers near their cue
words, money, dates, times, identifiers, names, places, 'Key: value' lines, enum values and negated
yes/no flags, and for a descriptive field (summary, reason, symptoms ...) the sentence closest in
meaning. Values are read from the learner's turns, never from the system prompt, and with the pieces of
the instruction that speak about the answer ('extract name, city and age as JSON', 'use null if missing')
blanked out, so no value is copied from the instruction. What the text surely does not give is null where
the schema allows it (and in schemas the prompt only shows by example); a required value that is missing,
a value the text gives several candidates for (values.AMBIGUOUS), two or more fields no reader found in a
text that may hold them, or a value that breaks a constraint (minimum, maximum, minLength, pattern, enum,
const ...), make the skill UNSURE, so the engine declines rather than send JSON that fits the schema with
an invented value or a null that claims the text is silent. The answer is validated again after every repair.
One string the text writes once fills one field (the one its label names); with a chatty request around one
quoted or fenced passage, the passage's values come first; a field's own line that says 'none' or 'n/a' is null.
"""

from __future__ import annotations

import json
import re

import jsonschema
import numpy as np

from .. import resources
from . import decline
from .conversation import Conversation, Reply, Task
from .prompt import blocks, outside_blocks
from .skill import LIKELY, SURE, UNSURE
from .text import name_words
from . import values

ASKS_JSON = re.compile(r"\bjson\b", re.I)
FILL = re.compile(r"\b(?:fill(?: in| out)?|populate|complete)\b.{0,40}\b(?:schema|object|template|skeleton|form|this|it)\b"
                  r"|\b(?:schema|template|skeleton)\b", re.I)  # 'fill in this object from the receipt' asks for JSON
NULL_ALLOWED = re.compile(r"\bnull\b(?: (?:if|when|for|where))|(?:use|put|return|or|otherwise|else) null\b"
                          r"|\bnull (?:values? )?(?:are|is) (?:fine|ok|allowed)", re.I)
DESCRIPTIVE = re.compile(r"summary|description|reason|issue|problem|complaint|symptom|comment|feedback|explanation"
                         r"|cause", re.I)
IDENTIFYING = re.compile(r"(^|_)(id|ids|number|no|code|ref|reference|sku|isbn|flight|booking|order|invoice|ticket"
                         r"|tracking)$", re.I)
PERSON = re.compile(r"(^|_)(name|customer|patient|person|sender|recipient|author|guest|employee|contact|payee"
                    r"|owner|passenger|manager|doctor|client|candidate|user|buyer|seller|tenant|landlord|player|member"
                    r"|student|pupil|applicant|caller|reporter|requester|participant|attendee|organi[sz]er|witness"
                    r"|captain|rep|representative)$", re.I)
PLACE = re.compile(r"city|town|country|location|place|destination|origin|venue|address|region|airport", re.I)


# --------------------------------------------------------------------------- finding the schema
def json_objects(text: str) -> list[tuple[int, int, object]]:
    """Every top-level JSON object in the text, as (start, end, value)."""
    found, decoder, i = [], json.JSONDecoder(), 0
    while (i := text.find("{", i)) != -1:
        try:
            value, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError):
            i += 1
            continue
        found.append((i, end, value))
        i = end
    return found


def _as_schema(value) -> dict | None:
    if not isinstance(value, dict) or not value:
        return None
    if "properties" in value or value.get("type") == "object":
        return value
    if all(isinstance(v, dict) and ("type" in v or "enum" in v) for v in value.values()):
        return {"type": "object", "properties": value, "required": list(value), "_by_example": True}
    return {"type": "object", "required": list(value), "_by_example": True,
            "properties": {k: _example_schema(v) for k, v in value.items()}}


def _example_schema(value) -> dict:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"} if value else {"type": "number", "_whole": True}  # a 0 placeholder: any number
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, list):
        return {"type": "array", "items": _example_schema(value[0]) if value else {"type": "string"}}
    if isinstance(value, dict):
        return _as_schema(value) or {"type": "object"}
    if isinstance(value, str):
        low = value.lower()
        if "|" in value and len(value) < 80:
            return {"type": "string", "enum": [v.strip() for v in value.split("|")]}
        if re.fullmatch(r"(number|integer|int|float|decimal)( or null)?", low):
            return {"type": "integer" if low.startswith("int") else "number"}
        if re.fullmatch(r"(boolean|bool|true/false|true or false)", low):
            return {"type": "boolean"}
        if re.fullmatch(r"(yyyy-mm-dd|date)", low) or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return {"type": "string", "format": "date"}
    return {"type": "string"}


FIELD_CUE = re.compile(
    r"(?:\b(?:keys|fields|properties|attributes|columns|entries)\b\s*(?:called|named|for|are|:)?\s*:?"
    r"|\b(?:extract|return|give(?: me)?|get|pull out|pull|grab|capture|fill in|list|identify|find|output|want)\b\s*:?"
    r"(?:\s+(?:the|their|his|her|its|me|out))*"
    r"|\bjson(?:\s+object)?(?:\s+(?:pls|please|plz|thanks|with|w/|wi|containing|including|from (?:this|the|that|my|our)"
    r"(?:\s+[\w-]+){1,3}))*\s*:|\bjson(?:\s+object)?\s+(?:with|w/|containing|including)(?=\s)"
    r"|\b(?:extract|pull out|pull|get|grab)\s+from\s+(?:this|the|that|my|our)(?:\s+[\w-]+){1,3}\s*:"
    r"|\b(?:things|items|details|values|particulars|info|information)\s*:"
    r"|\b(?:i|we)\s+(?:need|want|would like|'d like|’d like)\s*:?(?:\s+(?:the|these|those|keys|fields))*"  # 'I need a, b, c'
    r"|\bkeys?\s+(?:i|we)\s+need\s*:|\b(?:please\s+)?take\s*:"
    r"|\bjson\b[^.\n:?!]{0,40}?\s(?:-|–|->|→)(?=\s)"  # 'json pls - quantity, shade', 'need this as JSON - a, b'
    r"|\bjson\b[^.\n:?!]{0,40}?\swith(?=\s+[a-z_]+\s*,))\s*", re.I)  # 'make json from this listing with bedrooms, rent'
KEYS_IN_PARENS = re.compile(r"\b(?:json|keys?|fields?)\s*\(([a-z_][\w ]{0,30}(?:\s*,\s*(?:and\s+)?[a-z_][\w ]{0,30}){1,15})\)",
                            re.I)
BRACED = re.compile(r"\{\s*([A-Za-z_][\w ]{0,30}(?:\s*,\s*[A-Za-z_][\w ]{0,30}){1,20})\s*\}")  # json {sku, qty, warehouse}
NUMBERED = re.compile(r"^[ \t]*(?:\d+[.)]|[-*•])\s+`?([A-Za-z][\w ]{0,30}?)`?\s*(?:\(([^)]{0,80})\)|:\s*(.{0,80}))?\s*$", re.M)
ANNOTATION_TYPES = [(r"\b(integer|int|whole number|count)\b", "integer"), (r"\b(number|float|decimal|numeric)\b", "number"),
                    (r"\b(bool\w*|true or false|true/false|yes or no|yes/no)\b", "boolean"),
                    (r"\b(yyyy-mm-dd|iso date|iso 8601)\b", "date"), (r"\b(list|array)\b", "array")]
INTEGER_FIELDS = re.compile(r"(age|year|count|quantity|qty|people|guests|nights|days|rooms|children|adults|seats"
                            r"|pages|items|units|tickets|score|goals|points|floor|bedrooms|bathrooms|_count|size|number_of_\w+"
                            r"|months|weeks|hours|minutes|servings|employees|staff|students|attendees|participants"
                            r"|members|passengers|pallets|boxes|epochs)$")
NUMBER_FIELDS = re.compile(r"(price|amount|cost|total|weight|height|temperature|rate|distance|fee|salary|value|revenue|vat|gst"
                           r"|discount|shipping|postage|gross_pay|net_pay|wage|wages"
                           r"|budget|rent|balance|tax|tip|subtotal|deposit|refund|fare|charge|payment|paid|income|profit"
                           r"|_kg|_km|_eur|_usd|_gbp|_chf|_min|_max|_c|_f|_kmh|_kph|_mph|_percent|_pct|_ml|_cm|_mm)$")


def _field(raw: str, annotation: str = "") -> tuple[str, dict] | None:
    name = re.sub(r"^(?:the|a|an|their|his|her|its)\s+", "", raw.strip().strip("`'\"").lower())
    if not name or len(name.split()) > 4 or not re.match(r"^[a-z][\w ]*$", name):
        return None
    key = re.sub(r"\W+", "_", name).strip("_")
    kind = next((t for pattern, t in ANNOTATION_TYPES if re.search(pattern, annotation, re.I)), None)
    if kind in ("integer", "number") and re.search(r"(^|_)(version|id|code|phone|zip|postcode)$", key):
        kind = None  # 'app_version (the version number only)' is a string such as '3.8.2'; a phone number is text
    if kind == "date":
        return key, {"type": "string", "format": "date"}
    if kind == "array":
        return key, {"type": "array", "items": {"type": "string"}}
    if kind is None:
        kind = "integer" if INTEGER_FIELDS.search(key) else "number" if NUMBER_FIELDS.search(key) else "string"
    return key, {"type": kind}


FIELD_HEADS = set("name phone email date time total price amount address city country age title id status quantity "
                  "company website url".split())


def _heads_apart(phrase: str) -> list[str]:
    """'name phone' (no comma between) is two fields when each word is a field on its own, and so is
    'pr_number author branch' once one word is written as a key; 'event name' is one."""
    ws = phrase.split()
    apart = all(w.lower() in FIELD_HEADS for w in ws) or any("_" in w for w in ws)
    return ws if len(ws) > 1 and apart else [phrase]


NOT_A_FIELD = re.compile(r"\b(?:the|from|below|above|extract|return|them|it|keys?|fields?|json|this|that|these|please"
                         r"|following|into|taken|verbatim|exactly|written|given|copied|only)\b(?!_)"
                         r"|^(?:string|int|integer|float|number|boolean|bool|list"
                         r"|array)$", re.I)


def fields_in_words(text: str) -> dict | None:
    """A schema from fields named in words: "extract the name, city and age as JSON", "keys: a, b (number)",
    or a numbered list of field names."""
    numbered = [_field(m.group(1), m.group(2) or m.group(3) or "") for m in NUMBERED.finditer(text)]
    numbered = [f for f in numbered if f]
    candidates, named = ([numbered] if len(numbered) >= 2 else []), []
    for m in FIELD_CUE.finditer(text):
        listed = re.match(r"(?:[^.:;!?\n(]|\([^()\n]{0,80}\)|\()+", text[m.end():].replace("`", " "))  # a note in
        listed = listed if listed and 3 <= len(listed.group()) <= 300 else None  # brackets may hold ':' ('HH:MM')
        if not listed:
            continue
        listed = re.sub(r"\s+(?![^()]*\))(?:from|of|for|in|into|as|out of)\s+(?:the|this|that|these|a|an|my|our|each|every|what|which"
                        r"|how|his|her|their|whatever)\b.*$", "",
                        listed.group(), flags=re.I)
        listed = re.sub(r"\s+(?:as|in|into)\s+(?:a\s+)?json\b.*$", "", listed, flags=re.I)
        listed = re.sub(r"^\s*(?:(?:an?|json|objects?|w/?|with|the|fields?|keys?|properties|containing|having|that has"
                        r"|i|we|need|want|would like|please)\s+)+", "", listed, flags=re.I)
        listed = re.sub(r"[^\w\s,/&()'-]+", ",", listed)  # an emoji or a symbol between names separates them
        listed = re.sub(r"\s+as\s+(?:an?\s+)?(numbers?|integers?|ints?|floats?|strings?|text|booleans?|bools?|lists?|arrays?"
                        r"|dates?)\b(?![^()]*\))", r" (\1)", listed, flags=re.I)  # 'age as a number' is age, a number
        listed = re.sub(r"\([^)]*$", "", listed)  # a note cut short by the end of the sentence
        parts = re.findall(r"([A-Za-z][\w ]*?)\s*(?:\(([^)]*)\))?\s*(?:,|\band\b|&|/|$)", listed)
        parts = [(word, note) for name, note in parts for word in _heads_apart(name)]
        parts = [(name, note) for name, note in parts
                 if name.strip() and not NOT_A_FIELD.search(re.sub(r"^\s*(?:the|a|an|their|his|her|its)\s+", "", name))]
        fields = [_field(name, note) for name, note in parts]
        after_colon = m.group().rstrip().endswith(":")  # 'JSON: ...' may be followed by the data, not by names
        if after_colon and (re.match(r"\s*[\"'“‘]", text[m.end():]) or any(w[:1].isupper() and not w.isupper()
                                                                        for n, _ in parts for w in n.split()[1:])):
            continue
        if len(fields) >= 2 and all(fields):
            candidates.append(fields)
            named += [fields] if re.search(r"keys|fields|properties|columns|json", m.group(), re.I) else []
    for m in KEYS_IN_PARENS.finditer(text):  # 'put it in json (name, phone, email)': the keys as they are to be
        fields = [_field(name) for name in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group(1)) if name.strip()]
        if len(fields) >= 2 and all(fields):  # written, after the names were said in words
            named.append(fields)
    for m in BRACED.finditer(text):  # '{sku, qty, warehouse}': names in braces, not JSON
        fields = [_field(name) for name in m.group(1).split(",")]
        if all(fields):
            candidates.append(fields)
    if not candidates:
        return None
    fields = max(named or candidates, key=len)  # 'with the keys a, b and c' names the keys, whatever else is listed
    properties = dict(fields)
    schema = {"type": "object", "properties": properties, "required": list(properties), "_by_example": True}
    if AMOUNTS_AS_NUMBERS.search(text):  # 'amounts as plain numbers': a field the text gives as money is a number
        schema["_amounts"] = True
    return schema


AMOUNTS_AS_NUMBERS = re.compile(r"\b(?:amounts?|prices?|money|figures|costs?|sums?|totals|values)\s+(?:as|in)\s+"
                                r"(?:plain\s+|bare\s+|raw\s+)?(?:numbers?|numerals|digits|floats?|decimals?)\b", re.I)


INSTRUCTION = re.compile(r"\b(?:json|schema|null|keys|fields|properties|extract|parse|return|populate|fill)\b", re.I)
_PIECE_END = re.compile(r"((?<=[.!?:])\s+|\n)")


NAMES_ONLY = re.compile(r"[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,2}(?: ?\([^)\d]{1,30}\))?"
                        r"(?:\s*(?:,|;|/|\band\b|&)\s*(?:and\s+)?[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,2}(?: ?\([^)\d]{1,30}\))?)+\.?")


def instructions_blanked(text: str) -> str:
    """The text with the pieces that speak about the answer ('extract name, city and age as JSON',
    'use null if missing') blanked out, so that no value is read from the instruction; positions kept."""
    pieces = _PIECE_END.split(text)  # pieces and the spaces between them, alternately
    blank = [i % 2 == 0 and bool(INSTRUCTION.search(p)) for i, p in enumerate(pieces)]
    for i in range(2, len(pieces), 2):  # 'json pls: order_id, refund_amount, reason': the names after the colon
        if blank[i - 2] and pieces[i - 2].rstrip().endswith(":") and "\n" not in pieces[i - 1] \
                and NAMES_ONLY.fullmatch(pieces[i].strip()):  # on its line too; never the data after 'as json:'
            blank[i] = True
    return "".join(" " * len(p) if b else p for p, b in zip(pieces, blank))


def schema_and_text(conv: Conversation) -> tuple[dict | None, str, float]:
    """The schema to fill, the text to fill it from, and how sure the reading is. Values are read from the
    learner's turns (the system prompt instructs, it does not hold the data), with the instruction's own
    words blanked out, or from the fenced or quoted text the instruction points at."""
    prompt = "\n\n".join(t.text for t in conv.turns if t.role in ("system", "user"))
    said = "\n\n".join(conv.users) or prompt
    fmt = conv.response_format or {}
    if fmt.get("type") == "json_schema" and isinstance(fmt.get("json_schema"), dict):
        schema = fmt["json_schema"].get("schema") or fmt["json_schema"].get("schema_definition")
        if isinstance(schema, dict):
            return schema, instructions_blanked(said), SURE
    asked = conv.wants_json or ASKS_JSON.search(outside_blocks(prompt)) or (
        FILL.search(prompt) and any(_as_schema(v) for _, _, v in json_objects(prompt)))
    if not asked:
        return None, prompt, 0.0
    for start, end, value in reversed(json_objects(prompt)):
        schema = _as_schema(value)
        if schema:
            shown = prompt[start:end]
            rest = said.replace(shown, " " * len(shown)) if shown in said else said
            return schema, instructions_blanked(rest), SURE
    for source in (conv.last_user, conv.system):
        schema = fields_in_words(outside_blocks(source)) if source else None
        if schema:  # the values come from the learner's text, not from the names of the fields
            text = blocks(conv.last_user) or [q for q in re.findall(r"[\"“]([^\"”]{40,})[\"”]", conv.last_user)]
            return schema, text[-1] if text else instructions_blanked(conv.last_user), LIKELY
    return None, prompt, 0.0


# --------------------------------------------------------------------------- filling values
def _resolve(schema: dict, root: dict) -> dict:
    seen = 0
    while "$ref" in schema and seen < 20:
        node = root
        for part in str(schema["$ref"]).lstrip("#/").split("/"):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
        seen += 1
    for key in ("anyOf", "oneOf", "allOf"):
        if isinstance(schema.get(key), list) and schema[key]:
            options = [_resolve(s, root) for s in schema[key] if isinstance(s, dict)]
            non_null = [s for s in options if s.get("type") != "null"]
            return {**(non_null[0] if non_null else options[0]), "_nullable": len(non_null) < len(options)}
    return schema


def _types(schema: dict) -> list[str]:
    t = schema.get("type")
    return t if isinstance(t, list) else [t] if t else (["string"] if "enum" in schema else [])


def nullable(schema: dict) -> bool:
    return bool(schema.get("_nullable")) or "null" in _types(schema)


def _best_sentence(name: str, text: str) -> str | None:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.split()) >= 3]
    if not sentences:
        return values.MISSING
    vectors = resources.embed([" ".join(name_words(name)), *sentences])
    return sentences[int(np.argmax(vectors[1:] @ vectors[0]))]


# Where a reader finds nothing, the text surely lacks the value only if it has none of these either;
# otherwise it may say it in a form the reader cannot read, and the value is unknown, not absent.
DATE_HINT = re.compile(r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(today|tomorrow|yesterday"
                       r"|tonight|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|month|year)\b", re.I)
TIME_HINT = re.compile(r"\d|\b(noon|midnight|morning|afternoon|evening|night|o'clock)\b", re.I)
FORMAT_HINTS = {"email": re.compile(r"@|\bat\b.{1,30}\bdot\b", re.I), "uri": re.compile(r"www|https?:|\.\w{2,}/", re.I),
                "phone": re.compile(r"\d[\d\s().-]{5,}")}


def _absent_unless(hint: re.Pattern, text: str):
    return values.MISSING if hint.search(text) else values.ABSENT


NAMED_KINDS = r"room|team|branch|office|hotel|school|club|venue|department|dept|ward|station|building|hall|library|clinic"
JOBLIKE = re.compile(r"(^|_)(position|role|job|job_title|occupation|profession)$")


def _shaped(key: str, text: str):
    """Values with a shape of their own, read by the property's name: a job title, a named room or team, a
    version, an operating system, a street address, a postcode, a card's last digits, an author, a company.
    UNSHAPED when the name asks for none of these (MISSING when it does and the text gives no one clear value)."""
    if JOBLIKE.search(key) or (key in ("title", "job_title") and re.search(r"\b(?:hiring|vacancy|role|position|applying)\b",
                                                                         text, re.I)):
        return values.job_title(text)
    if re.search(r"(^|_)(store|shop|merchant|retailer)(_name)?$", key):
        return values.merchant(text)
    if re.search(r"(^|_)country(_name)?$", key):
        return values.country(text)
    if re.search(r"(^|_)event(_name|_title)?$", key):
        return values.event_name(text)
    kind = re.search(rf"(?:^|_)({NAMED_KINDS})(?:_name)?$", key)
    if kind:
        return values.named_by_noun(text, kind.group(1))
    if re.search(r"(^|_)(version|app_version|ver)$", key):
        return values.version(text)
    if re.fullmatch(r"os|operating_system|platform|os_name", key):
        return values.operating_system(text)
    if re.search(r"(^|_)(address|street|street_address)$", key) and "email" not in key:
        return values.address(text)
    if re.search(r"(^|_)(postcode|post_code|postal_code|zip|zip_code|zipcode|eircode)$", key):
        return values.postcode(text)
    if re.search(r"last_?4|last_?four|last_digits", key):
        return values.last_digits(text)
    if re.search(r"(^|_)(author|writer|artist|director|composer|painter|novelist)$", key):
        return values.maker(text) or values.person(text, key)
    if re.search(r"(^|_)(company|employer|organisation|organization|firm|supplier|vendor)(_name)?$", key):
        return values.company(text)
    return UNSHAPED


UNSHAPED = object()  # not a value with a shape of its own: the other readers try
DATED = re.compile(r"date|_on$|^(day|when|deadline|birthday|dob|check_in|check_out|arrival|departure)$")
NOT_DATED = re.compile(r"(candi|up|man|vali|consoli|accommo|liqui)dates?(_|$)")


def string_value(name: str, schema: dict, text: str):
    description = schema.get("description", "") or ""
    fmt = schema.get("format", "")
    if not fmt and re.search(r"yyyy-mm-dd|iso[ -]?8601 date|\biso date", description, re.I):
        fmt = "date"  # 'description': 'date, YYYY-MM-DD'
    elif not fmt and re.search(r"\bhh:mm\b|24-hour", description, re.I):
        fmt = "time"
    key = name.lower()
    if fmt in ("date", "date-time"):
        found = values.iso_date(text, name, description)
        if found:
            return found if fmt != "date-time" else found + "T" + (values.clock_time(text, name, description) or "00:00") + ":00"
        return _absent_unless(DATE_HINT, text)
    if DATED.search(key) and not NOT_DATED.search(key):  # 'due_date', 'dueDate', but not 'candidate'
        return values.date_as_written(text, name, description) or _absent_unless(DATE_HINT, text)
    if fmt == "time":
        return values.clock_time(text, name, description) or _absent_unless(TIME_HINT, text)
    if re.search(r"(^|_)time$", key):
        return values.time_as_written(text, name, description) or _absent_unless(TIME_HINT, text)
    for kind in ("email", "uri", "phone"):
        if fmt == kind or re.search(rf"(?:^|_){kind}", key) or (kind == "uri" and re.search(r"url|link|website", key)) \
                or (kind == "phone" and re.search(r"(^|_)(mobile|cell|tel|telephone|callback|call_back|contact_number)(_|$)", key)):
            found = [(m.start(), m.group().strip()) for m in values.FORMATS[kind].finditer(text)]
            if not found:
                return _absent_unless(FORMAT_HINTS[kind], text)
            return _the_one(found, name, description, text, generic={kind, "address", "number", "url", "link"})
    found = values.keyed(name, text)
    if found or found is values.AMBIGUOUS:
        return found
    found = values.abbreviated(name, text)  # 'FLT: NV 731' for flight_number
    if found:
        return found
    head = name_words(name)[-1] if len(name_words(name)) > 1 else ""
    if head and len(re.findall(rf"(?im)^[ \t\-*•]*{re.escape(head)}\s*:", text)) == 1:
        return values.keyed(head, text)  # 'property_address' from the one 'Address: ...' line
    if TITLED.search(key) and not PERSON.search(key):
        heading = re.findall(r"(?m)^[ \t]*(?:#{1,4}[ \t]+|\*\*)([^*\n]{3,80}?)(?:\*\*)?(?:[ \t]+[—–-][ \t].*)?[ \t]*$", text)
        if len(heading) == 1:
            return heading[0].strip()  # '**Senior Analytics Engineer** — Corvid Freight': a title in bold or a heading
    shaped = _shaped(key, text)
    if shaped is not UNSHAPED:
        return shaped
    if re.search(r"currency", key):
        m = re.search(r"\b(USD|EUR|GBP|CHF|JPY|CAD|AUD|INR|CNY|SEK|NOK|DKK)\b|([$€£¥])", text)
        if m:
            return m.group(1) or {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}[m.group(2)]
        return values.MISSING
    if IDENTIFYING.search(key):
        ids = values.identifiers(text, schema.get("pattern"))
        found = [(m.start(), i) for i in ids for m in re.finditer(re.escape(i), text)]
        return _the_one(found, name, description, text, generic={"id", "no", "number", "code", "ref", "reference"})
    if re.fullmatch(r"(first|given|fore)_?name|forename", key) or re.fullmatch(r"(last|family|sur)_?name|surname", key):
        full = values.person(text)  # a first or last name only where the full name has exactly two parts
        parts = re.sub(r"^(?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+", "", full or "").split()
        if len(parts) != 2:
            return values.MISSING
        return parts[0] if key.startswith(("first", "given", "fore")) else parts[1]
    if PERSON.search(key) or re.search(r"doctor|agent|coach|teacher|host|speaker|driver|landlord", key):
        return values.person(text, key if not re.fullmatch(r"(full_)?name", key) else "")
    if PLACE.search(key):
        return values.place(text, key)
    if re.search(r"product|item|goods|article|dish|meal|drink", key):  # '3 boxes of green tea' -> 'green tea'
        m = re.search(r"\b(?:\d+|an?|one|two|three|four|five|six|a dozen)\s+(?:[a-z]+\s+)?of\s+([a-z][a-z -]{1,40}?)"
                      r"(?=\s+(?:at|for|from|to|costing|priced|each)\b|[,.;]|$)", text)
        if m:
            return m.group(1)
        found = {m.group(1) for m in re.finditer(r"\b\d{1,4}\s?x\s+([a-z][a-z -]{1,40}?)(?=\s*(?:@|\bat\b|\bfor\b|\beach\b)"
                                                r"|[,;]|\.(?:\s|$))", text)}
        if found:  # '3x ergonomic office chair @ €249.99': one product, or several and none is sure
            return found.pop() if len(found) == 1 else values.AMBIGUOUS
    if DESCRIPTIVE.search(key):
        return _best_sentence(name, text)
    quotes = [(m, q) for q in values.quoted(text) for m in [text.find(q)]]
    if len(quotes) == 1 and TITLED.search(key):  # the one quoted phrase is a title or a subject
        return quotes[0][1]
    if re.search(r"(^|_)(title|subject|headline|heading|label|caption)$", key) and values.called(text) is not None:
        return values.called(text)  # a talk titled Intro to SQL
    cues = values._cue_spans(name, description, text)  # else only a phrase quoted right after the property's word
    near = [q for pos, q in quotes if any(0 <= pos - end <= 12 for _, end in cues)]
    return near[0] if len(near) == 1 else values.AMBIGUOUS if near else values.MISSING


TITLED = re.compile(r"(^|_)(title|subject|headline|name|caption|label|quote|message|text|song|book|film|movie|album"
                    r"|slogan|motto|tagline)$", re.I)


def _the_one(found: list[tuple[int, str]], name: str, description: str, text: str, generic: set):
    """Of the values of one kind a text gives (positions and values), the property's: the only one, or the one
    clearly nearest the property's own words ('billing' for billing_email); MISSING when nothing tells them apart."""
    distinct = list(dict.fromkeys(v for _, v in found))
    if len(distinct) <= 1:
        return distinct[0] if distinct else values.MISSING
    own = "_".join(w for w in name_words(name) if w not in generic)
    cues = values._cue_spans(own, description, text) if own else []
    return values._clear_nearest(found, cues, 40, text)


NULL_WORDS = re.compile(r"(?:none|nil|n/?a|null|-+|—|–|not applicable|not given|unknown|tbc|tbd|tba)\.?"
                        # not known yet: 'Seat: to be assigned at check-in', 'Room: pending', 'Grade: not yet set'
                        r"|(?:to be|yet to be|not yet|awaiting|pending)\b[^\d\n]{0,40}", re.I)


def _said_none(name: str, text: str) -> bool:
    """'Parts: nil', 'PO number: n/a': the text's own line for the field says there is none."""
    parts = name_words(name)
    for key in dict.fromkeys(["_".join(parts), parts[0], parts[-1]]):
        lines = [m for m in re.finditer(r"(?m)^.*$", text) if values._key_line(key, m.group())]
        if len(lines) == 1:
            return bool(NULL_WORDS.fullmatch(values._key_line(key, lines[0].group()).group(1).strip()))
    return False


def fill(schema: dict, text: str, root: dict, name: str = ""):
    """The value for one schema node, with values.MISSING where the text does not say."""
    if name and _said_none(name, text):
        return values.ABSENT
    schema = _resolve(schema, root)
    types = _types(schema)
    description = schema.get("description", "") or ""
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return values.enum_value(name, schema["enum"], text, description)
    if "object" in types or "properties" in schema:
        return {key: fill(sub, text, root, key) for key, sub in (schema.get("properties") or {}).items()
                if isinstance(sub, dict)}
    if "array" in types:
        item = _resolve(schema.get("items") or {"type": "string"}, root)
        if "enum" in item:
            return [v for v in item["enum"] if values.mentions(text, str(v))]
        if _types(item) == ["string"] and not item.get("format"):
            found = values.identifiers(text) if IDENTIFYING.search(name.rstrip("s")) else []
            return found or values.MISSING
        return values.MISSING
    if "integer" in types or "number" in types:
        value = values.number(name, text, description)
        if not isinstance(value, (int, float)):
            return value  # MISSING or AMBIGUOUS
        if "integer" in types and not float(value).is_integer():  # 1240.5 is no integer: rounding would invent one
            return value if root.get("_by_example") else values.AMBIGUOUS
        return int(value) if "integer" in types or (schema.get("_whole") and float(value).is_integer()) else value
    if "boolean" in types:
        return values.flag(name, text, description)
    if "null" in types and len(types) == 1:
        return None
    value = string_value(name, schema, text)
    if root.get("_amounts") and isinstance(value, str):
        m = values.MONEY.fullmatch(value.strip())
        if m and values.money_amount(m) is not None:
            return values.money_amount(m)  # 'Net: £257.50' -> 257.5
    return value


def complete(schema: dict, value, root: dict, by_example: bool, text: str = "") -> tuple[object, str]:
    """Values the text surely lacks, or that were not found where the prompt allows null, made null (or dropped
    where not required); what is still missing. A field the text names by its own word ('form tutor' for form)
    but gives no value a reader found is unread, not absent: null would be a guess."""
    schema = _resolve(schema, root)
    if not isinstance(value, dict) or "properties" not in schema:
        return value, ""
    required = set(schema.get("required", []))
    out, lacking, unread = {}, [], []
    for key, sub in schema["properties"].items():
        if key not in value:
            continue
        item = value[key]
        if isinstance(item, dict):
            item, inner = complete(sub, item, root, by_example, text)
            lacking += [inner] if inner else []
        if item is values.ABSENT and (by_example or nullable(_resolve(sub, root))):
            out[key] = None
            continue
        if item is values.AMBIGUOUS:  # several candidates: neither a guess nor a null that says the text is silent
            lacking.append(key.replace("_", " "))
            continue
        if item is values.MISSING or item is values.ABSENT:
            if nullable(_resolve(sub, root)):
                if item is values.MISSING and _named_in(key, text):
                    lacking.append(key.replace("_", " "))
                    continue
                out[key] = None
                unread += [key.replace("_", " ")] if item is values.MISSING else []
            elif key in required:
                lacking.append(key.replace("_", " "))
            continue
        out[key] = item
    if len(unread) >= 2 and not lacking:  # several fields the readers found nothing for, in a text that may hold
        lacking = unread                    # them: more likely readers that failed than a text that is silent
    return out, ", ".join(lacking)


GENERIC_NAME_WORDS = {"number", "no", "id", "name", "date", "time", "value", "amount", "code", "type", "info", "details",
                      "text", "count", "total", "is", "has", "num"}


def _named_in(key: str, text: str) -> bool:
    """Whether the text uses one of the field's own words (not a generic one such as 'number' or 'name') beyond
    the list of fields itself, and not to say the value is missing ('no phone given', 'Mobile:' left blank)."""
    for form in (key, key.replace("_", " ")):  # the key in a list of fields ('name, age, nationality.') is no use
        text = re.sub(rf"(?:(?<=[,:])|(?<=\band)|(?<=&))\s*{re.escape(form)}(?=\s*(?:\([^)\n]{{0,80}}\))?\s*(?:[,.;&]|\band\b|$))",
                      " ", text, flags=re.I | re.M)
    own = [w for w in name_words(key) if w not in GENERIC_NAME_WORDS and len(w) >= 3][-1:]  # 'phone' of driver_phone
    for w in own:
        for m in re.finditer(rf"\b{re.escape(w)}", text, re.I):
            before, after = text[max(0, m.start() - 30):m.start()], text[m.end():m.end() + 30]
            if re.search(r"\b(?:no|not|without|never|nor)\s+(?:\w+\s+)?$|\b(?:confirm|send|let you know)\s+(?:the\s+"
                         r"|my\s+|our\s+|your\s+)?(?:\w+\s+)?$", before, re.I) \
                    or re.match(r"\w*(?:\s+(?:number|no|id|name|code|details))?\s*(?::\s*(?:\n|$)|\s*(?:not (?:given|provided|stated|known|yet)|none|n/?a|tbc|tba"
                                r"|will be|to be|is to be|pending|later)\b)", after, re.I):
                continue  # 'no phone given', 'Mobile:' left blank, 'room number will be assigned on arrival'
            return True
    return False


def _the_data(request: str) -> str | None:
    """The one fenced block or long quoted passage of a request that also says something around it."""
    found = blocks(request) or re.findall(r"[\"“]([^\"”]{40,})[\"”]", request)
    if len(found) != 1 or len(outside_blocks(request).replace(found[0], "").split()) < 4:
        return None
    return found[0]


def _read(item) -> bool:
    return item is not None and item is not values.ABSENT and item is not values.AMBIGUOUS \
        and not (isinstance(item, dict) and not any(_read(v) for v in item.values()))


GENERIC_CUES = {"number", "numb", "no", "id", "name", "code", "ref", "reference", "valu", "value"}


def one_value_one_field(value, text: str):
    """Two fields read one string the text writes once (an invoice's only number as both invoice_number and
    po_number): the value stays with the field whose own word labels it ('Invoice no: GOI-20931'); the other
    found nothing. When no field's word, or every field's, labels it, none of them is sure."""
    if not isinstance(value, dict):
        return value
    claims: dict = {}
    for key, item in value.items():
        if isinstance(item, str) and len(item) >= 3:
            claims.setdefault(_bare(item), []).append(key)
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            claims.setdefault(float(item), []).append(key)  # 'group of 3' read for group_size and shoe_size too
    out = dict(value)
    for item, keys in claims.items():
        spots = _spots(item, text)
        if len(keys) < 2 or len(spots) >= len(keys):
            continue
        labelled = []
        for key in keys:
            cues = [c for c in values.cue_words(key) if c not in GENERIC_CUES] or values.cue_words(key)
            before = " ".join(text[max(0, spot - 30):spot].lower().split("\n")[-1] for spot in spots)
            if any(re.search(r"\b" + re.escape(c), before) for c in cues):
                labelled.append(key)
        for key in keys:
            out[key] = (value[key] if key in labelled else values.MISSING) if len(labelled) == 1 else values.AMBIGUOUS
    return out


TITLE = re.compile(r"^(?:mr|mrs|ms|miss|dr|cllr|prof|sir|dame)\.?\s+", re.I)


def _bare(item: str) -> str:
    """A string as two fields could both claim it: 'Mr Albert Finch' and 'Albert Finch' are one person."""
    return TITLE.sub("", item.strip()).casefold()


def _spots(item, text: str) -> list[int]:
    """Where the text writes a claimed value: a string without its title, a number as digits or as a word."""
    if isinstance(item, float):
        digits = f"{item:g}"
        words_for = [w for w, n in values.NUMBER_WORDS.items() if n == item]
        pattern = rf"(?<![\d.,]){re.escape(digits)}(?:\.0+)?(?![\d])" + "".join(rf"|\b{w}\b" for w in words_for)
        return [m.start() for m in re.finditer(pattern, text, re.I)]
    return [m.start() for m in re.finditer(re.escape(item), text, re.I)]


def _without_helpers(schema):
    if isinstance(schema, dict):
        return {k: _without_helpers(v) for k, v in schema.items() if not k.startswith("_")}
    return [_without_helpers(v) for v in schema] if isinstance(schema, list) else schema


def checked(schema: dict, value) -> tuple[object, str]:
    """The value once it fits the schema (a broken nullable property becomes null, then it is checked
    again), or what still breaks it."""
    clean = _without_helpers(schema)
    if schema.get("_by_example"):  # a schema read from an example or from names: its types, not its 'required'
        def number_too(v):  # 3.5 hours for an integer; 'Net: £257.50' where amounts are asked as numbers
            return "integer" in _types(v) or (schema.get("_amounts") and "string" in _types(v))
        clean = {**clean, "properties": {k: {**v, "type": [*_types(v), *(["number"] if number_too(v) else []),
                                                           "null"]} if _types(v) else v
                                         for k, v in clean.get("properties", {}).items()}}  # 3.5 hours stays 3.5
    validator = jsonschema.Draft202012Validator(clean)
    for _ in range(20):
        errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
        if not errors:
            return value, ""
        error = errors[0]
        path = list(error.path)
        if len(path) == 1 and isinstance(value, dict):
            sub = _resolve(schema.get("properties", {}).get(path[0], {}), schema)
            if nullable(sub) and value.get(path[0]) is not None:
                value = {**value, path[0]: None}
                continue
        where = ".".join(str(p) for p in path) or "the answer"
        return value, f"the value the text gives for {where} does not fit the schema ({error.validator} " \
                      f"{json.dumps(error.validator_value)[:40]})"
    return value, "the answer does not fit the schema"


class ExtractJson:
    name = "json"
    summary = "extract JSON from your text"
    lesson = "lesson 02"

    def read(self, conv: Conversation) -> Task | None:
        schema, text, confidence = schema_and_text(conv)
        if schema is None:
            return None
        properties = list((schema.get("properties") or {}))
        understood = f"a request for JSON with {len(properties)} field{'s' * (len(properties) != 1)}"
        by_example = bool(schema.get("_by_example"))
        if by_example and NULL_ALLOWED.search(conv.system + "\n" + conv.last_user):
            schema = {**schema, "properties": {k: {**v, "_nullable": True} for k, v in schema["properties"].items()}}
        value = fill(schema, text, schema)
        data = _the_data(conv.last_user)
        if data and isinstance(value, dict):  # a chatty request around quoted data: the data's values come first
            inner = fill(schema, instructions_blanked(data), schema)
            value = {k: inner[k] if _read(inner.get(k)) else v for k, v in value.items()}
        unsure = SURE if _named_fields(properties) else UNSURE  # see _named_fields: then no other skill answers
        value, lacking = complete(schema, one_value_one_field(value, text), schema, by_example, text)
        lacking = lacking or _named_but_unread(value, text) or _fragment(value, text, schema) \
            or _number_unread(value, text, schema)
        if lacking:
            return Task(self.name, unsure, understood, lacking=f"the text does not give a value for {lacking}")
        value, broken = checked(schema, value)
        if broken:
            return Task(self.name, unsure, understood, lacking=broken)
        if isinstance(value, dict) and properties and all(v is None for v in value.values()):
            return Task(self.name, unsure, understood, lacking="the text gives none of its values")
        return Task(self.name, confidence, understood, data=value)

    def answer(self, task: Task) -> Reply:
        if task.data is None:  # sure of the task, not of its values: declined here, not answered by another skill
            return decline.unsure(task, self.lesson)
        return Reply(skill=self.name, data=task.data)


ORGANISATION = re.compile(r"(^|_)(company|employer|organi[sz]ation|org|firm|business|brand|vendor|supplier|merchant"
                          r"|store|shop|school|university|team|club)$", re.I)


def _named_but_unread(value, text: str) -> str:
    """A field for a named thing (a person, a place, a company) that came out null while the text holds a name no
    field took ('this is Marisol Quenby from Tallow & Pike' with company null): the reader more likely failed than
    the text is silent, so the field is lacking, not null."""
    if not isinstance(value, dict):
        return ""
    empty = [k for k, v in value.items() if v is None and (ORGANISATION.search(k) or PERSON.search(k) or PLACE.search(k))
             and not re.search(r"address|airport", k, re.I)]  # an address is more than a name
    if not empty:
        return ""
    taken = [str(v) for v in value.values() if isinstance(v, str)]
    left = [n for n in values.proper_names(text) if not any(n in t or t in n for t in taken)]
    return ", ".join(k.replace("_", " ") for k in empty) if left else ""


def _number_unread(value, text: str, schema: dict) -> str:
    """A number field that came out null while the text holds a number no field took, outside dates, times and
    identifiers ('rating' null beside 'they gave it 8 out of 10'): the reader more likely failed than the text is
    silent, so the field is lacking, not null."""
    if not isinstance(value, dict):
        return ""
    props = schema.get("properties") or {}
    empty = [k for k, v in value.items() if v is None and isinstance(props.get(k), dict)
             and props[k].get("type") in ("number", "integer")]
    if not empty:
        return ""
    plain = values.DAY_MONTH.sub(" ", values.dates_blanked(text))  # '19 April', '31 March': days, not amounts
    plain = re.sub(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b|\b(?:19|20)\d\d\b", " ", plain)  # '12/03', a year
    plain = re.sub(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]+\b", " ", plain)  # 'B-2231', '3B', 'v2': ids, not numbers
    taken = {float(v) for v in value.values() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    taken |= {float(n) for v in value.values() if isinstance(v, str) for n in re.findall(r"\d+(?:\.\d+)?", v)}
    left = [float(n.replace(",", "")) for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?(?![\w.])", plain)
            if float(n.replace(",", "")) not in taken]
    return ", ".join(k.replace("_", " ") for k in empty) if left else ""


def _fragment(value, text: str, schema: dict) -> str:
    """A string field whose value the text writes only inside another field's value ('WF7' for certificate_number,
    where the text says 'WF7 4PL' only as the postcode): a reader took a piece of another value, so the field is
    lacking rather than filled with the piece. An enum's value is chosen, not cut out ('premium' for the tier of
    'Premium Plan')."""
    if not isinstance(value, dict):
        return ""
    props = schema.get("properties") or {}
    strings = {k: v for k, v in value.items() if isinstance(v, str) and len(v.strip()) >= 2}
    for key, item in strings.items():
        if isinstance(props.get(key), dict) and ("enum" in props[key] or "const" in props[key]):
            continue
        for other, whole in strings.items():
            if other == key or len(whole) <= len(item) or item.casefold() not in whole.casefold():
                continue
            wholes = [(m.start(), m.end()) for m in re.finditer(re.escape(whole), text, re.I)]
            inside = [m.start() for m in re.finditer(re.escape(item), text, re.I)]
            if wholes and inside and all(any(a <= i < b for a, b in wholes) for i in inside):
                return key.replace("_", " ")
    return ""


OTHER_SKILLS_KEYS = re.compile(r"label|category|class|sentiment|intent|topic|tone|priority|answer|reply|response|summary"
                               r"|corrected|text|language", re.I)


def _named_fields(properties: list[str]) -> bool:
    """Whether the request names two or more fields of its own ('into JSON w/ keys: name, title, company, mobile'),
    none of them another skill's answer (a label, a summary, a reply): then an answer without those fields (a
    reply to the e-mail, a field name picked as a label) is wrong, and an extraction the JSON skill can't
    complete is declined rather than left to another skill."""
    others = sum(bool(OTHER_SKILLS_KEYS.search(p)) for p in properties)  # 'service_category' among nine others is
    return len(properties) >= 2 and (others == 0 or len(properties) >= 4 * others)  # a field, not the answer
