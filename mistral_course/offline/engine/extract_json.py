"""Skill: answer in JSON that fits a schema, with values read from the text.

Used whenever a request asks for `response_format` `json_object` or
`json_schema`, and when a prompt asks for JSON in words and shows a schema
(then, like a chat model without JSON mode, it wraps the JSON in a sentence
and a code fence). The schema comes from the request (`json_schema`), or from a
JSON object in the prompt: a JSON Schema, a bare map of properties
(`{"age": {"type": "integer"}, ...}`), or an example object whose values show
the types. Each property is then filled from the rest of the prompt:
numbers near their cue words, enum values that are mentioned (or, for
yes/no and booleans, negated), dates, e-mails, names, and for free text the
sentence closest in meaning to the property's name. The answer is checked
against the schema before it is sent, so it is always valid JSON that fits.
"""

from __future__ import annotations

import json
import re

import jsonschema
import numpy as np

from .. import resources
from .conversation import Conversation, Reply
from .text import words

NEGATION = re.compile(r"\b(no|not|non|never|denies|denied|without|doesn't|does not|don't|isn't|quit|stopped|former"
                      r"|gave up|given up|ex)\b"
                      r"|\bnon-", re.I)
# Everyday words that signal some very common enum values.
SYNONYMS = {
    "male": ["man", "he", "his", "him", "boy", "gentleman", "mr"],
    "female": ["woman", "she", "her", "girl", "lady", "mrs", "ms"],
    "other": ["non-binary", "nonbinary", "they"],
}
MONEY = [r"[$€£] ?(\d+(?:[.,]\d+)?)", r"(\d+(?:[.,]\d+)?) ?(?:dollars|euros|pounds|usd|eur|gbp)\b"]
UNIT_CUES = {  # field-name fragment -> patterns whose first group is the value
    "age": [r"(\d{1,3})[- ]years?[- ]old", r"\baged? (\d{1,3})", r"(\d{1,3})[- ]?(?:yo|y/o)\b", r"(\d{1,3}) years of age",
            r"\b(?:boy|girl|man|woman|child|patient|person) of (\d{1,3})\b", r"\b[A-Z][a-z]+, (\d{1,3}),"],
    "weight": [r"(\d{1,3}(?:\.\d+)?) ?(?:kg|kilo|kilograms|lbs?|pounds)\b",
               r"weigh(?:s|ing|t)?(?: of| is)? (\d{1,3}(?:\.\d+)?)"],
    "height": [r"(\d{2,3}(?:\.\d+)?) ?(?:cm|centimet)", r"(\d\.\d{1,2}) ?m\b"],
    **{money: MONEY for money in ("price", "rent", "cost", "fee", "amount", "salary", "total", "budget")},
}
NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}/\d{1,2}/\d{2,4}")
FORMATS = {
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "date": DATE, "date-time": DATE,
    "uri": re.compile(r"https?://\S+"), "phone": re.compile(r"\+?\d[\d ()-]{6,}\d"),
}


# --------------------------------------------------------------------------- finding the schema
def json_objects(text: str) -> list[tuple[int, int, object]]:
    """Every top-level JSON object in the text, as (start, end, value)."""
    found, decoder, i = [], json.JSONDecoder(), 0
    while (i := text.find("{", i)) != -1:
        try:
            value, end = decoder.raw_decode(text, i)
        except ValueError:
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
        return {"type": "object", "properties": value, "required": list(value)}
    return {"type": "object", "required": list(value), "properties": {k: _example_schema(v) for k, v in value.items()}}


def _example_schema(value) -> dict:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, list):
        return {"type": "array", "items": _example_schema(value[0]) if value else {"type": "string"}}
    if isinstance(value, dict):
        return _as_schema(value) or {"type": "object"}
    if isinstance(value, str) and "|" in value and len(value) < 80:
        return {"type": "string", "enum": [v.strip() for v in value.split("|")]}
    for fmt in ("email", "date", "uri"):
        if isinstance(value, str) and FORMATS[fmt].fullmatch(value):
            return {"type": "string", "format": fmt}
    return {"type": "string"}


def schema_and_text(conv: Conversation) -> tuple[dict | None, str]:
    """The schema to fill, and the text to fill it from (the prompt without the schema)."""
    prompt = "\n\n".join(t.text for t in conv.turns if t.role in ("system", "user"))
    fmt = conv.response_format or {}
    if fmt.get("type") == "json_schema" and fmt.get("json_schema"):
        return fmt["json_schema"].get("schema"), prompt
    for start, end, value in reversed(json_objects(prompt)):
        schema = _as_schema(value)
        if schema:
            return schema, prompt[:start] + prompt[end:]
    asked = FIELDS_IN_WORDS.search(conv.last_user)
    if not asked:
        return None, prompt
    # the text is what follows the request: after its colon, else the lines after its line
    line_end = conv.last_user.find("\n", asked.end())
    line = conv.last_user[asked.start(): None if line_end < 0 else line_end]
    text = line.split(":", 1)[1] if ":" in line else ""
    text += "" if line_end < 0 else conv.last_user[line_end:]
    return _named_fields_schema(asked), text.strip() or prompt


