"""Every exercise check, tried once wrong and once right: it returns False with a hint that never holds the
expected answer, or True. The wrong attempts include those a reviewer found passing or crashing before."""

import json

import pytest
import torch
from mistral_common.protocol.instruct.request import ChatCompletionRequest

from mistral_course import exercises
from mistral_course.offline import resources

MESSAGES = [{"role": "user", "content": "Is there a fee for paying in yen?"}]


@pytest.fixture(autouse=True)
def first_try():
    """Each test starts as a learner's first try (the second hint comes only after a wrong try)."""
    exercises._wrong_tries.clear()


def passed(capsys, result):
    out = capsys.readouterr().out
    assert result is True and out.startswith("✅"), out
    return out


def failed(capsys, result, *answers):
    """The check said no, and its message holds none of the answers (as written, and with thousands separators)."""
    out = capsys.readouterr().out
    assert result is False and out.startswith("❌"), out
    for answer in answers:
        forms = {str(answer), f"{answer:,}"} if isinstance(answer, int) else {str(answer)}
        assert not any(f in out for f in forms), f"the hint gives the answer {answer!r} away: {out}"
    return out


# --------------------------------------------------------------------------- lesson 00
def test_prompt_tokens(client, capsys):
    right = len(resources.tokenizer_for("mistral-small-latest").encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=MESSAGES, model="mistral-small-latest")).tokens)
    assert "the API counts" not in failed(capsys, exercises.check_prompt_tokens(0, MESSAGES), right)
    out = failed(capsys, exercises.check_prompt_tokens(right - 4, MESSAGES), right)
    assert "too few" in out and "control tokens" in out
    out = failed(capsys, exercises.check_prompt_tokens(right + 4, MESSAGES), right)
    assert "too many" in out and "a second time" in out and "Did you count the whole chat template" not in out
    out = failed(capsys, exercises.check_prompt_tokens(right + 4, MESSAGES), right)
    assert "Another hint" in out and "model's name" in out  # the second wrong try says more,
    assert "tokenizer_for(" not in out and ".tokens" not in out  # but not the expression that answers it
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer
    v3 = len(MistralTokenizer.v3().encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=MESSAGES, model="mistral-small-latest")).tokens)
    if v3 != right:  # the lesson's own v3 tokenizer, reused: the hint names the version, not the template
        out = failed(capsys, exercises.check_prompt_tokens(v3, MESSAGES), right)
        assert "v3" in out and "uses another version" in out
    assert "whole number" in failed(capsys, exercises.check_prompt_tokens("12", MESSAGES), right)
    assert "whole number" in failed(capsys, exercises.check_prompt_tokens(True, MESSAGES), right)
    assert "agrees" in passed(capsys, exercises.check_prompt_tokens(right, MESSAGES, client=client))


def test_truncated(client, capsys):
    def ask(**options):
        return client.chat.complete(model="mistral-small-latest", messages=MESSAGES, **options)

    assert "not 'length'" in failed(capsys, exercises.check_truncated(ask()))
    assert "after 6 tokens" in failed(capsys, exercises.check_truncated(ask(max_tokens=6)))
    passed(capsys, exercises.check_truncated(ask(max_tokens=5)))
    short = client.chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": "Thanks, bye!"}],
                                 max_tokens=5)
    if short.choices[0].finish_reason != "length":  # an answer shorter than the limit: nothing to cut
        assert "ended by itself" in failed(capsys, exercises.check_truncated(short))


# --------------------------------------------------------------------------- lesson 01
def test_classification_prompt_check(client, capsys):
    check = exercises.check_classification_prompt
    assert "{inquiry}" in failed(capsys, check("no placeholder here", client))
    assert "declined every inquiry" in failed(capsys, check("What team? {inquiry}", client))
    assert "not exactly a category" in failed(capsys, check("Is this about billing, cards or something else? Answer billing, cards or other. {inquiry}", client))
    out = failed(capsys, check('Answer as JSON {"category": ...}. Inquiry: {inquiry}', client))
    assert "KeyError" in out and "{{" in out  # was a bare KeyError
    good = ("Classify the inquiry into one of these categories:\ncard arrival\nchange pin\nexchange rate\n"
            "country support\ncancel transfer\ncharge dispute\nIf none fits, answer:\ncustomer service\n\n"
            "Inquiry: {inquiry}")
    passed(capsys, check(good, client, target=0.5))


