"""Bad requests get the status and body the hosted API sends, and leave the backend healthy."""

import pytest
from mistralai.client import errors
from mistralai.client.utils import BackoffStrategy, RetryConfig

from mistral_course.backend import course_api
from mistral_course.offline import Engine, OfflineAPI, offline_client

from conftest import user

MODEL = "mistral-small-latest"


def error_of(call):
    with pytest.raises(errors.MistralError) as info:
        call()
    return info.value.status_code, info.value.raw_response.json()


@pytest.mark.parametrize("model", ["open-mistral-7b", "open-mixtral-8x7b", "no-such-model"])
def test_unknown_or_retired_model(client, model):
    status, body = error_of(lambda: client.chat.complete(model=model, messages=user("hi")))
    assert status == 400
    assert body == {"object": "error", "message": f"Invalid model: {model}", "type": "invalid_model",
                    "param": None, "code": "1500", "raw_status_code": 400}


def test_unknown_field_gives_422_with_detail(http):
    r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user("hi"), "max_token": 5})
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["type"] == "extra_forbidden" and detail[0]["loc"] == ["body", "max_token"]


def test_422_is_parsed_by_the_sdk(client):
    with pytest.raises(errors.HTTPValidationError) as info:
        client.chat.complete(model=MODEL, messages=[{"role": "user", "content": "hi"}], temperature=3.0)
    assert info.value.data.detail[0].loc == ["body", "temperature"]


def test_malformed_json_gives_422(http):
    r = http.post("/v1/chat/completions", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid"


def test_last_role_assistant_is_refused(client):
    messages = user("hi") + [{"role": "assistant", "content": "hello"}]
    status, body = error_of(lambda: client.chat.complete(model=MODEL, messages=messages))
    assert status == 400 and body["type"] == "invalid_request_message_order" and body["code"] == "3230"
    assert "Expected last role User or Tool" in body["message"]


def test_user_after_tool_is_refused(client):
    call = {"id": "abcDEF123", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
    messages = user("look it up") + [
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "abcDEF123", "name": "lookup", "content": "42"},
        {"role": "user", "content": "and?"},
    ]
    status, body = error_of(lambda: client.chat.complete(model=MODEL, messages=messages))
    assert status == 400 and body["message"] == "Unexpected role 'user' after role 'tool'"


def test_bad_tool_call_id_is_refused(client):
    call = {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{}"}}
    messages = user("look it up") + [
        {"role": "assistant", "content": "", "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "name": "lookup", "content": "42"},
    ]
    status, body = error_of(lambda: client.chat.complete(model=MODEL, messages=messages))
    assert status == 400 and body == {"object": "error", "type": "invalid_function_call", "code": "3280",
                                      "message": "Tool call id was call_1 but must be a-z, A-Z, 0-9, with a length "
                                                 "of 9.", "param": None, "raw_status_code": 400}


def test_missing_authorization_gives_401(api):
    client = offline_client(api, api_key=None)
    status, body = error_of(lambda: client.chat.complete(model=MODEL, messages=user("hi")))
    assert status == 401 and body["message"] == "Unauthorized" and len(body["request_id"]) == 32


def test_unknown_path_and_method(http):
    assert http.get("/v1/nowhere").status_code == 404
    assert http.delete("/v1/chat/completions").status_code == 405


def test_rate_limit_is_opt_in_and_retries_recover():
    api = course_api(rate_limit_failures=2)
    client = offline_client(api)
    status, body = error_of(lambda: client.chat.complete(model=MODEL, messages=user("hi")))
    assert status == 429 and body["type"] == "rate_limited"
    retry = RetryConfig("backoff", BackoffStrategy(1, 5, 1.5, 2_000), retry_connection_errors=False)
    r = client.chat.complete(model=MODEL, messages=user("hi"), retries=retry)
    assert r.choices[0].message.content.startswith("Hello!")
    assert api.rate_limit_failures == 0


def test_internal_failure_is_a_500_and_the_backend_keeps_serving():
    class Broken:
        name, summary, lesson = "broken", "break on the word 'explode'", "lesson 00"

        def read(self, conv):
            if "explode" in conv.last_user:
                raise RuntimeError("boom")
            return None

        def answer(self, task):
            raise AssertionError("never reached")

    client = offline_client(OfflineAPI(Engine([Broken()])))
    status, body = error_of(lambda: client.chat.complete(model=MODEL, messages=user("explode now")))
    assert status == 500 and "boom" in body["message"]
    assert client.chat.complete(model=MODEL, messages=user("hello")).choices[0].finish_reason == "stop"  # a decline