FIELDS_IN_WORDS = re.compile(r"\b(?:extract|return|give(?: me)?|get|pull out|list|find|output|identify)\s+(?:the\s+)?"
                             r"([\w ,'-]+?)\s+(?:of|from|for|in|as|into)\b", re.I)
INTEGER_FIELDS = re.compile(r"\b(age|year|count|quantity|people|guests|nights|days|rooms|children|number)\b")
NUMBER_FIELDS = re.compile(r"\b(price|amount|cost|total|weight|height|temperature|rate|score|distance)\b")


def _named_fields_schema(m: re.Match) -> dict | None:
    """A schema from fields named in words: "Extract the name, city and age of the person as JSON"."""
    names = [p.strip().lower() for p in re.split(r",|\band\b", m.group(1)) if p.strip()]
    if len(names) < 2 or any(len(n.split()) > 3 for n in names):
        return None
    properties = {}
    for name in names:
        kind = "integer" if INTEGER_FIELDS.search(name) else "number" if NUMBER_FIELDS.search(name) else "string"
        properties[re.sub(r"\W+", "_", name).strip("_")] = {"type": kind}
    return {"type": "object", "properties": properties, "required": list(properties)}


# --------------------------------------------------------------------------- filling values
def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        node = root
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = {**node, **{k: v for k, v in schema.items() if k != "$ref"}}
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [_resolve(s, root) for s in schema[key]]
            non_null = [s for s in options if s.get("type") != "null"]
            return {**(non_null[0] if non_null else options[0]), "_nullable": len(non_null) < len(options)}
    return schema


def _types(schema: dict) -> list[str]:
    t = schema.get("type")
    return t if isinstance(t, list) else [t] if t else (["string"] if "enum" in schema else [])


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?:])\s+|\n+", text) if s.strip()]


def _cue_words(name: str, schema: dict) -> list[str]:
    """The words of a property's name and description, cut to their stems ('smoking' -> 'smok')."""
    cue = [w for w in re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name) if w]
    cue += words(schema.get("description", "") or "")[:6]
    return [re.sub(r"(ing|ers|er|ed|es|s)$", "", w.lower()) or w.lower() for w in cue if len(w) > 2]


def _mentions(text: str, phrase: str) -> list[int]:
    return [m.start() for m in re.finditer(r"(?<![\w-])" + re.escape(phrase.lower()) + r"(?![\w-])", text.lower())]