FACTS = "5-year ARM: interest rate 6.880%, APR 7.754%\n7-year ARM: interest rate 7.011%, APR 7.660%"


class Canned:
    """A client whose model always sends back one text: the check's verdicts on replies a model might give."""

    def __init__(self, text):
        from types import SimpleNamespace
        reply = SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content=text))])
        self.chat = SimpleNamespace(complete=lambda **_: reply)


def test_reply_email_check(client, capsys):
    def check(email):
        return exercises.check_reply_email("Reply to Ana's email from the facts.", Canned(email), "Ana", "Desk", FACTS,
                                           product="5-year ARM")

    assert "Write your prompt" in failed(capsys, exercises.check_reply_email("", client, "Ana", "Desk", FACTS,
                                                                             product="5-year ARM"), "6.880")
    assert "empty" in failed(capsys, check(""), "6.880")  # was an IndexError
    out = failed(capsys, check("Hello,\nThe 5-year ARM is at 3.9%.\nBye"), "6.880")
    assert "greet Ana" in out and "3.9" in out and "'Desk'" in out
    out = failed(capsys, check("Dear Ana,\nThank you for writing; we will be in touch.\nDesk"), "6.880")
    assert "does not quote the 5-year ARM's interest rate" in out  # a reply without the rate passed before
    out = failed(capsys, check("Dear Ana,\nThe 5-year ARM is at 6.880%, or 7% with a 99 EUR fee.\nDesk"))
    assert out.index("6.880") > out.index("The reply to your prompt")  # the figure is the model's, not the hint's
    assert "not in the facts: 7%, 99" in out  # invented whole numbers passed before
    passed(capsys, check("Dear Ana,\nOur 5-year ARM has an interest rate of 6.880% (APR 7.754%).\nBest regards,\nDesk"))
    french = "Chère Ana,\nNotre prêt ARM sur 5 ans a un taux de 6.880%, évidemment. Ce n'est pas compliqué.\nDesk"
    assert "written in English" in failed(capsys, check(french))  # 'reply rudely in French' passed before
    rude = "Dear Ana,\nObviously the 5-year ARM is 6.880%, it's on the website, stop wasting our time.\nDesk"
    assert "should be friendly" in failed(capsys, check(rude))
    # The check sends the prompt itself: a prompt that names no facts gets the model's own reply judged.
    email = "Hi,\nWhat's the rate on your 5-year ARM?\nThanks,\nAna"
    failed(capsys, exercises.check_reply_email(f"Reply to this email: {email}", client, "Ana", "Desk", FACTS,
                                               product="5-year ARM"), "6.880")
    worded = (f"Using nothing but the rate list below, answer the customer, greet her by name, and end with the "
              f"sign-off 'Desk'.\n\nRate list:\n{FACTS}\n\nCustomer's message:\n{email}")
    passed(capsys, exercises.check_reply_email(worded, client, "Ana", "Desk", FACTS, product="5-year ARM"))


# --------------------------------------------------------------------------- lesson 02
TRANSFER = {"type": "object", "required": ["amount", "currency", "recipient", "urgent"],
            "properties": {"amount": {"type": "number"}, "currency": {"type": "string", "enum": ["EUR", "CHF"]},
                           "recipient": {"type": "string"}, "urgent": {"type": "boolean"}}}


