"""The gateway's accounts: budgets that hold under interleaved requests, an exact rate limit, usage that
survives a restart, and reservations that bound what Mistral's tokenizer really counts."""

import random

import pytest
from mistral_common.protocol.instruct.request import ChatCompletionRequest

from mistral_course.gateway import bounds
from mistral_course.gateway.ledger import Ledger, Refused
from mistral_course.offline import resources


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_interleaved_requests_never_spend_past_the_budget(tmp_path):
    ledger = Ledger(tmp_path / "usage.sqlite", budget=5_000, requests_per_minute=10**6)
    rng = random.Random(7)
    open_, spent = [], 0
    for _ in range(2_000):  # requests start and finish in a shuffled order, as on the event loop
        if open_ and rng.random() < 0.5:
            reservation, cost = open_.pop(rng.randrange(len(open_)))
            ledger.settle(reservation, cost, 0)
            spent += cost
        else:
            most = rng.randint(10, 600)
            try:
                reservation = ledger.admit("ana", most, least=most // 2)
            except Refused as refused:
                assert refused.status == 429 and "token budget" in refused.message
                continue
            open_.append((reservation, rng.randint(0, reservation.tokens)))  # never more than reserved
        assert spent + ledger.reserved["ana"] <= 5_000
    for reservation, cost in open_:
        ledger.settle(reservation, cost, 0)
        spent += cost
    assert ledger.of("ana").tokens == spent <= 5_000 and ledger.reserved["ana"] == 0
    assert spent > 4_000  # the budget was really used, not refused early


def test_the_rate_limit_admits_exactly_n_a_minute_and_says_when(tmp_path):
    clock = Clock()
    ledger = Ledger(tmp_path / "usage.sqlite", budget=10**6, requests_per_minute=5, clock=clock)
    for _ in range(5):
        ledger.settle(ledger.admit("ben", 0))
    with pytest.raises(Refused) as refused:
        ledger.admit("ben", 0)
    assert refused.value.retry_after == 61 and "5 requests in the last minute" in refused.value.message
    ledger.admit("ana", 0)  # another learner is not held back
    clock.now += 59.9
    with pytest.raises(Refused):
        ledger.admit("ben", 0)
    clock.now += 0.1
    ledger.admit("ben", 0)


def test_usage_and_refusals_survive_a_restart_and_settle_counts_once(tmp_path):
    ledger = Ledger(tmp_path / "usage.sqlite", budget=100, requests_per_minute=60)
    reservation = ledger.admit("cleo", 80)
    ledger.settle(reservation, 50, 20)
    ledger.settle(reservation, 50, 20)  # a second settle (the stream's finally) changes nothing
    with pytest.raises(Refused):
        ledger.admit("cleo", 40)
    failed = ledger.admit("cleo", 10)
    ledger.settle(failed, answered=False)  # the upstream was down: nothing counted
    ledger.close()
    again = Ledger(tmp_path / "usage.sqlite", budget=100, requests_per_minute=60)
    usage = again.of("cleo")
    assert (usage.requests, usage.prompt_tokens, usage.completion_tokens, usage.refused) == (1, 50, 20, 1)
    assert again.remaining("cleo") == 30


@pytest.mark.parametrize("content", [
    "Hello!", "Write a two-line poem about the sea.", "Zürich, Kraków, İstanbul: ça coûte 3,50 €?",
    "日本語のテキストを要約してください。", "🙂🚀 emoji " * 20, "x" * 3000, " \n\t " * 50,
])
def test_the_reservation_bounds_what_mistrals_tokenizer_counts(content):
    messages = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": content}]
    counted = len(resources.tokenizer_for("mistral-small-latest").encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=messages, model="mistral-small-latest")).tokens)
    assert counted <= bounds.chat_prompt({"messages": messages})
    assert resources.count_tokens(content, "mistral-embed") <= bounds.embeddings_prompt({"input": [content]})
