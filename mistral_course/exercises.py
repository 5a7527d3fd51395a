"""Checks for the lessons' exercises. Each prints what is right, or what is wrong and a hint."""

from __future__ import annotations

from .reply_text import text_of


def _report(ok: bool, good: str, bad: str) -> None:
    print(("✅ " + good) if ok else ("❌ " + bad))


# --------------------------------------------------------------------------- lesson 00
def check_prompt_tokens(your_count, messages, model="mistral-small-latest", client=None) -> None:
    """Exercise 00.1: count a conversation's prompt tokens yourself, as the API will."""
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    from .offline import resources

    request = ChatCompletionRequest.from_openai(messages=messages, model=model)
    expected = len(resources.tokenizer().encode_chat_completion(request).tokens)
    if not isinstance(your_count, int):
        return _report(False, "", f"Expected a whole number of tokens, got {type(your_count).__name__}.")
    if your_count == expected and client is not None:
        usage = client.chat.complete(model=model, messages=messages).usage.prompt_tokens
        return _report(usage == expected, f"{expected} tokens, and the API's usage.prompt_tokens agrees.",
                       f"You counted {expected} but the API reports {usage}: is it a different tokenizer?")
    return _report(your_count == expected, f"{expected} tokens: exactly what the API counts.",
                   f"You counted {your_count}; the API counts {expected}. Did you count the whole chat "
                   "template (with [INST] and <s>), not just the text?")


def check_truncated(response, max_tokens=5) -> None:
    """Exercise 00.2: get an answer cut off after exactly `max_tokens` tokens."""
    choice = response.choices[0]
    if choice.finish_reason != "length":
        return _report(False, "", f"finish_reason is '{choice.finish_reason}', not 'length': the answer was "
                                  "not cut. Which argument of chat.complete limits the answer's length?")
    return _report(response.usage.completion_tokens == max_tokens,
                   f"Cut after {max_tokens} tokens, and finish_reason says so.",
                   f"The answer was cut, but after {response.usage.completion_tokens} tokens, not {max_tokens}.")


# --------------------------------------------------------------------------- lesson 01
CATEGORIES = ["card arrival", "change pin", "exchange rate", "country support", "cancel transfer",
              "charge dispute", "customer service"]


def _inquiries():
    import csv

    from .paths import DATA

    path = DATA / "bank_inquiries.csv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check_classification_prompt(template: str, client, model="mistral-small-latest", target=0.7) -> None:
    """Exercise 01.1: a prompt template with {inquiry} that classifies every second inquiry of our set."""
    if "{inquiry}" not in template:
        return _report(False, "", "Your template needs the placeholder {inquiry} where the customer's text goes.")
    rows = _inquiries()[1::2]
    answers = [text_of(client.chat.complete(model=model, messages=[{"role": "user", "content": template.format(inquiry=r["inquiry"])}])).strip()
               for r in rows]
    stray = [a for a in answers if a not in CATEGORIES]
    if stray:
        return _report(False, "", f"{len(stray)} answers were not exactly a category, for example {stray[0][:60]!r}. "
                                  "Ask for the category only, and list the categories exactly.")
    accuracy = sum(a == r["category"] for a, r in zip(answers, rows)) / len(rows)
    return _report(accuracy >= target, f"{accuracy:.0%} of {len(rows)} inquiries classified correctly.",
                   f"{accuracy:.0%} correct; aim for {target:.0%}. Try a one-line description per category, "
                   "or an example of each.")


def check_reply_email(email: str, customer: str, signature: str, facts: str) -> None:
    """Exercise 01.2: a reply that greets the customer, quotes only the facts, and is signed as asked."""
    import re

    problems = []
    if customer not in email.splitlines()[0]:
        problems.append(f"the first line should greet {customer}")
    if not email.rstrip().endswith(signature):
        problems.append(f"it should end with the signature {signature!r}")
    allowed = set(re.findall(r"\d+(?:\.\d+)?", facts))
    invented = [n for n in re.findall(r"\d+\.\d+", email) if n not in allowed]
    if invented:
        problems.append(f"these figures are not in the facts: {', '.join(invented)}")
    return _report(not problems, "Greets the customer, quotes only the facts, signed as asked.",
                   "Not yet: " + "; ".join(problems) + ".")


