"""A real fine-tune on the CPU: a tiny model with Mistral's architecture, Mistral's v3 tokenizer,
LoRA adapters trained on the course's instruct data with the loss on assistant turns only.

    python -m mistral_course.finetune build-base     # pretrains the tiny base model once (about 2 minutes)

The base model is a `MistralForCausalLM` (2 layers, width 64, grouped-query attention, tied
embeddings) pretrained briefly on the help-centre articles, so that it knows the bank's words.
Its weights (under 10 MB, float16) are committed in data/models/tiny-mistral-base/.
"""

from __future__ import annotations

import json
import math
import sys
import threading
import warnings
from dataclasses import dataclass, field

import torch

from .finetune_data import tokenizers, without_weights  # the same tokenizers the validator counts with
from .rag import DATA, load_articles

BASE_DIR = DATA / "models" / "tiny-mistral-base"
TARGET_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


# --------------------------------------------------------------------------- the tiny model
def tiny_config():
    from transformers import MistralConfig

    config = MistralConfig(vocab_size=32768, hidden_size=64, intermediate_size=160, num_hidden_layers=2,
                           num_attention_heads=4, num_key_value_heads=2, head_dim=16, max_position_embeddings=512,
                           sliding_window=None, tie_word_embeddings=True, bos_token_id=1, eos_token_id=2)
    config._attn_implementation = "eager"
    return config


# Loading a model is not thread-safe in transformers: two jobs loading the base at once (two offline APIs'
# workers in one process) once got an lm_head left at random initialisation. One job trains at a time.
_ONE_AT_A_TIME = threading.RLock()


def load_base():
    """The committed tiny base model, in float32, ready for evaluation."""
    from transformers import MistralForCausalLM
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no timing bars in notebook outputs
    with _ONE_AT_A_TIME:
        model = MistralForCausalLM.from_pretrained(BASE_DIR, dtype=torch.float32)
    model.config._attn_implementation = "eager"
    return model.eval()


def pretrain_base(steps: int = 400, seq_len: int = 128, batch: int = 8, lr: float = 3e-3, seed: int = 0):
    """Train a fresh tiny model on the help-centre text; returns the model and its losses."""
    from transformers import MistralForCausalLM

    torch.manual_seed(seed)
    serving, _ = tokenizers()
    raw = serving.instruct_tokenizer.tokenizer
    ids = []
    for doc in load_articles():
        ids += raw.encode(f"{doc.title}\n{doc.text}", bos=True, eos=True)
    data = torch.tensor(ids)
    model = MistralForCausalLM(tiny_config())
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.1)
    generator = torch.Generator().manual_seed(seed)
    losses = []
    for step in range(steps):
        for group in optimizer.param_groups:  # cosine decay
            group["lr"] = lr * 0.5 * (1 + math.cos(math.pi * step / steps))
        starts = torch.randint(0, len(data) - seq_len - 1, (batch,), generator=generator)
        x = torch.stack([data[s:s + seq_len] for s in starts])
        loss = model(x, labels=x).loss
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return model.eval(), losses


# --------------------------------------------------------------------------- data
def encode_conversation(row: dict) -> tuple[list[int], list[int]]:
    """Token ids of a whole conversation, and labels that are -100 (ignored) everywhere but the last
    assistant turn: the model learns to answer, not to write the user's questions."""
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    serving, training = tokenizers()
    messages = without_weights(row["messages"])
    tools = row.get("tools")
    full = training.encode_chat_completion(ChatCompletionRequest.from_openai(messages=messages, tools=tools)).tokens
    prompt = serving.encode_chat_completion(ChatCompletionRequest.from_openai(messages=messages[:-1],
                                                                               tools=tools)).tokens
    assert full[:len(prompt)] == prompt, "the prompt must be a prefix of the conversation"
    return full, [-100] * len(prompt) + full[len(prompt):]


def read_jsonl(source) -> list[dict]:
    """Rows of a JSONL file (a path, or the bytes of an uploaded file)."""
    text = source.decode("utf-8") if isinstance(source, bytes) else open(source, encoding="utf-8").read()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def collate(encoded: list[tuple[list[int], list[int]]]):
    width = max(len(ids) for ids, _ in encoded)
    ids = torch.full((len(encoded), width), 11, dtype=torch.long)  # pad id; masked out below
    labels = torch.full((len(encoded), width), -100, dtype=torch.long)
    attention = torch.zeros((len(encoded), width), dtype=torch.long)
    for i, (tokens, targets) in enumerate(encoded):
        ids[i, :len(tokens)] = torch.tensor(tokens)
        labels[i, :len(targets)] = torch.tensor(targets)
        attention[i, :len(tokens)] = 1
    return ids, labels, attention


@torch.no_grad()
def evaluate(model, encoded) -> dict:
    """Mean loss and token accuracy over the answer tokens of the given conversations (None for none)."""
    if not encoded:
        return {"loss": None, "token_accuracy": None}
    model.eval()
    total_loss, total_tokens, correct = 0.0, 0, 0
    for start in range(0, len(encoded), 16):
        ids, labels, attention = collate(encoded[start:start + 16])
        logits = model(ids, attention_mask=attention).logits[:, :-1]
        targets = labels[:, 1:]
        mask = targets != -100
        loss = torch.nn.functional.cross_entropy(logits[mask], targets[mask], reduction="sum")
        total_loss += loss.item()
        total_tokens += int(mask.sum())
        correct += int((logits.argmax(-1)[mask] == targets[mask]).sum())
    return {"loss": total_loss / total_tokens, "token_accuracy": correct / total_tokens}


