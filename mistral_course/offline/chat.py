"""POST /v1/chat/completions: validate the request, ask the engine, shape the answer.

Data flows one way: JSON body -> schemas.ChatRequest (422 on a bad shape) ->
model check (400 invalid_model) -> mistral-common's serving validator, which
also counts the prompt's tokens (400 on a bad conversation) -> engine.Reply ->
max_tokens / stop -> a response body or a list of stream chunks.
"""

from __future__ import annotations

import hashlib
import json

from mistral_common.exceptions import (
    InvalidFunctionCallException,
    InvalidMessageStructureException,
    InvalidToolMessageException,
    MistralCommonException,
)
from mistral_common.protocol.instruct.request import ChatCompletionRequest

from . import errors, resources
from .catalog import CREATED
from .engine import Conversation, Engine, Reply, Turn
from .schemas import ChatRequest

# The system prompt the hosted API prepends when a request sets safe_prompt=True.
GUARDRAIL = (
    "Always assist with care, respect, and truth. Respond with utmost utility yet securely. "
    "Avoid harmful, unethical, prejudiced, or negative content. "
    "Ensure replies promote fairness and positivity."
)
_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def response_id(seed: bytes) -> str:
    """32 hex characters, derived from the request so the same request gets the same id."""
    return hashlib.sha256(seed).hexdigest()[:32]


def tool_call_id(seed: bytes) -> str:
    """9 alphanumeric characters, the form the API requires for tool-call ids."""
    digest = hashlib.sha256(seed).digest()
    return "".join(_ALNUM[b % len(_ALNUM)] for b in digest[:9])


# --------------------------------------------------------------------------- request -> conversation
def _text(content) -> str:
    """The text of a message's content: a string, or a list of chunks (only text chunks count)."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    return "".join(chunk.get("text", "") for chunk in content if chunk.get("type") == "text")


def _arguments(raw) -> dict:
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def wire_messages(req: ChatRequest) -> list[dict]:
    """The messages as plain dicts, with the guardrail merged in when asked for."""
    messages = [m.model_dump(mode="json", exclude_none=True, by_alias=True) for m in req.messages]
    for i, m in enumerate(messages):
        if m["role"] in ("user", "system", "tool") and "content" not in m:
            raise errors.bad_request(f"Message {i} ({m['role']}) has no content; send a string or a list of chunks",
                                     param="messages")
        if m["role"] == "assistant" and not m.get("prefix"):
            m.pop("prefix", None)
        if m["role"] == "assistant" and isinstance(m.get("content"), list):
            m["content"] = _text(m["content"])  # earlier thinking is history; only the answer's text counts
    if req.safe_prompt:
        if messages and messages[0]["role"] == "system":
            first = messages[0]
            messages[0] = {**first, "content": GUARDRAIL + "\n\n" + _text(first["content"])}
        else:
            messages.insert(0, {"role": "system", "content": GUARDRAIL})
    return messages


def check_and_count(model: str, messages: list[dict], tools: list[dict] | None) -> int:
    """Validate the conversation as the service does and return its prompt token count, with the model's
    tokenizer version (tokenizer_map.py)."""
    previous = None
    for m in messages:
        # The hosted API also refuses a user turn straight after tool results.
        if previous == "tool" and m["role"] == "user":
            raise errors.message_order("Unexpected role 'user' after role 'tool'")
        previous = m["role"]
        if m["role"] == "tool" and not m.get("tool_call_id"):
            raise errors.bad_request("A tool message needs the tool_call_id of the call it answers")
    try:
        request = ChatCompletionRequest.from_openai(messages=messages, tools=tools or None, model=model)
        return len(resources.tokenizer_for(model).encode_chat_completion(request).tokens)
    except InvalidMessageStructureException as exc:
        raise errors.message_order(str(exc)) from None
    except InvalidFunctionCallException as exc:
        raise errors.invalid_function_call(str(exc)) from None
    except InvalidToolMessageException as exc:
        if str(exc).startswith("Tool call id"):  # a tool message's id the API cannot match: same type and code
            raise errors.invalid_function_call(str(exc)) from None
        raise errors.bad_request(str(exc)) from None
    except (MistralCommonException, ValueError) as exc:
        raise errors.bad_request(str(exc)) from None
    except (KeyError, TypeError, AttributeError) as exc:  # a shape mistral-common does not expect from a client
        raise errors.bad_request(f"The conversation cannot be read: {type(exc).__name__}: {exc}") from None


def check_context(model_id: str, context: int, prompt_tokens: int, max_tokens: int | None) -> None:
    """400 when the prompt (and the room asked for the answer) does not fit the model's context."""
    if prompt_tokens + (max_tokens or 0) > context:
        raise errors.bad_request(
            f"Prompt contains {prompt_tokens} tokens and max_tokens asks for {max_tokens or 0} more, "
            f"too large for model {model_id} with {context} maximum context length", param="messages")


