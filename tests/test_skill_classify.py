"""The classification skill reads any classification prompt: labels, fallback, examples, item.

Domains and wordings here are deliberately unlike lesson 01's bank prompt.
"""

import pytest

from conftest import user

MODEL = "mistral-small-latest"

AIRLINE = """Sort the passenger message between the triple backticks into one of these categories:
- baggage: lost, delayed or damaged luggage and suitcases
- refund: money back for a cancelled or unused flight ticket
- seat: choosing, changing or upgrading a seat on the plane
If none of them applies, answer "other".
Reply with the category name only.

```{message}```"""

SENTIMENT = """Label the sentiment of the review as one of: positive, negative, neutral.

Review: "The soup was lovely and the staff were so kind." -> positive
Review: "Cold food, rude waiter, never again." -> negative
Review: "It was a restaurant. We ate there." -> neutral

Review: {review}
Sentiment:"""


def answer(client, prompt):
    return client.chat.complete(model=MODEL, messages=user(prompt)).choices[0].message.content


def test_a_message_that_fits_no_listed_category_gets_the_quoted_fallback(client):
    assert answer(client, AIRLINE.format(message="Is the airport lounge open at night?")) == "other"


def test_a_decline_names_the_labels_it_read(client):
    out = answer(client, "Classify into baggage, refund or seat, please.")  # labels, but no message to classify
    assert "3 labels (baggage, refund, seat)" in out


@pytest.mark.parametrize("message, label", [
    ("My suitcase never showed up in Lisbon and nobody can tell me where it is.", "baggage"),
    ("The airline cancelled my flight; I want my money back for the ticket.", "refund"),
    ("Can I move to a window seat near the front of the plane?", "seat"),
])
def test_airline_messages(client, message, label):
    assert answer(client, AIRLINE.format(message=message)) == label


@pytest.mark.parametrize("review, label", [
    ("Wonderful evening, the staff were lovely and kind.", "positive"),
    ("Rude staff and cold food. Never again.", "negative"),
])
def test_sentiment_with_few_shot_examples(client, review, label):
    assert answer(client, SENTIMENT.format(review=review)) == label


def test_answer_is_always_one_of_the_labels(client):
    for message in ["hello?", "What is the meaning of life", "Tell me about your pets policy"]:
        assert answer(client, AIRLINE.format(message=message)) in {"baggage", "refund", "seat", "other"}


def test_a_prompt_without_labels_is_not_classification(client):
    text = answer(client, "Classify the following animals by size.")
    assert "not a language model" in text


def test_labels_in_the_system_prompt_and_examples_as_turns(client):
    messages = [
        {"role": "system", "content": "Tag each message with one of: praise, complaint, question. Otherwise answer other."},
        {"role": "user", "content": "Message: The new timetable is brilliant, thank you!"},
        {"role": "assistant", "content": "praise"},
        {"role": "user", "content": "Message: My train was late three days in a row and nobody apologised."},
        {"role": "assistant", "content": "complaint"},
        {"role": "user", "content": "Message: Your staff were wonderful and the trip was brilliant."},
    ]
    r = client.chat.complete(model=MODEL, messages=messages)
    assert r.choices[0].message.content == "praise"


def test_labels_in_a_json_object_are_read_and_fragments_are_no_labels():
    from mistral_course.offline.engine.classify import LABEL_SHAPE, read_json

    prompt = 'Classify it.\n```json\n{"labels": ["bug", "praise"], "feedback": {"text": "The app crashes on start."}}\n```'
    task = read_json(prompt)
    assert task.labels == ["bug", "praise"] and task.item == "The app crashes on start."
    assert not any(LABEL_SHAPE.match(l) for l in ("---", '["bug"', "Ticket #88213", "x" * 41))
    assert all(LABEL_SHAPE.match(l) for l in ("P1", "high priority", "order_status enquiry"))


@pytest.mark.parametrize("prompt", [
    "How long is my return ticket valid?\n\nAnytime Single / Return: travel at any time. Returns are valid for one "
    "calendar month.\n\nAdvance: valid only on the train booked.",
    "Can I get in free on a Tuesday?\n\nOpening times: The gallery opens at 10:00. Entry is free on Mondays or "
    "Fridays for residents.",
    "Context (boiler log, March):\n\nUnit A failed twice. Unit B failed once.\n\nQuestion: Which unit failed most?",
])
def test_a_list_the_pasted_text_tells_is_no_set_of_labels(client, prompt):
    r = client.chat.complete(model=MODEL, messages=user(prompt))
    assert r.choices[0].message.content not in ("Single", "Return", "Mondays", "Fridays", "boiler log", "March")


@pytest.mark.parametrize("prompt, label", [
    ("urgent or not urgent: 'server room aircon is down, temp at 38C and rising'", "urgent"),
    ("Tell me whether this review is positive or negative: 'Lovely staff, great food, we will be back.'", "positive"),
])
def test_labels_the_learner_offers_are_still_read(client, prompt, label):
    assert answer(client, prompt) == label
