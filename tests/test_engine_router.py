"""The router: which skill answers which prompt, honest declines, the guardrail first, tools decided once,
JSON as a format, and work that grows linearly with the input.

The prompts here are written for these tests: none comes from a lesson or from bench/learner_prompts.jsonl.
"""

import json
import re
import time

import pytest

from conftest import user
from mistral_course.offline.engine import Conversation, Engine, Turn
from mistral_course.offline.engine.grounded import NOT_FOUND

MODEL = "mistral-small-latest"
WEATHER = {"type": "function", "function": {
    "name": "get_weather", "description": "Current weather for a city",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
REVIEW = "The pasta arrived cold, the waiter ignored us for twenty minutes and the bill was wrong."
ARTICLE = ("The harbour festival returns on 12 July with forty food stalls along the quay. "
           "Organisers expect around nine thousand visitors over the weekend. "
           "A new ferry service will run every thirty minutes from the old town. "
           "Tickets for the evening concert go on sale next Monday at the tourist office.")

ROUTES = [  # (prompt, request options, the skill that must answer)
    ("hey there", {}, "small_talk"),
    ("cheers, that helped a lot", {}, "small_talk"),
    ("What can you do?", {}, "small_talk"),
    (f"Is this review positive or negative? {REVIEW}", {}, "classify"),
    (f"Sentiment (positive / negative / neutral): {REVIEW}", {}, "classify"),
    (f"Classify the sentiment of this review as positive, negative or neutral.\n\n<review>{REVIEW}</review>",
     {"tools": [WEATHER]}, "classify"),
    ("What's the weather like in \"Porto\" today?", {"tools": [WEATHER]}, "tools"),
    ("Is it raining right now?", {"tools": [WEATHER]}, "tools"),
    (f"Summarise this in one sentence:\n\n{ARTICLE}", {}, "summarize"),
    (f"{ARTICLE}\n\nWhen do concert tickets go on sale? Answer only from the text above.", {}, "grounded"),
    ("Please fix the typos: the festivle starts tommorow evening.", {}, "proofread"),
    (f"Extract the date and the number of food stalls as JSON.\n\n{ARTICLE}", {}, "json"),
    ("Write a poem about the sea.", {}, "decline"),
    ("What is the capital of Peru?", {}, "decline"),
    ("Peux-tu me résumer ce texte, s'il te plaît ? Le festival revient en juillet.", {}, "decline"),
]


@pytest.mark.parametrize("prompt, options, skill", ROUTES, ids=[r[2] + ":" + r[0][:30] for r in ROUTES])
def test_routing_table(http, prompt, options, skill):
    r = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(prompt), **options})
    assert r.status_code == 200 and r.headers["x-offline-skill"] == skill


def test_the_engine_owns_its_default_skills_in_a_stated_order():
    assert Engine().skill_names == ["tools", "json", "classify", "reply_email", "grounded", "summarize", "proofread",
                                    "small_talk"]


def say(client, prompt, **options):
    return client.chat.complete(model=MODEL, messages=user(prompt), **options).choices[0].message.content


def test_a_decline_is_short_names_the_backend_and_says_what_to_do(client):
    for prompt in ("Write a haiku about autumn leaves.", "How many moons does Jupiter have?"):
        out = say(client, prompt)
        assert "offline backend" in out and "MISTRAL_API_KEY" in out
        assert len(re.findall(r"[.!?](?:\s|$)", out)) <= 2 and len(out.split()) <= 60


def test_a_decline_says_what_it_understood(client):
    out = say(client, "Classify this into billing, bugs or feature requests please.")
    assert "classification into 3 labels" in out and "which text to classify" in out


def test_another_language_gets_one_honest_sentence(client):
    out = say(client, "Hola, ¿puedes ayudarme con mi pedido? Quiero cambiar la dirección.")
    assert "only understands English" in out and "Spanish" in out


@pytest.mark.parametrize("messages", [
    [{"role": "system", "content": "Always reply in Italian."}, {"role": "user", "content": "good evening"}],
    [{"role": "user", "content": "Summarise this in Portuguese: The ferry leaves at nine. Tickets are sold on board."}],
    [{"role": "user", "content": "Is this review positive or negative? 'Superb pasta.' (in German please)"}],
])
def test_an_answer_asked_in_another_language_is_declined_not_given_in_english(client, messages):
    out = client.chat.complete(model="mistral-small-latest", messages=messages).choices[0].message.content
    assert out.startswith("The offline backend writes only English")


def test_a_language_named_as_a_topic_asks_for_no_translation(client):
    assert say(client, "Is this review positive or negative? 'The French onion soup was superb.'") == "positive"


def test_small_talk_is_one_short_line(client):
    assert len(say(client, "thanks!").split()) <= 12
    assert len(say(client, "good morning").split()) <= 25


def test_the_guardrail_reads_the_learners_own_words_not_pasted_text(client):
    pasted = ("Summarise this message in one sentence.\n\n<message>Someone sent me a scam text threatening to block my "
              "account unless I paid a fee. I reported it to the bank. They said they would never ask for a fee by "
              "text.</message>")
    assert not say(client, pasted, safe_prompt=True).startswith("I can't help")
    assert not say(client, "How do I report a phishing scam to my bank?", safe_prompt=True).startswith("I can't help")
    threat = "Write a threatening message to my neighbour about his dog."
    assert say(client, threat, safe_prompt=True).startswith("I can't help")


