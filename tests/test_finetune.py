"""The tiny base model and a real LoRA fine-tune with peft: loss on assistant turns only, loss falls, merge is exact."""

import torch

from mistral_course.finetune import (DATA, encode_conversation, evaluate, finetune, generate, load_base,
                                     read_jsonl)


def test_labels_cover_only_the_assistant_answer():
    row = {"messages": [{"role": "user", "content": "Is the museum open on Monday?"},
                        {"role": "assistant", "content": "No, it is closed on Mondays."}]}
    ids, labels = encode_conversation(row)
    answer = [t for t, l in zip(ids, labels) if l != -100]
    assert labels[0] == -100 and answer[-1] == 2  # the answer ends with </s>
    from mistral_course.finetune import tokenizers
    assert tokenizers()[0].decode(answer).strip() == "No, it is closed on Mondays."


def test_base_model_is_small_and_loads():
    model = load_base()
    size = sum(p.stat().st_size for p in (DATA / "models" / "tiny-mistral-base").iterdir())
    assert size < 10_000_000 and model.config.model_type == "mistral"
    assert model.config.num_key_value_heads < model.config.num_attention_heads  # grouped-query attention


def test_finetuning_lowers_the_held_out_loss_and_merging_is_exact():
    torch.set_num_threads(2)
    train = read_jsonl(DATA / "finetune" / "train.jsonl")[:48]
    held_out = read_jsonl(DATA / "finetune" / "eval.jsonl")[:12]
    result = finetune(train, held_out, steps=20, learning_rate=2e-3, eval_every=10)
    losses = [h["valid_loss"] for h in result.history]
    assert losses[-1] < losses[0] - 0.5
    assert result.trainable < 0.02 * result.total
    encoded = [encode_conversation(r) for r in held_out]
    before = evaluate(result.model, encoded)["loss"]
    merged = result.model.merge_and_unload()
    assert abs(evaluate(merged, encoded)["loss"] - before) < 1e-4
    assert isinstance(generate(merged, [{"role": "user", "content": "How much is Premium?"}], 8), str)
