"""Fine-tuning data in Mistral's instruct format: validate it line by line, count it, and repair what is safe.

    report = validate_training_file("data/finetune/train.jsonl")
    print(report)                       # every problem with its line number, then statistics

    python -m mistral_course.finetune_data validate FILE [--fix OUT]

Each line of a file is one conversation: {"messages": [...]} with optional "tools".
The course's own checks give each problem a plain explanation; a line that passes them
is then checked by mistral-common's validator in fine-tuning mode, whose findings are
reported as coming from mistral-common.
"""

from __future__ import annotations

import argparse
import copy
import functools
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROLES = {"system", "user", "assistant", "tool"}
OTHER_FORMATS = ("prompt", "completion", "text", "input", "output", "conversations", "instruction")
TOOL_ID = re.compile(r"^[A-Za-z0-9]{9}$")
EXAMPLE_PRICE_PER_MILLION = 1.0  # USD per million training tokens: an example figure, not a quote
CONTEXT_TOKENS = 32_768  # the context of Mistral's 7B models, whose v3 tokenizer counts the tokens here
LONGEST_TOKEN = 18  # characters in the v3 vocabulary's longest piece: a text of n characters is >= n / 18 tokens


@dataclass(frozen=True)
class Problem:
    line: int
    message: str
    source: str = "course"  # "course" or "mistral-common"

    def __str__(self) -> str:
        origin = " [mistral-common]" if self.source == "mistral-common" else ""
        return f"line {self.line}: {self.message}{origin}"


@dataclass
class Report:
    path: str
    problems: list[Problem] = field(default_factory=list)
    conversations: int = 0
    turns: int = 0
    tokens: int = 0
    price_per_million: float = EXAMPLE_PRICE_PER_MILLION

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def estimated_cost(self) -> float:
        return self.tokens / 1e6 * self.price_per_million

    def __str__(self) -> str:
        lines = [f"{self.path}: {len(self.problems)} problem(s)"]
        lines += [f"  {p}" for p in self.problems]
        lines.append(f"{self.conversations} valid conversations, {self.turns} turns, {self.tokens:,} tokens; "
                     f"estimated cost per epoch ${self.estimated_cost:.4f} at ${self.price_per_million:g} "
                     f"per million tokens (an example price)")
        return "\n".join(lines)


# --------------------------------------------------------------------------- the course's checks
def check_conversation(row, number: int) -> list[Problem]:
    """Every problem of one parsed line, each explained."""
    def problem(message):
        return Problem(number, message)

    if not isinstance(row, dict):
        return [problem("the line is JSON but not an object; write {\"messages\": [...]}")]
    others = [k for k in OTHER_FORMATS if k in row]
    if "messages" not in row:
        hint = f" (found {', '.join(others)}: convert it to messages)" if others else ""
        return [problem(f"no 'messages' list{hint}")]
    if others:
        return [problem(f"both 'messages' and {', '.join(repr(k) for k in others)}: keep only 'messages'")]
    messages = row["messages"]
    if not isinstance(messages, list) or not messages:
        return [problem("'messages' must be a non-empty list")]
    if not isinstance(row.get("tools") or [], list):
        return [problem("'tools' must be a list of tools")]

    found = []
    for tool in row.get("tools") or []:
        fn = tool.get("function") if isinstance(tool, dict) else None
        fn = fn if isinstance(fn, dict) else {}
        missing = [k for k in ("name", "description", "parameters") if k not in fn]
        if missing:
            found.append(problem(f"a tool is missing {', '.join(missing)}: each tool needs a function with "
                                 "a name, a description and JSON-schema parameters"))
    offered = {(t.get("function") or {}).get("name") for t in row.get("tools") or [] if isinstance(t, dict)
               and isinstance(t.get("function"), dict)}
    called_ids: list[str] = []  # every call id made so far, in order
    roles = []
    for i, m in enumerate(messages, start=1):
        if not isinstance(m, dict) or "role" not in m:
            found.append(problem(f"message {i} has no role"))
            roles.append(None)
            continue
        role = m["role"]
        roles.append(role if isinstance(role, str) else None)
        if not isinstance(role, str) or role not in ROLES:
            hint = " (legacy 'function' role: use 'tool'; --fix does this)" if role == "function" else ""
            found.append(problem(f"message {i} has unknown role {role!r}{hint}"))
            continue
        content, calls = m.get("content"), m.get("tool_calls")
        if content is not None and not isinstance(content, str):
            found.append(problem(f"message {i} ({role}): content must be a string, not a {type(content).__name__} "
                                 "(join a list of parts into one text)"))
            content = ""
        if "weight" in m and (isinstance(m["weight"], bool) or m["weight"] not in (0, 1)):
            found.append(problem(f"message {i}: weight must be 0 or 1 (the number, not {m['weight']!r})"))
        if role == "assistant" and content and calls:
            found.append(problem(f"message {i}: an assistant turn has both content and tool_calls; use one or the other"))
        if not (content and str(content).strip()) and not (role == "assistant" and calls):
            found.append(problem(f"message {i} ({role}) has empty content"))
        if role == "tool" and not m.get("tool_call_id"):
            found.append(problem(f"message {i}: a tool message needs the tool_call_id of the call it answers"))
        elif role == "tool" and m.get("tool_call_id") not in called_ids:
            found.append(problem(f"message {i}: tool_call_id {m.get('tool_call_id')!r} answers no call made before it"))
        if calls is not None and not isinstance(calls, list):
            found.append(problem(f"message {i}: tool_calls must be a list of calls, not {type(calls).__name__}"))
            calls = []
        for call in calls or []:
            call_id = call.get("id") if isinstance(call, dict) else None
            if not call_id or not TOOL_ID.match(str(call_id)):
                found.append(problem(f"message {i}: tool-call id {call_id!r} must be 9 letters or digits"))
            elif call_id in called_ids:
                found.append(problem(f"message {i}: tool-call id {call_id!r} is used twice; each call needs its own"))
            called_ids.append(call_id)
            function = call.get("function") if isinstance(call, dict) else None
            name = function.get("name") if isinstance(function, dict) else None
            if offered and name not in offered:
                found.append(problem(f"message {i}: calls {name!r}, which is not among the line's tools"))
            arguments = function.get("arguments") if isinstance(function, dict) else None
            if not isinstance(arguments, str):
                found.append(problem(f"message {i}: tool arguments must be a JSON string, not {type(arguments).__name__}"))
            else:
                try:
                    parsed = json.loads(arguments)
                except ValueError:
                    found.append(problem(f"message {i}: tool arguments are not valid JSON"))
                else:
                    if not isinstance(parsed, dict):
                        found.append(problem(f"message {i}: tool arguments must be a JSON object, as {{\"name\": value}}"))
    if roles.count("system") > 1:
        found.append(problem("more than one system message; merge them into the first"))
    found += _order_problems(roles, messages, problem)
    return found


