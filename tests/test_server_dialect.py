"""The `local` backend against what vLLM and Ollama really send (fixtures written from their documented
schemas, served through a mock transport), and Mistral's hosted API left exactly as strict as before."""

import json
from pathlib import Path

import httpx2
import pytest
from mistralai.client import errors, models

import helper
from mistral_course import backend, transports

SHAPES = Path(__file__).parent / "fixtures" / "servers"
TOOLS = [{"type": "function", "function": {"name": "retrieve_payment_status", "description": "Status of a payment",
                                           "parameters": {"type": "object", "required": ["transaction_id"],
                                                          "properties": {"transaction_id": {"type": "string"}}}}}]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in ("MISTRAL_API_KEY", "MISTRAL_BACKEND", "MISTRAL_SERVER_URL", "MISTRAL_SERVER_API_KEY",
                 "MISTRAL_TOKEN_BUDGET", "MISTRAL_MODEL", "MISTRAL_EMBED_MODEL"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout


class FakeServer:
    """Answers like the server a fixture describes: its own model names only (404 otherwise), the tool_choice
    values it accepts (400 otherwise), and its shapes for models, chat, streaming and embeddings."""

    def __init__(self, shape: dict):
        self.shape, self.seen = shape, []

    def error(self, status: int, kind: str, model: str = ""):
        body = json.loads(json.dumps(self.shape[kind]).replace("{model}", model))
        return httpx2.Response(status, json=body)

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content) if request.content else {}
        self.seen.append((request.url.path, body))
        path, s = request.url.path, self.shape
        if path == "/v1/models":
            return httpx2.Response(200, json=s["models"])
        want = s["embed_model"] if path == "/v1/embeddings" else s["chat_model"]
        if body.get("model") != want:
            return self.error(404, "not_found", body.get("model", ""))
        if path == "/v1/embeddings":
            return httpx2.Response(200, json=s["embeddings"])
        choice = body.get("tool_choice")
        if s["tool_choices"] is not None and isinstance(choice, str) and choice not in s["tool_choices"]:
            return self.error(400, "bad_request")
        if body.get("stream"):
            events = "".join(f"data: {json.dumps(event)}\n\n" for event in s["chat_stream"]) + "data: [DONE]\n\n"
            return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=events.encode())
        return httpx2.Response(200, json=s["chat_tools"] if body.get("tools") else s["chat"])


@pytest.fixture(params=["vllm", "ollama"])
def served(request, monkeypatch):
    """The `local` backend, its HTTP answered by a fake vLLM or Ollama; yields the fake server."""
    fake = FakeServer(json.loads((SHAPES / f"{request.param}.json").read_text()))
    monkeypatch.setattr(transports.httpx2, "HTTPTransport", lambda: httpx2.MockTransport(fake))
    monkeypatch.setenv("MISTRAL_BACKEND", "local")
    monkeypatch.setenv("MISTRAL_SERVER_URL", "http://127.0.0.1:8000/v1")
    return fake


def name_models(monkeypatch, fake):
    monkeypatch.setenv("MISTRAL_MODEL", fake.shape["chat_model"])
    monkeypatch.setenv("MISTRAL_EMBED_MODEL", fake.shape["embed_model"])


def test_model_cards_without_type_are_listed(served):
    cards = backend.make_client().models.list().data
    assert [card.id for card in cards] == [card["id"] for card in served.shape["models"]["data"]]
    assert all(isinstance(card, models.BaseModelCard) and card.capabilities.completion_chat for card in cards)


def test_the_lessons_model_names_need_the_servers_names(served, monkeypatch):
    helper.get_client(quiet=True)
    with pytest.raises(errors.SDKError) as info:
        helper.mistral("Hello")
    assert info.value.status_code == 404 and "mistral-small-latest" in info.value.body
    name_models(monkeypatch, served)
    helper.get_client(quiet=True)
    assert helper.mistral("Hello") == "Hello! How can I help?"
    assert helper.get_text_embedding("one card") == [0.25, -0.5, 0.125, 0.0]  # Ollama's has no `id`
    assert [(path, body["model"]) for path, body in served.seen[-2:]] == [
        ("/v1/chat/completions", served.shape["chat_model"]), ("/v1/embeddings", served.shape["embed_model"])]


def test_banner_says_which_models_answer(served, monkeypatch, capsys):
    helper.get_client()
    assert "set MISTRAL_MODEL" in capsys.readouterr().out
    name_models(monkeypatch, served)
    helper.get_client()
    out = capsys.readouterr().out
    assert "127.0.0.1:8000" in out and served.shape["chat_model"] in out and served.shape["embed_model"] in out


def test_tool_choice_any_becomes_required(served, monkeypatch):
    name_models(monkeypatch, served)
    response = backend.make_client().chat.complete(
        model="mistral-small-latest", messages=[{"role": "user", "content": "Status of T1001?"}], tools=TOOLS,
        tool_choice="any", random_seed=7)
    call = response.choices[0].message.tool_calls[0]
    assert call.function.name == "retrieve_payment_status"
    assert json.loads(call.function.arguments) == {"transaction_id": "T1001"}
    sent = served.seen[-1][1]
    assert sent["tool_choice"] == "required" and sent["seed"] == 7 and "random_seed" not in sent


def test_streaming(served, monkeypatch):
    name_models(monkeypatch, served)
    stream = backend.make_client().chat.stream(model="mistral-small-latest",
                                                messages=[{"role": "user", "content": "Hello"}])
    events = [event.data for event in stream]
    assert "".join(e.choices[0].delta.content or "" for e in events if e.choices) == "Hello there!"
    assert [e.choices[0].finish_reason for e in events if e.choices][-1] == "stop"


def test_async_client_adapts_the_same_way(served, monkeypatch):
    import asyncio

    monkeypatch.setattr(transports.httpx2, "AsyncHTTPTransport", lambda: httpx2.MockTransport(served))
    name_models(monkeypatch, served)
    client = backend.make_client()

    async def go():
        cards = (await client.models.list_async()).data
        return cards, await client.embeddings.create_async(model="mistral-embed", inputs=["a"])

    cards, response = asyncio.run(go())
    assert cards and response.data[0].embedding == [0.25, -0.5, 0.125, 0.0]


def test_the_hosted_api_is_not_loosened(monkeypatch):
    """Against Mistral's API, a card without `type` is still an error: the adaptations are for `local` only."""
    shape = json.loads((SHAPES / "ollama.json").read_text())
    sent = []

    def hosted(request):
        sent.append(json.loads(request.content) if request.content else {})
        return httpx2.Response(200, json=shape["models"] if request.url.path == "/v1/models" else shape["chat"])

    monkeypatch.setattr(transports.httpx2, "HTTPTransport", lambda: httpx2.MockTransport(hosted))
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-test")
    monkeypatch.setenv("MISTRAL_MODEL", "mistral:7b")
    client = backend.make_client("mistral")
    with pytest.raises(errors.ResponseValidationError):
        client.models.list()
    client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}],
                         tools=TOOLS, tool_choice="any")
    assert sent[-1]["model"] == "mistral-small-latest" and sent[-1]["tool_choice"] == "any"