def conversation(req: ChatRequest, messages: list[dict]) -> Conversation:
    turns = []
    for m in messages:
        calls = tuple(
            {"id": c.get("id"), "name": c["function"]["name"], "arguments": _arguments(c["function"]["arguments"])}
            for c in m.get("tool_calls") or ()
        )
        turns.append(Turn(m["role"], _text(m.get("content")), calls, m.get("tool_call_id"), m.get("name")))
    tools = tuple(t.function.model_dump() for t in req.tools or ())
    choice = req.tool_choice.model_dump() if hasattr(req.tool_choice, "model_dump") else (req.tool_choice or "auto")
    fmt = req.response_format.model_dump(by_alias=True) if req.response_format else None
    return Conversation(req.model, tuple(turns), tools, choice, fmt, req.safe_prompt)


# --------------------------------------------------------------------------- reply -> response
def _limit(reply: Reply, max_tokens: int | None, stop) -> tuple[str, str]:
    """The content after `stop` and `max_tokens` are applied, and the finish reason."""
    text, reason = reply.content, "stop"
    stops = [stop] if isinstance(stop, str) else list(stop or [])
    cuts = [text.find(s) for s in stops if s and s in text]
    if cuts:
        text = text[: min(cuts)]
    if max_tokens is not None:
        tokens = resources.encode_text(text)
        if len(tokens) > max_tokens:
            text, reason = resources.decode_tokens(tokens[:max_tokens]), "length"
    return text, reason


def _call_promised(conv: Conversation) -> bool:
    """Whether tool_choice ("any", "required" or a named function) promises a tool call in this answer; after
    tool results the answer is text, as the course's loop sends tool_choice "auto" from then on."""
    forced = conv.tool_choice in ("any", "required") or isinstance(conv.tool_choice, dict)
    return bool(conv.tools) and forced and not (conv.turns and conv.turns[-1].role == "tool")


def _tool_calls(reply: Reply, seed: bytes) -> list[dict]:
    return [
        {"id": tool_call_id(seed + b"#%d" % i), "type": "function",
         "function": {"name": call.name, "arguments": call.arguments_json()}, "index": i}
        for i, call in enumerate(reply.tool_calls)
    ]


