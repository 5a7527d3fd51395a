"""Our GGUF converter and llama.cpp: the file holds what llama.cpp needs, llama.cpp's logits equal
transformers' within the stated tolerances, and llama.cpp's quantizer writes the bytes quantize.py computes."""

import numpy as np
import pytest
import torch
from gguf import GGUFReader

from mistral_course import gguf_export, llamacpp
from mistral_course.finetune import load_base
from mistral_course.finetune_data import tokenizers
from mistral_course.quantize import quantize_q4_0, quantize_q8_0

TEXT = "How do I change the PIN of my card? You can change your PIN at any cash machine."
# largest |llama.cpp - transformers| over all logits (of about 10 at most), by weights and KV cache precision;
# measured: 4e-6 (f32, f32 cache), 4e-3 (f32, llama.cpp's default f16 cache), 7e-3 (f16 weights)
TOLERANCE = {("f32", True): 1e-4, ("f32", False): 1e-2, ("f16", False): 2e-2}


@pytest.fixture(scope="module")
def model():
    return load_base()


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gguf")
    f32 = gguf_export.convert_course_model(folder / "f32.gguf")
    return {"f32": f32, "f16": gguf_export.convert_course_model(folder / "f16.gguf", f16=True),
            "Q8_0": llamacpp.quantize(f32, folder / "q8_0.gguf", "Q8_0"),
            "Q4_0": llamacpp.quantize(f32, folder / "q4_0.gguf", "Q4_0")}


def ids():
    return tokenizers()[0].instruct_tokenizer.tokenizer.encode(TEXT, bos=True, eos=False)


def test_the_file_holds_the_architecture_the_tensors_and_the_tokenizer(files, model):
    reader = GGUFReader(files["f32"])
    meta = {name: field.contents() for name, field in reader.fields.items()}
    assert meta["general.architecture"] == "llama"
    assert (meta["llama.embedding_length"], meta["llama.block_count"], meta["llama.attention.head_count_kv"]) == (
        model.config.hidden_size, model.config.num_hidden_layers, model.config.num_key_value_heads)
    assert len(meta["tokenizer.ggml.tokens"]) == model.config.vocab_size == 32768
    assert meta["tokenizer.ggml.tokens"][3:5] == ["[INST]", "[/INST]"]
    names = {t.name for t in reader.tensors}
    assert "blk.1.ffn_down.weight" in names and "token_embd.weight" in names and "output.weight" not in names
    assert len(names) == 2 + 9 * model.config.num_hidden_layers


def test_llama_cpp_tokenizes_like_mistral_common(files):
    llm = llamacpp.load(files["f32"])
    assert llm.tokenize(TEXT.encode(), add_bos=True) == ids()
    assert llm.tokenize(b"[INST] hi[/INST]", add_bos=False, special=True)[0] == 3  # a control token, whole


@pytest.mark.parametrize("precision, cache_f32", [("f32", True), ("f32", False), ("f16", False)])
def test_logits_match_transformers(files, model, precision, cache_f32):
    tokens = ids()
    with torch.no_grad():
        reference = model(torch.tensor([tokens])).logits[0].numpy()
    ours = llamacpp.logits(llamacpp.load(files[precision], cache_f32=cache_f32), tokens)
    assert ours.shape == reference.shape
    assert np.abs(ours - reference).max() < TOLERANCE[precision, cache_f32]
    assert (ours.argmax(-1) == reference.argmax(-1)).all()


def test_without_the_rotary_reordering_later_positions_differ(files, model, tmp_path, monkeypatch):
    """The q/k reordering is needed: skip it and only position 0 (no rotation) still matches."""
    monkeypatch.setattr(gguf_export, "rope_pairs", lambda weight, heads: weight)
    wrong = gguf_export.convert_course_model(tmp_path / "wrong.gguf")
    tokens = ids()
    with torch.no_grad():
        reference = model(torch.tensor([tokens])).logits[0].numpy()
    ours = llamacpp.logits(llamacpp.load(wrong, cache_f32=True), tokens)
    assert np.abs(ours[0] - reference[0]).max() < TOLERANCE["f32", True]
    assert np.abs(ours[1:] - reference[1:]).max() > 0.1


@pytest.mark.parametrize("kind, ours", [("Q8_0", quantize_q8_0), ("Q4_0", quantize_q4_0)])
def test_llama_cpp_quantizer_writes_our_bytes(files, kind, ours):
    original = {t.name: np.array(t.data) for t in GGUFReader(files["f32"]).tensors}
    matrices = [t for t in GGUFReader(files[kind]).tensors if original[t.name].ndim == 2]
    assert {t.tensor_type.name for t in matrices} == {kind}
    for tensor in matrices:
        assert np.array(tensor.data).tobytes() == ours(original[tensor.name]), tensor.name


def test_perplexity_orders_the_precisions(files, model):
    from mistral_course.finetune import encode_conversation, evaluate, read_jsonl
    from mistral_course.paths import DATA

    encoded = [encode_conversation(row) for row in read_jsonl(DATA / "finetune" / "eval.jsonl")[:8]]
    reference = float(np.exp(evaluate(model, encoded)["loss"]))
    ppl = {name: llamacpp.perplexity(llamacpp.load(path), encoded) for name, path in files.items()}
    assert abs(ppl["f32"] - reference) < 1e-3 * reference
    assert abs(ppl["Q8_0"] - reference) < 0.02 * reference
    assert ppl["Q4_0"] > ppl["Q8_0"]  # fewer bits: more surprised
    sizes = [files[name].stat().st_size for name in ("f32", "f16", "Q8_0", "Q4_0")]
    assert sizes == sorted(sizes, reverse=True)
