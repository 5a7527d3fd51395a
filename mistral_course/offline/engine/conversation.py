"""What a skill sees (a Conversation) and what it gives back (a Reply)."""

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
    def last_user(self) -> str:
        for turn in reversed(self.turns):
            if turn.role == "user":
                return turn.text
        return ""

    @property
    def wants_json(self) -> bool:
        return bool(self.response_format) and self.response_format.get("type") in ("json_object", "json_schema")


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
