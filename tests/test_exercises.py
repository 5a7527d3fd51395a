"""The exercise checks say yes to right answers and give a hint for wrong ones."""

from mistral_common.protocol.instruct.request import ChatCompletionRequest

from mistral_course.exercises import check_prompt_tokens, check_truncated
from mistral_course.offline import resources

MESSAGES = [{"role": "user", "content": "Is there a fee for paying in yen?"}]


def test_prompt_tokens(client, capsys):
    right = len(resources.tokenizer().encode_chat_completion(
        ChatCompletionRequest.from_openai(messages=MESSAGES, model="mistral-small-latest")).tokens)
    check_prompt_tokens(right, MESSAGES, client=client)
    assert capsys.readouterr().out.startswith("✅")
    check_prompt_tokens(right - 4, MESSAGES)
    assert "the API counts" in capsys.readouterr().out
    check_prompt_tokens("12", MESSAGES)
    assert "whole number" in capsys.readouterr().out


def test_truncated(client, capsys):
    check_truncated(client.chat.complete(model="mistral-small-latest", messages=MESSAGES, max_tokens=5))
    assert capsys.readouterr().out.startswith("✅")
    check_truncated(client.chat.complete(model="mistral-small-latest", messages=MESSAGES, max_tokens=6))
    assert "after 6 tokens" in capsys.readouterr().out
    check_truncated(client.chat.complete(model="mistral-small-latest", messages=MESSAGES))
    assert "not 'length'" in capsys.readouterr().out


def test_classification_prompt_check(client, capsys):
    from mistral_course.exercises import check_classification_prompt

    check_classification_prompt("no placeholder here", client)
    assert "{inquiry}" in capsys.readouterr().out
    check_classification_prompt("What team? {inquiry}", client)
    assert "not exactly a category" in capsys.readouterr().out
    good = ("Classify the inquiry into one of these categories:\ncard arrival\nchange pin\nexchange rate\n"
            "country support\ncancel transfer\ncharge dispute\nIf none fits, answer:\ncustomer service\n\n"
            "Inquiry: {inquiry}")
    check_classification_prompt(good, client, target=0.5)
    assert capsys.readouterr().out.startswith("✅")


def test_reply_email_check(capsys):
    from mistral_course.exercises import check_reply_email

    facts = "Basic plan: 4.5% a year"
    check_reply_email("Dear Ana,\nThe basic plan is 4.5%.\nDesk", "Ana", "Desk", facts)
    assert capsys.readouterr().out.startswith("✅")
    check_reply_email("Hello,\nThe basic plan is 3.9%.\nBye", "Ana", "Desk", facts)
    out = capsys.readouterr().out
    assert "greet Ana" in out and "3.9" in out and "'Desk'" in out


def test_transfer_schema_check(client, capsys):
    from mistral_course.exercises import check_transfer_schema

    check_transfer_schema({"type": "object", "properties": {"amount": {"type": "nonsense"}}}, client)
    assert "not a valid JSON Schema" in capsys.readouterr().out
    check_transfer_schema({"type": "object", "properties": {"amount": {"type": "number"}}, "required": ["amount"]},
                          client)
    assert "'currency' is not yet required" in capsys.readouterr().out
    no_euro = {"type": "object", "required": ["amount", "currency", "recipient", "urgent"],
               "properties": {"amount": {"type": "number"}, "currency": {"type": "string", "enum": ["CHF", "JPY"]},
                              "recipient": {"type": "string"}, "urgent": {"type": "boolean"}}}
    check_transfer_schema(no_euro, client)  # the text's currency cannot be written in it: no invented value passes
    out = capsys.readouterr().out
    assert out.startswith("❌") and "does not fit" in out
    good = {**no_euro, "properties": {**no_euro["properties"], "currency": {"type": "string", "enum": ["EUR", "CHF"]}}}
    check_transfer_schema(good, client)
    assert capsys.readouterr().out.startswith("✅")


def test_field_accuracy_check(capsys):
    from mistral_course.exercises import check_field_accuracy

    predictions = [{"a": 1, "b": "x"}, {"a": 2, "b": "y"}]
    gold = [{"a": 1, "b": "y"}, {"a": 2, "b": "y"}]
    check_field_accuracy({"a": 1.0, "b": 0.5}, predictions, gold)
    assert capsys.readouterr().out.startswith("✅")
    check_field_accuracy({"a": 1.0, "b": 1.0}, predictions, gold)
    assert "Check b" in capsys.readouterr().out