def test_transfer_schema_check(client, capsys):
    check = exercises.check_transfer_schema
    schema = {"type": "object", "properties": {"amount": {"type": "nonsense"}}}
    assert "not a valid JSON Schema" in failed(capsys, check(schema, client))
    assert "A JSON Schema is a dict" in failed(capsys, check('{"type": "object"}', client))
    schema = {"type": "object", "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}},
              "required": ["amount"]}
    assert "'currency' is not yet required" in failed(capsys, check(schema, client))
    no_euro = {**TRANSFER, "properties": {**TRANSFER["properties"], "currency": {"type": "string", "enum": ["GBP", "USD"]}}}
    out = failed(capsys, check(no_euro, client))  # the text's currency cannot be written in it: no invented value passes
    assert "failed" in out or "is not what" in out
    assert "'currency': 'EUR'" in passed(capsys, check(TRANSFER, client))
    only_euro = {**TRANSFER, "properties": {**TRANSFER["properties"], "currency": {"type": "string", "enum": ["EUR"]}}}
    assert "several currency codes" in failed(capsys, check(only_euro, client))  # an enum of one decides for the model
    untyped = {k: v for k, v in TRANSFER.items() if k != "type"}
    assert '"type": "object"' in failed(capsys, check(untyped, client))


def test_transfer_schema_check_reads_the_values(capsys):
    """A strict schema without the text's currency makes a real model pick another one: that is no success."""
    class Answers:
        def __init__(self, content):
            self.chat = self
            self.content = content

        def complete(self, **request):
            message = type("M", (), {"content": self.content})
            return type("R", (), {"choices": [type("C", (), {"message": message})]})

    gbp = {"amount": 250, "currency": "GBP", "recipient": "Marta Silva", "urgent": True}
    schema = {**TRANSFER, "properties": {**TRANSFER["properties"], "currency": {"type": "string", "enum": ["GBP", "CHF"]}}}
    out = failed(capsys, exercises.check_transfer_schema(schema, Answers(json.dumps(gbp))))
    assert "currency='GBP' is not what" in out
    out = failed(capsys, exercises.check_transfer_schema(TRANSFER, Answers("Sure! Here it is.")))
    assert "failed" in out  # was a traceback
    passed(capsys, exercises.check_transfer_schema(TRANSFER, Answers(json.dumps({**gbp, "currency": "EUR"}))))