# --------------------------------------------------------------------------- lesson 02
def check_transfer_schema(schema: dict, client, model="mistral-small-latest") -> None:
    """Exercise 02.1: a JSON Schema for a transfer request (amount, currency, recipient, urgent)."""
    import json

    import jsonschema

    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        return _report(False, "", f"That is not a valid JSON Schema: {exc.message}")
    props, required = schema.get("properties", {}), set(schema.get("required", []))
    wanted = {"amount": ("number", "integer"), "currency": ("string",), "recipient": ("string",), "urgent": ("boolean",)}
    problems = [f"'{k}' is not yet required with type {' or '.join(t)}" for k, t in wanted.items()
                if k not in required or props.get(k, {}).get("type") not in t]
    if "enum" not in props.get("currency", {}):
        problems.append("'currency' is not yet an enum of currency codes")
    if problems:
        return _report(False, "", "Not yet: " + "; ".join(problems) + ".")
    text = "Please send 250 EUR to Marta Silva today, it is urgent."
    fmt = {"type": "json_schema", "json_schema": {"name": "transfer", "schema": schema, "strict": True}}
    reply = client.chat.complete(model=model, messages=[{"role": "user", "content": text}], response_format=fmt)
    try:
        value = json.loads(text_of(reply))
        jsonschema.validate(value, schema)
    except (ValueError, jsonschema.ValidationError) as exc:
        why = exc.message if isinstance(exc, jsonschema.ValidationError) else "it is not JSON"
        return _report(False, "", f"The schema is valid, but the model's answer to \"{text}\" does not fit it ({why}). "
                                  "Can every value that text gives be written the way your schema allows?")
    return _report(True, f"A valid schema, and the model's answer fits it: {value}", "")


def check_field_accuracy(your_accuracy: dict, predictions: list[dict], gold: list[dict]) -> None:
    """Exercise 02.2: the share of notes where each field was extracted exactly right."""
    fields = sorted({k for g in gold for k in g})
    expected = {f: sum(p.get(f) == g.get(f) for p, g in zip(predictions, gold)) / len(gold) for f in fields}
    wrong = [f for f in fields if abs(float(your_accuracy.get(f, -1)) - expected[f]) > 1e-9]
    return _report(not wrong, "Every field's accuracy is right.",
                   f"Check {', '.join(wrong)}: count the notes where the prediction equals the gold value, "
                   "then divide by the number of notes.")


# --------------------------------------------------------------------------- lesson 03
def check_top_k_routing(your_function) -> None:
    """Exercise 03.1: your_function(logits, k) -> (chosen experts (tokens, k), weights (tokens, k))."""
    import torch

    from .moe import MoeLayer

    torch.manual_seed(7)
    layer = MoeLayer(8, 8, num_experts=6, top_k=2)
    x = torch.randn(20, 8)
    logits, want_chosen, want_weights = layer.route(x)
    for k in (2, 3):
        chosen, weights = your_function(logits.detach(), k)
        ref = torch.topk(logits.detach(), k, dim=-1)
        if tuple(chosen.shape) != (20, k):
            return _report(False, "", f"For k={k}, chosen should have shape (20, {k}), not {tuple(chosen.shape)}.")
        if not torch.equal(torch.sort(chosen, dim=-1).values, torch.sort(ref.indices, dim=-1).values):
            return _report(False, "", f"For k={k} you picked other experts than the {k} highest logits.")
        if not torch.allclose(weights.sum(dim=-1), torch.ones(20), atol=1e-5):
            return _report(False, "", "Each token's weights should add up to 1: a softmax over its k chosen logits.")
        expected = torch.softmax(ref.values, dim=-1)
        order = torch.argsort(chosen, dim=-1)
        if not torch.allclose(torch.gather(weights, 1, order),
                              torch.gather(expected, 1, torch.argsort(ref.indices, dim=-1)), atol=1e-5):
            return _report(False, "", "The weights should be a softmax over the chosen logits only, "
                                      "not over all experts.")
    return _report(True, "Top-k routing is right for k=2 and k=3.", "")


