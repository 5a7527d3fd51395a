"""The fine-tuning data validator: one fixture per problem, each found once on its line; --fix round trip."""

import json
from pathlib import Path

import pytest

from mistral_course.finetune_data import fix_training_file, main, validate_training_file

FIXTURES = Path(__file__).parent / "fixtures" / "finetune"
EXPECTED = {
    "not_json": "not valid JSON",
    "no_messages": "no 'messages' list",
    "messages_and_other_key": "both 'messages' and 'text'",
    "missing_role": "has no role",
    "unknown_role": "unknown role 'customer'",
    "empty_content": "empty content",
    "two_system_messages": "more than one system message",
    "wrong_order": "cannot follow user",
    "ends_with_user": "must end with an assistant turn",
    "content_and_tool_calls": "both content and tool_calls",
    "bad_tool_call_id": "must be 9 letters or digits",
    "arguments_not_string": "must be a JSON string",
    "tool_without_call_id": "needs the tool_call_id",
    "incomplete_tool": "a tool is missing description, parameters",
}


def test_every_problem_has_a_fixture():
    assert {p.stem for p in FIXTURES.glob("*.jsonl")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_gives_exactly_its_problem_on_line_2(name):
    report = validate_training_file(FIXTURES / f"{name}.jsonl")
    assert [(p.line, p.source) for p in report.problems] == [(2, "course")]
    assert EXPECTED[name] in report.problems[0].message
    assert report.conversations == 2 and report.tokens > 0


def test_mistral_common_findings_are_labelled(tmp_path):
    # a tool call with no matching tool result: the course's checks let it through, mistral-common does not
    row = {"messages": [{"role": "user", "content": "Status of T1?"},
                        {"role": "assistant", "tool_calls": [{"id": "Ab3dE6gH9", "type": "function",
                                                              "function": {"name": "f", "arguments": "{}"}}]},
                        {"role": "tool", "tool_call_id": "Zz9yY8xX7", "name": "f", "content": "{}"},
                        {"role": "tool", "tool_call_id": "Qq1wW2eE3", "name": "f", "content": "{}"},
                        {"role": "assistant", "content": "Done."}]}
    path = tmp_path / "calls.jsonl"
    path.write_text(json.dumps(row) + "\n")
    report = validate_training_file(path)
    assert [p.source for p in report.problems] == ["mistral-common"] and "line 1" in str(report)


def test_fix_repairs_what_is_safe_and_keeps_every_valid_line(tmp_path):
    good = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
    legacy = {"messages": [{"role": "user", "content": "Status of T7?"},
                           {"role": "assistant", "tool_calls": [{"type": "function",
                                                                 "function": {"name": "f", "arguments": "{}"}}]},
                           {"role": "function", "name": "f", "content": "{\"status\": \"Paid\"}"},
                           {"role": "assistant", "content": "T7 is paid."},
                           {"role": "user", "content": "Thanks!"}]}
    broken = '{"messages": ['
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([json.dumps(good), json.dumps(legacy), broken, json.dumps(good)]) + "\n")
    assert len(validate_training_file(source).problems) >= 3
    kept, repaired, left_out = fix_training_file(source, tmp_path / "out.jsonl")
    assert (kept, repaired, [p.line for p in left_out]) == (3, 1, [3])
    fixed = validate_training_file(tmp_path / "out.jsonl")
    assert fixed.ok and fixed.conversations == 3
    rows = [json.loads(l) for l in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert rows[0] == good and rows[2] == good
    call_id = rows[1]["messages"][1]["tool_calls"][0]["id"]
    assert rows[1]["messages"][2] == {"role": "tool", "name": "f", "content": "{\"status\": \"Paid\"}",
                                      "tool_call_id": call_id}
    assert rows[1]["messages"][-1]["role"] == "assistant"


def test_command_line(tmp_path, capsys):
    assert main(["validate", str(FIXTURES / "wrong_order.jsonl")]) == 1
    assert "line 2:" in capsys.readouterr().out
    assert main(["validate", str(FIXTURES / "wrong_order.jsonl"), "--fix", str(tmp_path / "o.jsonl")]) == 0
    assert "left out" in capsys.readouterr().out


def test_the_course_training_data_is_valid_and_large_enough():
    data = Path(__file__).resolve().parents[1] / "data" / "finetune"
    train, evaluation = validate_training_file(data / "train.jsonl"), validate_training_file(data / "eval.jsonl")
    assert train.ok and evaluation.ok
    assert train.conversations >= 150 and evaluation.conversations >= 30
    questions = lambda p: {json.loads(l)["messages"][-2]["content"] for l in p.read_text().splitlines()}
    assert not questions(data / "train.jsonl") & questions(data / "eval.jsonl")
