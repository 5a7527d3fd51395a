"""The fine-tuning data validator: one fixture per problem, each found once on its line; --fix round trip."""

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mistral_course.finetune_data import (CONTEXT_TOKENS, LONGEST_TOKEN, fix_conversation, fix_training_file, main,
                                          validate_text, validate_training_file)

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
    # two calls and one result: the course's checks let it through, mistral-common does not
    row = {"messages": [{"role": "user", "content": "Status of T1 and T2?"},
                        {"role": "assistant", "tool_calls": [
                            {"id": "Ab3dE6gH9", "type": "function", "function": {"name": "f", "arguments": "{}"}},
                            {"id": "Cd4eF7hI0", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                        {"role": "tool", "tool_call_id": "Ab3dE6gH9", "name": "f", "content": "{}"},
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


# --------------------------------------------------------------------------- bad input is reported, never a crash
USER, ANSWER = {"role": "user", "content": "Status of T1?"}, {"role": "assistant", "content": "T1 is paid."}
CALL = {"role": "assistant", "tool_calls": [{"id": "Ab3dE6gH9", "type": "function", "function": "f"}]}
MALFORMED = {
    "a tool whose function is null": ({"messages": [USER, ANSWER], "tools": [{"function": None}]},
                                      "a tool is missing name"),
    "tools that are not a list": ({"messages": [USER, ANSWER], "tools": 5}, "'tools' must be a list"),
    "a role given as a list": ({"messages": [{"role": ["user"], "content": "Hi"}, ANSWER]},
                               "unknown role ['user']"),
    "tool_calls that are a number": ({"messages": [USER, {"role": "assistant", "tool_calls": 5}]},
                                     "tool_calls must be a list"),
    "a tool call whose function is a string": ({"messages": [USER, CALL, {"role": "tool", "tool_call_id": "Ab3dE6gH9",
                                                                           "content": "{}"}, ANSWER]},
                                               "tool arguments must be a JSON string"),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_conversations_are_reported_on_their_line(name):
    row, expected = MALFORMED[name]
    text = "\n".join([json.dumps({"messages": [USER, ANSWER]}), json.dumps(row)])
    report = validate_text(text, "x.jsonl")
    assert [p.line for p in report.problems] == [2] and expected in report.problems[0].message
    assert report.conversations == 1


def test_a_file_that_is_not_utf8_is_reported_by_line(tmp_path):
    path = tmp_path / "latin1.jsonl"
    good = json.dumps({"messages": [USER, ANSWER]}).encode()
    path.write_bytes(good + b"\n" + json.dumps({"messages": [USER, ANSWER]}).replace("paid", "pay\u00e9").encode("latin-1")
                     + b"\n" + good + b"\n")
    report = validate_training_file(path)
    assert [p.line for p in report.problems] == [2] and "not UTF-8" in report.problems[0].message
    assert report.conversations == 2
    kept, repaired, left_out = fix_training_file(path, tmp_path / "out.jsonl")
    assert (kept, repaired, [p.line for p in left_out]) == (2, 0, [2])


def test_lines_end_only_at_newlines():
    # U+2028 is a line separator to str.splitlines(), but JSON allows it raw inside a string
    row = {"messages": [{"role": "user", "content": "Status of T1?\u2028Thanks"}, ANSWER]}
    report = validate_text(json.dumps(row, ensure_ascii=False) + "\r\n", "x.jsonl")
    assert report.ok and report.conversations == 1


def test_a_conversation_longer_than_the_context_is_a_problem():
    long = {"messages": [{"role": "user", "content": "word " * 400}, ANSWER]}
    report = validate_text(json.dumps({"messages": [USER, ANSWER]}) + "\n" + json.dumps(long), "x.jsonl", context=300)
    assert [p.line for p in report.problems] == [2] and "longer than the model's context of 300" in str(report)
    assert validate_text(json.dumps(long), "x.jsonl").ok  # the default context (32k tokens) holds it


def test_a_huge_line_is_reported_without_tokenizing_it():
    huge = {"messages": [{"role": "user", "content": "word " * (CONTEXT_TOKENS * LONGEST_TOKEN // 5 + 1)}, ANSWER]}
    report = validate_text(json.dumps(huge), "x.jsonl")
    assert [p.line for p in report.problems] == [1] and "longer than the model's context" in str(report)


def test_the_longest_token_bound_matches_the_tokenizer():
    from mistral_course.finetune_data import tokenizers

    pieces = tokenizers()[1].instruct_tokenizer.tokenizer._model
    assert max(len(pieces.id_to_piece(i)) for i in range(pieces.get_piece_size())) <= LONGEST_TOKEN


def test_fix_conversation_leaves_its_input_alone():
    row = {"messages": [USER, {"role": "assistant", "tool_calls": [{"type": "function",
                                                                    "function": {"name": "f", "arguments": "{}"}}]},
                        {"role": "function", "name": "f", "content": "{}"}, ANSWER, USER]}
    before = copy.deepcopy(row)
    fixed = fix_conversation(row, 1)
    assert row == before
    assert fixed["messages"][1]["tool_calls"][0]["id"] == fixed["messages"][2]["tool_call_id"]
    assert [m["role"] for m in fixed["messages"]] == ["user", "assistant", "tool", "assistant"]


def test_fix_leaves_out_a_non_object_message_and_explains_why(tmp_path, capsys):
    bad = {"messages": [USER, {"role": "function", "content": "{}"}, "a string where a message goes"]}
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([json.dumps({"messages": [USER, ANSWER]}), json.dumps(bad), "[1, 2]",
                                 json.dumps({"messages": [USER, ANSWER]})]) + "\n")
    assert main(["validate", str(source), "--fix", str(tmp_path / "out.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "2 lines written (0 repaired), 2 left out" in out and "line 2:" in out and "line 3:" in out


# --------------------------------------------------------------------------- property: any JSON line
def _json_values():
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=20)


def _messages():
    role = st.sampled_from(["system", "user", "assistant", "tool", "function", "bot"]) | _json_values()
    call = st.fixed_dictionaries({}, optional={
        "id": st.sampled_from(["Ab3dE6gH9", "", "x"]) | _json_values(), "type": st.just("function"),
        "function": st.fixed_dictionaries({}, optional={"name": st.text(max_size=8) | _json_values(),
                                                        "arguments": st.sampled_from(["{}", "{", "[]"])
                                                        | _json_values()}) | _json_values()})
    message = st.fixed_dictionaries({}, optional={
        "role": role, "content": st.text(max_size=30) | _json_values(),
        "tool_calls": st.lists(call | _json_values(), max_size=3) | _json_values(),
        "tool_call_id": st.sampled_from(["Ab3dE6gH9", ""]) | _json_values(), "name": st.text(max_size=8),
        "weight": _json_values()})
    return st.lists(message | _json_values(), max_size=5) | _json_values()


def _rows():
    tool = st.fixed_dictionaries({}, optional={"type": st.just("function"), "function": st.fixed_dictionaries(
        {}, optional={"name": st.text(max_size=8), "description": st.text(max_size=8),
                      "parameters": _json_values()}) | _json_values()})
    conversation = st.fixed_dictionaries({"messages": _messages()}, optional={
        "tools": st.lists(tool | _json_values(), max_size=2) | _json_values(), "text": _json_values()})
    return conversation | _json_values()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(rows=st.lists(_rows(), min_size=1, max_size=4),
       raw=st.lists(st.binary(max_size=20) | st.just(b"\xff{") | st.just(b"[" * 3000), max_size=2))
def test_any_json_lines_are_reported_never_crash(tmp_path_factory, rows, raw):
    lines = [json.dumps(row, ensure_ascii=False).encode() for row in rows] + raw
    path = tmp_path_factory.mktemp("any") / "in.jsonl"
    path.write_bytes(b"\n".join(lines))
    numbers = set(range(1, len(b"\n".join(lines).split(b"\n")) + 1))
    report = validate_training_file(path)
    assert all(isinstance(p.line, int) and p.line in numbers for p in report.problems)
    assert str(report).count("\n  line ") == len(report.problems)
    before = copy.deepcopy(rows)
    kept, repaired, left_out = fix_training_file(path, path.with_suffix(".out"))
    assert rows == before and all(p.line in numbers for p in left_out)
    assert validate_training_file(path.with_suffix(".out")).ok


def test_calls_results_weights_and_content_are_checked_against_each_other(tmp_path):
    call = {"id": "Ab3dE6gH9", "type": "function", "function": {"name": "get_status", "arguments": "{}"}}
    tools = [{"type": "function", "function": {"name": "get_status", "description": "Status.",
                                               "parameters": {"type": "object", "properties": {}}}}]
    rows = {
        "answers no call": {"messages": [{"role": "user", "content": "Status?"},
                                         {"role": "assistant", "tool_calls": [call]},
                                         {"role": "tool", "tool_call_id": "Zz9yY8xX7", "content": "{}"},
                                         {"role": "assistant", "content": "Done."}]},
        "used twice": {"messages": [{"role": "user", "content": "Status?"},
                                    {"role": "assistant", "tool_calls": [call, call]},
                                    {"role": "tool", "tool_call_id": "Ab3dE6gH9", "content": "{}"},
                                    {"role": "tool", "tool_call_id": "Ab3dE6gH9", "content": "{}"},
                                    {"role": "assistant", "content": "Done."}]},
        "not among the line's tools": {"tools": tools, "messages": [
            {"role": "user", "content": "Refund?"},
            {"role": "assistant", "tool_calls": [{**call, "function": {"name": "refund", "arguments": "{}"}}]},
            {"role": "tool", "tool_call_id": "Ab3dE6gH9", "content": "{}"}, {"role": "assistant", "content": "Done."}]},
        "must be a JSON object": {"messages": [
            {"role": "user", "content": "Status?"},
            {"role": "assistant", "tool_calls": [{**call, "function": {"name": "get_status", "arguments": "[1]"}}]},
            {"role": "tool", "tool_call_id": "Ab3dE6gH9", "content": "{}"}, {"role": "assistant", "content": "Done."}]},
        "weight must be 0 or 1": {"messages": [{"role": "user", "content": "Hi"},
                                               {"role": "assistant", "content": "Hello", "weight": "1"}]},
        "content must be a string": {"messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]},
                                                  {"role": "assistant", "content": "Hello"}]},
    }
    for expected, row in rows.items():
        path = tmp_path / "one.jsonl"
        path.write_text(json.dumps(row) + "\n")
        report = validate_training_file(path)
        assert any(expected in p.message for p in report.problems), (expected, [str(p) for p in report.problems])