def _order_problems(roles, messages, problem) -> list[Problem]:
    if any(r not in ROLES for r in roles):  # a missing or unknown role is reported already; order means little
        return []
    known = list(enumerate(roles, start=1))
    found = []
    if "system" in roles and roles.index("system") != 0:
        found.append(problem("the system message must come first"))
    chat = [(i, r) for i, r in known if r != "system"]
    if chat and chat[0][1] != "user":
        found.append(problem(f"message {chat[0][0]} is {chat[0][1]!r}, but the conversation must start with a user turn"))
    for (i, previous), (j, current) in zip(chat, chat[1:]):
        calls = messages[i - 1].get("tool_calls") if previous == "assistant" else None
        allowed = {"user": {"assistant"}, "assistant": {"tool"} if calls else {"user"},
                   "tool": {"tool", "assistant"}}[previous]
        if current not in allowed:
            found.append(problem(f"message {j} ({current}) cannot follow {previous}; expected "
                                 f"{' or '.join(sorted(allowed))}"))
            break
    if roles[-1] != "assistant":
        found.append(problem(f"the conversation ends with {roles[-1]!r}; it must end with an assistant turn "
                             "(the part the model learns)"))
    return found


# --------------------------------------------------------------------------- mistral-common, tokens
@functools.cache
def tokenizers():
    """Mistral's v3 tokenizer, twice: serving mode (for prompts) and fine-tuning mode (for full conversations)."""
    from mistral_common.protocol.instruct.validator import ValidationMode
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    serving, training = MistralTokenizer.v3(), MistralTokenizer.v3()
    training._chat_completion_request_validator._mode = ValidationMode.finetuning
    return serving, training


def without_weights(messages: list[dict]) -> list[dict]:
    """The messages as mistral-common reads them: the fine-tuning format's per-turn 'weight' left out."""
    return [{k: v for k, v in m.items() if k != "weight"} for m in messages]


def mistral_common_check(row, number: int, context: int = CONTEXT_TOKENS) -> tuple[list[Problem], int]:
    """mistral-common's fine-tuning validation of a line, and its token count with the v3 tokenizer;
    a conversation longer than the model's context is a problem too."""
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    too_long = f"the conversation is longer than the model's context of {context:,} tokens; shorten or split it"
    characters = sum(len(m["content"]) for m in row["messages"] if isinstance(m.get("content"), str))
    if characters > context * LONGEST_TOKEN:  # certainly too long: no need to tokenize megabytes
        return [Problem(number, too_long)], 0
    try:
        request = ChatCompletionRequest.from_openai(messages=without_weights(row["messages"]), tools=row.get("tools"))
        tokens = len(tokenizers()[1].encode_chat_completion(request).tokens)
    except Exception as exc:  # whatever mistral-common rejects is a finding about this line, never a crash
        first = (str(exc).splitlines() or [""])[0] or type(exc).__name__
        return [Problem(number, first, "mistral-common")], 0
    return ([Problem(number, f"{too_long} ({tokens:,} tokens)")] if tokens > context else []), tokens


