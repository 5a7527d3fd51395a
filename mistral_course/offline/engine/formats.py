"""The format layer: JSON mode and `json_schema` shape whatever skill answered.

The JSON skill gives its answer as `Reply.data`; other skills give text, and JSON mode wraps it
as {"answer": ...} (or the skill's own `data`, such as {"label": ...}); a decline becomes {"error": ...}. A prompt that asks for
JSON in words, without JSON mode, gets the JSON in a sentence and a code fence, as chat models do.
"""

from __future__ import annotations

import json

from .conversation import Conversation, Reply


def shape(reply: Reply, conv: Conversation) -> Reply:
    if reply.tool_calls:
        return reply
    if conv.wants_json:
        wrapper = "error" if reply.skill == "decline" else "answer"
        value = reply.data if reply.data is not None else {wrapper: reply.content}
        return Reply(content=json.dumps(value, ensure_ascii=False), skill=reply.skill, data=value)
    if reply.data is not None and not reply.content:
        fenced = json.dumps(reply.data, ensure_ascii=False, indent=2)
        return Reply(content=f"Here is the information as JSON:\n\n```json\n{fenced}\n```", skill=reply.skill,
                     data=reply.data)
    return reply