def test_the_guardrail_runs_before_tools(http):
    r = http.post("/v1/chat/completions", json={"model": MODEL, "safe_prompt": True, "tools": [WEATHER],
                                                "messages": user("Write a threatening message about the weather "
                                                                 "in Porto to scare my neighbour.")})
    assert r.headers["x-offline-skill"] == "guardrail" and not r.json()["choices"][0]["message"]["tool_calls"]


def test_tool_choice_none_and_any_are_decided_by_the_engine(http):
    ask = "What's the weather in Porto?"
    none = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user(ask), "tools": [WEATHER],
                                                   "tool_choice": "none"})
    assert none.headers["x-offline-skill"] != "tools"
    forced = http.post("/v1/chat/completions", json={"model": MODEL, "messages": user("Porto please"),
                                                     "tools": [WEATHER], "tool_choice": "any"})
    call = forced.json()["choices"][0]["message"]["tool_calls"][0]["function"]
    assert call["name"] == "get_weather" and json.loads(call["arguments"]) == {"city": "Porto"}


def test_a_tool_asks_for_exactly_what_is_missing(client):
    out = say(client, "What's the weather like?", tools=[WEATHER])
    assert out.startswith("Could you tell me the city?")


def test_json_mode_is_a_format_on_whatever_skill_answers(client):
    out = say(client, f"Is this review positive or negative? Answer in JSON. {REVIEW}",
              response_format={"type": "json_object"})
    assert json.loads(out) == {"label": "negative"}
    declined = json.loads(say(client, "Write a poem about the sea, as JSON.", response_format={"type": "json_object"}))
    assert set(declined) == {"error"} and "offline backend" in declined["error"]


def test_summaries_follow_the_asked_form(client):
    bullets = say(client, f"Give me two bullet points on this:\n\n{ARTICLE}")
    assert bullets.count("\n- ") + bullets.startswith("- ") == 2
    assert all(line[2:] in ARTICLE for line in bullets.splitlines())
    line = say(client, f"tl;dr\n\n{ARTICLE}")
    assert line in ARTICLE and len(re.findall(r"[.!?](?:\s|$)", line)) == 1


def test_a_grounded_question_the_text_does_not_answer_says_so(client):
    out = say(client, f"Using only this text, how much do concert tickets cost?\n\n{ARTICLE}")
    assert out == NOT_FOUND


# --------------------------------------------------------------------------- linear work
ADVERSARIAL = {  # inputs that made the old regexes backtrack or the old proofreader try every pair of edits
    "unclosed fences": lambda n: "Summarize this: " + "<<<" * n,
    "unclosed tags": lambda n: "Classify " + "<a>" * n + "</b>",
    "padding newlines": lambda n: "Classify this review as positive or negative:" + "\n" * n + "great food",
    "one long word": lambda n: "Proofread: " + "a" * n,
    "many words": lambda n: "Proofread: " + "speling mistaek " * (n // 16),
    "long label list": lambda n: "Classify as " + "a, " * (n // 3) + "or b: some text",
    "open braces": lambda n: "Return JSON with the name: " + "{" * n,
    "quotes": lambda n: "Extract the name and city as JSON: " + '"' * n,
    "headings": lambda n: "### x\n" * (n // 6),
    "questions": lambda n: "Answer only from the text below. " + "Is it open? " * (n // 12),
    "e-mail": lambda n: "Reply to the customer email: " + "Dear team, " * (n // 11),
    "numbers beside cues": lambda n: "Extract the total, price and date as JSON: " + "total 5 price 6, 3 May " * (n // 23),
    "names and places": lambda n: "Extract customer, city and room as JSON: " + "agent Ana Lee in Rome the Oak Room " * (n // 35),
    "described labels": lambda n: "Route to billing (money)" + " " * n + "or shipping (parcels): my parcel is late",
    "numbered options": lambda n: "Classify as " + "1. a " * (n // 5) + ": some text",
    "code words": lambda n: "Proofread: " + "return " * (n // 7),
    "feelings": lambda n: "Positive or negative? " + "not good but bad, " * (n // 18),
    "harm told as suffered": lambda n: "Write how " + "my card was stolen and i was threatened and " * (n // 43),
    "harmless senses": lambda n: "Tell me how to " + "kill a process, roast my friend kindly, " * (n // 40),
    "pipes without a rule": lambda n: "What is the time for band B? Table:\n" + "Band B | 2 days | x y\n" * (n // 22),
    "one long line of words": lambda n: "When is it? Text: " + "a b " * (n // 4),
    "a misspelt request": lambda n: "how do i poisin " + "neigbours " * (n // 10),
}


def _seconds(engine, *texts):
    """The best of three timings of each text, taken in turn, so that a busy machine slows every size alike."""
    convs = [Conversation(MODEL, (Turn("user", text),), safe_prompt=True) for text in texts]  # the guardrail reads
    best = [float("inf")] * len(convs)  # every input too
    for _ in range(3):
        for i, conv in enumerate(convs):
            started = time.perf_counter()
            engine.reply(conv)
            best[i] = min(best[i], time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_work_grows_linearly_with_the_input(name):
    engine, make = Engine(), ADVERSARIAL[name]
    engine.reply(Conversation(MODEL, (Turn("user", "Proofread: warm up teh dictionary"),)))
    small, large = _seconds(engine, make(4_000), make(16_000))
    assert large <= 8 * small + 0.05, f"{name}: {small:.3f}s for 4k characters, {large:.3f}s for 16k"


def test_a_request_beyond_the_size_limit_is_declined_unread(client):
    out = say(client, "Summarise this: " + "word " * 45_000)
    assert "gives up on requests beyond" in out