def read_lines(text: str | bytes):
    """(line number, raw text, parsed row or None, problem or None) for each non-blank line.
    Lines end at newlines only, as in an editor; a file's bytes are decoded line by line, so a line
    that is not UTF-8 is reported with its number."""
    for number, raw in enumerate(text.split(b"\n" if isinstance(text, bytes) else "\n"), start=1):
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, "", None, Problem(number, f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at byte "
                                                        f"{exc.start + 1}); save the file as UTF-8")
                continue
        raw = raw.removesuffix("\r")
        if not raw.strip():
            continue
        try:
            yield number, raw, json.loads(raw), None
        except ValueError as exc:
            where = f" at column {exc.colno}" if isinstance(exc, json.JSONDecodeError) else ""
            yield number, raw, None, Problem(number, f"not valid JSON ({getattr(exc, 'msg', exc)}{where})")
        except RecursionError:
            yield number, raw, None, Problem(number, "not valid JSON (nested too deeply to read)")


def first_problem(text: str) -> Problem | None:
    """The first problem the course's checks find in a file's text (fast: no tokenizer), or None."""
    for number, _, row, not_json in read_lines(text):
        problems = [not_json] if not_json else check_conversation(row, number)
        if problems:
            return problems[0]
    return None


def validate_training_file(path, price_per_million: float = EXAMPLE_PRICE_PER_MILLION,
                           context: int = CONTEXT_TOKENS) -> Report:
    return validate_text(Path(path).read_bytes(), str(path), price_per_million, context)


def validate_text(text: str | bytes, name: str, price_per_million: float = EXAMPLE_PRICE_PER_MILLION,
                  context: int = CONTEXT_TOKENS) -> Report:
    """Every check, and the token count, of a training file's text or bytes (an uploaded file has no path)."""
    report = Report(name, price_per_million=price_per_million)
    for number, raw, row, not_json in read_lines(text):
        if not_json:
            report.problems.append(not_json)
            continue
        problems = check_conversation(row, number)
        if not problems:
            problems, tokens = mistral_common_check(row, number, context)
            report.tokens += tokens
        report.problems += problems
        if not problems:
            report.conversations += 1
            report.turns += len(row["messages"])
    return report


# --------------------------------------------------------------------------- repairs
def fix_conversation(row: dict, number: int) -> dict:
    """Repairs that need no guessing: legacy 'function' roles, missing tool-call ids, trailing non-assistant turns.
    Returns a repaired copy; `row` is left as it was."""
    row = copy.deepcopy(row)
    messages = row.get("messages")
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        return row  # nothing here is safe to repair
    pending: list[str] = []
    for k, m in enumerate(messages):
        if m.get("role") == "function":
            m["role"] = "tool"
        calls = m.get("tool_calls") if isinstance(m.get("tool_calls"), list) else []
        for c, call in enumerate(calls):
            if not isinstance(call, dict):
                continue
            if not call.get("id"):
                digest = hashlib.sha256(f"{number}:{k}:{c}".encode()).hexdigest()
                call["id"] = "".join(ch for ch in digest if ch.isalnum())[:9]
            pending.append(call["id"])
        if m.get("role") == "tool" and not m.get("tool_call_id") and pending:
            m["tool_call_id"] = pending.pop(0)
    while messages and messages[-1].get("role") != "assistant" and any(
            x.get("role") == "assistant" for x in messages):
        messages.pop()
    return {**row, "messages": messages}


def fix_training_file(path, out) -> tuple[int, int, list[Problem]]:
    """Write OUT with every line that is valid, or valid once repaired. Returns (kept, repaired, left out)."""
    kept, repaired, left_out, lines = 0, 0, [], []
    for number, raw, row, not_json in read_lines(Path(path).read_bytes()):
        if not_json:
            left_out.append(Problem(number, not_json.message + "; left out"))
            continue
        if not check_conversation(row, number):
            lines.append(raw)
            kept += 1
            continue
        fixed = fix_conversation(row, number) if isinstance(row, dict) else row
        remaining = check_conversation(fixed, number)
        if remaining:
            original = check_conversation(row, number)[:1] or remaining[:1]
            left_out += [Problem(p.line, p.message + "; left out") for p in original]
            continue
        lines.append(json.dumps(fixed, ensure_ascii=False))
        kept, repaired = kept + 1, repaired + 1
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return kept, repaired, left_out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mistral_course.finetune_data",
                                     description="Validate (and optionally repair) a fine-tuning JSONL file.")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="report every problem with its line number")
    validate.add_argument("file")
    validate.add_argument("--fix", metavar="OUT", help="also write the valid and repaired lines to OUT")
    validate.add_argument("--price", type=float, default=EXAMPLE_PRICE_PER_MILLION,
                          help="USD per million training tokens for the cost estimate")
    validate.add_argument("--context", type=int, default=CONTEXT_TOKENS,
                          help="the model's context in tokens: a longer conversation is a problem")
    args = parser.parse_args(argv)
    report = validate_training_file(args.file, args.price, args.context)
    print(report)
    if not args.fix:
        return 0 if report.ok else 1
    kept, repaired, left_out = fix_training_file(args.file, args.fix)
    print(f"\n{args.fix}: {kept} lines written ({repaired} repaired), {len(left_out)} left out")
    for p in left_out:
        print(f"  {p}")
    return 0 if validate_training_file(args.fix, context=args.context).ok else 1


if __name__ == "__main__":
    sys.exit(main())
