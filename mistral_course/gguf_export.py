"""Our own converter from the course's tiny Mistral (a transformers `MistralForCausalLM`) to a GGUF file
that llama.cpp runs, written with the `gguf` package: metadata, tensors, and Mistral's v3 tokenizer inside.

    python -m mistral_course.gguf_export OUT.gguf [--f16]

llama.cpp runs Mistral 7B as its "llama" architecture (the same blocks; the sliding window is not used by
Mistral 7B v0.3 and later). Three things differ from transformers' checkpoint:
- tensor names: `model.layers.0.self_attn.q_proj.weight` is `blk.0.attn_q.weight`, and so on (TENSOR_NAMES);
- the query and key projections: transformers rotates the two halves of each head's vector, llama.cpp
  rotates neighbouring pairs, so the rows of q and k are reordered to match (`rope_pairs`);
- the tokenizer: its pieces, scores and kinds go into the file, so llama.cpp needs nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

TENSOR_NAMES = {  # transformers' name (per layer: with {i}) -> llama.cpp's
    "model.embed_tokens.weight": "token_embd.weight",
    "model.norm.weight": "output_norm.weight",
    "lm_head.weight": "output.weight",
    "model.layers.{i}.input_layernorm.weight": "blk.{i}.attn_norm.weight",
    "model.layers.{i}.self_attn.q_proj.weight": "blk.{i}.attn_q.weight",
    "model.layers.{i}.self_attn.k_proj.weight": "blk.{i}.attn_k.weight",
    "model.layers.{i}.self_attn.v_proj.weight": "blk.{i}.attn_v.weight",
    "model.layers.{i}.self_attn.o_proj.weight": "blk.{i}.attn_output.weight",
    "model.layers.{i}.post_attention_layernorm.weight": "blk.{i}.ffn_norm.weight",
    "model.layers.{i}.mlp.gate_proj.weight": "blk.{i}.ffn_gate.weight",
    "model.layers.{i}.mlp.up_proj.weight": "blk.{i}.ffn_up.weight",
    "model.layers.{i}.mlp.down_proj.weight": "blk.{i}.ffn_down.weight",
}

# Mistral's v3 chat format as a Jinja template, so llama.cpp's server formats chats the way Mistral does:
# <s>[INST] question[/INST] answer</s>[INST] next question[/INST]   (the server adds the <s> itself)
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'user' %}[INST] {{ message['content'] }}[/INST]"
    "{% elif message['role'] == 'assistant' %}{{ message['content'] }}{{ eos_token }}{% endif %}"
    "{% endfor %}")


def llama_cpp_name(name: str) -> str:
    parts = name.split(".")
    if name.startswith("model.layers."):
        pattern = ".".join(parts[:2] + ["{i}"] + parts[3:])
        return TENSOR_NAMES[pattern].format(i=parts[2])
    return TENSOR_NAMES[name]


def rope_pairs(weight: np.ndarray, heads: int) -> np.ndarray:
    """Reorder a q or k projection's rows from transformers' halves layout to llama.cpp's pairs layout:
    within each head, rows (0, d/2), (1, d/2+1), ... become neighbours."""
    rows, cols = weight.shape
    return weight.reshape(heads, 2, rows // heads // 2, cols).swapaxes(1, 2).reshape(rows, cols)


def tokenizer_vocabulary(sp_model) -> tuple[list[bytes], list[float], list[int]]:
    """Each piece of a SentencePiece model with its score and its GGUF token type."""
    from gguf import TokenType

    pieces, scores, types = [], [], []
    for i in range(sp_model.vocab_size()):
        pieces.append(sp_model.id_to_piece(i).encode("utf-8"))
        scores.append(sp_model.get_score(i))
        if sp_model.is_unknown(i):
            types.append(TokenType.UNKNOWN)
        elif sp_model.is_control(i):
            types.append(TokenType.CONTROL)
        elif sp_model.is_byte(i):
            types.append(TokenType.BYTE)
        elif sp_model.is_unused(i):
            types.append(TokenType.UNUSED)
        else:
            types.append(TokenType.NORMAL)
    return pieces, scores, types


def convert(model, sp_model, path: str | Path, f16: bool = False, name: str = "tiny-mistral") -> Path:
    """Write `model` (a MistralForCausalLM) and its tokenizer to a GGUF file; returns the path.
    f16: matrices in 16-bit floats (norms stay 32-bit, as llama.cpp wants); otherwise everything in f32."""
    import gguf

    config, path = model.config, Path(path)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_file_type(gguf.LlamaFileType.MOSTLY_F16 if f16 else gguf.LlamaFileType.ALL_F32)
    writer.add_vocab_size(config.vocab_size)
    writer.add_context_length(config.max_position_embeddings)
    writer.add_embedding_length(config.hidden_size)
    writer.add_block_count(config.num_hidden_layers)
    writer.add_feed_forward_length(config.intermediate_size)
    writer.add_head_count(config.num_attention_heads)
    writer.add_head_count_kv(config.num_key_value_heads)
    writer.add_key_length(config.head_dim)
    writer.add_value_length(config.head_dim)
    writer.add_rope_dimension_count(config.head_dim)
    writer.add_rope_freq_base(float(config.rope_parameters["rope_theta"]))
    writer.add_layer_norm_rms_eps(config.rms_norm_eps)
    # When llama.cpp serves the file for embeddings: one vector per text, the mean of its tokens' last hidden
    # states (without it, one vector per token). Generation does not use it.
    writer.add_pooling_type(gguf.PoolingType.MEAN)

    pieces, scores, types = tokenizer_vocabulary(sp_model)
    writer.add_tokenizer_model("llama")  # SentencePiece
    writer.add_token_list(pieces)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(sp_model.bos_id())
    writer.add_eos_token_id(sp_model.eos_id())
    writer.add_unk_token_id(sp_model.unk_id())
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    writer.add_chat_template(CHAT_TEMPLATE)

    for hf_name, tensor in model.state_dict().items():
        if hf_name == "lm_head.weight" and config.tie_word_embeddings:
            continue  # tied: llama.cpp uses token_embd for the output when output.weight is absent
        data = tensor.detach().float().numpy()
        if hf_name.endswith("q_proj.weight"):
            data = rope_pairs(data, config.num_attention_heads)
        elif hf_name.endswith("k_proj.weight"):
            data = rope_pairs(data, config.num_key_value_heads)
        if f16 and data.ndim == 2:
            data = data.astype(np.float16)
        writer.add_tensor(llama_cpp_name(hf_name), np.ascontiguousarray(data))

    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def convert_course_model(path: str | Path, f16: bool = False) -> Path:
    """The tiny base model of data/models/ with Mistral's v3 tokenizer, written to `path`."""
    from .finetune import load_base

    return convert(load_base(), v3_sentencepiece(), path, f16=f16)


def v3_sentencepiece():
    """Mistral's v3 tokenizer as the SentencePiece model mistral-common ships."""
    from sentencepiece import SentencePieceProcessor

    from .finetune_data import tokenizers

    serving, _ = tokenizers()
    return SentencePieceProcessor(model_file=str(serving.instruct_tokenizer.tokenizer.file_path))


def main(argv: list[str]) -> None:
    if not argv or argv[0].startswith("-"):
        raise SystemExit("usage: python -m mistral_course.gguf_export OUT.gguf [--f16]")
    out = convert_course_model(argv[0], f16="--f16" in argv)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(sys.argv[1:])
