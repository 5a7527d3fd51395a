"""The offline backend on prompts written by others, in voices other than the lessons' (bench/learner_prompts.jsonl).

The floors are the figures this engine reaches, kept so they cannot slip back. They are below the issue's
targets (whole set right >= 85 %, wrong <= 2 %; frozen third right >= 75 %, wrong <= 3 %); the closing note
of each change says where they stand. Neither the frozen third nor the fresh set is ever used for tuning.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import learner_eval  # noqa: E402

# part: (least share right, most share wrong); about a point under the figures of 2 December 2026 (fifth
# session), after k1-k4 and c1-c4 were split into the frozen and tuning parts and the sealed b1-b4 sets were
# measured once and added to the fresh part: all 50.7 % right and 3.2 % wrong, frozen 49.0 / 5.1, fresh 51.7 / 5.8,
# held out 49.9 / 5.3.
FLOORS = {
    "all": (0.49, 0.042),
    "frozen third": (0.48, 0.061),
    "fresh set": (0.50, 0.068),
    "held out": (0.48, 0.063),
}
PARTS = {"all": lambda r: True, "frozen third": lambda r: r["frozen"], "fresh set": lambda r: r["fresh"],
         "held out": lambda r: r["frozen"] or r["fresh"]}


@pytest.fixture(scope="module")
def rows():
    from mistral_course.backend import course_api
    from mistral_course.offline import offline_http_client

    return learner_eval.evaluate(learner_eval.load(), offline_http_client(course_api()))


def test_the_set_is_large_varied_and_a_third_is_frozen():
    records = learner_eval.load()
    skills = {r["skill"] for r in records}
    split = {r["id"].split("-")[0] for r in records if r.get("frozen")}  # the sets with a frozen third
    first = [r for r in records if r["id"].split("-")[0] in split]
    frozen = [r for r in first if r.get("frozen")]
    assert len(first) >= 200 and len({r["id"] for r in records}) == len(records)
    assert {"classify", "json", "tools", "summarize", "grounded", "proofread", "reply_email", "small_talk",
            "guardrail", "decline"} <= skills
    assert 0.3 <= len(frozen) / len(first) <= 0.4 and {r["skill"] for r in frozen} == skills
    assert not any(r.get("frozen") and (r.get("fresh") or r.get("opened")) for r in records)


@pytest.mark.parametrize("part", list(FLOORS))
def test_floors(rows, part):
    group = [r for r in rows if PARTS[part](r)]
    shares = learner_eval.shares(group)
    least_right, most_wrong = FLOORS[part]
    assert shares["right"] >= least_right and shares["wrong"] <= most_wrong, learner_eval.table(rows)


def test_the_checks_can_fail():
    record = {"id": "t", "skill": "classify", "messages": [{"role": "user", "content": "x"}],
              "expect": {"label": "spam"}}
    assert learner_eval.outcome(record, {"status": 200, "skill": "classify", "content": "not spam",
                                         "tool_calls": []})[0] == "wrong"
    assert learner_eval.outcome(record, {"status": 200, "skill": "decline", "content": "no",
                                         "tool_calls": []})[0] == "declined"
    assert learner_eval.outcome(record, {"status": 200, "skill": "classify", "content": "Spam.",
                                         "tool_calls": []})[0] == "right"
    tools = {**record, "skill": "tools", "expect": {"tool_calls": [{"name": "f", "arguments": {"city": "Porto"}}]}}
    assert learner_eval.outcome(tools, {"status": 200, "skill": "tools", "content": "",
                                        "tool_calls": [{"name": "f", "arguments": {"city": "Lisbon"}}]})[0] == "wrong"


def test_a_misspelling_left_in_is_found_as_a_word():
    record = {"id": "t", "skill": "proofread", "messages": [{"role": "user", "content": "x"}],
              "expect": {"contains": ["Please"], "excludes": ["Pleas"]}}

    def answered(text):
        return learner_eval.outcome(record, {"status": 200, "skill": "proofread", "content": text, "tool_calls": []})[0]

    assert answered("Please send it.") == "right"
    assert answered("Please send it. Pleas call.") == "wrong"


def test_a_number_may_be_spelled_as_its_text_spells_it():
    record = {"id": "t", "skill": "grounded", "messages": [{"role": "user", "content": "x"}],
              "expect": {"contains": ["48"]}}
    answer = {"status": 200, "skill": "grounded", "tool_calls": []}
    assert learner_eval.outcome(record, {**answer, "content": "Forty-eight mice were assigned."})[0] == "right"
    assert learner_eval.outcome(record, {**answer, "content": "Forty mice were assigned."})[0] == "wrong"
    assert learner_eval.outcome(record, {**answer, "content": "Fourty-eight? No: 49 mice."})[0] == "wrong"