class ChatEndpoint:
    def __init__(self, engine: Engine, known_model, fine_tuned: dict | None = None, context_of=None):
        self.engine = engine
        self.known_model = known_model  # callable: model id -> bool
        self.context_of = context_of or (lambda model: None)  # callable: model id -> max context length or None
        self.fine_tuned = fine_tuned if fine_tuned is not None else {}  # ft: name -> responder(messages) or None

    def answer(self, body: bytes, req: ChatRequest) -> tuple[dict, list[dict] | None, str]:
        """The response body, the stream chunks when the request asked to stream, and the skill that answered."""
        if not self.known_model(req.model):
            raise errors.invalid_model(req.model)
        messages = wire_messages(req)
        tools = [t.model_dump(mode="json", exclude_none=True) for t in req.tools or ()]
        prompt_tokens = check_and_count(req.model, messages, tools)
        context = self.context_of(req.model)
        if context:
            check_context(req.model, context, prompt_tokens, req.max_tokens)
        conv = conversation(req, messages)
        responder = self.fine_tuned.get(req.model)
        if callable(responder):  # a model fine-tuned by this backend answers for itself
            reply = Reply(content=responder([{"role": t.role, "content": t.text} for t in conv.turns]),
                          skill="fine-tuned")
        else:
            reply = self.engine.reply(conv)

        thinking = thinking_text(reply.skill) if asks_reasoning(req) else ""
        budget, closed = req.max_tokens, True  # max_tokens caps the thinking and the answer together
        if thinking and budget is not None:
            ids = resources.encode_text(thinking)
            if len(ids) > budget:  # cut while thinking: no answer, and the thinking is not closed
                thinking, closed = resources.decode_tokens(ids[:budget]), False
            budget = max(0, budget - len(ids))
        if reply.tool_calls:
            calls = _tool_calls(reply, body)
            content, reason = "", "tool_calls"
            completion_tokens = resources.count_tokens(json.dumps([c["function"] for c in calls]), req.model)
        else:
            calls = []
            content, reason = _limit(reply, budget, req.stop)
            if _call_promised(conv):
                reason = "error"  # the API promises a call here and none was made; the content says why
            completion_tokens = resources.count_tokens(content, req.model)
        completion_tokens += resources.count_tokens(thinking, req.model) if thinking else 0
        usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                 "total_tokens": prompt_tokens + completion_tokens}
        shown = content
        if thinking:  # a reasoning answer is a list of chunks: the thinking, then the text
            shown = [{"type": "thinking", "thinking": [{"type": "text", "text": thinking}], "closed": closed}]
            shown += [{"type": "text", "text": content}] if content else []
        message = {"role": "assistant", "content": shown, "tool_calls": calls or None, "prefix": False}
        rid = response_id(body)
        choices = [{"index": i, "message": message, "finish_reason": reason} for i in range(req.n or 1)]
        body_out = {"id": rid, "object": "chat.completion", "model": req.model, "usage": usage,
                    "created": CREATED, "choices": choices}
        stream = _chunks(rid, req.model, content, calls, reason, usage, thinking) if req.stream else None
        return body_out, stream, reply.skill


def asks_reasoning(req: ChatRequest) -> bool:
    """A request asks for reasoning with prompt_mode "reasoning" or any reasoning_effort but "none"."""
    return req.prompt_mode == "reasoning" or req.reasoning_effort not in (None, "none")


def thinking_text(skill: str) -> str:
    """What the offline backend puts where a reasoning model's thinking goes: the truth about how it answered."""
    return (f"Offline backend: no model thinks here. The '{skill}' rule answered this request; a reasoning "
            "model would write its reasoning in this chunk before its answer.")


def _pieces(text: str) -> list[str]:
    """Split text into small pieces at word boundaries, the way tokens arrive."""
    pieces, start = [], 0
    for i, ch in enumerate(text):
        if ch in " \n" and i > start:
            pieces.append(text[start:i])
            start = i
    if start < len(text):
        pieces.append(text[start:])
    return pieces


def _chunks(rid, model, content, calls, reason, usage, thinking: str = "") -> list[dict]:
    """The stream of a reply: the role first, then any thinking in pieces (as thinking chunks), then the content
    in pieces (or the tool calls); as the API streams today, the last of them carries the finish reason and the
    usage, and every other chunk has "usage": null."""
    def chunk(delta, finish=None, last_usage=None):
        return {"id": rid, "object": "chat.completion.chunk", "created": CREATED, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], "usage": last_usage}

    deltas = [{"content": [{"type": "thinking", "thinking": [{"type": "text", "text": piece}]}]}
              for piece in _pieces(thinking)]
    deltas += [{"tool_calls": calls}] if calls else [{"content": piece} for piece in _pieces(content)]
    deltas = deltas or [{"content": ""}]
    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks.extend(chunk(delta) for delta in deltas[:-1])
    chunks.append(chunk(deltas[-1], finish=reason, last_usage=usage))
    return chunks
