"""Checks for the lessons' exercises. Each prints what is right, or what is wrong and a hint."""

from __future__ import annotations


def _report(ok: bool, good: str, bad: str) -> None:
    print(("✅ " + good) if ok else ("❌ " + bad))


# --------------------------------------------------------------------------- lesson 00
def check_prompt_tokens(your_count, messages, model="mistral-small-latest", client=None) -> None:
    """Exercise 00.1: count a conversation's prompt tokens yourself, as the API will."""
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    from .offline import resources

    request = ChatCompletionRequest.from_openai(messages=messages, model=model)
    expected = len(resources.tokenizer().encode_chat_completion(request).tokens)
    if not isinstance(your_count, int):
        return _report(False, "", f"Expected a whole number of tokens, got {type(your_count).__name__}.")
    if your_count == expected and client is not None:
        usage = client.chat.complete(model=model, messages=messages).usage.prompt_tokens
        return _report(usage == expected, f"{expected} tokens, and the API's usage.prompt_tokens agrees.",
                       f"You counted {expected} but the API reports {usage}: is it a different tokenizer?")
    return _report(your_count == expected, f"{expected} tokens: exactly what the API counts.",
                   f"You counted {your_count}; the API counts {expected}. Did you count the whole chat "
                   "template (with [INST] and <s>), not just the text?")


def check_truncated(response, max_tokens=5) -> None:
    """Exercise 00.2: get an answer cut off after exactly `max_tokens` tokens."""
    choice = response.choices[0]
    if choice.finish_reason != "length":
        return _report(False, "", f"finish_reason is '{choice.finish_reason}', not 'length': the answer was "
                                  "not cut. Which argument of chat.complete limits the answer's length?")
    return _report(response.usage.completion_tokens == max_tokens,
                   f"Cut after {max_tokens} tokens, and finish_reason says so.",
                   f"The answer was cut, but after {response.usage.completion_tokens} tokens, not {max_tokens}.")
