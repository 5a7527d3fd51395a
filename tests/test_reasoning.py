"""Reasoning, through the real SDK: the spec's reasoning_effort values; thinking then text chunks when a request
asks for reasoning, whole or streamed; and one function, text_of, that reads the text of any answer."""

import pytest
from mistralai.client import errors

from mistral_course.reply_text import text_of

from conftest import user

MODEL = "mistral-small-latest"


@pytest.mark.parametrize("effort", ["none", "minimal", "low", "medium", "high", "xhigh"])
def test_every_reasoning_effort_of_the_spec_is_accepted(client, effort):
    answer = client.chat.complete(model=MODEL, messages=user("hello"), reasoning_effort=effort)
    content = answer.choices[0].message.content
    assert isinstance(content, str) if effort == "none" else [c.type for c in content] == ["thinking", "text"]
    assert text_of(answer).startswith("Hello!")


def test_an_unknown_effort_is_a_422(http):
    r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user("hi"), "reasoning_effort": "max"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reasoning_effort"]


def test_a_reasoning_answer_is_thinking_then_text_and_usage_counts_both(client):
    plain = client.chat.complete(model=MODEL, messages=user("hello"))
    reasoned = client.chat.complete(model=MODEL, messages=user("hello"), prompt_mode="reasoning")
    thinking, text = reasoned.choices[0].message.content
    assert thinking.type == "thinking" and "Offline backend" in thinking.thinking[0].text
    assert text.type == "text" and text.text == plain.choices[0].message.content == text_of(reasoned)
    assert reasoned.usage.completion_tokens > plain.usage.completion_tokens


def test_a_reasoning_stream_sends_thinking_chunks_then_text(client):
    events = list(client.chat.stream(model=MODEL, messages=user("hello"), reasoning_effort="high"))
    kinds = []
    for event in events[1:]:
        content = event.data.choices[0].delta.content
        kinds.append("thinking" if isinstance(content, list) and content[0].type == "thinking" else "text")
    assert kinds[0] == "thinking" and kinds[-1] == "text" and kinds == sorted(kinds, key=lambda k: k == "text")  # thinking, then text
    plain = client.chat.complete(model=MODEL, messages=user("hello")).choices[0].message.content
    assert "".join(text_of(e.data.choices[0].delta) for e in events) == plain


def test_thinking_sent_back_in_the_history_is_accepted(client):
    first = client.chat.complete(model=MODEL, messages=user("hello"), reasoning_effort="medium")
    history = user("hello") + [{"role": "assistant", "content": [c.model_dump() for c in first.choices[0].message.content]},
                               {"role": "user", "content": "hello again"}]
    assert text_of(client.chat.complete(model=MODEL, messages=history))


def test_text_of_reads_every_form_an_answer_takes(client):
    assert text_of(None) == "" and text_of("plain") == "plain"
    assert text_of([{"type": "thinking", "thinking": [{"type": "text", "text": "hmm"}]},
                    {"type": "text", "text": "Yes"}, {"type": "text", "text": "."}]) == "Yes."
    response = client.chat.complete(model=MODEL, messages=user("hello"))
    assert text_of(response) == text_of(response.choices[0]) == text_of(response.choices[0].message)
    assert text_of({"role": "assistant", "content": None, "tool_calls": []}) == ""


def test_helper_mistral_returns_text_when_the_model_reasons(monkeypatch, client):
    import helper

    monkeypatch.setattr(helper, "_client", client)
    original = client.chat.complete
    monkeypatch.setattr(client.chat, "complete", lambda **kw: original(**kw, prompt_mode="reasoning"))
    assert helper.mistral("hello").startswith("Hello!")


def test_max_tokens_caps_the_thinking_and_the_text_together(client):
    whole = client.chat.complete(model=MODEL, messages=user("hello"), reasoning_effort="high")
    assert whole.usage.completion_tokens > 5
    cut = client.chat.complete(model=MODEL, messages=user("hello"), reasoning_effort="high", max_tokens=5)
    assert cut.usage.completion_tokens == 5 and cut.choices[0].finish_reason == "length"  # was 39 and "stop"
    (thinking,) = cut.choices[0].message.content  # cut while thinking: no text, and the thinking is not closed
    assert thinking.type == "thinking" and thinking.closed is False
    roomy = client.chat.complete(model=MODEL, messages=user("hello"), reasoning_effort="high", max_tokens=500)
    assert roomy.choices[0].finish_reason == "stop" and text_of(roomy) == text_of(whole)