def _number(name: str, schema: dict, text: str):
    key = name.lower()
    for field, patterns in UNIT_CUES.items():
        if field in key:
            for pattern in patterns:
                m = re.search(pattern, text, re.I)
                if m:
                    return float(m.group(1).replace(",", "."))
    plain = DATE.sub(lambda m: " " * len(m.group()), text)  # the digits of a date are not quantities
    numbers = [(m.start(), float(m.group().replace(",", "."))) for m in re.finditer(r"-?\d+(?:[.,]\d+)?", plain)]
    numbers += [(m.start(), float(NUMBER_WORDS[m.group().lower()]))
                for m in re.finditer(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", plain, re.I)]
    cues = [m.start() for w in _cue_words(name, schema) for m in re.finditer(re.escape(w), text.lower())]
    if numbers and cues:
        return min(numbers, key=lambda n: min(abs(n[0] - c) for c in cues))[1]
    return min(numbers)[1] if numbers else None  # no cue: the first number the text gives


def _negated_near(text: str, position: int) -> bool:
    window = text[max(0, position - 40): position + 25]
    return bool(NEGATION.search(window))


def _enum(name: str, schema: dict, text: str):
    values = schema["enum"]
    lowered = [str(v).lower() for v in values]
    if set(lowered) <= {"yes", "no", "true", "false", "y", "n"}:
        flag = _flag(name, schema, text)
        if flag is not None:
            wanted = ("yes", "true", "y") if flag else ("no", "false", "n")
            return next(v for v in values if str(v).lower() in wanted)
    hits = {}
    for value in values:
        spots = _mentions(text, str(value)) + [p for s in SYNONYMS.get(str(value).lower(), []) for p in _mentions(text, s)]
        spots = [p for p in spots if not _negated_near(text, p) or str(value).lower() in SYNONYMS]
        if spots:
            hits[value] = min(spots)
    if hits:
        return min(hits, key=hits.get)
    sentences = _sentences(text) or [text]
    vectors = resources.embed([str(v) for v in values] + sentences)
    sims = vectors[: len(values)] @ vectors[len(values):].T
    return values[int(np.argmax(sims.max(axis=1)))]


def _flag(name: str, schema: dict, text: str) -> bool | None:
    """Whether the thing a yes/no or boolean property names is present, absent, or not mentioned (None)."""
    spots = [p for w in _cue_words(name, schema) for p in re.finditer(re.escape(w), text.lower())]
    if not spots:
        return None
    return not any(_negated_near(text, m.start()) for m in spots)


def _string(name: str, schema: dict, text: str) -> str:
    key = name.lower()
    for fmt, pattern in FORMATS.items():
        if schema.get("format") == fmt or fmt in key or (fmt == "date" and re.search(r"date|_from|_until|_on$", key)):
            m = pattern.search(text)
            if m:
                return m.group().strip()
    if (key == "name" or key.endswith("_name")) and not key.startswith(("first", "last", "given", "family", "sur")):
        # a full name, when the text has one
        m = re.search(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)+\b", text)
        if m:
            return m.group()
    cues = {"name": r"(?:name is|named|called|Dear|[Ff]rom) ",
            "city|town|country|location|place|where|destination": r"\b(?:in|at|near|to) ",
            "recipient|payee|beneficiary": r"\b(?:to|for) "}
    for fields, lead in cues.items():
        if re.search(fields, key):
            m = re.search(lead + r"([A-Z][a-z]+(?: [A-Z][a-z]+)*)", text)
            if m:
                return m.group(1)
    # Otherwise the phrase closest in meaning to the property: a proper name, or a whole sentence.
    sentences = _sentences(text)
    names = [m.group() for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?: [A-Z][a-z]+)*", text)]
    candidates = list(dict.fromkeys(names + sentences))
    if not candidates:
        return ""
    vectors = resources.embed([" ".join(_cue_words(name, schema)) or name, *candidates])
    return candidates[int(np.argmax(vectors[1:] @ vectors[0]))]


def fill(schema: dict, text: str, root: dict, name: str = "") -> object:
    schema = _resolve(schema, root)
    types = _types(schema)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return _enum(name, schema, text)
    if "object" in types or "properties" in schema:
        props = schema.get("properties", {})
        return {key: fill(sub, text, root, key) for key, sub in props.items()}
    if "array" in types:
        item = _resolve(schema.get("items", {"type": "string"}), root)
        if "enum" in item:
            found = [v for v in item["enum"] if _mentions(text, str(v))]
            return found[: schema.get("maxItems", len(found))] or [item["enum"][0]] * schema.get("minItems", 0)
        return [fill(item, text, root, name)] * schema.get("minItems", 0)
    if "integer" in types or "number" in types:
        value = _number(name, schema, text)
        if value is None:
            return None if schema.get("_nullable") or "null" in types else 0
        return int(round(value)) if "integer" in types else value
    if "boolean" in types:
        flag = _flag(name, schema, text)
        return bool(flag) if flag is not None or not schema.get("_nullable") else None
    if "null" in types and len(types) == 1:
        return None
    return _string(name, schema, text)


def _clean(schema):
    """The schema without the helper keys `fill` adds."""
    if isinstance(schema, dict):
        return {k: _clean(v) for k, v in schema.items() if k != "_nullable"}
    return [_clean(v) for v in schema] if isinstance(schema, list) else schema


class ExtractJson:
    name = "json"
    summary = "answer in JSON that fits your schema, with values read from your text"

    def __init__(self, fallback_engine=None):
        self.fallback_engine = fallback_engine  # answers the request when there is no schema to fill

    def applies(self, conv: Conversation) -> bool:
        if conv.tools:
            return False
        asked_in_words = re.search(r"\bjson\b", conv.last_user, re.I) and schema_and_text(conv)[0] is not None
        return conv.wants_json or bool(asked_in_words)

    def reply(self, conv: Conversation) -> Reply:
        schema, text = schema_and_text(conv)
        if schema is None:
            inner = self.fallback_engine.reply(conv).content if self.fallback_engine else ""
            return Reply(content=json.dumps({"response": inner}, ensure_ascii=False), skill=self.name)
        value = fill(schema, text, schema)
        try:
            jsonschema.validate(value, _clean(schema))
        except jsonschema.ValidationError:
            value = _repair(value, schema)
        if not conv.wants_json:
            # Without JSON mode, chat models tend to wrap JSON in prose and a code fence; so does this backend.
            fenced = json.dumps(value, ensure_ascii=False, indent=2)
            return Reply(content=f"Here is the information as JSON:\n\n```json\n{fenced}\n```", skill=self.name)
        return Reply(content=json.dumps(value, ensure_ascii=False), skill=self.name)


def _repair(value, schema):
    """Last resort: fill only what the schema requires, with each type's plainest value."""
    plain = {"string": "", "integer": 0, "number": 0, "boolean": False, "array": [], "object": {}, "null": None}
    root = schema

    def build(s):
        s = _resolve(s, root)
        if "enum" in s:
            return s["enum"][0]
        if "properties" in s:
            return {k: build(v) for k, v in s["properties"].items() if k in s.get("required", s["properties"])}
        return plain.get((_types(s) or ["string"])[0], None)

    return build(schema)
