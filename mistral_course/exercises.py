"""Checks for the lessons' exercises.

Each check returns True or False and prints why: on success it may confirm the number, on failure it
never prints the expected answer, only a hint at what was probably missed. A second wrong try of the
same exercise adds a more specific hint.
"""

from __future__ import annotations

import re
from pathlib import Path

from .reply_text import text_of

_wrong_tries: dict[str, int] = {}


def _passed(exercise: str, message: str) -> bool:
    _wrong_tries.pop(exercise, None)
    print("✅ " + message)
    return True


def _failed(exercise: str, hint: str, more: str = "") -> bool:
    """Print a hint; from the second wrong try of the same exercise on, add the more specific one."""
    _wrong_tries[exercise] = _wrong_tries.get(exercise, 0) + 1
    print("❌ " + hint + (f"\n   Another hint: {more}" if more and _wrong_tries[exercise] > 1 else ""))
    return False


def _direction(yours, want) -> str:
    """Which way a wrong number is off, without giving the right one."""
    return "too many" if yours > want else "too few"


def _is_whole_number(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _call(exercise: str, function, *args):
    """Run a learner's function; (True, result), or (False, None) after printing what it raised."""
    try:
        return True, function(*args)
    except Exception as exc:  # the learner's code: say what it raised instead of a traceback
        _failed(exercise, f"Your function raised {type(exc).__name__}: {exc}. Run it on its own to see where.")
        return False, None


# --------------------------------------------------------------------------- lesson 00
def check_prompt_tokens(your_count, messages, model="mistral-small-latest", client=None) -> bool:
    """Exercise 00.1: count a conversation's prompt tokens yourself, with the model's tokenizer."""
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    from .offline import resources
    from .offline.tokenizer_map import choice_for

    request = ChatCompletionRequest.from_openai(messages=messages, model=model)
    expected = len(resources.tokenizer_for(model).encode_chat_completion(request).tokens)
    choice = choice_for(model)
    how = ("Count the whole request with the tokenizer of this model, found from the model's name, as the lesson's "
           "cell on the chat template did; a fixed tokenizer version can be another model's.")
    if not _is_whole_number(your_count):
        return _failed("00.1", f"Expected a whole number of tokens, got {type(your_count).__name__}.")
    other = _other_version_count(your_count, request, choice)
    if other:
        return _failed("00.1", f"You counted {your_count}: the count of tokenizer {other}, but {model} uses "
                               "another version. Which tokenizer does this model use?", how)
    if your_count < expected:
        return _failed("00.1", f"You counted {your_count}: too few. Did you count the whole chat template, "
                               "its control tokens (<s>, [INST], [/INST], [SYSTEM_PROMPT] …) as well as the text "
                               "of every message?", how)
    if your_count > expected:
        return _failed("00.1", f"You counted {your_count}: too many. The tokens of encode_chat_completion already "
                               "include the template's control tokens: did you add them a second time, or count "
                               "each message separately (the template has one <s> for the whole chat)?", how)
    counted = f"{expected} tokens with tokenizer {choice.version}"
    if client is None:
        return _passed("00.1", f"{counted}, the version the course maps {model} to.")
    usage = client.chat.complete(model=model, messages=messages).usage.prompt_tokens
    if usage == expected:
        return _passed("00.1", f"{counted}, and the API's usage.prompt_tokens agrees.")
    source = ("Mistral documents that version for this model, so the API counts something the template does not "
              "show" if choice.documented else "Mistral does not publish this model's version, and the course's "
              "guess is wrong for it")
    return _passed("00.1", f"{counted}: your count is right for that tokenizer. The API reports {usage}: {source}.")


def _other_version_count(count, request, choice) -> str | None:
    """The other tokenizer versions that count `count` tokens for this request ('v2 or v3'), if any does."""
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    found = []
    for version in ("v1", "v2", "v3", "v7"):
        if version == choice.version:
            continue
        try:
            if len(getattr(MistralTokenizer, version)().encode_chat_completion(request).tokens) == count:
                found.append(version)
        except Exception:  # a version that can't encode this request (tools, a system prompt) is no candidate
            continue
    return ", ".join(found[:-1]) + " or " + found[-1] if len(found) > 1 else (found[0] if found else None)


def check_truncated(response, max_tokens=5) -> bool:
    """Exercise 00.2: get an answer cut off after exactly `max_tokens` tokens."""
    if not getattr(response, "choices", None) or getattr(response, "usage", None) is None:
        return _failed("00.2", f"This is a {type(response).__name__}, not the response chat.complete returns: pass "
                               "the whole response (its choices and usage say whether and where it was cut).")
    choice = response.choices[0]
    used = response.usage.completion_tokens
    if choice.finish_reason != "length" and used < max_tokens:
        return _failed("00.2", f"The answer ended by itself after {used} tokens, under the limit of {max_tokens}: "
                               "nothing was left to cut. Ask for something longer.")
    if choice.finish_reason != "length":
        return _failed("00.2", f"finish_reason is '{choice.finish_reason}', not 'length': the answer was not cut. "
                               "Which argument of chat.complete limits the answer's length?",
                       "Look at chat.complete's arguments: one of them is a number of tokens.")
    if response.usage.completion_tokens != max_tokens:
        return _failed("00.2", f"The answer was cut, but after {response.usage.completion_tokens} tokens, "
                               f"not {max_tokens}.")
    return _passed("00.2", f"Cut after {max_tokens} tokens, and finish_reason says so.")


# --------------------------------------------------------------------------- lesson 01
CATEGORIES = ["card arrival", "change pin", "exchange rate", "country support", "cancel transfer",
              "charge dispute", "customer service"]


def _inquiries():
    import csv

    from .paths import DATA

    path = DATA / "bank_inquiries.csv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


OFFLINE_DECLINE = "The offline backend"  # how every honest "I can't" of the offline backend begins


def check_classification_prompt(template: str, client, model="mistral-small-latest", target=0.7) -> bool:
    """Exercise 01.1: a prompt template with {inquiry} that classifies every second inquiry of our set."""
    if not isinstance(template, str) or "{inquiry}" not in template:
        return _failed("01.1", "Your template needs the placeholder {inquiry} where the customer's text goes.")
    try:
        template.format(inquiry="")
    except (KeyError, IndexError, ValueError) as exc:
        return _failed("01.1", f"template.format(inquiry=...) fails ({type(exc).__name__}: {exc}): str.format "
                               "reads every {…} as a placeholder. Write a literal brace twice, {{ and }}, "
                               "and keep {inquiry} single.")
    rows = _inquiries()[1::2]
    answers = [text_of(client.chat.complete(model=model, messages=[{"role": "user",
                                                                   "content": template.format(inquiry=r["inquiry"])}])
                       ).strip() for r in rows]
    stray = [a for a in answers if a not in CATEGORIES and not a.startswith(OFFLINE_DECLINE)]
    if stray:
        return _failed("01.1", f"{len(stray)} answers were not exactly a category, for example {stray[0][:60]!r}. "
                               "Ask for the category only, and list the categories exactly.",
                       "Spell the seven categories as the check wants them (see CATEGORIES in "
                       "mistral_course.exercises), say which one is the fallback, and end with the inquiry.")
    accuracy = sum(a == r["category"] for a, r in zip(answers, rows)) / len(rows)
    declined = sum(a.startswith(OFFLINE_DECLINE) for a in answers)
    unsure = f" ({declined} declined by the offline backend as unsure: they count as misses)" if declined else ""
    if declined == len(answers):
        return _failed("01.1", "The offline backend declined every inquiry: your template did not read to it as "
                               "a choice among the seven categories.",
                       "List the seven categories, one per line, and say which one is the fallback.")
    if accuracy < target:
        return _failed("01.1", f"{accuracy:.0%} correct{unsure}; aim for {target:.0%}. Try a one-line description "
                               "per category, or an example of each.",
                       "Print the inquiries you got wrong and ask what word in them pulled the answer away.")
    return _passed("01.1", f"{accuracy:.0%} of {len(rows)} inquiries classified correctly{unsure}.")


def _figures(text: str) -> list[tuple[float, bool]]:
    """Every number in a text, as (value, followed by a percent sign)."""
    import re

    return [(float(n.replace(",", "")), bool(p))
            for n, p in re.findall(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(%?)", text)]


def check_reply_email(prompt: str, client, customer: str, signature: str, facts: str, product: str,
                      model: str = "mistral-small-latest") -> bool:
    """Exercise 01.2: a prompt whose reply, from the model, greets the customer, quotes the asked rate and nothing
    but the facts, and is signed as asked. `product` names the facts' line the customer asked about. The check
    sends the prompt itself, so the reply it judges is the model's, not one typed by hand."""
    if not isinstance(prompt, str) or not prompt.strip():
        return _failed("01.2", "Write your prompt in my_prompt: a string with the facts and the customer's email.")
    email = text_of(client.chat.complete(model=model, messages=[{"role": "user", "content": prompt}]))
    verdict = _judge_reply(email, customer, signature, facts, product)
    if email.strip():
        print("\nThe reply to your prompt:\n\n" + email.strip())
    return verdict


RUDE = re.compile(r"\b(?:stupid|idiot\w*|dumb|ridiculous|pathetic|useless|shut up|your (?:own )?problem|whatever|obviously"
                  r"|can'?t you read|get lost|stop wasting|clueless|moron\w*)\b", re.I)


def _judge_reply(email: str, customer: str, signature: str, facts: str, product: str) -> bool:
    lines = (email or "").strip().splitlines()
    if not lines:
        return _failed("01.2", "The reply is empty: the model sent back no text for your prompt.")
    problems = []
    if customer not in lines[0]:
        problems.append(f"the first line should greet {customer}")
    if not lines[-1].strip().endswith(signature):
        problems.append(f"it should end with the signature {signature!r}")
    known = _figures(facts)
    invented = [f"{v:g}{'%' if pct else ''}" for v, pct in _figures(email)
                if not any(abs(v - k) < 1e-9 and (not pct or kpct) for k, kpct in known)]
    if invented:
        problems.append(f"these figures are not in the facts: {', '.join(invented)}")
    from .offline.engine.text import language

    if language(email) != "english":
        problems.append(f"it should be written in English, as the customer wrote (it reads as {language(email)})")
    rude = RUDE.search(email)
    if rude:
        problems.append(f"it should be friendly: {rude.group(0)!r} is not")
    line = next((f for f in facts.splitlines() if f.split(":")[0].strip() == product), None)
    asked = [v for v, pct in _figures(line or "") if pct][:1]
    if not asked or not any(abs(v - asked[0]) < 1e-9 and pct for v, pct in _figures(email)):
        problems.append(f"it does not quote the {product}'s interest rate from the facts")
    if problems:
        return _failed("01.2", "Not yet: " + "; ".join(problems) + ".",
                       "Put the facts in the prompt, say to use nothing else, and say how to greet and sign.")
    return _passed("01.2", f"Greets {customer}, quotes the rate asked for and nothing but the facts, signed as asked.")


# --------------------------------------------------------------------------- lesson 02
TRANSFER_TEXT = "Please send 250 EUR to Marta Silva today, it is urgent."


def check_transfer_schema(schema: dict, client, model="mistral-small-latest") -> bool:
    """Exercise 02.1: a JSON Schema for a transfer request (amount, currency, recipient, urgent)."""
    import json

    import jsonschema

    if not isinstance(schema, dict):
        return _failed("02.1", f"A JSON Schema is a dict; yours is a {type(schema).__name__}.")
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        return _failed("02.1", f"That is not a valid JSON Schema: {exc.message}")
    props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
    required = set(schema.get("required", []))
    wanted = {"amount": ("number", "integer"), "currency": ("string",), "recipient": ("string",), "urgent": ("boolean",)}
    problems = [f"'{k}' is not yet required with type {' or '.join(t)}" for k, t in wanted.items()
                if k not in required or not isinstance(props.get(k), dict) or props[k].get("type") not in t]
    if schema.get("type") != "object":
        problems.append("the schema itself does not yet say \"type\": \"object\"")
    codes = (props.get("currency") or {}).get("enum")
    if not isinstance(codes, list) or len(codes) < 2 or not all(isinstance(c, str) and re.fullmatch(r"[A-Z]{3}", c)
                                                                 for c in codes):
        problems.append("'currency' is not yet an enum of several currency codes (three capital letters each)")
    if problems:
        return _failed("02.1", "Not yet: " + "; ".join(problems) + ".",
                       "Each property is a dict such as {\"type\": \"boolean\"}; the names go in the list "
                       "\"required\", next to \"properties\".")
    fmt = {"type": "json_schema", "json_schema": {"name": "transfer", "schema": schema, "strict": True}}
    try:
        reply = client.chat.complete(model=model, messages=[{"role": "user", "content": TRANSFER_TEXT}],
                                     response_format=fmt)
        value = json.loads(text_of(reply))
        if isinstance(value, dict) and set(value) == {"error"}:  # the backend said why it gave no value
            raise ValueError(str(value["error"]))
        jsonschema.validate(value, schema)
    except Exception as exc:  # the API's refusal, text that is not JSON, or an answer outside the schema
        why = getattr(exc, "message", None) or str(exc).splitlines()[0]
        return _failed("02.1", f"The schema is valid, but the extraction of \"{TRANSFER_TEXT}\" with it failed "
                               f"({why}). Can every value that text gives be written the way your schema allows?",
                       "Read the text word by word: which of its values would your enum refuse?")
    read = {"amount": value.get("amount") == 250, "currency": value.get("currency") == "EUR",
            "recipient": "Marta Silva" in str(value.get("recipient")), "urgent": value.get("urgent") is True}
    wrong = [k for k, ok in read.items() if not ok]
    if wrong:
        return _failed("02.1", f"The answer fits your schema, but {', '.join(f'{k}={value.get(k)!r}' for k in wrong)} "
                               f"is not what \"{TRANSFER_TEXT}\" says. A strict schema makes the model choose among "
                               "the values you allow: does yours allow the right one?")
    return _passed("02.1", f"A valid schema, and the answer read from the text fits it: {value}")


def check_field_accuracy(your_function, predictions: list[dict], gold: list[dict]) -> bool:
    """Exercise 02.2: your_function(predictions, gold) -> {field: share of records where the prediction
    equals the gold value}. Tried on the lesson's notes, then on made-up records."""
    if not callable(your_function):
        return _failed("02.2", "Pass a function, my_field_accuracy(predictions, gold), that computes the dict: "
                               "the check also runs it on other records, so a typed-in answer cannot pass.")
    made_up = ([{"a": 1, "b": "x"}, {"a": 2, "b": "y"}, {"a": 3, "b": "y"}, {"a": 0, "b": "z"}],
               [{"a": 1, "b": "y"}, {"a": 2, "b": "y"}, {"a": 4, "b": "y"}, {"a": 0, "b": "y"}])
    nulls = ([{"a": None, "b": "x"}, {"a": 2, "b": None}, {"a": None, "b": "y"}],  # null is a value: right when the
             [{"a": None, "b": "x"}, {"a": 3, "b": "y"}, {"a": 5, "b": None}])   # gold is null too, else wrong
    for where, (preds, golds) in [("the lesson's notes", (predictions, gold)), ("other records", made_up),
                                  ("records with nulls", nulls)]:
        ran, yours = _call("02.2", your_function, preds, golds)
        if not ran:
            return False
        if not isinstance(yours, dict):
            return _failed("02.2", f"Your function should return a dict {{field: accuracy}}, not a {type(yours).__name__}.")
        fields = sorted({k for g in golds for k in g})
        want = {f: sum(p.get(f) == g.get(f) for p, g in zip(preds, golds)) / len(golds) for f in fields}
        wrong = [f for f in fields if not isinstance(yours.get(f), (int, float)) or abs(yours[f] - want[f]) > 1e-9]
        if wrong:
            return _failed("02.2", f"On {where}, check {', '.join(wrong)}: count the records where the prediction "
                                   "equals the gold value, then divide by the number of records.",
                           "Compare prediction and gold record by record (zip them), field by field, and give "
                           "every field of the gold records a value between 0 and 1.")
    return _passed("02.2", "Every field's accuracy is right, on the lesson's notes and on other records.")


# --------------------------------------------------------------------------- lesson 03
def check_top_k_routing(your_function) -> bool:
    """Exercise 03.1: your_function(logits, k) -> (chosen experts (tokens, k), weights (tokens, k))."""
    import torch

    from .moe import MoeLayer

    torch.manual_seed(7)
    layer = MoeLayer(8, 8, num_experts=6, top_k=2)
    x = torch.randn(20, 8)
    logits, _, _ = layer.route(x)
    for k in (2, 3):
        ran, result = _call("03.1", your_function, logits.detach(), k)
        if not ran:
            return False
        if not (isinstance(result, tuple) and len(result) == 2):
            return _failed("03.1", "Return two tensors: (chosen, weights).")
        chosen, weights = (torch.as_tensor(t) for t in result)
        ref = torch.topk(logits.detach(), k, dim=-1)
        if tuple(chosen.shape) != (20, k) or tuple(weights.shape) != (20, k):
            return _failed("03.1", f"For k={k}, chosen and weights should both have shape (20, {k}), not "
                                   f"{tuple(chosen.shape)} and {tuple(weights.shape)}.")
        if not torch.equal(torch.sort(chosen, dim=-1).values, torch.sort(ref.indices, dim=-1).values):
            return _failed("03.1", f"For k={k} you picked other experts than the {k} highest logits.",
                           "torch.topk(logits, k, dim=-1) gives the values and the indices of the k highest.")
        if not torch.allclose(weights.sum(dim=-1), torch.ones(20), atol=1e-5):
            return _failed("03.1", "Each token's weights should add up to 1: a softmax over its k chosen logits.",
                           "Take the softmax of the k values topk returns, not of all the logits.")
        expected = torch.softmax(ref.values, dim=-1)
        order = torch.argsort(chosen, dim=-1)
        if not torch.allclose(torch.gather(weights, 1, order),
                              torch.gather(expected, 1, torch.argsort(ref.indices, dim=-1)), atol=1e-5):
            return _failed("03.1", "The weights should be a softmax over the chosen logits only, in the order "
                                   "of the chosen experts.")
    return _passed("03.1", "Top-k routing is right for k=2 and k=3.")


def check_active_parameters(your_count, config) -> bool:
    """Exercise 03.2: the parameters one token uses in a MoE model of your choice."""
    from .moe import parameter_count

    want, total = parameter_count(config, active=True), parameter_count(config)
    c = config
    more = ("List every weight one token passes through in a layer (the attention's four projections, the norms, "
            "the router, the experts it is sent to), then the ones used once for the whole model; write each one's "
            "shape from the config's fields (print the model's named parameters to compare), and add them up.")
    if not _is_whole_number(your_count):
        return _failed("03.2", f"Expected a whole number of parameters, got {type(your_count).__name__}.")
    if your_count == want:
        return _passed("03.2", f"{want:,} active parameters out of {total:,}.")
    missing = want - your_count
    if your_count == total:
        hint = "That is the total: a token uses only top_k experts per layer."
    elif missing == c.n_layers * c.dim * c.num_experts:
        hint = "Almost: the router is missing, a dim x num_experts matrix in every layer that every token uses."
    elif missing in (c.n_layers * 2 * c.dim, c.n_layers * 2 * c.dim + c.dim, c.dim):
        hint = "Almost: the RMSNorm weights are missing, two of size dim in every layer and one at the end."
    elif missing in (c.n_layers * (2 * c.dim + c.dim * c.num_experts) + c.dim,
                     c.n_layers * (2 * c.dim + c.dim * c.num_experts)):
        hint = ("Almost: the norms and the router are missing (the lesson's breakdown left them out as small): "
                "every token uses both, in every layer.")
    elif missing == c.vocab_size * c.dim:
        hint = "Almost: the embedding and the output layer are two separate vocab_size x dim matrices; count both."
    else:
        hint = ("Per layer a token uses the attention, the norms, the router and top_k experts' feed-forwards; "
                "the embeddings and the output layer count once.")
    return _failed("03.2", f"You have {your_count:,}: {_direction(your_count, want)}. {hint}", more)


# --------------------------------------------------------------------------- lesson 04
AMOUNT_WORDS = re.compile(r"\b(?:amount|how much|sum|price|cost|money|value|total)", re.I)


def check_third_tool(tools: list[dict], functions: dict, client, model="mistral-small-latest") -> bool:
    """Exercise 04.1: a retrieve_payment_amount tool that works end to end, next to the two others."""
    from .tools import run_tools

    named = {t.get("function", {}).get("name"): t for t in tools if isinstance(t, dict)}
    spec = named.get("retrieve_payment_amount", {}).get("function")
    if spec is None:
        return _failed("04.1", "Add a tool whose function is named 'retrieve_payment_amount' to `tools`.")
    description = spec.get("description") or ""
    if not AMOUNT_WORDS.search(description) or len(description.split()) < 4:
        return _failed("04.1", "The model picks a tool by its description: say in a sentence what it returns "
                               "(the amount of a payment) and what it needs.",
                       "Compare with the two tools above: a verb, what it gives back, and for what.")
    params = spec.get("parameters", {})
    if (params.get("properties", {}).get("transaction_id", {}).get("type") != "string"
            or "transaction_id" not in params.get("required", [])):
        return _failed("04.1", "The tool needs a required parameter 'transaction_id' of type string.")
    if "retrieve_payment_amount" not in functions:
        return _failed("04.1", "Add your Python function to `functions` under 'retrieve_payment_amount'.")
    try:
        result = functions["retrieve_payment_amount"](transaction_id="T1005")
    except Exception as exc:  # the learner's function
        return _failed("04.1", f"retrieve_payment_amount(transaction_id='T1005') raised {type(exc).__name__}: {exc}.")
    if not isinstance(result, dict):
        return _failed("04.1", f"Your function returned a {type(result).__name__}: return a dict such as "
                               "{'amount': ...}, so that the model reads a named field, not a bare value.")
    values = [v for v in result.values() if isinstance(v, (int, float, str))]
    if not any(_same_number(v, 210.2) for v in values):
        return _failed("04.1", "Your function's dict for T1005 does not hold that payment's amount from the "
                               "transactions table.", "Look the row up by transaction_id and return its payment_amount.")
    for row in _transactions():  # every row, so that a function that only knows T1005 does not pass
        try:
            other = functions["retrieve_payment_amount"](transaction_id=row["transaction_id"])
        except Exception as exc:  # the learner's function
            return _failed("04.1", f"retrieve_payment_amount(transaction_id={row['transaction_id']!r}) raised "
                                   f"{type(exc).__name__}: {exc}.")
        found = [v for v in (other.values() if isinstance(other, dict) else []) if isinstance(v, (int, float, str))]
        if not any(_same_number(v, float(row["payment_amount"])) for v in found):
            return _failed("04.1", f"For {row['transaction_id']} your function does not return that payment's "
                                   "amount: does it look the row up, or does it only know T1005?",
                           "Look the row up by transaction_id and return its payment_amount.")
    answer, messages = run_tools(client, [{"role": "user", "content": "How much was payment T1005?"}],
                                 tools, functions, model=model)
    used = [c["function"]["name"] for m in messages for c in m.get("tool_calls", [])]
    if "retrieve_payment_amount" not in used or "210.2" not in answer:
        return _failed("04.1", f"Not yet. Tools called: {used or 'none'}; answer: {answer!r}. The model should call "
                               "your tool and answer with the amount it returns.")
    return _passed("04.1", f"The model called your tool and answered: {answer}")


def _transactions() -> list[dict]:
    import csv

    from .paths import DATA

    with (DATA / "transactions.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _same_number(value, number: float) -> bool:
    try:
        return abs(float(value) - number) < 1e-9
    except (TypeError, ValueError):
        return False


def check_safe_call(your_call_tool) -> bool:
    """Exercise 04.2: your_call_tool(name, arguments_json, tools, functions) never raises, refuses every bad
    call with {"error": ...} before running anything, and runs good calls. The check brings its own tools."""
    ran_with = []

    def retrieve_payment_status(transaction_id):
        ran_with.append(transaction_id)
        if transaction_id == "T0000":  # the tool itself fails: the caller must still not raise
            raise LookupError("the payments database is not answering")
        return {"status": "Paid"}

    schema = {"type": "object", "properties": {"transaction_id": {"type": "string"}},
              "required": ["transaction_id"], "additionalProperties": False}
    tools = [{"type": "function", "function": {"name": "retrieve_payment_status", "description": "Payment status.",
                                               "parameters": schema}}]
    def refund_payment(transaction_id):  # in `functions`, but never offered to the model in `tools`
        ran_with.append(transaction_id)
        return {"refunded": True}

    functions = {"retrieve_payment_status": retrieve_payment_status, "refund_payment": refund_payment}
    cases = [("retrieve_payment_status", '{"transaction_id": "T1001"}', None),
             ("retrieve_payment_status", '{"transaction_id": "__import__(\'os\')"}', None),  # only a string
             ("delete_all_payments", "{}", "a function that is not in `tools`"),
             ("retrieve_payment_status", "{transaction_id: T1001}", "arguments that are not JSON"),
             ("retrieve_payment_status", '{"transaction_id": "T100" + "1"}', "arguments that are Python, not JSON"),
             ("retrieve_payment_status", "[1, 2]", "arguments that are not a JSON object"),
             ("retrieve_payment_status", '{"transaction_id": 1001}', "a number where the schema wants a string"),
             ("retrieve_payment_status", '{"transaction_id": "T1001", "all": true}', "an argument the schema "
                                                                                       "does not have"),
             ("retrieve_payment_status", "{}", "a missing required argument"),
             ("retrieve_payment_status", '{"transaction_id": "T0000"}', "a tool that fails while it runs"),
             ("refund_payment", '{"transaction_id": "T1001"}', "a function you have but did not offer in `tools`")]
    for name, arguments, bad in cases:
        ran_with.clear()
        try:
            result = your_call_tool(name, arguments, tools, functions)
        except Exception as exc:
            where = " The tool itself raised it: the call of the function needs its own try." if bad and \
                "fails while it runs" in bad else ""
            return _failed("04.2", f"{name}({arguments}) raised {type(exc).__name__}: return {{'error': ...}} "
                                   f"instead.{where}")
        if not isinstance(result, dict):
            return _failed("04.2", f"{name}({arguments}) returned a {type(result).__name__}; return a dict.")
        if bad is None:
            if result != {"status": "Paid"} or not ran_with:
                return _failed("04.2", f"{name}({arguments}) is a good call: run the function and return its "
                                       f"result, not {result!r}.")
            continue
        if "Python" in bad and "error" not in result:
            return _failed("04.2", f"{name}({arguments}) is not JSON, yet your function ran it: are you evaluating "
                                   "the arguments as Python (eval)? Never run a model's text as code: json.loads.")
        if "fails while it runs" in bad:
            if "error" not in result:
                return _failed("04.2", f"For {bad}, return {{'error': ...}}, not {result!r}.")
            continue
        if ran_with:
            return _failed("04.2", f"For {bad} ({arguments}), your function still called {name}: refuse the call "
                                   "before running it.",
                           "jsonschema.validate(arguments, the tool's parameters) raises for every such call.")
        if "error" not in result:
            return _failed("04.2", f"For {bad} ({arguments}), return {{'error': ...}}, not {result!r}.")
    return _passed("04.2", "Every bad call became an error result before anything ran, and good calls ran.")


# --------------------------------------------------------------------------- lesson 05
def check_overlap_chunker(your_function) -> bool:
    """Exercise 05.1: your_function(text, size, overlap) -> chunks of at most `size` characters,
    whole words only, each overlapping the previous one, covering the whole text in order."""
    text = " ".join(f"{'Kw' if i % 3 == 0 else 'w'}{i}{',' if i % 7 == 6 else '.' if i % 11 == 10 else ''}"
                    for i in range(300))  # capitals and punctuation, which a chunk must keep as they are
    for size, overlap in [(60, 15), (100, 30)]:
        ran, chunks = _call("05.1", your_function, text, size, overlap)
        if not ran:
            return False
        if not isinstance(chunks, list) or not all(isinstance(c, str) for c in chunks):
            return _failed("05.1", "Return a list of strings.")
        if not chunks:
            return _failed("05.1", "Your function returned no chunks: a text of 300 words needs several.")
        if any(c not in text for c in chunks):
            return _failed("05.1", "A chunk is not a piece of the text as written: keep every character (capitals, "
                                   "punctuation, single spaces between words) as it is.",
                           "Split on spaces and join the words back with \" \".join(...), changing nothing else.")
        if any(len(c) > size for c in chunks):
            return _failed("05.1", f"With size={size}, every chunk must have at most {size} characters.")
        if any(not set(c.split()) <= set(text.split()) for c in chunks):
            return _failed("05.1", "A chunk cuts a word in half: move each cut back to a space.",
                           "Work with text.split() and join words until the next one would not fit.")
        if any(not set(a.split()[-2:]) & set(b.split()) for a, b in zip(chunks, chunks[1:])):
            return _failed("05.1", f"Consecutive chunks should share about {overlap} characters; some share none.",
                           "Start each chunk a few words before the previous one ended.")
        word = max(len(w) for w in text.split()) + 1  # whole words: the overlap can be off by one word
        shared = [_shared_length(a, b) for a, b in zip(chunks, chunks[1:])]
        off = [n for n in shared if abs(n - overlap) > word]
        if off:
            return _failed("05.1", f"With overlap={overlap}, consecutive chunks share {off[0]} characters: about "
                                   f"{overlap} (to a whole word) was asked.",
                           "Measure the overlap in characters, like the size, and step back that far from the "
                           "previous chunk's end.")
        seen = [w for c in chunks for w in c.split()]
        if seen[0] != text.split()[0] or seen[-1] != text.split()[-1] or set(seen) != set(text.split()):
            return _failed("05.1", "Together, the chunks must cover the whole text, first word to last.")
    return _passed("05.1", "Fixed-size chunks with overlap, whole words, nothing lost.")


def _shared_length(a: str, b: str) -> int:
    """How many characters of a's end b starts with, in whole words."""
    words_a, words_b = a.split(), b.split()
    for n in range(min(len(words_a), len(words_b)), 0, -1):
        if words_a[-n:] == words_b[:n]:
            return len(" ".join(words_b[:n]))
    return 0


def check_better_retrieval(client, chunk_size, overlap, baseline=(800, 100)) -> bool:
    """Exercise 05.2: chunking settings whose hit rate@3 (or MRR, at an equal hit rate) beats the baseline."""
    import csv

    from .rag import DATA, build_index, chunk_documents, embed_texts, evaluate_retrieval, load_articles

    by_paragraph = chunk_size is None  # the lesson's paragraph chunking; the overlap does not apply
    if not by_paragraph and not (_is_whole_number(chunk_size) and _is_whole_number(overlap)
                                 and 0 <= overlap < chunk_size):
        return _failed("05.2", "chunk_size and overlap are whole numbers of characters, the overlap smaller "
                               "(or chunk_size None, for paragraphs).")
    with (DATA / "help_center_questions.csv").open(encoding="utf-8") as f:
        questions = [(r["question"], r["article_id"]) for r in csv.DictReader(f)]
    docs = load_articles()

    def measure(size, over):
        chunks = chunk_documents(docs, size, over)
        return evaluate_retrieval(client, build_index(embed_texts(client, [c.for_embedding for c in chunks])),
                                  chunks, questions)

    base, yours = measure(*baseline), measure(chunk_size, 0 if by_paragraph else overlap)
    summary = (f"hit@3 {yours['hit@3']:.3f} (baseline {base['hit@3']:.3f}), "
               f"MRR {yours['MRR']:.3f} (baseline {base['MRR']:.3f})")
    if (yours["hit@3"], yours["MRR"]) > (base["hit@3"], base["MRR"]):
        return _passed("05.2", "Better retrieval: " + summary)
    return _failed("05.2", "Not better yet: " + summary + ". Try the size and the overlap, one at a time, "
                           "then together.",
                   "The overlap matters as much as the size: it repeats the text around each cut in two chunks. "
                   "Try it in both directions, with more than one size.")


# --------------------------------------------------------------------------- lesson 06
def check_fixed_training_file(path, conversations: int, original=None) -> bool:
    """Exercise 06.1: a training file with no problems left that still holds all `conversations`, each one of
    the `original` file's (no copy of another, none made up)."""
    import json

    from .finetune_data import validate_training_file

    try:
        report = validate_training_file(path)
    except OSError as exc:
        return _failed("06.1", f"Cannot read {path}: {exc.strerror}. Write your file there first.")
    if report.problems:
        return _failed("06.1", f"{len(report.problems)} problem(s) left, first: {report.problems[0]}")
    firsts = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            turns = json.loads(line).get("messages", [])
            firsts.append(next((str(t.get("content")) for t in turns if t.get("role") == "user"), ""))
    if len(set(firsts)) < len(firsts):
        return _failed("06.1", "Two conversations start with the same question: a copy counts once. Repair each "
                               "left-out line once, rather than repeating lines that were already valid.")
    if original:
        wrong = _unfaithful_repair(Path(path).read_text(encoding="utf-8"), Path(original).read_text(encoding="utf-8"))
        if wrong:
            return _failed("06.1", wrong, "Repair each broken line with what it already says: its questions stay the "
                                          "user's, its tool calls stay calls; write only what is missing.")
    if report.conversations != conversations:
        return _failed("06.1", f"Valid, but it holds {report.conversations} conversations instead of "
                               f"{conversations}: repair lines rather than deleting them.",
                       "Print the broken file's lines that --fix left out and rewrite each as "
                       "{\"messages\": [...]} with user and assistant turns.")
    return _passed("06.1", f"Valid, and all {conversations} conversations are kept.")


_TURN = re.compile(r'"role"\s*:\s*"(\w+)"\s*,\s*"content"\s*:\s*"((?:[^"\\]|\\.)*)"')
_PROMPT = re.compile(r'"prompt"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _turns_written(line: str) -> list[tuple[str, str]]:
    """The (role, content) pairs a training line writes, read even from a line that is not valid JSON; a
    prompt/completion line's prompt is the user's."""
    import json

    def unescape(raw: str) -> str:
        try:
            return json.loads(f'"{raw}"')
        except ValueError:
            return raw

    return [(role, unescape(c)) for role, c in _TURN.findall(line)] + [("user", unescape(c)) for c in _PROMPT.findall(line)]


def _unfaithful_repair(fixed: str, original: str) -> str:
    """What a repaired file changed that a repair must keep: a user question that is not one of the broken
    file's, a question moved to another role, a tool call dropped from a conversation that had one. '' if none."""
    import json

    said = {}  # content -> the roles the broken file gives it
    calls = {}  # a conversation's first question -> whether the broken file's line calls a tool
    for line in original.splitlines():
        turns = _turns_written(line)
        for role, content in turns:
            said.setdefault(content, set()).add(role)
        first = next((c for r, c in turns if r == "user"), None)
        if first is not None:
            calls[first] = calls.get(first, False) or '"tool_calls"' in line
    for line in fixed.splitlines():
        if not line.strip():
            continue
        messages = json.loads(line).get("messages", [])
        for m in messages:
            content = m.get("content")
            if m.get("role") == "user" and isinstance(content, str) and "user" not in said.get(content, set()):
                if said.get(content):
                    return (f"{content[:60]!r} is the {'/'.join(sorted(said[content]))}'s turn in the broken file, "
                            "not the user's: keep each turn's role.")
                return (f"The question {content[:60]!r} is not in the broken file: repair its lines instead of "
                        "writing new ones.")
        first = next((m.get("content") for m in messages if m.get("role") == "user"), None)
        if calls.get(first) and not any(m.get("tool_calls") for m in messages):
            return f"The conversation that starts with {first[:60]!r} called a tool in the broken file: keep the call."
    return ""


def check_lora_parameters(your_count, r: int, modules=None) -> bool:
    """Exercise 06.2: the trainable parameters LoRA of rank r adds to the tiny model's projections
    named in `modules` (by default the seven the lesson adapts), in every layer."""
    from .finetune import TARGET_MODULES, tiny_config

    c = tiny_config()
    q, kv = c.num_attention_heads * c.head_dim, c.num_key_value_heads * c.head_dim
    shapes = {"q_proj": (c.hidden_size, q), "k_proj": (c.hidden_size, kv), "v_proj": (c.hidden_size, kv),
              "o_proj": (q, c.hidden_size), "gate_proj": (c.hidden_size, c.intermediate_size),
              "up_proj": (c.hidden_size, c.intermediate_size), "down_proj": (c.intermediate_size, c.hidden_size)}
    modules = list(modules or TARGET_MODULES)
    want = c.num_hidden_layers * sum(r * (i + o) for i, o in (shapes[m] for m in modules))
    if not _is_whole_number(your_count):
        return _failed("06.2", f"Expected a whole number of parameters, got {type(your_count).__name__}.")
    if your_count == want:
        return _passed("06.2", f"{want:,} trainable parameters for rank {r}.")
    hint = ("Did you count one layer only? The model has more." if your_count * c.num_hidden_layers == want else
            "Each adapted projection adds r x (in + out), in every layer of the model.")
    more = "The projections differ in size: k and v are narrower than q and o (fewer heads)"
    more += (", and gate, up and down involve the feed-forward width." if set(modules) & {"gate_proj", "up_proj",
                                                                                         "down_proj"} else ".")
    return _failed("06.2", f"You have {your_count:,}: {_direction(your_count, want)}. {hint}", more)


# --------------------------------------------------------------------------- lesson 07
def check_window_mask(your_function) -> bool:
    """Exercise 07.1: your_function(seq_len, window) -> boolean (seq_len, seq_len) mask, True where allowed."""
    import torch

    from .attention import sliding_window_mask

    for seq_len, window in [(5, 2), (8, 3), (6, 6), (7, 1), (1, 1), (12, 5), (4, 9), (16, 7)]:
        ran, result = _call("07.1", your_function, seq_len, window)
        if not ran:
            return False
        raw = torch.as_tensor(result)
        if raw.is_floating_point() and bool(torch.isinf(raw).any()):
            return _failed("07.1", "That is an additive mask (0 and -inf): return booleans instead, True where a "
                                   "query may see a key.")
        if raw.dtype != torch.bool:
            return _failed("07.1", f"The mask holds {raw.dtype} values: return booleans (torch.bool), True where a "
                                   "query may see a key, so that nobody mistakes it for weights.")
        got = raw
        want = sliding_window_mask(seq_len, window)
        if got.shape != want.shape:
            return _failed("07.1", f"For seq_len={seq_len} the mask should have shape {tuple(want.shape)}, "
                                   f"not {tuple(got.shape)}.")
        if not torch.equal(got, want):
            i, j = (got != want).nonzero()[0].tolist()
            verdict = "may" if want[i, j] else "may not"
            return _failed("07.1", f"With window={window}, query {i} {verdict} see key {j}. Remember: a query "
                                   "sees itself and the window-1 keys before it, never a later key.",
                           "Two conditions, for query i and key j: the key is not in the future, and it is not "
                           "too far back. Check your second one at its edge, where i - j equals the window.")
    return _passed("07.1", "Right for every size and window tried.")


def check_cache_size(your_bytes, layers, kv_heads, head_dim, tokens, bytes_per_value=2, batch=1) -> bool:
    """Exercise 07.2: the KV cache size of a configuration, in bytes."""
    from .attention import kv_cache_bytes

    want = kv_cache_bytes(layers, kv_heads, head_dim, tokens, bytes_per_value, batch)
    if not _is_whole_number(your_bytes):
        return _failed("07.2", f"Expected a whole number of bytes, got {type(your_bytes).__name__}.")
    if your_bytes == want:
        return _passed("07.2", f"{want:,} bytes = {want / 2**30:g} GiB.")
    if batch > 1 and your_bytes * batch == want:
        hint = f"Right for one sequence; the batch holds {batch} of them, each with its own cache."
    elif your_bytes * 2 * bytes_per_value == want:
        hint = (f"Two factors are missing: the cache keeps a key AND a value, and each number takes "
                f"{bytes_per_value} bytes in this precision.")
    elif your_bytes * 2 == want and bytes_per_value == 2:
        hint = ("One factor of 2 is missing: a key AND a value for every position, or the 2 bytes each bf16 "
                "number takes. Which one did you leave out?")
    elif your_bytes * 2 == want:
        hint = "One factor of 2 is missing: a key AND a value for every position."
    elif your_bytes * bytes_per_value == want:
        hint = f"The count of numbers is right; now the bytes: each takes {bytes_per_value} in this precision."
    else:
        hint = ("The cache holds a key and a value for every layer, KV head, position and head dimension, "
                "in every sequence of the batch.")
    return _failed("07.2", f"You have {your_bytes:,} bytes: {_direction(your_bytes, want)}. {hint}",
                   "List what the cache keeps for each position: which tensors, in how many layers and heads, "
                   "how wide, at how many bytes a number, for how many sequences.")


# --------------------------------------------------------------------------- lesson 08
def _size_direction(yours, want) -> str:
    return "too large" if yours > want else "too small"


def check_q4_memory(your_gb, tokens=8192) -> bool:
    """Exercise 08.1: GB (10^9 bytes) that Mistral 7B needs in Q4_0 with a 16-bit KV cache of `tokens` tokens."""
    from .attention import kv_cache_bytes
    from .moe import MISTRAL_7B, parameter_count
    from .quantize import bits_per_weight

    c = MISTRAL_7B
    weights = parameter_count(c) * bits_per_weight("Q4_0") / 8
    cache = kv_cache_bytes(c.n_layers, c.n_kv_heads, c.head_dim, tokens)
    want = (weights + cache) / 1e9
    if isinstance(your_gb, bool) or not isinstance(your_gb, (int, float)):
        return _failed("08.1", f"Expected a number of GB, got {type(your_gb).__name__}.")
    if abs(your_gb - want) <= 0.01 * want:
        return _passed("08.1", f"{your_gb:.2f} GB: the weights at 4.5 bits each, plus the cache.")
    near = lambda value: abs(your_gb - value / 1e9) <= 0.01 * value / 1e9
    if near(parameter_count(c) * 4 / 8 + cache):
        hint = "Q4_0 is not 4 bits a weight: each block of 32 also stores a 16-bit scale."
    elif near(weights):
        hint = "That is the weights alone: add the KV cache for the tokens asked."
    elif near(weights + kv_cache_bytes(c.n_layers, c.n_kv_heads, c.head_dim, min(tokens, 4096))) and tokens > 4096:
        hint = (f"You capped the cache at Mistral 7B v0.1's 4,096-token window, as lesson 07 showed; this exercise "
                f"asks for a cache that keeps all {tokens:,} tokens, as llama.cpp does by default.")
    elif near(weights + cache / 2) or near(weights + 2 * cache):
        hint = "Check the KV cache: keys and values, 2 bytes each, every layer and KV head."
    else:
        hint = "Weights: parameters x bits a weight / 8; then add the KV cache (lesson 07's kv_cache_bytes)."
    return _failed("08.1", f"You have {your_gb:.2f} GB: {_size_direction(your_gb, want)}. {hint}",
                   "Two parts, each in bytes: the weights (how many, at how many bits each) and the cache (lesson "
                   "07's function, with this model's numbers); then bytes to GB.")


def check_q8_0_block(your_function) -> bool:
    """Exercise 08.2: your_function(block of 32 float32) -> (scale, 32 integers), as llama.cpp's Q8_0 does."""
    import numpy as np

    from .quantize import dequantize, quantize_q8_0

    rng = np.random.default_rng(8)
    blocks = [rng.normal(0, 0.05, 32).astype(np.float32) for _ in range(20)] + [np.zeros(32, np.float32)]
    blocks[3][[5, 17]] = [0.5, -0.25]  # one outlier in the block
    blocks.append(np.array([127, 2.5, -3.5, 0.5, -0.5] + [1.25] * 27, np.float32))  # scale 1: exact halves
    for number, block in enumerate(blocks, 1):
        raw = np.frombuffer(quantize_q8_0(block), dtype=np.uint8)
        want_d = float(raw[:2].copy().view(np.float16)[0])
        want_q = raw[2:].copy().view(np.int8).astype(int)
        with np.errstate(all="ignore"):  # a NaN from 0 / 0 is reported below, not warned about
            ran, result = _call("08.2", your_function, block.copy())
            if not ran:
                return False
            try:
                d, q = result
                q = np.nan_to_num(np.asarray(q, dtype=float), nan=1e9).astype(int).reshape(-1)
            except (TypeError, ValueError):
                return _failed("08.2", "Your function should return two things: (scale, integers).")
        if q.shape != (32,):
            return _failed("08.2", f"Block {number}: expected 32 integers, got {q.size}.")
        if abs(float(np.float16(d)) - want_d) > 1e-3 * max(abs(want_d), 1e-8):
            hint = ("The scale should map the largest magnitude to 127." if np.abs(q).max() != 127 and want_d
                    else "For an all-zero block the scale is 0 (and so are the integers)." if not want_d
                    else "The scale is max|x| / 127.")
            return _failed("08.2", f"Block {number}: your scale is {_size_direction(float(d), want_d)}. {hint}")
        if not np.array_equal(q, want_q):
            off = int(np.abs(q - want_q).max())
            hint = ("An all-zero block: its scale is 0, and dividing by it gives no numbers; its integers are 0."
                    if not want_d else
                    "A difference of one: round halves away from zero (np.round rounds them to even), and divide "
                    "by the float32 scale before it is stored in 16 bits." if off == 1 else
                    "q should be x / scale, rounded, between -127 and 127.")
            return _failed("08.2", f"Block {number}: {int((q != want_q).sum())} of 32 integers differ. {hint}",
                           "C's roundf(y) is sign(y) * floor(|y| + 0.5).")
    error = np.abs(dequantize(quantize_q8_0(blocks[0]), "Q8_0", (32,)) - blocks[0]).max()
    return _passed("08.2", f"The same scale and integers as llama.cpp's Q8_0 for all {len(blocks)} blocks "
                           f"(largest error in the first block: {error:.1e}).")
