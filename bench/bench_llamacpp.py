"""The tiny Mistral in llama.cpp by precision on this machine: file size, perplexity on lesson 06's evaluation
set, largest logit difference from transformers, and generation speed (best of 5 runs of 128 tokens, 2 threads).
Prints figures, asserts nothing (tests/test_llamacpp.py checks the tolerances)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import torch

from mistral_course import gguf_export, llamacpp
from mistral_course.finetune import encode_conversation, evaluate, load_base, read_jsonl
from mistral_course.finetune_data import tokenizers
from mistral_course.paths import DATA

TEXT = "How do I change the PIN of my card? You can change your PIN at any cash machine."


def main() -> None:
    torch.set_num_threads(2)
    model = load_base()
    ids = tokenizers()[0].instruct_tokenizer.tokenizer.encode(TEXT, bos=True, eos=False)
    with torch.no_grad():
        reference = model(torch.tensor([ids])).logits[0].numpy()
    encoded = [encode_conversation(row) for row in read_jsonl(DATA / "finetune" / "eval.jsonl")]
    print(f"transformers f32: perplexity {np.exp(evaluate(model, encoded)['loss']):.2f}")
    with tempfile.TemporaryDirectory() as folder:
        f32 = gguf_export.convert_course_model(Path(folder) / "f32.gguf")
        files = {"f32": f32, "f16": gguf_export.convert_course_model(Path(folder) / "f16.gguf", f16=True),
                 "Q8_0": llamacpp.quantize(f32, Path(folder) / "q8_0.gguf", "Q8_0"),
                 "Q4_0": llamacpp.quantize(f32, Path(folder) / "q4_0.gguf", "Q4_0")}
        print(f"{'precision':10s} {'MB':>6s} {'perplexity':>11s} {'max |dlogit|':>13s} {'tokens/s':>9s}")
        for name, path in files.items():
            llm = llamacpp.load(path)
            difference = np.abs(llamacpp.logits(llm, ids) - reference).max()
            speed = max(llamacpp.tokens_per_second(llm, ids, new_tokens=128) for _ in range(5))
            print(f"{name:10s} {path.stat().st_size / 1e6:6.2f} {llamacpp.perplexity(llm, encoded):11.2f} "
                  f"{difference:13.1e} {speed:9.0f}")
        difference = np.abs(llamacpp.logits(llamacpp.load(f32, cache_f32=True), ids) - reference).max()
        print(f"f32 with an f32 KV cache: max |dlogit| {difference:.1e}")


if __name__ == "__main__":
    main()