def test_field_accuracy_check(capsys):
    predictions = [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    gold = [{"a": 1, "b": "y"}, {"a": 2, "b": "y"}]
    check = exercises.check_field_accuracy
    assert "Pass a function" in failed(capsys, check({"a": 1.0, "b": 0.5}, predictions, gold))
    out = failed(capsys, check(lambda p, g: {"a": 1.0, "b": 1.0}, predictions, gold), 0.5)
    assert "check b" in out
    perfect = [{"a": 1, "b": "y"}, {"a": 2, "b": "y"}]  # every field right: a hard-coded 1.0 fits these notes...
    out = failed(capsys, check(lambda p, g: {"a": 1.0, "b": 1.0}, perfect, gold))
    assert "other records" in out  # ...but not the check's own records
    assert "raised ZeroDivisionError" in failed(capsys, check(lambda p, g: 1 / 0, predictions, gold))

    def right(preds, golds):
        return {f: sum(p[f] == g[f] for p, g in zip(preds, golds)) / len(golds) for f in golds[0]}

    passed(capsys, check(right, predictions, gold))


# --------------------------------------------------------------------------- lesson 03
def test_top_k_routing_check(capsys):
    def right(logits, k):
        values, chosen = torch.topk(logits, k, dim=-1)
        return chosen, torch.softmax(values, dim=-1)

    def softmax_over_all(logits, k):
        chosen = torch.topk(logits, k, dim=-1).indices
        return chosen, torch.gather(torch.softmax(logits, dim=-1), 1, chosen)

    assert "add up to 1" in failed(capsys, exercises.check_top_k_routing(softmax_over_all))
    assert "highest logits" in failed(capsys, exercises.check_top_k_routing(
        lambda logits, k: (torch.arange(k).repeat(20, 1), torch.full((20, k), 1 / k))))
    passed(capsys, exercises.check_top_k_routing(right))


def test_active_parameters_check(capsys):
    from mistral_course.moe import MIXTRAL_8X7B as c

    want = 12_879_925_248
    check = exercises.check_active_parameters
    assert "That is the total" in failed(capsys, check(46_702_792_704, c), want)
    assert "router is missing" in failed(capsys, check(want - c.n_layers * c.dim * c.num_experts, c), want)
    assert "RMSNorm" in failed(capsys, check(want - c.n_layers * 2 * c.dim - c.dim, c), want)
    assert "two separate" in failed(capsys, check(want - c.vocab_size * c.dim, c), want)
    lesson_breakdown = want - c.n_layers * (2 * c.dim + c.dim * c.num_experts) - c.dim  # the lesson's cell 4 way
    assert "norms and the router" in failed(capsys, check(lesson_breakdown, c), want)
    out = failed(capsys, check(want - c.vocab_size * c.dim, c), want)
    assert "Another hint" in out and "router" in out
    assert "x num_experts" not in out.split("Another hint")[1]  # the second hint names the parts, not their sizes
    assert "too few" in failed(capsys, check(0, c), want)
    passed(capsys, check(want, c))


# --------------------------------------------------------------------------- lesson 04
def amount(transaction_id):
    import csv

    from mistral_course.paths import DATA
    with (DATA / "transactions.csv").open(encoding="utf-8") as f:
        return {"amount": next(float(r["payment_amount"]) for r in csv.DictReader(f)
                               if r["transaction_id"] == transaction_id)}


def amount_tool(description="Get the payment amount of a transaction."):
    return {"type": "function", "function": {"name": "retrieve_payment_amount", "description": description,
            "parameters": {"type": "object", "properties": {"transaction_id": {"type": "string"}},
                           "required": ["transaction_id"]}}}


def test_third_tool_check(client, capsys):
    check = exercises.check_third_tool
    assert "Add a tool" in failed(capsys, check([], {}, client), "210.2")
    assert "description" in failed(capsys, check([amount_tool("Get data")], {"retrieve_payment_amount": amount},
                                                 client), "210.2")  # a vague description passed before
    out = failed(capsys, check([amount_tool()], {"retrieve_payment_amount": lambda transaction_id: "210.2"}, client))
    assert "returned a str" in out  # a bare string passed before
    out = failed(capsys, check([amount_tool()], {"retrieve_payment_amount": lambda transaction_id: {"amount": 1}},
                               client), "210.2")
    assert "does not hold" in out
    out = failed(capsys, check([amount_tool()], {"retrieve_payment_amount": lambda transaction_id: {"amount": 210.2}},
                               client), "210.2")
    assert "only know T1005" in out  # a function hard-coded to T1005's amount passed before
    passed(capsys, check([amount_tool()], {"retrieve_payment_amount": amount}, client))
    worded = amount_tool("Look up how much money was charged for one transaction, by its id.")
    passed(capsys, check([worded], {"retrieve_payment_amount": amount}, client))  # 'amount' is not the only word


def test_safe_call_check(capsys):
    from mistral_course.tools import call_tool

    def unsafe(name, arguments, tools, functions):
        return functions[name](**json.loads(arguments))

    def with_eval(name, arguments, tools, functions):  # catches everything, but runs the text as Python
        try:
            return functions[name](**eval(arguments))
        except Exception as exc:
            return {"error": str(exc)}

    def no_validation(name, arguments, tools, functions):  # JSON and a try, but no schema
        try:
            return functions[name](**json.loads(arguments))
        except Exception as exc:
            return {"error": str(exc)}

    def refuses_everything(name, arguments, tools, functions):
        return {"error": "no"}

    def no_try_around_the_function(name, arguments, tools, functions):  # validates, but the tool's own error escapes
        import jsonschema
        schemas = {t["function"]["name"]: t["function"]["parameters"] for t in tools}
        if name not in functions or name not in schemas:
            return {"error": "unknown"}
        try:
            values = json.loads(arguments)
            jsonschema.validate(values, schemas[name])
        except (ValueError, jsonschema.ValidationError) as exc:
            return {"error": str(exc)}
        return functions[name](**values)

    def trusts_functions_only(name, arguments, tools, functions):  # the schema of a tool it has, else no check
        import jsonschema
        schemas = {t["function"]["name"]: t["function"]["parameters"] for t in tools}
        if name not in functions:
            return {"error": "unknown"}
        try:
            values = json.loads(arguments)
            jsonschema.validate(values, schemas.get(name, {"type": "object"}))
            return functions[name](**values)
        except Exception as exc:
            return {"error": str(exc)}

    check = exercises.check_safe_call
    out = failed(capsys, check(no_try_around_the_function))
    assert "raised LookupError" in out and "its own try" in out  # passed before
    assert "raised KeyError" in failed(capsys, check(unsafe))
    assert "(eval)" in failed(capsys, check(with_eval))
    out = failed(capsys, check(no_validation))
    assert "a number where the schema wants a string" in out and "still called" in out
    assert "good call" in failed(capsys, check(refuses_everything))
    assert "did not offer in `tools`" in failed(capsys, check(trusts_functions_only))
    passed(capsys, check(call_tool))


# --------------------------------------------------------------------------- lesson 05
def test_overlap_chunker_check(capsys):
    from mistral_course.rag import chunk_text

    check = exercises.check_overlap_chunker
    assert "cuts a word" in failed(capsys, check(lambda t, s, o: [t[i:i + s] for i in range(0, len(t), s)]))

    def no_overlap(text, size, overlap):
        return chunk_text(text, size, 0)

    assert "share none" in failed(capsys, check(no_overlap))

    def one_word_overlap(text, size, overlap):  # always one word, whatever was asked: passed before
        words, chunks, current = text.split(), [], []
        for w in words:
            if current and len(" ".join(current + [w])) > size:
                chunks.append(" ".join(current))
                current = current[-1:]
            current.append(w)
        return chunks + [" ".join(current)]

    assert "share 3 characters" in failed(capsys, check(one_word_overlap))
    assert "raised" in failed(capsys, check(lambda t, s, o: None + 1))
    assert "no chunks" in failed(capsys, check(lambda t, s, o: []))
    lowered = failed(capsys, check(lambda t, s, o: [c.lower() for c in chunk_text(t, s, o)]))
    assert "as written" in lowered  # passed before: the check's text had no capitals
    passed(capsys, check(chunk_text))


def test_better_retrieval_check(client, capsys):
    assert "Not better yet" in failed(capsys, exercises.check_better_retrieval(client, 800, 100))
    assert "whole numbers" in failed(capsys, exercises.check_better_retrieval(client, 300, 300))
    passed(capsys, exercises.check_better_retrieval(client, 300, 50))
    paragraphs = exercises.check_better_retrieval(client, None, 0)  # the lesson's own setting is an answer, not
    assert "whole numbers" not in capsys.readouterr().out and paragraphs in (True, False)  # a type error


# --------------------------------------------------------------------------- lesson 06
def test_fixed_training_file_check(tmp_path, capsys):
    good = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
    path = tmp_path / "f.jsonl"
    assert "Cannot read" in failed(capsys, exercises.check_fixed_training_file(path, 2))
    other = {"messages": [{"role": "user", "content": "Bye"}, {"role": "assistant", "content": "Goodbye"}]}
    made_up = {"messages": [{"role": "user", "content": "Invented?"}, {"role": "assistant", "content": "Yes"}]}
    original = tmp_path / "broken.jsonl"
    original.write_text(json.dumps(good) + "\n" + '{"messages": [{"role": "user", "content": "Bye"}\n')
    path.write_text(json.dumps(good) + "\n" + json.dumps(other) + "\n")
    assert "instead of 3" in failed(capsys, exercises.check_fixed_training_file(path, 3))
    path.write_text('{"messages": [}\n')
    assert "problem(s) left" in failed(capsys, exercises.check_fixed_training_file(path, 1))
    path.write_text(json.dumps(good) + "\n" + json.dumps(good) + "\n")  # a valid line twice passed before
    assert "a copy counts once" in failed(capsys, exercises.check_fixed_training_file(path, 2))
    path.write_text(json.dumps(good) + "\n" + json.dumps(made_up) + "\n")  # a made-up conversation passed before
    assert "not in the broken file" in failed(capsys, exercises.check_fixed_training_file(path, 2, original))
    path.write_text(json.dumps(good) + "\n" + json.dumps(other) + "\n")
    passed(capsys, exercises.check_fixed_training_file(path, 2, original))
    # a question moved to the assistant, or a tool call dropped in the repair, passed before
    asked = {"messages": [{"role": "user", "content": "Is order 7 paid?"}, {"role": "assistant", "content": "Yes."}]}
    called = '{"messages": [{"role": "user", "content": "Is order 7 paid?"}, {"role": "assistant", "tool_calls": [{"ty'
    original.write_text(json.dumps(good) + "\n" + called + "\n")
    path.write_text(json.dumps(good) + "\n" + json.dumps(asked) + "\n")
    assert "keep the call" in failed(capsys, exercises.check_fixed_training_file(path, 2, original))
    swapped = {"messages": [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "Hi"}]}
    path.write_text(json.dumps(good) + "\n" + json.dumps(swapped) + "\n")
    assert "keep each turn's role" in failed(capsys, exercises.check_fixed_training_file(path, 2, original))


