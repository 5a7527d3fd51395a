"""The tiny base model and a real LoRA fine-tune with peft: loss on assistant turns only, loss falls, merge is exact."""

from types import SimpleNamespace

import torch

from mistral_course.finetune import (DATA, course_trainer, encode_conversation, evaluate, finetune, generate,
                                     load_base, read_jsonl, tokenizers)


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
    question = [{"role": "user", "content": "How much is Premium?"}]
    answer = generate(result.model, question, 8)
    merged = result.model.merge_and_unload()
    assert abs(evaluate(merged, encoded)["loss"] - before) < 1e-4
    assert generate(merged, question, 8) == answer  # greedy decoding of the same weights
    assert 0 < len(tokenizers()[0].instruct_tokenizer.tokenizer.encode(answer, bos=False, eos=False)) <= 8 + 2


def test_generation_never_repeats_a_token_three_times():
    class Stuck(torch.nn.Module):  # a model that always prefers token 1000
        def forward(self, ids):
            logits = torch.zeros(1, ids.shape[1], 32768)
            logits[..., 1000], logits[..., 1001] = 2.0, 1.0
            return type("Output", (), {"logits": logits})

    answer = generate(Stuck(), [{"role": "user", "content": "Hi"}], max_new_tokens=6)
    raw = tokenizers()[0].instruct_tokenizer.tokenizer
    assert answer == raw.decode([1000, 1000, 1001, 1000, 1000, 1001])


def _job(train, valid):
    return SimpleNamespace(hyperparameters={"training_steps": 2, "learning_rate": 2e-3}, check=lambda: None,
                           training_data=[train], validation_data=[valid] if valid else [])


def test_a_job_without_validation_file_reports_no_validation_metrics():
    torch.set_num_threads(2)
    train = b"".join((DATA / "finetune" / "train.jsonl").read_bytes().splitlines(keepends=True)[:8])
    without = course_trainer(_job(train, None), batch_size=2).checkpoints
    assert [c["step_number"] for c in without] == [1, 2]
    assert all(c["metrics"]["valid_loss"] is None and c["metrics"]["valid_mean_token_accuracy"] is None
               and c["metrics"]["train_loss"] > 0 for c in without)
    valid = b"".join((DATA / "finetune" / "eval.jsonl").read_bytes().splitlines(keepends=True)[:4])
    with_file = course_trainer(_job(train, valid), batch_size=2).checkpoints
    assert all(c["metrics"]["valid_loss"] > 0 and 0 <= c["metrics"]["valid_mean_token_accuracy"] <= 1
               for c in with_file)