def check_active_parameters(your_count, config) -> None:
    """Exercise 03.2: the parameters one token uses in a MoE model of your choice."""
    from .moe import parameter_count

    want = parameter_count(config, active=True)
    if your_count == want:
        return _report(True, f"{want:,} active parameters out of {parameter_count(config):,}.", "")
    total = parameter_count(config)
    hint = (" That is the total: count only top_k experts per layer." if your_count == total else
            " Per layer a token uses the attention, the norms, the router and top_k experts' feed-forwards; "
            "the embeddings and the output layer count once.")
    return _report(False, "", f"You have {your_count:,}: {_direction(your_count, want)}.{hint}")


def _direction(yours, want) -> str:
    """Which way a wrong number is off, without giving the right one."""
    return "too many" if yours > want else "too few"


# --------------------------------------------------------------------------- lesson 04
def check_third_tool(tools: list[dict], functions: dict, client, model="mistral-small-latest") -> None:
    """Exercise 04.1: a retrieve_payment_amount tool that works end to end, next to the two others."""
    from .tools import run_tools

    named = {t.get("function", {}).get("name"): t for t in tools}
    spec = named.get("retrieve_payment_amount", {}).get("function")
    if spec is None:
        return _report(False, "", "Add a tool whose function is named 'retrieve_payment_amount' to `tools`.")
    params = spec.get("parameters", {})
    if not spec.get("description") or "transaction_id" not in params.get("properties", {}) \
            or "transaction_id" not in params.get("required", []):
        return _report(False, "", "The tool needs a description and a required string parameter 'transaction_id'.")
    if "retrieve_payment_amount" not in functions:
        return _report(False, "", "Add your Python function to `functions` under 'retrieve_payment_amount'.")
    answer, messages = run_tools(client, [{"role": "user", "content": "How much was payment T1005?"}],
                                 tools, functions, model=model)
    used = [c["function"]["name"] for m in messages for c in m.get("tool_calls", [])]
    ok = "retrieve_payment_amount" in used and "210.2" in answer
    return _report(ok, f"The model called your tool and answered: {answer}",
                   f"Not yet. Tools called: {used or 'none'}; answer: {answer!r}. The answer should give 210.2.")


def check_safe_call(your_call_tool) -> None:
    """Exercise 04.2: your_call_tool(name, arguments_json) must never raise, and report every bad call."""
    cases = [("retrieve_payment_status", '{"transaction_id": "T1001"}', False),
             ("delete_all_payments", "{}", True),
             ("retrieve_payment_status", "{transaction_id: T1001}", True),
             ("retrieve_payment_status", '{"transaction_id": 1001}', True),
             ("retrieve_payment_status", "{}", True),
             ("retrieve_payment_status", '{"transaction_id": "__import__(\'os\')"}', None)]  # just a string
    for name, arguments, should_fail in cases:
        try:
            result = your_call_tool(name, arguments)
        except Exception as exc:
            return _report(False, "", f"{name}({arguments}) raised {type(exc).__name__}: return {{'error': ...}} instead.")
        if not isinstance(result, dict) or (should_fail is not None and ("error" in result) != should_fail):
            expected = "an error result" if should_fail else "a normal result"
            return _report(False, "", f"{name}({arguments}) should give {expected}, got {result!r}.")
    return _report(True, "Every bad call became an error result, and good calls ran.", "")


# --------------------------------------------------------------------------- lesson 05
def check_overlap_chunker(your_function) -> None:
    """Exercise 05.1: your_function(text, size, overlap) -> chunks of at most `size` characters,
    whole words only, each overlapping the previous one, covering the whole text in order."""
    text = " ".join(f"w{i}" for i in range(300))
    for size, overlap in [(60, 15), (100, 30)]:
        chunks = your_function(text, size, overlap)
        if not chunks or any(len(c) > size for c in chunks):
            return _report(False, "", f"With size={size}, every chunk must have at most {size} characters.")
        if any(not set(c.split()) <= set(text.split()) for c in chunks):
            return _report(False, "", "A chunk cuts a word in half: move each cut back to a space.")
        if any(not set(a.split()[-2:]) & set(b.split()) for a, b in zip(chunks, chunks[1:])):
            return _report(False, "", f"Consecutive chunks should share about {overlap} characters; some share none.")
        seen = [w for c in chunks for w in c.split()]
        if seen[0] != "w0" or seen[-1] != "w299" or set(seen) != set(text.split()):
            return _report(False, "", "Together, the chunks must cover the whole text, first word to last.")
    return _report(True, "Fixed-size chunks with overlap, whole words, nothing lost.", "")