# --------------------------------------------------------------------------- LoRA fine-tuning with peft
@dataclass
class FineTuneResult:
    model: object  # the peft model (base + adapters)
    history: list[dict] = field(default_factory=list)  # {"step", "train_loss", "valid_loss", "valid_token_accuracy"}
    trainable: int = 0
    total: int = 0
    trained_tokens: int = 0


def finetune(train_rows: list[dict], eval_rows: list[dict], steps: int = 150, learning_rate: float = 3e-3,
             r: int = 8, alpha: int = 16, batch_size: int = 8, eval_every: int = 25, seed: int = 0,
             base=None, seq_len: int | None = None, on_step=None) -> FineTuneResult:
    """LoRA fine-tuning of the tiny base model with peft; the loss counts assistant tokens only.

    seq_len: conversations longer than this many tokens are cut to it (memory grows with it).
    on_step: called with the step number after each step (a served job uses it to stop when cancelled)."""
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(seed)
    with warnings.catch_warnings():  # peft calls a transformers property that warns about its own rename
        warnings.simplefilter("ignore", FutureWarning)
        model = get_peft_model(base if base is not None else load_base(),
                               LoraConfig(r=r, lora_alpha=alpha, lora_dropout=0.0,
                                          target_modules=list(TARGET_MODULES)))
    train, valid = [encode_conversation(r) for r in train_rows], [encode_conversation(r) for r in eval_rows]
    if seq_len:
        train = [(ids[:seq_len], labels[:seq_len]) for ids, labels in train]
        valid = [(ids[:seq_len], labels[:seq_len]) for ids, labels in valid]
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=learning_rate)
    order = torch.Generator().manual_seed(seed)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    result = FineTuneResult(model, trainable=trainable, total=sum(p.numel() for p in model.parameters()))
    first = evaluate(model, valid)
    result.history.append({"step": 0, "train_loss": None, "valid_loss": first["loss"],
                           "valid_token_accuracy": first["token_accuracy"]})
    running = []
    for step in range(1, steps + 1):
        model.train()
        picks = torch.randint(0, len(train), (batch_size,), generator=order).tolist()
        ids, labels, attention = collate([train[i] for i in picks])
        loss = model(ids, attention_mask=attention, labels=labels).loss
        result.trained_tokens += int(attention.sum())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        running.append(loss.item())
        if on_step is not None:
            on_step(step)
        if step % eval_every == 0 or step == steps:
            scores = evaluate(model, valid)
            result.history.append({"step": step, "train_loss": sum(running) / len(running),
                                   "valid_loss": scores["loss"], "valid_token_accuracy": scores["token_accuracy"]})
            running = []
    model.eval()
    return result


@torch.no_grad()
def generate(model, messages: list[dict], max_new_tokens: int = 60) -> str:
    """Greedy generation of the assistant's answer to `messages` (no token three times in a row)."""
    from mistral_common.protocol.instruct.request import ChatCompletionRequest

    serving, _ = tokenizers()
    prompt = serving.encode_chat_completion(ChatCompletionRequest.from_openai(messages=messages)).tokens
    ids = torch.tensor([prompt])
    out = []
    for _ in range(max_new_tokens):
        logits = model(ids).logits[0, -1]
        if len(out) >= 2 and out[-1] == out[-2]:
            logits[out[-1]] = float("-inf")  # a tiny model loops on one token; never allow three in a row
        next_id = int(logits.argmax())
        if next_id == 2:  # </s>
            break
        out.append(next_id)
        ids = torch.cat([ids, torch.tensor([[next_id]])], dim=1)
    return serving.decode(out)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)  # None: no validation file, so no validation metric


def course_trainer(run, batch_size: int):
    """Runs an offline fine-tuning job for real (see mistral_course.offline.store): LoRA on the tiny base
    model with the job's training_steps and learning_rate; checkpoints carry the measured metrics, and the
    resulting `ft:` model answers chat requests with the merged tuned model."""
    from .offline.store import TrainingOutcome

    params = run.hyperparameters
    train = [row for data in run.training_data for row in read_jsonl(data)]
    valid = [row for data in run.validation_data for row in read_jsonl(data)]  # none: no validation metrics
    steps = params["training_steps"]  # the store resolves it (asked for, from epochs, or its default)
    with _ONE_AT_A_TIME:
        result = finetune(train, valid, steps=steps, learning_rate=params.get("learning_rate") or 1e-4,
                          batch_size=batch_size, eval_every=max(1, steps // 4), seq_len=params.get("seq_len"),
                          on_step=lambda step: run.check())
    checkpoints = [{"step_number": h["step"], "metrics": {
        "train_loss": _rounded(h["train_loss"]), "valid_loss": _rounded(h["valid_loss"]),
        "valid_mean_token_accuracy": _rounded(h["valid_token_accuracy"])}} for h in result.history if h["step"]]
    tuned = result.model.merge_and_unload().eval()
    return TrainingOutcome(checkpoints, result.trained_tokens,
                           model=lambda messages: generate(tuned, [m for m in messages if m["role"] != "system"]))


def main(argv: list[str]) -> None:
    if argv[:1] != ["build-base"]:
        raise SystemExit("usage: python -m mistral_course.finetune build-base")
    torch.set_num_threads(2)
    model, losses = pretrain_base()
    BASE_DIR.mkdir(parents=True, exist_ok=True)
    model.to(torch.float16).save_pretrained(BASE_DIR, safe_serialization=True)
    size = sum(p.stat().st_size for p in BASE_DIR.iterdir())
    print(f"pretrained {len(losses)} steps: loss {losses[0]:.2f} -> {sum(losses[-20:]) / 20:.2f}; "
          f"saved {size / 1e6:.1f} MB to {BASE_DIR}")


if __name__ == "__main__":
    main(sys.argv[1:])
