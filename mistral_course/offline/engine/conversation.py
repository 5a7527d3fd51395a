"""What a skill sees (a Conversation), what it understood (a Task) and what it gives back (a Reply)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Turn:
    role: str  # system | user | assistant | tool
    text: str = ""
    tool_calls: tuple[dict, ...] = ()  # {"id", "name", "arguments" (dict)}
    tool_call_id: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Conversation:
    model: str
    turns: tuple[Turn, ...]
    tools: tuple[dict, ...] = ()  # {"name", "description", "parameters"}
    tool_choice: Any = "auto"  # "auto" | "none" | "any" | "required" | {"function": {"name": ...}}
    response_format: dict | None = None  # {"type": ..., "json_schema": {...}}
    safe_prompt: bool = False

    @property
    def system(self) -> str:
        return "\n\n".join(t.text for t in self.turns if t.role == "system")

    @property
    def users(self) -> list[str]:
        """The user turns' texts, oldest first."""
        return [t.text for t in self.turns if t.role == "user"]

    @property
    def last_user(self) -> str:
        for turn in reversed(self.turns):
            if turn.role == "user":
                return turn.text
        return ""

    @property
    def wants_json(self) -> bool:
        return bool(self.response_format) and self.response_format.get("type") in ("json_object", "json_schema")


@dataclass(frozen=True)
class Task:
    """What one skill understood of a request.

    confidence: how sure the skill is that the request is its task *and* that it found every piece it
    needs (0 to 1; the engine declines under its threshold). understood: a short phrase for a decline
    ("a classification into 3 labels"); lacking: what is missing or unsure, if anything.
    """
    skill: str
    confidence: float
    understood: str
    data: Any = None
    lacking: str = ""


@dataclass(frozen=True)
class ToolCallOut:
    name: str
    arguments: dict

    def arguments_json(self) -> str:
        return json.dumps(self.arguments, ensure_ascii=False)


@dataclass(frozen=True)
class Reply:
    content: str = ""
    tool_calls: tuple[ToolCallOut, ...] = field(default_factory=tuple)
    skill: str = ""  # which skill answered, for tests and for the curious
    data: Any = None  # the answer as a JSON value, when JSON is asked for (else {"answer": content})
