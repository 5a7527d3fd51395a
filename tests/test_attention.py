"""Toy Mistral attention: masks, RoPE layout, equality with 🤗 transformers, rolling cache, memory formula."""

import pytest
import torch
from transformers import MistralConfig, MistralModel

from mistral_course.attention import (Attention, AttentionArgs, RollingCache, kv_cache_bytes, reachable,
                                      sliding_window_mask, to_hf_qk_weight)


def test_sliding_window_mask_sees_w_keys_including_itself():
    mask = sliding_window_mask(6, 3)
    assert mask.sum(dim=1).tolist() == [1, 2, 3, 3, 3, 3]
    assert mask[5].tolist() == [False, False, False, True, True, True]
    assert torch.equal(sliding_window_mask(6, None), torch.ones(6, 6, dtype=torch.bool).tril())


def test_receptive_field_grows_by_w_minus_one_per_layer():
    mask = sliding_window_mask(40, 4)
    for layers in (1, 2, 3):
        earliest = int(reachable(mask, layers)[39].nonzero().min())
        assert earliest == 39 - layers * (4 - 1)


def hf_pair(window, seed=0):
    torch.manual_seed(seed)
    config = MistralConfig(hidden_size=64, num_attention_heads=4, num_key_value_heads=2, head_dim=16,
                           num_hidden_layers=1, intermediate_size=96, vocab_size=50, sliding_window=window,
                           max_position_embeddings=64)
    config._attn_implementation = "eager"
    model = MistralModel(config).eval()
    ours = Attention(AttentionArgs(64, 4, 2, 16, window=window))
    hf = model.layers[0].self_attn
    with torch.no_grad():
        hf.q_proj.weight.copy_(to_hf_qk_weight(ours.wq.weight, 4, 16))
        hf.k_proj.weight.copy_(to_hf_qk_weight(ours.wk.weight, 2, 16))
        hf.v_proj.weight.copy_(ours.wv.weight)
        hf.o_proj.weight.copy_(ours.wo.weight)
    seen = {}
    hf.register_forward_hook(lambda m, a, kw, out: seen.update(x=kw["hidden_states"], out=out[0]), with_kwargs=True)
    with torch.no_grad():
        model(torch.randint(0, 50, (2, 14)))
    return ours, seen


@pytest.mark.parametrize("window", [3, 6, None])
def test_equal_to_transformers_attention(window):
    ours, seen = hf_pair(window)
    with torch.no_grad():
        assert (ours(seen["x"]) - seen["out"]).abs().max() <= 1e-5


def test_the_other_window_convention_does_not_match():
    ours, seen = hf_pair(4)
    wider = Attention(AttentionArgs(64, 4, 2, 16, window=5))
    wider.load_state_dict(ours.state_dict())
    with torch.no_grad():
        assert (wider(seen["x"]) - seen["out"]).abs().max() > 1e-3


def test_without_the_rope_permutation_it_does_not_match():
    ours, seen = hf_pair(4)
    scrambled = Attention(ours.args)
    scrambled.load_state_dict(ours.state_dict())
    with torch.no_grad():
        scrambled.wq.weight.copy_(to_hf_qk_weight(ours.wq.weight, 4, 16))
        scrambled.wk.weight.copy_(to_hf_qk_weight(ours.wk.weight, 2, 16))
        assert (scrambled(seen["x"]) - seen["out"]).abs().max() > 1e-3


def test_rolling_cache_generation_equals_full_recompute():
    torch.manual_seed(1)
    attention = Attention(AttentionArgs(32, 4, 1, 8, window=4))
    x = torch.randn(2, 11, 32)
    cache = RollingCache(4, n_kv_heads=1, head_dim=8, batch=2)
    with torch.no_grad():
        full = attention(x)
        stepped = torch.cat([attention.step(x[:, t:t + 1], t, cache) for t in range(11)], dim=1)
    assert (full - stepped).abs().max() <= 1e-5
    assert sorted(cache.positions.tolist()) == [7, 8, 9, 10] and cache.positions[10 % 4] == 10


def test_memory_formula():
    assert kv_cache_bytes(32, 8, 128, 1) == 128 * 1024  # Mistral 7B, bf16: 128 KiB per token
    assert kv_cache_bytes(32, 8, 128, 4096) == 512 * 2**20
    assert kv_cache_bytes(32, 8, 128, 8192) == 2**30
    assert kv_cache_bytes(32, 8, 128, 32768) == 4 * 2**30
    assert kv_cache_bytes(32, 32, 128, 4096) == 4 * kv_cache_bytes(32, 8, 128, 4096)
    caches = [RollingCache(16, n_kv_heads=2, head_dim=8, batch=3) for _ in range(4)]  # 4 layers, float32
    assert sum(c.nbytes for c in caches) == kv_cache_bytes(4, 2, 8, 16, bytes_per_value=4, batch=3)


def test_a_window_that_holds_not_even_the_token_itself_is_refused():
    import pytest

    for window in (0, -2):
        with pytest.raises(ValueError, match="at least 1"):
            sliding_window_mask(4, window)
