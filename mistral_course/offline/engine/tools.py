"""Skill: function calling with tools the backend has never seen.

From the tools' names, descriptions and parameter schemas alone it:
- decides whether a tool fits the conversation (word overlap with the tool's name and
  description, plus embedding similarity), and picks the best one(s);
- fills arguments from the user's turns, newest first: identifiers (or the schema's
  `pattern`), enum values, numbers, dates and quoted strings, using the JSON skill's readers;
- emits one call per identifier when a question names several (parallel calls);
- honours tool_choice: "none" never calls, "any"/"required" always calls, a named
  function is called, "auto" calls only when a tool fits;
- asks for a required argument it cannot find (under "auto");
- after tool results, answers with what the results say, and nothing else.
"""

from __future__ import annotations

import json
import re

from .. import resources
from .conversation import Conversation, Reply, ToolCallOut
from .extract_json import FORMATS, _enum, _number, _string
from .grounded import answer as grounded_answer
from .text import stem, words

IDENTIFIER = re.compile(r"\b[A-Za-z]{1,5}[-_]?\d+[A-Za-z0-9]*\b")  # T1001, BA117, QF1, INV-2024
QUOTED = re.compile(r"[\"“']([^\"”']{1,80})[\"”']")
# What a question word asks for, in the words tools use for it.
ASKS_FOR = {"when": {"date", "time", "day", "when"}, "where": {"location", "address", "place", "city", "where"},
            "who": {"name", "person", "owner", "customer", "who"}, "how much": {"amount", "price", "cost", "total"},
            "how many": {"count", "number", "quantity"}}
FILLER = {"get", "retrieve", "fetch", "lookup", "look", "find", "check", "the", "a", "an", "of", "for", "and",
          "to", "by", "is", "in", "on", "with", "given", "this", "that", "returns", "return", "function", "tool"}


def _name_words(name: str) -> set[str]:
    return {w for w in re.split(r"[_\W]+|(?<=[a-z])(?=[A-Z])", name.lower()) if w and w not in FILLER}


def _is_identifier_param(name: str, schema: dict) -> bool:
    text = (name + " " + schema.get("description", "")).lower()
    return schema.get("type", "string") == "string" and (
        "pattern" in schema or bool(re.search(r"(^|_)id$|(^|_)number$", name.lower()))
        or bool(re.search(r"\bid\b|identifier|reference|code|number", text)))


def _identifiers(text: str, schema: dict) -> list[str]:
    if "pattern" in schema:
        pattern = schema["pattern"].lstrip("^").rstrip("$")
        return list(dict.fromkeys(m.group() for m in re.finditer(pattern, text)))
    return list(dict.fromkeys(m.group() for m in IDENTIFIER.finditer(text)))


