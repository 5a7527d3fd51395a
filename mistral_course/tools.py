"""Running the tools a model asks for, safely, and the loop that goes back and forth.

    answer, messages = run_tools(client, messages, tools, functions)

Every call is checked before anything runs: the function must be one we offered, its
arguments must be JSON, and they must fit the tool's JSON schema. Any problem, or an
exception inside the function, becomes an error result that goes back to the model
as the tool's answer: the model can then apologise, fix its call or ask the user.
Nothing is ever evaluated as code.
"""

from __future__ import annotations

import json
from typing import Callable

import jsonschema

from .reply_text import text_of


def call_tool(name: str, arguments, tools: list[dict], functions: dict[str, Callable]) -> dict:
    """Run one tool call and return its result as a dict ({"error": ...} when it cannot run)."""
    schemas = {t["function"]["name"]: t["function"].get("parameters", {}) for t in tools}
    if name not in schemas or name not in functions:
        return {"error": f"there is no function named {name!r}; available: {', '.join(sorted(schemas))}"}
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments or "{}")
        except ValueError as exc:
            return {"error": f"the arguments are not valid JSON ({exc.msg})"}
    if not isinstance(arguments, dict):
        return {"error": "the arguments must be a JSON object"}
    try:
        jsonschema.validate(arguments, schemas[name])
    except jsonschema.ValidationError as exc:
        return {"error": f"invalid arguments: {exc.message}"}
    try:
        result = functions[name](**arguments)
    except Exception as exc:  # the model hears about it; the learner's notebook carries on
        return {"error": f"{name} failed: {type(exc).__name__}: {exc}"}
    return result if isinstance(result, dict) else {"result": result}


def run_tools(client, messages: list[dict], tools: list[dict], functions: dict[str, Callable],
              model: str = "mistral-small-latest", tool_choice: str = "auto", max_rounds: int = 4,
              **options) -> tuple[str, list[dict]]:
    """Chat until the model answers without calling a tool, running its tool calls in between.

    Returns the final answer and the whole conversation (messages is extended in place).
    Stops after `max_rounds` model calls, so a model that keeps calling tools cannot loop forever.
    """
    for _ in range(max_rounds):
        response = client.chat.complete(model=model, messages=messages, tools=tools, tool_choice=tool_choice,
                                        **options)
        message = response.choices[0].message
        calls = message.tool_calls or []
        messages.append({"role": "assistant", "content": text_of(message),
                         **({"tool_calls": [c.model_dump() for c in calls]} if calls else {})})
        if not calls:
            return text_of(message), messages
        for call in calls:
            result = call_tool(call.function.name, call.function.arguments, tools, functions)
            messages.append({"role": "tool", "name": call.function.name, "tool_call_id": call.id,
                             "content": json.dumps(result)})
        tool_choice = "auto"  # a forced first call must not force every later one
    return f"Stopped after {max_rounds} rounds of tool calls without a final answer.", messages