def check_better_retrieval(client, chunk_size, overlap, baseline=(800, 100)) -> None:
    """Exercise 05.2: chunking settings whose hit rate@3 (or MRR, at an equal hit rate) beats the baseline."""
    import csv

    from .rag import DATA, build_index, chunk_documents, embed_texts, evaluate_retrieval, load_articles

    with (DATA / "help_center_questions.csv").open(encoding="utf-8") as f:
        questions = [(r["question"], r["article_id"]) for r in csv.DictReader(f)]
    docs = load_articles()

    def measure(size, over):
        chunks = chunk_documents(docs, size, over)
        return evaluate_retrieval(client, build_index(embed_texts(client, [c.for_embedding for c in chunks])),
                                  chunks, questions)

    base, yours = measure(*baseline), measure(chunk_size, overlap)
    better = (yours["hit@3"], yours["MRR"]) > (base["hit@3"], base["MRR"])
    summary = (f"hit@3 {yours['hit@3']:.3f} (baseline {base['hit@3']:.3f}), "
               f"MRR {yours['MRR']:.3f} (baseline {base['MRR']:.3f})")
    return _report(better, "Better retrieval: " + summary, "Not better yet: " + summary)


# --------------------------------------------------------------------------- lesson 06
def check_fixed_training_file(path, conversations: int) -> None:
    """Exercise 06.1: a training file with no problems left that still holds all `conversations`."""
    from .finetune_data import validate_training_file

    report = validate_training_file(path)
    if report.problems:
        return _report(False, "", f"{len(report.problems)} problem(s) left, first: {report.problems[0]}")
    return _report(report.conversations == conversations,
                   f"Valid, and all {conversations} conversations are kept.",
                   f"Valid, but it holds {report.conversations} conversations instead of {conversations}: "
                   "repair lines rather than deleting them.")


def check_lora_parameters(your_count: int, r: int) -> None:
    """Exercise 06.2: the trainable parameters LoRA of rank r adds to the tiny model's seven projections."""
    from .finetune import TARGET_MODULES, tiny_config

    c = tiny_config()
    q, kv = c.num_attention_heads * c.head_dim, c.num_key_value_heads * c.head_dim
    shapes = {"q_proj": (c.hidden_size, q), "k_proj": (c.hidden_size, kv), "v_proj": (c.hidden_size, kv),
              "o_proj": (q, c.hidden_size), "gate_proj": (c.hidden_size, c.intermediate_size),
              "up_proj": (c.hidden_size, c.intermediate_size), "down_proj": (c.intermediate_size, c.hidden_size)}
    want = c.num_hidden_layers * sum(r * (i + o) for i, o in (shapes[m] for m in TARGET_MODULES))
    return _report(your_count == want, f"{want:,} trainable parameters for rank {r}.",
                   f"You have {your_count:,}: {_direction(your_count, want)}. Each adapted projection adds "
                   "r x (in + out), in every layer of the model.")


# --------------------------------------------------------------------------- lesson 07
def check_window_mask(your_function) -> None:
    """Exercise 07.1: your_function(seq_len, window) -> boolean (seq_len, seq_len) mask, True where allowed."""
    import torch

    from .attention import sliding_window_mask

    for seq_len, window in [(5, 2), (8, 3), (6, 6), (7, 1)]:
        got = torch.as_tensor(your_function(seq_len, window)).bool()
        want = sliding_window_mask(seq_len, window)
        if got.shape != want.shape:
            return _report(False, "", f"For seq_len={seq_len} the mask should have shape {tuple(want.shape)}, "
                                      f"not {tuple(got.shape)}.")
        if not torch.equal(got, want):
            i, j = (got != want).nonzero()[0].tolist()
            verdict = "may" if want[i, j] else "may not"
            return _report(False, "", f"With window={window}, query {i} {verdict} see key {j}. Remember: a query "
                                      "sees itself and the window-1 keys before it, never a later key.")
    return _report(True, "Right for every size and window tried.", "")