class ToolUse:
    name = "tools"
    summary = "call the tools you describe, ask for missing arguments, and answer from their results"

    # ------------------------------------------------------------------ deciding
    def applies(self, conv: Conversation) -> bool:
        if not conv.tools:
            return False
        if self._pending_results(conv):
            return True
        if conv.tool_choice == "none":
            return False
        return bool(self._forced(conv)) or self._best_tools(conv)[1] > 0

    def reply(self, conv: Conversation) -> Reply:
        results = self._pending_results(conv)
        if results:
            return Reply(content=self._final_answer(results, self._question(conv)), skill=self.name)
        tools, _ = self._best_tools(conv)
        forced = self._forced(conv)
        if forced:
            tools = forced if isinstance(forced, list) else tools or [conv.tools[0]]
        calls, missing = [], []
        for tool in tools:
            made, lacking = self._calls_for(tool, conv)
            calls += made
            missing += lacking
        if missing and conv.tool_choice == "auto" and not calls:
            tool, param = missing[0]
            what = param.replace("_", " ")
            purpose = tool.get("description") or tool["name"].replace("_", " ")
            text = (f"Could you tell me the {what}? I need it to {purpose[0].lower() + purpose[1:].rstrip('.')}.")
            return Reply(content=text, skill=self.name)
        if not calls:  # forced to call, with nothing found: call with what we have
            calls = [ToolCallOut(tools[0]["name"], {})]
        return Reply(tool_calls=tuple(calls), skill=self.name)

    def _forced(self, conv: Conversation):
        choice = conv.tool_choice
        if isinstance(choice, dict):
            name = choice.get("function", {}).get("name")
            return [t for t in conv.tools if t["name"] == name]
        return choice in ("any", "required")

    def _request_text(self, conv: Conversation) -> str:
        """The user's turns since the last answer that ended a tool exchange, newest last."""
        texts = []
        for turn in reversed(conv.turns):
            if turn.role == "tool":
                break
            if turn.role == "user":
                texts.append(turn.text)
        return "\n".join(reversed(texts))

    def _best_tools(self, conv: Conversation) -> tuple[list[dict], float]:
        """The tools that fit the request (several when it names several tools' subjects), and the best score."""
        text = self._request_text(conv)
        asked = {stem(w) for w in words(text)}
        for question, subjects in ASKS_FOR.items():
            if re.search(r"\b" + question + r"\b", text, re.I):
                asked |= {stem(w) for w in subjects}
        if re.search(r"^\s*(is|are|has|have|did|does|do|was|were)\b", text, re.I | re.M):
            asked |= {stem("status"), stem("state")}  # a yes/no question about something asks for its state
        named_ids = bool(IDENTIFIER.search(text))
        scores = []
        for tool in conv.tools:
            name_hits = {stem(w) for w in _name_words(tool["name"])} & asked
            described = {stem(w) for w in words(tool.get("description", "")) if w not in FILLER}
            takes_id = any(_is_identifier_param(n, p) for n, p in
                           (tool.get("parameters", {}) or {}).get("properties", {}).items())
            searches = bool(re.search(r"search|lookup|look_up|find|query", tool["name"], re.I))
            scores.append(2 * len(name_hits) + 0.5 * len(described & asked) + (0.5 if named_ids and takes_id else 0)
                          + (1.0 if searches and "?" in text else 0))  # a question, and a tool that searches
        vectors = resources.embed([text] + [f"{t['name'].replace('_', ' ')}. {t.get('description', '')}"
                                            for t in conv.tools])
        similarity = vectors[1:] @ vectors[0]
        combined = [s + float(sim) for s, sim in zip(scores, similarity)]
        best = max(combined)
        if max(scores) == 0 and best < 0.45:
            return [], 0.0
        chosen = [t for t, c, s in zip(conv.tools, combined, scores) if c >= best - 0.25 or (s >= 2 and c >= best - 1)]
        return chosen, best

    # ------------------------------------------------------------------ arguments
    def _calls_for(self, tool: dict, conv: Conversation):
        params = tool.get("parameters", {}) or {}
        props = params.get("properties", {})
        required = params.get("required", [])
        user_turns = [t.text for t in conv.turns if t.role == "user"][::-1]  # newest first
        fixed, per_entity, missing = {}, None, []
        for name, schema in props.items():
            if _is_identifier_param(name, schema):
                found = next((ids for text in user_turns if (ids := _identifiers(text, schema))), [])
                if found:
                    per_entity = (name, found)
                elif name in required:
                    missing.append((tool, name))
                continue
            value = self._value(name, schema, user_turns)
            if value is not None:
                fixed[name] = value
            elif name in required:
                missing.append((tool, name))
        if missing and conv.tool_choice == "auto":
            return [], missing
        if per_entity:
            name, values = per_entity
            return [ToolCallOut(tool["name"], {**fixed, name: v}) for v in values], []
        return [ToolCallOut(tool["name"], fixed)], []

    def _value(self, name: str, schema: dict, user_turns: list[str]):
        free_text = re.search(r"^(q|query|question|search|search_query|text|prompt|topic)$", name.lower()) or \
            re.search(r"query|look for|search|question", schema.get("description", ""), re.I)
        if free_text and schema.get("type", "string") == "string" and user_turns:
            quoted = QUOTED.search(user_turns[0])
            return quoted.group(1) if quoted else user_turns[0].strip()  # what a model would search for
        for text in user_turns:
            kind = schema.get("type", "string")
            if "enum" in schema:
                if any(re.search(r"\b" + re.escape(str(v)) + r"\b", text, re.I) for v in schema["enum"]):
                    return _enum(name, schema, text)
            elif kind in ("integer", "number"):
                value = _number(name, schema, text)
                if value is not None:
                    return int(value) if kind == "integer" else value
            elif kind == "boolean":
                continue
            elif schema.get("format") in FORMATS or re.search(r"date|email|phone|url", name.lower()):
                found = _string(name, schema, text)
                if found and found != text.strip():
                    return found
            else:
                quoted = QUOTED.search(text)
                if quoted:
                    return quoted.group(1)
        return None

    # ------------------------------------------------------------------ answering from results
    def _pending_results(self, conv: Conversation) -> list[tuple[dict, str]]:
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
                sentences.append(grounded_answer(question if question.rstrip().endswith("?") else query or question,
                                                 _passages(text)))
                continue
            subject = " ".join(w for w in re.split(r"[_\W]+", call["name"].lower()) if w and w not in FILLER)
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
            else:
                shown = str(value)
            sentences.append(f"The {subject}{' for ' + about if about else ''} is {shown}.")
        return " ".join(sentences)


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