def test_window_mask_check(capsys):
    import torch

    from mistral_course.exercises import check_window_mask

    check_window_mask(lambda n, w: torch.ones(n, n).tril().bool() & ~torch.ones(n, n).tril(-w).bool())
    assert capsys.readouterr().out.startswith("✅")
    check_window_mask(lambda n, w: torch.ones(n, n).tril().bool())
    assert "may not see key" in capsys.readouterr().out


def test_cache_size_check(capsys):
    from mistral_course.exercises import check_cache_size

    check_cache_size(4 * 2**30, 32, 8, 128, 32768)
    assert "4 GiB" in capsys.readouterr().out
    check_cache_size(2 * 2**30, 32, 8, 128, 32768)
    assert "keys and values" in capsys.readouterr().out


def test_top_k_routing_check(capsys):
    import torch

    from mistral_course.exercises import check_top_k_routing

    def right(logits, k):
        values, chosen = torch.topk(logits, k, dim=-1)
        return chosen, torch.softmax(values, dim=-1)

    def softmax_over_all(logits, k):
        chosen = torch.topk(logits, k, dim=-1).indices
        weights = torch.gather(torch.softmax(logits, dim=-1), 1, chosen)
        return chosen, weights

    check_top_k_routing(right)
    assert capsys.readouterr().out.startswith("✅")
    check_top_k_routing(softmax_over_all)
    assert "add up to 1" in capsys.readouterr().out


def test_active_parameters_check(capsys):
    from mistral_course.exercises import check_active_parameters
    from mistral_course.moe import MIXTRAL_8X7B

    check_active_parameters(12_879_925_248, MIXTRAL_8X7B)
    assert capsys.readouterr().out.startswith("✅")
    check_active_parameters(46_702_792_704, MIXTRAL_8X7B)
    assert "That is the total" in capsys.readouterr().out


def test_lesson_04_checks(client, capsys):
    from mistral_course.exercises import check_safe_call, check_third_tool
    from mistral_course.tools import call_tool

    def amount(transaction_id):
        return {"amount": {"T1005": 210.2}.get(transaction_id)}

    tool = {"type": "function", "function": {"name": "retrieve_payment_amount", "description": "Get payment amount",
            "parameters": {"type": "object", "properties": {"transaction_id": {"type": "string"}},
                           "required": ["transaction_id"]}}}
    check_third_tool([tool], {"retrieve_payment_amount": amount}, client)
    assert capsys.readouterr().out.startswith("✅")
    check_third_tool([], {}, client)
    assert "Add a tool" in capsys.readouterr().out

    status = {"type": "function", "function": {"name": "retrieve_payment_status", "description": "status",
              "parameters": {"type": "object", "properties": {"transaction_id": {"type": "string"}},
                             "required": ["transaction_id"]}}}
    functions = {"retrieve_payment_status": lambda transaction_id: {"status": "Paid"}}
    check_safe_call(lambda name, args: call_tool(name, args, [status], functions))
    assert capsys.readouterr().out.startswith("✅")
    check_safe_call(lambda name, args: functions[name](**__import__("json").loads(args)))
    assert "raised" in capsys.readouterr().out


def test_lesson_05_checks(client, capsys):
    from mistral_course.exercises import check_better_retrieval, check_overlap_chunker
    from mistral_course.rag import chunk_text

    check_overlap_chunker(chunk_text)
    assert capsys.readouterr().out.startswith("✅")
    check_overlap_chunker(lambda text, size, overlap: [text[i:i + size] for i in range(0, len(text), size)])
    assert "cuts a word" in capsys.readouterr().out
    check_better_retrieval(client, 800, 100)
    assert "Not better yet" in capsys.readouterr().out
    check_better_retrieval(client, 300, 50)
    assert capsys.readouterr().out.startswith("✅")


def test_lesson_06_checks(tmp_path, capsys):
    import json

    from mistral_course.exercises import check_fixed_training_file, check_lora_parameters
    from mistral_course.finetune import finetune, read_jsonl, DATA

    good = {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}
    path = tmp_path / "f.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(good) + "\n")
    check_fixed_training_file(path, 2)
    assert capsys.readouterr().out.startswith("✅")
    check_fixed_training_file(path, 3)
    assert "instead of 3" in capsys.readouterr().out
    path.write_text('{"messages": [}\n')
    check_fixed_training_file(path, 1)
    assert "problem(s) left" in capsys.readouterr().out

    rows = read_jsonl(DATA / "finetune" / "train.jsonl")[:4]
    trainable = finetune(rows, rows, steps=1, r=4, alpha=8).trainable
    check_lora_parameters(trainable, r=4)
    assert capsys.readouterr().out.startswith("✅")
