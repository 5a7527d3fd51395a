"""The `local` backend against a real llama.cpp server (python -m llama_cpp.server, started here on loopback
with a GGUF of the course's tiny model): models, chat, streaming and embeddings through the course's helper
and the real SDK, with the lessons' model names."""

import pytest

import helper
from mistral_course import backend, gguf_export, llamacpp


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    path = llamacpp.quantize(gguf_export.convert_course_model(folder / "f32.gguf"), folder / "q8_0.gguf", "Q8_0")
    with llamacpp.LlamaServer(path, config_dir=folder) as running:
        yield running


@pytest.fixture
def local(server, monkeypatch, tmp_path):
    for name in ("MISTRAL_API_KEY", "MISTRAL_SERVER_API_KEY", "MISTRAL_TOKEN_BUDGET"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", server.url + "/v1")
    monkeypatch.setenv("MISTRAL_MODEL", server.chat_name)
    monkeypatch.setenv("MISTRAL_EMBED_MODEL", server.embed_name)
    return backend.make_client()


MESSAGES = [{"role": "user", "content": "How do I change my PIN?"}]


def test_models(local, server):
    cards = local.models.list().data
    assert [card.id for card in cards] == [server.chat_name, server.embed_name]
    assert all(card.type == "base" and card.capabilities.completion_chat for card in cards)


def test_chat_with_the_lessons_model_name(local, server):
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    from mistral_course.finetune_data import tokenizers

    response = local.chat.complete(model="mistral-small-latest", messages=MESSAGES, temperature=0, max_tokens=8)
    choice = response.choices[0]
    assert response.model == server.chat_name
    prompt = tokenizers()[0].encode_chat_completion(ChatCompletionRequest.from_openai(messages=MESSAGES)).tokens
    assert response.usage.prompt_tokens == len(prompt)  # the chat template in the file is Mistral's
    assert choice.finish_reason == "length" and response.usage.completion_tokens == 8
    assert choice.message.content.strip()
    again = local.chat.complete(model="mistral-small-latest", messages=MESSAGES, temperature=0, max_tokens=8)
    assert again.choices[0].message.content == choice.message.content  # greedy: the same answer


def test_streaming_gives_the_same_text(local):
    whole = local.chat.complete(model="mistral-small-latest", messages=MESSAGES, temperature=0, max_tokens=8)
    events = [event.data for event in local.chat.stream(model="mistral-small-latest", messages=MESSAGES,
                                                          temperature=0, max_tokens=8)]
    text = "".join(e.choices[0].delta.content or "" for e in events if e.choices)
    assert len(events) > 2 and text == whole.choices[0].message.content
    assert [e.choices[0].finish_reason for e in events if e.choices][-1] == "length"


def test_embeddings_through_the_helper(local, server):
    helper.get_client(quiet=True)
    vector = helper.get_text_embedding("one card")
    assert len(vector) == 64  # the tiny model's width
    assert len(helper.get_text_embedding(["a card", "a PIN"])) == 2
    response = local.embeddings.create(model="mistral-embed", inputs=["one card"])
    assert response.model == server.embed_name and response.id and response.data[0].embedding == vector


def test_without_the_chat_model_name_the_banner_says_what_to_set(local, monkeypatch, capsys):
    monkeypatch.delenv("MISTRAL_MODEL")
    helper.get_client()
    out = capsys.readouterr().out
    assert "set MISTRAL_MODEL" in out and "embeddings use 'tiny-mistral-embed'" in out


def test_tool_choice_any_is_accepted(local):
    """llama-cpp-python's server knows "required" but answers "any" with an error; the backend translates."""
    tools = [{"type": "function", "function": {"name": "retrieve_payment_status", "description": "Payment status",
                                               "parameters": {"type": "object", "properties": {}}}}]
    response = local.chat.complete(model="mistral-small-latest", messages=MESSAGES, tools=tools, tool_choice="any",
                                   temperature=0, max_tokens=4)
    assert response.choices[0].finish_reason in ("length", "stop", "tool_calls")