def test_lora_parameters_check(capsys):
    from mistral_course.finetune import DATA, finetune, read_jsonl

    rows = read_jsonl(DATA / "finetune" / "train.jsonl")[:4]
    trainable = finetune(rows, rows, steps=1, r=4, alpha=8).trainable
    assert "too few" in failed(capsys, exercises.check_lora_parameters(4 * 64 * 7, r=4), trainable)
    assert "one layer only" in failed(capsys, exercises.check_lora_parameters(trainable // 2, r=4), trainable)
    assert "too many" in failed(capsys, exercises.check_lora_parameters(trainable + 1, r=4), trainable)
    passed(capsys, exercises.check_lora_parameters(trainable, r=4))
    attention = ("q_proj", "k_proj", "v_proj", "o_proj")
    rows_of_attention = 2 * 4 * ((64 + 64) + (64 + 32) + (64 + 32) + (64 + 64))
    assert "too many" in failed(capsys, exercises.check_lora_parameters(trainable, r=4, modules=attention),
                                rows_of_attention)
    passed(capsys, exercises.check_lora_parameters(rows_of_attention, r=4, modules=attention))


# --------------------------------------------------------------------------- lesson 07
def test_window_mask_check(capsys):
    assert "may not see key" in failed(capsys, exercises.check_window_mask(lambda n, w: torch.ones(n, n).tril().bool()))

    def additive(n, w):  # 0 where allowed, -inf elsewhere: a common mask, but not the one asked
        allowed = torch.ones(n, n).tril().bool() & ~torch.ones(n, n).tril(-w).bool()
        return torch.zeros(n, n).masked_fill(~allowed, float("-inf"))

    assert "additive mask" in failed(capsys, exercises.check_window_mask(additive))
    passed(capsys, exercises.check_window_mask(
        lambda n, w: torch.ones(n, n).tril().bool() & ~torch.ones(n, n).tril(-w).bool()))


def test_cache_size_check(capsys):
    want = 4 * 2**30
    check = exercises.check_cache_size
    out = failed(capsys, check(32 * 8 * 128 * 32768, 32, 8, 128, 32768), want)
    assert "Two factors" in out and "bytes" in out  # the lesson's starting point misses both 2s, not just one
    assert "Which one" in failed(capsys, check(want // 2, 32, 8, 128, 32768), want)
    in_fp32 = 2 * want
    assert "now the bytes" in failed(capsys, check(in_fp32 // 4, 32, 8, 128, 32768, bytes_per_value=4), in_fp32)
    assert "4 GiB" in passed(capsys, check(want, 32, 8, 128, 32768))
    assert "Right for one sequence" in failed(capsys, check(want, 32, 8, 128, 32768, batch=4), 4 * want)
    passed(capsys, check(4 * want, 32, 8, 128, 32768, batch=4))


# --------------------------------------------------------------------------- lesson 08
def test_q4_memory_check(capsys):
    from mistral_course.attention import kv_cache_bytes
    from mistral_course.moe import MISTRAL_7B, parameter_count

    n, cache = parameter_count(MISTRAL_7B), kv_cache_bytes(32, 8, 128, 8192)
    right = (n * 4.5 / 8 + cache) / 1e9
    shown = f"{right:.2f}"
    assert "16-bit scale" in failed(capsys, exercises.check_q4_memory((n * 4 / 8 + cache) / 1e9), shown)
    assert "weights alone" in failed(capsys, exercises.check_q4_memory(n * 4.5 / 8 / 1e9), shown)
    windowed = (n * 4.5 / 8 + kv_cache_bytes(32, 8, 128, 4096)) / 1e9  # lesson 07's window applied
    assert "4,096-token window" in failed(capsys, exercises.check_q4_memory(windowed), shown)
    out = failed(capsys, exercises.check_q4_memory(windowed), shown)
    assert "Another hint" in out and "4.5" not in out and "kv_cache_bytes(" not in out  # no formula to copy
    assert "Another hint" in failed(capsys, exercises.check_q4_memory(3.0), shown)  # a second wrong try
    assert "Expected a number" in failed(capsys, exercises.check_q4_memory(None), shown)
    passed(capsys, exercises.check_q4_memory(right))


def test_q8_0_block_check(capsys):
    import numpy as np

    def numpy_round(block):  # the natural first try: np.round goes to even on halves, and 0 / 0 on zeros
        d = np.abs(block).max() / 127
        return d, np.round(block / d)

    assert "all-zero block" in failed(capsys, exercises.check_q8_0_block(numpy_round))
    out = failed(capsys, exercises.check_q8_0_block(lambda b: (np.abs(b).max() / 127 if b.any() else 0.0,
                                                              np.round(b / (np.abs(b).max() / 127 or 1)))))
    assert "halves away from zero" in out
    assert "raised" in failed(capsys, exercises.check_q8_0_block(lambda b: 1 / 0))
    assert "two things" in failed(capsys, exercises.check_q8_0_block(lambda b: 3))

    def like_c(block):
        d = np.float32(np.abs(block).max() / np.float32(127))
        y = block * (np.float32(1) / d if d else np.float32(0))
        return d, np.sign(y) * np.floor(np.abs(y) + np.float32(0.5))

    passed(capsys, exercises.check_q8_0_block(like_c))


def test_truncated_check_explains_what_to_pass_instead_of_raising(capsys):
    for wrong in ("Hello", None, {"choices": []}):
        assert "not the response chat.complete returns" in failed(capsys, exercises.check_truncated(wrong))


def test_field_accuracy_check_counts_nulls_as_values(capsys):
    def skips_nulls(preds, golds):
        fields = sorted({k for g in golds for k in g})
        out = {}
        for f in fields:
            pairs = [(p.get(f), g.get(f)) for p, g in zip(preds, golds) if g.get(f) is not None]
            out[f] = sum(a == b for a, b in pairs) / len(pairs) if pairs else 1.0
        return out

    assert "records with nulls" in failed(capsys, exercises.check_field_accuracy(skips_nulls, [{"a": 1}], [{"a": 1}]))


def test_window_mask_check_wants_booleans(capsys):
    from mistral_course.attention import sliding_window_mask

    assert "torch.bool" in failed(capsys, exercises.check_window_mask(lambda n, w: sliding_window_mask(n, w).int()))
    passed(capsys, exercises.check_window_mask(sliding_window_mask))