def check_cache_size(your_bytes, layers, kv_heads, head_dim, tokens, bytes_per_value=2, batch=1) -> None:
    """Exercise 07.2: the KV cache size of a configuration, in bytes."""
    from .attention import kv_cache_bytes

    want = kv_cache_bytes(layers, kv_heads, head_dim, tokens, bytes_per_value, batch)
    if your_bytes == want:
        return _report(True, f"{want:,} bytes = {want / 2**30:g} GiB.", "")
    hint = (" Did you count both keys and values (the 2)?" if your_bytes * 2 == want else
            " The cache holds a key and a value for every layer, KV head, position and head dimension.")
    return _report(False, "", f"You have {your_bytes:,} bytes: {_direction(your_bytes, want)}.{hint}")


# --------------------------------------------------------------------------- lesson 08
def _size_direction(yours, want) -> str:
    return "too large" if yours > want else "too small"


def check_q4_memory(your_gb, tokens=8192) -> None:
    """Exercise 08.1: GB (10^9 bytes) that Mistral 7B needs in Q4_0 with a 16-bit KV cache of `tokens` tokens."""
    from .attention import kv_cache_bytes
    from .moe import MISTRAL_7B, parameter_count
    from .quantize import bits_per_weight

    c = MISTRAL_7B
    weights = parameter_count(c) * bits_per_weight("Q4_0") / 8
    cache = kv_cache_bytes(c.n_layers, c.n_kv_heads, c.head_dim, tokens)
    want = (weights + cache) / 1e9
    if not isinstance(your_gb, (int, float)):
        return _report(False, "", f"Expected a number of GB, got {type(your_gb).__name__}.")
    if abs(your_gb - want) <= 0.01 * want:
        return _report(True, f"{your_gb:.2f} GB: the weights at 4.5 bits each, plus the cache.", "")
    near = lambda value: abs(your_gb - value / 1e9) <= 0.01 * value / 1e9
    if near(parameter_count(c) * 4 / 8 + cache):
        hint = " Q4_0 is not 4 bits a weight: each block of 32 also stores a 16-bit scale."
    elif near(weights):
        hint = " That is the weights alone: add the KV cache for the tokens asked."
    elif near(weights + cache / 2) or near(weights + 2 * cache):
        hint = " Check the KV cache: keys and values, 2 bytes each, every layer and KV head."
    else:
        hint = " Weights: parameters x bits a weight / 8; then add the KV cache (lesson 07's kv_cache_bytes)."
    return _report(False, "", f"You have {your_gb:.2f} GB: {_size_direction(your_gb, want)}.{hint}")


def check_q8_0_block(your_function) -> None:
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
        try:
            with np.errstate(all="ignore"):  # a NaN from 0 / 0 is reported below, not warned about
                d, q = your_function(block.copy())
                q = np.nan_to_num(np.asarray(q, dtype=float), nan=1e9).astype(int).reshape(-1)
        except Exception as exc:  # the learner's code: report what went wrong, as the check's answer
            return _report(False, "", f"Your function raised {type(exc).__name__}: {exc}. It should return "
                                      "(scale, integers).")
        if q.shape != (32,):
            return _report(False, "", f"Block {number}: expected 32 integers, got {q.size}.")
        if abs(float(np.float16(d)) - want_d) > 1e-3 * max(abs(want_d), 1e-8):
            hint = (" The scale should map the largest magnitude to 127." if np.abs(q).max() != 127 and want_d
                    else " For an all-zero block the scale is 0 (and so are the integers)." if not want_d
                    else " The scale is max|x| / 127.")
            return _report(False, "", f"Block {number}: your scale is {_size_direction(float(d), want_d)}.{hint}")
        if not np.array_equal(q, want_q):
            off = int(np.abs(q - want_q).max())
            hint = (" An all-zero block: its scale is 0, and dividing by it gives no numbers; its integers are 0."
                    if not want_d else
                    " A difference of one: round halves away from zero (np.round rounds them to even), and divide "
                    "by the float32 scale before it is stored in 16 bits." if off == 1 else
                    " q should be x / scale, rounded, between -127 and 127.")
            return _report(False, "", f"Block {number}: {int((q != want_q).sum())} of 32 integers differ.{hint}")
    error = np.abs(dequantize(quantize_q8_0(blocks[0]), "Q8_0", (32,)) - blocks[0]).max()
    return _report(True, f"The same scale and integers as llama.cpp's Q8_0 for all {len(blocks)} blocks "
                         f"(largest error in the first block: {error:.1e}).", "")
