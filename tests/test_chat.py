"""Chat completions through the real SDK: shapes, usage, limits, streaming."""

import re

from mistral_common.protocol.instruct.request import ChatCompletionRequest

from mistral_course.offline import resources
from mistral_course.offline.chat import GUARDRAIL

from conftest import user

MODEL = "mistral-small-latest"


def test_response_shape_and_ids(client):
    r = client.chat.complete(model=MODEL, messages=user("Hey! What can you do?"))
    assert re.fullmatch(r"[0-9a-f]{32}", r.id)
    assert r.object == "chat.completion" and r.model == MODEL
    choice = r.choices[0]
    assert choice.finish_reason == "stop" and choice.message.role == "assistant"
    assert "offline" in choice.message.content


def test_usage_is_counted_with_the_real_tokenizer(client):
    messages = [{"role": "system", "content": "You answer in French."}] + user("Salut, tu es qui ?")
    r = client.chat.complete(model=MODEL, messages=messages)
    expected = resources.tokenizer_for(MODEL).encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=messages, model=MODEL)).tokens
    assert r.usage.prompt_tokens == len(expected)
    assert r.usage.completion_tokens == len(resources.encode_text(r.choices[0].message.content))
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_max_tokens_truncates_with_finish_reason_length(client):
    r = client.chat.complete(model=MODEL, messages=user("hi, introduce yourself"), max_tokens=7)
    assert r.choices[0].finish_reason == "length"
    assert r.usage.completion_tokens == 7
    full = client.chat.complete(model=MODEL, messages=user("hi, introduce yourself")).choices[0].message.content
    assert full.startswith(r.choices[0].message.content)


def test_stop_sequence_cuts_the_answer(client):
    r = client.chat.complete(model=MODEL, messages=user("Hello"), stop=["need"])
    assert r.choices[0].finish_reason == "stop"
    assert "need" not in r.choices[0].message.content
    assert r.choices[0].message.content.startswith("Hello!")


def test_n_gives_that_many_choices(client):
    r = client.chat.complete(model=MODEL, messages=user("hello"), n=3)
    assert [c.index for c in r.choices] == [0, 1, 2]


def test_stream_reassembles_to_the_plain_answer(client):
    messages = user("Bonjour ! Who are you?")
    plain = client.chat.complete(model=MODEL, messages=messages).choices[0].message.content
    events = list(client.chat.stream(model=MODEL, messages=messages))
    pieces = [e.data.choices[0].delta.content or "" for e in events]
    assert len(events) > 5 and "".join(pieces) == plain
    assert events[-1].data.choices[0].finish_reason == "stop"
    assert events[-1].data.usage.completion_tokens == len(resources.encode_text(plain))
    # The last content chunk itself carries the finish reason and the usage; no empty closing chunk.
    assert pieces[-1] and plain.endswith(pieces[-1]) and all(e.data.usage is None and e.data.choices[0].finish_reason is None
                              for e in events[:-1])


def test_stream_of_tool_calls_ends_on_the_tool_calls_chunk(client):
    tool = {"type": "function", "function": {"name": "retrieve_payment_status", "description": "Status of a payment",
                                             "parameters": {"type": "object", "required": ["transaction_id"],
                                                            "properties": {"transaction_id": {"type": "string"}}}}}
    events = list(client.chat.stream(model=MODEL, messages=user("What is the status of T1001?"), tools=[tool]))
    last = events[-1].data
    assert last.choices[0].finish_reason == "tool_calls" and last.choices[0].delta.tool_calls
    assert last.usage.total_tokens > 0 and all(e.data.usage is None for e in events[:-1])


def test_stream_honours_max_tokens(client):
    events = list(client.chat.stream(model=MODEL, messages=user("hello"), max_tokens=5))
    text = "".join(e.data.choices[0].delta.content or "" for e in events)
    assert events[-1].data.choices[0].finish_reason == "length"
    assert len(resources.encode_text(text)) == 5


def test_safe_prompt_prepends_the_guardrail(client):
    plain = client.chat.complete(model=MODEL, messages=user("hello"))
    safe = client.chat.complete(model=MODEL, messages=user("hello"), safe_prompt=True)
    with_system = [{"role": "system", "content": GUARDRAIL}] + user("hello")
    expected = len(resources.tokenizer_for(MODEL).encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=with_system, model=MODEL)).tokens)
    assert safe.usage.prompt_tokens == expected > plain.usage.prompt_tokens


def test_out_of_scope_request_is_answered_honestly(client):
    r = client.chat.complete(model=MODEL, messages=user("Write a sonnet about the sea at dusk."))
    text = r.choices[0].message.content
    assert "not a language model" in text and "MISTRAL_API_KEY" in text


def test_async_client_works_too(client):
    import asyncio

    async def go():
        return await client.chat.complete_async(model=MODEL, messages=user("hello"))

    assert asyncio.run(go()).choices[0].message.content.startswith("Hello!")


def test_content_chunks_and_system_prompt_with_safe_prompt(client):
    messages = [{"role": "system", "content": [{"type": "text", "text": "Be brief."}]},
                {"role": "user", "content": [{"type": "text", "text": "hello"}]}]
    r = client.chat.complete(model=MODEL, messages=messages, safe_prompt=True)
    merged = [{"role": "system", "content": GUARDRAIL + "\n\nBe brief."}, {"role": "user", "content": "hello"}]
    expected = len(resources.tokenizer_for(MODEL).encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=merged, model=MODEL)).tokens)
    assert r.usage.prompt_tokens == expected
    assert r.choices[0].message.content.startswith("Hello!")


def test_async_stream(client):
    import asyncio

    async def go():
        stream = await client.chat.stream_async(model=MODEL, messages=user("hello"))
        return "".join([e.data.choices[0].delta.content or "" async for e in stream])

    assert asyncio.run(go()).startswith("Hello!")


def test_guardrails_are_checked_against_the_spec(client, http):
    guardrails = [{"moderation_llm_v2": {"custom_category_thresholds": {"hate_and_discrimination": 0.5},
                                         "action": "block"}, "block_on_error": False}]
    assert client.chat.complete(model=MODEL, messages=user("hello"), guardrails=guardrails).choices
    for wrong, where in (({"moderation_llm_v2": {"action": "stop"}}, "action"),
                         ({"moderation_llm_v1": {"custom_category_thresholds": {"pii": "high"}}}, "pii"),
                         ({"block_on_error": "sometimes"}, "block_on_error")):
        r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user("hi"), "guardrails": [wrong]})
        assert r.status_code == 422 and where in r.json()["detail"][0]["loc"], r.json()
